import Foundation
import Domain
import Store

/// What a counter found of a SKU in one bucket.
public struct CountEntry: Sendable, Equatable {
    public var sku: String
    public var bucket: CountBucket
    public var quantity: Int
    public init(sku: String, bucket: CountBucket = .shelf, quantity: Int) {
        self.sku = sku; self.bucket = bucket; self.quantity = quantity
    }
}

/// A row of a count file (a scanner's export): the task it is for and what was counted.
public struct CountFileLine: Sendable, Equatable {
    public var task: Int64
    public var entry: CountEntry
    public init(task: Int64, entry: CountEntry) { self.task = task; self.entry = entry }
}

/// What a count step did to each line it touched: the figures once they may be shown (after
/// the count is entered: counting stays blind), and what became of the variance.
public struct CountOutcome: Sendable, Equatable, Codable {
    public enum Result: String, Sendable, Codable {
        /// Counted; the task is still being counted.
        case counted
        /// Inside tolerance: approved and posted without a supervisor.
        case approvedAutomatically
        /// Outside tolerance: waits for a supervisor.
        case review
        /// Approved by a supervisor and posted.
        case approved
        /// Rejected: to be counted again, blind.
        case recount
    }
    public struct Line: Sendable, Equatable, Codable {
        public var sku: String
        public var bucket: CountBucket
        public var result: Result
        /// Shown once the count is entered (nil while the task is still being counted).
        public var expected: Int?
        public var counted: Int?
        public var variance: Int?
        public var value: Money?
        public var movedDuring: Bool
        public var found: Bool
        /// Order lines that lost their allocation because the stock they held was not there.
        public var replanned: [String]
    }
    public var task: Int64
    public var scope: String
    public var location: String
    public var stateBefore: CountTaskState
    public var stateAfter: CountTaskState
    public var lines: [Line]
}

/// What a scheduling run found due and made.
public struct CountScheduleOutcome: Sendable, Equatable, Codable {
    public var day: String
    /// SKUs at locations due for a count on `day` with no live count.
    public var due: Int
    /// Tasks made (none on a dry run), by velocity class.
    public var created: [Int64]
    public var byClass: [String: Int]
    /// Due, but left for a later run by --limit.
    public var leftOver: Int
    /// Due, but already being counted.
    public var alreadyLive: Int
    public var dryRun: Bool
}

extension Operations {
    // MARK: Making counts

    /// An ad-hoc count of a SKU at a location, or of the whole location when `sku` is nil.
    public func createCount(location: String, sku: String?, why: String, dueOn: String? = nil,
                            by actor: Actor) throws(OperationError) -> CountTaskRecord {
        try Self.refuseUnsafeText(why, what: "reason")
        let due = dueOn ?? today
        guard OrderDate.isDate(due) else { throw OperationError("The due date '\(due)' is not a date like 2026-12-24.") }
        return try perform(.createCount, by: actor) { tx, actor in
            let locationID = try countableLocation(location, in: tx)
            var skuID: Int64?
            if let sku {
                guard let id = try tx.skuID(sku) else { throw OperationError("Unknown SKU \(sku).") }
                try refuseKit(sku, in: tx)
                if let live = try tx.liveCountTask(skuID: id, locationID: locationID) {
                    throw OperationError("Count \(live) of \(sku) at \(location) is not finished yet; a second one would count the same stock.")
                }
                skuID = id
            }
            let reason = why.trimmingCharacters(in: .whitespaces).isEmpty ? "asked for by \(actor.name)" : why
            let at = now
            let id = try tx.insertCountTask(locationID: locationID, skuID: skuID, origin: .adhoc, why: reason, dueOn: due, by: actor.name, at: at)
            let record = try tx.countTask(id)!
            try auditCount(record, tx, actor, .createCount, reason: "created: \(record.scope) (\(reason))", before: nil, after: .open, at: at)
            return record
        }
    }

    /// Raises a count of a SKU at a location for an exception (a short pick, a manual
    /// adjustment, stock found where the ledger had none), inside the transaction that met it,
    /// unless one is live already.
    func raiseCount(skuID: Int64, locationID: Int64, sku: String, location: String, why: String,
                    in tx: StoreTransaction, actor: Actor, at: String) throws {
        guard try tx.liveCountTask(skuID: skuID, locationID: locationID) == nil else { return }
        let id = try tx.insertCountTask(locationID: locationID, skuID: skuID, origin: .exception, why: why, dueOn: String(at.prefix(10)),
                                        by: actor.name, at: at)
        try tx.append(AuditEntry(actor: actor.name, role: actor.role, command: Command.createCount.rawValue, entity: "count:\(id)",
                                 reason: "raised for \(sku) at \(location): \(why)", before: nil, after: CountTaskState.open.rawValue), at: at)
    }

    /// Makes the counts due on `day` (today when nil) by velocity class: a SKU at a location is
    /// due an interval (`count.interval-a|b|c`) after its last count; one never counted falls
    /// due on a day spread over its first interval from when the scheduler first saw it. At
    /// most `limit` tasks, the longest overdue first; a dry run says what it would make.
    public func scheduleCounts(on day: String? = nil, limit: Int? = nil, dryRun: Bool = false,
                               by actor: Actor) throws(OperationError) -> CountScheduleOutcome {
        let day = day ?? today
        guard OrderDate.isDate(day) else { throw OperationError("The day '\(day)' is not a date like 2026-12-24.") }
        if let limit, limit < 1 { throw OperationError("--limit must be at least 1, got \(limit).") }
        if dryRun {
            return try read { r in
                try AccessPolicy.authorize(try r.user(actor.name)?.role ?? actor.role, .createCount, user: actor.name)
                return try scheduling(on: day, limit: limit, writer: nil, actor: actor, in: r)
            }
        }
        return try perform(.createCount, by: actor) { tx, actor in try scheduling(on: day, limit: limit, writer: tx, actor: actor, in: tx) }
    }

    private func scheduling(on day: String, limit: Int?, writer tx: StoreTransaction?, actor: Actor,
                            in r: some StoreReading) throws -> CountScheduleOutcome {
        let settings = try r.settings()
        var due: [(position: CountCyclePosition, dueOn: String)] = [], live = 0
        let at = now
        for p in try r.countCyclePositions() {
            let interval = settings.countInterval(p.velocity)
            var firstDue = p.firstDueOn
            if firstDue == nil {
                let first = CountSchedule.firstDue(firstSeen: day, interval: interval, skuID: p.skuID, locationID: p.locationID)
                try tx?.noteCountCycle(skuID: p.skuID, locationID: p.locationID, firstDue: first)
                firstDue = first
            }
            let dueOn = CountSchedule.due(lastCounted: p.lastCountedOn, firstDue: firstDue!, interval: interval)
            guard dueOn <= day else { continue }
            if p.hasLiveCount { live += 1 } else { due.append((p, dueOn)) }
        }
        due.sort { ($0.dueOn, $0.position.velocity.rawValue, $0.position.sku, $0.position.location)
                   < ($1.dueOn, $1.position.velocity.rawValue, $1.position.sku, $1.position.location) }
        let chosen = due.prefix(limit ?? due.count)
        var created: [Int64] = [], byClass: [String: Int] = [:]
        for (p, dueOn) in chosen {
            byClass[p.velocity.rawValue, default: 0] += 1
            guard let tx else { continue }
            let why = "class \(p.velocity.rawValue): due \(dueOn)"
            let id = try tx.insertCountTask(locationID: p.locationID, skuID: p.skuID, origin: .scheduled, why: why, dueOn: dueOn,
                                            by: actor.name, at: at)
            created.append(id)
        }
        if let tx, !created.isEmpty {
            // One entry per task, written together.
            try tx.append(zip(created, chosen).map { id, c in
                AuditEntry(actor: actor.name, role: actor.role, command: Command.createCount.rawValue, entity: "count:\(id)",
                           reason: "scheduled: \(c.position.sku) at \(c.position.location), class \(c.position.velocity.rawValue), due \(c.dueOn)",
                           before: nil, after: CountTaskState.open.rawValue)
            }, at: at)
        }
        return CountScheduleOutcome(day: day, due: due.count, created: created, byClass: byClass, leftOver: due.count - chosen.count,
                                    alreadyLive: live, dryRun: tx == nil)
    }

    // MARK: Counting

    /// Counting starts: each task's expected quantities are snapshotted per bucket (a SKU's
    /// shelf is always counted; other buckets where the ledger holds some), and the ledger's
    /// last move is marked so moves during the count are known.
    public func startCounts(_ ids: [Int64], by actor: Actor) throws(OperationError) -> [CountTaskRecord] {
        guard !ids.isEmpty else { throw OperationError("Name the counts to start.") }
        return try perform(.countStock, by: actor) { tx, actor in
            let at = now
            let lastMove = try tx.lastStockMoveID()
            return try ids.map { id in
                let task = try countTask(id, in: tx)
                guard task.state == .open else {
                    throw OperationError("Count \(id) is \(task.state.rawValue); only an open count starts.")
                }
                var lines: [(skuID: Int64, bucket: CountBucket, snapshot: Int)] = []
                if let skuID = task.skuID {
                    let position = try tx.position(skuID: skuID, locationID: task.locationID)
                    for bucket in CountBucket.allCases where bucket == .shelf || bucket.quantity(in: position) > 0 {
                        lines.append((skuID, bucket, bucket.quantity(in: position)))
                    }
                } else {
                    for (skuID, position) in try tx.stockedPositions(locationID: task.locationID) {
                        for bucket in CountBucket.allCases where bucket.quantity(in: position) > 0 {
                            lines.append((skuID, bucket, bucket.quantity(in: position)))
                        }
                    }
                }
                try tx.startCountTask(id, lastMove: lastMove, lines: lines, by: actor.name, at: at)
                let record = try tx.countTask(id)!
                try auditCount(record, tx, actor, .countStock, reason: "started: \(record.scope), \(lines.count) line\(lines.count == 1 ? "" : "s") to count",
                               before: .open, after: .counting, at: at)
                return record
            }
        }
    }

    /// Enters what was counted on one task. Entries of the same SKU and bucket add up (units
    /// found in several places). With `finish` the count is complete: every line must have
    /// its figure, and each variance is then approved inside tolerance or sent to a supervisor.
    public func enterCounts(task id: Int64, _ entries: [CountEntry], finish: Bool = true,
                            by actor: Actor) throws(OperationError) -> CountOutcome {
        guard !entries.isEmpty || finish else { throw OperationError("Give at least one count (SKU and quantity).") }
        return try perform(.countStock, by: actor) { tx, actor in
            let at = now
            var session = CountSession(task: try countTask(id, in: tx))
            for entry in entries { try enter(entry, into: &session, in: tx, actor: actor, at: at) }
            guard finish else { return session.outcome(after: session.task.state) }
            var facts = CountFacts(settings: try tx.settings())
            return try complete(session, facts: &facts, in: tx, actor: actor, at: at)
        }
    }

    /// Enters one count where a counter stands: the SKU's own count at the location if one is
    /// being counted, else the count of the whole location. The count stays open for more.
    public func enterCount(at location: String, _ entry: CountEntry, by actor: Actor) throws(OperationError) -> CountOutcome {
        try perform(.countStock, by: actor) { tx, actor in
            // The catalogue's spelling of a code typed or scanned in another case.
            let sku = try tx.skuCode(anyCase: entry.sku) ?? entry.sku
            let live = try tx.liveCountTasks(location: location).filter { $0.state == .counting }
            guard let task = live.first(where: { $0.sku == sku }) ?? live.first(where: { $0.sku == nil }) else {
                throw OperationError("No count of \(sku) at \(location) is being counted: start one (a count of the SKU or of the whole location).")
            }
            var session = CountSession(task: task)
            try enter(CountEntry(sku: sku, bucket: entry.bucket, quantity: entry.quantity), into: &session, in: tx, actor: actor, at: now)
            return session.outcome(after: task.state)
        }
    }

    /// Completes counts whose lines are all counted (each as `enterCounts` with nothing more to
    /// enter), in one transaction: all or none.
    public func completeCounts(_ ids: [Int64], by actor: Actor) throws(OperationError) -> [CountOutcome] {
        guard !ids.isEmpty else { throw OperationError("Name the counts to complete.") }
        return try perform(.countStock, by: actor) { tx, actor in
            let at = now
            var facts = CountFacts(settings: try tx.settings())
            return try ids.map { id in
                let session = CountSession(task: try countTask(id, in: tx))
                guard session.task.state == .counting else {
                    throw OperationError("Count \(id) is \(session.task.state.rawValue); only a count being counted is completed.")
                }
                return try complete(session, facts: &facts, in: tx, actor: actor, at: at)
            }
        }
    }

    /// Enters a file's counts as they are read (a scanner export of any length), then completes
    /// every task it named, all in one transaction. A row that breaks a rule refuses everything,
    /// naming its line.
    public func enterCounts(source: String, by actor: Actor, progress: ImportProgress? = nil,
                            produce: ImportProducer<CountFileLine>) throws(OperationError) -> [CountOutcome] {
        try perform(.countStock, by: actor) { tx, actor in
            let at = now
            var sessions: [Int64: CountSession] = [:], order: [Int64] = []
            try tx.asImport {
                var count = 0
                try produce { row in
                    count += 1
                    if count % 1_000 == 0 { progress?(count, 0) }
                    try atLine(row.line) {
                        let id = row.value.task
                        if sessions[id] == nil {
                            sessions[id] = CountSession(task: try countTask(id, in: tx))
                            order.append(id)
                        }
                        try enter(row.value.entry, into: &sessions[id]!, in: tx, actor: actor, at: at)
                    }
                }
            }
            guard !order.isEmpty else { throw OperationError("\(source) has no counts.") }
            var facts = CountFacts(settings: try tx.settings())
            return try order.map { try complete(sessions[$0]!, facts: &facts, in: tx, actor: actor, at: at) }
        }
    }

    /// A task's lines as one counting session changes them, keyed by SKU id and bucket.
    struct CountSession {
        var task: CountTaskRecord
        var lines: [LineKey: CountLineRow]
        var skuCodes: [String: Int64] = [:]
        var touched: [LineKey] = []

        struct LineKey: Hashable { var skuID: Int64; var bucket: CountBucket }

        init(task: CountTaskRecord) {
            self.task = task
            lines = Dictionary(uniqueKeysWithValues: task.lines.map { (LineKey(skuID: $0.skuID, bucket: $0.bucket), $0) })
            for line in task.lines { skuCodes[line.sku] = line.skuID }
        }

        /// Lines counted so far, blind: no expected figure or variance yet.
        func outcome(after state: CountTaskState) -> CountOutcome {
            CountOutcome(task: task.id, scope: task.scope, location: task.location, stateBefore: task.state, stateAfter: state,
                         lines: touched.map { key in
                             let l = lines[key]!
                             return CountOutcome.Line(sku: l.sku, bucket: l.bucket, result: .counted, expected: nil, counted: l.counted,
                                                      variance: nil, value: nil, movedDuring: false, found: false, replanned: [])
                         })
        }
    }

    private func enter(_ entry: CountEntry, into session: inout CountSession, in tx: StoreTransaction, actor: Actor, at: String) throws {
        let task = session.task
        switch task.state {
        case .counting: break
        case .open: throw OperationError("Count \(task.id) has not started: qm count start \(task.id) snapshots what to count.")
        case .review: throw OperationError("Count \(task.id) is counted and waits for a supervisor's decision.")
        case .closed, .cancelled: throw OperationError("Count \(task.id) is \(task.state.rawValue); nothing more is counted on it.")
        }
        guard entry.quantity >= 0 else {
            throw OperationError("A count is how many units are there: \(entry.quantity) for \(entry.sku) is negative.")
        }
        guard entry.quantity <= StockMove.maxQuantity else {
            throw OperationError("A count of \(entry.quantity.grouped) \(entry.sku) is more than one count may carry (\(StockMove.maxQuantity.grouped)).")
        }
        var skuID = session.skuCodes[entry.sku]
        if skuID == nil {
            guard let id = try tx.skuID(entry.sku) else { throw OperationError("Unknown SKU \(entry.sku).") }
            try refuseKit(entry.sku, in: tx)
            if let counted = task.sku, counted != entry.sku {
                throw OperationError("Count \(task.id) is of \(counted) at \(task.location); count \(entry.sku) on a count of its own or of the whole location.")
            }
            session.skuCodes[entry.sku] = id
            skuID = id
        }
        let key = CountSession.LineKey(skuID: skuID!, bucket: entry.bucket)
        if session.lines[key] == nil {
            // Stock the snapshot did not expect here: counted against nothing, flagged as found.
            try tx.insertCountLine(task: task.id, skuID: key.skuID, bucket: key.bucket, snapshot: 0)
            session.lines[key] = CountLineRow(sku: entry.sku, skuID: key.skuID, bucket: key.bucket, snapshot: 0)
        }
        var line = session.lines[key]!
        guard line.state == .pending else {
            throw OperationError("\(entry.sku) (\(entry.bucket.rawValue)) on count \(task.id) is counted already"
                                 + (line.state == .review ? " and waits for a supervisor." : " and approved."))
        }
        if line.round > 1, line.counted == nil, line.earlierCounter == actor.name {
            let others = try tx.otherCounters(than: actor.name)
            if !others.isEmpty {
                throw OperationError("\(actor.name) counted \(entry.sku) on count \(task.id) before; its recount is by someone else "
                                     + "(\(others.prefix(3).joined(separator: ", "))).")
            }
        }
        // What the count is held to: the ledger now, which is the snapshot plus the moves made
        // since counting started (a sale during the count is not shrinkage).
        let position = try tx.position(skuID: key.skuID, locationID: task.locationID)
        line.counted = (line.counted ?? 0) + entry.quantity
        guard line.counted! <= StockMove.maxQuantity else {
            throw OperationError("\(entry.sku) on count \(task.id) adds up to more than one count may carry (\(StockMove.maxQuantity.grouped)).")
        }
        line.expected = key.bucket.quantity(in: position)
        line.movedDuring = try tx.stockMoved(skuID: key.skuID, locationID: task.locationID, after: task.startMoveID ?? 0)
        line.countedBy = actor.name
        line.countedAt = at
        try tx.recordCount(task: task.id, skuID: key.skuID, bucket: key.bucket, counted: line.counted!, expected: line.expected!,
                           movedDuring: line.movedDuring, by: actor.name, at: at)
        session.lines[key] = line
        if !session.touched.contains(key) { session.touched.append(key) }
    }

    /// What completing counts reads once per transaction: the tolerances, and each SKU's class
    /// and unit cost.
    struct CountFacts {
        var settings: Settings
        var skus: [String: SKU] = [:]

        mutating func sku(_ code: String, in r: some StoreReading) throws -> SKU {
            if let known = skus[code] { return known }
            guard let sku = try r.sku(code) else { throw OperationError("Unknown SKU \(code).") }
            skus[code] = sku
            return sku
        }
    }

    /// The count is complete: every line waiting for a figure has one; each variance inside
    /// its class's tolerance is approved and posted, the rest wait for a supervisor.
    private func complete(_ session: CountSession, facts: inout CountFacts, in tx: StoreTransaction, actor: Actor,
                          at: String) throws -> CountOutcome {
        let task = session.task
        let waiting = session.lines.values.filter { $0.state == .pending }
        let uncounted = waiting.filter { $0.counted == nil }.sorted { ($0.sku, $0.bucket) < ($1.sku, $1.bucket) }
        guard uncounted.isEmpty else {
            let names = uncounted.prefix(5).map { "\($0.sku) (\($0.bucket.rawValue))" }.joined(separator: ", ")
            throw OperationError("Count \(task.id) is not complete: \(uncounted.count) line\(uncounted.count == 1 ? "" : "s") not counted "
                                 + "(\(names)\(uncounted.count > 5 ? ", …" : "")); count each, 0 where there is none.")
        }
        var lines: [CountOutcome.Line] = []
        for line in waiting.sorted(by: { ($0.sku, $0.bucket) < ($1.sku, $1.bucket) }) {
            let sku = try facts.sku(line.sku, in: tx)
            let tolerance = facts.settings.countTolerance(sku.velocity)
            let variance = line.variance!
            if tolerance.accepts(variance: variance, expected: line.expected!, unitCost: sku.unitCost) {
                let replanned = try post(line, of: task, command: .countStock, in: tx, actor: actor, at: at)
                let why = variance == 0 ? "counted as expected" : "within class \(sku.velocity.rawValue) tolerance (\(tolerance.description))"
                try tx.decideCountLine(task: task.id, skuID: line.skuID, bucket: line.bucket, .approved, by: actor.name, decision: why, at: at)
                try tx.noteCounted(skuID: line.skuID, locationID: task.locationID, on: String(at.prefix(10)))
                lines.append(outcomeLine(line, sku.unitCost, .approvedAutomatically, replanned))
            } else {
                let why = "outside class \(sku.velocity.rawValue) tolerance (\(tolerance.description))"
                try tx.decideCountLine(task: task.id, skuID: line.skuID, bucket: line.bucket, .review, by: actor.name, decision: why, at: at)
                lines.append(outcomeLine(line, sku.unitCost, .review, []))
            }
        }
        let after: CountTaskState = lines.contains { $0.result == .review }
            || session.lines.values.contains { $0.state == .review } ? .review : .closed
        try tx.setCountTaskState(task.id, after, at: at)
        let review = lines.filter { $0.result == .review }.count
        try auditCount(task, tx, actor, .countStock,
                       reason: "counted \(lines.count) line\(lines.count == 1 ? "" : "s"): "
                           + "\(lines.count - review) approved within tolerance, \(review) for a supervisor" + Self.varianceNote(lines),
                       before: task.state, after: after, at: at)
        return CountOutcome(task: task.id, scope: task.scope, location: task.location, stateBefore: task.state, stateAfter: after, lines: lines)
    }

    // MARK: Shared

    func countTask(_ id: Int64, in r: some StoreReading) throws -> CountTaskRecord {
        guard let task = try r.countTask(id) else { throw OperationError("No count \(id): qm count list shows them.") }
        return task
    }

    /// A location stock is kept and counted at (not in transit, not a supplier's drop-ship node).
    private func countableLocation(_ code: String, in r: some StoreReading) throws -> Int64 {
        guard let location = try r.location(code), let id = try r.locationID(code) else {
            throw OperationError("Unknown location \(code).")
        }
        guard location.kind != .inTransit && location.kind != .dropShip else {
            throw OperationError("\(code) is \(location.kind == .inTransit ? "an in-transit location" : "a supplier's drop-ship node"): nothing there is counted.")
        }
        return id
    }

    func outcomeLine(_ line: CountLineRow, _ unitCost: Money, _ result: CountOutcome.Result, _ replanned: [String]) -> CountOutcome.Line {
        CountOutcome.Line(sku: line.sku, bucket: line.bucket, result: result, expected: line.expected, counted: line.counted,
                          variance: line.variance, value: line.variance.flatMap { CountVariance.value($0, unitCost: unitCost) },
                          movedDuring: line.movedDuring, found: line.found, replanned: replanned)
    }

    /// "; MUG-RED -2 (-5.00 GBP)" for the lines with a variance, in an audit reason.
    static func varianceNote(_ lines: [CountOutcome.Line]) -> String {
        let varied = lines.filter { ($0.variance ?? 0) != 0 }
        guard !varied.isEmpty else { return "" }
        return "; " + varied.prefix(10).map { l in
            let v = l.variance!
            return "\(l.sku)\(l.bucket == .shelf ? "" : " (\(l.bucket.rawValue))") \(v > 0 ? "+" : "")\(v)"
                + (l.value.map { " (\($0))" } ?? "")
        }.joined(separator: ", ") + (varied.count > 10 ? ", …" : "")
    }

    func auditCount(_ task: CountTaskRecord, _ tx: StoreTransaction, _ actor: Actor, _ command: Command, reason: String,
                            before: CountTaskState?, after: CountTaskState, at: String) throws {
        try tx.append(AuditEntry(actor: actor.name, role: actor.role, command: command.rawValue, entity: "count:\(task.id)",
                                 reason: reason, before: before?.rawValue, after: after.rawValue), at: at)
    }
}
