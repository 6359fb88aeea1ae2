import Domain
import TerminalKit

/// What a key does. The key map below is the one place keys are bound: dispatch, the hint
/// bar and the help overlay all read it.
public enum ConsoleAction: Sendable, Equatable {
    case quit, help, commandPrompt, filter, back, open, nextPane, previousPane, pane(Int)
    case up, down, pageUp, pageDown, home, end
    case cycleStatus, cycleLocation, clearFilters, refresh
    case findOrder, toggleMark, markRange, markAll, clearMarks, hold, release, cancel, allocate
    case moveStock, cancelLine, lineStock, sortNext, sortReverse
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

/// Which bindings are live: the pane, and for the order panes which of their views shows.
public enum KeyContext: Equatable, Sendable {
    case stock, activity, orderQueues, orderList, orderDetail, backorderGroups, backorderLines
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
        KeyBinding(keys: [.char("1")], label: "1", action: .pane(0), help: "Stock pane", hint: nil),
        KeyBinding(keys: [.char("2")], label: "2", action: .pane(1), help: "Activity pane (audit log)", hint: nil),
        KeyBinding(keys: [.char("3")], label: "3", action: .pane(2), help: "Orders pane (queues by state and by hold)", hint: nil),
        KeyBinding(keys: [.char("4")], label: "4", action: .pane(3), help: "Backorders pane (by SKU, for planners)", hint: nil),
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
        KeyBinding(keys: [.char("m")], label: "m", action: .moveStock,
                   help: "Move stock of the SKU here: adjust, transfer, change status", hint: "move", command: .adjustStock),
    ]

    public static let orderQueues: [KeyBinding] = [
        KeyBinding(keys: [.enter], label: "Enter", action: .open, help: "List the queue's orders, longest waiting first", hint: "open"),
        // Bound here too, so that pressing them says where they work instead of doing nothing.
        KeyBinding(keys: [.char("a")], label: "a", action: .allocate,
                   help: "Allocate every waiting order (policy, dry run, then y)", hint: "allocate all",
                   command: .allocateOrders),
        KeyBinding(keys: [.char("h")], label: "h r x", action: .hold,
                   help: "Hold, release, cancel: in a queue's list or an order", hint: nil, command: .holdOrder),
        KeyBinding(keys: [.char("r")], label: "", action: .release, help: "", hint: nil, command: .releaseHold),
        KeyBinding(keys: [.char("x")], label: "", action: .cancel, help: "", hint: nil, command: .cancelOrder),
    ]

    /// What can be done to orders, in a list (to the marked orders, else the cursor's) and in
    /// an order's detail (to that order).
    public static let orderActions: [KeyBinding] = [
        KeyBinding(keys: [.char("h")], label: "h", action: .hold, help: "Hold: choose a reason, add a note", hint: "hold",
                   command: .holdOrder),
        KeyBinding(keys: [.char("r")], label: "r", action: .release,
                   help: "Release a hold (the queue's own, or pick); asks first", hint: "release",
                   command: .releaseHold),
        KeyBinding(keys: [.char("x")], label: "x", action: .cancel, help: "Cancel (asks first, saying which reserved stock is freed)", hint: "cancel",
                   command: .cancelOrder),
        KeyBinding(keys: [.char("a")], label: "a", action: .allocate, help: "Allocate: choose a policy, see its dry run, then y", hint: "allocate",
                   command: .allocateOrders),
    ]

    /// `o`/`O` on lists that can be put in another order.
    static let listSort: [KeyBinding] = [
        KeyBinding(keys: [.char("o")], label: "o", action: .sortNext, help: "Sort by the next column (a queue: oldest or newest first)", hint: "sort"),
        KeyBinding(keys: [.char("O")], label: "O", action: .sortReverse, help: "The other way round", hint: nil),
    ]

    /// `/` on any list but the stock pane's (whose help says what its filter matches).
    static let listFilter = KeyBinding(keys: [.char("/")], label: "/", action: .filter,
                                       help: "Filter the list (live; Enter keeps, Esc restores)", hint: "filter")

    public static let activity: [KeyBinding] = [
        KeyBinding(keys: [.char("/")], label: "/", action: .filter,
                   help: "Filter by user, entity or command (start), or reason words", hint: "filter"),
    ] + listSort

    public static let orderList: [KeyBinding] = [
        KeyBinding(keys: [.enter], label: "Enter", action: .open, help: "Open the order: lines, allocations, holds, why, history", hint: "open"),
        KeyBinding(keys: [.char("/")], label: "/", action: .filter,
                   help: "Filter: order number, or start of reference or customer", hint: "filter"),
        listSort[0], listSort[1],
        KeyBinding(keys: [.char(" ")], label: "Space", action: .toggleMark, help: "Mark or unmark the order; actions apply to every marked order", hint: "mark"),
        KeyBinding(keys: [.char("V")], label: "V", action: .markRange,
                   help: "Mark from the last Space through the cursor", hint: nil),
        KeyBinding(keys: [.char("A")], label: "A", action: .markAll,
                   help: "Mark every order listed (up to \(ConsoleUpdate.markLimit.grouped))", hint: nil),
        KeyBinding(keys: [.char("u")], label: "u", action: .clearMarks, help: "Unmark all", hint: nil),
    ] + orderActions + [
        KeyBinding(keys: [.escape], label: "Esc", action: .back, help: "Back to the queues", hint: "back"),
    ]

    public static let orderDetail: [KeyBinding] = orderActions + [
        KeyBinding(keys: [.char("X")], label: "X", action: .cancelLine, help: "Cancel one line not yet shipped: pick it, then why",
                   hint: "cancel line", command: .cancelOrder),
        KeyBinding(keys: [.char("s")], label: "s", action: .lineStock, help: "Stock of a line's SKU everywhere (Esc comes back)",
                   hint: "stock"),
        // A hint only (no keys of its own): the movement keys scroll the detail.
        KeyBinding(keys: [], label: "↑↓", action: .down, help: "Scroll the order (PgUp PgDn Home End too)", hint: "scroll"),
        KeyBinding(keys: [.escape], label: "Esc", action: .back, help: "Back to the list", hint: "back"),
    ]

    public static let backorderGroups: [KeyBinding] = [
        KeyBinding(keys: [.enter], label: "Enter", action: .open, help: "The SKU's backordered lines", hint: "open"),
        listFilter, listSort[0], listSort[1],
        KeyBinding(keys: [.char("a")], label: "a", action: .allocate, help: "Reallocate now: every order waiting for the SKU", hint: "reallocate",
                   command: .allocateOrders),
    ]

    public static let backorderLines: [KeyBinding] = [
        KeyBinding(keys: [.enter], label: "Enter", action: .open, help: "Open the line's order", hint: "open"),
        listFilter, listSort[0], listSort[1],
        KeyBinding(keys: [.char("a")], label: "a", action: .allocate, help: "Reallocate the line's order now", hint: "reallocate",
                   command: .allocateOrders),
        KeyBinding(keys: [.char("x")], label: "x", action: .cancel, help: "Cancel the line (asks first)", hint: "cancel line",
                   command: .cancelOrder),
        KeyBinding(keys: [.escape], label: "Esc", action: .back, help: "Back to the SKUs", hint: "back"),
    ]

    static func context(_ state: ConsoleState) -> KeyContext {
        switch state.pane {
        case .stock: .stock
        case .activity: .activity
        case .orders: state.orders.detail != nil ? .orderDetail : state.orders.list.source != nil ? .orderList : .orderQueues
        case .backorders: state.backorders.lines != nil ? .backorderLines : .backorderGroups
        }
    }

    static func own(_ context: KeyContext) -> [KeyBinding] {
        switch context {
        case .stock: stock
        case .activity: activity
        case .orderQueues: orderQueues
        case .orderList: orderList
        case .orderDetail: orderDetail
        case .backorderGroups: backorderGroups
        case .backorderLines: backorderLines
        }
    }

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
        let panes: [(KeyContext, String)] = [
            (.stock, "Stock pane"), (.activity, "Activity pane"), (.orderQueues, "Orders pane: queues"),
            (.orderList, "Orders pane: a queue's orders"), (.orderDetail, "Orders pane: one order"),
            (.backorderGroups, "Backorders pane"), (.backorderLines, "Backorders pane: a SKU's lines"),
        ]
        let here = panes.filter { $0.0 == context }.map { HelpSection(title: "Here: " + $0.1, entries: entries(own($0.0))) }
        return here + [HelpSection(title: "Everywhere", entries: entries(global)),
                       HelpSection(title: "Moving", entries: entries(navigation))]
            + panes.filter { $0.0 != context }.map { HelpSection(title: $0.1, entries: entries(own($0.0))) }
            + [HelpSection(title: "Commands (type : first)", entries: PromptCommand.helpEntries)]
    }
}
