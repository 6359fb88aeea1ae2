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
    @Option(help: "Approve one suggestion, SKU@LOCATION, or SKU@LOCATION:QTY to buy another quantity (repeatable): only these become draft purchase orders.",
            transform: { try ReplenishCommand.choice($0) })
    var approve: [ReplenishmentChoice] = []
    @Option(help: "Reject one suggestion, SKU@LOCATION: it stays out of the plan for replenish.reject-days (needs --reason).")
    var reject: String?
    @Option(help: "Why the suggestion is rejected.") var reason: String?
    @Option var format: OutputFormat = .table

    func validate() throws {
        let modes = [dryRun, !approve.isEmpty, reject != nil].filter { $0 }.count
        guard modes <= 1 else { throw ValidationError("--dry-run, --approve and --reject do different things: give one of them.") }
        if reject != nil, location != nil { throw ValidationError("--reject names its location (SKU@LOCATION); leave out --location.") }
        if reject == nil, reason != nil { throw ValidationError("--reason goes with --reject.") }
        if !approve.isEmpty, location != nil { throw ValidationError("--approve names its locations (SKU@LOCATION); leave out --location.") }
    }

    /// "QM10001@WH-UK-N" or "QM10001@WH-UK-N:24".
    static func choice(_ text: String, option: String = "--approve") throws -> ReplenishmentChoice {
        var rest = Substring(text), quantity: Int?
        if let colon = rest.lastIndex(of: ":") {
            guard let n = Int(rest[rest.index(after: colon)...]), n > 0 else {
                throw ValidationError("\(option) \(text): the quantity after ':' must be a positive whole number.")
            }
            quantity = n
            rest = rest[..<colon]
        }
        let parts = rest.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
            throw ValidationError("\(option) \(text) is not SKU@LOCATION or SKU@LOCATION:QTY.")
        }
        return ReplenishmentChoice(sku: String(parts[0]), location: String(parts[1]), quantity: quantity)
    }

    func run() throws {
        let (ops, actor) = try global.open()
        if let reject {
            let pair = try ReplenishCommand.choice(reject, option: "--reject")
            guard pair.quantity == nil else { CLI.fail(OperationError("--reject takes SKU@LOCATION, without a quantity.")) }
            let until = try CLI.run { try ops.rejectReplenishment(sku: pair.sku, location: pair.location, reason: reason ?? "", by: actor) }
            emit("Rejected \(pair.sku)@\(pair.location): left out of the plan until \(until).\n")
            return
        }
        let plan = try CLI.run {
            if !approve.isEmpty { return try ops.approveReplenishment(approve, by: actor) }
            return dryRun ? try ops.replenishmentPlan(location: location) : try ops.replenish(location: location, by: actor)
        }
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
        if !approve.isEmpty {
            CLI.note("Approved \(plan.lines.count == 1 ? "1 suggestion" : "\(plan.lines.count) suggestions"): draft purchase orders "
                     + "\(plan.drafts.joined(separator: ", ")) to review and approve.")
            return
        }
        var note = "\(plan.evaluated.grouped) SKU and location pairs over \(plan.windowDays) days of demand (since \(plan.since)): "
            + "\(plan.lines.count.grouped) suggestions"
        if !plan.withoutSupplier.isEmpty {
            note += "; \(plan.withoutSupplier.count.grouped) SKUs need stock but have no preferred supplier (\(plan.withoutSupplier.prefix(5).joined(separator: ", "))"
                + (plan.withoutSupplier.count > 5 ? ", …" : "") + ")"
        }
        if !plan.rejected.isEmpty {
            note += "; \(plan.rejected.count.grouped) rejected by a planner, left out until their day ("
                + plan.rejected.sorted { $0.key < $1.key }.prefix(5).map { "\($0.key) until \($0.value)" }.joined(separator: ", ")
                + (plan.rejected.count > 5 ? ", …" : "") + ")"
        }
        if !plan.awaitingDrafts.isEmpty {
            note += "; \(plan.awaitingDrafts.values.reduce(0, +).grouped) left out, already on draft purchase orders "
                + plan.awaitingDrafts.keys.sorted().prefix(5).joined(separator: ", ") + (plan.awaitingDrafts.count > 5 ? ", …" : "")
        }
        note += plan.drafts.isEmpty ? (dryRun ? " (dry run: nothing written)." : ".") : "; draft purchase orders \(plan.drafts.joined(separator: ", ")) to review and approve."
        CLI.note(note)
    }
}
