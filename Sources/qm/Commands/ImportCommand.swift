import ArgumentParser
import Foundation
import Operations
import Channels

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import master data or stock from CSV (docs/FORMATS.md). Any bad row: nothing is imported.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "skus | locations | suppliers | stock") var kind: String
    @Argument(help: "CSV file") var file: String
    @Option var format: OutputFormat = .table

    func run() throws {
        guard let parsed = MasterDataKind(rawValue: kind.lowercased()) else {
            CLI.fail(OperationError("'\(kind)' is not something qm imports; use skus, locations, suppliers or stock."))
        }
        let (ops, actor) = try global.open()
        let summary = try CLI.run {
            try MasterDataFile.importFile(parsed, path: file, into: ops, by: actor) { done, total in
                CLI.progress("importing \(parsed.rawValue)", done, total)
            }
        }
        CLI.endProgress()
        if format == .json { emit(JSON.encode(summary)); return }
        emit("Imported \(parsed.rawValue) from \(file): \(summary.created) created, \(summary.updated) updated, "
             + "\(summary.unchanged) unchanged, \(summary.moves) stock moves.\n")
    }
}
