import Domain
import Store
import TerminalKit

extension Pane {
    public static let activity = Pane("activity", title: "Activity", controller: ActivityPaneController.self)
}

extension KeyContext {
    static let activity = KeyContext(.activity, "log")
}

extension KeyMap {
    public static let activity: [KeyBinding] = [
        KeyBinding(keys: [.char("/")], label: "/", action: .filter,
                   help: "Filter by user, entity or command (start), or reason words", hint: "filter"),
    ] + listSort
}

/// The activity pane: the audit log, newest first.
enum ActivityPaneController: ConsolePane {
    static let pane = Pane.activity
    static func initialState() -> ActivityPaneState { ActivityPaneState() }
    static let summary = "Activity pane (audit log)"
    static let views: [(context: KeyContext, help: String)] = [(.activity, "Activity pane")]
    static func context(_ state: ConsoleState) -> KeyContext { .activity }
    static func bindings(_ context: KeyContext) -> [KeyBinding] { KeyMap.activity }
    static func headerLine(_ state: ConsoleState) -> String { ActivityPane.headerLine(state) }
    static func draw(_ state: ConsoleState, in rect: Rect, buffer: inout Buffer) { ActivityPane.draw(state, in: rect, buffer: &buffer) }
    static func hasFirstScreenful(_ state: ConsoleState) -> Bool { state.activity.loaded }

    static func perform(_ action: ConsoleAction, _ state: inout ConsoleState) -> [ConsoleEffect] {
        ConsoleUpdate.moveTable(&state.activity.table, action, state.viewportHeight)
        if state.activity.table.selectedIndex == 0 { state.activity.unseen = 0 }   // the new entries are in view
        return []
    }

    static func shown(_ state: inout ConsoleState) -> [ConsoleEffect] {
        state.activity.loaded ? [] : [.activity(.load(limit: ActivityPane.limit, text: state.activity.filter))]
    }

    static func databaseChanged(_ state: inout ConsoleState) -> [ConsoleEffect] {
        state.activity.loaded || state.pane == .activity ? [.activity(.load(limit: ActivityPane.limit, text: state.activity.filter))] : []
    }

    static func filterText(_ state: ConsoleState) -> String? { state.activity.filter }
    static func filterPlaceholder(_ state: ConsoleState) -> String {
        "start of a user, entity or command, or words of the reason; Enter keeps, Esc restores"
    }
    static func applyFilter(_ text: String, _ state: inout ConsoleState) -> [ConsoleEffect] {
        guard state.activity.filter != text else { return [] }
        state.activity.filter = text
        state.activity.unseen = 0
        return [.activity(.load(limit: ActivityPane.limit, text: text))]
    }

    static func sort(_ action: ConsoleAction, _ state: inout ConsoleState) -> [ConsoleEffect] {
        state.activity.sort.change(action, columns: ActivityPane.columns.count)
        ConsoleUpdate.showActivity(&state)
        return []
    }

    static func click(row: Int, _ state: inout ConsoleState) -> [ConsoleEffect] {
        _ = clickSelects(&state.activity.table, row: row, viewportHeight: state.viewportHeight)
        return []
    }
}
