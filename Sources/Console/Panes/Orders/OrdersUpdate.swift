import Foundation
import Domain
import Store
import Operations
import TerminalKit

/// The orders pane's part of the update: queues, a queue's orders, one order, finding an
/// order (its marks: OrderMarks; what is done to orders: OrderActionsUpdate).
extension ConsoleUpdate {
    /// A find shows at most this many matches.
    static let findLimit = 100

    // MARK: Data arriving

    static func receiveQueues(_ snapshot: OrderQueuesSnapshot, _ state: inout ConsoleState) -> [ConsoleEffect] {
        let rows = OrdersPane.queueRows(snapshot)
        state.orders.queues.replaceWindow(start: 0, rows: rows, total: rows.count)
        state.orders.queuesLoaded = true
        state.orders.queuesSummary = OrdersPane.queuesSummary(snapshot)
        return []
    }

    static func receiveOrderPage(_ page: OrderPage, _ state: inout ConsoleState) -> [ConsoleEffect] {
        guard case .queue? = state.orders.list.source else { return [] }
        let rows = page.rows.map { OrdersPane.row($0.summary, key: $0.key, now: page.at) }
        guard state.orders.list.rows.receive(requestID: page.requestID, start: page.start, rows: rows, total: page.total) else {
            return []
        }
        return requestOrderPage(&state)
    }

    static func receiveOrderCount(generation: Int, total: Int, exact: Bool, _ state: inout ConsoleState) -> [ConsoleEffect] {
        guard case .queue? = state.orders.list.source,
              state.orders.list.rows.counted(generation: generation, total: total, exact: exact,
                                             viewportHeight: state.viewportHeight) else { return [] }
        return requestOrderPage(&state)
    }

    /// One match opens the order, several make a pick list, none says so.
    static func receiveFound(_ text: String, _ found: [OrderSummary], at: String, refresh: Bool,
                             _ state: inout ConsoleState) -> [ConsoleEffect] {
        let rows = found.map { OrdersPane.row($0, key: OrderQueueKey(since: $0.stateSince, id: $0.id), now: at, showingState: true) }
        if refresh {
            guard state.orders.list.source == .matches(text) else { return [] }
            state.orders.list.matchRows = rows
            showMatches(&state)
            return []
        }
        // Esc goes back to where the find started.
        let from = state.pane == .orders ? state.orders.detail?.returnPane ?? state.orders.list.returnPane : state.pane
        switch found.count {
        case 0:
            // The text stays in the prompt, to correct rather than retype.
            flash(&state, "No order matches “\(text)”: try an order number, or the start of a reference or a customer",
                  kind: .error)
            if case .normal = state.mode { state.mode = .findOrder(TextInput(text, maxLength: 80)) }
            return []
        case 1:
            return openOrder(found[0].id, returnPane: from, &state)
        default:
            state.pane = .orders
            state.orders.detail = nil
            state.orders.list.show(.matches(text), returnPane: from)
            state.orders.list.matchRows = rows
            state.orders.list.rows.table.replaceWindow(start: 0, rows: rows, total: rows.count)
            flash(&state, found.count >= findLimit ? "The first \(findLimit) matches; Enter opens one" : "\(found.count) orders match; Enter opens one")
            return []
        }
    }

    static func receiveOrderDetail(_ data: OrderDetailData, _ state: inout ConsoleState) -> [ConsoleEffect] {
        if state.orders.detail?.id == data.record.header.id { state.orders.detail?.data = data }
        return []
    }

    static func orderDetailFailed(id: Int64, message: String, _ state: inout ConsoleState) -> [ConsoleEffect] {
        guard state.orders.detail?.id == id else { return [] }
        flash(&state, message, kind: .error)
        return ordersBack(&state) ?? []
    }

    // MARK: Keys

    static func performInOrders(_ action: ConsoleAction, _ state: inout ConsoleState) -> [ConsoleEffect] {
        let h = state.viewportHeight
        if var detail = state.orders.detail {
            switch action {
            case .hold, .release, .cancel, .allocate:
                return startOrderAction(action, on: [detail.id], &state)
            case .cancelLine, .lineStock:
                return pickLine(for: action, &state)
            default:
                let lines = OrdersPane.detailLines(detail, width: state.tableRect.width - 1)
                ConsoleUpdate.scroll(&detail.scroll, action, page: h, lines: lines.count, height: state.tableRect.height)
                state.orders.detail = detail
                return []
            }
        }
        if state.orders.list.source != nil { return performInOrderList(action, &state) }
        switch action {
        case .open:
            guard let queue = state.orders.queues.selectedRow?.id else { return [] }
            state.orders.list.show(.queue(queue), returnPane: nil)
            return requestOrderPage(&state, force: true) + countOrders(state)
        case .allocate:
            // On the queues: every order waiting for stock.
            state.mode = .pick(.allocation(nil))
            return []
        case .hold, .release, .cancel:
            flash(&state, "Open a queue first (Enter), then choose its orders")
            return []
        default:
            moveTable(&state.orders.queues, action, h)
            return []
        }
    }

    static func performInOrderList(_ action: ConsoleAction, _ state: inout ConsoleState) -> [ConsoleEffect] {
        let h = state.viewportHeight
        switch action {
        case .open:
            guard let row = state.orders.list.rows.table.selectedRow else { return [] }
            return openOrder(row.id.order, returnPane: nil, &state)
        case .toggleMark:
            // Marks the cursor's order and steps on, so Space Space Space marks a run.
            guard let row = state.orders.list.rows.table.selectedRow else { return [] }
            if state.orders.list.marked.remove(row.id.order) == nil { state.orders.list.marked.insert(row.id.order) }
            state.orders.list.markAnchor = PageAnchor(index: state.orders.list.rows.table.selectedIndex, key: row.id)
            state.orders.list.rows.table.moveSelection(by: 1, viewportHeight: h)
            return requestOrderPage(&state)
        case .markRange:
            return markRange(&state)
        case .markAll:
            return markAll(&state)
        case .clearMarks:
            state.orders.list.marked = []
            return []
        case .hold, .release, .cancel, .allocate:
            return startOrderAction(action, on: state.orders.list.targets, &state)
        case .end where state.orders.list.rows.table.totalRows == nil:
            // Not counted yet (or too many to count): count exactly now, then jump.
            guard case .queue(let queue)? = state.orders.list.source else { return [] }
            state.orders.list.rows.endPending = true
            return [.countOrders(generation: state.orders.list.rows.generation, queue: queue, text: state.orders.list.filter, cap: nil)]
        default:
            moveTable(&state.orders.list.rows.table, action, h)
            return requestOrderPage(&state)
        }
    }

    /// Esc: from an order to its list (or to the pane it was opened from), from a list to the
    /// queues (or to the pane the find started in). nil when there is nothing to go back from.
    static func ordersBack(_ state: inout ConsoleState) -> [ConsoleEffect]? {
        if let detail = state.orders.detail {
            state.orders.detail = nil
            if let pane = detail.returnPane { state.pane = pane }
            return paneShown(&state)
        }
        guard state.orders.list.source != nil else { return nil }
        let pane = state.orders.list.returnPane
        state.orders.list.close()
        if let pane { state.pane = pane }
        return paneShown(&state)
    }

    static func openOrder(_ id: Int64, returnPane: Pane?, _ state: inout ConsoleState) -> [ConsoleEffect] {
        state.pane = .orders
        state.orders.detail = OrderDetailState(id: id, returnPane: returnPane)
        return [.loadOrderDetail(id)]
    }

    static func findOrder(_ text: String, _ state: inout ConsoleState) -> [ConsoleEffect] {
        let text = text.trimmingCharacters(in: .whitespaces)
        return text.isEmpty ? [] : [.findOrders(text, refresh: false)]
    }

    // MARK: Loading

    /// Asks for the queue rows the viewport needs, unless loaded or on their way.
    static func requestOrderPage(_ state: inout ConsoleState, force: Bool = false) -> [ConsoleEffect] {
        guard state.pane == .orders || force, case .queue(let queue)? = state.orders.list.source,
              let page = state.orders.list.rows.request(viewportHeight: state.viewportHeight, force: force) else { return [] }
        return [.loadOrderPage(OrderPageQuery(queue: queue, text: state.orders.list.filter,
                                              newestFirst: state.orders.list.sort.descending, page: page))]
    }

    static func countOrders(_ state: ConsoleState) -> [ConsoleEffect] {
        guard case .queue(let queue)? = state.orders.list.source else { return [] }
        return [.countOrders(generation: state.orders.list.rows.generation, queue: queue, text: state.orders.list.filter,
                             cap: state.countCap)]
    }

    /// The database changed: reload the orders view on screen; the others reload when shown.
    static func ordersChanged(_ state: inout ConsoleState) -> [ConsoleEffect] {
        state.orders.queuesStale = true
        if state.orders.list.source != nil { state.orders.list.stale = true }
        state.orders.detail?.stale = true
        return state.pane == .orders ? refreshVisibleOrders(&state) : []
    }

    /// Reloads the orders view on screen if it changed since read (or never was).
    static func refreshVisibleOrders(_ state: inout ConsoleState) -> [ConsoleEffect] {
        if let detail = state.orders.detail {
            guard detail.stale else { return [] }
            state.orders.detail?.stale = false
            return [.loadOrderDetail(detail.id)]
        }
        if let source = state.orders.list.source {
            guard state.orders.list.stale else { return [] }
            state.orders.list.stale = false
            switch source {
            case .queue(let queue):
                // Rows may have left or joined above: reread what shows from the top, and recount;
                // marks follow the orders that are still in the queue.
                state.orders.list.rows.inFlight = nil
                let marks: [ConsoleEffect] = state.orders.list.marked.isEmpty ? []
                    : [.checkMarks(generation: state.orders.list.rows.generation, queue: queue, orders: state.orders.list.marked.sorted())]
                return requestOrderPage(&state, force: true) + countOrders(state) + marks
            case .matches(let text):
                return [.findOrders(text, refresh: true)]
            }
        }
        guard state.orders.queuesStale else { return [] }
        state.orders.queuesStale = false
        return [.loadOrderQueues]
    }
}

extension OrderListState {
    /// Back to the queues: the listing is forgotten (pages still on their way are dropped).
    mutating func close() {
        self = OrderListState(rows: rows)
        rows.reset()   // keeps request ids growing, so no page of the old listing matches
    }
}
