import Testing
import Foundation
import Store
import TerminalKit
@testable import Console

/// The mouse in the update alone: clicks select and open rows, the wheel moves, a click on a
/// pane's name shows it, and nothing gets past an open dialog.
@Suite struct MouseTests {
    func listState() -> ConsoleState {
        ListStates.orders(.matches("x"), ids: Array(1...30))
    }

    func mouse(_ kind: MouseEvent.Kind, x: Int = 10, y: Int, _ state: inout ConsoleState) -> [ConsoleEffect] {
        ConsoleUpdate.update(&state, .input(.mouse(MouseEvent(kind, x: x, y: y))))
    }

    @Test func aClickSelectsTheRowUnderItAndASecondClickOpensIt() {
        var state = listState()
        let firstRowY = state.tableRect.y + 1
        #expect(mouse(.click, y: firstRowY + 4, &state).isEmpty)
        #expect(state.orders.list.rows.table.selectedID?.order == 5)
        #expect(mouse(.click, y: firstRowY + 4, &state) == [.loadOrderDetail(5)])
        #expect(state.orders.detail?.id == 5)
        // Clicks on the header or below the rows do nothing.
        var other = listState()
        #expect(mouse(.click, y: state.tableRect.y, &other).isEmpty && other.orders.list.rows.table.selectedIndex == 0)
    }

    @Test func theWheelMovesThreeRowsAndAClickOnAPaneNameShowsIt() {
        var state = listState()
        _ = mouse(.wheelDown, y: 10, &state)
        #expect(state.orders.list.rows.table.selectedIndex == 3)
        _ = mouse(.wheelUp, y: 10, &state)
        #expect(state.orders.list.rows.table.selectedIndex == 0)
        let stock = ConsoleView.paneLabels(state.width).first { $0.pane == .activity }!.columns
        _ = mouse(.click, x: stock.lowerBound + 1, y: 0, &state)
        #expect(state.pane == .activity)
    }

    @Test func aDialogKeepsTheMouseOut() {
        var state = listState()
        state.mode = .confirm(ConfirmDialog(title: "Cancel order", message: ["?"]), .allocate(orders: [1], policy: .fastest))
        #expect(mouse(.click, y: state.tableRect.y + 3, &state).isEmpty)
        #expect(state.orders.list.rows.table.selectedIndex == 0 && state.pane == .orders)
    }
}
