import Domain
import Operations
import TerminalKit

extension Pane {
    public static let returns = Pane("returns", title: "Returns", controller: ReturnsPaneController.self)
}

extension KeyContext {
    static let returnsQueue = KeyContext(.returns, "returns")
}

extension KeyMap {
    public static let returnsQueue: [KeyBinding] = [
        KeyBinding(keys: [.char("a")], label: "a", action: .receive, help: "The return arrived: its units into returnPending (asks first)",
                   hint: "arrived", command: .receiveReturn),
        KeyBinding(keys: [.char("r")], label: "r", action: .disposition(.resell), help: "Inspected: resell (to sellable)", hint: "resell",
                   command: .inspectReturn),
        KeyBinding(keys: [.char("f")], label: "f", action: .disposition(.refurbish), help: "Inspected: refurbish (to quarantine)", hint: "refurbish",
                   command: .inspectReturn),
        KeyBinding(keys: [.char("s")], label: "s", action: .disposition(.scrap), help: "Inspected: scrap (written off)", hint: "scrap",
                   command: .inspectReturn),
        KeyBinding(keys: [.char("v")], label: "v", action: .disposition(.returnToVendor), help: "Inspected: back to the supplier", hint: nil,
                   command: .inspectReturn),
        KeyBinding(keys: [.char("$")], label: "$", action: .releaseRefund, help: "Release the refund held (asks first)", hint: "refund",
                   command: .releaseRefund),
        listFilter, listSort[0], listSort[1],
    ]
}

/// The returns pane: returns to receive, to inspect and dispose of, and refunds to release.
enum ReturnsPaneController: ConsolePane {
    static let pane = Pane.returns
    static func initialState() -> ReturnsPaneState { ReturnsPaneState() }
    static let summary = "Returns pane (receive, inspect and dispose of, refund)"
    static let views: [(context: KeyContext, help: String)] = [(.returnsQueue, "Returns pane")]

    static func context(_ state: ConsoleState) -> KeyContext { .returnsQueue }
    static func bindings(_ context: KeyContext) -> [KeyBinding] { KeyMap.returnsQueue }
    static func headerLine(_ state: ConsoleState) -> String { ReturnsPane.headerLine(state) }
    static func draw(_ state: ConsoleState, in rect: Rect, buffer: inout Buffer) {
        TableView.draw(state: state.returns.table, columns: ReturnsPane.columns, in: rect, buffer: &buffer, focused: true)
    }
    static func hasFirstScreenful(_ state: ConsoleState) -> Bool { !state.returns.stale }
    static func perform(_ action: ConsoleAction, _ state: inout ConsoleState) -> [ConsoleEffect] { ConsoleUpdate.performInReturns(action, &state) }
    static func shown(_ state: inout ConsoleState) -> [ConsoleEffect] { ConsoleUpdate.refreshReturns(&state) }
    static func databaseChanged(_ state: inout ConsoleState) -> [ConsoleEffect] {
        state.returns.stale = true
        return state.pane == .returns ? ConsoleUpdate.refreshReturns(&state) : []
    }
    static func submitForm(_ form: FormDialog, _ state: inout ConsoleState) -> [ConsoleEffect] { ConsoleUpdate.submitInspection(form, &state) }
    static func filterText(_ state: ConsoleState) -> String? { state.returns.filter }

    static func applyFilter(_ text: String, _ state: inout ConsoleState) -> [ConsoleEffect] {
        state.returns.filter = text
        ConsoleUpdate.showReturns(&state)
        return []
    }

    static func sort(_ action: ConsoleAction, _ state: inout ConsoleState) -> [ConsoleEffect] {
        state.returns.sort.change(action, columns: ReturnsPane.columns.count)
        ConsoleUpdate.showReturns(&state)
        return []
    }

    static var promptVerbs: [PromptVerb] {
        [PromptVerb(names: ["returns", "rma"], usage: ":returns [TEXT]", help: "The returns to work, filtered by an RMA, order, customer or SKU") { rest in
            .success(.pane(ReturnsPrompt.show(filter: rest.joined(separator: " "))))
        }]
    }

    static func click(row: Int, _ state: inout ConsoleState) -> [ConsoleEffect] {
        _ = clickSelects(&state.returns.table, row: row, viewportHeight: state.viewportHeight)
        return []
    }
}

/// The returns pane's `:` command, applied to the console when run.
enum ReturnsPrompt: PaneEvent {
    /// `:returns [TEXT]`: the pane, its list filtered by the text.
    case show(filter: String)

    func apply(_ state: inout ConsoleState) -> [ConsoleEffect] {
        switch self {
        case .show(let filter):
            state.returns.filter = filter
            let shown = ConsoleUpdate.perform(.pane(Panes.index(of: .returns)), &state)
            ConsoleUpdate.showReturns(&state)
            return shown
        }
    }
}
