import Domain
import Store
import TerminalKit

extension Pane {
    public static let orders = Pane("orders", title: "Orders", controller: OrdersPaneController.self)
}

extension KeyContext {
    static let orderQueues = KeyContext(.orders, "queues")
    static let orderList = KeyContext(.orders, "list")
    static let orderDetail = KeyContext(.orders, "order")
}

extension KeyMap {
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
}

/// The orders pane: the queues, one queue's orders (or a find's matches), one order.
enum OrdersPaneController: ConsolePane {
    static let pane = Pane.orders
    static func initialState() -> OrdersPaneState { OrdersPaneState() }
    static let summary = "Orders pane (queues by state and by hold)"
    static let homeRoles: Set<Role> = [.customerService, .supervisor]
    static let views: [(context: KeyContext, help: String)] = [
        (.orderQueues, "Orders pane: queues"), (.orderList, "Orders pane: a queue's orders"), (.orderDetail, "Orders pane: one order"),
    ]

    static func resized(_ state: inout ConsoleState) -> [ConsoleEffect] { ConsoleUpdate.requestOrderPage(&state) }

    static func unfinishedWork(_ state: ConsoleState) -> [String] {
        let marked = state.orders.list.marked.count
        return marked == 0 ? [] : ["\(marked == 1 ? "1 order is" : "\(marked.grouped) orders are") marked; the marks are lost."]
    }

    static func context(_ state: ConsoleState) -> KeyContext {
        state.orders.detail != nil ? .orderDetail : state.orders.list.source != nil ? .orderList : .orderQueues
    }

    static func bindings(_ context: KeyContext) -> [KeyBinding] {
        switch context {
        case .orderList: KeyMap.orderList
        case .orderDetail: KeyMap.orderDetail
        default: KeyMap.orderQueues
        }
    }

    static func headerLine(_ state: ConsoleState) -> String { OrdersPane.headerLine(state) }
    static func draw(_ state: ConsoleState, in rect: Rect, buffer: inout Buffer) { OrdersPane.draw(state, in: rect, buffer: &buffer) }
    static func hasFirstScreenful(_ state: ConsoleState) -> Bool { state.orders.queuesLoaded }
    static func perform(_ action: ConsoleAction, _ state: inout ConsoleState) -> [ConsoleEffect] { ConsoleUpdate.performInOrders(action, &state) }
    static func back(_ state: inout ConsoleState) -> [ConsoleEffect]? { ConsoleUpdate.ordersBack(&state) }
    static func databaseChanged(_ state: inout ConsoleState) -> [ConsoleEffect] { ConsoleUpdate.ordersChanged(&state) }

    static func shown(_ state: inout ConsoleState) -> [ConsoleEffect] {
        let reload = ConsoleUpdate.refreshVisibleOrders(&state)
        return reload.isEmpty ? ConsoleUpdate.requestOrderPage(&state) : reload
    }

    static func filterText(_ state: ConsoleState) -> String? {
        context(state) == .orderList ? state.orders.list.filter : nil
    }

    static func filterPlaceholder(_ state: ConsoleState) -> String {
        state.orders.list.showsMatches ? "text in any column; Enter keeps, Esc restores"
                                       : "order number, or start of reference or customer; Enter keeps, Esc restores"
    }

    static func applyFilter(_ text: String, _ state: inout ConsoleState) -> [ConsoleEffect] {
        guard context(state) == .orderList, state.orders.list.filter != text else { return [] }
        state.orders.list.filter = text
        if state.orders.list.showsMatches {
            ConsoleUpdate.showMatches(&state)
            return []
        }
        state.orders.list.rows.reset()
        return ConsoleUpdate.requestOrderPage(&state, force: true) + ConsoleUpdate.countOrders(state)
    }

    static func sort(_ action: ConsoleAction, _ state: inout ConsoleState) -> [ConsoleEffect] {
        guard context(state) == .orderList else { return [] }
        if state.orders.list.showsMatches {
            state.orders.list.sort.change(action, columns: OrdersPane.listColumns(showingState: true).count)
            ConsoleUpdate.showMatches(&state)
            return []
        }
        // A queue pages through the store in its own order: it turns round, oldest or newest first.
        state.orders.list.sort.descending.toggle()
        state.orders.list.rows.reset()
        ConsoleUpdate.flash(&state, state.orders.list.sort.descending ? "Newest in the queue first" : "Longest waiting first")
        return ConsoleUpdate.requestOrderPage(&state, force: true) + ConsoleUpdate.countOrders(state)
    }

    static var promptVerbs: [PromptVerb] {
        [PromptVerb(names: ["order", "o"], usage: ":order TEXT", help: "Find an order: number, external reference or customer (as F)") { rest in
            guard !rest.isEmpty else { return .failure(PromptError(":order needs an order number, external reference or customer")) }
            return .success(.pane(OrdersPrompt.findOrder(rest.joined(separator: " "))))
        }]
    }

    static func click(row: Int, _ state: inout ConsoleState) -> [ConsoleEffect] {
        let h = state.viewportHeight
        switch context(state) {
        case .orderQueues:
            return clickSelects(&state.orders.queues, row: row, viewportHeight: h) ? perform(.open, &state) : []
        case .orderList:
            if clickSelects(&state.orders.list.rows.table, row: row, viewportHeight: h) { return perform(.open, &state) }
            return ConsoleUpdate.requestOrderPage(&state)
        default:
            return []
        }
    }
}

/// The orders pane's `:` commands, applied to the console when run.
enum OrdersPrompt: PaneEvent {
    /// `:order TEXT`: as `F`.
    case findOrder(String)

    func apply(_ state: inout ConsoleState) -> [ConsoleEffect] {
        switch self {
        case .findOrder(let text): ConsoleUpdate.findOrder(text, &state)
        }
    }
}
