import Domain
import Store
import Operations
import TerminalKit

/// Drawing of the dashboard.
enum DashboardPane {
    /// Figure, now, target, status, the trend over the window (a sparkline, a day a cell), basis.
    static let figureColumns: [(title: String, width: Int, right: Bool)] = [
        ("Figure", 22, false), ("Now", 16, true), ("Target", 11, false), ("Status", 7, false), ("Trend", 30, false), ("Basis", 8, true),
    ]

    static let breakdownColumns = [
        TableColumn(title: "Group", width: 16, flexible: true, maxWidth: 28, priority: 100),
        TableColumn(title: "Measure", width: 16, priority: 90),
        TableColumn(title: "Value", width: 16, alignment: .right, priority: 95),
        TableColumn(title: "Basis", width: 9, alignment: .right, priority: 70),
    ]

    static let documentColumns = [
        TableColumn(title: "Document", width: 14, priority: 100),
        TableColumn(title: "Reference", width: 14, priority: 80),
        TableColumn(title: "Of", width: 12, priority: 60),
        TableColumn(title: "Why it is here", width: 30, flexible: true, maxWidth: 60, priority: 90),
    ]

    static let alertColumns = [
        TableColumn(title: "Age", width: 8, alignment: .right, priority: 90),
        TableColumn(title: "Rule", width: 16, priority: 80),
        TableColumn(title: "Owner", width: 15, priority: 70),
        TableColumn(title: "What", width: 40, flexible: true, maxWidth: 120, priority: 100),
        TableColumn(title: "Acknowledged", width: 14, priority: 40),
    ]

    static func cells(_ v: KPIValue) -> [String] { [v.group, v.measure, v.unit.format(v.value), String(v.basis)] }

    static func cells(_ v: AlertView) -> [String] {
        [KPIUnit.seconds.format(v.age), v.alert.rule.rawValue, v.alert.owner.words, v.alert.message, v.acknowledged?.by ?? ""]
    }

    /// The figures, one line each, coloured by how they stand against their targets.
    static func figureLines(_ data: DashboardData) -> [(String, Style)] {
        data.figures.map { f in
            let now = f.value.map { f.unit.format($0) } ?? "–"
            let target = f.headline.target.map { $0.words(f.unit) } ?? ""
            let trend = f.series.isEmpty ? "(now)" : Sparkline.render(f.series)
            let line = OrdersPane.columns(zip(figureColumns, [f.headline.label, now, target, f.status?.rawValue ?? "", trend, String(f.basis)])
                .map { ($1, $0.width, $0.right) })
            let style = switch f.status {
            case .good?: Style(.good)
            case .warning?: Style(.warning, bold: true)
            case .bad?: Style(.danger, bold: true)
            case nil: Style(.text)
            }
            return (line, style)
        }
    }

    static func drawFigures(_ state: ConsoleState, in rect: Rect, buffer: inout Buffer) {
        guard !rect.isEmpty else { return }
        let heading = OrdersPane.columns(figureColumns.map { ($0.title, $0.width, $0.right) })
        buffer.fill(rect.row(0), style: Style(.header, bold: true))
        buffer.put(heading, x: rect.x + 1, y: rect.y, style: Style(.header, bold: true), maxWidth: rect.width - 1)
        let body = Rect(x: rect.x, y: rect.y + 1, width: rect.width, height: rect.height - 1)
        guard let data = state.dashboard.data else {
            OrdersPane.drawLines([("Reading the figures…", Style(.muted))], scroll: 0, in: body, buffer: &buffer)
            return
        }
        var lines = figureLines(data)
        let selected = state.dashboard.selected
        if lines.indices.contains(selected) { lines[selected].1 = Style(.selection, bold: true, reverse: true) }
        // Keep the cursor in view.
        let top = max(0, selected - body.height + 1)
        OrdersPane.drawLines(lines, scroll: top, in: body, buffer: &buffer)
    }

    static func headerLine(_ state: ConsoleState) -> String {
        let d = state.dashboard
        if let alerts = d.alerts {
            guard let views = alerts.views else { return "Alerts: reading (qm verify runs too)…" }
            let open = views.filter { $0.acknowledged == nil }.count
            return "Alerts: \(views.count) hold now · \(open) open · oldest first"
        }
        if let b = d.breakdown {
            let by = b.by.map { "by \($0.rawValue)" } ?? "now"
            if let o = b.documents {
                guard let documents = o.documents else { return "\(b.headline.label), \(o.group): reading what is behind it…" }
                let (one, many) = switch documents.first?.opens {
                case .order?: ("order", "orders")
                case .purchaseOrder?: ("receipt", "receipts")
                case .sku?: ("SKU at a location", "SKUs at a location")
                case nil: ("document", "documents")
                }
                return "\(b.headline.label), \(o.group): \(documents.count) \(documents.count == 1 ? one : many) behind it"
                    + (documents.count == DashboardEffect.documentLimit ? " (the first \(DashboardEffect.documentLimit); qm kpi lists the figure)" : "")
            }
            guard let report = b.report else { return "\(b.headline.kpi.rawValue) \(by): reading…" }
            return "\(b.headline.kpi.rawValue) \(by) from \(report.window.from) to \(report.window.to) · \(b.headline.kpi.meaning)"
        }
        guard let data = d.data else { return "Dashboard: reading…" }
        let off = data.figures.filter { $0.status == .bad }.count, watch = data.figures.filter { $0.status == .warning }.count
        return "Dashboard: \(data.window.from) to \(data.window.to) · \(off) off target · \(watch) to watch"
            + (state.openAlerts.map { " · \($0) open alert\($0 == 1 ? "" : "s") (a)" } ?? "")
    }
}
