import GRDB
import Domain

/// One shipment to record: what leaves one location for one order, and the live allocations
/// that reserved it.
public struct NewShipment: Sendable {
    public var orderID: Int64
    public var locationID: Int64
    public var carrier: String
    public var tracking: String
    /// When it left ("yyyy-mm-ddThh:mm:ssZ"): the shipment's time and its moves'.
    public var at: String
    public var allocations: [AllocationRow]
    public init(orderID: Int64, locationID: Int64, carrier: String, tracking: String, at: String, allocations: [AllocationRow]) {
        self.orderID = orderID; self.locationID = locationID; self.carrier = carrier; self.tracking = tracking
        self.at = at; self.allocations = allocations
    }
}

extension StoreTransaction {
    /// Records shipments: each a shipment row, its allocations ended as shipped, and a move per
    /// allocation taking the stock out of reserved. Each position touched is updated once, with
    /// the sum of what left it, so a feed of thousands costs a few statements per allocation.
    /// Returns the new shipments' ids, in the order given.
    public func recordShipments(_ shipments: [NewShipment], by actor: String) throws -> [Int64] {
        let insertShipment = try db.cachedStatement(sql: """
            INSERT INTO shipment (order_id, location_id, carrier, tracking, shipped_at, shipped_by) VALUES (?, ?, ?, ?, ?, ?)
            """)
        var ids: [Int64] = []
        ids.reserveCapacity(shipments.count)
        var ended: [(allocation: Int64, shipment: Int64)] = []
        var moves: [(move: StockMove, skuID: Int64, locationID: Int64, at: String)] = []
        var leaving: [PositionKey: (units: Int, allocations: Int)] = [:]
        for s in shipments {
            try insertShipment.execute(arguments: [s.orderID, s.locationID, s.carrier, s.tracking, s.at, actor])
            let id = db.lastInsertedRowID
            ids.append(id)
            let note = "shipped \(s.carrier) \(s.tracking)", document = "order \(s.orderID)"
            for a in s.allocations {
                ended.append((a.id, id))
                moves.append((StockMove(sku: a.sku, location: a.location, from: .reserved, to: nil, quantity: a.quantity,
                                        reason: .shipment, note: note, document: document), a.skuID, a.locationID, s.at))
                let key = PositionKey(skuID: a.skuID, locationID: a.locationID)
                leaving[key, default: (0, 0)].units += a.quantity
                leaving[key]!.allocations += 1
            }
        }
        try endAllocations(ended)
        try appendMoves(moves, actor: actor)
        let position = try db.cachedStatement(sql: """
            UPDATE stock_position SET reserved = reserved - ?1, order_reserved = order_reserved - ?1,
              order_allocations = order_allocations - ?2 WHERE sku_id = ?3 AND location_id = ?4
            """)
        // In key order, so concurrent writers would meet positions in the same order.
        for (key, left) in leaving.sorted(by: { $0.key < $1.key }) {
            try position.execute(arguments: [left.units, left.allocations, key.skuID, key.locationID])
            guard db.changesCount == 1 else { throw StoreError("No stock position for SKU \(key.skuID) at location \(key.locationID).") }
        }
        return ids
    }

    /// Marks allocations shipped by their shipments, a thousand per statement; every one must
    /// still be live.
    private func endAllocations(_ ended: [(allocation: Int64, shipment: Int64)]) throws {
        for start in stride(from: 0, to: ended.count, by: 1_000) {
            let batch = ended[start..<min(start + 1_000, ended.count)]
            try db.execute(sql: """
                UPDATE allocation SET status = 'shipped', shipment_id = v.column2
                FROM (VALUES \(Array(repeating: "(?, ?)", count: batch.count).joined(separator: ","))) AS v
                WHERE allocation.id = v.column1 AND allocation.status = 'live'
                """, arguments: StatementArguments(batch.flatMap { [$0.allocation, $0.shipment] }))
            guard db.changesCount == batch.count else {
                let stale = try batch.first { a in
                    try Int64.fetchOne(db, sql: "SELECT shipment_id FROM allocation WHERE id = ?", arguments: [a.allocation]) != a.shipment
                }
                throw StoreError("Allocation \(stale?.allocation ?? batch[batch.startIndex].allocation) is no longer live.")
            }
        }
    }
}

/// A stock position's key: a SKU at a location.
struct PositionKey: Hashable, Comparable {
    var skuID: Int64
    var locationID: Int64
    static func < (a: PositionKey, b: PositionKey) -> Bool { (a.skuID, a.locationID) < (b.skuID, b.locationID) }
}
