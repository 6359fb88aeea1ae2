import Domain
import Store
import Operations
import TerminalKit

extension Pane {
    public static let inbound = Pane("inbound", title: "Inbound", controller: InboundPaneController.self)
}

extension KeyContext {
    static let inboundQueues = KeyContext(.inbound, "queues")
    static let inboundOrders = KeyContext(.inbound, "orders")
    static let inboundNotices = KeyContext(.inbound, "notices")
    static let inboundTransfers = KeyContext(.inbound, "transfers")
    static let inboundOrder = KeyContext(.inbound, "order")
    static let inboundReceiving = KeyContext(.inbound, "receiving")
    static let inboundReceipt = KeyContext(.inbound, "receipt")
}

extension KeyMap {
    static let inboundBack = KeyBinding(keys: [.escape], label: "Esc", action: .back, help: "Back", hint: "back")

    public static let inboundQueues: [KeyBinding] = [
        KeyBinding(keys: [.enter], label: "Enter", action: .open, help: "The queue's purchase orders, notices or transfers", hint: "open"),
    ]

    public static let inboundOrders: [KeyBinding] = [
        KeyBinding(keys: [.enter], label: "Enter", action: .open, help: "Open the order: lines, receipts, notices, backorders", hint: "open"),
        KeyBinding(keys: [.char("r")], label: "r", action: .receive, help: "Receive goods against the purchase order", hint: "receive",
                   command: .receiveGoods),
        listFilter, listSort[0], listSort[1], inboundBack,
    ]

    public static let inboundNotices: [KeyBinding] = [
        KeyBinding(keys: [.enter], label: "Enter", action: .open, help: "Open the purchase order the notice is for", hint: "open order"),
        KeyBinding(keys: [.char("r")], label: "r", action: .receive,
                   help: "Receive the notice (one with exceptions is counted first)", hint: "receive",
                   command: .receiveGoods),
        KeyBinding(keys: [.char("x")], label: "x", action: .reject, help: "Dismiss the notice, saying why", hint: "dismiss",
                   command: .dismissShippingNotice),
        listFilter, listSort[0], listSort[1], inboundBack,
    ]

    public static let inboundTransfers: [KeyBinding] = [
        KeyBinding(keys: [.char("r")], label: "r", action: .receive, help: "Receive a transfer in transit at its destination",
                   hint: "receive", command: .receiveTransfer),
        listFilter, listSort[0], listSort[1], inboundBack,
    ]

    public static let inboundOrder: [KeyBinding] = [
        KeyBinding(keys: [.char("r")], label: "r", action: .receive, help: "Receive goods against this purchase order", hint: "receive",
                   command: .receiveGoods),
        inboundBack,
    ]

    public static let inboundReceiving: [KeyBinding] = [
        KeyBinding(keys: [.enter], label: "Enter", action: .open, help: "Enter what arrived of the line: quantity and condition", hint: "enter line"),
        KeyBinding(keys: [.char("n")], label: "n", action: .enterLine, help: "Type or scan a SKU (an empty quantity is one unit)", hint: "scan"),
        KeyBinding(keys: [.char("x")], label: "x", action: .clearLine, help: "Clear what was entered of the line", hint: "clear"),
        KeyBinding(keys: [.char("s")], label: "s", action: .save, help: "Save the receipt (says where every unit goes first)", hint: "save",
                   command: .receiveGoods),
        KeyBinding(keys: [.escape], label: "Esc", action: .back, help: "Back to the order (what was entered is kept)", hint: "back"),
    ]

    public static let inboundReceipt: [KeyBinding] = [
        KeyBinding(keys: [.char("a")], label: "a", action: .allocate, help: "Allocate the orders waiting for the line's SKU", hint: "allocate",
                   command: .allocateOrders),
        KeyBinding(keys: [.char("u")], label: "u", action: .releaseQuarantine,
                   help: "Release the line's quarantine after inspection (asks first)", hint: "release",
                   command: .changeStockStatus),
        KeyBinding(keys: [.escape], label: "Esc", action: .back, help: "Back to the order", hint: "back"),
    ]
}

/// The inbound pane: purchase orders by state and lateness, shipping-notice exceptions,
/// transfers in transit; a purchase order opened; receiving against it.
enum InboundPaneController: ConsolePane {
    static let pane = Pane.inbound
    static func initialState() -> InboundPaneState { InboundPaneState() }
    static let summary = "Inbound pane (purchase orders, notices, transfers, receiving)"
    static let views: [(context: KeyContext, help: String)] = [
        (.inboundQueues, "Inbound pane"), (.inboundOrders, "Inbound pane: purchase orders"),
        (.inboundNotices, "Inbound pane: shipping notices"), (.inboundTransfers, "Inbound pane: transfers"),
        (.inboundOrder, "Inbound pane: a purchase order"), (.inboundReceiving, "Inbound pane: receiving"),
        (.inboundReceipt, "Inbound pane: a saved receipt"),
    ]

    static func context(_ state: ConsoleState) -> KeyContext {
        let b = state.inbound
        if b.showsReceiving, let r = b.receiving { return r.outcome == nil ? .inboundReceiving : .inboundReceipt }
        if b.order != nil { return .inboundOrder }
        switch b.list?.queue.kind {
        case .purchaseOrders?: return .inboundOrders
        case .notices?: return .inboundNotices
        case .transfers?: return .inboundTransfers
        case nil: return .inboundQueues
        }
    }

    static func bindings(_ context: KeyContext) -> [KeyBinding] {
        switch context {
        case .inboundOrders: KeyMap.inboundOrders
        case .inboundNotices: KeyMap.inboundNotices
        case .inboundTransfers: KeyMap.inboundTransfers
        case .inboundOrder: KeyMap.inboundOrder
        case .inboundReceiving: KeyMap.inboundReceiving
        case .inboundReceipt: KeyMap.inboundReceipt
        default: KeyMap.inboundQueues
        }
    }

    static func headerLine(_ state: ConsoleState) -> String { InboundPane.headerLine(state) }
    static func draw(_ state: ConsoleState, in rect: Rect, buffer: inout Buffer) { InboundPane.draw(state, in: rect, buffer: &buffer) }
    static func hasFirstScreenful(_ state: ConsoleState) -> Bool { state.inbound.counts != nil }
    static func perform(_ action: ConsoleAction, _ state: inout ConsoleState) -> [ConsoleEffect] { ConsoleUpdate.performInInbound(action, &state) }
    static func back(_ state: inout ConsoleState) -> [ConsoleEffect]? { ConsoleUpdate.inboundBack(&state) }
    static func shown(_ state: inout ConsoleState) -> [ConsoleEffect] { ConsoleUpdate.refreshVisibleInbound(&state) }
    static func databaseChanged(_ state: inout ConsoleState) -> [ConsoleEffect] { ConsoleUpdate.inboundChanged(&state) }
    static func submitForm(_ form: FormDialog, _ state: inout ConsoleState) -> [ConsoleEffect] { ConsoleUpdate.submitInboundForm(form, &state) }

    static func hints(_ state: ConsoleState) -> [(key: String, label: String)]? {
        guard context(state) == .inboundOrder else { return nil }
        let receive: [(key: String, label: String)] = AccessPolicy.allows(state.role, .receiveGoods) ? [("r", "receive")] : []
        return [("Esc", "back"), ("↑↓", "scroll")] + receive + [("?", "help"), ("q", "quit")]
    }

    static func unfinishedWork(_ state: ConsoleState) -> [String] {
        guard let r = state.inbound.receiving, r.outcome == nil, !r.lines.isEmpty else { return [] }
        return ["A receipt on \(r.code) is entered but not saved (\(OrderWords.units(r.lines.reduce(0) { $0 + $1.quantity })))."]
    }

    static func filterText(_ state: ConsoleState) -> String? {
        state.inbound.order == nil && !state.inbound.showsReceiving ? state.inbound.list?.filter : nil
    }

    static func applyFilter(_ text: String, _ state: inout ConsoleState) -> [ConsoleEffect] {
        guard state.inbound.list != nil else { return [] }
        state.inbound.list?.filter = text
        ConsoleUpdate.showInboundList(&state)
        return []
    }

    static func sort(_ action: ConsoleAction, _ state: inout ConsoleState) -> [ConsoleEffect] {
        guard let list = state.inbound.list, state.inbound.order == nil else { return [] }
        state.inbound.list?.sort.change(action, columns: InboundPane.listColumns(list.queue.kind).count)
        ConsoleUpdate.showInboundList(&state)
        return []
    }

    static func click(row: Int, _ state: inout ConsoleState) -> [ConsoleEffect] {
        let h = state.viewportHeight
        let opens: Bool
        switch context(state) {
        case .inboundQueues: opens = clickSelects(&state.inbound.queues, row: row, viewportHeight: h)
        case .inboundOrders, .inboundNotices, .inboundTransfers: opens = clickSelects(&state.inbound.list!.table, row: row, viewportHeight: h)
        case .inboundReceiving: opens = clickSelects(&state.inbound.receiving!.table, row: row, viewportHeight: h)
        case .inboundReceipt: _ = clickSelects(&state.inbound.receiving!.outcomeTable, row: row, viewportHeight: h); opens = false
        default: opens = false
        }
        return opens ? perform(.open, &state) : []
    }
}
