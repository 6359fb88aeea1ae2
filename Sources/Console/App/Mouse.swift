import TerminalKit

/// The mouse: a click on a pane's name shows the pane, a click on a row selects it (a click
/// on the selected row opens it, as Enter), the wheel moves as the arrow keys do. Anything
/// drawn over the pane (a dialog, a prompt) keeps the keyboard's attention; the wheel still
/// scrolls help.
extension ConsoleUpdate {
    static let wheelStep = 3

    static func handleMouse(_ event: MouseEvent, _ state: inout ConsoleState) -> [ConsoleEffect] {
        guard !state.isTooSmall else { return [] }
        if case .help(var overlay) = state.mode, event.kind != .click {
            for _ in 0..<wheelStep { _ = overlay.handle(event.kind == .wheelUp ? .up : .down, in: Rect(x: 0, y: 0, width: state.width, height: state.height)) }
            state.mode = .help(overlay)
            return []
        }
        guard case .normal = state.mode else { return [] }
        switch event.kind {
        case .wheelUp, .wheelDown:
            return (0..<wheelStep).flatMap { _ in perform(event.kind == .wheelUp ? .up : .down, &state) }
        case .click:
            if event.y == 0, let pane = ConsoleView.paneLabels(state.width).first(where: { $0.columns.contains(event.x) })?.pane {
                state.pane = pane
                return paneShown(&state)
            }
            return clickRow(y: event.y, &state)
        }
    }

    /// Selects the row drawn at screen line `y` of the list on screen.
    static func clickRow(y: Int, _ state: inout ConsoleState) -> [ConsoleEffect] {
        let rect = state.tableRect, h = state.viewportHeight
        let line = y - rect.y - 1   // the first line of the table is its header
        guard line >= 0, line < h else { return [] }
        func pick<ID>(_ table: inout TableState<ID>) -> Bool {
            let index = table.effectiveScrollTop(viewportHeight: h) + line
            guard index < table.rowCount else { return false }
            if index == table.selectedIndex { return true }   // a second click opens
            table.select(index: index, viewportHeight: h)
            return false
        }
        var opens = false
        switch KeyMap.context(state) {
        case .stock:
            guard state.stock.detail == nil else { return [] }
            opens = pick(&state.stock.table)
            if !opens { return requestStock(&state) }
        case .activity:
            _ = pick(&state.activity.table)
            return []
        case .orderQueues:
            opens = pick(&state.orders.queues)
        case .orderList:
            opens = pick(&state.orders.list.rows.table)
            if !opens { return requestOrderPage(&state) }
        case .backorderGroups:
            opens = pick(&state.backorders.groups)
        case .backorderLines:
            guard state.backorders.lines != nil else { return [] }
            opens = pick(&state.backorders.lines!.table)
        case .orderDetail:
            return []
        }
        return opens ? perform(.open, &state) : []
    }
}
