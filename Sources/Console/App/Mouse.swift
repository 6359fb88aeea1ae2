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
        let line = y - state.tableRect.y - 1   // the first line of the table is its header
        guard line >= 0, line < state.viewportHeight else { return [] }
        return Panes.current(state).click(row: line, &state)
    }
}
