import Domain
import Store
import Operations
import TerminalKit

/// The inbound pane's part of the update: queues, lists, a purchase order, and receiving
/// (each line checked as it is entered, the receipt planned by Operations and confirmed).
extension ConsoleUpdate {
    // MARK: Data arriving

    static func receiveInboundQueues(_ counts: InboundQueueCounts, at: String, _ state: inout ConsoleState) -> [ConsoleEffect] {
        state.inbound.counts = counts
        state.inbound.countsAt = at
        let rows = InboundPane.queueRows(counts, at: at)
        state.inbound.queues.replaceWindow(start: 0, rows: rows, total: rows.count)
        return []
    }

    static func receiveInboundList(_ queue: InboundQueue, _ rows: InboundListRows, total: Int, at: String,
                                   _ state: inout ConsoleState) -> [ConsoleEffect] {
        guard state.inbound.list?.queue == queue else { return [] }
        state.inbound.list?.rows = rows
        state.inbound.list?.total = total
        state.inbound.list?.at = at
        showInboundList(&state)
        return []
    }

    /// The rows the filter keeps, in the chosen order; the selection stays on its row where it can.
    static func showInboundList(_ state: inout ConsoleState) {
        guard let list = state.inbound.list, let rows = list.rows else { return }
        let shown = list.sort.apply(ListFilter.rows(InboundPane.listRows(rows, at: list.at), list.filter))
        state.inbound.list?.table.replaceWindow(start: 0, rows: shown, total: shown.count)
    }

    static func receivePurchaseOrder(_ detail: PurchaseOrderDetail, receive: Bool, _ state: inout ConsoleState) -> [ConsoleEffect] {
        let code = detail.record.order.code
        if state.inbound.order?.code == code { state.inbound.order?.detail = detail }
        if receive { return startReceiving(detail, &state) }
        // A receipt being entered follows the order as it now is (lines entered stay).
        if state.inbound.receiving?.code == code, state.inbound.receiving?.outcome == nil {
            state.inbound.receiving?.detail = detail
            showReceivingRows(&state)
        }
        return []
    }

    static func purchaseOrderFailed(_ code: String, _ message: String, _ state: inout ConsoleState) -> [ConsoleEffect] {
        if state.inbound.order?.code == code, state.inbound.order?.detail == nil { state.inbound.order = nil }
        if state.inbound.pendingNotice?.purchaseOrder == code { state.inbound.pendingNotice = nil }
        flash(&state, message, kind: .error)
        return []
    }

    // MARK: Keys

    static func performInInbound(_ action: ConsoleAction, _ state: inout ConsoleState) -> [ConsoleEffect] {
        let h = state.viewportHeight
        switch InboundPaneController.context(state) {
        case .inboundReceipt: return performOnReceipt(action, &state)
        case .inboundReceiving: return performWhileReceiving(action, &state)
        case .inboundOrder:
            guard let order = state.inbound.order else { return [] }
            if action == .receive {
                guard let detail = order.detail else { return [] }
                return startReceiving(detail, &state)
            }
            let lines = order.detail.map { InboundPane.orderLines($0, width: state.width - 2).count } ?? 0
            scroll(&state.inbound.order!.scroll, action, page: h, lines: lines, height: state.tableRect.height)
            return []
        case .inboundQueues:
            if action == .open, let queue = state.inbound.queues.selectedRow?.id {
                state.inbound.list = InboundListState(queue: queue)
                return [.inbound(.loadList(queue, limit: QueueReach.page))]
            }
            moveTable(&state.inbound.queues, action, h)
            return []
        default:
            return performInList(action, &state)
        }
    }

    private static func performInList(_ action: ConsoleAction, _ state: inout ConsoleState) -> [ConsoleEffect] {
        guard let list = state.inbound.list else { return [] }
        let selected = list.table.selectedRow?.id
        switch (list.queue.kind, action) {
        case (.purchaseOrders, .open):
            guard let code = selected else { return [] }
            state.inbound.order = PurchaseOrderViewState(code: code)
            return [.inbound(.loadOrder(code: code, receive: false))]
        case (.purchaseOrders, .receive):
            guard let code = selected else { return [] }
            flash(&state, "Reading \(code)…")
            return [.inbound(.loadOrder(code: code, receive: true))]
        case (.notices, .open):
            guard let notice = selectedNotice(state) else { return [] }
            state.inbound.order = PurchaseOrderViewState(code: notice.notice.purchaseOrder)
            return [.inbound(.loadOrder(code: notice.notice.purchaseOrder, receive: false))]
        case (.notices, .receive):
            guard let notice = selectedNotice(state) else { return [] }
            return receiveNotice(notice, &state)
        case (.notices, .reject):
            guard let notice = selectedNotice(state) else { return [] }
            guard notice.state == "open" else {
                flash(&state, "Shipping notice \(notice.notice.ref) is \(notice.state) already.", kind: .error)
                return []
            }
            state.inbound.form = .dismissal(notice.notice.ref)
            state.mode = .form(FormDialog(title: "Dismiss \(notice.notice.ref)", fields: [
                .init("Reason", placeholder: "what became of its goods (required)", maxLength: 120),
            ]), owner: .inbound)
            return []
        case (.transfers, .receive):
            guard let code = selected, case .transfers(let rows)? = list.rows, let t = rows.first(where: { $0.transfer.code == code }) else { return [] }
            guard t.transfer.state == .shipped else {
                flash(&state, "Transfer \(code) is \(t.transfer.state.rawValue): only a shipped transfer can be received.", kind: .error)
                return []
            }
            let units = t.transfer.lines.reduce(0) { $0 + $1.quantity }
            state.mode = .confirm(confirmDialog(title: "Receive transfer", [
                "Receive transfer \(code) at \(t.transfer.to): \(OrderWords.units(units)) on \(InboundWords.count(t.transfer.lines.count, "line")) "
                + "leave \(t.via ?? "transit") and go to sellable at \(t.transfer.to):",
            ] + t.transfer.lines.map { "\($0.sku) \($0.quantity)" }, confirm: "Receive", cancel: "Not yet"), .inbound(.receiveTransfer(code: code)))
            return []
        default:
            let pressingOn = QueueReach.pressesOn(action, at: list.table)
            moveTable(&state.inbound.list!.table, action, state.viewportHeight)
            guard pressingOn, state.inbound.list!.reach.extend(read: list.rows?.count ?? 0, total: list.total) else { return [] }
            return [.inbound(.loadList(list.queue, limit: state.inbound.list!.reach.limit))]
        }
    }

    private static func selectedNotice(_ state: ConsoleState) -> ShippingNoticeRecord? {
        guard let ref = state.inbound.list?.table.selectedRow?.id, case .notices(let rows)? = state.inbound.list?.rows else { return nil }
        return rows.first { $0.notice.ref == ref }
    }

    /// A notice without exceptions is received as announced, after a y; one with exceptions is
    /// counted: receiving against its order opens with the announced lines entered, to correct.
    private static func receiveNotice(_ n: ShippingNoticeRecord, _ state: inout ConsoleState) -> [ConsoleEffect] {
        guard n.state == "open" else {
            flash(&state, "Shipping notice \(n.notice.ref) is \(n.state) already.", kind: .error)
            return []
        }
        // Planned first: the confirmation says what else the receipt ends (the order's other notices).
        if n.exceptions.isEmpty { return [.inbound(.planNotice(n))] }
        state.inbound.pendingNotice = PendingNotice(ref: n.notice.ref, purchaseOrder: n.notice.purchaseOrder,
                                                    lines: n.notice.lines.map { ReceivedLine(sku: $0.sku, quantity: $0.quantity) })
        flash(&state, "Reading \(n.notice.purchaseOrder) to count \(n.notice.ref)…")
        return [.inbound(.loadOrder(code: n.notice.purchaseOrder, receive: true))]
    }

    // MARK: Receiving

    /// Receiving against an order, refused at once when nothing can arrive against it.
    static func startReceiving(_ detail: PurchaseOrderDetail, _ state: inout ConsoleState) -> [ConsoleEffect] {
        // A notice waits only for its own order's reading.
        let counting = state.inbound.pendingNotice.flatMap { $0.purchaseOrder == detail.record.order.code ? $0 : nil }
        state.inbound.pendingNotice = nil
        do {
            try Operations.refuseDropShipReceipt(detail.record)
            _ = try Receiving.Receipt(against: detail.record.order, tolerance: detail.tolerance)
        } catch {
            flash(&state, (error as? DomainError)?.message ?? (error as? OperationError)?.message ?? String(describing: error), kind: .error)
            return []
        }
        let code = detail.record.order.code
        // Another order's receipt with lines typed is never thrown away unasked.
        if let other = state.inbound.receiving, other.code != code, other.outcome == nil, !other.lines.isEmpty {
            flash(&state, "A receipt on \(other.code) is being entered: save it (s) or clear its lines (x) first.", kind: .error)
            return []
        }
        let resumable = state.inbound.receiving.map { $0.code == code && $0.outcome == nil } ?? false
        if resumable, let counting, let r = state.inbound.receiving, r.notice != counting.ref, !r.lines.isEmpty {
            flash(&state, "A receipt on \(code) is being entered\(r.notice.map { " for \($0)" } ?? ""): save it (s) or clear its lines (x) first.",
                  kind: .error)
            return []
        }
        if resumable && (counting == nil || state.inbound.receiving?.notice == counting?.ref) {
            state.inbound.receiving?.detail = detail   // resumed as it was left
        } else {
            state.inbound.receiving = ReceivingState(detail: detail)
            // What a notice announced, where the order takes it; the rest (its exceptions) is named.
            if let counting {
                state.inbound.receiving?.notice = counting.ref
                var left: [String] = []
                for line in counting.lines {
                    if (try? check(line, on: state.inbound.receiving!)) != nil { state.inbound.receiving?.lines.append(line) } else {
                        left.append("\(line.sku) \(line.quantity)")
                    }
                }
                flash(&state, "Counting \(counting.ref): its lines are entered to correct"
                      + (left.isEmpty ? "" : "; not entered, the order does not take them: " + left.joined(separator: ", ")))
            }
        }
        if state.inbound.order?.code != code { state.inbound.order = PurchaseOrderViewState(code: code, detail: detail) }
        state.inbound.showsReceiving = true
        showReceivingRows(&state)
        return []
    }

    static func showReceivingRows(_ state: inout ConsoleState) {
        guard let r = state.inbound.receiving else { return }
        let rows = InboundPane.receivingRows(r)
        state.inbound.receiving?.table.replaceWindow(start: 0, rows: rows, total: rows.count)
    }

    /// The line, added to those entered, against the order and its supplier's tolerance: the
    /// sentence that refuses it, if any.
    private static func check(_ line: ReceivedLine, on r: ReceivingState) throws(DomainError) {
        var receipt = try Receiving.Receipt(against: r.detail.record.order, tolerance: r.detail.tolerance)
        for entered in r.lines + [line] { try receipt.add(entered) }
    }

    private static func performWhileReceiving(_ action: ConsoleAction, _ state: inout ConsoleState) -> [ConsoleEffect] {
        guard let r = state.inbound.receiving else { return [] }
        let selected = r.table.selectedRow?.id
        switch action {
        case .open:
            guard let sku = selected, let line = r.detail.record.order.lines.first(where: { $0.sku == sku }) else { return [] }
            let remaining = max(0, line.open - r.entered(sku, .good) - r.entered(sku, .damaged))
            return openLineForm(sku: sku, quantity: remaining > 0 ? String(remaining) : "", &state)
        case .enterLine:
            return openLineForm(sku: "", quantity: "", &state)
        case .clearLine:
            guard let sku = selected, r.lines.contains(where: { $0.sku == sku }) else { return [] }
            state.inbound.receiving?.lines.removeAll { $0.sku == sku }
            showReceivingRows(&state)
            flash(&state, "Cleared what was entered of \(sku)")
            return []
        case .save:
            guard !r.lines.isEmpty else {
                flash(&state, "Nothing entered yet: Enter on a line, or n to type or scan a SKU.", kind: .error)
                return []
            }
            flash(&state, "Checking the receipt…")
            return [.inbound(.planReceipt(ReceiptRequest(purchaseOrder: r.code, lines: r.lines, notice: r.notice)))]
        default:
            moveTable(&state.inbound.receiving!.table, action, state.viewportHeight)
            return []
        }
    }

    private static func openLineForm(sku: String, quantity: String, _ state: inout ConsoleState) -> [ConsoleEffect] {
        guard let r = state.inbound.receiving else { return [] }
        state.inbound.form = .receivedLine
        var form = FormDialog(title: "Receive on \(r.code)", fields: [
            .init("SKU", sku, placeholder: "type or scan"), .init("Quantity", quantity, placeholder: "empty: 1 unit"),
            .init("Condition", "good", placeholder: ReceiptCondition.spellings),
        ])
        form.focus = sku.isEmpty ? 0 : 1   // a line chosen: what arrived of it is typed next
        state.mode = .form(form, owner: .inbound)
        return []
    }

    /// The line form was submitted: the line is entered when the order and tolerance allow it,
    /// else the form stays, saying why.
    /// A form of the inbound pane was submitted: a notice's dismissal, or a received line.
    static func submitInboundForm(_ form: FormDialog, _ state: inout ConsoleState) -> [ConsoleEffect] {
        guard case .dismissal(let ref)? = state.inbound.form else { return submitReceivedLine(form, &state) }
        let reason = form.value(0)
        guard !reason.isEmpty else {
            state.mode = .form(form, owner: .inbound)
            flash(&state, "Reason is required: what became of the notice's goods.", kind: .error)
            return []
        }
        state.inbound.form = nil
        state.mode = .confirm(confirmDialog(title: "Dismiss a shipping notice", [
            "Dismiss \(ref): it leaves the exception and late queues and nothing is received against it.", "Reason: \(reason)",
        ], confirm: "Dismiss", cancel: "Keep it"), .inbound(.dismissNotice(ref: ref, reason: reason)))
        return []
    }

    private static func submitReceivedLine(_ form: FormDialog, _ state: inout ConsoleState) -> [ConsoleEffect] {
        guard let r = state.inbound.receiving else { return [] }
        func refuse(_ message: String) -> [ConsoleEffect] {
            state.mode = .form(form, owner: .inbound)
            flash(&state, message, kind: .error)
            return []
        }
        let typed = form.value(0)
        guard !typed.isEmpty else { return refuse("SKU is required: type or scan it.") }
        // Scanners and people type codes in either case; the order's own spelling is kept.
        let sku = r.detail.record.order.lines.first { $0.sku.caseInsensitiveCompare(typed) == .orderedSame }?.sku ?? typed
        let quantityText = form.value(1)
        guard let quantity = quantityText.isEmpty ? 1 : Int(quantityText) else { return refuse("Quantity '\(quantityText)' is not a whole number.") }
        guard quantity > 0 else { return refuse("Quantity must be positive.") }
        guard let condition = ReceiptCondition(parsing: form.value(2)) else {
            return refuse("Condition '\(form.value(2))' is not one of \(ReceiptCondition.spellings).")
        }
        let line = ReceivedLine(sku: sku, quantity: quantity, condition: condition)
        do { try check(line, on: r) } catch { return refuse(error.message) }
        state.inbound.receiving?.lines.append(line)
        showReceivingRows(&state)
        let h = state.viewportHeight
        _ = state.inbound.receiving?.table.select(id: sku, viewportHeight: h)
        flash(&state, "Entered \(quantity) \(condition.rawValue) \(sku) → \(r.detail.destination(line).rawValue); s saves the receipt")
        return []
    }

    /// A notice can be received as announced: the confirmation says what it brings and what
    /// ends with it.
    static func confirmNoticeReceipt(_ n: ShippingNoticeRecord, _ plan: ReceiptPlan, _ state: inout ConsoleState) -> [ConsoleEffect] {
        let units = n.notice.lines.reduce(0) { $0 + $1.quantity }
        var lines = ["Receive \(n.notice.ref) as announced against \(n.notice.purchaseOrder): \(OrderWords.units(units)) on "
                     + "\(InboundWords.count(n.notice.lines.count, "line")), all good:"]
        lines += n.notice.lines.map { "\($0.sku) \($0.quantity)" } + ["SKUs inspected on receipt go to quarantine, the rest to sellable."]
        lines += InboundWords.dismissing(plan).map { [$0] } ?? []
        state.mode = .confirm(confirmDialog(title: "Receive a shipping notice", lines, confirm: "Receive", cancel: "Not yet"),
                              .inbound(.receiveNotice(ref: n.notice.ref)))
        return []
    }

    /// The receipt passed Operations' checks: the confirmation says where every line goes.
    static func confirmReceipt(_ request: ReceiptRequest, _ plan: ReceiptPlan, _ state: inout ConsoleState) -> [ConsoleEffect] {
        guard case .normal = state.mode else { return [] }
        state.mode = .confirm(confirmDialog(title: "Receive goods", InboundWords.receiptPlan(plan), confirm: "Receive", cancel: "Not yet"),
                              .inbound(.receive(request)))
        return []
    }

    static func receiptDone(_ outcome: ReceiptOutcome, _ state: inout ConsoleState) -> [ConsoleEffect] {
        let order = state.inbound.order?.detail ?? state.inbound.receiving?.detail
        if let detail = order, detail.record.order.code == outcome.purchaseOrder {
            var r = state.inbound.receiving?.code == outcome.purchaseOrder ? state.inbound.receiving! : ReceivingState(detail: detail)
            r.outcome = outcome
            let rows = InboundPane.outcomeRows(outcome)
            r.outcomeTable.replaceWindow(start: 0, rows: rows, total: rows.count)
            state.inbound.receiving = r
            state.inbound.showsReceiving = true
        }
        flash(&state, InboundWords.received(outcome))
        return inboundChanged(&state)
    }

    private static func performOnReceipt(_ action: ConsoleAction, _ state: inout ConsoleState) -> [ConsoleEffect] {
        guard let r = state.inbound.receiving, let outcome = r.outcome else { return [] }
        let line = r.outcomeTable.selectedRow.map { outcome.lines[$0.id] }
        switch action {
        case .allocate:
            guard let line else { return [] }
            // Quarantined units serve orders once released, so only damaged ones are refused here.
            guard line.status != .damaged else {
                flash(&state, "These \(line.sku) units went to damaged: no order can use them.", kind: .error)
                return []
            }
            return [.run(.reallocateBackorders(sku: line.sku))]
        case .releaseQuarantine:
            guard let line else { return [] }
            guard line.status == .quarantine else {
                flash(&state, "\(line.sku) went to \(line.status.rawValue), not quarantine: nothing to release.", kind: .error)
                return []
            }
            return openQuarantineRelease(sku: line.sku, location: outcome.location, quantity: line.quantity,
                                         reason: "inspected after receipt \(outcome.receipt) on \(outcome.purchaseOrder)", &state)
        default:
            moveTable(&state.inbound.receiving!.outcomeTable, action, state.viewportHeight)
            return []
        }
    }

    // MARK: Going back and reloading

    static func inboundBack(_ state: inout ConsoleState) -> [ConsoleEffect]? {
        if state.inbound.showsReceiving {
            state.inbound.showsReceiving = false
            if state.inbound.receiving?.outcome != nil { state.inbound.receiving = nil }
            return refreshVisibleInbound(&state)
        }
        if state.inbound.order != nil {
            state.inbound.order = nil
            return refreshVisibleInbound(&state)
        }
        if state.inbound.list != nil {
            state.inbound.list = nil
            return refreshVisibleInbound(&state)
        }
        return nil
    }

    /// The database changed: what shows reloads now, the rest when it shows again.
    static func inboundChanged(_ state: inout ConsoleState) -> [ConsoleEffect] {
        state.inbound.stale = true
        state.inbound.list?.stale = true
        state.inbound.order?.stale = true
        return state.pane == .inbound ? refreshVisibleInbound(&state) : []
    }

    static func refreshVisibleInbound(_ state: inout ConsoleState) -> [ConsoleEffect] {
        if state.inbound.showsReceiving { return [] }
        if let order = state.inbound.order {
            guard order.stale || order.detail == nil else { return [] }
            state.inbound.order?.stale = false
            return [.inbound(.loadOrder(code: order.code, receive: false))]
        }
        if let list = state.inbound.list {
            guard list.stale else { return [] }
            state.inbound.list?.stale = false
            return [.inbound(.loadList(list.queue, limit: list.reach.limit))]
        }
        guard state.inbound.stale else { return [] }
        state.inbound.stale = false
        return [.inbound(.loadQueues)]
    }
}
