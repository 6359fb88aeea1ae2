import ArgumentParser
import Foundation
import Operations

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "verify", abstract: "Recompute every balance from the moves and check the ledger's invariants.")
    @OptionGroup var global: GlobalOptions

    func run() throws {
        let (ops, _) = try global.open()
        let report = try CLI.run { try ops.verify() }
        if report.isClean {
            emit("OK: \(report.positionsChecked) positions agree with \(report.movesChecked) moves; no negative sellable; reserved equals live reservations and order allocations; kits hold no stock.\n")
        } else {
            for v in report.violations { emit("VIOLATION: \(v)\n") }
            FileHandle.standardError.write(Data("qm: verify found \(report.violations.count) violation(s).\n".utf8))
            throw ExitCode(2)
        }
    }
}
