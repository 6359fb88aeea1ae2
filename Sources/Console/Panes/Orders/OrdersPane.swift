import Foundation
import Domain
import Store
import TerminalKit

/// Drawing of the orders pane: the queues, a queue's orders (marked ones starred), one order.
enum OrdersPane {
    // MARK: Queues

    static let queueColumns = [
        TableColumn(title: "Queue", width: 20),
        TableColumn(title: "Kind", width: 6),
        TableColumn(title: "Orders", width: 8, alignment: .right),
        TableColumn(title: "Oldest", width: 8, alignment: .right),
        TableColumn(title: "  Owner", width: 17, flexible: true),
    ]

    /// Every state (captured … cancelled) and every hold reason, empty ones too, so the
    /// rows stay put as counts change.
    static func queueRows(_ snapshot: OrderQueuesSnapshot) -> [(id: OrderQueue, cells: [String])] {
        let states = Dictionary(snapshot.states.compactMap { q in q.state.map { ($0, q) } }, uniquingKeysWith: { a, _ in a })
        let holds = Dictionary(snapshot.holds.compactMap { q in q.hold.map { ($0, q) } }, uniquingKeysWith: { a, _ in a })
        let byState = OrderState.allCases.map { state -> (id: OrderQueue, cells: [String]) in
            let q = states[state]
            return (.state(state), [OrderWords.words(state.rawValue), "state", String(q?.count ?? 0), Age.text(since: q?.oldest, now: snapshot.at), ""])
        }
        let byHold = HoldReason.allCases.map { reason -> (id: OrderQueue, cells: [String]) in
            let q = holds[reason]
            return (.hold(reason), [reason.title, "hold", String(q?.count ?? 0), Age.text(since: q?.oldest, now: snapshot.at),
                                    "  " + reason.owner.words])
        }
        return byState + byHold
    }

    static func queuesSummary(_ snapshot: OrderQueuesSnapshot) -> String {
        let orders = snapshot.states.reduce(0) { $0 + $1.count }
        let holds = snapshot.holds.reduce(0) { $0 + $1.count }
        return "\(orders) sales orders · \(holds) open holds"
    }

    static func title(_ queue: OrderQueue) -> String {
        switch queue {
        case .state(let state): OrderWords.words(state.rawValue)
        case .hold(let reason): "\(reason.title) hold (owner \(reason.owner.words))"
        }
    }

    // MARK: A queue's orders

    /// A queue's orders share its state; find matches do not, so they show it in place of
    /// the region and the time in the queue. Narrow screens hide the least needed columns
    /// first (priorities: the hold, the value and who it is for stay longest).
    static func listColumns(showingState: Bool) -> [TableColumn] {
        [TableColumn(title: "", width: 1, priority: 100),              // the mark
         TableColumn(title: "Order", width: 7, alignment: .right, priority: 100),
         TableColumn(title: "Channel", width: 8, flexible: true, maxWidth: 13, priority: 40),
         TableColumn(title: "Ref", width: 10, flexible: true, maxWidth: 16, priority: 50),
         TableColumn(title: "Customer", width: 9, flexible: true, maxWidth: 14, priority: 70)]
        + (showingState ? [TableColumn(title: "State", width: 19, priority: 90)] : [TableColumn(title: "Region", width: 6, priority: 20)])
        + [TableColumn(title: "Promise", width: 10, priority: 45),
           TableColumn(title: "Slip", width: 8, alignment: .right, priority: 65),
           TableColumn(title: "Placed", width: 7, alignment: .right, priority: 55)]
        + (showingState ? [] : [TableColumn(title: "In queue", width: 8, alignment: .right, priority: 60)])
        + [TableColumn(title: "Hold", width: 10, priority: 95),
           TableColumn(title: "Lines", width: 5, alignment: .right, priority: 10),
           TableColumn(title: "Value", width: 10, alignment: .right, priority: 80)]
    }

    /// A listing row: the promise date and how far past it the order is ("Slip"), how long
    /// ago it was placed, and how long it has been in the queue (`key.since`).
    static func row(_ s: OrderSummary, key: OrderQueueKey, now: String, showingState: Bool = false) -> (id: OrderRowID, cells: [String]) {
        let hold = s.holdReason.map { $0.rawValue + (s.openHolds > 1 ? "+\(s.openHolds - 1)" : "") } ?? ""
        return (OrderRowID(key: key, order: s.id),
                ["", String(s.id), s.channel, s.externalRef, s.customer.isEmpty ? "(guest)" : s.customer]
                + (showingState ? [OrderWords.words(s.state.rawValue)] : [s.region]) + [s.promiseDate, slip(promise: s.promiseDate, state: s.state, now: now),
                   Age.text(since: s.orderedAt, now: now)]
                + (showingState ? [] : [Age.text(since: key.since, now: now)])
                + [hold, String(s.lines), Money.format(s.value)])
    }

    /// Slippage against the promise date, for orders still to ship: "3d late", "due today";
    /// nothing when on time or done.
    static func slip(promise: String, state: OrderState, now: String) -> String {
        guard OrderDate.isDate(promise), now.count >= 10,
              ![.shipped, .invoiced, .closed, .cancelled].contains(state) else { return "" }
        let late = OrderDate.days(from: promise, to: String(now.prefix(10)))
        return late > 0 ? "\(late)d late" : late == 0 ? "due today" : ""
    }

    /// The line under the title: where you are and what is there.
    static func headerLine(_ state: ConsoleState) -> String {
        let orders = state.orders
        if let detail = orders.detail {
            let h = detail.data?.record.header
            return "Order \(detail.id)" + (h.map { " · \($0.channel) \($0.externalRef) · \(OrderWords.words($0.state.rawValue))" } ?? "")
        }
        let marked = (orders.list.filter.isEmpty ? "" : " · matching “\(orders.list.filter)”")
            + (orders.list.marked.isEmpty ? "" : " · \(orders.list.marked.count) marked")
        switch orders.list.source {
        case .queue(let queue)?:
            let order = orders.list.sort.descending ? "newest first" : { if case .hold = queue { "longest on hold first" } else { "longest in state first" } }()
            return "Queue: \(title(queue)) · \(orders.list.rows.countText("orders", singular: "order")) · \(order)\(marked)"
        case .matches(let text)?:
            let found = orders.list.filter.isEmpty ? "\(orders.list.rows.table.rowCount) found"
                : "\(orders.list.rows.table.rowCount) of \(orders.list.matchRows.count) found"
            let sort = orders.list.sort.label(listColumns(showingState: true).map(\.title))
            return "Orders matching “\(text)” · \(found)\(sort.isEmpty ? "" : " · " + sort)\(marked)"
        case nil:
            return orders.queuesLoaded ? "Order queues: \(orders.queuesSummary)" : "Order queues: counting…"
        }
    }

    static func draw(_ state: ConsoleState, in rect: Rect, buffer: inout Buffer) {
        let orders = state.orders
        if let detail = orders.detail {
            drawLines(detailLines(detail, width: rect.width - 1), scroll: detail.scroll, in: rect, buffer: &buffer)
        } else if orders.list.source != nil {
            let table = orders.list.rows.table
            TableView.draw(state: table, columns: listColumns(showingState: orders.list.showsMatches), in: rect, buffer: &buffer, focused: true)
            drawMarks(table, marked: orders.list.marked, in: rect, buffer: &buffer)
        } else {
            TableView.draw(state: orders.queues, columns: queueColumns, in: rect, buffer: &buffer, focused: true)
        }
    }

    /// A star in the first column of every marked row on screen.
    static func drawMarks(_ table: TableState<OrderRowID>, marked: Set<Int64>, in rect: Rect, buffer: inout Buffer) {
        guard !marked.isEmpty else { return }
        drawMarks(table, isMarked: { marked.contains($0.order) }, in: rect, buffer: &buffer)
    }

    /// A star in the first column of each marked row on screen (any list that marks rows).
    static func drawMarks<ID>(_ table: TableState<ID>, isMarked: (ID) -> Bool, in rect: Rect, buffer: inout Buffer) {
        let height = TableView.viewportHeight(for: rect)
        guard height > 0, rect.width > 0 else { return }
        let top = table.effectiveScrollTop(viewportHeight: height)
        for line in 0..<height {
            let index = top + line
            guard let row = table.row(at: index), isMarked(row.id) else { continue }
            let style = index == table.selectedIndex ? Style(.selection, bold: true, reverse: true) : Style(.accent, bold: true)
            buffer.put("*", x: rect.x, y: rect.y + 1 + line, style: style, maxWidth: 1)
        }
    }

    // MARK: One order

    /// The detail as lines of text `width` cells wide at most (longer ones wrap, indented),
    /// scrolled by `detail.scroll`.
    static func detailLines(_ detail: OrderDetailState, width: Int) -> [(String, Style)] {
        guard let d = detail.data else { return [("Loading order \(detail.id)…", Style(.muted))] }
        let r = d.record, h = r.header
        let heading = Style(.header, bold: true), text = Style(.text), muted = Style(.muted)
        var lines: [(String, Style)] = []
        var tableRows: Set<Int> = []   // the lines table is clipped, not wrapped
        let holds = r.openHolds.map(\.reason.title)
        lines.append(("Order \(h.id)  \(h.channel) \(h.externalRef)  \(OrderWords.words(h.state.rawValue))"
                      + (holds.isEmpty ? "" : "  ON HOLD: " + holds.joined(separator: ", ")), Style(.title, bold: true)))
        let a = h.shipTo
        let address = [a.name, a.line1, [a.city, a.postcode].filter { !$0.isEmpty }.joined(separator: " "), a.country]
            .filter { !$0.isEmpty }.joined(separator: ", ")
        lines.append(("Customer \(h.customer.isEmpty ? "(guest)" : h.customer) · ship to \(address) [\(a.region.isEmpty ? "no region" : a.region)]", text))
        let slip = slip(promise: h.promiseDate, state: h.state, now: d.at)
        lines.append(("Ordered \(h.orderedAt) · \(h.serviceLevel.rawValue) · promised \(h.promiseDate.isEmpty ? "-" : h.promiseDate)"
                      + (slip.isEmpty ? "" : " (\(slip))")
                      + " · payment \(h.paymentStatus.rawValue) · fraud score \(h.fraudScore)", text))
        let value = r.lines.reduce(Int64(0)) { $0 + Int64($1.quantity) * $1.unitPrice - $1.discount + ($1.tax ?? 0) }
            + r.charges.reduce(0) { $0 + $1.amount } + h.freight
        lines.append(("Placed \(Age.text(since: h.orderedAt, now: d.at)) ago · \(OrderWords.words(h.state.rawValue)) for \(Age.text(since: h.stateSince, now: d.at)) · value \(Money.format(value)) \(h.currency)"
                      + " incl. freight \(Money.format(h.freight))", muted))

        lines.append(("", .plain))
        lines.append(("Lines", heading))
        lines.append(("  " + columns([("Line", 4, true), ("SKU", 9, false), ("Description", 22, false), ("Qty", 5, true),
                                      ("Alloc", 6, true), ("Back", 6, true), ("Canc", 6, true), ("Ship", 6, true),
                                      ("Expected", 10, false)]), muted))
        tableRows.insert(lines.count - 1)
        for l in r.lines {
            lines.append(("  " + columns([(String(l.lineNo), 4, true), (l.sku, 9, false), (l.description, 22, false),
                                          (String(l.quantity), 5, true), (String(l.allocated), 6, true),
                                          (String(l.backordered), 6, true), (String(l.cancelled), 6, true),
                                          (String(l.shipped), 6, true), (l.expectedDate ?? (l.backordered > 0 ? "none" : "-"), 10, false)]), text))
            tableRows.insert(lines.count - 1)
        }
        if !r.charges.isEmpty {
            lines.append(("  Charges: " + r.charges.map { "\($0.code) \(Money.format($0.amount))" }.joined(separator: ", "), text))
        }

        lines.append(("", .plain))
        lines.append(("Allocations", heading))
        if r.allocations.isEmpty { lines.append(("  none", muted)) }
        for a in r.allocations {
            lines.append(("  line \(a.lineNo): \(a.quantity) \(a.sku) at \(a.location) (\(a.status))", a.status == "live" ? text : muted))
        }
        for s in r.shipments {
            lines.append(("  shipment \(s.id) from \(s.location) by \(s.carrier) \(s.tracking) at \(time(s.shippedAt))", text))
        }

        if let m = d.money {
            let f = { (n: Int64) in Money.format(n) }
            lines.append(("", .plain))
            lines.append(("Money (\(r.header.currency)), of what has shipped", heading))
            if r.lines.allSatisfy({ $0.shipped == 0 }) {
                lines.append(("  nothing has shipped yet", muted))
            } else {
                lines.append(("  goods \(f(m.billed.goods)) · charges \(f(m.billed.charges)) · freight \(f(m.billed.freight)) · tax \(f(m.billed.tax))"
                              + (m.refunded == 0 ? "" : " · refunded \(f(m.refunded))"), text))
                lines.append(("  cost of goods \(f(m.costOfGoods)) · freight cost \(f(m.freightCost)) · margin after freight \(f(m.margin))", text))
            }
        }

        lines.append(("", .plain))
        lines.append(("Holds", heading))
        if r.holds.isEmpty { lines.append(("  none", muted)) }
        for hold in r.holds {
            let note = hold.note.isEmpty ? "" : ": \(hold.note)"
            let status = hold.releasedAt.map { "released \(time($0)) by \(hold.releasedBy ?? "?")" } ?? "OPEN"
            lines.append(("  \(hold.reason.title) (owner \(hold.owner.words))\(note) · placed \(time(hold.placedAt)) by \(hold.placedBy) · \(status)",
                          hold.isOpen ? Style(.warning, bold: true) : muted))
        }

        lines.append(("", .plain))
        lines.append(("Why", heading))
        for line in d.explanation { lines.append(("  " + line, text)) }

        lines.append(("", .plain))
        lines.append(("History", heading))
        if d.history.isEmpty { lines.append(("  none", muted)) }
        for e in d.history.reversed() {
            lines.append(("  \(time(e.at))  \(e.actor) (\(e.role))  \(e.command)  \(e.reason)", text))
        }
        return lines.enumerated().flatMap { i, line in
            let text = Sanitize.forDisplay(line.0)
            return (tableRows.contains(i) ? [text] : wrap(text, to: width)).map { ($0, line.1) }
        }
    }

    /// Wraps a line at spaces, keeping its indent; continuation lines are indented four more.
    /// A timestamp's date and time stay on one line.
    static func wrap(_ text: String, to width: Int) -> [String] {
        guard width > 12, DisplayWidth.of(text) > width else { return [text] }
        let indent = text.prefix { $0 == " " }.count
        // The wrapper breaks only at plain spaces: a no-break space (as wide) holds a date to
        // its time while wrapping, and turns back into a plain space afterwards.
        let body = String(text.dropFirst(indent))
            .replacingOccurrences(of: #"(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2})"#, with: "$1\u{00A0}$2", options: .regularExpression)
        func plain(_ line: String) -> String { line.replacingOccurrences(of: "\u{00A0}", with: " ") }
        let first = DisplayWidth.wrap(body, to: width - indent)
        guard let head = first.first, first.count > 1 else { return [text] }
        let more = String(repeating: " ", count: indent + 4)
        let rest = DisplayWidth.wrap(first.dropFirst().joined(separator: " "), to: width - more.count)
        return [String(repeating: " ", count: indent) + plain(head)] + rest.map { more + plain($0) }
    }

    /// Cells laid out in fixed widths: (text, width, right-aligned).
    static func columns(_ cells: [(String, Int, Bool)]) -> String {
        cells.map { text, width, right in
            let fitted = DisplayWidth.truncate(Sanitize.forDisplay(text), to: width)
            return right ? DisplayWidth.padLeft(fitted, to: width) : DisplayWidth.pad(fitted, to: width)
        }.joined(separator: " ")
    }

    /// "2026-11-28T09:58:54Z" -> "2026-11-28 09:58".
    static func time(_ timestamp: String) -> String {
        String(timestamp.prefix(16)).replacingOccurrences(of: "T", with: " ")
    }

    /// Lines scrolled so the last one stays at the bottom at most; clipped to `rect`.
    static func drawLines(_ lines: [(String, Style)], scroll: Int, in rect: Rect, buffer: inout Buffer) {
        let top = min(scroll, max(0, lines.count - rect.height))
        for row in 0..<rect.height {
            buffer.fill(rect.row(row), style: .plain)
            let i = top + row
            guard i < lines.count else { continue }
            buffer.put(lines[i].0, x: rect.x + 1, y: rect.y + row, style: lines[i].1, maxWidth: rect.width - 1)
        }
    }
}
