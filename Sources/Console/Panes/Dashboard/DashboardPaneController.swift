import Domain
import Operations
import TerminalKit

extension Pane {
    public static let dashboard = Pane("dashboard", title: "Dashboard", controller: DashboardPaneController.self)
}

extension KeyContext {
    static let dashboardFigures = KeyContext(.dashboard, "figures")
    static let dashboardBreakdown = KeyContext(.dashboard, "breakdown")
    static let dashboardDocuments = KeyContext(.dashboard, "orders")
    static let dashboardAlerts = KeyContext(.dashboard, "alerts")
}

extension KeyMap {
    public static let dashboardFigures: [KeyBinding] = [
        KeyBinding(keys: [.enter], label: "Enter", action: .open, help: "The figure by channel, location or day", hint: "drill"),
        KeyBinding(keys: [.char("a")], label: "a", action: .showAlerts, help: "The alerts that hold now", hint: "alerts"),
    ]
    public static let dashboardBreakdown: [KeyBinding] = [
        KeyBinding(keys: [.enter], label: "Enter", action: .open, help: "What is behind the group's figure: orders, receipts or stock", hint: "behind"),
        KeyBinding(keys: [.char("b")], label: "b", action: .nextBreakdown, help: "Break the figure down the next way", hint: "by"),
    ]
    public static let dashboardDocuments: [KeyBinding] = [
        KeyBinding(keys: [.enter], label: "Enter", action: .open, help: "Open it: the order, the purchase order, the SKU's stock", hint: "open"),
    ]
    public static let dashboardAlerts: [KeyBinding] = [
        KeyBinding(keys: [.enter], label: "Enter", action: .open, help: "The order behind the alert", hint: "open"),
        KeyBinding(keys: [.char("k")], label: "k", action: .acknowledge, help: "Acknowledge the alert (asks first; audited)", hint: "acknowledge",
                   command: .acknowledgeAlert),
    ]
}

/// The dashboard: the KPIs at a glance with their trend, drilled into by breakdown and down to
/// what is behind a figure (orders, receipts, stock); the alerts that hold now.
enum DashboardPaneController: ConsolePane {
    static let pane = Pane.dashboard
    static func initialState() -> DashboardPaneState { DashboardPaneState() }
    static let summary = "Dashboard pane (KPIs, their trend and what is behind them; alerts)"
    static let views: [(context: KeyContext, help: String)] = [(.dashboardFigures, "Dashboard: the figures"),
                                                                (.dashboardBreakdown, "Dashboard: a figure broken down"),
                                                                (.dashboardDocuments, "Dashboard: what is behind a figure"),
                                                                (.dashboardAlerts, "Dashboard: alerts")]

    static func context(_ state: ConsoleState) -> KeyContext {
        let d = state.dashboard
        if d.alerts != nil { return .dashboardAlerts }
        guard let b = d.breakdown else { return .dashboardFigures }
        return b.documents == nil ? .dashboardBreakdown : .dashboardDocuments
    }
    static func bindings(_ context: KeyContext) -> [KeyBinding] {
        switch context {
        case .dashboardAlerts: KeyMap.dashboardAlerts
        case .dashboardBreakdown: KeyMap.dashboardBreakdown
        case .dashboardDocuments: KeyMap.dashboardDocuments
        default: KeyMap.dashboardFigures
        }
    }
    static func headerLine(_ state: ConsoleState) -> String { DashboardPane.headerLine(state) }
    static func draw(_ state: ConsoleState, in rect: Rect, buffer: inout Buffer) {
        let d = state.dashboard
        if let alerts = d.alerts {
            TableView.draw(state: alerts.table, columns: DashboardPane.alertColumns, in: rect, buffer: &buffer, focused: true)
        } else if let b = d.breakdown {
            if let o = b.documents {
                TableView.draw(state: o.table, columns: DashboardPane.documentColumns, in: rect, buffer: &buffer, focused: true)
            } else {
                TableView.draw(state: b.table, columns: DashboardPane.breakdownColumns, in: rect, buffer: &buffer, focused: true)
            }
        } else {
            DashboardPane.drawFigures(state, in: rect, buffer: &buffer)
        }
    }
    static func hasFirstScreenful(_ state: ConsoleState) -> Bool { state.dashboard.data != nil }
    static func perform(_ action: ConsoleAction, _ state: inout ConsoleState) -> [ConsoleEffect] { ConsoleUpdate.performInDashboard(action, &state) }
    static func back(_ state: inout ConsoleState) -> [ConsoleEffect]? {
        if state.dashboard.alerts != nil { state.dashboard.alerts = nil; return [] }
        if state.dashboard.breakdown?.documents != nil { state.dashboard.breakdown?.documents = nil; return [] }
        if state.dashboard.breakdown != nil { state.dashboard.breakdown = nil; return [] }
        return nil
    }
    static func shown(_ state: inout ConsoleState) -> [ConsoleEffect] { ConsoleUpdate.refreshDashboard(&state) }
    /// The figures and the title line's alert badge are read when the dashboard is shown (and
    /// again on a change while it is): on a large database they take a while, so the console
    /// does not pay for them before someone looks (docs/PERFORMANCE.md, Insight).
    static func databaseChanged(_ state: inout ConsoleState) -> [ConsoleEffect] {
        state.dashboard.stale = true
        return state.pane == .dashboard ? ConsoleUpdate.refreshDashboard(&state) : []
    }
    static func click(row: Int, _ state: inout ConsoleState) -> [ConsoleEffect] {
        let h = state.viewportHeight
        if state.dashboard.alerts != nil { _ = clickSelects(&state.dashboard.alerts!.table, row: row, viewportHeight: h); return [] }
        if state.dashboard.breakdown?.documents != nil { _ = clickSelects(&state.dashboard.breakdown!.documents!.table, row: row, viewportHeight: h); return [] }
        if state.dashboard.breakdown != nil { _ = clickSelects(&state.dashboard.breakdown!.table, row: row, viewportHeight: h); return [] }
        if let n = state.dashboard.data?.figures.count, row < n { state.dashboard.selected = row }
        return []
    }

    static var promptVerbs: [PromptVerb] {
        [PromptVerb(names: ["dashboard", "kpi"], usage: ":dashboard", help: "The KPIs at a glance") { _ in .success(.pane(DashboardPrompt.show)) }]
    }
}

/// The dashboard's `:` command.
enum DashboardPrompt: PaneEvent {
    case show

    func apply(_ state: inout ConsoleState) -> [ConsoleEffect] {
        ConsoleUpdate.perform(.pane(Panes.index(of: .dashboard)), &state)
    }
}
