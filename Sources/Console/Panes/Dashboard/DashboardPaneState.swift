import Domain
import Store
import Operations
import TerminalKit

/// The dashboard: the headline figures, one opened by a breakdown, what is behind a figure
/// of it, and the alerts that hold now. Each view shows over the one before; Esc goes back.
struct DashboardPaneState {
    var data: DashboardData?
    var stale = true
    /// The figure under the cursor.
    var selected = 0
    var breakdown: DashboardBreakdownState?
    var alerts: DashboardAlertsState?
}

/// A figure by one of its KPI's breakdowns (or for all, when it has none).
struct DashboardBreakdownState {
    var headline: KPIHeadline
    var window: KPIWindow
    var by: KPIDimension?
    var report: KPIReport?
    var table = TableState<String>()
    var documents: DashboardDocumentsState?

    /// "web\u{0}lines": a row's id (group and measure).
    static func key(_ v: KPIValue) -> String { "\(v.group)\u{0}\(v.measure)" }
    var selectedGroup: String? { table.selectedRow.map { String($0.id.split(separator: "\u{0}", omittingEmptySubsequences: false)[0]) } }
}

/// The documents behind a group's figure (orders, receipts, stock), by their place in the list.
struct DashboardDocumentsState {
    var group: String
    var documents: [KPIDocument]?
    var table = TableState<Int64>()
    var selected: KPIDocument? { table.selectedRow.flatMap { row in documents.flatMap { $0.indices.contains(Int(row.id)) ? $0[Int(row.id)] : nil } } }
}

/// The alerts that hold now, oldest first.
struct DashboardAlertsState {
    var views: [AlertView]?
    var table = TableState<String>()
    var selected: AlertView? { table.selectedRow.flatMap { row in views?.first { $0.alert.key == row.id } } }
}

extension ConsoleState {
    var dashboard: DashboardPaneState {
        get { panes[DashboardPaneController.self] }
        _modify { yield &panes[DashboardPaneController.self] }
    }
}

enum DashboardEffect: PaneEffect {
    case load
    /// The open alerts' count for the title line: read without `qm verify`, to stay cheap.
    case countAlerts
    case loadAlerts
    case loadBreakdown(KPIName, KPIDimension?, KPIWindow)
    case loadDocuments(KPIName, KPIDimension?, group: String, KPIWindow)
    case acknowledge(String)

    var coalesces: Bool { if case .acknowledge = self { false } else { true } }
    /// Every figure reads the order history (seconds on a large database): off the queue the
    /// other panes' reads wait in.
    var isSlowRead: Bool { if case .acknowledge = self { false } else { true } }

    var progress: String? { if case .acknowledge(let key) = self { "Acknowledging \(key)…" } else { nil } }

    /// Documents listed behind a figure, at most.
    static let documentLimit = 200

    func perform(_ services: ConsoleServices) throws -> ConsoleEvent? {
        let ops = services.ops
        switch self {
        case .load:
            return .dashboard(.loaded(try ops.dashboard()))
        case .countAlerts:
            return .dashboard(.alertsCounted(try ops.openAlertCount()))
        case .loadAlerts:
            return .dashboard(.alertsLoaded(try ops.alerts()))
        case let .loadBreakdown(kpi, by, window):
            return .dashboard(.breakdownLoaded(try ops.kpis([kpi], by: by, window: window)))
        case let .loadDocuments(kpi, by, group, window):
            return .dashboard(.documentsLoaded(group, try ops.kpiDocuments(kpi, by: by, group: group, window: window, limit: Self.documentLimit)))
        case .acknowledge(let key):
            try ops.acknowledgeAlert(key, note: "from the console", by: services.actor)
            return .dashboard(.acknowledged(key))
        }
    }
}

enum DashboardEvent: PaneEvent {
    case loaded(DashboardData)
    case alertsCounted(Int)
    case alertsLoaded([AlertView])
    case breakdownLoaded(KPIReport)
    case documentsLoaded(String, [KPIDocument]?)
    case acknowledged(String)

    func apply(_ state: inout ConsoleState) -> [ConsoleEffect] {
        switch self {
        case .loaded(let data): ConsoleUpdate.receiveDashboard(data, &state)
        case .alertsCounted(let n): ConsoleUpdate.receiveAlertCount(n, &state)
        case .alertsLoaded(let views): ConsoleUpdate.receiveAlerts(views, &state)
        case .breakdownLoaded(let report): ConsoleUpdate.receiveBreakdown(report, &state)
        case let .documentsLoaded(group, documents): ConsoleUpdate.receiveKPIDocuments(group, documents, &state)
        case .acknowledged(let key): ConsoleUpdate.alertAcknowledged(key, &state)
        }
    }
}

extension ConsoleEffect {
    static func dashboard(_ effect: DashboardEffect) -> ConsoleEffect { .pane(AnyPaneEffect(effect)) }
}

extension ConsoleEvent {
    static func dashboard(_ event: DashboardEvent) -> ConsoleEvent { .pane(AnyPaneEvent(event)) }
}

extension ConsoleCommand {
    static func dashboard(_ effect: DashboardEffect) -> ConsoleCommand { .pane(AnyPaneEffect(effect)) }
}
