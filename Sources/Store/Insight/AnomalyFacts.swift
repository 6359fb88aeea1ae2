import GRDB
import Domain

/// The daily facts the anomaly series are made of (docs/KPIS.md, Anomalies): per group and
/// day, a numerator and what it is taken over, from `from` (a day) on.
public struct SeriesFact: Sendable, Equatable {
    public var group: String
    public var day: String
    public var amount: Int64
    public var basis: Int64
}

extension StoreReading {
    /// Sales ordered per channel and day, and how many of them are cancelled.
    public func cancellationFacts(from day: String) throws -> [SeriesFact] {
        try Row.fetchAll(db, sql: """
            SELECT channel, substr(ordered_at, 1, 10), sum(state = 'cancelled'), count(*) FROM sales_order
            WHERE kind = 'sale' AND ordered_at >= ? GROUP BY 1, 2
            """, arguments: [day]).map { SeriesFact(group: $0[0], day: $0[1], amount: $0[2], basis: $0[3]) }
    }

    /// Manual adjustments (adjustment moves no count made) per user at a location and day.
    public func manualAdjustmentFacts(from day: String) throws -> [SeriesFact] {
        try Row.fetchAll(db, sql: """
            SELECT m.actor || ' at ' || l.code, substr(m.at, 1, 10), count(*) FROM stock_move m JOIN location l ON l.id = m.location_id
            WHERE m.reason = 'adjustment' AND m.document IS NULL AND m.at >= ? GROUP BY 1, 2
            """, arguments: [day]).map { SeriesFact(group: $0[0], day: $0[1], amount: $0[2], basis: $0[2]) }
    }

    /// The value at unit cost of the count variances decided (approved) per location and day,
    /// and how many lines. Valued in Swift, saturating (SQLite would turn an overflowing
    /// product into a real number).
    public func countVarianceFacts(from day: String) throws -> [SeriesFact] {
        var facts: [String: SeriesFact] = [:]
        for r in try Row.fetchAll(db, sql: """
            SELECT l.code, substr(c.decided_at, 1, 10), abs(c.counted - c.expected), s.unit_cost
            FROM count_line c JOIN count_task t ON t.id = c.task_id JOIN location l ON l.id = t.location_id JOIN sku s ON s.id = c.sku_id
            WHERE c.state = 'approved' AND c.counted IS NOT NULL AND c.expected IS NOT NULL AND c.counted <> c.expected AND c.decided_at >= ?
            """, arguments: [day]) {
            let (location, decided): (String, String) = (r[0], r[1])
            var fact = facts["\(location)\u{0}\(decided)"] ?? SeriesFact(group: location, day: decided, amount: 0, basis: 0)
            fact.amount = Saturating.add(fact.amount, Saturating.multiply(r[2] as Int64, r[3] as Int64))
            fact.basis += 1
            facts["\(location)\u{0}\(decided)"] = fact
        }
        return Array(facts.values)
    }

    /// Units returned (authorized, cancelled ones apart) and units shipped, per SKU and day.
    public func returnRateFacts(from day: String) throws -> (returned: [SeriesFact], shipped: [SeriesFact]) {
        let returned = try Row.fetchAll(db, sql: """
            SELECT s.code, substr(r.created_at, 1, 10), sum(r.quantity) FROM customer_return r JOIN sku s ON s.id = r.sku_id
            WHERE r.created_at >= ? AND r.state <> 'cancelled' GROUP BY 1, 2
            """, arguments: [day]).map { SeriesFact(group: $0[0], day: $0[1], amount: $0[2], basis: $0[2]) }
        let shipped = try Row.fetchAll(db, sql: """
            SELECT k.code, substr(s.shipped_at, 1, 10), sum(a.quantity) FROM shipment s JOIN allocation a ON a.shipment_id = s.id
            JOIN sku k ON k.id = a.sku_id WHERE s.shipped_at >= ? GROUP BY 1, 2
            """, arguments: [day]).map { SeriesFact(group: $0[0], day: $0[1], amount: $0[2], basis: $0[2]) }
        return (returned, shipped)
    }

    /// The documents behind a day of a series, the first `limit`.
    public func anomalyDocuments(_ series: AnomalySeries, group: String, day: String, limit: Int) throws -> [String] {
        let next = OrderDate.adding(days: 1, to: day)
        switch series {
        case .cancellationRate:
            return try Int64.fetchAll(db, sql: """
                SELECT id FROM sales_order WHERE kind = 'sale' AND channel = ? AND ordered_at >= ? AND ordered_at < ? AND state = 'cancelled'
                ORDER BY id LIMIT ?
                """, arguments: [group, day, next, limit]).map { "order \($0)" }
        case .manualAdjustments:
            return try Int64.fetchAll(db, sql: """
                SELECT m.id FROM stock_move m JOIN location l ON l.id = m.location_id
                WHERE m.reason = 'adjustment' AND m.document IS NULL AND m.actor || ' at ' || l.code = ? AND m.at >= ? AND m.at < ?
                ORDER BY m.id LIMIT ?
                """, arguments: [group, day, next, limit]).map { "move \($0)" }
        case .countVarianceValue:
            return try Int64.fetchAll(db, sql: """
                SELECT DISTINCT c.task_id FROM count_line c JOIN count_task t ON t.id = c.task_id JOIN location l ON l.id = t.location_id
                WHERE l.code = ? AND c.state = 'approved' AND c.counted <> c.expected AND c.decided_at >= ? AND c.decided_at < ? ORDER BY 1 LIMIT ?
                """, arguments: [group, day, next, limit]).map { "count \($0)" }
        case .returnRate:
            return try String.fetchAll(db, sql: """
                SELECT r.code FROM customer_return r JOIN sku s ON s.id = r.sku_id
                WHERE s.code = ? AND r.created_at >= ? AND r.created_at < ? AND r.state <> 'cancelled' ORDER BY r.id LIMIT ?
                """, arguments: [group, day, next, limit]).map { "return \($0)" }
        case .marginPerOrder:
            return []   // Operations lists the orders it valued
        }
    }
}
