import ArgumentParser
import Domain
import Operations

struct SupplierCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "supplier", abstract: "Suppliers: their declared lead times and their terms.",
                                                    subcommands: [List.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List suppliers in code order.")
        @OptionGroup var global: GlobalOptions
        @Option var format: OutputFormat = .table

        func run() throws {
            let (ops, _) = try global.open()
            let suppliers = try CLI.run { try ops.read { try $0.suppliers() } }
            emit(Listing(columns: ["code", "name", "leadTimeDays", "leadTimeSpreadDays", "onTimePercent", "minimumOrder", "wholePacks",
                                   "overTolerancePercent", "underTolerancePercent"],
                         rows: suppliers.map { s in
                             [s.code, s.name, String(s.leadTimeMeanDays), String(s.leadTimeSpreadDays),
                              "\(s.onTimePerMille / 10).\(s.onTimePerMille % 10)", String(s.minimumOrder), s.roundsToPack ? "yes" : "no",
                              String(s.tolerance.overPercent), String(s.tolerance.underPercent)]
                         }, numeric: ["leadTimeDays", "leadTimeSpreadDays", "minimumOrder", "overTolerancePercent", "underTolerancePercent"]).render(format))
        }
    }
}
