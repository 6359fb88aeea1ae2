import GRDB
import Domain

/// The inbound work waiting, queue by queue: how many and since when (the oldest).
public struct InboundQueueCounts: Sendable, Equatable {
    public struct Count: Sendable, Equatable {
        public var count: Int
        /// The oldest item's date or time (yyyy-mm-dd or ISO): when it entered the queue or fell due.
        public var oldest: String?
        public init(count: Int, oldest: String?) { self.count = count; self.oldest = oldest }
    }
    /// Purchase orders per state (drop-ship orders apart).
    public var purchaseOrders: [PurchaseOrderState: Count]
    /// Orders with a line open past its expected date; oldest is the earliest such date.
    public var latePurchaseOrders: Count
    /// Drop-ship orders their suppliers have still to ship to the customer; oldest is the
    /// earliest expected date.
    public var dropShips: Count
    /// Open shipping notices with exceptions to look at.
    public var noticeExceptions: Count
    /// Open notices past their expected arrival.
    public var lateNotices: Count
    /// Transfers per state.
    public var transfers: [TransferState: Count]
}

extension StoreReading {
    /// Every inbound queue's count and oldest item, as of `today` (yyyy-mm-dd).
    public func inboundQueueCounts(today: String) throws -> InboundQueueCounts {
        var orders: [PurchaseOrderState: InboundQueueCounts.Count] = [:]
        for r in try Row.fetchAll(db, sql: "SELECT state, count(*), min(state_since) FROM purchase_order WHERE drop_ship_order_id IS NULL GROUP BY state") {
            if let state = PurchaseOrderState(rawValue: r[0]) { orders[state] = .init(count: r[1], oldest: r[2]) }
        }
        var transfers: [TransferState: InboundQueueCounts.Count] = [:]
        for r in try Row.fetchAll(db, sql: "SELECT state, count(*), min(state_since) FROM transfer GROUP BY state") {
            if let state = TransferState(rawValue: r[0]) { transfers[state] = .init(count: r[1], oldest: r[2]) }
        }
        let inbound = PurchaseOrderState.allCases.filter(\.countsAsInbound).map { "'\($0.rawValue)'" }.joined(separator: ", ")
        let late = try Row.fetchOne(db, sql: """
            SELECT count(DISTINCT p.id), min(l.expected_date) FROM purchase_order p JOIN purchase_order_line l ON l.po_id = p.id
            WHERE p.state IN (\(inbound)) AND l.received < l.quantity AND l.expected_date < ? AND p.drop_ship_order_id IS NULL
            """, arguments: [today])
        let dropShips = try Row.fetchOne(db, sql: """
            SELECT count(*), min(l.expected_date) FROM purchase_order p JOIN purchase_order_line l ON l.po_id = p.id
            WHERE p.drop_ship_order_id IS NOT NULL AND p.state = 'sent'
            """)
        let exceptions = try Row.fetchOne(db, sql: """
            SELECT count(*), min(a.imported_at) FROM asn a
            WHERE a.state = 'open' AND EXISTS (SELECT 1 FROM asn_exception e WHERE e.asn_id = a.id)
            """)
        let lateNotices = try Row.fetchOne(db, sql: """
            SELECT count(*), min(expected_arrival) FROM asn WHERE state = 'open' AND expected_arrival < ?
            """, arguments: [today])
        func count(_ row: Row?) -> InboundQueueCounts.Count { .init(count: row?[0] ?? 0, oldest: row?[1]) }
        return InboundQueueCounts(purchaseOrders: orders, latePurchaseOrders: count(late), dropShips: count(dropShips),
                                  noticeExceptions: count(exceptions),
                                  lateNotices: count(lateNotices), transfers: transfers)
    }
}
