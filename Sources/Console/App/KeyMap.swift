import TerminalKit

/// What a key does. The key map below is the one place keys are bound: dispatch, the hint
/// bar and the help overlay all read it.
public enum ConsoleAction: Sendable, Equatable {
    case quit, help, commandPrompt, filter, back, open, nextPane, previousPane, pane(Int)
    case up, down, pageUp, pageDown, home, end
    case cycleStatus, cycleLocation, clearFilters, refresh
}

public struct KeyBinding: Sendable {
    public var keys: [Key]
    public var label: String
    public var action: ConsoleAction
    public var help: String
    /// The short word shown in the hint bar; nil keeps the binding to the help overlay.
    public var hint: String?
}

public enum KeyMap {
    public static let global: [KeyBinding] = [
        KeyBinding(keys: [.char("q"), .ctrl("c")], label: "q", action: .quit, help: "Quit (Ctrl-C too)", hint: "quit"),
        KeyBinding(keys: [.char("?")], label: "?", action: .help, help: "This help", hint: "help"),
        KeyBinding(keys: [.char(":")], label: ":", action: .commandPrompt, help: "Command prompt (:help lists commands)", hint: "command"),
        KeyBinding(keys: [.tab], label: "Tab", action: .nextPane, help: "Next pane", hint: "pane"),
        KeyBinding(keys: [.backTab], label: "S-Tab", action: .previousPane, help: "Previous pane", hint: nil),
        KeyBinding(keys: [.char("1")], label: "1", action: .pane(0), help: "Stock pane", hint: nil),
        KeyBinding(keys: [.char("2")], label: "2", action: .pane(1), help: "Activity pane (audit log)", hint: nil),
        KeyBinding(keys: [.escape], label: "Esc", action: .back, help: "Back / close", hint: nil),
        KeyBinding(keys: [.ctrl("r")], label: "C-r", action: .refresh, help: "Reload now", hint: nil),
    ]

    public static let navigation: [KeyBinding] = [
        KeyBinding(keys: [.up, .char("k")], label: "↑/k", action: .up, help: "Previous row", hint: nil),
        KeyBinding(keys: [.down, .char("j")], label: "↓/j", action: .down, help: "Next row", hint: nil),
        KeyBinding(keys: [.pageUp], label: "PgUp", action: .pageUp, help: "Page up", hint: nil),
        KeyBinding(keys: [.pageDown, .char(" ")], label: "PgDn", action: .pageDown, help: "Page down", hint: nil),
        KeyBinding(keys: [.home, .char("g")], label: "Home/g", action: .home, help: "First row", hint: nil),
        KeyBinding(keys: [.end, .char("G")], label: "End/G", action: .end, help: "Last row", hint: nil),
    ]

    public static let stock: [KeyBinding] = [
        KeyBinding(keys: [.char("/")], label: "/", action: .filter, help: "Filter by SKU code or name", hint: "filter"),
        KeyBinding(keys: [.enter], label: "Enter", action: .open, help: "Drill into the SKU: balances everywhere, recent moves", hint: "open"),
        KeyBinding(keys: [.char("l")], label: "l", action: .cycleLocation, help: "Next location filter", hint: "location"),
        KeyBinding(keys: [.char("s")], label: "s", action: .cycleStatus, help: "Next status filter", hint: "status"),
        KeyBinding(keys: [.char("c")], label: "c", action: .clearFilters, help: "Clear filters", hint: nil),
    ]

    /// Bindings active in a pane, pane-specific first so they win.
    static func bindings(for pane: Pane) -> [KeyBinding] {
        (pane == .stock ? stock : []) + navigation + global
    }

    static func action(for key: Key, in pane: Pane) -> ConsoleAction? {
        bindings(for: pane).first { $0.keys.contains(key) }?.action
    }

    public static func helpSections() -> [HelpSection] {
        func entries(_ list: [KeyBinding]) -> [(key: String, description: String)] { list.map { ($0.label, $0.help) } }
        return [HelpSection(title: "Everywhere", entries: entries(global)),
                HelpSection(title: "Moving", entries: entries(navigation)),
                HelpSection(title: "Stock pane", entries: entries(stock)),
                HelpSection(title: "Commands (type : first)", entries: PromptCommand.helpEntries)]
    }
}
