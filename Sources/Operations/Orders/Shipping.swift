import Foundation
import Domain
import Store

/// What shipping one order changes, worked out from what was read: one shipment per location
/// its live allocations (at `location`, or all) sit at, the lines' units moved from allocated
/// to shipped, and the order's next state. `ship` and the bulk feed both plan with it, so the
/// rules live here once; `Operations.write(_:in:actor:)` stores it.
struct ShipmentPlan {
    var before: OrderHeader
    var after: OrderHeader
    var shipments: [NewShipment]
    /// The order's lines after shipping; `changedLines` indexes the ones that moved.
    var lines: [OrderLineRow]
    var changedLines: [Int] = []
    /// The live allocations that stay (elsewhere than `location`).
    var liveLeft: [AllocationRow]
    var at: String
    var reason: String

    init(order: OrderHeader, live: [AllocationRow], lines: [OrderLineRow], carrier: String, tracking: String,
         location: String?, at: String) throws(OperationError) {
        try Operations.refuseShipmentText(carrier: carrier, tracking: tracking)
        guard [.allocated, .partiallyAllocated, .picking, .packed, .partiallyShipped].contains(order.state) else {
            throw OperationError("Order \(order.id) is \(order.state.rawValue): only allocated, picking or packed orders ship.")
        }
        if order.onHold { throw OperationError("Order \(order.id) is on hold: release it before shipping.") }
        let leaving = live.filter { location == nil || $0.location == location }
        guard !leaving.isEmpty else {
            throw OperationError("Order \(order.id) has nothing allocated\(location.map { " at \($0)" } ?? "") to ship.")
        }
        before = order
        self.lines = lines
        self.at = at
        liveLeft = live.filter { location != nil && $0.location != location }
        shipments = []
        let byLocation = Dictionary(grouping: leaving, by: \.location)
        for code in byLocation.keys.sorted() {
            let here = byLocation[code]!
            shipments.append(NewShipment(orderID: order.id, locationID: here[0].locationID, carrier: carrier,
                                         tracking: tracking, at: at, allocations: here))
            // A kit line's components share its units: count them once, from one component.
            for lineNo in Set(here.map(\.lineNo)).sorted() {
                let rows = here.filter { $0.lineNo == lineNo }
                let firstSKU = rows.map(\.sku).min()!
                let units = rows.filter { $0.sku == firstSKU }.reduce(0) { $0 + $1.lineUnits }
                let index = self.lines.firstIndex { $0.lineNo == lineNo }!
                self.lines[index].allocated -= units
                self.lines[index].shipped += units
                if !changedLines.contains(index) { changedLines.append(index) }
            }
        }
        after = order   // its state is all the audit image and the caller need
        after.state = OrderState.derived(from: self.lines.map(\.quantities), current: order.state)
        reason = "shipped \(carrier) \(tracking) from \(byLocation.keys.sorted().joined(separator: ", "))"
    }
}

extension Operations {
    /// Confirms a shipment: the order's live allocations (at `location`, or all) leave the
    /// building, one shipment per location, and the order becomes shipped or partially shipped.
    public func ship(order reference: String, carrier: String, tracking: String, location: String? = nil,
                     by actor: Actor) throws(OperationError) -> (header: OrderHeader, shipments: [Int64]) {
        try perform(.shipOrder, by: actor) { tx, actor in
            try shipping(reference, carrier: carrier, tracking: tracking, location: location, in: tx, actor: actor)
        }
    }

    func shipping(_ reference: String, carrier: String, tracking: String, location: String?,
                  in tx: StoreTransaction, actor: Actor) throws -> (header: OrderHeader, shipments: [Int64]) {
        let order = try resolveOrder(reference, in: tx)
        let plan = try ShipmentPlan(order: order, live: try tx.orderAllocations(order.id, liveOnly: true),
                                    lines: try tx.orderLines(order.id), carrier: carrier, tracking: tracking,
                                    location: location, at: now)
        return (plan.after, try write([plan], in: tx, actor: actor)[0])
    }

    /// Stores planned shipments: the shipments, allocations, moves and positions in bulk, then
    /// each order's changed lines, its state and its audit entry. Returns each plan's shipment ids.
    func write(_ plans: [ShipmentPlan], in tx: StoreTransaction, actor: Actor) throws -> [[Int64]] {
        let ids = try tx.recordShipments(plans.flatMap(\.shipments), by: actor.name)
        var next = 0
        var result: [[Int64]] = []
        for plan in plans {
            result.append(Array(ids[next..<next + plan.shipments.count]))
            next += plan.shipments.count
            for index in plan.changedLines { try tx.updateLine(plan.lines[index], orderID: plan.before.id) }
            try tx.setOrderState(plan.before.id, plan.after.state, at: plan.at)
            try auditOrder(tx, actor, .shipOrder, order: plan.before, after: plan.after, reason: plan.reason)
        }
        return result
    }
}

extension Operations {
    /// A shipment's carrier and tracking reference: both given, plain text of a reference's length.
    static func refuseShipmentText(carrier: String, tracking: String) throws(OperationError) {
        for (name, value) in [("carrier", carrier), ("tracking", tracking)] {
            guard !value.trimmingCharacters(in: .whitespaces).isEmpty else { throw OperationError("A shipment needs a \(name).") }
            try refuseUnsafeText(value, what: name, maxLength: TextRules.maxReference)
        }
    }
}
