import ArgumentParser
import Domain
import Operations

struct LocationCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "location", abstract: "Fulfilment network: locations and the regions they serve.",
                                                    subcommands: [List.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List locations with kind, whether they fulfil orders, and regions served (days, cost).")
        @OptionGroup var global: GlobalOptions
        @Option var format: OutputFormat = .table

        func run() throws {
            let (ops, _) = try global.open()
            let locations = try CLI.run { try ops.read { try $0.locations() } }
            emit(Listing(columns: ["code", "name", "kind", "fulfils", "regions"],
                         rows: locations.map { l in
                             [l.code, l.name, l.kind.rawValue, l.fulfils ? "yes" : "no",
                              l.regions.map { "\($0.region):\($0.transitDays)d:\(Money.format($0.shippingCost.minorUnits))" }.joined(separator: " ")]
                         }).render(format))
        }
    }
}
