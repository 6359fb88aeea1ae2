import Domain
import Store
import Operations
import TerminalKit

/// The dashboard's part of the update: the figures, a figure's breakdown, the documents behind
/// it, the alerts.
extension ConsoleUpdate {
    static func refreshDashboard(_ state: inout ConsoleState) -> [ConsoleEffect] {
        guard state.dashboard.stale else { return [] }
        state.dashboard.stale = false
        // The alert badge is counted once the figures are in (receiveDashboard): counting
        // alerts on a large database takes longer than the figures, and would share the CPU.
        var effects: [ConsoleEffect] = [.dashboard(.load)]
        if let b = state.dashboard.breakdown {
            effects.append(.dashboard(.loadBreakdown(b.headline.kpi, b.by, b.window)))
            if let o = b.documents { effects.append(.dashboard(.loadDocuments(b.headline.kpi, b.by, group: o.group, b.window))) }
        }
        if state.dashboard.alerts != nil { effects.append(.dashboard(.loadAlerts)) }
        return effects
    }

    static func receiveDashboard(_ data: DashboardData, _ state: inout ConsoleState) -> [ConsoleEffect] {
        state.dashboard.data = data
        state.dashboard.selected = min(state.dashboard.selected, max(0, data.figures.count - 1))
        return [.dashboard(.countAlerts)]
    }

    static func receiveAlertCount(_ n: Int, _ state: inout ConsoleState) -> [ConsoleEffect] {
        state.openAlerts = n
        return []
    }

    static func receiveAlerts(_ views: [AlertView], _ state: inout ConsoleState) -> [ConsoleEffect] {
        guard state.dashboard.alerts != nil else { return [] }
        state.dashboard.alerts?.views = views
        let rows = views.map { v in (id: v.alert.key, cells: DashboardPane.cells(v)) }
        state.dashboard.alerts?.table.replaceWindow(start: 0, rows: rows, total: rows.count)
        state.openAlerts = views.filter { $0.acknowledged == nil }.count
        return []
    }

    static func receiveBreakdown(_ report: KPIReport, _ state: inout ConsoleState) -> [ConsoleEffect] {
        guard let b = state.dashboard.breakdown, b.by == report.by, report.values.allSatisfy({ $0.kpi == b.headline.kpi }) else { return [] }
        state.dashboard.breakdown?.report = report
        let rows = report.values.map { v in (id: DashboardBreakdownState.key(v), cells: DashboardPane.cells(v)) }
        state.dashboard.breakdown?.table.replaceWindow(start: 0, rows: rows, total: rows.count)
        return []
    }

    static func receiveKPIDocuments(_ group: String, _ documents: [KPIDocument]?, _ state: inout ConsoleState) -> [ConsoleEffect] {
        guard state.dashboard.breakdown?.documents?.group == group else { return [] }
        guard let documents else {
            state.dashboard.breakdown?.documents = nil
            let kpi = state.dashboard.breakdown?.headline.kpi.rawValue ?? ""
            flash(&state, "\(kpi) lists its queues; each is worked in its own pane.")
            return []
        }
        state.dashboard.breakdown?.documents?.documents = documents
        let rows = documents.enumerated().map { i, d in (id: Int64(i), cells: [d.name, d.ref, d.context, d.note]) }
        state.dashboard.breakdown?.documents?.table.replaceWindow(start: 0, rows: rows, total: rows.count)
        return []
    }

    /// Opens what a document behind a figure is: the order, the purchase order in the Inbound
    /// pane, the SKU's stock (Esc comes back here from an order or a SKU).
    static func openDocument(_ opens: KPIDocument.Opens, _ state: inout ConsoleState) -> [ConsoleEffect] {
        switch opens {
        case .order(let id):
            return openOrder(id, returnPane: .dashboard, &state)
        case .purchaseOrder(let code):
            state.pane = .inbound
            state.inbound.order = PurchaseOrderViewState(code: code)
            return [.inbound(.loadOrder(code: code, receive: false))]
        case let .sku(code, location):
            state.pane = .stock
            state.stock.detail = DetailState(sku: code, location: location, returnPane: .dashboard)
            return [.loadDetail(sku: code)]
        }
    }

    static func alertAcknowledged(_ key: String, _ state: inout ConsoleState) -> [ConsoleEffect] {
        flash(&state, "Acknowledged \(key).")
        return state.dashboard.alerts == nil ? [] : [.dashboard(.loadAlerts)]
    }

    static func performInDashboard(_ action: ConsoleAction, _ state: inout ConsoleState) -> [ConsoleEffect] {
        let h = state.viewportHeight
        if let alerts = state.dashboard.alerts {
            if action == .acknowledge {
                guard let view = alerts.selected else { return [] }
                if let ack = view.acknowledged {
                    flash(&state, "\(view.alert.key) was acknowledged by \(ack.by) at \(ack.at.prefix(16)) already.", kind: .error)
                    return []
                }
                if let refusal = view.alert.acknowledgementRefusal(state.role) { flash(&state, refusal, kind: .error); return [] }
                state.mode = .confirm(confirmDialog(title: "Acknowledge an alert", [
                    "\(view.alert.key): \(view.alert.message).",
                    "It stays acknowledged while this lasts (since \(view.alert.since.prefix(16))); if it ends and comes back, it is a new alert. Audited.",
                ], confirm: "Acknowledge", cancel: "Not now"), .dashboard(.acknowledge(view.alert.key)))
                return []
            }
            if action == .open {
                guard let view = alerts.selected else { return [] }
                if view.alert.document.hasPrefix("order "), let id = Int64(view.alert.document.dropFirst(6)) {
                    return openOrder(id, returnPane: .dashboard, &state)
                }
                flash(&state, "\(view.alert.key): \(view.alert.document) is not an order; qm alerts --rule \(view.alert.rule.rawValue) lists its kind.")
                return []
            }
            moveTable(&state.dashboard.alerts!.table, action, h)
            return []
        }
        if let b = state.dashboard.breakdown {
            if let o = b.documents {
                if action == .open {
                    guard let document = o.selected else { return [] }
                    return openDocument(document.opens, &state)
                }
                moveTable(&state.dashboard.breakdown!.documents!.table, action, h)
                return []
            }
            switch action {
            case .open:
                guard let group = b.selectedGroup else { return [] }
                state.dashboard.breakdown?.documents = DashboardDocumentsState(group: group)
                return [.dashboard(.loadDocuments(b.headline.kpi, b.by, group: group, b.window))]
            case .nextBreakdown:
                let dims = b.headline.kpi.dimensions
                guard !dims.isEmpty else {
                    flash(&state, "\(b.headline.kpi.rawValue) has no breakdown: it is one figure of now.")
                    return []
                }
                let next = b.by.flatMap { dims.firstIndex(of: $0) }.map { dims[($0 + 1) % dims.count] } ?? dims[0]
                state.dashboard.breakdown?.by = next
                state.dashboard.breakdown?.report = nil
                state.dashboard.breakdown?.table = TableState()
                return [.dashboard(.loadBreakdown(b.headline.kpi, next, b.window))]
            default:
                moveTable(&state.dashboard.breakdown!.table, action, h)
                return []
            }
        }
        guard let data = state.dashboard.data else { return [] }
        switch action {
        case .open:
            guard data.figures.indices.contains(state.dashboard.selected) else { return [] }
            let headline = data.figures[state.dashboard.selected].headline
            let by = headline.kpi.dimensions.first
            state.dashboard.breakdown = DashboardBreakdownState(headline: headline, window: data.window, by: by)
            return [.dashboard(.loadBreakdown(headline.kpi, by, data.window))]
        case .showAlerts:
            state.dashboard.alerts = DashboardAlertsState()
            return [.dashboard(.loadAlerts)]
        case .up: state.dashboard.selected = max(0, state.dashboard.selected - 1)
        case .down: state.dashboard.selected = min(data.figures.count - 1, state.dashboard.selected + 1)
        case .home, .pageUp: state.dashboard.selected = 0
        case .end, .pageDown: state.dashboard.selected = max(0, data.figures.count - 1)
        default: break
        }
        return []
    }
}
