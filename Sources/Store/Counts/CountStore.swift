import GRDB
import Domain

/// One (SKU, bucket) of a count task as stored.
public struct CountLineRow: Sendable, Equatable, Codable {
    public var sku: String
    public var skuID: Int64
    public var bucket: CountBucket
    /// What the ledger held when counting started.
    public var snapshot: Int
    /// The count's round: 2 and on are recounts after a rejection.
    public var round: Int
    public var counted: Int?
    /// The snapshot plus the moves between the start and the count: what the count is held to.
    public var expected: Int?
    /// Stock of the SKU moved at the location while it was being counted.
    public var movedDuring: Bool
    public var countedBy: String?
    public var countedAt: String?
    /// Who counted the round before a recount (a recount is by someone else where possible).
    public var earlierCounter: String?
    public var state: CountLineState
    public var decidedBy: String?
    public var decidedAt: String?
    public var decision: String?

    public init(sku: String, skuID: Int64, bucket: CountBucket, snapshot: Int, round: Int = 1, counted: Int? = nil, expected: Int? = nil,
                movedDuring: Bool = false, countedBy: String? = nil, countedAt: String? = nil, earlierCounter: String? = nil,
                state: CountLineState = .pending, decidedBy: String? = nil, decidedAt: String? = nil, decision: String? = nil) {
        self.sku = sku; self.skuID = skuID; self.bucket = bucket; self.snapshot = snapshot; self.round = round; self.counted = counted
        self.expected = expected; self.movedDuring = movedDuring; self.countedBy = countedBy; self.countedAt = countedAt
        self.earlierCounter = earlierCounter; self.state = state; self.decidedBy = decidedBy; self.decidedAt = decidedAt
        self.decision = decision
    }

    /// Counted minus expected, once counted.
    public var variance: Int? {
        guard let counted, let expected else { return nil }
        return counted - expected
    }
    /// Stock counted where the ledger expected none.
    public var found: Bool { (expected ?? 0) == 0 && (counted ?? 0) > 0 }
}

/// A count task and its lines.
public struct CountTaskRecord: Sendable, Equatable, Codable {
    public var id: Int64
    public var location: String
    public var locationID: Int64
    /// The SKU counted, or nil for a count of the whole location.
    public var sku: String?
    public var skuID: Int64?
    public var origin: CountOrigin
    public var why: String
    public var state: CountTaskState
    public var dueOn: String
    public var createdAt: String
    public var createdBy: String
    public var startedAt: String?
    public var startedBy: String?
    public var startMoveID: Int64?
    public var stateSince: String
    public var lines: [CountLineRow]

    /// "MUG-RED at WH-LON" or "all of WH-LON".
    public var scope: String { sku.map { "\($0) at \(location)" } ?? "all of \(location)" }
}

/// A count task as a listing shows it: its header and how far its lines are.
public struct CountTaskSummary: Sendable, Equatable, Codable {
    public var id: Int64
    public var location: String
    public var sku: String?
    public var origin: CountOrigin
    public var why: String
    public var state: CountTaskState
    public var dueOn: String
    public var createdBy: String
    public var startedBy: String?
    public var stateSince: String
    public var lines: Int
    public var counted: Int
    public var inReview: Int
}

/// A line waiting for a supervisor, with what the variance queue shows of it.
public struct CountVarianceRow: Sendable, Equatable, Codable {
    public var task: Int64
    public var location: String
    public var line: CountLineRow
    public var unitCost: Money
    public var velocity: VelocityClass
}

/// A SKU at a location the count scheduler looks at: its class, when it is due, and whether a
/// count of it is live already.
public struct CountCyclePosition: Sendable, Equatable {
    public var skuID: Int64
    public var locationID: Int64
    public var sku: String
    public var location: String
    public var velocity: VelocityClass
    public var firstDueOn: String?
    public var lastCountedOn: String?
    public var hasLiveCount: Bool
}

extension StoreReading {
    public func countTask(_ id: Int64) throws -> CountTaskRecord? {
        try countTasks(where: "t.id = ?", [id], limit: 1).first
    }

    /// Count tasks, oldest first, optionally of one state.
    public func countTasks(state: CountTaskState?, limit: Int?) throws -> [CountTaskRecord] {
        if let state { return try countTasks(where: "t.state = ?", [state.rawValue], limit: limit) }
        return try countTasks(where: "1 = 1", [], limit: limit)
    }

    /// The counts open or being counted at a location, oldest first.
    public func liveCountTasks(location: String) throws -> [CountTaskRecord] {
        try countTasks(where: "l.code = ? AND t.state IN ('open','counting')", [location], limit: nil)
    }

    /// Count tasks as a listing shows them, oldest first, optionally of one state.
    public func countTaskSummaries(state: CountTaskState?, limit: Int?) throws -> [CountTaskSummary] {
        try countTaskSummaries(states: state.map { [$0] } ?? CountTaskState.allCases, limit: limit)
    }

    private func countTaskSummaries(states: [CountTaskState], limit: Int?) throws -> [CountTaskSummary] {
        try Row.fetchAll(db, sql: """
            SELECT t.id, l.code, s.code, t.origin, t.why, t.state, t.due_on, t.created_by, t.started_by, t.state_since,
                   (SELECT count(*) FROM count_line c WHERE c.task_id = t.id),
                   (SELECT count(*) FROM count_line c WHERE c.task_id = t.id AND c.counted IS NOT NULL),
                   (SELECT count(*) FROM count_line c WHERE c.task_id = t.id AND c.state = 'review')
            FROM count_task t JOIN location l ON l.id = t.location_id LEFT JOIN sku s ON s.id = t.sku_id
            WHERE t.state IN (\(states.map { "'\($0.rawValue)'" }.joined(separator: ","))) ORDER BY t.id LIMIT ?
            """, arguments: [limit ?? -1]).map { r in
            CountTaskSummary(id: r[0], location: r[1], sku: r[2], origin: CountOrigin(rawValue: r[3]) ?? .adhoc, why: r[4],
                             state: CountTaskState(rawValue: r[5]) ?? .open, dueOn: r[6], createdBy: r[7], startedBy: r[8], stateSince: r[9],
                             lines: r[10], counted: r[11], inReview: r[12])
        }
    }

    /// Counts open, being counted or waiting for a decision, oldest first.
    public func liveCountTaskSummaries(limit: Int?) throws -> [CountTaskSummary] {
        try countTaskSummaries(states: [.open, .counting, .review], limit: limit)
    }

    public func countVarianceCount() throws -> Int {
        try Int.fetchOne(db, sql: "SELECT count(*) FROM count_line WHERE state = 'review'") ?? 0
    }

    public func countTaskCount(state: CountTaskState?) throws -> Int {
        try Int.fetchOne(db, sql: "SELECT count(*) FROM count_task WHERE ?1 IS NULL OR state = ?1", arguments: [state?.rawValue]) ?? 0
    }

    /// The live count of a SKU at a location, if there is one.
    public func liveCountTask(skuID: Int64, locationID: Int64) throws -> Int64? {
        try Int64.fetchOne(db.cachedStatement(sql: """
            SELECT id FROM count_task WHERE sku_id = ? AND location_id = ? AND state IN ('open','counting','review')
            """), arguments: [skuID, locationID])
    }

    private func countTasks(where clause: String, _ arguments: [any DatabaseValueConvertible], limit: Int?) throws -> [CountTaskRecord] {
        let headers = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT t.id, l.code, t.location_id, s.code, t.sku_id, t.origin, t.why, t.state, t.due_on, t.created_at, t.created_by,
                   t.started_at, t.started_by, t.start_move_id, t.state_since
            FROM count_task t JOIN location l ON l.id = t.location_id LEFT JOIN sku s ON s.id = t.sku_id
            WHERE \(clause) ORDER BY t.id LIMIT ?
            """), arguments: StatementArguments(arguments + [limit ?? -1]))
        return try headers.map { h in
            let id: Int64 = h[0]
            return CountTaskRecord(id: id, location: h[1], locationID: h[2], sku: h[3], skuID: h[4],
                                   origin: CountOrigin(rawValue: h[5]) ?? .adhoc, why: h[6], state: CountTaskState(rawValue: h[7]) ?? .open,
                                   dueOn: h[8], createdAt: h[9], createdBy: h[10], startedAt: h[11], startedBy: h[12],
                                   startMoveID: h[13], stateSince: h[14], lines: try countLines(task: id))
        }
    }

    func countLines(task: Int64) throws -> [CountLineRow] {
        try Row.fetchAll(db.cachedStatement(sql: """
            SELECT s.code, c.sku_id, c.bucket, c.snapshot, c.round, c.counted, c.expected, c.moved_during, c.counted_by, c.counted_at,
                   c.earlier_counter, c.state, c.decided_by, c.decided_at, c.decision
            FROM count_line c JOIN sku s ON s.id = c.sku_id WHERE c.task_id = ?
            """), arguments: [task]).map(Self.countLine).sorted { ($0.sku, $0.bucket) < ($1.sku, $1.bucket) }
    }

    static func countLine(_ r: Row) -> CountLineRow {
        CountLineRow(sku: r[0], skuID: r[1], bucket: CountBucket(rawValue: r[2]) ?? .shelf, snapshot: r[3], round: r[4], counted: r[5],
                     expected: r[6], movedDuring: r[7], countedBy: r[8], countedAt: r[9], earlierCounter: r[10],
                     state: CountLineState(rawValue: r[11]) ?? .pending, decidedBy: r[12], decidedAt: r[13], decision: r[14])
    }

    /// Lines waiting for a supervisor, oldest count first.
    public func countVariances(limit: Int?) throws -> [CountVarianceRow] {
        try Row.fetchAll(db.cachedStatement(sql: """
            SELECT s.code, c.sku_id, c.bucket, c.snapshot, c.round, c.counted, c.expected, c.moved_during, c.counted_by, c.counted_at,
                   c.earlier_counter, c.state, c.decided_by, c.decided_at, c.decision, c.task_id, l.code, s.unit_cost, s.currency, s.velocity
            FROM count_line c JOIN count_task t ON t.id = c.task_id JOIN sku s ON s.id = c.sku_id JOIN location l ON l.id = t.location_id
            WHERE c.state = 'review' ORDER BY c.counted_at, c.task_id, s.code, c.bucket LIMIT ?
            """), arguments: [limit ?? -1]).map { r in
            CountVarianceRow(task: r[15], location: r[16], line: Self.countLine(r), unitCost: Money(minorUnits: r[17], currency: r[18]),
                             velocity: VelocityClass(rawValue: r[19]) ?? .c)
        }
    }

    /// The catalogue's spelling of a code typed or scanned in another case, when exactly one
    /// SKU has it (through the NOCASE code index).
    public func skuCode(anyCase code: String) throws -> String? {
        let codes = try String.fetchAll(db.cachedStatement(sql: "SELECT code FROM sku WHERE code = ? COLLATE NOCASE LIMIT 2"), arguments: [code])
        return codes.count == 1 ? codes[0] : nil
    }

    /// The id of the ledger's last stock move (0 when there is none).
    public func lastStockMoveID() throws -> Int64 {
        try Int64.fetchOne(db, sql: "SELECT coalesce(max(id), 0) FROM stock_move") ?? 0
    }

    /// Whether stock of a SKU moved at a location after a move.
    public func stockMoved(skuID: Int64, locationID: Int64, after moveID: Int64) throws -> Bool {
        try Bool.fetchOne(db.cachedStatement(sql: """
            SELECT EXISTS (SELECT 1 FROM stock_move WHERE sku_id = ? AND id > ? AND location_id = ?)
            """), arguments: [skuID, moveID, locationID]) ?? false
    }

    /// Every position holding stock at a location, by SKU (kits hold none).
    public func stockedPositions(locationID: Int64) throws -> [(skuID: Int64, position: StockPosition)] {
        try Row.fetchAll(db, sql: """
            SELECT p.sku_id, p.sellable, p.reserved, p.quarantine, p.damaged, p.return_pending FROM stock_position p
            WHERE p.location_id = ? AND p.sellable + p.reserved + p.quarantine + p.damaged + p.return_pending > 0
            """, arguments: [locationID]).map { r in
            (r[0], StockPosition(sellable: r[1], reserved: r[2], quarantine: r[3], damaged: r[4], returnPending: r[5]))
        }
    }

    /// Every SKU holding stock at a location that keeps stock (not in transit, not a supplier's
    /// drop-ship node), with its class and count cycle.
    public func countCyclePositions() throws -> [CountCyclePosition] {
        try Row.fetchAll(db, sql: """
            SELECT p.sku_id, p.location_id, s.code, l.code, s.velocity, c.first_due_on, c.last_counted_on,
                   EXISTS (SELECT 1 FROM count_task t WHERE t.sku_id = p.sku_id AND t.location_id = p.location_id
                           AND t.state IN ('open','counting','review'))
            FROM stock_position p JOIN sku s ON s.id = p.sku_id JOIN location l ON l.id = p.location_id
            LEFT JOIN count_cycle c ON c.sku_id = p.sku_id AND c.location_id = p.location_id
            WHERE p.sellable + p.reserved + p.quarantine + p.damaged + p.return_pending > 0
              AND l.kind NOT IN ('in-transit','drop-ship')
            """).map { r in
            CountCyclePosition(skuID: r[0], locationID: r[1], sku: r[2], location: r[3], velocity: VelocityClass(rawValue: r[4]) ?? .c,
                               firstDueOn: r[5], lastCountedOn: r[6], hasLiveCount: r[7])
        }
    }

    /// The order lines holding live allocations of a SKU at a location, newest allocation first.
    /// (Read only when a count finds stock missing that orders hold: a rare event, so no index
    /// on allocation by position is kept for it, sparing every allocation its upkeep.)
    public func liveAllocationHolders(skuID: Int64, locationID: Int64) throws -> [(order: Int64, line: Int)] {
        var seen = Set<[Int64]>()
        return try Row.fetchAll(db, sql: """
            SELECT order_id, line_no FROM allocation WHERE sku_id = ? AND location_id = ? AND status = 'live' ORDER BY id DESC
            """, arguments: [skuID, locationID]).compactMap { r in
            let order: Int64 = r[0], line: Int = r[1]
            return seen.insert([order, Int64(line)]).inserted ? (order, line) : nil
        }
    }

    /// What `qm verify` checks of counts: every approved variance was posted once, as
    /// adjustments naming its count, and nothing else was posted under a count.
    public func countMismatches() throws -> [String] {
        try Row.fetchAll(db, sql: """
            WITH posted AS (
              SELECT CAST(substr(document, 7) AS INTEGER) AS task, sku_id,
                     sum(CASE WHEN to_status IS NOT NULL THEN quantity ELSE -quantity END) AS units
              FROM stock_move WHERE reason = 'adjustment' AND document GLOB 'count [0-9]*' GROUP BY 1, 2),
            approved AS (
              SELECT task_id AS task, sku_id, sum(counted - expected) AS units FROM count_line WHERE state = 'approved' GROUP BY 1, 2)
            SELECT k.task, s.code, coalesce(p.units, 0), coalesce(a.units, 0)
            FROM (SELECT task, sku_id FROM posted UNION SELECT task, sku_id FROM approved) k
            LEFT JOIN posted p ON p.task = k.task AND p.sku_id = k.sku_id
            LEFT JOIN approved a ON a.task = k.task AND a.sku_id = k.sku_id
            JOIN sku s ON s.id = k.sku_id
            WHERE coalesce(p.units, 0) <> coalesce(a.units, 0) ORDER BY k.task, s.code
            """).map { r in
            "count \(r[0] as Int64): \(r[1] as String) approved a variance of \(r[3] as Int) but \(r[2] as Int) was posted for it"
        }
    }

    /// Users who may count (supervisors and admins) other than `name`: a recount goes to one of
    /// them where there is one.
    public func otherCounters(than name: String) throws -> [String] {
        try String.fetchAll(db, sql: "SELECT name FROM app_user WHERE role IN ('supervisor','admin') AND name <> ? ORDER BY name",
                            arguments: [name])
    }
}

extension StoreTransaction {
    public func insertCountTask(locationID: Int64, skuID: Int64?, origin: CountOrigin, why: String, dueOn: String,
                                by actor: String, at: String) throws -> Int64 {
        try db.cachedStatement(sql: """
            INSERT INTO count_task (location_id, sku_id, origin, why, state, due_on, created_at, created_by, state_since)
            VALUES (?, ?, ?, ?, 'open', ?, ?, ?, ?)
            """).execute(arguments: [locationID, skuID, origin.rawValue, why, dueOn, at, actor, at])
        return db.lastInsertedRowID
    }

    /// Counting starts: the ledger's last move is marked and what each line expects recorded.
    public func startCountTask(_ id: Int64, lastMove: Int64, lines: [(skuID: Int64, bucket: CountBucket, snapshot: Int)],
                               by actor: String, at: String) throws {
        try db.cachedStatement(sql: """
            UPDATE count_task SET state = 'counting', started_at = ?, started_by = ?, start_move_id = ?, state_since = ? WHERE id = ?
            """).execute(arguments: [at, actor, lastMove, at, id])
        for line in lines {
            try insertCountLine(task: id, skuID: line.skuID, bucket: line.bucket, snapshot: line.snapshot)
        }
    }

    /// A line the task did not expect (found stock, or a bucket with nothing in it at the start).
    public func insertCountLine(task: Int64, skuID: Int64, bucket: CountBucket, snapshot: Int) throws {
        try db.cachedStatement(sql: """
            INSERT INTO count_line (task_id, sku_id, bucket, snapshot, state) VALUES (?, ?, ?, ?, 'pending')
            """).execute(arguments: [task, skuID, bucket.rawValue, snapshot])
    }

    public func setCountTaskState(_ id: Int64, _ state: CountTaskState, at: String) throws {
        try db.cachedStatement(sql: "UPDATE count_task SET state = ?, state_since = ? WHERE id = ?")
            .execute(arguments: [state.rawValue, at, id])
    }

    /// A counter's figure for a line in its current round.
    public func recordCount(task: Int64, skuID: Int64, bucket: CountBucket, counted: Int, expected: Int, movedDuring: Bool,
                            by actor: String, at: String) throws {
        try db.cachedStatement(sql: """
            UPDATE count_line SET counted = ?, expected = ?, moved_during = ?, counted_by = ?, counted_at = ?
            WHERE task_id = ? AND sku_id = ? AND bucket = ?
            """).execute(arguments: [counted, expected, movedDuring, actor, at, task, skuID, bucket.rawValue])
    }

    /// Approved (posted) or sent to review, with who decided and why.
    public func decideCountLine(task: Int64, skuID: Int64, bucket: CountBucket, _ state: CountLineState, by actor: String,
                                decision: String, at: String) throws {
        try db.cachedStatement(sql: """
            UPDATE count_line SET state = ?, decided_by = ?, decided_at = ?, decision = ? WHERE task_id = ? AND sku_id = ? AND bucket = ?
            """).execute(arguments: [state.rawValue, actor, at, decision, task, skuID, bucket.rawValue])
    }

    /// A rejected line is counted again, blind, in a new round; the earlier counter is kept.
    public func recountCountLine(task: Int64, skuID: Int64, bucket: CountBucket, by actor: String, reason: String, at: String) throws {
        try db.cachedStatement(sql: """
            UPDATE count_line SET state = 'pending', round = round + 1, earlier_counter = counted_by, counted = NULL, expected = NULL,
              moved_during = 0, counted_by = NULL, counted_at = NULL, decided_by = ?, decided_at = ?, decision = ?
            WHERE task_id = ? AND sku_id = ? AND bucket = ?
            """).execute(arguments: [actor, at, "recount: " + reason, task, skuID, bucket.rawValue])
    }

    /// The scheduler has seen a position: its first count falls due on `firstDue`.
    public func noteCountCycle(skuID: Int64, locationID: Int64, firstDue: String) throws {
        try db.cachedStatement(sql: """
            INSERT INTO count_cycle (sku_id, location_id, first_due_on) VALUES (?, ?, ?) ON CONFLICT DO NOTHING
            """).execute(arguments: [skuID, locationID, firstDue])
    }

    /// A SKU at a location was counted (its variance approved) on `day`.
    public func noteCounted(skuID: Int64, locationID: Int64, on day: String) throws {
        try db.cachedStatement(sql: """
            INSERT INTO count_cycle (sku_id, location_id, first_due_on, last_counted_on) VALUES (?1, ?2, ?3, ?3)
            ON CONFLICT (sku_id, location_id) DO UPDATE SET last_counted_on = max(coalesce(last_counted_on, ''), excluded.last_counted_on)
            """).execute(arguments: [skuID, locationID, day])
    }
}
