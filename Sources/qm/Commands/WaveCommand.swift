import ArgumentParser
import Foundation
import Domain
import Store
import Operations
import Channels

struct WaveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "wave", abstract: "Pick waves: group allocated orders into a pick list, then take the picks back.",
                                                    subcommands: [Create.self, Confirm.self])

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Group allocated orders into a wave (they become picking) and print its pick list, by location and SKU.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Only orders allocated entirely at this location.") var location: String?
        @Option(parsing: .unconditional, help: "At most this many orders.", transform: WholeNumber.positive("--max-orders"))
        var maxOrders = 500
        @Option(help: "The carrier the wave is for (noted on the wave).") var carrier: String?
        @Option var format: OutputFormat = .csv

        func run() throws {
            let (ops, actor) = try global.open()
            let (wave, picks) = try CLI.run { try ops.createWave(location: location, maxOrders: maxOrders, carrier: carrier, by: actor) }
            // The picked column starts at the quantity: the floor changes only what it could not find.
            emit(Listing(columns: ["wave", "order", "line", "sku", "location", "quantity", "picked"],
                         rows: picks.map { [String($0.wave), String($0.order), String($0.line), $0.sku, $0.location,
                                            String($0.quantity), String($0.quantity)] },
                         numeric: ["wave", "order", "line", "quantity", "picked"]).render(format))
            CLI.note("wave \(wave): \(Set(picks.map(\.order)).count) orders picking, \(picks.count) pick lines")
        }
    }

    struct Confirm: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Take a wave's picks back (its pick list with picked filled in): picked orders are packed, short picks go to quarantine for a count.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The pick list CSV, picked filled in") var file: String
        @Option(help: "table or json") var format: DocumentFormat = .table

        func run() throws {
            let (ops, actor) = try global.open()
            let outcome = try CLI.run { try PickFile.confirmFile(path: file, into: ops, by: actor) }
            if format == .json { emit(JSON.encode(outcome)); return }
            emit("Confirmed \(file): \(outcome.packed) orders packed, \(outcome.backordered) backordered again; "
                 + "\(outcome.shortPicks) short picks (\(outcome.shortUnits) units to quarantine for a count).\n")
        }
    }
}
