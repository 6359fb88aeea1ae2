import Foundation
import Domain
import Store

/// One suggestion with every term of its arithmetic (docs/REPLENISHMENT.md).
public struct ReplenishmentLine: Sendable, Equatable, Codable {
    public var sku: String
    public var location: String
    public var supplier: String
    public var velocity: VelocityClass
    /// Thousandths of a unit a day.
    public var demandPerDay: Int64
    public var demandSD: Int64
    public var leadTimeDays: Int
    public var leadTimeSD: Int
    /// The lead time was learnt from receipts (else declared by the supplier).
    public var leadTimeLearnt: Bool
    /// Per mille.
    public var serviceLevel: Int
    /// Thousandths.
    public var z: Int
    public var safetyStock: Int
    public var reorderPoint: Int
    public var sellable: Int
    public var inbound: Int
    public var backordered: Int
    public var position: Int
    public var orderUpTo: Int
    public var suggestedQuantity: Int
    public var unitCost: Money
    /// The supplier's terms for it: whole packs of this many (1: any quantity), and at least this.
    public var packSize: Int
    public var minimumOrder: Int

    /// Refuses a quantity to buy that the supplier does not sell, naming the suggestion.
    public func checkQuantity(_ quantity: Int) throws(DomainError) {
        try Supplier.checkOrderQuantity(quantity, supplier: supplier, minimumOrder: minimumOrder, pack: packSize, sku: sku,
                                        what: "\(sku)@\(location)")
    }
}

/// A suggestion a planner approves: the SKU at a location, and the quantity to buy (nil: as
/// suggested).
public struct ReplenishmentChoice: Sendable, Equatable, Hashable {
    public var sku: String
    public var location: String
    public var quantity: Int?
    public init(sku: String, location: String, quantity: Int? = nil) { self.sku = sku; self.location = location; self.quantity = quantity }
}

/// What `qm replenish` found.
public struct ReplenishmentPlan: Sendable, Equatable, Codable {
    public var windowDays: Int
    public var since: String
    /// SKU and location pairs looked at.
    public var evaluated: Int
    /// SKUs with demand or backorders but no preferred supplier to buy from.
    public var withoutSupplier: [String]
    /// Pairs left out because a draft purchase order already holds them (until it is approved
    /// or cancelled, a new suggestion would only repeat it), by that order.
    public var awaitingDrafts: [String: Int]
    /// Pairs a planner rejected, left out until the day given ("QM10001@WH-UK-N": "2027-01-02").
    public var rejected: [String: String]
    public var lines: [ReplenishmentLine]
    /// Draft purchase orders created from the suggestions (none in a dry run).
    public var drafts: [String]
}

extension Operations {
    /// Suggestions per SKU and fulfilling location (or one location): demand and its spread
    /// from the window's allocations, lead time learnt from the supplier's receipts or declared,
    /// service level from the SKU's class, position = sellable + inbound − backordered (a SKU's
    /// backorders count at the location that served most of its demand, else the first by
    /// code). Nothing is written.
    public func replenishmentPlan(location: String? = nil) throws(OperationError) -> ReplenishmentPlan {
        try read { r in try planning(location: location, in: r) }
    }

    /// The same, and each supplier's suggestions for a location become one draft purchase
    /// order (a planner reviews, changes and approves it), in one transaction.
    public func replenish(location: String? = nil, by actor: Actor) throws(OperationError) -> ReplenishmentPlan {
        try perform(.editPurchaseOrder, by: actor) { tx, actor in
            var plan = try planning(location: location, in: tx)
            plan.drafts = try draftOrders(plan.lines, since: plan.since, in: tx, actor: actor)
            return plan
        }
    }

    /// Some suggestions, approved one by one (the console's Enter, `qm replenish --approve`):
    /// planned again in the transaction, so what is bought follows the stock as it is now; a
    /// changed quantity must still meet the supplier's terms. Draft orders as `replenish` makes
    /// them; the plan returned holds only the lines approved.
    public func approveReplenishment(_ choices: [ReplenishmentChoice], by actor: Actor) throws(OperationError) -> ReplenishmentPlan {
        try perform(.editPurchaseOrder, by: actor) { tx, actor in
            guard !choices.isEmpty else { throw OperationError("Nothing to approve: name a suggestion (SKU@LOCATION).") }
            var plan = try planning(location: nil, only: Set(choices.map(\.sku)), in: tx)
            let suggested = Dictionary(plan.lines.map { ("\($0.sku)@\($0.location)", $0) }, uniquingKeysWith: { a, _ in a })
            var seen: Set<String> = [], changed: [String: (suggested: Int, bought: Int)] = [:]
            plan.lines = try choices.map { choice in
                let key = "\(choice.sku)@\(choice.location)"
                guard seen.insert(key).inserted else { throw OperationError("\(key) is named twice.") }
                guard var line = suggested[key] else {
                    let why = plan.rejected[key].map { "it was rejected until \($0)" }
                        ?? "enough is in stock or on its way, or a draft purchase order holds it"
                    throw OperationError("\(key) is not suggested now (\(why)): qm replenish --dry-run lists what is.")
                }
                if let quantity = choice.quantity {
                    try Limits.check(quantity, in: 1...Limits.quantity.upperBound, "\(key): quantity")
                    try line.checkQuantity(quantity)
                    if quantity != line.suggestedQuantity { changed[key] = (line.suggestedQuantity, quantity) }
                    line.suggestedQuantity = quantity
                }
                return line
            }
            // The planner's own quantities are named in each draft's audit entry.
            plan.drafts = try draftOrders(plan.lines, since: plan.since, in: tx, actor: actor) { lines in
                let mine = lines.compactMap { l in changed["\(l.sku)@\(l.location)"].map { "\(l.sku) \($0.bought) (suggested \($0.suggested))" } }
                return mine.isEmpty ? "" : "; quantities changed by the planner: " + mine.joined(separator: ", ")
            }
            return plan
        }
    }

    /// Turns a suggestion down: the pair stays out of the plan for `replenish.reject-days`
    /// (a second rejection starts the days again). Audited with the suggestion's figures.
    @discardableResult
    public func rejectReplenishment(sku: String, location: String, reason: String, by actor: Actor) throws(OperationError) -> String {
        guard !reason.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw OperationError("A rejection needs a reason (--reason): the next planner reads why the suggestion was turned down.")
        }
        try Self.refuseUnsafeText(reason, what: "reason")
        return try perform(.rejectReplenishment, by: actor) { tx, actor in
            let plan = try planning(location: location, only: [sku], in: tx)
            guard let line = plan.lines.first(where: { $0.sku == sku && $0.location == location }) else {
                throw OperationError("\(sku)@\(location) is not suggested now: there is nothing to reject.")
            }
            let (skuID, locationID) = try ids(sku: sku, location: location, in: tx)
            let until = OrderDate.adding(days: try tx.settings().replenishRejectDays, to: today)
            try tx.rejectReplenishment(skuID: skuID, locationID: locationID, until: until, reason: reason, by: actor.name, at: now)
            struct Rejection: Encodable { var until, supplier: String; var suggested, position, reorderPoint: Int }
            try tx.append(AuditEntry(actor: actor.name, role: actor.role, command: Command.rejectReplenishment.rawValue,
                                     entity: "replenish:\(sku)@\(location)", reason: "rejected until \(until): \(reason)",
                                     after: AuditJSON.encode(Rejection(until: until, supplier: line.supplier, suggested: line.suggestedQuantity,
                                                                       position: line.position, reorderPoint: line.reorderPoint))), at: now)
            return until
        }
    }

    /// Each supplier's lines for a location (and currency) become one draft purchase order.
    private func draftOrders(_ lines: [ReplenishmentLine], since: String, in tx: StoreTransaction, actor: Actor,
                             note: ([ReplenishmentLine]) -> String = { _ in "" }) throws -> [String] {
        var groups: [String: [ReplenishmentLine]] = [:], keys: [String] = []
        for line in lines {
            let key = "\(line.supplier)|\(line.location)|\(line.unitCost.currency)"
            if groups[key] == nil { keys.append(key) }
            groups[key, default: []].append(line)
        }
        return try keys.map { key in
            let lines = groups[key]!
            let order = PurchaseOrder(code: try tx.nextPurchaseOrderCode(), supplier: lines[0].supplier, location: lines[0].location,
                                      currency: lines[0].unitCost.currency, note: "replenishment suggestion",
                                      lines: lines.map { l in
                                          PurchaseOrderLine(sku: l.sku, quantity: l.suggestedQuantity, unitCost: l.unitCost,
                                                            expectedDate: OrderDate.adding(days: l.leadTimeDays, to: today))
                                      })
            return try creating(order, in: tx, actor: actor, reason: "replenishment since \(since)" + note(lines)).order.code
        }
    }

    /// `only`: just these SKUs (an approval or rejection recomputes only what it names).
    private func planning(location: String?, only: Set<String>? = nil, in r: some StoreReading) throws -> ReplenishmentPlan {
        let settings = try r.settings()
        let window = settings.replenishWindowDays
        let since = OrderDate.adding(days: -window, to: today)
        let inputs = try r.replenishmentInputs(since: since, today: today, only: only)
        var locations = inputs.locations.sorted { $0.value < $1.value }
        if let location {
            guard let match = locations.first(where: { $0.value == location }) else {
                throw OperationError("\(location) is not a fulfilling location: replenishment plans for the locations that ship orders.")
            }
            locations = [match]
        }
        // Each supplier's terms, and its lead time: learnt from its receipts, declared until it has some.
        var suppliers: [String: (terms: Supplier, mean: Int, spread: Int, learnt: Bool)] = [:]
        for (s, learnt) in try supplierPerformance(in: r) {
            suppliers[s.code] = learnt.map { (s, $0.leadTimeMeanDays, $0.leadTimeSpreadDays, true) }
                ?? (s, s.leadTimeMeanDays, s.leadTimeSpreadDays, false)
        }
        var lines: [ReplenishmentLine] = [], withoutSupplier: [String] = [], evaluated = 0, awaitingDrafts: [String: Int] = [:]
        var rejected: [String: String] = [:]
        for (skuID, sku) in inputs.skus.sorted(by: { $0.value.code < $1.value.code }) {
            // A SKU's backorders wait at the location that served most of its demand.
            let home = inputs.locations.keys.max { a, b in
                let (da, db) = (inputs.demand[.init(sku: skuID, location: a)]?.units ?? 0, inputs.demand[.init(sku: skuID, location: b)]?.units ?? 0)
                return da != db ? da < db : inputs.locations[a]! > inputs.locations[b]!
            }
            for (locationID, code) in locations {
                let key = ReplenishmentInputs.Key(sku: skuID, location: locationID)
                let demand = inputs.demand[key] ?? (0, 0)
                let backordered = locationID == home ? inputs.backordered[skuID] ?? 0 : 0
                evaluated += 1
                guard demand.units > 0 || backordered > 0 else { continue }
                if let draft = inputs.drafted[key] {
                    awaitingDrafts[draft, default: 0] += 1
                    continue
                }
                if let until = inputs.rejected[key] {
                    rejected["\(sku.code)@\(code)"] = until
                    continue
                }
                guard let supplierCode = sku.supplier, let lead = suppliers[supplierCode] else {
                    if withoutSupplier.last != sku.code { withoutSupplier.append(sku.code) }
                    continue
                }
                let (d, sd) = Replenishment.demand(days: window, units: demand.units, squares: demand.squares)
                let stock = inputs.positions[key] ?? (0, 0)
                let level = settings.serviceLevel(sku.velocity)
                let s = Replenishment.suggest(Replenishment.Input(
                    demandPerDay: d, demandSD: sd, leadTimeDays: lead.mean, leadTimeSD: lead.spread, serviceLevel: level,
                    reviewDays: settings.replenishReviewDays, sellable: stock.sellable, inbound: stock.inbound, backordered: backordered,
                    packSize: lead.terms.pack(of: sku.packSize), minimumOrder: lead.terms.minimumOrder))
                guard s.quantity > 0 else { continue }
                lines.append(ReplenishmentLine(sku: sku.code, location: code, supplier: supplierCode, velocity: sku.velocity, demandPerDay: d,
                                               demandSD: sd, leadTimeDays: lead.mean, leadTimeSD: lead.spread, leadTimeLearnt: lead.learnt,
                                               serviceLevel: level, z: s.z, safetyStock: s.safetyStock, reorderPoint: s.reorderPoint,
                                               sellable: stock.sellable, inbound: stock.inbound, backordered: backordered, position: s.position,
                                               orderUpTo: s.orderUpTo, suggestedQuantity: s.quantity, unitCost: sku.unitCost,
                                               packSize: lead.terms.pack(of: sku.packSize), minimumOrder: lead.terms.minimumOrder))
            }
        }
        return ReplenishmentPlan(windowDays: window, since: since, evaluated: evaluated, withoutSupplier: withoutSupplier,
                                 awaitingDrafts: awaitingDrafts, rejected: rejected, lines: lines, drafts: [])
    }
}
