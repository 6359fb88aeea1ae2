import Foundation
import Domain
import Store
import Operations
import TerminalKit

/// The orders pane's part of the update: queues, a queue's orders, one order, finding an
/// order, and the actions on orders (the backorders pane uses them too).
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

    // MARK: Marks

    /// At most this many orders are marked at once (mark-all on a long queue says so).
    static let markLimit = 10_000

    /// `V`: from the order Space was last pressed on through the cursor. Rows on screen are
    /// marked at once; a range reaching past them is read from the queue by its keys.
    static func markRange(_ state: inout ConsoleState) -> [ConsoleEffect] {
        let list = state.orders.list
        guard let anchor = list.markAnchor, let cursor = list.rows.table.selectedRow else {
            flash(&state, "Mark the first order with Space, move, then V marks everything up to the cursor")
            return []
        }
        let here = list.rows.table.selectedIndex
        let (low, high) = (min(anchor.index, here), max(anchor.index, here))
        let rows = (low...high).compactMap { list.rows.table.row(at: $0) }
        if rows.count == high - low + 1 {
            state.orders.list.marked.formUnion(rows.map(\.id.order))
            flash(&state, "\(rows.count) orders marked from the range (\(state.orders.list.marked.count.grouped) marked in all)")
            return []
        }
        guard case .queue(let queue)? = list.source else { return [] }
        // The range in the queue's own order, whichever way round it is shown.
        let keys = [anchor.key.key, cursor.id.key].sorted { ($0.since, $0.id) < ($1.since, $1.id) }
        return [.markOrders(generation: list.rows.generation, queue: queue, text: list.filter, from: keys[0], through: keys[1],
                            newestFirst: false, limit: markLimit)]
    }

    /// `A`: every order in the listing, up to `markLimit`.
    static func markAll(_ state: inout ConsoleState) -> [ConsoleEffect] {
        switch state.orders.list.source {
        case .queue(let queue)?:
            return [.markOrders(generation: state.orders.list.rows.generation, queue: queue, text: state.orders.list.filter,
                                from: nil, through: nil, newestFirst: state.orders.list.sort.descending, limit: markLimit)]
        case .matches?:
            let ids = state.orders.list.rows.table.rows.map(\.id.order)
            state.orders.list.marked.formUnion(ids)
            flash(&state, "All \(ids.count) orders marked")
            return []
        case nil:
            return []
        }
    }

    static func receiveOrdersToMark(generation: Int, _ ids: [Int64], whole: Bool, total: Int,
                                    _ state: inout ConsoleState) -> [ConsoleEffect] {
        guard state.orders.list.rows.generation == generation, case .queue? = state.orders.list.source else { return [] }
        state.orders.list.marked.formUnion(ids)
        let marked = state.orders.list.marked.count
        if whole && total > ids.count {
            flash(&state, "Marked the first \(ids.count.grouped) of \(total.grouped) orders (at most \(markLimit.grouped) at once)")
        } else {
            flash(&state, (whole ? "All \(ids.count.grouped) orders in the queue marked" : "\(ids.count.grouped) orders marked from the range")
                  + (marked > ids.count ? " (\(marked.grouped) in all)" : ""))
        }
        return []
    }

    /// Marks follow the data: an order that has left the queue is unmarked, and says so.
    static func receiveMarksChecked(generation: Int, stillIn: Set<Int64>, _ state: inout ConsoleState) -> [ConsoleEffect] {
        guard state.orders.list.rows.generation == generation else { return [] }
        let gone = state.orders.list.marked.subtracting(stillIn)
        guard !gone.isEmpty else { return [] }
        state.orders.list.marked.subtract(gone)
        flash(&state, gone.count == 1 ? "Order \(gone.first!) left the queue and is no longer marked"
                                      : "\(gone.count) marked orders left the queue and are no longer marked")
        return []
    }

    // MARK: Actions

    /// Hold asks why first; cancel and release first read the orders (so a refusal comes
    /// before any question, and the confirmation says exactly what will change); allocate
    /// runs at once. The role was checked when the key was pressed (`KeyBinding.command`).
    static func startOrderAction(_ action: ConsoleAction, on ids: [Int64], line: Int? = nil,
                                 suggested: CancelReason = .customerRequest, _ state: inout ConsoleState) -> [ConsoleEffect] {
        guard !ids.isEmpty else {
            flash(&state, "No order here to act on", kind: .error)
            return []
        }
        switch action {
        case .hold:
            state.mode = .pick(.hold(ids, role: state.role))
            return []
        case .cancel:
            return [.prepareOrderAction(.cancel(line: line, suggested: suggested), orders: ids)]
        case .release:
            // In a hold queue the queue's own hold goes by default; elsewhere the orders' holds decide.
            var queueReason: HoldReason?
            if state.orders.showsList, case .queue(.hold(let reason))? = state.orders.list.source { queueReason = reason }
            return [.prepareOrderAction(.release(queueReason: queueReason), orders: ids)]
        case .allocate:
            state.mode = .pick(.allocation(ids))
            return []
        default:
            return []
        }
    }

    /// `X` and `s` in an order: the line to cancel (those not yet shipped) or whose SKU's
    /// stock to show; a single candidate needs no choice.
    static func pickLine(for action: ConsoleAction, _ state: inout ConsoleState) -> [ConsoleEffect] {
        guard let detail = state.orders.detail, let record = detail.data?.record else { return [] }
        let cancel = action == .cancelLine
        let lines = cancel ? record.lines.filter { $0.outstanding > 0 } : record.lines
        guard !lines.isEmpty else {
            flash(&state, "Order \(detail.id) has no line left to cancel: every line is shipped or cancelled.", kind: .error)
            return []
        }
        if lines.count == 1 { return lineChosen(detail.id, lines[0], cancel: cancel, &state) }
        state.mode = .pick(.orderLine(detail.id, lines: lines, cancel: cancel))
        return []
    }

    static func lineChosen(_ order: Int64, _ line: OrderLineRow, cancel: Bool, _ state: inout ConsoleState) -> [ConsoleEffect] {
        if cancel { return startOrderAction(.cancel, on: [order], line: line.lineNo, &state) }
        state.pane = .stock
        state.stock.detail = DetailState(sku: line.sku, location: nil, returnPane: .orders)
        return [.loadDetail(sku: line.sku)]
    }

    /// The dry run is back: nothing to do says so; otherwise the confirmation says what the
    /// run would do, and y runs it (the real run plans again against the stock then).
    static func allocationPlanned(orders: [Int64]?, policy: AllocationPolicy, _ summary: AllocationSummary,
                                  _ state: inout ConsoleState) -> [ConsoleEffect] {
        guard case .normal = state.mode else { return [] }
        let words = OrderWords.planned(summary, orders: orders)
        guard summary.orders > 0 else {
            flash(&state, words.joined(separator: " "), kind: .error)
            return []
        }
        state.mode = .confirm(confirmDialog(title: "Allocate (\(policy.rawValue))", words, confirm: "Allocate", cancel: "Keep as is"),
                              .allocate(orders: orders, policy: policy))
        return []
    }

    /// The orders an action is for have been read: refuse, ask why, or ask to confirm.
    static func orderActionPrepared(_ action: PendingOrderAction, orders: [Int64], records: [OrderRecord],
                                    _ state: inout ConsoleState) -> [ConsoleEffect] {
        guard case .normal = state.mode else { return [] }   // the user has moved on to something else
        switch action {
        case .cancel(let line, let suggested):
            if let refusal = CancelPreview.refusal(records, asked: orders, line: line) {
                flash(&state, refusal, kind: .error)
                return []
            }
            state.mode = .pick(.cancel(orders, line: line, suggested: suggested, records: records))
        case .release(let queueReason):
            let plan = ReleasePlan(asked: orders, records: records)
            guard !plan.reasons.isEmpty else {
                flash(&state, plan.nothingOnHold, kind: .error)
                return []
            }
            if let queueReason {
                guard plan.reasons.contains(queueReason) else {
                    flash(&state, "No order here is on a \(queueReason.rawValue) hold any more: nothing to release.", kind: .error)
                    return []
                }
                return releaseChosen(plan, queueReason, note: nil, &state)
            }
            // One kind of hold: no question which; several: the user picks one.
            if plan.reasons.count == 1 { return releaseChosen(plan, plan.reasons[0], note: nil, &state) }
            state.mode = .pick(.release(plan, reasons: plan.reasons, role: state.role))
        }
        return []
    }

    /// The hold to release is known: refuse it if the role may not, ask for a note where the
    /// policy wants one (`note` nil: not asked yet), then confirm.
    static func releaseChosen(_ plan: ReleasePlan, _ reason: HoldReason, note: String?, _ state: inout ConsoleState) -> [ConsoleEffect] {
        guard reason.handlers.contains(state.role) else {
            flash(&state, Role.refusal(state.role, user: state.user, mayNot: "release a \(reason.rawValue) hold",
                                       allowed: reason.handlers), kind: .error)
            return []
        }
        if reason.releaseNeedsNote && (note ?? "").isEmpty {
            state.mode = .pick(.release(plan, reasons: [reason], role: state.role))
            return []
        }
        let orders = plan.orders(with: reason)
        state.mode = .confirm(confirmDialog(title: orders.count == 1 ? "Release a hold" : "Release holds",
                                            plan.confirmation(reason, note: note ?? ""),
                                            confirm: orders.count == 1 ? "Release it" : "Release \(orders.count)",
                                            cancel: "Keep"),
                              .release(ReleaseRequest(orders: orders, reason: reason, note: note ?? "")))
        return []
    }

    /// A reason was chosen: a hold runs; a cancellation or a release asks to confirm first.
    static func reasonChosen(_ picker: ReasonPicker, index: Int, note: String, _ state: inout ConsoleState) -> [ConsoleEffect] {
        switch picker.purpose {
        case .hold(let orders):
            return [.run(.hold(orders: orders, reason: HoldReason.allCases[index], note: note))]
        case .cancel(let orders, let line, let records):
            let request = CancelRequest(orders: orders, line: line, reason: CancelReason.allCases[index], note: note)
            let several = line == nil && orders.count > 1
            let title = line != nil ? "Cancel a line" : several ? "Cancel orders" : "Cancel order"
            state.mode = .confirm(confirmDialog(title: title, CancelPreview.message(records, request),
                                                confirm: several ? "Cancel them" : "Cancel it", cancel: "Keep"),
                                  .cancel(request))
            return []
        case .release(let plan):
            return releaseChosen(plan, plan.reasons[index], note: note, &state)
        case .orderLine(let order, let lines, let cancel):
            return lineChosen(order, lines[index], cancel: cancel, &state)
        case .stockChange(let sku, let location):
            let form = StockForm.all[index]
            state.mode = .form(form.dialog(sku: sku, location: location), form, sku: sku)
            return []
        case .allocation(let orders):
            let policy = AllocationPolicy.allCases[index]
            flash(&state, "Dry run under \(policy.rawValue)…")
            return [.planAllocation(orders: orders, policy: policy)]
        }
    }

    /// A confirmation (the dialog wraps and sanitises its lines when drawn).
    static func confirmDialog(title: String, _ message: [String], confirm: String, cancel: String) -> ConfirmDialog {
        ConfirmDialog(title: title, message: message, confirmLabel: confirm, cancelLabel: cancel)
    }

    /// An action ran: say what happened (every refusal, listed when there are several) and
    /// reload what shows.
    static func actionFinished(_ report: ActionReport, _ state: inout ConsoleState) -> [ConsoleEffect] {
        flash(&state, report.summary, kind: report.isBad ? .error : .info)
        if report.refusals.count > 1, case .normal = state.mode {
            let entries = report.refusals.map { (key: "#\($0.order)", description: $0.reason) }
            state.mode = .report(HelpOverlay(title: "Refused", sections: [HelpSection(title: report.summary, entries: entries)]))
        }
        state.orders.list.marked = []
        return ordersChanged(&state) + backordersChanged(&state)
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
