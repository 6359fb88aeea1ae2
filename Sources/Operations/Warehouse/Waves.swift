import Foundation
import Domain
import Store

/// A picker's count for one pick-list line: how many of the SKU were taken for the order line.
public struct PickConfirmation: Sendable, Equatable {
    public var wave: Int64
    public var order: Int64
    public var line: Int
    public var sku: String
    public var location: String
    public var picked: Int
    public init(wave: Int64, order: Int64, line: Int, sku: String, location: String, picked: Int) {
        self.wave = wave; self.order = order; self.line = line; self.sku = sku; self.location = location; self.picked = picked
    }
}

public struct WaveConfirmation: Sendable, Equatable, Codable {
    /// Orders picked in full or in part, now packed.
    public var packed = 0
    /// Orders of which nothing was found: backordered again.
    public var backordered = 0
    /// Short picks recorded (exceptions for a count), and their units.
    public var shortPicks = 0
    public var shortUnits = 0
    public init() {}
}

extension Operations {
    /// Groups allocated orders (not on hold, in no open wave; at `location` only, when given)
    /// into a wave: they become picking, and the pick list says what to take from where.
    public func createWave(location: String?, maxOrders: Int, carrier: String?,
                           by actor: Actor) throws(OperationError) -> (wave: Int64, picks: [PickLine]) {
        guard maxOrders > 0 else { throw OperationError("A wave needs room for at least one order (--max-orders).") }
        if let carrier {
            try Self.refuseUnsafeText(carrier, what: "carrier", maxLength: TextRules.maxReference)
            guard !carrier.isEmpty else { throw OperationError("A carrier is 1-\(TextRules.maxReference) characters.") }
        }
        return try perform(.fulfilOrder, by: actor) { tx, actor in
            let locationID = try location.map { code in
                guard let id = try tx.locationID(code) else { throw OperationError("Unknown location \(code).") }
                return id
            }
            let orders = try tx.ordersToWave(locationID: locationID, limit: maxOrders)
            guard !orders.isEmpty else {
                throw OperationError("No allocated order is waiting to be picked\(location.map { " at \($0)" } ?? ""): nothing to wave.")
            }
            let at = now
            let wave = try tx.createWave(locationID: locationID, carrier: carrier, orders: orders, by: actor.name, at: at)
            // Every order waved was allocated with no hold (`ordersToWave`), so one state change
            // and one audit image serve them all, each written in one statement.
            let before = try tx.orderHeader(orders[0])!
            var after = before
            after.state = try before.state.next(for: .pick)
            try tx.setOrderStates(orders, after.state, at: at)
            try tx.append(orderAudit(actor, .fulfilOrder, order: before, after: after, reason: "picking in wave \(wave)"),
                          forOrders: orders, at: at)
            return (wave, try tx.pickList(wave: wave))
        }
    }

    /// Takes a wave's picked quantities back: what was found is packed; what was not is a
    /// short pick (the units go to quarantine for a count, the line waits as backordered).
    /// All or nothing: a line that is not on the wave's pick list, or more picked than it
    /// holds, stops it with its line. Orders of the wave with no confirmation stay picking.
    public func confirmWave(_ rows: [ImportRow<PickConfirmation>], source: String,
                            by actor: Actor) throws(OperationError) -> WaveConfirmation {
        try confirmWave(source: source, by: actor, produce: Self.each(rows))
    }

    /// The same, with the rows handed over one at a time by `produce` (a file read as it is
    /// confirmed). Each row is checked as it comes (its wave open, its order picking in it, no
    /// more rows for an order than it has allocations to pick), so what is held is bounded by
    /// the open waves, not by the file.
    public func confirmWave(source: String, by actor: Actor,
                            produce: ImportProducer<PickConfirmation>) throws(OperationError) -> WaveConfirmation {
        try perform(.fulfilOrder, by: actor) { tx, actor in
            var outcome = WaveConfirmation()
            let at = now
            var openWaves: [Int64: Bool] = [:]
            var byOrder: [Int64: [ImportRow<PickConfirmation>]] = [:]
            // Each order's open wave and live allocations, read for a buffer of rows at a time.
            var waveOf: [Int64: Int64] = [:]
            var picksLeft: [Int64: Int] = [:]
            var pending: [ImportRow<PickConfirmation>] = []
            func check() throws {
                let unread = Array(Set(pending.map(\.value.order)).filter { picksLeft[$0] == nil })
                waveOf.merge(try tx.openWaves(of: unread)) { $1 }
                for order in unread { picksLeft[order] = 0 }
                picksLeft.merge(try tx.liveAllocationCounts(unread)) { $1 }
                for row in pending {
                    let c = row.value
                    if openWaves[c.wave] == nil { openWaves[c.wave] = try tx.waveIsOpen(c.wave) == true }
                    guard openWaves[c.wave] == true else {
                        throw OperationError("line \(row.line): wave \(c.wave) is not open (unknown, or confirmed already).")
                    }
                    guard waveOf[c.order] == c.wave else {
                        throw OperationError("line \(row.line): order \(c.order) is not picking in wave \(c.wave).")
                    }
                    guard picksLeft[c.order]! > 0 else {
                        throw OperationError("line \(row.line): order \(c.order) line \(c.line) has no \(c.sku) to pick at \(c.location) (or it is counted twice).")
                    }
                    picksLeft[c.order]! -= 1
                    byOrder[c.order, default: []].append(row)
                }
                pending.removeAll(keepingCapacity: true)
            }
            try produce { row in
                pending.append(row)
                if pending.count == Self.confirmationChunk { try check() }
            }
            try check()
            let orders = byOrder.keys.sorted()
            for start in stride(from: 0, to: orders.count, by: Self.confirmationChunk) {
                let chunk = Array(orders[start..<min(start + Self.confirmationChunk, orders.count)])
                let headers = try tx.orderHeaders(chunk)
                let live = try tx.liveAllocations(chunk)
                var picks: [(order: Int64, shorts: [(row: ImportRow<PickConfirmation>, allocation: AllocationRow, units: Int)])] = []
                for order in chunk {
                    picks.append((order, try Self.shortPicks(byOrder[order]!, of: order, live: live[order] ?? [])))
                }
                // Lines change only where something was short: read those alone.
                let lines = try tx.orderLines(picks.filter { !$0.shorts.isEmpty }.map(\.order))
                // Orders picked in full are packed together: one state change and one audit
                // statement for all that share a wave and a before image.
                var inFull: [PickedInFull: [Int64]] = [:]
                for (order, shorts) in picks {
                    let before = headers[order]!
                    guard !shorts.isEmpty else {
                        inFull[PickedInFull(wave: byOrder[order]![0].value.wave, state: before.state, holds: before.openHolds),
                               default: []].append(order)
                        continue
                    }
                    var state = OrderState.packed
                    var orderLines = lines[order]!
                    for short in shorts {
                        try tx.shortPick(short.allocation, orderID: order, units: short.units, wave: short.row.value.wave,
                                         actor: actor.name, at: at)
                        try raiseCount(skuID: short.allocation.skuID, locationID: short.allocation.locationID, sku: short.allocation.sku,
                                       location: short.allocation.location,
                                       why: "short pick in wave \(short.row.value.wave): \(short.units) not found for order \(order) line \(short.row.value.line)",
                                       in: tx, actor: actor, at: at)
                        let index = orderLines.firstIndex { $0.lineNo == short.row.value.line }!
                        orderLines[index].allocated -= short.units
                        orderLines[index].backordered += short.units
                        orderLines[index].backorderedSince = orderLines[index].backorderedSince ?? at
                        try tx.updateLine(orderLines[index], orderID: order)
                        outcome.shortUnits += short.units
                    }
                    outcome.shortPicks += shorts.count
                    if !orderLines.contains(where: { $0.allocated > 0 }) {
                        state = OrderState.derived(from: orderLines.map(\.quantities), current: .allocated)
                    }
                    try tx.setOrderState(order, state, at: at)
                    if state == .packed { outcome.packed += 1 } else { outcome.backordered += 1 }
                    var after = before
                    after.state = state
                    try auditOrder(tx, actor, .fulfilOrder, order: before, after: after,
                                   reason: "picked in wave \(byOrder[order]![0].value.wave) from \(source)"
                                       + "; \(shorts.count) short pick(s) sent to quarantine for a count")
                }
                for (group, orders) in inFull.sorted(by: { $0.value[0] < $1.value[0] }) {
                    let before = headers[orders[0]]!
                    var after = before
                    after.state = .packed
                    try tx.setOrderStates(orders, .packed, at: at)
                    try tx.append(orderAudit(actor, .fulfilOrder, order: before, after: after,
                                             reason: "picked in wave \(group.wave) from \(source)"), forOrders: orders, at: at)
                    outcome.packed += orders.count
                }
            }
            for wave in openWaves.keys.sorted() where try tx.waveOrders(wave).allSatisfy({ byOrder[$0] != nil }) {
                try tx.closeWave(wave)
            }
            return outcome
        }
    }

    /// Orders confirmed and written together.
    static let confirmationChunk = 2_000

    /// Orders picked in full that one statement can pack and audit: same wave, same state
    /// and holds before (so the same audit images).
    private struct PickedInFull: Hashable {
        var wave: Int64
        var state: OrderState
        var holds: Int
    }

    /// Checks one order's confirmations against its live allocations and returns its short
    /// picks: each line names an allocation of the order once, picks no more than it holds,
    /// and takes a kit's components whole.
    static func shortPicks(_ confirmations: [ImportRow<PickConfirmation>], of order: Int64,
                           live: [AllocationRow]) throws -> [(row: ImportRow<PickConfirmation>, allocation: AllocationRow, units: Int)] {
        var counted: Set<Int64> = []
        var shorts: [(row: ImportRow<PickConfirmation>, allocation: AllocationRow, units: Int)] = []
        for row in confirmations {
            let c = row.value
            guard let a = live.first(where: { $0.lineNo == c.line && $0.sku == c.sku && $0.location == c.location && !counted.contains($0.id) }) else {
                throw OperationError("line \(row.line): order \(order) line \(c.line) has no \(c.sku) to pick at \(c.location) (or it is counted twice).")
            }
            counted.insert(a.id)
            guard c.picked >= 0, c.picked <= a.quantity else {
                throw OperationError("line \(row.line): \(c.picked) picked, but order \(order) line \(c.line) holds \(a.quantity) \(c.sku) at \(c.location).")
            }
            let short = a.quantity - c.picked
            guard short > 0 else { continue }
            if a.lineUnits != a.quantity {
                throw OperationError("line \(row.line): order \(order) line \(c.line) is a kit: confirm whole kits (pick all or none of a component).")
            }
            shorts.append((row, a, short))
        }
        return shorts
    }
}
