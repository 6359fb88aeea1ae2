import ArgumentParser
import Foundation
import Domain
import Operations

struct ClassifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "classify",
        abstract: "Learn each SKU's ABC class from its demand value over a window (shares: qm setting list); every change is audited with its figures.")
    @OptionGroup var global: GlobalOptions
    @Option(parsing: .unconditional, help: "Days of order history (default: the velocity.window-days setting).",
            transform: WholeNumber.positive("--days"))
    var days: Int?
    @Flag(help: "Report what would change and write nothing.") var dryRun = false
    @Option var format: OutputFormat = .table

    func run() throws {
        let (ops, actor) = try global.open()
        let outcome = try CLI.run { try ops.classify(days: days, dryRun: dryRun, by: actor) }
        emit(Listing(columns: ["sku", "from", "to", "value", "cumulativePercent"],
                     rows: outcome.changes.map { c in
                         [c.sku, c.from.rawValue, c.to.rawValue, Money.format(c.value), "\(c.cumulativePerMille / 10).\(c.cumulativePerMille % 10)"]
                     }, numeric: ["value", "cumulativePercent"]).render(format))
        let counts = ["A", "B", "C"].map { "\($0) \(outcome.counts[$0, default: 0].grouped)" }.joined(separator: ", ")
        CLI.note("\(outcome.skus.grouped) SKUs ranked by demand since \(outcome.since) (\(outcome.windowDays) days): \(counts); "
                 + "\(outcome.changes.count.grouped) change\(outcome.changes.count == 1 ? "" : "s")\(outcome.dryRun ? " (dry run: nothing written)" : "").")
    }
}
