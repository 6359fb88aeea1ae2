import Domain
import Store
import TerminalKit

extension Pane {
    public static let backorders = Pane("backorders", title: "Backorders", controller: BackordersPaneController.self)
}

extension KeyContext {
    static let backorderGroups = KeyContext(.backorders, "skus")
    static let backorderLines = KeyContext(.backorders, "lines")
}

extension KeyMap {
    public static let backorderGroups: [KeyBinding] = [
        KeyBinding(keys: [.enter], label: "Enter", action: .open, help: "The SKU's backordered lines", hint: "open"),
        listFilter, listSort[0], listSort[1],
        KeyBinding(keys: [.char("a")], label: "a", action: .allocate, help: "Reallocate now: every order waiting for the SKU", hint: "reallocate",
                   command: .allocateOrders),
    ]

    public static let backorderLines: [KeyBinding] = [
        KeyBinding(keys: [.enter], label: "Enter", action: .open, help: "Open the line's order", hint: "open"),
        listFilter, listSort[0], listSort[1],
        KeyBinding(keys: [.char("a")], label: "a", action: .allocate, help: "Reallocate the line's order now", hint: "reallocate",
                   command: .allocateOrders),
        KeyBinding(keys: [.char("x")], label: "x", action: .cancel, help: "Cancel the line (asks first)", hint: "cancel line",
                   command: .cancelOrder),
        KeyBinding(keys: [.escape], label: "Esc", action: .back, help: "Back to the SKUs", hint: "back"),
    ]
}

/// The backorders pane: backordered lines grouped by SKU, and one SKU's lines.
enum BackordersPaneController: ConsolePane {
    static let pane = Pane.backorders
    static func initialState() -> BackordersPaneState { BackordersPaneState() }
    static let summary = "Backorders pane (by SKU, for planners)"
    static let homeRoles: Set<Role> = [.planner]
    static let views: [(context: KeyContext, help: String)] = [
        (.backorderGroups, "Backorders pane"), (.backorderLines, "Backorders pane: a SKU's lines"),
    ]

    static func context(_ state: ConsoleState) -> KeyContext { state.backorders.lines != nil ? .backorderLines : .backorderGroups }
    static func bindings(_ context: KeyContext) -> [KeyBinding] { context == .backorderLines ? KeyMap.backorderLines : KeyMap.backorderGroups }
    static func headerLine(_ state: ConsoleState) -> String { BackordersPane.headerLine(state) }
    static func draw(_ state: ConsoleState, in rect: Rect, buffer: inout Buffer) { BackordersPane.draw(state, in: rect, buffer: &buffer) }
    static func hasFirstScreenful(_ state: ConsoleState) -> Bool { state.backorders.loaded }
    static func perform(_ action: ConsoleAction, _ state: inout ConsoleState) -> [ConsoleEffect] { ConsoleUpdate.performInBackorders(action, &state) }
    static func back(_ state: inout ConsoleState) -> [ConsoleEffect]? { ConsoleUpdate.backordersBack(&state) }
    static func shown(_ state: inout ConsoleState) -> [ConsoleEffect] { ConsoleUpdate.refreshVisibleBackorders(&state) }
    static func databaseChanged(_ state: inout ConsoleState) -> [ConsoleEffect] { ConsoleUpdate.backordersChanged(&state) }

    static func filterText(_ state: ConsoleState) -> String? {
        state.backorders.lines.map(\.filter) ?? state.backorders.filter
    }

    static func applyFilter(_ text: String, _ state: inout ConsoleState) -> [ConsoleEffect] {
        if state.backorders.lines != nil {
            state.backorders.lines?.filter = text
            ConsoleUpdate.showBackorderLines(&state)
        } else {
            state.backorders.filter = text
            ConsoleUpdate.showBackorderGroups(&state)
        }
        return []
    }

    static func sort(_ action: ConsoleAction, _ state: inout ConsoleState) -> [ConsoleEffect] {
        if state.backorders.lines != nil {
            state.backorders.lines!.sort.change(action, columns: BackordersPane.lineColumns.count)
            ConsoleUpdate.showBackorderLines(&state)
        } else {
            state.backorders.sort.change(action, columns: BackordersPane.groupColumns.count)
            ConsoleUpdate.showBackorderGroups(&state)
        }
        return []
    }

    static func click(row: Int, _ state: inout ConsoleState) -> [ConsoleEffect] {
        let h = state.viewportHeight
        let opens = state.backorders.lines != nil ? clickSelects(&state.backorders.lines!.table, row: row, viewportHeight: h)
                                                  : clickSelects(&state.backorders.groups, row: row, viewportHeight: h)
        return opens ? perform(.open, &state) : []
    }
}
