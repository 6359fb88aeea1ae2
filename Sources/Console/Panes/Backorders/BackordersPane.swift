import Domain
import Store
import TerminalKit

/// Drawing of the backorders pane: backordered lines grouped by SKU, and one SKU's lines.
enum BackordersPane {
    static let groupColumns = [
        TableColumn(title: "SKU", width: 9),
        TableColumn(title: "Name", width: 10, flexible: true, maxWidth: 40),
        TableColumn(title: "Short", width: 6, alignment: .right),
        TableColumn(title: "Lines", width: 5, alignment: .right),
        TableColumn(title: "Oldest", width: 7, alignment: .right),
        TableColumn(title: "Recovery", width: 10),
        TableColumn(title: "Inbound", width: 7, alignment: .right),
        TableColumn(title: "Next inbound", width: 31),
    ]

    static func cells(_ g: BackorderGroup, now: String) -> [String] {
        [g.sku, g.skuName, String(g.quantity), String(g.lines), Age.text(since: g.oldestSince, now: now),
         g.expectedRecovery ?? "none", String(g.inboundOpen), cover(g)]
    }

    /// The inbound that covers the waiting orders, or why none does: "PO-9 @WH-DE cannot
    /// serve UK-M" (inbound elsewhere is never shown as cover).
    static func cover(_ g: BackorderGroup) -> String {
        if let next = g.nextInbound { return inbound(next) }
        if let elsewhere = g.inboundElsewhere {
            return "\(elsewhere.document) @\(elsewhere.locationCode) cannot serve \(g.regions.joined(separator: ", "))"
        }
        return "none"
    }

    /// "2026-12-12 PO-1023 24 @WH-UK-N": the date first, so a narrow column keeps it.
    static func inbound(_ i: InboundRow) -> String {
        "\(i.expectedDate) \(i.document) \(i.quantityOpen) @\(i.locationCode)"
    }

    static let lineColumns = [
        TableColumn(title: "Order", width: 7, alignment: .right),
        TableColumn(title: "Ref", width: 12, flexible: true),
        TableColumn(title: "Line", width: 4, alignment: .right),
        TableColumn(title: "Short", width: 6, alignment: .right),
        TableColumn(title: "Waiting", width: 8, alignment: .right),
        TableColumn(title: "Expected", width: 10),
    ]

    static func cells(_ l: BackorderLine, now: String) -> [String] {
        [String(l.orderID), l.externalRef, String(l.lineNo), String(l.quantity), Age.text(since: l.since, now: now),
         l.expectedDate ?? "none"]
    }

    static func headerLine(_ state: ConsoleState) -> String {
        let b = state.backorders
        if let lines = b.lines {
            let g = lines.group
            let read = lines.rows.count >= lines.reach.limit ? " (\(QueueReach.words(read: lines.rows.count, total: nil)))" : ""
            let count = !lines.loaded ? "loading…" : lines.filter.isEmpty ? "\(lines.table.rowCount) lines" + read
                : "\(lines.table.rowCount) of \(lines.rows.count) lines matching “\(lines.filter)”" + read
            return "\(g.sku) \(g.skuName) · \(count) · next inbound \(cover(g))"
        }
        guard b.loaded else { return "Backorders: loading…" }
        let units = OrderWords.units(b.groupRows.reduce(0) { $0 + $1.quantity })
        let shown = b.groupRows.count >= b.reach.limit
            ? "the \(b.groupRows.count.grouped) largest read, \(units) short among them; ↓ at the end reads on" : "\(b.groupRows.count) SKUs, \(units) short"
        let sort = b.sort.label(groupColumns.map(\.title))
        if !sort.isEmpty { return "Backordered SKUs, \(sort) · \(b.groups.rowCount) of \(b.groupRows.count)" + (b.filter.isEmpty ? "" : " matching “\(b.filter)”") }
        if !b.filter.isEmpty {
            return "Backordered SKUs matching “\(b.filter)”: \(b.groups.rowCount) of \(b.groupRows.count) · \(shown)"
        }
        return "Backordered lines by SKU, largest shortfall first · \(shown)"
    }

    static func draw(_ state: ConsoleState, in rect: Rect, buffer: inout Buffer) {
        if let lines = state.backorders.lines {
            TableView.draw(state: lines.table, columns: lineColumns, in: rect, buffer: &buffer, focused: true)
        } else {
            TableView.draw(state: state.backorders.groups, columns: groupColumns, in: rect, buffer: &buffer, focused: true)
        }
    }
}
