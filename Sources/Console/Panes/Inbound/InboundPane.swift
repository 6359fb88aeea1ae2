import Domain
import Store
import Operations
import TerminalKit

/// Drawing of the inbound pane: the queues, a queue's purchase orders, notices or transfers,
/// one purchase order, and a receipt being entered or just saved.
enum InboundPane {
    // MARK: Queues

    static let queueColumns = [
        TableColumn(title: "Queue", width: 24),
        TableColumn(title: "Of", width: 9),
        TableColumn(title: "Count", width: 7, alignment: .right),
        TableColumn(title: "Oldest", width: 8, alignment: .right),
        TableColumn(title: "  Who works it", width: 14, flexible: true),
    ]

    static func title(_ queue: InboundQueue) -> String {
        switch queue {
        case .latePurchaseOrders: "Late purchase orders"
        case .noticeExceptions: "Notice exceptions"
        case .dropShips: "Drop-ship to customers"
        case .lateNotices: "Late shipping notices"
        case .purchaseOrders(let state):
            switch state {
            case .draft: "Draft (to approve)"
            case .approved: "Approved (to send)"
            case .sent: "Sent (expected)"
            case .partiallyReceived: "Partially received"
            case .received: "Received (to close)"
            case .closed: "Closed"
            case .cancelled: "Cancelled"
            }
        case .transfers(let state):
            switch state {
            case .shipped: "Transfers in transit"
            case .created: "Transfers to ship"
            case .received: "Transfers received"
            case .cancelled: "Transfers cancelled"
            }
        }
    }

    static func owner(_ queue: InboundQueue) -> String {
        switch queue {
        case .latePurchaseOrders, .lateNotices, .purchaseOrders(.draft), .purchaseOrders(.approved), .dropShips: "planner"
        case .noticeExceptions, .purchaseOrders(.sent), .purchaseOrders(.partiallyReceived), .transfers: "receiving"
        case .purchaseOrders: ""
        }
    }

    static func count(_ queue: InboundQueue, _ counts: InboundQueueCounts) -> InboundQueueCounts.Count {
        switch queue {
        case .latePurchaseOrders: counts.latePurchaseOrders
        case .dropShips: counts.dropShips
        case .noticeExceptions: counts.noticeExceptions
        case .lateNotices: counts.lateNotices
        case .purchaseOrders(let state): counts.purchaseOrders[state] ?? .init(count: 0, oldest: nil)
        case .transfers(let state): counts.transfers[state] ?? .init(count: 0, oldest: nil)
        }
    }

    static func queueRows(_ counts: InboundQueueCounts, at: String) -> [(id: InboundQueue, cells: [String])] {
        InboundQueue.all.map { queue in
            let c = count(queue, counts)
            let of = switch queue.kind { case .purchaseOrders: "orders"; case .notices: "notices"; case .transfers: "transfers" }
            return (queue, [title(queue), of, String(c.count), c.count > 0 ? Age.text(since: c.oldest, now: at) : "-", "  " + owner(queue)])
        }
    }

    // MARK: A queue's rows

    static let orderColumns = [
        TableColumn(title: "PO", width: 9, priority: 100),
        TableColumn(title: "Supplier", width: 8, flexible: true, maxWidth: 14, priority: 80),
        TableColumn(title: "To", width: 7, flexible: true, maxWidth: 10, priority: 60),
        TableColumn(title: "State", width: 9, priority: 50),
        TableColumn(title: "Lines", width: 5, alignment: .right, priority: 20),
        TableColumn(title: "Open", width: 7, alignment: .right, priority: 90),
        TableColumn(title: "Value", width: 13, alignment: .right, priority: 40),
        TableColumn(title: "Next due", width: 10, priority: 85),
        TableColumn(title: "Late", width: 5, alignment: .right, priority: 95),
        TableColumn(title: "In state", width: 8, alignment: .right, priority: 30),
    ]

    static func cells(_ r: PurchaseOrderRecord, at: String) -> [String] {
        let o = r.order, today = String(at.prefix(10))
        let late = o.lateLines(today: today).map(\.expectedDate).min().map { OrderDate.days(from: $0, to: today) }
        return [o.code, o.supplier, o.location, OrderWords.words(o.state.rawValue), String(o.lines.count), String(o.open),
                "\(Money.format(o.value.minorUnits)) \(o.currency)", o.lines.filter { $0.open > 0 }.map(\.expectedDate).min() ?? "-",
                late.map { "\($0)d" } ?? "", Age.text(since: r.stateSince, now: at)]
    }

    static let noticeColumns = [
        TableColumn(title: "Notice", width: 10, flexible: true, maxWidth: 16, priority: 100),
        TableColumn(title: "PO", width: 9, priority: 90),
        TableColumn(title: "Arrives", width: 10, priority: 80),
        TableColumn(title: "Late", width: 5, alignment: .right, priority: 85),
        TableColumn(title: "Lines", width: 5, alignment: .right, priority: 30),
        TableColumn(title: "Units", width: 6, alignment: .right, priority: 40),
        TableColumn(title: "State", width: 8, priority: 20),
        TableColumn(title: "Exceptions", width: 12, flexible: true, priority: 95),
    ]

    static func cells(_ n: ShippingNoticeRecord, at: String) -> [String] {
        let today = String(at.prefix(10))
        let late = n.state == "open" ? OrderDate.days(from: n.notice.expectedArrival, to: today) : 0
        let problems = n.exceptions.isEmpty ? "none"
            : "\(n.exceptions.count): " + n.exceptions.map(\.problem).joined(separator: "; ")
        return [n.notice.ref, n.notice.purchaseOrder, n.notice.expectedArrival, late > 0 ? "\(late)d" : "",
                String(n.notice.lines.count), String(n.notice.lines.reduce(0) { $0 + $1.quantity }), n.state, problems]
    }

    static let transferColumns = [
        TableColumn(title: "Transfer", width: 10, priority: 100),
        TableColumn(title: "From", width: 8, flexible: true, maxWidth: 12, priority: 80),
        TableColumn(title: "To", width: 8, flexible: true, maxWidth: 12, priority: 90),
        TableColumn(title: "Lines", width: 5, alignment: .right, priority: 30),
        TableColumn(title: "Units", width: 6, alignment: .right, priority: 60),
        TableColumn(title: "Expected", width: 10, priority: 70),
        TableColumn(title: "In state", width: 8, alignment: .right, priority: 40),
    ]

    static func cells(_ t: TransferRecord, at: String) -> [String] {
        [t.transfer.code, t.transfer.from, t.transfer.to, String(t.transfer.lines.count),
         String(t.transfer.lines.reduce(0) { $0 + $1.quantity }), t.transfer.expectedDate ?? "-", Age.text(since: t.stateSince, now: at)]
    }

    static func listColumns(_ kind: InboundListKind) -> [TableColumn] {
        switch kind {
        case .purchaseOrders: orderColumns
        case .notices: noticeColumns
        case .transfers: transferColumns
        }
    }

    static func listRows(_ rows: InboundListRows, at: String) -> [TableState<String>.Row] {
        switch rows {
        case .purchaseOrders(let rows): rows.map { (id: $0.order.code, cells: cells($0, at: at)) }
        case .notices(let rows): rows.map { (id: $0.notice.ref, cells: cells($0, at: at)) }
        case .transfers(let rows): rows.map { (id: $0.transfer.code, cells: cells($0, at: at)) }
        }
    }

    // MARK: A purchase order

    static func orderLines(_ d: PurchaseOrderDetail, width: Int) -> [(String, Style)] {
        let o = d.record.order
        let text = Style(.text), muted = Style(.muted), heading = Style(.header, bold: true), warn = Style(.warning, bold: true)
        var lines: [(String, Style)] = [], tableRows: Set<Int> = []
        let late = o.lateLines(today: d.today)
        let lateText = late.map(\.expectedDate).min().map { "  LATE: \(late.count) line\(late.count == 1 ? "" : "s"), \(OrderDate.days(from: $0, to: d.today))d" } ?? ""
        lines.append(("\(o.code)  \(OrderWords.words(o.state.rawValue))  \(o.supplier) → \(o.location)  value \(Money.format(o.value.minorUnits)) \(o.currency)"
                      + "  open \(OrderWords.units(o.open))" + lateText, Style(.title, bold: true)))
        lines.append(("Created \(OrdersPane.time(d.record.createdAt)) by \(d.record.createdBy) · \(OrderWords.words(o.state.rawValue)) since \(OrdersPane.time(d.record.stateSince))"
                      + (o.state == .sent ? "" : d.record.sentAt.map { " · sent \(OrdersPane.time($0))" } ?? ""), muted))
        lines.append(("Receiving tolerance \(d.tolerance.overPercent)% over, \(d.tolerance.underPercent)% under"
                      + (d.inspected.isEmpty ? "" : " · inspected on receipt (to quarantine): " + o.lines.map(\.sku).filter(d.inspected.contains).joined(separator: ", ")), muted))
        if !o.note.isEmpty { lines.append(("Note: \(o.note)", text)) }

        lines.append(("", .plain))
        lines.append(("Lines", heading))
        lines.append(("  " + OrdersPane.columns([("Line", 4, true), ("SKU", 10, false), ("Ordered", 7, true), ("Received", 8, true),
                                                 ("Open", 6, true), ("Unit cost", 10, true), ("Expected", 10, false), ("", 8, false)]), muted))
        tableRows.insert(lines.count - 1)
        let lateSKUs = Set(late.map(\.sku))
        for (i, l) in o.lines.enumerated() {
            let flag = lateSKUs.contains(l.sku) ? "late \(OrderDate.days(from: l.expectedDate, to: d.today))d" : ""
            lines.append(("  " + OrdersPane.columns([(String(i + 1), 4, true), (l.sku, 10, false), (String(l.quantity), 7, true),
                                                     (String(l.received), 8, true), (String(l.open), 6, true),
                                                     (Money.format(l.unitCost.minorUnits), 10, true), (l.expectedDate, 10, false), (flag, 8, false)]),
                          flag.isEmpty ? text : warn))
            tableRows.insert(lines.count - 1)
        }

        lines.append(("", .plain))
        lines.append(("Receipts", heading))
        if d.receipts.isEmpty { lines.append(("  none yet", muted)) }
        for r in d.receipts {
            let what = r.lines.map { "\($0.sku) \($0.quantity)\($0.condition == "damaged" ? " damaged" : "") → \($0.status)" }.joined(separator: ", ")
            lines.append(("  #\(r.id) arrived \(r.arrivedOn), by \(r.receivedBy): \(what)" + (r.note.isEmpty ? "" : " (\(r.note))"), text))
        }

        lines.append(("", .plain))
        lines.append(("Shipping notices", heading))
        if d.notices.isEmpty { lines.append(("  none", muted)) }
        for n in d.notices {
            let units = n.notice.lines.reduce(0) { $0 + $1.quantity }
            let closed = n.closedBy.map { " by \($0) \(n.closedAt.map(OrdersPane.time) ?? ""): \(n.closeNote ?? "")" } ?? ""
            lines.append(("  \(n.notice.ref) arriving \(n.notice.expectedArrival) · \(n.state)\(closed) · \(OrderWords.units(units)) on "
                          + InboundWords.count(n.notice.lines.count, "line"), text))
            for e in n.exceptions { lines.append(("    exception: \(e.problem)", warn)) }
        }

        lines.append(("", .plain))
        lines.append(("Backorders waiting for its SKUs", heading))
        if d.waiting.isEmpty { lines.append(("  none", muted)) }
        for w in d.waiting {
            let shown = w.lines.prefix(5).map { "#\($0.orderID) \($0.quantity)" + ($0.expectedDate.map { " exp \($0)" } ?? "") }
            let more = w.lines.count > 5 || w.units > w.lines.reduce(0, { $0 + $1.quantity }) ? ", …" : ""
            lines.append(("  \(w.sku): \(OrderWords.units(w.units)) backordered · " + shown.joined(separator: ", ") + more, text))
        }

        lines.append(("", .plain))
        lines.append((d.history.count >= PurchaseOrderDetail.historyLimit
                      ? "History (the latest \(d.history.count); qm audit --entity po:\(o.code) has all)" : "History", heading))
        if d.history.isEmpty { lines.append(("  none", muted)) }
        for e in d.history.reversed() {
            lines.append(("  \(OrdersPane.time(e.at))  \(e.actor) (\(e.role))  \(e.command)  \(e.reason)", text))
        }
        return lines.enumerated().flatMap { i, line in
            let text = Sanitize.forDisplay(line.0)
            return (tableRows.contains(i) ? [text] : OrdersPane.wrap(text, to: width)).map { ($0, line.1) }
        }
    }

    // MARK: Receiving

    static let receivingColumns = [
        TableColumn(title: "SKU", width: 10, priority: 100),
        TableColumn(title: "Ordered", width: 7, alignment: .right, priority: 40),
        TableColumn(title: "Before", width: 6, alignment: .right, priority: 30),
        TableColumn(title: "Open", width: 6, alignment: .right, priority: 90),
        TableColumn(title: "Now good", width: 8, alignment: .right, priority: 100),
        TableColumn(title: "Damaged", width: 7, alignment: .right, priority: 95),
        TableColumn(title: "Good goes to", width: 12, priority: 85),
        TableColumn(title: "Waiting", width: 7, alignment: .right, priority: 50),
    ]

    static func receivingRows(_ r: ReceivingState) -> [TableState<String>.Row] {
        let waiting = Dictionary(r.detail.waiting.map { ($0.sku, $0.units) }, uniquingKeysWith: +)
        return r.detail.record.order.lines.map { l in
            let good = r.entered(l.sku, .good), damaged = r.entered(l.sku, .damaged)
            let goes = r.detail.destination(ReceivedLine(sku: l.sku, quantity: 1)).rawValue
            return (id: l.sku, cells: [l.sku, String(l.quantity), String(l.received), String(l.open),
                                            good > 0 ? String(good) : "", damaged > 0 ? String(damaged) : "", goes,
                                            waiting[l.sku].map(String.init) ?? ""])
        }
    }

    static let outcomeColumns = [
        TableColumn(title: "SKU", width: 10, priority: 100),
        TableColumn(title: "Units", width: 6, alignment: .right, priority: 100),
        TableColumn(title: "Condition", width: 9, priority: 60),
        TableColumn(title: "Went to", width: 10, priority: 95),
        TableColumn(title: "Backorders it can serve", width: 20, flexible: true, priority: 80),
    ]

    static func outcomeRows(_ o: ReceiptOutcome) -> [TableState<Int>.Row] {
        let waiting = Dictionary(o.waiting.map { ($0.sku, $0.backordered) }, uniquingKeysWith: +)
        return o.lines.enumerated().map { i, l in
            let serves = l.status == .sellable ? waiting[l.sku].map { "\(OrderWords.units($0)) backordered: a allocates" } ?? "none waiting"
                : l.status == .quarantine ? "after inspection: u releases" : "none (damaged)"
            return (id: i, cells: [l.sku, String(l.quantity), l.condition.rawValue, l.status.rawValue, serves])
        }
    }

    // MARK: Header and drawing

    static func headerLine(_ state: ConsoleState) -> String {
        let b = state.inbound
        if b.showsReceiving, let r = b.receiving {
            if let o = r.outcome {
                return "Receipt \(o.receipt) on \(o.purchaseOrder) at \(o.location) · \(OrderWords.words(o.stateBefore.rawValue)) → \(OrderWords.words(o.stateAfter.rawValue))"
            }
            let units = r.lines.reduce(0) { $0 + $1.quantity }
            return "Receiving \(r.code) at \(r.detail.record.order.location)" + (r.notice.map { " (counting notice \($0))" } ?? "") + " · "
                + (r.lines.isEmpty ? "nothing entered yet" : "\(OrderWords.units(units)) entered on \(InboundWords.count(Set(r.lines.map(\.sku)).count, "SKU"))")
        }
        if let order = b.order {
            return order.detail == nil ? "Purchase order \(order.code): loading…" : "Purchase order \(order.code)"
        }
        if let list = b.list {
            guard let rows = list.rows else { return "\(title(list.queue)): loading…" }
            let shown = list.total > rows.count ? QueueReach.words(read: rows.count, total: list.total) : "\(rows.count)"
            let filter = list.filter.isEmpty ? "" : " · \(list.table.rowCount) matching “\(list.filter)”"
            let sort = list.sort.label(listColumns(list.queue.kind).map(\.title))
            return "\(title(list.queue)) · \(shown)\(filter)\(sort.isEmpty ? "" : " · " + sort)"
        }
        guard let counts = b.counts else { return "Inbound: counting…" }
        let open = [PurchaseOrderState.approved, .sent, .partiallyReceived].reduce(0) { $0 + (counts.purchaseOrders[$1]?.count ?? 0) }
        return "Inbound: \(open) purchase orders open, \(counts.latePurchaseOrders.count) late · \(counts.noticeExceptions.count) notice exceptions"
            + " · \(counts.transfers[.shipped]?.count ?? 0) transfers in transit"
    }

    static func draw(_ state: ConsoleState, in rect: Rect, buffer: inout Buffer) {
        let b = state.inbound
        if b.showsReceiving, let r = b.receiving {
            if r.outcome != nil {
                TableView.draw(state: r.outcomeTable, columns: outcomeColumns, in: rect, buffer: &buffer, focused: true)
            } else {
                TableView.draw(state: r.table, columns: receivingColumns, in: rect, buffer: &buffer, focused: true)
            }
        } else if let order = b.order {
            OrdersPane.drawLines(order.detail.map { orderLines($0, width: rect.width - 1) } ?? [], scroll: order.scroll, in: rect, buffer: &buffer)
        } else if let list = b.list {
            TableView.draw(state: list.table, columns: listColumns(list.queue.kind), in: rect, buffer: &buffer, focused: true)
        } else {
            TableView.draw(state: b.queues, columns: queueColumns, in: rect, buffer: &buffer, focused: true)
        }
    }
}
