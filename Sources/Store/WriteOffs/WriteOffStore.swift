import GRDB
import Domain

/// One line of a write-off document, with where the document stands.
public struct WriteOffLineRow: Sendable, Equatable, Codable {
    public var document: Int64
    public var ref: String
    public var orderedAt: String
    public var state: WriteOffState
    public var line: Int
    public var sku: String
    public var quantity: Int
    /// What the document says happened ("damaged", "thrown away"); may be empty.
    public var reason: String
    /// Where a posted document took the stock from, and who posted it.
    public var location: String?
    public var fromStatus: String?
    public var postedBy: String?
    public var postedAt: String?
}

extension StoreReading {
    /// The lines of write-off documents, oldest document first: of one state, or all.
    public func writeOffLines(state: WriteOffState?, document: Int64? = nil, limit: Int?) throws -> [WriteOffLineRow] {
        let (condition, arguments) = Self.writeOffCondition(state, document: document)
        return try Row.fetchAll(db.cachedStatement(sql: """
            SELECT o.id, o.external_ref, o.ordered_at, o.state, p.document_id IS NOT NULL, l.line_no, s.code, l.quantity, l.description,
                   loc.code, p.from_status, p.posted_by, p.posted_at
            FROM sales_order o JOIN order_line l ON l.order_id = o.id JOIN sku s ON s.id = l.sku_id
            LEFT JOIN write_off_posting p ON p.document_id = o.id LEFT JOIN location loc ON loc.id = p.location_id
            WHERE o.kind = 'writeOff' \(condition) ORDER BY o.ordered_at, o.id, l.line_no LIMIT ?
            """), arguments: arguments + [limit ?? -1]).map { r in
            WriteOffLineRow(document: r[0], ref: r[1], orderedAt: r[2], state: Self.writeOffState(order: r[3], posted: r[4]),
                            line: r[5], sku: r[6], quantity: r[7], reason: r[8], location: r[9], fromStatus: r[10], postedBy: r[11], postedAt: r[12])
        }
    }

    public func writeOffLineCount(state: WriteOffState?) throws -> Int {
        let (condition, arguments) = Self.writeOffCondition(state, document: nil)
        return try Int.fetchOne(db, sql: """
            SELECT count(*) FROM sales_order o JOIN order_line l ON l.order_id = o.id
            LEFT JOIN write_off_posting p ON p.document_id = o.id WHERE o.kind = 'writeOff' \(condition)
            """, arguments: arguments) ?? 0
    }

    /// A document's state in words: captured is open; closed is posted when it has a posting,
    /// else history; cancelled is void.
    static func writeOffState(order state: String, posted: Bool) -> WriteOffState {
        switch OrderState(rawValue: state) {
        case .closed: posted ? .posted : .history
        case .cancelled: .void
        default: .open
        }
    }

    private static func writeOffCondition(_ state: WriteOffState?, document: Int64?) -> (String, StatementArguments) {
        var sql = "", arguments = StatementArguments()
        switch state {
        case nil: break
        case .open?: sql += " AND o.state = 'captured'"
        case .posted?: sql += " AND o.state = 'closed' AND p.document_id IS NOT NULL"
        case .history?: sql += " AND o.state = 'closed' AND p.document_id IS NULL"
        case .void?: sql += " AND o.state = 'cancelled'"
        }
        if let document { sql += " AND o.id = ?"; arguments += [document] }
        return (sql, arguments)
    }

    /// Posted write-offs whose stock moves disagree with their lines, per SKU: what a
    /// document says left is what its moves took out, and no write-off move lacks a posting.
    public func writeOffMismatches() throws -> [String] {
        try Row.fetchAll(db, sql: """
            WITH moved AS (
              SELECT CAST(substr(document, 11) AS INTEGER) AS document, sku_id, sum(quantity) AS units
              FROM stock_move WHERE reason = 'writeOff' AND document GLOB 'write-off [0-9]*' GROUP BY 1, 2),
            written AS (
              SELECT p.document_id AS document, l.sku_id, sum(l.quantity) AS units
              FROM write_off_posting p JOIN order_line l ON l.order_id = p.document_id GROUP BY 1, 2)
            SELECT k.document, s.code, coalesce(m.units, 0), coalesce(w.units, 0)
            FROM (SELECT document, sku_id FROM moved UNION SELECT document, sku_id FROM written) k
            LEFT JOIN moved m ON m.document = k.document AND m.sku_id = k.sku_id
            LEFT JOIN written w ON w.document = k.document AND w.sku_id = k.sku_id
            JOIN sku s ON s.id = k.sku_id
            WHERE coalesce(m.units, 0) <> coalesce(w.units, 0) ORDER BY k.document, s.code
            """).map { r in
            "write-off \(r[0] as Int64): \(r[1] as String) posted \(r[3] as Int) units but its moves took out \(r[2] as Int)"
        }
    }
}

extension StoreTransaction {
    public func insertWriteOffPosting(document: Int64, locationID: Int64, from status: StockStatus, by actor: String, at: String) throws {
        try db.execute(sql: """
            INSERT INTO write_off_posting (document_id, location_id, from_status, posted_by, posted_at) VALUES (?, ?, ?, ?, ?)
            """, arguments: [document, locationID, status.rawValue, actor, at])
    }
}
