import GRDB
import Domain

/// One queue of the console's orders pane: the sales orders in a state, or the orders with an
/// open hold of one reason (an exception queue).
public enum OrderQueue: Hashable, Sendable {
    case state(OrderState)
    case hold(HoldReason)
}

/// Keyset position in a queue: when the row joined it (the order entered its state, or the
/// hold was placed) and a tiebreak id (the order's for a state queue, the hold's for a hold
/// queue, so each walks its own index).
public struct OrderQueueKey: Hashable, Sendable {
    public var since: String
    public var id: Int64
    public init(since: String, id: Int64) { self.since = since; self.id = id }
}

/// A row of a queue listing: where it sits in the queue and the order's summary.
public struct OrderQueueRow: Hashable, Sendable {
    public var key: OrderQueueKey
    public var summary: OrderSummary
}

extension StoreReading {
    /// A page of a queue, oldest first (or newest first when `descending`), after `after` when
    /// given, skipping `offset` rows. Only the page's own index entries are walked, then its
    /// summaries are read by id, so a page of a million-order queue costs its own rows.
    public func orderQueueRows(_ queue: OrderQueue, matching text: String = "", after: OrderQueueKey? = nil, descending: Bool = false,
                               offset: Int = 0, limit: Int) throws -> [OrderQueueRow] {
        let (sql, args) = Self.orderQueueKeysQuery(queue, matching: text, after: after, descending: descending, offset: offset, limit: limit)
        let keys = try Row.fetchAll(db.cachedStatement(sql: sql), arguments: args).map {
            (key: OrderQueueKey(since: $0[0], id: $0[1]), order: $0[2] as Int64)
        }
        guard !keys.isEmpty else { return [] }
        let marks = databaseQuestionMarks(count: keys.count)
        var summaries: [Int64: OrderSummary] = [:]
        for row in try Row.fetchAll(db, sql: "\(Self.summaryColumns) FROM sales_order o WHERE o.id IN (\(marks))",
                                    arguments: StatementArguments(keys.map(\.order))) {
            let summary = Self.orderSummary(from: row)
            summaries[summary.id] = summary
        }
        return keys.compactMap { k in summaries[k.order].map { OrderQueueRow(key: k.key, summary: $0) } }
    }

    /// The orders of a queue in queue order, from `from` through `through` (keys, inclusive;
    /// nil: the queue's ends), at most `limit`. For marking a range or a whole queue.
    public func orderQueueOrderIDs(_ queue: OrderQueue, matching text: String = "", from: OrderQueueKey? = nil,
                                   through: OrderQueueKey? = nil, newestFirst: Bool = false, limit: Int) throws -> [Int64] {
        var (from_, args) = Self.orderQueueFrom(queue, matching: text)
        let (since, id, order) = switch queue {
        case .state: ("o.state_since", "o.id", "o.id")
        case .hold: ("h.placed_at", "h.id", "h.order_id")
        }
        if let from { from_ += " AND (\(since), \(id)) >= (?, ?)"; args += [from.since, from.id] }
        if let through { from_ += " AND (\(since), \(id)) <= (?, ?)"; args += [through.since, through.id] }
        let dir = newestFirst ? "DESC" : "ASC"
        let ids = try Int64.fetchAll(db, sql: "SELECT \(order) FROM \(from_) ORDER BY \(since) \(dir), \(id) \(dir) LIMIT ?", arguments: args + [limit])
        var seen: Set<Int64> = []
        return ids.filter { seen.insert($0).inserted }   // an order with two holds of a reason shows once
    }

    /// Which of `ids` are in the queue now (marks follow the data: the others have left it).
    public func ordersInQueue(_ queue: OrderQueue, among ids: [Int64]) throws -> Set<Int64> {
        var found: Set<Int64> = []
        for start in stride(from: 0, to: ids.count, by: 10_000) {
            let chunk = Array(ids[start..<min(start + 10_000, ids.count)])
            let marks = databaseQuestionMarks(count: chunk.count)
            let sql: String
            var args: StatementArguments
            switch queue {
            case .state(let state):
                sql = "SELECT id FROM sales_order WHERE kind = 'sale' AND state = ? AND id IN (\(marks))"
                args = [state.rawValue]
            case .hold(let reason):
                sql = "SELECT order_id FROM order_hold WHERE reason = ? AND released_at IS NULL AND order_id IN (\(marks))"
                args = [reason.rawValue]
            }
            args += StatementArguments(chunk)
            found.formUnion(try Int64.fetchAll(db, sql: sql, arguments: args))
        }
        return found
    }

    /// Rows in a queue; with `cap`, counting stops there.
    public func orderQueueCount(_ queue: OrderQueue, matching text: String = "", cap: Int? = nil) throws -> Int {
        let (from, args) = Self.orderQueueFrom(queue, matching: text)
        guard let cap else {
            return try Int.fetchOne(db.cachedStatement(sql: "SELECT count(*) FROM \(from)"), arguments: args) ?? 0
        }
        return try Int.fetchOne(db.cachedStatement(sql: "SELECT count(*) FROM (SELECT 1 FROM \(from) LIMIT ?)"),
                                arguments: args + [cap]) ?? 0
    }

    /// The table and condition of a queue. A state queue walks sales_order_by_state
    /// (kind, state, state_since, id); a hold queue walks order_hold_open (reason, placed_at)
    /// WHERE released_at IS NULL, whose rowid is the hold's id. `text` keeps the orders whose
    /// number it is, or whose reference or customer starts with it (any case): those are found
    /// first through their own indexes, then the queue's walk keeps its order.
    static func orderQueueFrom(_ queue: OrderQueue, matching text: String = "") -> (String, StatementArguments) {
        var (from, args): (String, StatementArguments) = switch queue {
        case .state(let state):
            ("sales_order o WHERE o.kind = 'sale' AND o.state = ?", [state.rawValue])
        case .hold(let reason):
            ("order_hold h WHERE h.reason = ? AND h.released_at IS NULL", [reason.rawValue])
        }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return (from, args) }
        let order = if case .state = queue { "o.id" } else { "h.order_id" }
        let prefix = likePrefix(trimmed)
        from += " AND \(order) IN (SELECT id FROM sales_order WHERE external_ref LIKE ? ESCAPE '\\' UNION SELECT id FROM sales_order WHERE customer LIKE ? ESCAPE '\\' UNION SELECT ?)"
        let digits = trimmed.hasPrefix("#") ? String(trimmed.dropFirst()) : trimmed
        args += [prefix, prefix, Int64(digits) ?? -1]
        return (from, args)
    }

    static func orderQueueKeysQuery(_ queue: OrderQueue, matching text: String = "", after: OrderQueueKey?, descending: Bool,
                                    offset: Int, limit: Int) -> (String, StatementArguments) {
        var (from, args) = orderQueueFrom(queue, matching: text)
        let (since, id, order) = switch queue {
        case .state: ("o.state_since", "o.id", "o.id")
        case .hold: ("h.placed_at", "h.id", "h.order_id")
        }
        if let after {
            from += " AND (\(since), \(id)) \(descending ? "<" : ">") (?, ?)"
            args += [after.since, after.id]
        }
        let dir = descending ? "DESC" : "ASC"
        return ("SELECT \(since), \(id), \(order) FROM \(from) ORDER BY \(since) \(dir), \(id) \(dir) LIMIT ? OFFSET ?",
                args + [limit, offset])
    }
}
