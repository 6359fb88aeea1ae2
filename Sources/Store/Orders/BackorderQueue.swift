import GRDB
import Domain

/// A backordered line of one SKU as it waits for inbound supply.
public struct BackorderedLine: Sendable, Equatable {
    public var orderID: Int64
    public var lineNo: Int
    public var units: Int
    public var channel: String
    public var region: String
    public var expectedDate: String?
}

extension StoreReading {
    /// The SKU's backordered lines (not kits: a kit waits for its components) in allocation
    /// order: promise date, channel priority, age.
    public func backorderQueue(skuID: Int64) throws -> [BackorderedLine] {
        try Row.fetchAll(db.cachedStatement(sql: """
            SELECT l.order_id, l.line_no, l.backordered, o.channel, o.ship_region, l.expected_date
            FROM order_line l INDEXED BY order_line_backordered JOIN sales_order o ON o.id = l.order_id
            WHERE l.sku_id = ? AND l.backordered > 0
            ORDER BY o.promise_date, o.priority, o.ordered_at, o.id, l.line_no
            """), arguments: [skuID]).map {
            BackorderedLine(orderID: $0[0], lineNo: $0[1], units: $0[2], channel: $0[3], region: $0[4], expectedDate: $0[5])
        }
    }

    /// The fulfilling nodes that serve `region` for `channel` (its pool; every node when the
    /// channel has none), by code.
    public func servingNodes(region: String, channel: String) throws -> Set<String> {
        Set(try String.fetchAll(db.cachedStatement(sql: """
            SELECT n.code FROM location_region r JOIN location n ON n.id = r.location_id AND n.fulfils = 1
            WHERE r.region = ? AND (NOT EXISTS (SELECT 1 FROM channel_pool cp WHERE cp.channel = ?)
                                    OR EXISTS (SELECT 1 FROM channel_pool cp WHERE cp.channel = ? AND cp.location_id = n.id))
            """), arguments: [region, channel, channel]))
    }
}

extension StoreTransaction {
    public func setBackorderExpectedDate(order id: Int64, line: Int, to date: String?) throws {
        try db.cachedStatement(sql: "UPDATE order_line SET expected_date = ? WHERE order_id = ? AND line_no = ?")
            .execute(arguments: [date, id, line])
    }
}
