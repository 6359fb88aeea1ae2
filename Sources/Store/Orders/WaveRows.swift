import GRDB
import Domain

/// One line of a wave's pick list: what to take from where for which order line.
public struct PickLine: Hashable, Sendable, Codable {
    public var wave: Int64
    public var order: Int64
    public var line: Int
    public var sku: String
    public var location: String
    public var quantity: Int
}

extension StoreReading {
    /// Allocated orders free to pick: not on hold, not in an open wave, with something of ours
    /// to pick (an order whose lines are all drop-shipped has nothing), and (with `locationID`)
    /// allocated only there; by promise date, then order number.
    public func ordersToWave(locationID: Int64?, limit: Int) throws -> [Int64] {
        try Int64.fetchAll(db, sql: """
            SELECT o.id FROM sales_order o
            WHERE o.kind = 'sale' AND o.state = 'allocated' AND o.on_hold = 0
              AND NOT EXISTS (SELECT 1 FROM wave_order wo JOIN wave w ON w.id = wo.wave_id
                              WHERE wo.order_id = o.id AND w.state = 'open')
              AND (?1 IS NULL OR NOT EXISTS (SELECT 1 FROM allocation a WHERE a.order_id = o.id AND a.status = 'live'
                                            AND a.location_id <> ?1))
              AND EXISTS (SELECT 1 FROM allocation a WHERE a.order_id = o.id AND a.status = 'live')
            ORDER BY o.promise_date, o.id LIMIT ?2
            """, arguments: [locationID, limit])
    }

    /// A wave's pick list: its orders' live allocations, by location and SKU (the walk through
    /// the warehouse), then order and line.
    public func pickList(wave: Int64) throws -> [PickLine] {
        try Row.fetchAll(db, sql: """
            SELECT wo.wave_id, a.order_id, a.line_no, s.code, l.code, a.quantity
            FROM wave_order wo JOIN allocation a ON a.order_id = wo.order_id AND a.status = 'live'
            JOIN sku s ON s.id = a.sku_id JOIN location l ON l.id = a.location_id
            WHERE wo.wave_id = ? ORDER BY l.code, s.code, a.order_id, a.line_no
            """, arguments: [wave]).map {
            PickLine(wave: $0[0], order: $0[1], line: $0[2], sku: $0[3], location: $0[4], quantity: $0[5])
        }
    }

    public func waveOrders(_ wave: Int64) throws -> [Int64] {
        try Int64.fetchAll(db, sql: "SELECT order_id FROM wave_order WHERE wave_id = ? ORDER BY order_id", arguments: [wave])
    }

    public func waveIsOpen(_ wave: Int64) throws -> Bool? {
        try String.fetchOne(db, sql: "SELECT state FROM wave WHERE id = ?", arguments: [wave]).map { $0 == "open" }
    }

    public func shortPickCount() throws -> Int { try Int.fetchOne(db, sql: "SELECT count(*) FROM short_pick") ?? 0 }

    /// What `qm verify` checks of waves: the short picks recorded match the stock moved to
    /// quarantine for them, per SKU and location; no order picks in two open waves.
    public func waveMismatches() throws -> [String] {
        var problems: [String] = []
        for r in try Row.fetchAll(db, sql: """
            SELECT s.code, l.code, coalesce(p.units, 0), coalesce(m.units, 0) FROM
              (SELECT sku_id, location_id FROM short_pick UNION SELECT sku_id, location_id FROM stock_move WHERE reason = 'shortPick') k
            LEFT JOIN (SELECT sku_id, location_id, sum(quantity) AS units FROM short_pick GROUP BY sku_id, location_id) p
              ON p.sku_id = k.sku_id AND p.location_id = k.location_id
            LEFT JOIN (SELECT sku_id, location_id, sum(quantity) AS units FROM stock_move WHERE reason = 'shortPick'
                       GROUP BY sku_id, location_id) m ON m.sku_id = k.sku_id AND m.location_id = k.location_id
            JOIN sku s ON s.id = k.sku_id JOIN location l ON l.id = k.location_id
            WHERE coalesce(p.units, 0) <> coalesce(m.units, 0)
            """) {
            problems.append("\(r[0] as String) at \(r[1] as String): short picks record \(r[2] as Int) units but \(r[3] as Int) were moved to quarantine for them")
        }
        for r in try Row.fetchAll(db, sql: """
            SELECT wo.order_id, count(*) FROM wave_order wo JOIN wave w ON w.id = wo.wave_id WHERE w.state = 'open'
            GROUP BY wo.order_id HAVING count(*) > 1
            """) {
            problems.append("order \(r[0] as Int64) is picking in \(r[1] as Int) open waves")
        }
        return problems
    }
}

extension StoreTransaction {
    public func createWave(locationID: Int64?, carrier: String?, orders: [Int64], by actor: String, at: String) throws -> Int64 {
        try db.execute(sql: "INSERT INTO wave (location_id, carrier, state, created_at, created_by) VALUES (?, ?, 'open', ?, ?)",
                       arguments: [locationID, carrier, at, actor])
        let wave = db.lastInsertedRowID
        try db.execute(sql: "INSERT INTO wave_order (wave_id, order_id) SELECT ?, value FROM json_each(?)",
                       arguments: [wave, Self.jsonArray(orders)])
        return wave
    }

    public func closeWave(_ wave: Int64) throws {
        try db.execute(sql: "UPDATE wave SET state = 'confirmed' WHERE id = ?", arguments: [wave])
    }

    /// A picker found fewer than the allocation holds: the missing units leave the allocation
    /// and wait in quarantine for a count (never sellable again by mistake), recorded as a
    /// short pick. The allocation ends when nothing of it is left.
    public func shortPick(_ allocation: AllocationRow, orderID: Int64, units: Int, wave: Int64, actor: String, at: String) throws {
        let ends = units == allocation.quantity
        if ends {
            try db.cachedStatement(sql: "UPDATE allocation SET status = 'released' WHERE id = ? AND status = 'live'")
                .execute(arguments: [allocation.id])
        } else {
            try db.cachedStatement(sql: """
                UPDATE allocation SET quantity = quantity - ?1, line_units = line_units - ?1 WHERE id = ?2 AND status = 'live'
                """).execute(arguments: [units, allocation.id])
        }
        guard db.changesCount == 1 else { throw StoreError("Allocation \(allocation.id) is no longer live.") }
        let move = StockMove(sku: allocation.sku, location: allocation.location, from: .reserved, to: .quarantine,
                             quantity: units, reason: .shortPick, note: "short pick in wave \(wave)", document: "order \(orderID)")
        try record(move, skuID: allocation.skuID, locationID: allocation.locationID, actor: actor, at: at)
        try db.cachedStatement(sql: """
            UPDATE stock_position SET order_reserved = order_reserved - ?, order_allocations = order_allocations - ?
            WHERE sku_id = ? AND location_id = ?
            """).execute(arguments: [units, ends ? 1 : 0, allocation.skuID, allocation.locationID])
        try db.cachedStatement(sql: """
            INSERT INTO short_pick (wave_id, order_id, line_no, sku_id, location_id, quantity, reported_by, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [wave, orderID, allocation.lineNo, allocation.skuID, allocation.locationID, units, actor, at])
    }
}
