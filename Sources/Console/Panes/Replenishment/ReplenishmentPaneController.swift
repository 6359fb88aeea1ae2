import Domain
import Operations
import TerminalKit

extension Pane {
    public static let replenishment = Pane("replenishment", title: "Replenish", controller: ReplenishmentPaneController.self)
}

extension KeyContext {
    static let replenishmentList = KeyContext(.replenishment, "suggestions")
    static let replenishmentDetail = KeyContext(.replenishment, "suggestion")
}

extension KeyMap {
    static let replenishmentActions: [KeyBinding] = [
        KeyBinding(keys: [.enter], label: "Enter", action: .approve, help: "Approve the marked (else this one) into draft purchase orders",
                   hint: "approve", command: .editPurchaseOrder),
        KeyBinding(keys: [.char("e")], label: "e", action: .changeQuantity, help: "Change the quantity to buy", hint: "quantity",
                   command: .editPurchaseOrder),
        KeyBinding(keys: [.char("x")], label: "x", action: .reject, help: "Reject the suggestion, saying why (left out for a while)",
                   hint: "reject", command: .rejectReplenishment),
    ]

    public static let replenishmentList: [KeyBinding] = replenishmentActions + [
        KeyBinding(keys: [.char("d")], label: "d", action: .open, help: "The suggestion's arithmetic in full", hint: "detail"),
        KeyBinding(keys: [.char(" ")], label: "Space", action: .toggleMark, help: "Mark or unmark the suggestion", hint: "mark"),
        KeyBinding(keys: [.char("A")], label: "A", action: .markAll, help: "Mark every suggestion listed", hint: nil),
        KeyBinding(keys: [.char("u")], label: "u", action: .clearMarks, help: "Unmark all", hint: nil),
        listFilter, listSort[0], listSort[1],
    ]

    public static let replenishmentDetail: [KeyBinding] = replenishmentActions + [
        KeyBinding(keys: [.escape], label: "Esc", action: .back, help: "Back to the suggestions", hint: "back"),
    ]
}

/// The replenishment pane: what to buy per SKU and fulfilling location, each suggestion with
/// its arithmetic; approve, change, reject.
enum ReplenishmentPaneController: ConsolePane {
    static let pane = Pane.replenishment
    static func initialState() -> ReplenishmentPaneState { ReplenishmentPaneState() }
    static let summary = "Replenishment pane (what to buy, and why)"
    static let views: [(context: KeyContext, help: String)] = [
        (.replenishmentList, "Replenishment pane"), (.replenishmentDetail, "Replenishment pane: a suggestion"),
    ]

    static func context(_ state: ConsoleState) -> KeyContext { state.replenishment.detail == nil ? .replenishmentList : .replenishmentDetail }
    static func bindings(_ context: KeyContext) -> [KeyBinding] {
        context == .replenishmentDetail ? KeyMap.replenishmentDetail : KeyMap.replenishmentList
    }
    static func headerLine(_ state: ConsoleState) -> String { ReplenishmentPane.headerLine(state) }
    static func draw(_ state: ConsoleState, in rect: Rect, buffer: inout Buffer) { ReplenishmentPane.draw(state, in: rect, buffer: &buffer) }
    static func hasFirstScreenful(_ state: ConsoleState) -> Bool { state.replenishment.plan != nil }
    static func perform(_ action: ConsoleAction, _ state: inout ConsoleState) -> [ConsoleEffect] { ConsoleUpdate.performInReplenishment(action, &state) }
    static func back(_ state: inout ConsoleState) -> [ConsoleEffect]? {
        guard state.replenishment.detail != nil else { return nil }
        state.replenishment.detail = nil
        return ConsoleUpdate.refreshReplenishment(&state)
    }
    static func shown(_ state: inout ConsoleState) -> [ConsoleEffect] { ConsoleUpdate.refreshReplenishment(&state) }
    static func databaseChanged(_ state: inout ConsoleState) -> [ConsoleEffect] {
        state.replenishment.stale = true
        return state.pane == .replenishment ? ConsoleUpdate.refreshReplenishment(&state) : []
    }
    static func submitForm(_ form: FormDialog, _ state: inout ConsoleState) -> [ConsoleEffect] {
        ConsoleUpdate.submitReplenishmentForm(form, &state)
    }

    static func hints(_ state: ConsoleState) -> [(key: String, label: String)]? {
        guard state.replenishment.detail != nil else { return nil }
        return KeyMap.hints(for: .replenishmentDetail, pane: .replenishment, role: state.role).filter { $0.key != "?" && $0.key != ":" }
            .prefix(4).map { $0 } + [("↑↓", "scroll"), ("?", "help"), ("q", "quit")]
    }

    static func unfinishedWork(_ state: ConsoleState) -> [String] {
        let r = state.replenishment
        var work: [String] = []
        if !r.marked.isEmpty { work.append("\(InboundWords.count(r.marked.count, "suggestion")) marked and not approved.") }
        if !r.quantities.isEmpty {
            work.append((r.quantities.count == 1 ? "1 quantity" : "\(r.quantities.count) quantities") + " changed and not approved.")
        }
        return work
    }

    static func filterText(_ state: ConsoleState) -> String? { state.replenishment.detail == nil ? state.replenishment.filter : nil }

    static func applyFilter(_ text: String, _ state: inout ConsoleState) -> [ConsoleEffect] {
        state.replenishment.filter = text
        ConsoleUpdate.showReplenishment(&state)
        return []
    }

    static func sort(_ action: ConsoleAction, _ state: inout ConsoleState) -> [ConsoleEffect] {
        guard state.replenishment.detail == nil else { return [] }
        state.replenishment.sort.change(action, columns: ReplenishmentPane.columns.count)
        ConsoleUpdate.showReplenishment(&state)
        return []
    }

    static func click(row: Int, _ state: inout ConsoleState) -> [ConsoleEffect] {
        guard state.replenishment.detail == nil else { return [] }
        return clickSelects(&state.replenishment.table, row: row, viewportHeight: state.viewportHeight) ? perform(.open, &state) : []
    }
}
