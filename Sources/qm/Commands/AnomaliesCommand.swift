import ArgumentParser
import Foundation
import Domain
import Operations

/// `qm anomalies`: days out of line in the daily series watched (docs/KPIS.md, Anomalies).
struct AnomaliesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "anomalies",
        abstract: "Days out of line: cancellation rate, manual adjustments, count variance value, margin per order, return rate per SKU.",
        discussion: "Each day is measured against the median of the same weekday over the 56 days before the window, in spreads "
            + "(1.4826 x the median absolute departure); a day more than --threshold spreads away, and by at least the series' minimum, is listed "
            + "with the documents behind it.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "One series: \(AnomalySeries.spellings) (default: all).") var series: String?
    @Option(help: "From this day, yyyy-mm-dd (default: 6 days before --to).") var from: String?
    @Option(help: "To this day, yyyy-mm-dd, included (default: today).") var to: String?
    @Option(help: "Spreads from the baseline that make a day out of line, e.g. 3.5 (the default).") var threshold = "3.5"
    @Option var format: OutputFormat = .table

    func run() throws {
        let kinds = series.map { [parseOption($0, "series", AnomalySeries.init(parsing:), spellings: AnomalySeries.spellings)] } ?? []
        guard case let .value(thousandths) = FixedPoint.parse(threshold, decimals: 3), thousandths > 0 else {
            CLI.fail(OperationError("--threshold \(threshold) is not a number of spreads like 3.5."))
        }
        let (ops, _) = try global.open()
        let window = KPIWindow.given(from: from, to: to, days: 7, today: ops.today)
        let found = try CLI.run { try ops.anomalies(kinds, window: window, threshold: thousandths) }
        if format == .table && found.isEmpty { emit("No day out of line.\n"); return }
        if format == .table {
            emit(found.map { "\($0.message)\n" }.joined())
            return
        }
        emit(Listing(columns: ["series", "group", "day", "value", "basis", "baseline", "spread", "score", "documents", "message"],
                     rows: found.map { a in
                         let f = a.finding
                         return [a.series.rawValue, a.group, f.day, String(f.value), String(f.basis), String(f.baseline), String(f.spread), String(f.score),
                                 a.documents.joined(separator: "; "), a.message]
                     }).render(format))
    }
}
