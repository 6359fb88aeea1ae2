import Domain
import Store
import Operations
import TerminalKit

/// The counts pane's part of the update: the variance queue and its decisions (planned by
/// Operations, then confirmed saying what will post), the counts in hand, and blind entry at
/// a location.
extension ConsoleUpdate {
    static func refreshCounts(_ state: inout ConsoleState) -> [ConsoleEffect] {
        guard state.counts.stale else { return [] }
        state.counts.stale = false
        return [.counts(.loadQueue(limit: state.counts.reach.limit))]
    }

    static func receiveCountQueue(_ variances: [CountVarianceRow], waiting: Int, tasks: [CountTaskSummary], at: String,
                                  _ state: inout ConsoleState) -> [ConsoleEffect] {
        state.counts.variances = variances
        state.counts.waiting = waiting
        state.counts.tasks = tasks
        state.counts.varianceRows = variances.map { CountsPane.varianceRow($0, now: at) }
        state.counts.taskRows = tasks.map(CountsPane.taskRow)
        // Marks follow the data: a variance decided elsewhere leaves the marks with it.
        state.counts.marked.formIntersection(Set(variances.map(CountsPaneState.key)))
        showCounts(&state)
        return []
    }

    /// The variance queue and the counts in hand, as the filter and sort keep them.
    static func showCounts(_ state: inout ConsoleState) {
        let c = state.counts
        let rows = c.sort.apply(ListFilter.rows(c.varianceRows, c.filter))
        state.counts.queue.replaceWindow(start: 0, rows: rows, total: rows.count)
        let tasks = ListFilter.rows(c.taskRows, c.filter)
        state.counts.taskTable.replaceWindow(start: 0, rows: tasks, total: tasks.count)
    }

    /// The counting screen's lines, after a read of the location's counts.
    static func showCountEntry(_ state: inout ConsoleState) {
        guard let entry = state.counts.entry else { return }
        let lines = CountsPane.entryRows(entry)
        state.counts.entry?.table.replaceWindow(start: 0, rows: lines, total: lines.count)
    }

    static func performInCounts(_ action: ConsoleAction, _ state: inout ConsoleState) -> [ConsoleEffect] {
        switch state.counts.view {
        case .variances: performOnVariances(action, &state)
        case .tasks: performOnCountTasks(action, &state)
        case .entry: performWhileCounting(action, &state)
        }
    }

    private static func performOnVariances(_ action: ConsoleAction, _ state: inout ConsoleState) -> [ConsoleEffect] {
        let c = state.counts
        switch action {
        case .approve, .reject:
            let picks = c.targets.map { CountPick(task: $0.task, sku: $0.line.sku, bucket: $0.line.bucket) }
            guard !picks.isEmpty else { return [] }
            flash(&state, "Checking…")
            return [.counts(.planDecision(picks, approve: action == .approve))]
        case .toggleMark:
            guard let key = c.queue.selectedRow?.id else { return [] }
            if state.counts.marked.remove(key) == nil { state.counts.marked.insert(key) }
            moveTable(&state.counts.queue, .down, state.viewportHeight)
            return []
        case .markAll:
            state.counts.marked = Set(c.queue.rows.map(\.id))
            return []
        case .clearMarks:
            state.counts.marked = []
            return []
        case .switchView:
            state.counts.view = .tasks
            return []
        case .countAt:
            return openLocationForm(c.queue.selectedRow.flatMap { row in c.variances.first { CountsPaneState.key($0) == row.id }?.location },
                                    &state)
        default:
            let pressingOn = QueueReach.pressesOn(action, at: c.queue)
            moveTable(&state.counts.queue, action, state.viewportHeight)
            guard pressingOn, state.counts.reach.extend(read: c.variances.count, total: c.waiting) else { return [] }
            return [.counts(.loadQueue(limit: state.counts.reach.limit))]
        }
    }

    private static func performOnCountTasks(_ action: ConsoleAction, _ state: inout ConsoleState) -> [ConsoleEffect] {
        let c = state.counts
        let selected = c.taskTable.selectedRow.flatMap { row in c.tasks.first { $0.id == row.id } }
        switch action {
        case .open:
            guard let task = selected else { return [] }
            return [.counts(.loadEntry(location: task.location))]
        case .countAt:
            return openLocationForm(selected?.location, &state)
        case .switchView:
            state.counts.view = .variances
            return []
        default:
            let pressingOn = QueueReach.pressesOn(action, at: c.taskTable)
            moveTable(&state.counts.taskTable, action, state.viewportHeight)
            // The counts in hand are read with the queue, to the same reach.
            guard pressingOn, state.counts.reach.extend(read: c.tasks.count, total: nil) else { return [] }
            return [.counts(.loadQueue(limit: state.counts.reach.limit))]
        }
    }

    private static func performWhileCounting(_ action: ConsoleAction, _ state: inout ConsoleState) -> [ConsoleEffect] {
        guard let entry = state.counts.entry else { return [] }
        switch action {
        case .enterLine:
            return openCountLineForm(sku: "", bucket: .shelf, &state)
        case .open:
            guard let id = entry.table.selectedRow?.id, let line = CountsPane.entryLine(id, in: entry) else { return [] }
            return openCountLineForm(sku: line.sku, bucket: line.bucket, &state)
        case .save:
            let ready = entry.complete
            guard !ready.isEmpty else {
                flash(&state, entry.uncounted > 0
                      ? "No count here is complete: \(InboundWords.count(entry.uncounted, "line")) still to count (0 where there is none)."
                      : "Nothing here is being counted.", kind: .error)
                return []
            }
            let still = entry.tasks.filter { $0.state == .counting && !ready.contains($0) }
            let message = ["Complete \(ready.map { "count \($0.id) (\($0.scope))" }.joined(separator: ", ")):",
                           "what was counted is held to the ledger's figure plus the moves made while counting;",
                           "variances within tolerance are posted at once, the rest wait for a supervisor."]
                + (still.isEmpty ? [] : ["Still being counted, left open: " + still.map { "count \($0.id)" }.joined(separator: ", ") + "."])
            state.mode = .confirm(confirmDialog(title: "Complete counts", message, confirm: "Complete", cancel: "Not yet"),
                                  .counts(.complete(ready.map(\.id), location: entry.location)))
            return []
        default:
            moveTable(&state.counts.entry!.table, action, state.viewportHeight)
            return []
        }
    }

    private static func openLocationForm(_ location: String?, _ state: inout ConsoleState) -> [ConsoleEffect] {
        state.counts.form = .location
        state.mode = .form(FormDialog(title: "Count at a location", fields: [
            .init("Location", location ?? state.counts.entry?.location ?? "", placeholder: "its code"),
        ]), owner: .counts)
        return []
    }

    private static func openCountLineForm(sku: String, bucket: CountBucket, _ state: inout ConsoleState) -> [ConsoleEffect] {
        guard let entry = state.counts.entry else { return [] }
        state.counts.form = .countedLine
        var form = FormDialog(title: "Count at \(entry.location)", fields: [
            .init("SKU", sku, placeholder: "type or scan"), .init("Quantity", "", placeholder: "how many are there; empty: 1 unit"),
            .init("Bucket", bucket.rawValue, placeholder: CountBucket.spellings),
        ])
        form.focus = sku.isEmpty ? 0 : 1
        state.mode = .form(form, owner: .counts)
        return []
    }

    static func submitCountsForm(_ form: FormDialog, _ state: inout ConsoleState) -> [ConsoleEffect] {
        guard let purpose = state.counts.form else { return [] }
        func refuse(_ message: String) -> [ConsoleEffect] {
            state.mode = .form(form, owner: .counts)
            flash(&state, message, kind: .error)
            return []
        }
        switch purpose {
        case .location:
            let location = form.value(0)
            guard !location.isEmpty else { return refuse("Location is required: where are you counting?") }
            state.counts.form = nil
            return [.counts(.loadEntry(location: location))]
        case .countedLine:
            guard let entry = state.counts.entry else { return [] }
            let sku = form.value(0)
            guard !sku.isEmpty else { return refuse("SKU is required: type or scan it.") }
            let text = form.value(1)
            guard let quantity = text.isEmpty ? 1 : Int(text) else { return refuse("Quantity '\(text)' is not a whole number.") }
            guard quantity >= 0 else { return refuse("Quantity is how many are there: 0 or more.") }
            guard let bucket = CountBucket(parsing: form.value(2)) else {
                return refuse("Bucket '\(form.value(2))' is not one of \(CountBucket.spellings).")
            }
            state.counts.form = nil
            return [.counts(.enter(location: entry.location, CountEntry(sku: sku, bucket: bucket, quantity: quantity)))]
        case .rejection(let picks):
            let reason = form.value(0)
            guard !reason.isEmpty else { return refuse("Reason is required: what the recount should look at.") }
            state.counts.form = nil
            let lines = state.counts.variances.filter { v in picks.contains { $0.task == v.task && $0.sku == v.line.sku && $0.bucket == v.line.bucket } }
            state.mode = .confirm(confirmDialog(title: "Recount", ["Send \(InboundWords.count(picks.count, "variance")) to a blind recount, "
                                                                    + "by someone other than who counted:"]
                                                + lines.prefix(8).map { "  count \($0.task) · \(CountsPane.what($0))" }
                                                + (lines.count > 8 ? ["  …"] : []) + ["Nothing is posted. Reason: \(reason)"],
                                                confirm: "Recount", cancel: "Not yet"),
                                  .counts(.reject(picks, reason: reason)))
            return []
        }
    }

    static func receiveCountEntry(_ location: String, _ tasks: [CountTaskRecord], _ state: inout ConsoleState) -> [ConsoleEffect] {
        guard !tasks.isEmpty else {
            flash(&state, "No count is open at \(location): create one (qm count create --location \(location)) or schedule them (qm count schedule).",
                  kind: .error)
            return []
        }
        var entry = state.counts.entry?.location == location ? state.counts.entry! : CountEntryState(location: location)
        entry.tasks = tasks
        state.counts.entry = entry
        state.counts.view = .entry
        showCountEntry(&state)
        let open = tasks.filter { $0.state == .open }
        if !open.isEmpty, case .normal = state.mode {
            state.mode = .confirm(confirmDialog(title: "Start counting", [
                "Start \(open.map { "count \($0.id) (\($0.scope))" }.prefix(6).joined(separator: ", "))\(open.count > 6 ? ", …" : "")?",
                "What the ledger holds now is kept aside and never shown here: counting is blind.",
                "Moves made while counting are added to it, so a sale meanwhile is not a loss.",
            ], confirm: "Start", cancel: "Not now"), .counts(.start(open.map(\.id), location: location)))
        }
        return []
    }

    static func countEntered(_ outcome: CountOutcome, _ entry: CountEntry, location: String, _ tasks: [CountTaskRecord],
                             _ state: inout ConsoleState) -> [ConsoleEffect] {
        let total = outcome.lines.first?.counted ?? entry.quantity
        state.counts.entry?.tasks = tasks
        showCountEntry(&state)
        let h = state.viewportHeight
        _ = state.counts.entry?.table.select(id: CountsPane.entryID(task: outcome.task, sku: outcome.lines.first?.sku ?? entry.sku,
                                                                     bucket: entry.bucket), viewportHeight: h)
        flash(&state, "Counted \(entry.quantity) \(outcome.lines.first?.sku ?? entry.sku) (\(entry.bucket.rawValue)) on count \(outcome.task): "
              + "\(total) so far; next SKU, or Esc and s to complete")
        // Line after line: the form comes back for the next scan.
        return openCountLineForm(sku: "", bucket: entry.bucket, &state)
    }

    static func countsCompleted(_ outcomes: [CountOutcome], location: String, _ tasks: [CountTaskRecord],
                                _ state: inout ConsoleState) -> [ConsoleEffect] {
        state.counts.entry?.tasks = tasks
        state.counts.stale = true
        showCountEntry(&state)
        flash(&state, outcomes.map(CountsPane.completed).joined(separator: "; "))
        return []
    }

    static func confirmCountDecision(_ picks: [CountPick], approve: Bool, _ plans: [CountDecisionPlan],
                                     _ state: inout ConsoleState) -> [ConsoleEffect] {
        guard case .normal = state.mode else { return [] }
        guard approve else {
            state.counts.form = .rejection(picks)
            state.mode = .form(FormDialog(title: "Recount \(InboundWords.count(plans.count, "variance"))", fields: [
                .init("Reason", placeholder: "what the recount should look at (required)", maxLength: 120),
            ]), owner: .counts)
            return []
        }
        var message = ["Approve \(InboundWords.count(plans.count, "variance")), each posted as an adjustment:"]
        for p in plans.prefix(8) {
            message.append("  count \(p.task) · \(CountsPane.what(p)) (counted by \(p.countedBy))")
            for replan in p.replans { message.append("    releases \(replan): the stock it held is not there; it is backordered") }
        }
        if plans.count > 8 { message.append("  … and \(plans.count - 8) more") }
        state.mode = .confirm(confirmDialog(title: "Approve count variances", message, confirm: "Approve", cancel: "Not yet"),
                              .counts(.approve(picks)))
        return []
    }

    static func countsDecided(_ outcomes: [CountOutcome], _ state: inout ConsoleState) -> [ConsoleEffect] {
        for o in outcomes {
            for l in o.lines { state.counts.marked.remove(CountsPane.entryID(task: o.task, sku: l.sku, bucket: l.bucket)) }
        }
        flash(&state, outcomes.map(CountsPane.decided).joined(separator: "; "))
        state.counts.stale = true
        return refreshCounts(&state)
    }
}
