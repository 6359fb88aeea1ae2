import Domain
import Store
import Operations
import TerminalKit

/// Drawing of the counts pane: the variance queue, the counts in hand, and the entry screen
/// (which never shows what the ledger expects).
enum CountsPane {
    static let varianceColumns = [
        TableColumn(title: "", width: 1, priority: 100),   // the mark
        TableColumn(title: "Count", width: 6, alignment: .right, priority: 90),
        TableColumn(title: "SKU", width: 9, priority: 100),
        TableColumn(title: "Location", width: 8, flexible: true, maxWidth: 10, priority: 95),
        TableColumn(title: "Bucket", width: 10, priority: 55),
        TableColumn(title: "Expected", width: 8, alignment: .right, priority: 85),
        TableColumn(title: "Counted", width: 8, alignment: .right, priority: 85),
        TableColumn(title: "Variance", width: 8, alignment: .right, priority: 99),
        TableColumn(title: "Value", width: 13, alignment: .right, priority: 80),
        TableColumn(title: "Cl", width: 2, priority: 30),
        TableColumn(title: "Age", width: 7, priority: 70),
        TableColumn(title: "Counted by", width: 10, flexible: true, maxWidth: 14, priority: 75),
        TableColumn(title: "Moved", width: 5, priority: 40),
    ]

    static let taskColumns = [
        TableColumn(title: "Count", width: 6, alignment: .right, priority: 100),
        TableColumn(title: "State", width: 8, priority: 95),
        TableColumn(title: "Location", width: 8, flexible: true, maxWidth: 10, priority: 95),
        TableColumn(title: "SKU", width: 9, priority: 90),
        TableColumn(title: "Origin", width: 9, priority: 50),
        TableColumn(title: "Due", width: 10, priority: 70),
        TableColumn(title: "Lines", width: 5, alignment: .right, priority: 60),
        TableColumn(title: "Counted", width: 7, alignment: .right, priority: 60),
        TableColumn(title: "Waiting", width: 7, alignment: .right, priority: 60),
        TableColumn(title: "Why", width: 20, flexible: true, priority: 40),
    ]

    /// Blind: the entry screen has no column for what the ledger expects.
    static let entryColumns = [
        TableColumn(title: "Count", width: 6, alignment: .right, priority: 90),
        TableColumn(title: "SKU", width: 9, flexible: true, maxWidth: 14, priority: 100),
        TableColumn(title: "Bucket", width: 13, priority: 80),
        TableColumn(title: "Counted", width: 8, alignment: .right, priority: 100),
        TableColumn(title: "State", width: 22, flexible: true, priority: 60),
    ]

    static func varianceRow(_ v: CountVarianceRow, now: String) -> (id: String, cells: [String]) {
        let l = v.line
        let variance = l.variance ?? 0
        let value = CountVariance.value(variance, unitCost: v.unitCost)?.description ?? "-"
        return (CountsPaneState.key(v), ["", String(v.task), l.sku, v.location, l.bucket.rawValue, String(l.expected ?? 0),
                                         String(l.counted ?? 0), (variance > 0 ? "+" : "") + String(variance), value, v.velocity.rawValue,
                                         Age.text(since: l.countedAt, now: now), l.countedBy ?? "", l.movedDuring ? "yes" : ""])
    }

    static func taskRow(_ t: CountTaskSummary) -> (id: Int64, cells: [String]) {
        (t.id, [String(t.id), t.state.rawValue, t.location, t.sku ?? "(all)", t.origin.rawValue, t.dueOn, String(t.lines),
                String(t.counted), String(t.inReview), t.why])
    }

    static func entryID(task: Int64, sku: String, bucket: CountBucket) -> String { "\(task):\(sku):\(bucket.rawValue)" }

    static func entryRows(_ entry: CountEntryState) -> [(id: String, cells: [String])] {
        entry.tasks.filter { $0.state == .counting }.flatMap { task in
            task.lines.map { l in
                let state = switch l.state {
                case .pending: l.counted == nil ? (l.round > 1 ? "to recount" : "to count") : "counted"
                case .review: "waits for a supervisor"
                case .approved: "done"
                }
                return (entryID(task: task.id, sku: l.sku, bucket: l.bucket),
                        [String(task.id), l.sku, l.bucket.rawValue, l.state == .pending ? l.counted.map(String.init) ?? "" : "✓", state])
            }
        }
    }

    static func entryLine(_ id: String, in entry: CountEntryState) -> CountLineRow? {
        for task in entry.tasks {
            if let line = task.lines.first(where: { entryID(task: task.id, sku: $0.sku, bucket: $0.bucket) == id }) { return line }
        }
        return nil
    }

    /// "MUG-RED at WH-LON (shelf): 10 expected, 8 counted → −2 sellable (−5.00 GBP)"
    static func what(_ v: CountVarianceRow) -> String {
        what(sku: v.line.sku, location: v.location, bucket: v.line.bucket, expected: v.line.expected ?? 0, counted: v.line.counted ?? 0,
             value: CountVariance.value(v.line.variance ?? 0, unitCost: v.unitCost))
    }

    static func what(_ p: CountDecisionPlan) -> String {
        what(sku: p.sku, location: p.location, bucket: p.bucket, expected: p.expected, counted: p.counted, value: p.value)
    }

    private static func what(sku: String, location: String, bucket: CountBucket, expected: Int, counted: Int, value: Money?) -> String {
        let variance = counted - expected
        return "\(sku) at \(location) (\(bucket.rawValue)): \(expected) expected, \(counted) counted → "
            + "\(variance > 0 ? "+" : "")\(variance) \(bucket.status.rawValue)" + (value.map { " (\($0))" } ?? "")
    }

    /// What a decision did, for the message line: "count 5: MUG-RED −2 sellable @ WH-LON (−5.00 GBP) posted".
    static func decided(_ o: CountOutcome) -> String {
        let lines = o.lines.map { l -> String in
            switch l.result {
            case .recount: return "\(l.sku) (\(l.bucket.rawValue)) to a recount"
            default:
                let v = l.variance ?? 0
                guard v != 0 else { return "\(l.sku) as expected" }
                return "\(l.sku) \(v > 0 ? "+" : "")\(v) \(l.bucket.status.rawValue) @ \(o.location)" + (l.value.map { " (\($0))" } ?? "") + " posted"
                    + (l.replanned.isEmpty ? "" : "; re-planned " + l.replanned.joined(separator: ", "))
            }
        }
        return "count \(o.task): " + lines.joined(separator: ", ")
    }

    /// A completed count, for the message line: "count 5 closed: 2 approved within tolerance".
    static func completed(_ o: CountOutcome) -> String {
        let review = o.lines.filter { $0.result == .review }.count
        let automatic = o.lines.count - review
        return "count \(o.task) \(o.stateAfter.rawValue): \(automatic) approved within tolerance"
            + (review > 0 ? ", \(review) waiting for a supervisor" : "")
    }

    static func headerLine(_ state: ConsoleState) -> String {
        let c = state.counts
        switch c.view {
        case .entry:
            guard let entry = c.entry else { return "Counting" }
            let counting = entry.tasks.filter { $0.state == .counting }.count
            return "Counting at \(entry.location): \(InboundWords.count(counting, "count")), \(InboundWords.count(entry.uncounted, "line")) to count"
                + " · blind: what the ledger expects is not shown"
        case .tasks:
            let by = Dictionary(grouping: c.tasks, by: \.state).mapValues(\.count)
            return "Counts in hand: \(by[.open] ?? 0) open · \(by[.counting] ?? 0) counting · \(by[.review] ?? 0) waiting for a decision"
                + (c.tasks.count >= c.reach.limit ? " · " + QueueReach.words(read: c.tasks.count, total: nil) : "")
                + (c.filter.isEmpty ? "" : " · \(c.taskTable.rowCount) matching “\(c.filter)”")
        case .variances:
            if c.stale && c.variances.isEmpty { return "Count variances: reading…" }
            var parts = ["\(c.waiting.grouped) waiting for a supervisor"]
            if c.waiting > c.variances.count { parts.append(QueueReach.words(read: c.variances.count, total: c.waiting)) }
            if !c.filter.isEmpty { parts.append("\(c.queue.rowCount) matching “\(c.filter)”") }
            if !c.marked.isEmpty { parts.append("\(c.marked.count) marked") }
            parts.append("\(InboundWords.count(c.tasks.count, "count")) in hand (t)")
            let sort = c.sort.label(varianceColumns.map(\.title))
            if !sort.isEmpty { parts.append(sort) }
            return "Count variances: " + parts.joined(separator: " · ")
        }
    }

    static func draw(_ state: ConsoleState, in rect: Rect, buffer: inout Buffer) {
        let c = state.counts
        switch c.view {
        case .variances:
            TableView.draw(state: c.queue, columns: varianceColumns, in: rect, buffer: &buffer, focused: true)
            if !c.marked.isEmpty { OrdersPane.drawMarks(c.queue, isMarked: c.marked.contains, in: rect, buffer: &buffer) }
        case .tasks:
            TableView.draw(state: c.taskTable, columns: taskColumns, in: rect, buffer: &buffer, focused: true)
        case .entry:
            guard let entry = c.entry, entry.table.rowCount > 0 else {
                OrdersPane.drawLines([("Nothing is being counted here yet: start the counts (they are listed with t), or Esc.", Style(.muted))],
                                     scroll: 0, in: rect, buffer: &buffer)
                return
            }
            TableView.draw(state: entry.table, columns: entryColumns, in: rect, buffer: &buffer, focused: true)
        }
    }
}
