import Domain
import TerminalKit

/// What a key does. Keys are bound in one place per scope: the shared ones below, each pane's
/// own in its folder (`extension KeyMap`, returned by its `ConsolePane.bindings`); dispatch,
/// the hint bar and the help overlay all read them from there.
public enum ConsoleAction: Sendable, Equatable {
    case quit, help, commandPrompt, filter, back, open, nextPane, previousPane, pane(Int)
    case up, down, pageUp, pageDown, home, end
    case cycleStatus, cycleLocation, clearFilters, refresh
    case findOrder, toggleMark, markRange, markAll, clearMarks, hold, release, cancel, allocate
    case moveStock, cancelLine, lineStock, sortNext, sortReverse
    case receive, enterLine, clearLine, save, releaseQuarantine, approve, changeQuantity, reject
    case switchView, countAt, disposition(Disposition), releaseRefund
    case showAlerts, nextBreakdown, acknowledge
}

public struct KeyBinding: Sendable {
    public var keys: [Key]
    public var label: String
    public var action: ConsoleAction
    public var help: String
    /// The short word shown in the hint bar; nil keeps the binding to the help overlay.
    public var hint: String?
    /// The panes whose hint bar shows it; nil: every pane.
    public var hintPanes: Set<Pane>? = nil
    /// The command it runs, when it changes data: a role that may not run it does not see
    /// the hint, and pressing the key says so at once (before any question is asked).
    public var command: Command? = nil

    public func allows(_ role: Role) -> Bool { command.map { AccessPolicy.allows(role, $0) } ?? true }
}

public enum KeyMap {
    public static let global: [KeyBinding] = [
        KeyBinding(keys: [.char("q"), .ctrl("c")], label: "q", action: .quit, help: "Quit (Ctrl-C too)", hint: "quit"),
        KeyBinding(keys: [.char("?")], label: "?", action: .help, help: "This help", hint: "help"),
        KeyBinding(keys: [.char(":")], label: ":", action: .commandPrompt, help: "Command prompt (:help lists commands)", hint: "command"),
        KeyBinding(keys: [.char("F")], label: "F", action: .findOrder, help: "Find an order: number, external reference or customer",
                   hint: "find order", hintPanes: [.orders, .backorders]),
        KeyBinding(keys: [.tab], label: "Tab", action: .nextPane, help: "Next pane", hint: "pane"),
        KeyBinding(keys: [.backTab], label: "S-Tab", action: .previousPane, help: "Previous pane", hint: nil),
    ] + paneKeys + [
        KeyBinding(keys: [.escape], label: "Esc", action: .back, help: "Back / close", hint: nil),
        KeyBinding(keys: [.ctrl("r")], label: "C-r", action: .refresh, help: "Reload now", hint: nil),
    ]

    /// `1`–`9` and `0`: the registered panes, in tab order.
    static var paneKeys: [KeyBinding] {
        Panes.registered.prefix(10).enumerated().map { index, pane in
            KeyBinding(keys: [.char(Character(Panes.key(index)))], label: Panes.key(index), action: .pane(index),
                       help: pane.controller.summary, hint: nil)
        }
    }

    public static let navigation: [KeyBinding] = [
        KeyBinding(keys: [.up, .char("k")], label: "↑/k", action: .up, help: "Previous row", hint: nil),
        KeyBinding(keys: [.down, .char("j")], label: "↓/j", action: .down, help: "Next row", hint: nil),
        KeyBinding(keys: [.pageUp], label: "PgUp", action: .pageUp, help: "Page up", hint: nil),
        KeyBinding(keys: [.pageDown, .char(" ")], label: "PgDn", action: .pageDown, help: "Page down", hint: nil),
        KeyBinding(keys: [.home, .char("g")], label: "Home/g", action: .home, help: "First row", hint: nil),
        KeyBinding(keys: [.end, .char("G")], label: "End/G", action: .end, help: "Last row", hint: nil),
    ]

    /// `o`/`O` on lists that can be put in another order.
    static let listSort: [KeyBinding] = [
        KeyBinding(keys: [.char("o")], label: "o", action: .sortNext, help: "Sort by the next column (a queue: oldest or newest first)", hint: "sort"),
        KeyBinding(keys: [.char("O")], label: "O", action: .sortReverse, help: "The other way round", hint: nil),
    ]

    /// `/` on any list but the stock pane's (whose help says what its filter matches).
    static let listFilter = KeyBinding(keys: [.char("/")], label: "/", action: .filter,
                                       help: "Filter the list (live; Enter keeps, Esc restores)", hint: "filter")

    static func context(_ state: ConsoleState) -> KeyContext { Panes.current(state).context(state) }

    static func own(_ context: KeyContext) -> [KeyBinding] { Panes.controller(context.pane).bindings(context) }

    /// Bindings active in a context, its own first so they win.
    static func bindings(for context: KeyContext) -> [KeyBinding] {
        own(context) + navigation + global
    }

    static func binding(for key: Key, in context: KeyContext) -> KeyBinding? {
        bindings(for: context).first { $0.keys.contains(key) }
    }

    static func action(for key: Key, in context: KeyContext) -> ConsoleAction? {
        binding(for: key, in: context)?.action
    }

    /// The hint bar: the context's own hints, then the global ones meant for this pane; what
    /// the role may not do is left out.
    static func hints(for context: KeyContext, pane: Pane, role: Role) -> [(key: String, label: String)] {
        bindings(for: context).compactMap { b in
            guard let hint = b.hint, b.hintPanes?.contains(pane) ?? true, b.allows(role) else { return nil }
            return (b.label, hint)
        }
    }

    /// Every binding, each pane's under its own heading, the section of `context` (where the
    /// user stands) first; what `role` may not do says so.
    public static func helpSections(role: Role? = nil, context: KeyContext? = nil) -> [HelpSection] {
        func entries(_ list: [KeyBinding]) -> [(key: String, description: String)] {
            list.filter { !$0.label.isEmpty }.map { b in
                (b.label, b.help + (role.map { b.allows($0) } == false ? " (not for \(role!.aPerson))" : ""))
            }
        }
        let panes = Panes.all.flatMap { pane in pane.views.map { ($0.context, $0.help) } }
        let here = panes.filter { $0.0 == context }.map { HelpSection(title: "Here: " + $0.1, entries: entries(own($0.0))) }
        return here + [HelpSection(title: "Everywhere", entries: entries(global)),
                       HelpSection(title: "Moving", entries: entries(navigation))]
            + panes.filter { $0.0 != context }.map { HelpSection(title: $0.1, entries: entries(own($0.0))) }
            + [HelpSection(title: "Commands (type : first)", entries: PromptCommand.helpEntries)]
    }
}
