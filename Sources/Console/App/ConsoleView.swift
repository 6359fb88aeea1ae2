import Domain
import TerminalKit

/// Draws the whole screen from the state. Pure: the same state always gives the same frame.
public enum ConsoleView {
    public static func render(_ state: ConsoleState) -> Buffer {
        var buffer = Buffer(width: state.width, height: state.height)
        guard !state.isTooSmall else {
            TooSmallScreen.draw(minWidth: ConsoleState.minWidth, minHeight: ConsoleState.minHeight,
                                in: buffer.bounds, buffer: &buffer)
            return buffer
        }
        drawTitle(state, &buffer)
        let filterLine = Rect(x: 0, y: 1, width: state.width, height: 1)
        buffer.fill(filterLine, style: Style(.muted))
        let pane = Panes.current(state)
        buffer.put(pane.headerLine(state), x: 1, y: 1, style: Style(.muted), maxWidth: state.width - 2)
        pane.draw(state, in: state.tableRect, buffer: &buffer)
        drawMessageLine(state, &buffer)
        let hintLine = Rect(x: 0, y: state.height - 1, width: state.width, height: 1)
        if state.mode.holdsMessageLine, let flash = state.flash {
            // A prompt holds the message line: what it said last (a miss, completions) shows below it.
            buffer.fill(hintLine, style: .plain)
            flash.draw(in: hintLine, buffer: &buffer)
        } else {
            HintBar.draw(hints(state), in: hintLine, buffer: &buffer)
        }
        switch state.mode {
        case .help(let overlay), .report(let overlay): overlay.draw(in: buffer.bounds, buffer: &buffer)
        case .confirm(let dialog, _), .confirmQuit(let dialog, _): dialog.draw(in: buffer.bounds, buffer: &buffer)
        case .pick(let picker): picker.draw(in: buffer.bounds, buffer: &buffer)
        case .form(let form, _): form.draw(in: buffer.bounds, buffer: &buffer)
        default: break
        }
        return buffer
    }

    static func drawTitle(_ state: ConsoleState, _ buffer: inout Buffer) {
        let line = Rect(x: 0, y: 0, width: state.width, height: 1)
        buffer.fill(line, style: Style(.title, reverse: true))
        buffer.put(appTitle(state.width), x: 0, y: 0, style: Style(.title, bold: true, reverse: true))
        var x = DisplayWidth.of(appTitle(state.width))
        for (pane, columns) in paneLabels(state.width) {
            x = columns.upperBound
            buffer.put(label(pane), x: columns.lowerBound, y: 0, style: pane == state.pane ? Style(.accent, bold: true) : Style(.title, reverse: true))
        }
        // The open alerts (unacknowledged), once read; the dashboard's `a` lists them.
        if let alerts = state.openAlerts, alerts > 0 {
            let badge = " ⚑ \(alerts) "
            if x + DisplayWidth.of(badge) < state.width {
                buffer.put(badge, x: x + 1, y: 0, style: Style(.warning, bold: true, reverse: true))
                x += 1 + DisplayWidth.of(badge)
            }
        }
        // Who you act as always shows; the database path gives way (its tail is kept) when short of room.
        let who = " \(state.user) (\(state.role.rawValue)) "
        let room = state.width - x - DisplayWidth.of(who) - 1
        var path = state.databasePath
        if DisplayWidth.of(path) + 3 > room {
            let keep = max(0, room - 4)
            path = keep >= 8 ? "…" + String(path.suffix(keep)) : ""
        }
        let right = who + (path.isEmpty ? "" : "· \(path) ")
        let width = DisplayWidth.of(right)
        if x + width < state.width {
            buffer.put(right, x: state.width - width, y: 0, style: Style(.title, reverse: true))
        }
    }

    /// The name in full where the pane labels leave room for it and for who you are; else short.
    static func appTitle(_ width: Int) -> String {
        let labels = Panes.registered.reduce(0) { $0 + DisplayWidth.of(label($1)) }
        return DisplayWidth.of(" Quartermaster ") + labels + 20 <= width ? " Quartermaster " : " QM "
    }
    static func label(_ pane: Pane) -> String { " \(Panes.key(Panes.index(of: pane))) \(pane.title) " }

    /// Where each pane's name sits on the title line (for drawing it and for clicks on it).
    static func paneLabels(_ width: Int) -> [(pane: Pane, columns: Range<Int>)] {
        var x = DisplayWidth.of(appTitle(width))
        return Panes.registered.compactMap { pane in
            let w = DisplayWidth.of(label(pane))
            defer { x += w }
            return x < width ? (pane, x..<min(width, x + w)) : nil
        }
    }

    static func drawMessageLine(_ state: ConsoleState, _ buffer: inout Buffer) {
        let rect = Rect(x: 0, y: state.height - 2, width: state.width, height: 1)
        buffer.fill(rect, style: .plain)
        switch state.mode {
        case .filter(let input, _):
            let label = buffer.put("Filter: ", x: 0, y: rect.y, style: Style(.accent, bold: true))
            input.draw(in: Rect(x: label, y: rect.y, width: state.width - label, height: 1), buffer: &buffer, focused: true,
                       placeholder: ListFilter.placeholder(state))
        case .prompt(let input):
            buffer.put(":", x: 0, y: rect.y, style: Style(.accent, bold: true))
            input.draw(in: Rect(x: 1, y: rect.y, width: state.width - 1, height: 1), buffer: &buffer, focused: true,
                       placeholder: "command (help lists them)")
        case .findOrder(let input):
            let label = buffer.put("Find order: ", x: 0, y: rect.y, style: Style(.accent, bold: true))
            input.draw(in: Rect(x: label, y: rect.y, width: state.width - label, height: 1), buffer: &buffer, focused: true,
                       placeholder: "order number, external reference or customer")
        default:
            state.flash?.draw(in: rect, buffer: &buffer)
        }
    }

    static func hints(_ state: ConsoleState) -> [(key: String, label: String)] {
        switch state.mode {
        case .filter: return [("Enter", "keep"), ("Esc", "restore")]
        case .prompt: return [("Enter", "run"), ("Esc", "cancel")]
        case .help, .report: return [("Esc", "close"), ("↑↓", "scroll")]
        case .confirm: return [("y", "yes"), ("n", "no"), ("q", "quit")]
        case .confirmQuit: return [("y", "quit"), ("n", "stay")]
        case .findOrder: return [("Enter", "find"), ("Esc", "cancel")]
        case .pick: return [("↑↓", "reason"), ("Enter", "ok"), ("Esc", "cancel"), ("type", "a note")]
        case .form: return [("Tab", "next field"), ("Enter", "check"), ("Esc", "cancel")]
        case .normal:
            return Panes.current(state).hints(state) ?? KeyMap.hints(for: KeyMap.context(state), pane: state.pane, role: state.role)
        }
    }
}
