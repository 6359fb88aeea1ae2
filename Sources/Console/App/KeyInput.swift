import Domain
import Store
import Operations
import TerminalKit

/// A key, to what has the keyboard: an overlay, a dialog, a prompt or a form takes it first;
/// otherwise the key map turns it into an action (refused at once when the role may not).
extension ConsoleUpdate {
    static func handle(_ key: Key, _ state: inout ConsoleState) -> [ConsoleEffect] {
        // Ctrl-C quits from anywhere: in raw mode it is only a key, and no mode may swallow it.
        if key == .ctrl("c") { state.quitRequested = true; return [.quit] }
        switch state.mode {
        case .help(var overlay):
            if key == .escape || key == .char("?") || key == .char("q") { state.mode = .normal; return [] }
            _ = overlay.handle(key, in: Rect(x: 0, y: 0, width: state.width, height: state.height))
            state.mode = .help(overlay)
            return []
        case .report(var overlay):
            if key == .escape || key == .enter || key == .char("q") { state.mode = .normal; return [] }
            _ = overlay.handle(key, in: Rect(x: 0, y: 0, width: state.width, height: state.height))
            state.mode = .report(overlay)
            return []
        case .findOrder(var input):
            switch key {
            case .escape:
                state.mode = .normal
                return []
            case .enter:
                state.mode = .normal
                return findOrder(input.text, &state)
            default:
                if input.handle(key) { state.mode = .findOrder(input) }
                return []
            }
        case .pick(var picker):
            switch picker.handle(key) {
            case .cancelled?:
                state.mode = .normal
                flash(&state, "Cancelled; nothing changed")
                return []
            case .chosen(let index, let note)?:
                state.mode = .normal
                return reasonChosen(picker, index: index, note: note, &state)
            case .noteNeeded(let message)?:
                state.mode = .pick(picker)
                flash(&state, message, kind: .error)
                return []
            case nil:
                state.mode = .pick(picker)
                return []
            }
        case .filter(var input, let previous):
            switch key {
            case .enter:
                state.mode = .normal
                return []
            case .escape:
                state.mode = .normal
                return applyListFilter(previous, &state)
            default:
                guard input.handle(key) else { return [] }
                state.mode = .filter(input, previous: previous)
                return applyListFilter(input.text, &state)   // live: the list follows each keystroke
            }
        case .form(var form, let owner):
            switch form.handle(key) {
            case .cancelled?:
                state.mode = .normal
                flash(&state, "Cancelled; nothing changed")
                return []
            case .submitted?:
                // The pane reads it: it reopens the form with a sentence when something is wrong.
                state.mode = .normal
                return owner.controller.submitForm(form, &state)
            case nil:
                state.mode = .form(form, owner: owner)
                return []
            }
        case .confirmQuit(let dialog, let previous):
            switch dialog.handle(key) {
            case .confirmed?: state.quitRequested = true; return [.quit]
            case .cancelled?: state.mode = previous; return []
            case nil: return []
            }
        case .confirm(let dialog, let command):
            if key == .char("q") { return askBeforeQuitting(&state) }
            switch dialog.handle(key) {
            case .confirmed?: state.mode = .normal; return [.run(command)]
            case .cancelled?: state.mode = .normal; flash(&state, "Cancelled; nothing changed"); return []
            case nil: return []
            }
        case .prompt(var input):
            switch key {
            case .escape: state.mode = .normal; state.promptHistory.position = nil; return []
            case .enter:
                state.mode = .normal
                state.promptHistory.add(input.text)
                return runPrompt(input.text, &state)
            case .up, .down:
                if let line = state.promptHistory.step(older: key == .up) { state.mode = .prompt(TextInput(line)) }
                return []
            case .tab:
                let result = PromptCompletion.complete(input.text, locations: state.locations)
                state.mode = .prompt(TextInput(result.line))
                if result.candidates.count > 1 { flash(&state, result.candidates.joined(separator: "  ")) }
                return []
            default:
                if input.handle(key) { state.mode = .prompt(input) }
                return []
            }
        case .normal:
            guard let binding = KeyMap.binding(for: key, in: KeyMap.context(state)) else { return [] }
            // Refused at once, before any question: the key is hidden from this role's hints.
            if let command = binding.command, let refusal = AccessPolicy.refusal(state.role, command, user: state.user) {
                flash(&state, refusal, kind: .error)
                return []
            }
            return perform(binding.action, &state)
        }
    }
}
