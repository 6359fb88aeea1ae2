import GRDB
import Domain

/// A customer return as stored, with the order it came from.
public struct CustomerReturnRecord: Sendable, Equatable, Codable {
    public var id: Int64
    public var code: String
    public var order: Int64
    public var orderRef: String
    public var customer: String
    public var lineNo: Int
    public var sku: String
    public var skuID: Int64
    public var quantity: Int
    public var reason: ReturnReason
    public var state: ReturnState
    public var exchangeOrder: Int64?
    public var location: String?
    public var condition: ReturnCondition?
    public var disposition: Disposition?
    public var currency: String
    /// What the customer paid for the units (net and tax) and their share of the freight.
    public var paid: Int64
    public var freightShare: Int64
    public var refundDue: Int64
    public var refundState: RefundState
    public var refundAmount: Int64?
    public var refundNote: String
    public var note: String
    public var createdAt: String
    public var createdBy: String
    public var stateSince: String
    public var receivedAt: String?
    public var inspectedAt: String?
    public var inspectedBy: String?
    public var releasedAt: String?
    public var releasedBy: String?
    /// An RMA, or imported from a return document (its reference and line).
    public var source: String
    public var document: String?
    public var documentLine: Int?

    /// The most any refund of this return may be.
    public var refundCap: Int64 { paid + freightShare }
}

/// A sale line a returned unit may be tied to, with what is left of it to return.
public struct ReturnCandidate: Sendable, Equatable {
    public var order: Int64
    public var line: Int
    public var quantity: Int
    public var shipped: Int
    public var unitPrice: Int64
    public var discount: Int64
    public var tax: Int64?
    public var freight: Int64
    public var currency: String
    public var returned: Int
    public var returnable: Int { max(0, shipped - returned) }
}

/// Units of an imported return document's line tied to no sale, and why.
public struct UnmatchedReturnRow: Sendable, Equatable, Codable {
    public var document: Int64
    public var documentRef: String
    public var customer: String
    public var orderedAt: String
    public var line: Int
    public var sku: String
    public var quantity: Int
    public var reason: String
}

extension StoreReading {
    public func customerReturn(_ code: String) throws -> CustomerReturnRecord? {
        try customerReturns(where: "r.code = ?", [code], limit: 1).first
    }

    /// Returns, oldest first, optionally of one state.
    public func customerReturns(state: ReturnState?, limit: Int?) throws -> [CustomerReturnRecord] {
        if let state { return try customerReturns(where: "r.state = ?", [state.rawValue], limit: limit) }
        return try customerReturns(where: "1 = 1", [], limit: limit)
    }

    /// Returns someone still has work on: to receive, to inspect, or a refund to release;
    /// oldest first.
    public func liveCustomerReturns(limit: Int?) throws -> [CustomerReturnRecord] {
        try customerReturns(where: "r.state IN ('authorized','received') OR (r.state = 'inspected' AND r.refund_state = 'held')", [],
                            limit: limit)
    }

    public func liveCustomerReturnCount() throws -> Int {
        try Int.fetchOne(db, sql: """
            SELECT count(*) FROM customer_return WHERE state IN ('authorized','received') OR (state = 'inspected' AND refund_state = 'held')
            """) ?? 0
    }

    public func customerReturns(order: Int64) throws -> [CustomerReturnRecord] {
        try customerReturns(where: "r.order_id = ?", [order], limit: nil)
    }

    public func customerReturnCount(state: ReturnState?) throws -> Int {
        try Int.fetchOne(db, sql: "SELECT count(*) FROM customer_return WHERE ?1 IS NULL OR state = ?1", arguments: [state?.rawValue]) ?? 0
    }

    private func customerReturns(where clause: String, _ arguments: [any DatabaseValueConvertible], limit: Int?) throws -> [CustomerReturnRecord] {
        try Row.fetchAll(db.cachedStatement(sql: """
            SELECT r.id, r.code, r.order_id, o.external_ref, o.customer, r.line_no, s.code, r.sku_id, r.quantity, r.reason, r.state,
                   r.exchange_order_id, l.code, r.condition, r.disposition, r.currency, r.paid, r.freight_share, r.refund_due,
                   r.refund_state, r.refund_amount, r.refund_note, r.note, r.created_at, r.created_by, r.state_since, r.received_at,
                   r.inspected_at, r.inspected_by, r.released_at, r.released_by, r.source, d.external_ref, r.document_line
            FROM customer_return r JOIN sales_order o ON o.id = r.order_id JOIN sku s ON s.id = r.sku_id
            LEFT JOIN location l ON l.id = r.location_id LEFT JOIN sales_order d ON d.id = r.document_id
            WHERE \(clause) ORDER BY r.id LIMIT ?
            """), arguments: StatementArguments(arguments + [limit ?? -1])).map { r in
            CustomerReturnRecord(id: r[0], code: r[1], order: r[2], orderRef: r[3], customer: r[4], lineNo: r[5], sku: r[6], skuID: r[7],
                                 quantity: r[8], reason: ReturnReason(rawValue: r[9]) ?? .notGiven, state: ReturnState(rawValue: r[10]) ?? .authorized,
                                 exchangeOrder: r[11], location: r[12], condition: (r[13] as String?).flatMap(ReturnCondition.init(rawValue:)),
                                 disposition: (r[14] as String?).flatMap(Disposition.init(rawValue:)), currency: r[15], paid: r[16],
                                 freightShare: r[17], refundDue: r[18], refundState: RefundState(rawValue: r[19]) ?? .none, refundAmount: r[20],
                                 refundNote: r[21], note: r[22], createdAt: r[23], createdBy: r[24], stateSince: r[25], receivedAt: r[26],
                                 inspectedAt: r[27], inspectedBy: r[28], releasedAt: r[29], releasedBy: r[30], source: r[31],
                                 document: r[32], documentLine: r[33])
        }
    }

    /// Units of an order line on returns that are not cancelled.
    public func returnedQuantity(order: Int64, line: Int) throws -> Int {
        try Int.fetchOne(db.cachedStatement(sql: """
            SELECT coalesce(sum(quantity), 0) FROM customer_return WHERE order_id = ? AND line_no = ? AND state <> 'cancelled'
            """), arguments: [order, line]) ?? 0
    }

    /// Lines of earlier sales to a customer of a SKU, newest first, with what is left of each
    /// to return (shipped, less what returns not cancelled hold): where an imported return
    /// document's line is tied to.
    public func returnCandidates(customer: String, skuID: Int64, before orderedAt: String) throws -> [ReturnCandidate] {
        try Row.fetchAll(db.cachedStatement(sql: """
            SELECT l.order_id, l.line_no, l.quantity, l.shipped, l.unit_price, l.discount, l.tax, o.freight, o.currency,
                   (SELECT coalesce(sum(r.quantity), 0) FROM customer_return r
                    WHERE r.order_id = l.order_id AND r.line_no = l.line_no AND r.state <> 'cancelled')
            FROM sales_order o JOIN order_line l ON l.order_id = o.id
            WHERE o.customer = ?1 COLLATE NOCASE AND o.kind = 'sale' AND l.sku_id = ?2 AND o.ordered_at < ?3
            ORDER BY o.ordered_at DESC, o.id DESC, l.line_no
            """), arguments: [customer, skuID, orderedAt]).map { r in
            ReturnCandidate(order: r[0], line: r[1], quantity: r[2], shipped: r[3], unitPrice: r[4], discount: r[5], tax: r[6], freight: r[7],
                            currency: r[8], returned: r[9])
        }
    }

    /// An order's goods net of discounts: what its freight is shared by.
    public func orderNet(_ order: Int64) throws -> Int64 {
        try Int64.fetchOne(db.cachedStatement(sql: "SELECT coalesce(sum(quantity * unit_price - discount), 0) FROM order_line WHERE order_id = ?"),
                           arguments: [order]) ?? 0
    }

    /// Lines of imported return documents no earlier sale took back, with why; oldest first.
    public func unmatchedReturns(limit: Int?) throws -> [UnmatchedReturnRow] {
        try Row.fetchAll(db.cachedStatement(sql: """
            SELECT d.id, d.external_ref, d.customer, d.ordered_at, u.line_no, s.code, u.quantity, u.reason
            FROM unmatched_return u JOIN sales_order d ON d.id = u.document_id JOIN sku s ON s.id = u.sku_id
            ORDER BY u.document_id, u.line_no LIMIT ?
            """), arguments: [limit ?? -1]).map { r in
            UnmatchedReturnRow(document: r[0], documentRef: r[1], customer: r[2], orderedAt: r[3], line: r[4], sku: r[5], quantity: r[6], reason: r[7])
        }
    }

    public func unmatchedReturnCount() throws -> Int {
        try Int.fetchOne(db, sql: "SELECT count(*) FROM unmatched_return") ?? 0
    }

    /// The locations an order line's units shipped from.
    public func shippedFrom(order: Int64, line: Int) throws -> [String] {
        try String.fetchAll(db, sql: """
            SELECT DISTINCT l.code FROM allocation a JOIN location l ON l.id = a.location_id
            WHERE a.order_id = ? AND a.line_no = ? AND a.status = 'shipped' ORDER BY l.code
            """, arguments: [order, line])
    }

    /// What `qm verify` checks of returns: no order line has more returned than shipped, and
    /// no order has more refunded than was paid for it (its lines, tax and freight).
    public func returnMismatches() throws -> [String] {
        var problems = try Row.fetchAll(db, sql: """
            SELECT r.order_id, r.line_no, sum(r.quantity), l.shipped FROM customer_return r
            JOIN order_line l ON l.order_id = r.order_id AND l.line_no = r.line_no
            WHERE r.state <> 'cancelled' GROUP BY r.order_id, r.line_no HAVING sum(r.quantity) > l.shipped
            """).map { r in
            "order \(r[0] as Int64) line \(r[1] as Int): \(r[2] as Int) units on returns but \(r[3] as Int) shipped"
        }
        problems += try Row.fetchAll(db, sql: """
            SELECT r.order_id, sum(r.refund_amount), o.freight + (SELECT sum(l.quantity * l.unit_price - l.discount + coalesce(l.tax, 0))
                                                                   FROM order_line l WHERE l.order_id = o.id)
            FROM customer_return r JOIN sales_order o ON o.id = r.order_id WHERE r.refund_state = 'released'
            GROUP BY r.order_id HAVING sum(r.refund_amount) > o.freight + (SELECT sum(l.quantity * l.unit_price - l.discount + coalesce(l.tax, 0))
                                                                           FROM order_line l WHERE l.order_id = o.id)
            """).map { r in
            "order \(r[0] as Int64): \(Money.format(r[1] as Int64)) refunded but \(Money.format(r[2] as Int64)) was paid for it"
        }
        return problems
    }
}

extension StoreTransaction {
    /// A code no return has: RMA- and the next number.
    public func nextReturnCode() throws -> String {
        var n = (try Int64.fetchOne(db, sql: "SELECT coalesce(max(id), 0) + 1 FROM customer_return") ?? 1)
        while try Int.fetchOne(db, sql: "SELECT 1 FROM customer_return WHERE code = ?", arguments: ["RMA-\(n)"]) != nil { n += 1 }
        return "RMA-\(n)"
    }

    public func insertReturn(code: String, order: Int64, line: Int, skuID: Int64, quantity: Int, reason: ReturnReason, currency: String,
                             paid: Int64, freightShare: Int64, refundDue: Int64, note: String, by actor: String, at: String) throws -> Int64 {
        try db.cachedStatement(sql: """
            INSERT INTO customer_return (code, order_id, line_no, sku_id, quantity, reason, state, currency, paid, freight_share, refund_due,
                                         refund_state, note, created_at, created_by, state_since)
            VALUES (?, ?, ?, ?, ?, ?, 'authorized', ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [code, order, line, skuID, quantity, reason.rawValue, currency, paid, freightShare, refundDue,
                                     refundDue > 0 ? "held" : "none", note, at, actor, at])
        return db.lastInsertedRowID
    }

    /// A return tied from an imported document's line to a sale line. One of the past
    /// (`history`) is stored as done: refunded what the document says, capped at what was paid.
    public func insertImportedReturn(code: String, candidate c: ReturnCandidate, skuID: Int64, quantity: Int, document: Int64, documentLine: Int,
                                     paid: Int64, freightShare: Int64, refundDue: Int64, history: String?, by actor: String, at: String) throws {
        try db.cachedStatement(sql: """
            INSERT INTO customer_return (code, order_id, line_no, sku_id, quantity, reason, state, source, document_id, document_line, currency,
                                         paid, freight_share, refund_due, refund_state, refund_amount, note, created_at, created_by, state_since,
                                         released_at, released_by)
            VALUES (?1, ?2, ?3, ?4, ?5, 'notGiven', ?6, 'import', ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, '', ?15, ?16, coalesce(?17, ?15), ?17, ?18)
            """).execute(arguments: [code, c.order, c.line, skuID, quantity, history == nil ? "authorized" : "history", document, documentLine,
                                     c.currency, paid, freightShare, refundDue,
                                     history != nil ? "released" : refundDue > 0 ? "held" : "none", history != nil ? refundDue : nil,
                                     at, actor, history, history != nil ? actor : nil])
    }

    public func insertUnmatchedReturn(document: Int64, line: Int, skuID: Int64, quantity: Int, reason: String) throws {
        try db.cachedStatement(sql: "INSERT INTO unmatched_return (document_id, line_no, sku_id, quantity, reason) VALUES (?, ?, ?, ?, ?)")
            .execute(arguments: [document, line, skuID, quantity, reason])
    }

    public func setExchangeOrder(return id: Int64, order: Int64) throws {
        try db.execute(sql: "UPDATE customer_return SET exchange_order_id = ? WHERE id = ?", arguments: [order, id])
    }

    public func receiveReturn(_ id: Int64, locationID: Int64, by actor: String, at: String) throws {
        try db.execute(sql: """
            UPDATE customer_return SET state = 'received', location_id = ?, received_at = ?, received_by = ?, state_since = ? WHERE id = ?
            """, arguments: [locationID, at, actor, at, id])
    }

    public func inspectReturn(_ id: Int64, condition: ReturnCondition, disposition: Disposition, refundDue: Int64, by actor: String,
                              at: String) throws {
        try db.execute(sql: """
            UPDATE customer_return SET state = 'inspected', condition = ?, disposition = ?, refund_due = ?,
              refund_state = CASE WHEN refund_state = 'released' THEN 'released' WHEN ? > 0 THEN 'held' ELSE 'none' END,
              inspected_at = ?, inspected_by = ?, state_since = ? WHERE id = ?
            """, arguments: [condition.rawValue, disposition.rawValue, refundDue, refundDue, at, actor, at, id])
    }

    public func releaseRefund(_ id: Int64, amount: Int64, note: String, by actor: String, at: String) throws {
        try db.execute(sql: """
            UPDATE customer_return SET refund_state = 'released', refund_amount = ?, refund_note = ?, released_at = ?, released_by = ? WHERE id = ?
            """, arguments: [amount, note, at, actor, id])
    }

    public func cancelReturn(_ id: Int64, at: String) throws {
        try db.execute(sql: "UPDATE customer_return SET state = 'cancelled', refund_state = 'none', state_since = ? WHERE id = ?",
                       arguments: [at, id])
    }
}
