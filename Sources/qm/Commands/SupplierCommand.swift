import ArgumentParser
import Domain
import Operations

struct SupplierCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "supplier", abstract: "Suppliers and their declared lead times.",
                                                    subcommands: [List.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List suppliers in code order.")
        @OptionGroup var global: GlobalOptions
        @Option var format: OutputFormat = .table

        func run() throws {
            let (ops, _) = try global.open()
            let suppliers = try CLI.run { try ops.read { try $0.suppliers() } }
            emit(Listing(columns: ["code", "name", "leadTimeDays", "leadTimeSpreadDays", "onTimePercent"],
                         rows: suppliers.map { s in
                             [s.code, s.name, String(s.leadTimeMeanDays), String(s.leadTimeSpreadDays),
                              "\(s.onTimePerMille / 10).\(s.onTimePerMille % 10)"]
                         }, numeric: ["leadTimeDays", "leadTimeSpreadDays"]).render(format))
        }
    }
}
