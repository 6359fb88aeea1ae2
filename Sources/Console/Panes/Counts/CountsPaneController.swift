import Domain
import Operations
import TerminalKit

extension Pane {
    public static let counts = Pane("counts", title: "Counts", controller: CountsPaneController.self)
}

extension KeyContext {
    static let countVariances = KeyContext(.counts, "variances")
    static let countTasks = KeyContext(.counts, "counts")
    static let countEntry = KeyContext(.counts, "entry")
}

extension KeyMap {
    static let countAt = KeyBinding(keys: [.char("c")], label: "c", action: .countAt,
                                    help: "Count at a location: enter what is on the shelves, blind", hint: "count", command: .countStock)

    public static let countVariances: [KeyBinding] = [
        KeyBinding(keys: [.char("a")], label: "a", action: .approve, help: "Approve the marked variances (else this one): posted as adjustments",
                   hint: "approve", command: .decideCount),
        KeyBinding(keys: [.char("x")], label: "x", action: .reject, help: "Reject the marked (else this one) to a blind recount, saying why",
                   hint: "recount", command: .decideCount),
        KeyBinding(keys: [.char(" ")], label: "Space", action: .toggleMark, help: "Mark or unmark the variance", hint: "mark"),
        KeyBinding(keys: [.char("A")], label: "A", action: .markAll, help: "Mark every variance listed", hint: nil),
        KeyBinding(keys: [.char("u")], label: "u", action: .clearMarks, help: "Unmark all", hint: nil),
        countAt,
        KeyBinding(keys: [.char("t")], label: "t", action: .switchView, help: "The counts open, being counted or waiting", hint: "counts"),
        listFilter, listSort[0], listSort[1],
    ]

    public static let countTasks: [KeyBinding] = [
        KeyBinding(keys: [.enter], label: "Enter", action: .open, help: "Count at this count's location", hint: "count here",
                   command: .countStock),
        countAt,
        KeyBinding(keys: [.char("t")], label: "t", action: .switchView, help: "Back to the variance queue", hint: "variances"),
        listFilter,
    ]

    public static let countEntry: [KeyBinding] = [
        KeyBinding(keys: [.char("n")], label: "n", action: .enterLine, help: "Type or scan a SKU and how many are there", hint: "count a SKU",
                   command: .countStock),
        KeyBinding(keys: [.enter], label: "Enter", action: .open, help: "Count the SKU under the cursor", hint: "count this",
                   command: .countStock),
        KeyBinding(keys: [.char("s")], label: "s", action: .save, help: "Complete the counts whose lines are all counted",
                   hint: "complete", command: .countStock),
        KeyBinding(keys: [.escape], label: "Esc", action: .back, help: "Back to the variance queue (what is entered is kept)", hint: "back"),
    ]
}

/// The counts pane: the supervisor's variance queue, the counts in hand, and the counter's
/// blind entry screen.
enum CountsPaneController: ConsolePane {
    static let pane = Pane.counts
    static func initialState() -> CountsPaneState { CountsPaneState() }
    static let summary = "Counts pane (count variances to approve, counting)"
    static let views: [(context: KeyContext, help: String)] = [
        (.countVariances, "Counts pane: variances waiting"), (.countTasks, "Counts pane: counts in hand"),
        (.countEntry, "Counts pane: counting at a location"),
    ]

    static func context(_ state: ConsoleState) -> KeyContext {
        switch state.counts.view {
        case .variances: .countVariances
        case .tasks: .countTasks
        case .entry: .countEntry
        }
    }
    static func bindings(_ context: KeyContext) -> [KeyBinding] {
        switch context {
        case .countTasks: KeyMap.countTasks
        case .countEntry: KeyMap.countEntry
        default: KeyMap.countVariances
        }
    }
    static func headerLine(_ state: ConsoleState) -> String { CountsPane.headerLine(state) }
    static func draw(_ state: ConsoleState, in rect: Rect, buffer: inout Buffer) { CountsPane.draw(state, in: rect, buffer: &buffer) }
    static func hasFirstScreenful(_ state: ConsoleState) -> Bool { !state.counts.stale }
    static func perform(_ action: ConsoleAction, _ state: inout ConsoleState) -> [ConsoleEffect] { ConsoleUpdate.performInCounts(action, &state) }
    static func back(_ state: inout ConsoleState) -> [ConsoleEffect]? {
        guard state.counts.view != .variances else { return nil }
        state.counts.view = .variances
        return ConsoleUpdate.refreshCounts(&state)
    }
    static func shown(_ state: inout ConsoleState) -> [ConsoleEffect] { ConsoleUpdate.refreshCounts(&state) }
    static func databaseChanged(_ state: inout ConsoleState) -> [ConsoleEffect] {
        state.counts.stale = true
        guard state.pane == .counts else { return [] }
        if state.counts.view == .entry, let location = state.counts.entry?.location { return [.counts(.loadEntry(location: location))] }
        return ConsoleUpdate.refreshCounts(&state)
    }
    static func submitForm(_ form: FormDialog, _ state: inout ConsoleState) -> [ConsoleEffect] { ConsoleUpdate.submitCountsForm(form, &state) }

    static func unfinishedWork(_ state: ConsoleState) -> [String] {
        state.counts.marked.isEmpty ? [] : ["\(InboundWords.count(state.counts.marked.count, "variance")) marked and not decided."]
    }

    static func filterText(_ state: ConsoleState) -> String? { state.counts.view == .entry ? nil : state.counts.filter }

    static func applyFilter(_ text: String, _ state: inout ConsoleState) -> [ConsoleEffect] {
        state.counts.filter = text
        ConsoleUpdate.showCounts(&state)
        return []
    }

    static func sort(_ action: ConsoleAction, _ state: inout ConsoleState) -> [ConsoleEffect] {
        guard state.counts.view == .variances else { return [] }
        state.counts.sort.change(action, columns: CountsPane.varianceColumns.count)
        ConsoleUpdate.showCounts(&state)
        return []
    }

    static var promptVerbs: [PromptVerb] {
        [PromptVerb(names: ["variances", "cv"], usage: ":variances", help: "The count variances waiting for a supervisor") { rest in
            rest.isEmpty ? .success(.pane(CountsPrompt.variances)) : .failure(PromptError(":variances takes nothing after it"))
         },
         PromptVerb(names: ["count"], usage: ":count LOCATION", help: "Count at a location, blind (as c in the counts pane)") { rest in
            guard rest.count == 1 else { return .failure(PromptError(":count needs the location you are counting at, e.g. :count WH-UK-N")) }
            return .success(.pane(CountsPrompt.countAt(rest[0])))
         }]
    }

    static func click(row: Int, _ state: inout ConsoleState) -> [ConsoleEffect] {
        let h = state.viewportHeight
        switch state.counts.view {
        case .variances: _ = clickSelects(&state.counts.queue, row: row, viewportHeight: h)
        case .tasks: if clickSelects(&state.counts.taskTable, row: row, viewportHeight: h) { return perform(.open, &state) }
        case .entry: if state.counts.entry != nil { _ = clickSelects(&state.counts.entry!.table, row: row, viewportHeight: h) }
        }
        return []
    }
}

/// The counts pane's `:` commands, applied to the console when run.
enum CountsPrompt: PaneEvent {
    /// `:variances`: the queue.
    case variances
    /// `:count LOCATION`: as `c`.
    case countAt(String)

    func apply(_ state: inout ConsoleState) -> [ConsoleEffect] {
        if case .countAt = self, let refusal = AccessPolicy.refusal(state.role, .countStock, user: state.user) {
            ConsoleUpdate.flash(&state, refusal, kind: .error)
            return []
        }
        state.counts.view = .variances
        let shown = ConsoleUpdate.perform(.pane(Panes.index(of: .counts)), &state)
        switch self {
        case .variances: return shown
        case .countAt(let location): return shown + [.counts(.loadEntry(location: location))]
        }
    }
}
