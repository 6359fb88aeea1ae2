import GRDB
import Domain

extension StoreReading {
    /// Every SKU with the value its sales orders asked for since `since` (yyyy-mm-dd; the
    /// order date), in minor units: quantity not cancelled times unit price, less discount.
    /// SKUs with no sale in the window come with 0, so nothing is left out of a ranking.
    public func demandValues(since: String) throws -> [(sku: String, velocity: VelocityClass, value: Int64)] {
        try Row.fetchAll(db, sql: """
            SELECT s.code, s.velocity, coalesce(d.value, 0) FROM sku s LEFT JOIN (
              SELECT l.sku_id, sum((l.quantity - l.cancelled) * l.unit_price - l.discount) AS value
              FROM order_line l JOIN sales_order o ON o.id = l.order_id
              WHERE o.kind = 'sale' AND o.state <> 'cancelled' AND o.ordered_at >= ?
              GROUP BY l.sku_id) d ON d.sku_id = s.id
            WHERE s.active = 1
            """, arguments: [since]).map { ($0[0], VelocityClass(rawValue: $0[1]) ?? .c, $0[2]) }
    }
}

extension StoreTransaction {
    public func setVelocity(sku code: String, _ velocity: VelocityClass) throws {
        try db.cachedStatement(sql: "UPDATE sku SET velocity = ? WHERE code = ?").execute(arguments: [velocity.rawValue, code])
    }
}
