import Store
import TerminalKit

/// `/` on every list: the text typed filters the list on screen, live. Long listings (stock,
/// an order queue, the audit log) are filtered by the store, so nothing beyond what was loaded
/// is missed; short ones already loaded whole (a find's matches, backorders) are filtered here.
enum ListFilter {
    /// Whether a row shows under `text`: some cell holds it, in any case.
    static func keeps(_ cells: [String], _ text: String) -> Bool {
        let needle = text.trimmingCharacters(in: .whitespaces).lowercased()
        return needle.isEmpty || cells.contains { $0.lowercased().contains(needle) }
    }

    /// The rows of a loaded list that `text` keeps.
    static func rows<ID>(_ all: [TableState<ID>.Row], _ text: String) -> [TableState<ID>.Row] {
        all.filter { keeps($0.cells, text) }
    }

    /// The filter text of the list on screen, or nil where `/` does not filter.
    static func current(_ state: ConsoleState) -> String? {
        switch KeyMap.context(state) {
        case .stock: state.stock.filter.text
        case .orderList: state.orders.list.filter
        case .activity: state.activity.filter
        case .backorderGroups: state.backorders.filter
        case .backorderLines: state.backorders.lines?.filter
        case .orderQueues, .orderDetail: nil
        }
    }

    /// What each list's filter line says while typing.
    static func placeholder(_ state: ConsoleState) -> String {
        switch KeyMap.context(state) {
        case .stock: "SKU code or name; Enter keeps, Esc restores"
        case .orderList: state.orders.list.showsMatches ? "text in any column; Enter keeps, Esc restores"
                                                        : "order number, or start of reference or customer; Enter keeps, Esc restores"
        case .activity: "start of a user, entity or command, or words of the reason; Enter keeps, Esc restores"
        default: "text in any column; Enter keeps, Esc restores"
        }
    }
}

extension ConsoleUpdate {
    /// Sets the filter of the list on screen and asks for what it now shows.
    static func applyListFilter(_ text: String, _ state: inout ConsoleState) -> [ConsoleEffect] {
        switch KeyMap.context(state) {
        case .stock:
            return setFilter(&state) { $0.text = text }
        case .orderList:
            guard state.orders.list.filter != text else { return [] }
            state.orders.list.filter = text
            if state.orders.list.showsMatches {
                showMatches(&state)
                return []
            }
            state.orders.list.rows.reset()
            return requestOrderPage(&state, force: true) + countOrders(state)
        case .activity:
            guard state.activity.filter != text else { return [] }
            state.activity.filter = text
            state.activity.unseen = 0
            return [.loadActivity(limit: ActivityPane.limit, text: text)]
        case .backorderGroups:
            state.backorders.filter = text
            showBackorderGroups(&state)
            return []
        case .backorderLines:
            state.backorders.lines?.filter = text
            showBackorderLines(&state)
            return []
        case .orderQueues, .orderDetail:
            return []
        }
    }
}
