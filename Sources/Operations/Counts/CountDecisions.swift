import Foundation
import Domain
import Store

/// Variances picked for a decision: on a count, every one waiting (`sku` nil), a SKU's, or
/// one bucket of a SKU's.
public struct CountPick: Hashable, Sendable {
    public var task: Int64
    public var sku: String?
    public var bucket: CountBucket?
    public init(task: Int64, sku: String? = nil, bucket: CountBucket? = nil) {
        self.task = task; self.sku = sku; self.bucket = bucket
    }
}

/// What deciding one variance will do, read and checked as the decision would be: the stock
/// it adds or takes, and for a shelf loss beyond sellable stock the order lines re-planned.
public struct CountDecisionPlan: Sendable, Equatable {
    public var task: Int64
    public var sku: String
    public var location: String
    public var bucket: CountBucket
    public var expected: Int
    public var counted: Int
    public var value: Money?
    public var countedBy: String
    /// Order lines whose allocations approving releases ("order 40 line 1").
    public var replans: [String]
    public var variance: Int { counted - expected }
}

extension Operations {
    /// A supervisor approves variances waiting on a task (those of `skus`, or all): each is
    /// posted as an adjustment. A counter may not approve their own count.
    public func approveCount(task id: Int64, skus: [String] = [], note: String = "", by actor: Actor) throws(OperationError) -> CountOutcome {
        try approveCounts(Self.picks(id, skus), note: note, by: actor)[0]
    }

    /// A supervisor rejects variances waiting on a task: each line is counted again, blind, in
    /// a new round, by someone other than its last counter where there is someone.
    public func rejectCount(task id: Int64, skus: [String] = [], reason: String, by actor: Actor) throws(OperationError) -> CountOutcome {
        try rejectCounts(Self.picks(id, skus), reason: reason, by: actor)[0]
    }

    /// Approves the picked variances, of one count or several, in one transaction: all are
    /// posted or none.
    public func approveCounts(_ picks: [CountPick], note: String = "", by actor: Actor) throws(OperationError) -> [CountOutcome] {
        try Self.refuseUnsafeText(note, what: "note")
        return try perform(.decideCount, by: actor) { tx, actor in
            let at = now
            var facts = CountFacts(settings: try tx.settings())
            return try chosenLines(picks, in: tx, actor: actor, verb: "approve").map { task, chosen in
                var lines: [CountOutcome.Line] = []
                for line in chosen {
                    let sku = try facts.sku(line.sku, in: tx)
                    let replanned = try post(line, of: task, command: .decideCount, in: tx, actor: actor, at: at)
                    try tx.decideCountLine(task: task.id, skuID: line.skuID, bucket: line.bucket, .approved, by: actor.name,
                                           decision: note.isEmpty ? "approved" : "approved: \(note)", at: at)
                    try tx.noteCounted(skuID: line.skuID, locationID: task.locationID, on: String((line.countedAt ?? at).prefix(10)))
                    lines.append(outcomeLine(line, sku.unitCost, .approved, replanned))
                }
                let after = try settleState(task, in: tx, at: at)
                try auditCount(task, tx, actor, .decideCount,
                               reason: "approved \(lines.count) variance\(lines.count == 1 ? "" : "s")" + Self.varianceNote(lines)
                                   + (note.isEmpty ? "" : ": \(note)"),
                               before: task.state, after: after, at: at)
                return CountOutcome(task: task.id, scope: task.scope, location: task.location, stateBefore: task.state, stateAfter: after, lines: lines)
            }
        }
    }

    /// Rejects the picked variances for a recount, in one transaction.
    public func rejectCounts(_ picks: [CountPick], reason: String, by actor: Actor) throws(OperationError) -> [CountOutcome] {
        guard !reason.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw OperationError("Rejecting a count needs a reason (--reason): what the recount should look at.")
        }
        try Self.refuseUnsafeText(reason, what: "reason")
        return try perform(.decideCount, by: actor) { tx, actor in
            let at = now
            var facts = CountFacts(settings: try tx.settings())
            return try chosenLines(picks, in: tx, actor: actor, verb: "reject").map { task, chosen in
                var lines: [CountOutcome.Line] = []
                for line in chosen {
                    let sku = try facts.sku(line.sku, in: tx)
                    try tx.recountCountLine(task: task.id, skuID: line.skuID, bucket: line.bucket, by: actor.name, reason: reason, at: at)
                    lines.append(outcomeLine(line, sku.unitCost, .recount, []))
                }
                let after = try settleState(task, in: tx, at: at)
                try auditCount(task, tx, actor, .decideCount,
                               reason: "rejected \(lines.count) variance\(lines.count == 1 ? "" : "s") for a recount" + Self.varianceNote(lines) + ": \(reason)",
                               before: task.state, after: after, at: at)
                return CountOutcome(task: task.id, scope: task.scope, location: task.location, stateBefore: task.state, stateAfter: after, lines: lines)
            }
        }
    }

    /// What approving (or rejecting) the picked variances would do, read and checked exactly
    /// as the decision would be (role, own count, stock orders hold) but not written. The
    /// console asks this before its confirmation, so a refusal comes first.
    public func planCountDecision(_ picks: [CountPick], approve: Bool, by actor: Actor) throws(OperationError) -> [CountDecisionPlan] {
        try read { r in
            let current = Actor(name: actor.name, role: try r.user(actor.name)?.role ?? actor.role)
            try AccessPolicy.authorize(current.role, .decideCount, user: current.name)
            var facts = CountFacts(settings: try r.settings())
            return try chosenLines(picks, in: r, actor: current, verb: approve ? "approve" : "reject").flatMap { task, lines in
                try lines.map { line in
                    var replans: [String] = []
                    if approve, let short = try shelfShortfall(line, of: task, in: r) {
                        replans = try lossCover(short, line: line, of: task, in: r).map { "order \($0.order) line \($0.line)" }
                    }
                    let value = CountVariance.value(line.variance ?? 0, unitCost: try facts.sku(line.sku, in: r).unitCost)
                    return CountDecisionPlan(task: task.id, sku: line.sku, location: task.location, bucket: line.bucket,
                                             expected: line.expected ?? 0, counted: line.counted ?? 0, value: value,
                                             countedBy: line.countedBy ?? "", replans: replans)
                }
            }
        }
    }

    /// Cancels a count not yet counted in full (open or counting); lines already approved stay.
    public func cancelCount(task id: Int64, reason: String, by actor: Actor) throws(OperationError) {
        guard !reason.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw OperationError("Cancelling a count needs a reason (--reason).")
        }
        try Self.refuseUnsafeText(reason, what: "reason")
        try perform(.cancelCount, by: actor) { tx, actor in
            let task = try countTask(id, in: tx)
            guard task.state == .open || task.state == .counting else {
                throw OperationError("Count \(id) is \(task.state.rawValue); only an open or counting count is cancelled"
                                     + (task.state == .review ? " (decide its variances first)." : "."))
            }
            let waiting = task.lines.filter { $0.state == .review }.count
            guard waiting == 0 else {
                throw OperationError("Count \(id) has \(waiting) variance\(waiting == 1 ? "" : "s") waiting for a supervisor: decide them first.")
            }
            let at = now
            try tx.setCountTaskState(id, .cancelled, at: at)
            try auditCount(task, tx, actor, .cancelCount, reason: "cancelled: \(reason)", before: task.state, after: .cancelled, at: at)
        }
    }

    private static func picks(_ task: Int64, _ skus: [String]) -> [CountPick] {
        skus.isEmpty ? [CountPick(task: task)] : skus.map { CountPick(task: task, sku: $0) }
    }

    /// The waiting lines the picks name, count by count in the order first picked. A pick
    /// naming nothing waiting, or a line the actor counted, refuses the decision.
    private func chosenLines(_ picks: [CountPick], in r: some StoreReading, actor: Actor,
                             verb: String) throws -> [(task: CountTaskRecord, lines: [CountLineRow])] {
        guard !picks.isEmpty else { throw OperationError("Pick the variances to \(verb).") }
        var order: [Int64] = [], byTask: [Int64: [CountPick]] = [:]
        for pick in picks {
            if byTask[pick.task] == nil { order.append(pick.task) }
            byTask[pick.task, default: []].append(pick)
        }
        return try order.map { id in
            let task = try countTask(id, in: r)
            let waiting = task.lines.filter { $0.state == .review }
            guard !waiting.isEmpty else {
                throw OperationError("Count \(id) has no variance waiting for a supervisor (it is \(task.state.rawValue)).")
            }
            let taskPicks = byTask[id]!
            for pick in taskPicks {
                guard let sku = pick.sku else { continue }
                guard waiting.contains(where: { $0.sku == sku && (pick.bucket == nil || $0.bucket == pick.bucket) }) else {
                    throw OperationError("No variance of \(sku)\(pick.bucket.map { " (\($0.rawValue))" } ?? "") waits on count \(id).")
                }
            }
            let chosen = waiting.filter { line in
                taskPicks.contains { $0.sku == nil || ($0.sku == line.sku && ($0.bucket == nil || $0.bucket == line.bucket)) }
            }
            if let own = chosen.first(where: { $0.countedBy == actor.name }) {
                throw OperationError("\(actor.name) counted \(own.sku) on count \(id) and may not \(verb) their own count; "
                                     + "another supervisor or an admin decides.")
            }
            return (task, chosen)
        }
    }

    /// A task's state from its lines: counting while a line waits for a (re)count (a recount
    /// need not wait for the other lines' decisions), review while a variance waits, closed
    /// when every line is approved.
    private func settleState(_ task: CountTaskRecord, in tx: StoreTransaction, at: String) throws -> CountTaskState {
        let lines = try countTask(task.id, in: tx).lines
        let state: CountTaskState = lines.contains { $0.state == .pending } ? .counting
            : lines.contains { $0.state == .review } ? .review : .closed
        if state != task.state { try tx.setCountTaskState(task.id, state, at: at) }
        return state
    }

    // MARK: Posting

    /// Posts an approved variance as an adjustment of its bucket. A shelf loss beyond the
    /// sellable stock is stock that orders hold but is not there: those orders are re-planned
    /// first (their allocations released, the lines backordered) so reserved never exceeds
    /// what is on hand. Returns the order lines re-planned.
    func post(_ line: CountLineRow, of task: CountTaskRecord, command: Command, in tx: StoreTransaction, actor: Actor,
              at: String) throws -> [String] {
        guard let variance = line.variance, variance != 0 else { return [] }
        let note = "count \(task.id): \(line.counted!.grouped) counted, \(line.expected!.grouped) expected"
            + (line.bucket == .shelf ? "" : " (\(line.bucket.rawValue))")
        var replanned: [String] = []
        if let short = try shelfShortfall(line, of: task, in: tx) {
            let why = "count \(task.id) found \(line.sku) short at \(task.location)"
            for holder in try lossCover(short, line: line, of: task, in: tx) {
                try replan(holder, why: why, in: tx, actor: actor, at: at)
                replanned.append("order \(holder.order) line \(holder.line)")
            }
        }
        let move = StockMove(sku: line.sku, location: task.location, from: variance < 0 ? line.bucket.status : nil,
                             to: variance > 0 ? line.bucket.status : nil, quantity: abs(variance), reason: .adjustment, note: note,
                             document: "count \(task.id)")
        do {
            _ = try apply([move], in: tx, actor: actor, command: command, reason: note)
        } catch let error as DomainError {
            throw OperationError("Count \(task.id): \(error.message) The stock changed after the count; reject it for a recount.")
        }
        return replanned
    }

    /// How much of a shelf loss the sellable stock cannot cover (nil when it can).
    private func shelfShortfall(_ line: CountLineRow, of task: CountTaskRecord, in r: some StoreReading) throws -> Int? {
        guard line.bucket == .shelf, let variance = line.variance, variance < 0 else { return nil }
        let sellable = try r.position(skuID: line.skuID, locationID: task.locationID).sellable
        return sellable < -variance ? -variance - sellable : nil
    }

    /// An order line holding stock a count found missing, with the order as read.
    struct LossHolder {
        var order: Int64
        var line: Int
        var header: OrderHeader
        var allocations: [AllocationRow]
    }

    /// The order lines whose allocations cover `short` units of the SKU here, newest
    /// allocation first. Orders being picked or packed are passed over (their stock is off
    /// the shelf already); when the rest do not cover it, the approval is refused.
    private func lossCover(_ short: Int, line: CountLineRow, of task: CountTaskRecord, in r: some StoreReading) throws -> [LossHolder] {
        var covered = 0, holders: [LossHolder] = []
        for holder in try r.liveAllocationHolders(skuID: line.skuID, locationID: task.locationID) where covered < short {
            guard let header = try r.orderHeader(holder.order),
                  [.allocated, .partiallyAllocated, .partiallyShipped, .backordered].contains(header.state) else { continue }
            let allocations = (try r.liveAllocations([holder.order])[holder.order] ?? []).filter { $0.lineNo == holder.line }
            covered += allocations.filter { $0.skuID == line.skuID && $0.locationID == task.locationID }.reduce(0) { $0 + $1.quantity }
            holders.append(LossHolder(order: holder.order, line: holder.line, header: header, allocations: allocations))
        }
        guard covered >= short else {
            throw OperationError("Count \(task.id): \((short - covered).grouped) of the missing \(line.sku) are held for orders being picked "
                                 + "or packed, or by reservations; confirm or cancel those first, then approve.")
        }
        return holders
    }

    /// Releases an order line's allocations (back to sellable, for the loss to take) and
    /// backorders the line with the reason; the next allocation run plans it again.
    private func replan(_ holder: LossHolder, why: String, in tx: StoreTransaction, actor: Actor, at: String) throws {
        // Read again: an earlier line of the same order may have changed it.
        let before = try tx.orderHeader(holder.order) ?? holder.header
        for a in holder.allocations {
            try tx.releaseAllocation(a, note: why, document: "order \(holder.order)", actor: actor.name, at: at)
        }
        var lines = try tx.orderLines(holder.order)
        guard let index = lines.firstIndex(where: { $0.lineNo == holder.line }) else { return }
        lines[index].backordered += lines[index].allocated
        lines[index].allocated = 0
        lines[index].backorderedSince = lines[index].backorderedSince ?? at
        try tx.updateLine(lines[index], orderID: holder.order)
        let state = OrderState.derived(from: lines.map(\.quantities), current: before.state)
        try tx.setOrderState(holder.order, state, at: at)
        var after = before
        after.state = state
        try tx.append(orderAudit(actor, .decideCount, order: before, after: after, reason: "line \(holder.line) backordered: \(why)"), at: at)
    }
}
