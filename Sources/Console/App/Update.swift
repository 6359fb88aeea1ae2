import Domain
import Store
import Operations
import TerminalKit

/// The console's only way to change state: `update(&state, event) -> effects`. Pure: no I/O,
/// no clock; the runtime performs the effects and feeds their results back as events.
public enum ConsoleUpdate {
    static let flashTicks = 16

    public static func update(_ state: inout ConsoleState, _ event: ConsoleEvent) -> [ConsoleEffect] {
        let effects = respond(&state, event)
        // Say what is under way: a command may wait a moment for another terminal's write lock.
        for progress in effects.compactMap(\.progress) { flash(&state, progress) }
        return effects
    }

    static func respond(_ state: inout ConsoleState, _ event: ConsoleEvent) -> [ConsoleEffect] {
        switch event {
        case .input(.resize(let width, let height)):
            state.width = width; state.height = height
            return state.isTooSmall ? [] : Panes.all.flatMap { $0.resized(&state) }
        case .input(.mouse(let event)):
            return handleMouse(event, &state)
        case .input(.key(let key)):
            // While the screen is too small nothing but quit is possible: the user can't see what a key would do.
            if state.isTooSmall {
                if key == .ctrl("c") { state.quitRequested = true; return [.quit] }
                return []
            }
            return handle(key, &state)
        case .pane(let event):
            return event.base.apply(&state)
        case .locationsLoaded(let codes):
            state.locations = codes
            return []
        case .commandFinished(let message):
            flash(&state, message)
            return []
        case .failed(let message):
            flash(&state, message, kind: .error)
            return []
        case .databaseChanged(let id):
            guard id != state.lastAuditID else { return [] }
            state.lastAuditID = id
            return reloadAll(&state)
        case .tick:
            state.tick += 1
            if let f = state.flash, f.isExpired(at: state.tick) { state.flash = nil }
            return []
        case .actionFinished(let report):
            return actionFinished(report, &state)
        }
    }

    /// What the console loads when it opens: the pane on screen's first screenful, then what
    /// the others load even when hidden (the stock's first page and count).
    public static func initialEffects(_ state: inout ConsoleState) -> [ConsoleEffect] {
        var effects = paneShown(&state)
        for pane in Panes.all { effects += pane.started(&state) }
        return effects
    }

    // MARK: Actions

    /// The app's own actions; the rest go to the pane on screen.
    static func perform(_ action: ConsoleAction, _ state: inout ConsoleState) -> [ConsoleEffect] {
        switch action {
        case .quit:
            return askBeforeQuitting(&state)
        case .help:
            state.mode = .help(HelpOverlay(title: "Quartermaster keys", sections: KeyMap.helpSections(role: state.role, context: KeyMap.context(state))))
            return []
        case .commandPrompt:
            state.flash = nil
            state.mode = .prompt(TextInput())
            return []
        case .nextPane, .previousPane, .pane:
            let count = Panes.registered.count, here = Panes.index(of: state.pane)
            let target: Int = switch action {
            case .pane(let n): n
            case .nextPane: (here + 1) % count
            default: (here + count - 1) % count
            }
            guard Panes.registered.indices.contains(target) else { return [] }
            state.pane = Panes.registered[target]
            return paneShown(&state)
        case .refresh:
            return reloadAll(&state)
        case .sortNext, .sortReverse:
            return sortList(action, &state)
        case .filter:
            guard let text = ListFilter.current(state) else { return [] }
            state.mode = .filter(TextInput(text, maxLength: 60), previous: text)
            return []
        case .findOrder:
            state.flash = nil
            state.mode = .findOrder(TextInput(maxLength: 80))
            return []
        case .back:
            if let effects = Panes.current(state).back(&state) { return effects }
            if state.flash != nil { state.flash = nil }
            return []
        default:
            return Panes.current(state).perform(action, &state)
        }
    }

    /// Quits at once when nothing would be lost; with marked orders or a question open, asks
    /// first. (Ctrl-C always quits at once.)
    static func askBeforeQuitting(_ state: inout ConsoleState) -> [ConsoleEffect] {
        var unfinished = Panes.all.flatMap { $0.unfinishedWork(state) }
        if case .confirm(let dialog, _) = state.mode {
            unfinished.append("“\(dialog.title)” is not answered; nothing of it is done.")
        }
        guard !unfinished.isEmpty else {
            state.quitRequested = true
            return [.quit]
        }
        state.mode = .confirmQuit(ConfirmDialog(title: "Quit?", message: unfinished, confirmLabel: "Quit", cancelLabel: "Stay"),
                                  previous: state.mode)
        return []
    }

    /// Scrolls a text view of `lines` lines shown `height` at a time.
    static func scroll(_ top: inout Int, _ action: ConsoleAction, page h: Int, lines: Int, height: Int) {
        let lastTop = max(0, lines - height)
        switch action {
        case .up: top -= 1
        case .down: top += 1
        case .pageUp: top -= h
        case .pageDown: top += h
        case .home: top = 0
        case .end: top = lastTop
        default: break
        }
        top = min(max(0, top), lastTop)
    }

    static func moveTable<ID>(_ table: inout TableState<ID>, _ action: ConsoleAction, _ h: Int) {
        switch action {
        case .up: table.moveSelection(by: -1, viewportHeight: h)
        case .down: table.moveSelection(by: 1, viewportHeight: h)
        case .pageUp: table.pageUp(viewportHeight: h)
        case .pageDown: table.pageDown(viewportHeight: h)
        case .home: table.home(viewportHeight: h)
        case .end: table.end(viewportHeight: h)
        default: break
        }
    }

    // MARK: Prompt

    static func runPrompt(_ line: String, _ state: inout ConsoleState) -> [ConsoleEffect] {
        switch PromptCommand.parse(line) {
        case .failure(let error):
            flash(&state, error.message, kind: .error)
            return []
        case .success(let command):
            switch command {
            case .quit: return askBeforeQuitting(&state)
            case .showHelp: return perform(.help, &state)
            case .pane(let event): return event.base.apply(&state)
            }
        }
    }

    /// After another process changed the database: reload what is on screen, keeping the selection.
    static func reloadAll(_ state: inout ConsoleState) -> [ConsoleEffect] {
        var effects: [ConsoleEffect] = []
        for pane in Panes.all { effects += pane.databaseChanged(&state) }
        return effects + [.loadLocations]   // a location added elsewhere joins the `l` cycle and :loc
    }

    /// A pane came to the front: load what it shows if it never was, or changed meanwhile.
    static func paneShown(_ state: inout ConsoleState) -> [ConsoleEffect] {
        Panes.current(state).shown(&state)
    }

    static func flash(_ state: inout ConsoleState, _ text: String, kind: FlashMessage.Kind = .info) {
        state.flash = FlashMessage(text, kind: kind, expiresAt: state.tick + flashTicks)
    }
}
