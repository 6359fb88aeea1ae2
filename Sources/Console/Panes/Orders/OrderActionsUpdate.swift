import Foundation
import Domain
import Store
import Operations
import TerminalKit

/// What can be done to orders, each refused, planned and confirmed before it runs: hold,
/// release, cancel (an order or a line), allocate; the backorders pane uses them too.
extension ConsoleUpdate {
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
            state.stock.openForm = OpenStockForm(kind: form, sku: sku)
            state.mode = .form(form.dialog(sku: sku, location: location), owner: .stock)
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
}
