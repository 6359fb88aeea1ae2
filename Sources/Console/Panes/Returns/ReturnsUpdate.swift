import Domain
import Store
import Operations
import TerminalKit

/// The returns pane's part of the update: each step by a single key, checked first and
/// confirmed saying what will move and what will be refunded.
extension ConsoleUpdate {
    static func refreshReturns(_ state: inout ConsoleState) -> [ConsoleEffect] {
        guard state.returns.stale else { return [] }
        state.returns.stale = false
        return [.returns(.loadQueue(limit: state.returns.reach.limit))]
    }

    static func receiveReturns(_ rows: [CustomerReturnRecord], total: Int, at: String, _ state: inout ConsoleState) -> [ConsoleEffect] {
        state.returns.returns = rows
        state.returns.total = total
        state.returns.rows = rows.map { ReturnsPane.row($0, now: at) }
        showReturns(&state)
        return []
    }

    static func showReturns(_ state: inout ConsoleState) {
        let r = state.returns
        let rows = r.sort.apply(ListFilter.rows(r.rows, r.filter))
        state.returns.table.replaceWindow(start: 0, rows: rows, total: rows.count)
    }

    static func performInReturns(_ action: ConsoleAction, _ state: inout ConsoleState) -> [ConsoleEffect] {
        guard let selected = state.returns.selected else {
            return moveInReturns(action, &state)
        }
        switch action {
        case .receive:
            guard selected.state == .authorized else {
                flash(&state, "\(selected.code) is \(selected.state.rawValue) already; a return is received once.", kind: .error)
                return []
            }
            return [.returns(.planReceipt(selected.code))]
        case .disposition(let disposition):
            guard selected.state == .received else {
                flash(&state, selected.state == .authorized ? "\(selected.code) has not arrived yet: a when it does, then inspect it."
                      : "\(selected.code) is \(selected.state.rawValue): only a received return is inspected.", kind: .error)
                return []
            }
            state.returns.inspecting = (selected.code, disposition)
            state.mode = .form(FormDialog(title: "Inspect \(selected.code): \(selected.quantity) x \(selected.sku) → \(disposition.rawValue)", fields: [
                .init("Condition", ReturnsPane.likelyCondition(disposition).rawValue, placeholder: ReturnCondition.spellings),
            ]), owner: .returns)
            return []
        case .releaseRefund:
            guard selected.refundState == .held else {
                flash(&state, selected.refundState == .released ? "\(selected.code)'s refund is released already."
                      : "Nothing is due on \(selected.code).", kind: .error)
                return []
            }
            guard selected.state == .inspected || selected.reason.policy.releasedAtOnce else {
                flash(&state, "\(selected.code) is \(selected.state.rawValue): its refund (\(selected.reason.words)) is released after inspection.",
                      kind: .error)
                return []
            }
            state.mode = .confirm(confirmDialog(title: "Release a refund", [
                "Release \(ReturnsPane.money(selected.refundDue, selected.currency)) to \(selected.customer.isEmpty ? "the customer" : selected.customer) "
                    + "for \(selected.code): \(selected.quantity) x \(selected.sku) of order \(selected.order) (\(selected.reason.words)).",
                "At most \(ReturnsPane.money(selected.refundCap, selected.currency)) was paid for them with their share of freight.",
            ], confirm: "Release", cancel: "Not yet"), .returns(.releaseRefund(selected.code)))
            return []
        default:
            return moveInReturns(action, &state)
        }
    }

    private static func moveInReturns(_ action: ConsoleAction, _ state: inout ConsoleState) -> [ConsoleEffect] {
        let r = state.returns
        let pressingOn = QueueReach.pressesOn(action, at: r.table)
        moveTable(&state.returns.table, action, state.viewportHeight)
        guard pressingOn, state.returns.reach.extend(read: r.returns.count, total: r.total) else { return [] }
        return [.returns(.loadQueue(limit: state.returns.reach.limit))]
    }

    static func confirmReturnReceipt(_ code: String, location: String, _ state: inout ConsoleState) -> [ConsoleEffect] {
        guard case .normal = state.mode, let r = state.returns.returns.first(where: { $0.code == code }) else { return [] }
        state.mode = .confirm(confirmDialog(title: "Receive a return", [
            "Receive \(code): \(r.quantity) x \(r.sku) into returnPending @ \(location), where they shipped from.",
        ] + (r.reason.policy.releasedAtOnce && r.refundDue > 0
             ? ["The refund of \(ReturnsPane.money(r.refundDue, r.currency)) is released with it (\(r.reason.words))."] : []),
            confirm: "Receive", cancel: "Not yet"), .returns(.receive(code, location: location)))
        return []
    }

    /// The inspection form was submitted: the condition, then what the step will do.
    static func submitInspection(_ form: FormDialog, _ state: inout ConsoleState) -> [ConsoleEffect] {
        guard let (code, disposition) = state.returns.inspecting, let r = state.returns.returns.first(where: { $0.code == code }) else { return [] }
        guard let condition = ReturnCondition(parsing: form.value(0)) else {
            state.mode = .form(form, owner: .returns)
            flash(&state, "Condition '\(form.value(0))' is not one of \(ReturnCondition.spellings).", kind: .error)
            return []
        }
        state.returns.inspecting = nil
        let due = r.refundState == .released ? nil : Refund.due(r.reason.policy, condition: condition, paid: r.paid, freight: r.freightShare)
        let goes = disposition.status.map { "\($0.rawValue) @ \(r.location ?? "?")" }
            ?? (disposition == .scrap ? "written off @ \(r.location ?? "?")" : "back to the supplier")
        state.mode = .confirm(confirmDialog(title: "Inspect a return", [
            "\(code): \(r.quantity) x \(r.sku) found \(condition.rawValue) → \(goes).",
            due.map { $0 > 0 ? "Refund \(ReturnsPane.money($0, r.currency)) then to release." : "No refund (\(condition.rawValue))." }
                ?? "Its refund was released already.",
        ], confirm: "Inspect", cancel: "Not yet"), .returns(.inspect(code, condition, disposition)))
        return []
    }

    static func returnStepDone(_ outcome: ReturnOutcome, _ state: inout ConsoleState) -> [ConsoleEffect] {
        flash(&state, "\(outcome.record.code): \(outcome.summary)")
        state.returns.stale = true
        return refreshReturns(&state)
    }
}
