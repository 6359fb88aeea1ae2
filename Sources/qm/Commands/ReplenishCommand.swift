import ArgumentParser
import Foundation
import Domain
import Operations

struct ReplenishCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replenish",
        abstract: "Suggest what to buy per SKU and fulfilling location, every term shown (docs/REPLENISHMENT.md); without --dry-run each supplier's suggestions for a location become a draft purchase order.")
    @OptionGroup var global: GlobalOptions
    @Option(help: "Only this fulfilling location.") var location: String?
    @Flag(help: "List the suggestions and write nothing.") var dryRun = false
    @Option var format: OutputFormat = .table

    func run() throws {
        let (ops, actor) = try global.open()
        let plan = try CLI.run { dryRun ? try ops.replenishmentPlan(location: location) : try ops.replenish(location: location, by: actor) }
        func thousandths(_ n: Int64) -> String { Money.format(n, decimals: 3) }
        func perMille(_ n: Int) -> String { "\(n / 10).\(n % 10)" }
        emit(Listing(columns: ["sku", "location", "supplier", "class", "demandPerDay", "demandSD", "leadTimeDays", "leadTimeSD", "leadTime",
                               "serviceLevel", "z", "safetyStock", "reorderPoint", "sellable", "inbound", "backordered", "position",
                               "orderUpTo", "suggestedQty"],
                     rows: plan.lines.map { l in
                         [l.sku, l.location, l.supplier, l.velocity.rawValue, thousandths(l.demandPerDay), thousandths(l.demandSD),
                          String(l.leadTimeDays), String(l.leadTimeSD), l.leadTimeLearnt ? "learnt" : "declared", perMille(l.serviceLevel),
                          thousandths(Int64(l.z)), String(l.safetyStock), String(l.reorderPoint), String(l.sellable), String(l.inbound),
                          String(l.backordered), String(l.position), String(l.orderUpTo), String(l.suggestedQuantity)]
                     }, numeric: ["leadTimeDays", "leadTimeSD", "safetyStock", "reorderPoint", "sellable", "inbound", "backordered", "position",
                                  "orderUpTo", "suggestedQty"]).render(format))
        var note = "\(plan.evaluated.grouped) SKU and location pairs over \(plan.windowDays) days of demand (since \(plan.since)): "
            + "\(plan.lines.count.grouped) suggestions"
        if !plan.withoutSupplier.isEmpty {
            note += "; \(plan.withoutSupplier.count.grouped) SKUs need stock but have no preferred supplier (\(plan.withoutSupplier.prefix(5).joined(separator: ", "))"
                + (plan.withoutSupplier.count > 5 ? ", …" : "") + ")"
        }
        if !plan.awaitingDrafts.isEmpty {
            note += "; \(plan.awaitingDrafts.values.reduce(0, +).grouped) left out, already on draft purchase orders "
                + plan.awaitingDrafts.keys.sorted().prefix(5).joined(separator: ", ") + (plan.awaitingDrafts.count > 5 ? ", …" : "")
        }
        note += plan.drafts.isEmpty ? (dryRun ? " (dry run: nothing written)." : ".") : "; draft purchase orders \(plan.drafts.joined(separator: ", ")) to review and approve."
        CLI.note(note)
    }
}
