import Domain
import Store
@testable import Console

/// Console states for the pure update tests: an order list of a few orders, the cursor on
/// the first, with no database behind it.
enum ListStates {
    static func orders(_ source: OrderListSource = .queue(.state(.released)), ids: [Int64] = [10, 20, 30],
                       role: Role = .supervisor, pane: Pane = .orders, locations: [String] = []) -> ConsoleState {
        var state = ConsoleState(width: 100, height: 24, user: "sam", role: role, databasePath: "t", locations: locations)
        state.pane = pane
        state.orders.list.show(source, returnPane: nil)
        // Distinct keys in queue order, as the store would give them.
        let rows = ids.map { id in
            (id: OrderRowID(key: OrderQueueKey(since: "2026-11-01T00:00:00Z", id: id), order: id), cells: ["", String(id)])
        }
        state.orders.list.rows.table.replaceWindow(start: 0, rows: rows, total: ids.count)
        return state
    }
}
