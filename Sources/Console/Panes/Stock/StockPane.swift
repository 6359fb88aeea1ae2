import Domain
import Store
import Operations
import TerminalKit

/// Drawing of the stock pane: the listing and the SKU drill-down.
enum StockPane {
    /// In `PositionOrder.Column`'s order: `o` sorts by them in turn.
    static let columns = [
        TableColumn(title: "SKU", width: 9),
        TableColumn(title: "Name", width: 6, flexible: true, maxWidth: 40),
        TableColumn(title: "Location", width: 9),
        TableColumn(title: "Sellable", width: 8, alignment: .right),
        TableColumn(title: "Reserved", width: 8, alignment: .right),
        TableColumn(title: "Quar", width: 5, alignment: .right),
        TableColumn(title: "Dmg", width: 4, alignment: .right),
        TableColumn(title: "RetPend", width: 7, alignment: .right),
        TableColumn(title: "Inbound", width: 7, alignment: .right),
    ]

    static func cells(_ row: PositionRow) -> [String] {
        let p = row.position
        return [row.skuCode, row.skuName, row.locationCode, String(p.sellable), String(p.reserved),
                String(p.quarantine), String(p.damaged), String(p.returnPending), String(row.inbound)]
    }

    static func filterLine(_ state: ConsoleState) -> String {
        let f = state.stock.filter
        let rows = state.stock.table.totalRows.map { "\($0) rows" } ?? state.stock.atLeast.map { "\($0)+ rows" } ?? "counting…"
        let order = f.order == PositionOrder() ? "" : "   sorted by \(columns[f.order.column.rawValue].title) \(f.order.descending ? "↓" : "↑")"
        return "Filter: \(f.text.isEmpty ? "-" : f.text)   Location: \(f.location ?? "all")   Status: \(f.status?.rawValue ?? "all")   \(rows)" + order
    }

    static func draw(_ state: ConsoleState, in rect: Rect, buffer: inout Buffer) {
        if let detail = state.stock.detail {
            drawDetail(detail, in: rect, buffer: &buffer)
        } else {
            TableView.draw(state: state.stock.table, columns: columns, in: rect, buffer: &buffer, focused: true)
        }
    }

    /// The drill-down as lines of text, scrolled by `detail.scroll`.
    static func detailLines(_ detail: DetailState) -> [(String, Style)] {
        guard let d = detail.data else { return [("Loading \(detail.sku)…", Style(.muted))] }
        let s = d.sku
        var lines: [(String, Style)] = [
            ("\(s.code)  \(s.name)\(s.isKit ? "  [kit]" : "")\(s.active ? "" : "  [inactive]")", Style(.title, bold: true)),
            ("Class \(s.velocity.rawValue) · \(s.unitOfMeasure) x\(s.packSize) · cost \(s.unitCost) · price \(s.listPrice) · supplier \(s.preferredSupplier ?? "-")", Style(.muted)),
            ("Available to promise, all locations: \(d.availability.total)", Style(.accent, bold: true)),
        ]
        if !d.components.isEmpty {
            lines.append(("Made of: " + d.components.map { "\($0.component) x\($0.quantity)" }.joined(separator: ", "), Style(.text)))
        }
        lines.append(("", .plain))
        lines.append((pad("Location", 10) + rightAligned(["Sellable", "Reserved", "Quar", "Dmg", "RetPend", "Inbound"]), Style(.header, bold: true)))
        if d.positions.isEmpty { lines.append(("  no stock anywhere", Style(.muted))) }
        for p in d.positions {
            let q = p.position
            lines.append((pad(p.locationCode, 10) + rightAligned([q.sellable, q.reserved, q.quarantine, q.damaged, q.returnPending, p.inbound].map(String.init)), Style(.text)))
        }
        if !d.inbound.isEmpty {
            lines.append(("", .plain))
            lines.append(("Open inbound", Style(.header, bold: true)))
            for i in d.inbound { lines.append(("  \(i.document)  \(i.quantityOpen) to \(i.locationCode), expected \(i.expectedDate)", Style(.text))) }
        }
        lines.append(("", .plain))
        lines.append(("Recent moves (order allocations are on the orders)", Style(.header, bold: true)))
        if d.moves.isEmpty { lines.append(("  none", Style(.muted))) }
        for m in d.moves {
            let path = "\(m.from?.rawValue ?? "·") → \(m.to?.rawValue ?? "·")"
            lines.append(("  \(m.at.prefix(16).replacingOccurrences(of: "T", with: " "))  \(pad(m.locationCode, 9)) \(pad(path, 26)) \(String(m.quantity).leftPadded(5))  \(m.reason)  \(m.actor)  \(m.note)", Style(.text)))
        }
        return lines
    }

    static func drawDetail(_ detail: DetailState, in rect: Rect, buffer: inout Buffer) {
        let lines = detailLines(detail)
        let top = min(detail.scroll, max(0, lines.count - rect.height))
        for row in 0..<rect.height {
            buffer.fill(rect.row(row), style: .plain)
            let i = top + row
            guard i < lines.count else { continue }
            buffer.put(lines[i].0, x: rect.x + 1, y: rect.y + row, style: lines[i].1, maxWidth: rect.width - 1)
        }
    }

    static func pad(_ s: String, _ width: Int) -> String { DisplayWidth.pad(s, to: width) }
    static func rightAligned(_ values: [String]) -> String { values.map { $0.leftPadded(9) }.joined() }
}

extension String {
    func leftPadded(_ width: Int) -> String {
        let w = DisplayWidth.of(self)
        return w >= width ? self : String(repeating: " ", count: width - w) + self
    }
}
