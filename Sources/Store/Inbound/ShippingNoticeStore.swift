import GRDB
import Domain

/// A stored advance shipping notice with the exceptions found when it was matched.
public struct ShippingNoticeRecord: Sendable, Equatable, Codable {
    public struct Exception: Sendable, Equatable, Codable {
        public var sku: String?
        public var problem: String
    }
    public var id: Int64
    public var notice: AdvanceShippingNotice
    /// open, received or dismissed.
    public var state: String
    /// Who closed it (received or dismissed), when, and what they said.
    public var closedBy: String?
    public var closedAt: String?
    public var closeNote: String?
    public var source: String
    public var importedAt: String
    public var importedBy: String
    public var exceptions: [Exception]
}

extension StoreReading {
    public func shippingNotice(_ ref: String) throws -> ShippingNoticeRecord? {
        try shippingNotices(where: "a.ref = ?", [ref]).first
    }

    /// Notices oldest first: only those with exceptions, only open ones, or only open ones
    /// expected before `lateOn`.
    public func shippingNotices(withExceptions: Bool = false, openOnly: Bool = false, lateOn: String? = nil,
                                limit: Int? = nil) throws -> [ShippingNoticeRecord] {
        let (clause, arguments) = Self.noticeClause(withExceptions: withExceptions, openOnly: openOnly, lateOn: lateOn)
        return try shippingNotices(where: clause, arguments, limit: limit)
    }

    /// How many notices `shippingNotices` would list without a limit.
    public func shippingNoticeCount(withExceptions: Bool = false, openOnly: Bool = false, lateOn: String? = nil) throws -> Int {
        let (clause, arguments) = Self.noticeClause(withExceptions: withExceptions, openOnly: openOnly, lateOn: lateOn)
        return try Int.fetchOne(db, sql: "SELECT count(*) FROM asn a WHERE \(clause)", arguments: StatementArguments(arguments)) ?? 0
    }

    private static func noticeClause(withExceptions: Bool, openOnly: Bool, lateOn: String?) -> (String, [any DatabaseValueConvertible]) {
        var clauses = ["1 = 1"], arguments: [any DatabaseValueConvertible] = []
        if withExceptions { clauses.append("EXISTS (SELECT 1 FROM asn_exception e WHERE e.asn_id = a.id)") }
        if openOnly { clauses.append("a.state = 'open'") }
        if let lateOn { clauses.append("a.state = 'open' AND a.expected_arrival < ?"); arguments.append(lateOn) }
        return (clauses.joined(separator: " AND "), arguments)
    }

    /// The notices that announce goods for an order (matched to it when imported), oldest first.
    public func shippingNotices(purchaseOrder id: Int64) throws -> [ShippingNoticeRecord] {
        try shippingNotices(where: "a.po_id = ?", [id])
    }

    /// The open notices of an order, oldest first: id and reference only (a receipt asks).
    public func openShippingNotices(purchaseOrder id: Int64) throws -> [(id: Int64, ref: String)] {
        try Row.fetchAll(db.cachedStatement(sql: "SELECT id, ref FROM asn WHERE po_id = ? AND state = 'open' ORDER BY id"), arguments: [id])
            .map { ($0[0], $0[1]) }
    }

    private func shippingNotices(where clause: String, _ arguments: [any DatabaseValueConvertible],
                                 limit: Int? = nil) throws -> [ShippingNoticeRecord] {
        try Row.fetchAll(db.cachedStatement(sql: """
            SELECT a.id, a.ref, a.po_ref, a.expected_arrival, a.state, a.source, a.imported_at, a.imported_by,
                   a.closed_by, a.closed_at, a.close_note FROM asn a
            WHERE \(clause) ORDER BY a.id LIMIT ?
            """), arguments: StatementArguments(arguments + [limit ?? -1])).map { r in
            let id: Int64 = r[0]
            let lines = try Row.fetchAll(db.cachedStatement(sql: "SELECT sku, quantity FROM asn_line WHERE asn_id = ? ORDER BY line_no"),
                                         arguments: [id]).map { AdvanceShippingNotice.Line(sku: $0[0], quantity: $0[1]) }
            let exceptions = try Row.fetchAll(db.cachedStatement(sql: "SELECT sku, problem FROM asn_exception WHERE asn_id = ? ORDER BY id"),
                                              arguments: [id]).map { ShippingNoticeRecord.Exception(sku: $0[0], problem: $0[1]) }
            return ShippingNoticeRecord(id: id, notice: AdvanceShippingNotice(ref: r[1], purchaseOrder: r[2], expectedArrival: r[3], lines: lines),
                                        state: r[4], closedBy: r[8], closedAt: r[9], closeNote: r[10], source: r[5], importedAt: r[6],
                                        importedBy: r[7], exceptions: exceptions)
        }
    }
}

extension StoreTransaction {
    public func insertShippingNotice(_ n: AdvanceShippingNotice, orderID: Int64?, exceptions: [(sku: String?, problem: String)],
                                     source: String, by actor: String, at: String) throws {
        try db.cachedStatement(sql: """
            INSERT INTO asn (ref, po_ref, po_id, expected_arrival, state, source, imported_at, imported_by) VALUES (?, ?, ?, ?, 'open', ?, ?, ?)
            """).execute(arguments: [n.ref, n.purchaseOrder, orderID, n.expectedArrival, source, at, actor])
        let id = db.lastInsertedRowID
        for (i, line) in n.lines.enumerated() {
            try db.cachedStatement(sql: "INSERT INTO asn_line (asn_id, line_no, sku, quantity) VALUES (?, ?, ?, ?)")
                .execute(arguments: [id, i + 1, line.sku, line.quantity])
        }
        for e in exceptions {
            try db.cachedStatement(sql: "INSERT INTO asn_exception (asn_id, sku, problem, raised_at) VALUES (?, ?, ?, ?)")
                .execute(arguments: [id, e.sku, e.problem, at])
        }
    }

    /// Closes an open notice: received (its goods arrived) or dismissed, with who, when and why.
    public func closeShippingNotice(_ id: Int64, as state: String, note: String, by actor: String, at: String) throws {
        precondition(state == "received" || state == "dismissed")
        try db.cachedStatement(sql: "UPDATE asn SET state = ?, closed_by = ?, closed_at = ?, close_note = ? WHERE id = ? AND state = 'open'")
            .execute(arguments: [state, actor, at, note, id])
    }
}
