import GRDB
import Domain

/// An acknowledgement of an alert.
public struct AlertAck: Sendable, Equatable, Codable {
    public var by: String
    public var at: String
    public var note: String
}

/// What the alert rules read (Operations derives the alerts from it).
extension StoreReading {
    /// The thresholds a rules file set (the defaults fill the rest).
    public func alertRuleOverrides() throws -> [AlertThreshold] {
        try Row.fetchAll(db, sql: "SELECT rule, scope, threshold FROM alert_rule ORDER BY rule, scope").compactMap { r in
            guard let rule = AlertRule(rawValue: r[0]) else { return nil }
            let scope: String = r[1]
            return AlertThreshold(rule: rule, scope: scope.isEmpty ? nil : scope, value: r[2])
        }
    }

    /// How `alertAcks` keys an acknowledgement: the alert's key and since, apart.
    public static func alertAckKey(key: String, since: String) -> String { "\(key)\u{0}\(since)" }

    /// Acknowledgements by alert key and since (`alertAckKey`).
    public func alertAcks() throws -> [String: AlertAck] {
        var acks: [String: AlertAck] = [:]
        for r in try Row.fetchAll(db, sql: "SELECT key, since, acked_by, acked_at, note FROM alert_ack") {
            acks[Self.alertAckKey(key: r[0], since: r[1])] = AlertAck(by: r[2], at: r[3], note: r[4])
        }
        return acks
    }

    /// Purchase orders still to receive with a line open past `before` (a day): the earliest
    /// such date and how many lines.
    public func lateOrderFacts(before day: String) throws -> [(code: String, supplier: String, expected: String, lines: Int)] {
        let inbound = PurchaseOrderState.allCases.filter(\.countsAsInbound).map { "'\($0.rawValue)'" }.joined(separator: ", ")
        return try Row.fetchAll(db, sql: """
            SELECT p.code, s.code, min(l.expected_date), count(*) FROM purchase_order p JOIN purchase_order_line l ON l.po_id = p.id
            JOIN supplier s ON s.id = p.supplier_id
            WHERE p.state IN (\(inbound)) AND l.received < l.quantity AND l.expected_date < ? AND p.drop_ship_order_id IS NULL
            GROUP BY p.id ORDER BY min(l.expected_date), p.code
            """, arguments: [day]).map { ($0[0], $0[1], $0[2], $0[3]) }
    }

    /// Open shipping notices expected before `day`.
    public func lateNoticeFacts(before day: String) throws -> [(ref: String, order: String, expected: String)] {
        try Row.fetchAll(db, sql: """
            SELECT ref, po_ref, expected_arrival FROM asn WHERE state = 'open' AND expected_arrival < ? ORDER BY expected_arrival, ref
            """, arguments: [day]).map { ($0[0], $0[1], $0[2]) }
    }

    /// Sales allocated (wholly, off hold) since before `time`, waiting to be picked; with
    /// `orders`, only those among them.
    public func unpickedFacts(before time: String, orders: [Int64]? = nil) throws -> [(id: Int64, ref: String, since: String)] {
        try Row.fetchAll(db, sql: """
            SELECT id, external_ref, state_since FROM sales_order o WHERE \(Self.unpicked)\(orders == nil ? "" : Self.amongOrders)
            ORDER BY state_since, id
            """, arguments: StatementArguments([time] + (orders.map { [Self.jsonArray($0)] } ?? []))).map { ($0[0], $0[1], $0[2]) }
    }

    /// How many sales `unpickedFacts` lists, counted without reading them.
    public func unpickedCount(before time: String) throws -> Int {
        try Int.fetchOne(db, sql: "SELECT count(*) FROM sales_order o WHERE \(Self.unpicked)", arguments: [time]) ?? 0
    }

    /// Sales with a line backordered whose promise date is before `day`; with `orders`, only
    /// those among them.
    public func pastPromiseFacts(before day: String, orders: [Int64]? = nil) throws -> [(id: Int64, ref: String, promised: String, units: Int)] {
        try Row.fetchAll(db, sql: """
            SELECT o.id, o.external_ref, o.promise_date, sum(l.backordered) FROM sales_order o JOIN order_line l ON l.order_id = o.id
            WHERE \(Self.pastPromise)\(orders == nil ? "" : Self.amongOrders) GROUP BY o.id ORDER BY o.promise_date, o.id
            """, arguments: StatementArguments([day] + (orders.map { [Self.jsonArray($0)] } ?? []))).map { ($0[0], $0[1], $0[2], $0[3]) }
    }

    /// How many sales `pastPromiseFacts` lists, counted without reading them.
    public func pastPromiseCount(before day: String) throws -> Int {
        try Int.fetchOne(db, sql: """
            SELECT count(DISTINCT o.id) FROM sales_order o JOIN order_line l ON l.order_id = o.id WHERE \(Self.pastPromise)
            """, arguments: [day]) ?? 0
    }

    /// Each rule's condition, one text for its list and its count (`?`: the time or day).
    private static var unpicked: String { "o.kind = 'sale' AND o.state = 'allocated' AND o.on_hold = 0 AND o.state_since < ?" }
    private static var pastPromise: String { "o.kind = 'sale' AND l.backordered > 0 AND o.promise_date < ?" }
    private static var amongOrders: String { " AND o.id IN (SELECT value FROM json_each(?))" }
}

extension StoreTransaction {
    /// The rules file's thresholds replace those set before.
    public func replaceAlertRules(_ thresholds: [AlertThreshold]) throws {
        try db.execute(sql: "DELETE FROM alert_rule")
        for t in thresholds {
            try db.execute(sql: "INSERT INTO alert_rule (rule, scope, threshold) VALUES (?, ?, ?)",
                           arguments: [t.rule.rawValue, t.scope ?? "", t.value])
        }
    }

    public func acknowledgeAlert(key: String, since: String, by actor: String, at: String, note: String) throws {
        try db.execute(sql: "INSERT INTO alert_ack (key, since, acked_by, acked_at, note) VALUES (?, ?, ?, ?, ?)",
                       arguments: [key, since, actor, at, note])
    }
}
