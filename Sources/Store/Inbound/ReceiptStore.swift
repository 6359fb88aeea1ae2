import GRDB
import Domain

/// A receipt as stored: what arrived against which order, when, and where it went.
public struct ReceiptRow: Sendable, Equatable, Codable {
    public struct Line: Sendable, Equatable, Codable {
        public var sku: String
        public var quantity: Int
        public var condition: String
        public var status: String
    }
    public var id: Int64
    public var purchaseOrder: String
    public var arrivedOn: String
    public var receivedAt: String
    public var receivedBy: String
    public var note: String
    public var lines: [Line]
}

extension StoreReading {
    /// What receiving needs of a SKU at a location, in one read: its id, whether its goods wait
    /// in quarantine for inspection, and its position there.
    public func receivingFacts(_ code: String, locationID: Int64) throws -> (id: Int64, inspect: Bool, position: StockPosition)? {
        try Row.fetchOne(db.cachedStatement(sql: """
            SELECT s.id, s.inspect_on_receipt, coalesce(p.sellable, 0), coalesce(p.reserved, 0), coalesce(p.quarantine, 0),
                   coalesce(p.damaged, 0), coalesce(p.return_pending, 0)
            FROM sku s LEFT JOIN stock_position p ON p.sku_id = s.id AND p.location_id = ? WHERE s.code = ?
            """), arguments: [locationID, code]).map {
            ($0[0], $0[1], StockPosition(sellable: $0[2], reserved: $0[3], quarantine: $0[4], damaged: $0[5], returnPending: $0[6]))
        }
    }

    /// The same for a receipt's SKUs in one read, by code (unknown codes are absent).
    public func receivingFacts(_ codes: [String], locationID: Int64) throws -> [String: (id: Int64, inspect: Bool, position: StockPosition)] {
        var facts: [String: (id: Int64, inspect: Bool, position: StockPosition)] = [:]
        let rows = try Row.fetchCursor(db.cachedStatement(sql: """
            SELECT s.code, s.id, s.inspect_on_receipt, coalesce(p.sellable, 0), coalesce(p.reserved, 0), coalesce(p.quarantine, 0),
                   coalesce(p.damaged, 0), coalesce(p.return_pending, 0)
            FROM sku s LEFT JOIN stock_position p ON p.sku_id = s.id AND p.location_id = ?
            WHERE s.code IN (SELECT value FROM json_each(?))
            """), arguments: [locationID, Self.jsonArray(codes)])
        while let r = try rows.next() {
            facts[r[0]] = (r[1], r[2], StockPosition(sellable: r[3], reserved: r[4], quarantine: r[5], damaged: r[6], returnPending: r[7]))
        }
        return facts
    }

    /// An order's receipts, oldest first.
    public func receipts(purchaseOrder id: Int64) throws -> [ReceiptRow] {
        var receipts = try Row.fetchAll(db, sql: """
            SELECT r.id, p.code, r.arrived_on, r.received_at, r.received_by, r.note FROM receipt r
            JOIN purchase_order p ON p.id = r.po_id WHERE r.po_id = ? ORDER BY r.id
            """, arguments: [id]).map {
            ReceiptRow(id: $0[0], purchaseOrder: $0[1], arrivedOn: $0[2], receivedAt: $0[3], receivedBy: $0[4], note: $0[5], lines: [])
        }
        let lines = try Row.fetchAll(db, sql: """
            SELECT l.receipt_id, s.code, l.quantity, l.condition, l.to_status FROM receipt_line l JOIN sku s ON s.id = l.sku_id
            WHERE l.receipt_id IN (SELECT id FROM receipt WHERE po_id = ?) ORDER BY l.receipt_id, l.line_no
            """, arguments: [id])
        for row in lines {
            let receipt: Int64 = row[0]
            if let i = receipts.firstIndex(where: { $0.id == receipt }) {
                receipts[i].lines.append(ReceiptRow.Line(sku: row[1], quantity: row[2], condition: row[3], status: row[4]))
            }
        }
        return receipts
    }

    /// Purchase-order lines whose received quantity is not what their receipts add up to
    /// (drop-ship orders are delivered to the customer, by the supplier's shipment, not received).
    public func receiptMismatches(limit: Int = 20) throws -> [String] {
        try Row.fetchAll(db, sql: """
            SELECT p.code, s.code, l.received, coalesce(r.units, 0) FROM purchase_order_line l
            JOIN purchase_order p ON p.id = l.po_id JOIN sku s ON s.id = l.sku_id
            LEFT JOIN (SELECT rc.po_id, rl.sku_id, sum(rl.quantity) AS units FROM receipt_line rl JOIN receipt rc ON rc.id = rl.receipt_id
                       GROUP BY rc.po_id, rl.sku_id) r ON r.po_id = l.po_id AND r.sku_id = l.sku_id
            WHERE l.received <> coalesce(r.units, 0) AND p.drop_ship_order_id IS NULL ORDER BY p.id, l.line_no LIMIT ?
            """, arguments: [limit]).map { "\($0[0] as String) line \($0[1] as String): \($0[2] as Int) received but its receipts add up to \($0[3] as Int)" }
    }

    /// Every delivery from a supplier as its performance is learnt from it: when the order was
    /// sent, the earliest day a line it brought was expected, and when it arrived.
    public func deliveries(supplier code: String) throws -> [SupplierPerformance.Receipt] {
        try deliveries(supplier: code, arrivedFrom: nil, to: nil).map(\.receipt)
    }

    /// Receipts against sent orders, with their supplier: of one supplier (nil: all), arrived
    /// between two days (both included; nil: no bound), in the order they were made.
    public func deliveries(supplier code: String?, arrivedFrom from: String?, to: String?) throws
        -> [(supplier: String, receipt: SupplierPerformance.Receipt)] {
        try Row.fetchAll(db.cachedStatement(sql: """
            SELECT s.code, substr(p.sent_at, 1, 10), min(pl.expected_date), r.arrived_on
            FROM receipt r JOIN purchase_order p ON p.id = r.po_id JOIN supplier s ON s.id = p.supplier_id
            JOIN receipt_line rl ON rl.receipt_id = r.id
            JOIN purchase_order_line pl ON pl.po_id = r.po_id AND pl.sku_id = rl.sku_id
            WHERE (?1 IS NULL OR s.code = ?1) AND p.sent_at IS NOT NULL AND (?2 IS NULL OR r.arrived_on >= ?2) AND (?3 IS NULL OR r.arrived_on <= ?3)
            GROUP BY r.id ORDER BY r.id
            """), arguments: [code, from, to]).map { ($0[0], SupplierPerformance.Receipt(orderedOn: $0[1], expectedOn: $0[2], arrivedOn: $0[3])) }
    }
}

extension StoreTransaction {
    /// Stores a receipt and adds what arrived to its order's lines (both conditions count as
    /// received: damaged goods arrived too, and the supplier is answerable for them).
    public func insertReceipt(order id: Int64, arrivedOn: String, note: String, lines: [(line: ReceivedLine, skuID: Int64, status: StockStatus)],
                              by actor: String, at: String) throws -> Int64 {
        try db.cachedStatement(sql: """
            INSERT INTO receipt (po_id, arrived_on, received_at, received_by, note) VALUES (?, ?, ?, ?, ?)
            """).execute(arguments: [id, arrivedOn, at, actor, note])
        let receipt = db.lastInsertedRowID
        // The lines go to SQLite as one JSON array that it expands itself (json_each): two
        // statements a receipt rather than two a line. Every value is a number or an enum's name.
        let json = "[" + lines.enumerated().map { n, l in
            "[\(n + 1),\(l.skuID),\(l.line.quantity),\"\(l.line.condition.rawValue)\",\"\(l.status.rawValue)\"]"
        }.joined(separator: ",") + "]"
        try db.cachedStatement(sql: """
            INSERT INTO receipt_line (receipt_id, line_no, sku_id, quantity, condition, to_status)
            SELECT ?, json_extract(j.value, '$[0]'), json_extract(j.value, '$[1]'), json_extract(j.value, '$[2]'), json_extract(j.value, '$[3]'), json_extract(j.value, '$[4]') FROM json_each(?) j
            """).execute(arguments: [receipt, json])
        try db.cachedStatement(sql: """
            UPDATE purchase_order_line SET received = received + r.units
            FROM (SELECT json_extract(j.value, '$[1]') AS sku_id, sum(json_extract(j.value, '$[2]')) AS units FROM json_each(?) j GROUP BY 1) AS r
            WHERE purchase_order_line.po_id = ? AND purchase_order_line.sku_id = r.sku_id
            """).execute(arguments: [json, id])
        return receipt
    }
}
