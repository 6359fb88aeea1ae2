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
            try Self.refuseControlCharacters(carrier, what: "carrier")
            guard !carrier.isEmpty, carrier.count <= 80 else { throw OperationError("A carrier is 1-80 characters.") }
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
            for (id, before) in try tx.orderHeaders(orders).sorted(by: { $0.key < $1.key }) {
                var after = before
                after.state = try before.state.next(for: .pick)
                try tx.setOrderState(id, after.state, at: at)
                try auditOrder(tx, actor, .fulfilOrder, order: before, after: after, reason: "picking in wave \(wave)")
            }
            return (wave, try tx.pickList(wave: wave))
        }
    }

    /// Takes a wave's picked quantities back: what was found is packed; what was not is a
    /// short pick (the units go to quarantine for a count, the line waits as backordered).
    /// All or nothing: a line that is not on the wave's pick list, or more picked than it
    /// holds, stops it with its line. Orders of the wave with no confirmation stay picking.
    public func confirmWave(_ rows: [ImportRow<PickConfirmation>], source: String,
                            by actor: Actor) throws(OperationError) -> WaveConfirmation {
        try perform(.fulfilOrder, by: actor) { tx, actor in
            var outcome = WaveConfirmation()
            let at = now
            var byOrder: [Int64: [ImportRow<PickConfirmation>]] = [:]
            var waves: Set<Int64> = []
            // Each wave and each order's wave is read once, however many lines name it.
            var openWaves: [Int64: Bool] = [:]
            var waveOf: [Int64: Int64?] = [:]
            for row in rows {
                let c = row.value
                if openWaves[c.wave] == nil { openWaves[c.wave] = try tx.waveIsOpen(c.wave) == true }
                guard openWaves[c.wave] == true else {
                    throw OperationError("line \(row.line): wave \(c.wave) is not open (unknown, or confirmed already).")
                }
                if waveOf[c.order] == nil { waveOf[c.order] = .some(try tx.openWave(of: c.order)) }
                guard waveOf[c.order]! == c.wave else {
                    throw OperationError("line \(row.line): order \(c.order) is not picking in wave \(c.wave).")
                }
                byOrder[c.order, default: []].append(row)
                waves.insert(c.wave)
            }
            for (order, confirmations) in byOrder.sorted(by: { $0.key < $1.key }) {
                let before = try tx.orderHeader(order)!
                let live = try tx.orderAllocations(order, liveOnly: true)
                var lines = try tx.orderLines(order)
                var counted: Set<Int64> = []
                var shortsHere = 0
                for row in confirmations {
                    let c = row.value
                    guard let a = live.first(where: { $0.lineNo == c.line && $0.sku == c.sku && $0.location == c.location }),
                          !counted.contains(a.id) else {
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
                    try tx.shortPick(a, orderID: order, units: short, wave: c.wave, actor: actor.name, at: at)
                    let index = lines.firstIndex { $0.lineNo == c.line }!
                    lines[index].allocated -= short
                    lines[index].backordered += short
                    lines[index].backorderedSince = lines[index].backorderedSince ?? at
                    try tx.updateLine(lines[index], orderID: order)
                    outcome.shortPicks += 1
                    outcome.shortUnits += short
                    shortsHere += 1
                }
                let anyLeft = lines.contains { $0.allocated > 0 }
                let state: OrderState = anyLeft ? .packed : OrderState.derived(from: lines.map(\.quantities), current: .allocated)
                try tx.setOrderState(order, state, at: at)
                if anyLeft { outcome.packed += 1 } else { outcome.backordered += 1 }
                var after = before
                after.state = state
                try auditOrder(tx, actor, .fulfilOrder, order: before, after: after,
                               reason: "picked in wave \(confirmations[0].value.wave) from \(source)"
                                   + (shortsHere == 0 ? "" : "; \(shortsHere) short pick(s) sent to quarantine for a count"))
            }
            for wave in waves where try tx.waveOrders(wave).allSatisfy({ byOrder[$0] != nil }) { try tx.closeWave(wave) }
            return outcome
        }
    }
}
