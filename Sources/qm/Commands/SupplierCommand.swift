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

        static func percent(_ perMille: Int) -> String { "\(perMille / 10).\(perMille % 10)" }

        func run() throws {
            let (ops, _) = try global.open()
            let suppliers = try CLI.run { try ops.supplierPerformance() }
            // Learnt figures sit beside the declared ones, empty until the supplier has receipts.
            emit(Listing(columns: ["code", "name", "leadTimeDays", "leadTimeSpreadDays", "onTimePercent", "receipts", "learntLeadTimeDays",
                                   "learntLeadTimeSpreadDays", "learntOnTimePercent", "minimumOrder", "wholePacks",
                                   "overTolerancePercent", "underTolerancePercent"],
                         rows: suppliers.map { s, learnt in
                             [s.code, s.name, String(s.leadTimeMeanDays), String(s.leadTimeSpreadDays), Self.percent(s.onTimePerMille),
                              String(learnt?.receipts ?? 0), learnt.map { String($0.leadTimeMeanDays) } ?? "",
                              learnt.map { String($0.leadTimeSpreadDays) } ?? "", learnt.map { Self.percent($0.onTimePerMille) } ?? "",
                              String(s.minimumOrder), s.roundsToPack ? "yes" : "no",
                              String(s.tolerance.overPercent), String(s.tolerance.underPercent)]
                         }, numeric: ["leadTimeDays", "leadTimeSpreadDays", "receipts", "learntLeadTimeDays", "learntLeadTimeSpreadDays",
                                      "minimumOrder", "overTolerancePercent", "underTolerancePercent"]).render(format))
        }
    }
}
