import GRDB
import Domain

/// Reads for many orders at once: bulk work (allocation, waves, shipment feeds) reads a
/// chunk's worth in a few queries instead of a few queries per order.
extension StoreReading {
    /// SQLite binds at most 32,766 values a statement: longer lists of ids are read in slices.
    private func inSlices<Value>(_ ids: [Int64], _ read: ([Int64]) throws -> [Int64: Value]) throws -> [Int64: Value] {
        guard ids.count > Self.idsPerStatement else { return ids.isEmpty ? [:] : try read(ids) }
        var result: [Int64: Value] = [:]
        for start in stride(from: 0, to: ids.count, by: Self.idsPerStatement) {
            result.merge(try read(Array(ids[start..<min(start + Self.idsPerStatement, ids.count)]))) { $1 }
        }
        return result
    }

    private static var idsPerStatement: Int { 10_000 }

    /// Rows of several orders grouped by order id: `sql` is given the ids' placeholders, the
    /// row's `orderColumn` names its order, and `row` reads the rest.
    private func byOrder<Value>(_ ids: [Int64], orderColumn: Int, sql: (String) -> String,
                                row: (Row) -> Value) throws -> [Int64: [Value]] {
        try inSlices(ids) { ids in
            var result: [Int64: [Value]] = [:]
            // A cursor decodes each row from the statement in place (`fetchAll` copies it first).
            let rows = try Row.fetchCursor(db, sql: sql(databaseQuestionMarks(count: ids.count)), arguments: StatementArguments(ids))
            while let r = try rows.next() {
                result[r[orderColumn], default: []].append(row(r))
            }
            return result
        }
    }

    /// Headers of several orders at once, by id (allocation reads a chunk's worth together).
    public func orderHeaders(_ ids: [Int64]) throws -> [Int64: OrderHeader] {
        try inSlices(ids) { ids in
            let marks = databaseQuestionMarks(count: ids.count)
            var result: [Int64: OrderHeader] = [:]
            let rows = try Row.fetchCursor(db, sql: "SELECT \(Self.orderColumns) FROM sales_order o WHERE o.id IN (\(marks))",
                                           arguments: StatementArguments(ids))
            while let row = try rows.next() {
                let header = Self.orderHeader(from: row)
                result[header.id] = header
            }
            return result
        }
    }

    /// Lines of several orders at once, by order id.
    public func orderLines(_ ids: [Int64]) throws -> [Int64: [OrderLineRow]] {
        try byOrder(ids, orderColumn: 14, sql: { marks in """
            SELECT l.line_no, s.code, l.sku_id, l.description, l.quantity, l.unit_price, l.discount, l.tax, l.allocated,
              l.backordered, l.cancelled, l.shipped, l.expected_date, l.backordered_since, l.order_id
            FROM order_line l JOIN sku s ON s.id = l.sku_id WHERE l.order_id IN (\(marks)) ORDER BY l.order_id, l.line_no
            """ }, row: Self.orderLine(from:))
    }

    /// The locations each order already ships from (its live allocations), by order id.
    public func shippingLocations(_ ids: [Int64]) throws -> [Int64: [Int64]] {
        try byOrder(ids, orderColumn: 0, sql: { marks in """
            SELECT order_id, location_id FROM allocation WHERE order_id IN (\(marks)) AND status = 'live'
            GROUP BY order_id, location_id ORDER BY order_id, min(id)
            """ }, row: { $0[1] })
    }

    /// Live allocations of several orders at once, by order id (each order's in allocation order).
    public func liveAllocations(_ ids: [Int64]) throws -> [Int64: [AllocationRow]] {
        try byOrder(ids, orderColumn: 11, sql: { marks in """
            SELECT a.id, a.line_no, s.code, l.code, a.quantity, a.line_units, a.status, a.shipment_id, a.created_at,
              a.sku_id, a.location_id, a.order_id
            FROM allocation a JOIN sku s ON s.id = a.sku_id JOIN location l ON l.id = a.location_id
            WHERE a.order_id IN (\(marks)) AND a.status = 'live' ORDER BY a.order_id, a.id
            """ }, row: Self.allocation(from:))
    }

    /// How many live allocations each of several orders holds (orders with none are absent).
    public func liveAllocationCounts(_ ids: [Int64]) throws -> [Int64: Int] {
        try inSlices(ids) { ids in
            var result: [Int64: Int] = [:]
            for r in try Row.fetchAll(db, sql: """
                SELECT order_id, count(*) FROM allocation
                WHERE order_id IN (\(databaseQuestionMarks(count: ids.count))) AND status = 'live' GROUP BY order_id
                """, arguments: StatementArguments(ids)) {
                result[r[0]] = r[1]
            }
            return result
        }
    }

    /// The tracking numbers already recorded for several orders, with the location each left
    /// from, by order id (a re-sent shipment feed finds its duplicates here).
    public func shipmentTracking(_ ids: [Int64]) throws -> [Int64: [(tracking: String, locationID: Int64)]] {
        try byOrder(ids, orderColumn: 0, sql: { marks in
            "SELECT order_id, tracking, location_id FROM shipment WHERE order_id IN (\(marks))"
        }, row: { (tracking: $0[1], locationID: $0[2]) })
    }

    /// The open wave each of several orders is picking in, by order id (orders in none are absent).
    public func openWaves(of ids: [Int64]) throws -> [Int64: Int64] {
        try inSlices(ids) { ids in
            var result: [Int64: Int64] = [:]
            for r in try Row.fetchAll(db, sql: """
                SELECT wo.order_id, wo.wave_id FROM wave_order wo JOIN wave w ON w.id = wo.wave_id
                WHERE wo.order_id IN (\(databaseQuestionMarks(count: ids.count))) AND w.state = 'open'
                """, arguments: StatementArguments(ids)) {
                result[r[0]] = r[1]
            }
            return result
        }
    }
}
