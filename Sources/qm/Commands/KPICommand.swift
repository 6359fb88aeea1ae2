import ArgumentParser
import Foundation
import Domain
import Operations

/// `qm kpi`: the operational figures over a window (docs/KPIS.md).
struct KPICommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kpi",
        abstract: "Operational KPIs over a window: fill rate, cycle time, stockouts, aged inventory, supplier on-time, returns, margin, queues, backorders.",
        discussion: "Each figure comes with its basis (the lines, orders, days or units it was taken over). Rates are percentages to two places; "
            + "--format csv and json give integers: basis points, seconds, days, units, minor units (docs/KPIS.md).")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "One KPI: \(KPIName.spellings) (default: all).") var name: String?
    @Option(help: "Break the figures down by channel, location, supplier or day.") var by: String?
    @Option(help: "From this day, yyyy-mm-dd (default: 29 days before --to).") var from: String?
    @Option(help: "To this day, yyyy-mm-dd, included (default: today).") var to: String?
    @Option var format: OutputFormat = .table

    /// A figure as JSON and CSV give it.
    struct Row: Encodable {
        var kpi: String, group: String, measure: String, value: Int64, unit: String, basis: Int64, text: String
    }

    func run() throws {
        let names = name.map { [parseOption($0, "KPI", KPIName.init(parsing:), spellings: KPIName.spellings)] } ?? []
        let dimension = by.map { parseOption($0, "--by", KPIDimension.init(parsing:), spellings: KPIDimension.spellings) }
        let (ops, _) = try global.open()
        let window = KPIWindow.given(from: from, to: to, days: 30, today: ops.today)
        let report = try CLI.run { try ops.kpis(names, by: dimension, window: window) }
        let rows = report.values.map { v in
            Row(kpi: v.kpi.rawValue, group: v.group, measure: v.measure, value: v.value, unit: v.unit.name, basis: v.basis, text: v.unit.format(v.value))
        }
        switch format {
        case .json:
            struct Document: Encodable { var from: String, to: String, by: String?, figures: [Row] }
            emit(JSON.encode(Document(from: report.window.from, to: report.window.to, by: report.by?.rawValue, figures: rows)))
        case .csv:
            emit(Listing(columns: ["kpi", "group", "measure", "value", "unit", "basis"],
                         rows: rows.map { [$0.kpi, $0.group, $0.measure, String($0.value), $0.unit, String($0.basis)] }).render(.csv))
        case .table:
            emit("KPIs from \(report.window.from) to \(report.window.to)" + (report.by.map { " by \($0.rawValue)" } ?? "") + "\n"
                 + Listing(columns: ["kpi", "group", "measure", "value", "basis"],
                           rows: rows.map { [$0.kpi, $0.group, $0.measure, $0.text, String($0.basis)] }, numeric: ["value", "basis"]).render(.table))
        }
    }
}
