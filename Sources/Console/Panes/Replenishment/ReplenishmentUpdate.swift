import Domain
import Operations
import TerminalKit

/// The replenishment pane's part of the update: the plan, marks, changed quantities, and
/// approving or rejecting suggestions (each confirmed, saying what will be created or left out).
extension ConsoleUpdate {
    static func receiveReplenishmentPlan(_ plan: ReplenishmentPlan, at: String, _ state: inout ConsoleState) -> [ConsoleEffect] {
        state.replenishment.plan = plan
        state.replenishment.at = at
        // Marks and changed quantities follow the data: a suggestion gone takes them with it.
        let keys = Set(plan.lines.map(ReplenishmentPaneState.key))
        state.replenishment.marked.formIntersection(keys)
        state.replenishment.quantities = state.replenishment.quantities.filter { keys.contains($0.key) }
        showReplenishment(&state)
        return []
    }

    static func showReplenishment(_ state: inout ConsoleState) {
        let r = state.replenishment
        guard let plan = r.plan else { return }
        let rows = r.sort.apply(ListFilter.rows(plan.lines.map { ReplenishmentPane.row($0, r) }, r.filter))
        state.replenishment.table.replaceWindow(start: 0, rows: rows, total: rows.count)
    }

    static func refreshReplenishment(_ state: inout ConsoleState) -> [ConsoleEffect] {
        guard state.replenishment.stale else { return [] }
        state.replenishment.stale = false
        return [.replenishment(.loadPlan)]
    }

    static func performInReplenishment(_ action: ConsoleAction, _ state: inout ConsoleState) -> [ConsoleEffect] {
        let h = state.viewportHeight
        let r = state.replenishment
        switch action {
        case .approve:
            return confirmApproval(&state)
        case .changeQuantity:
            guard let key = r.targets.first, r.targets.count == 1 || r.detail != nil, let line = r.line(key) else {
                flash(&state, "Change one suggestion's quantity at a time: unmark (u) or open it (d).", kind: .error)
                return []
            }
            state.replenishment.form = .quantity(key)
            state.mode = .form(FormDialog(title: "Quantity of \(line.sku) at \(line.location)", fields: [
                .init("Buy", String(r.quantity(line)), placeholder: "suggested \(line.suggestedQuantity)"),
            ]), owner: .replenishment)
            return []
        case .reject:
            guard let key = (r.detail ?? r.table.selectedRow?.id), r.line(key) != nil else { return [] }
            state.replenishment.form = .reject(key)
            state.mode = .form(FormDialog(title: "Reject \(key)", fields: [
                .init("Reason", placeholder: "why not buy it (required)", maxLength: 120),
            ]), owner: .replenishment)
            return []
        case .open:
            guard r.detail == nil, let key = r.table.selectedRow?.id else { return [] }
            state.replenishment.detail = key
            state.replenishment.scroll = 0
            return []
        case .toggleMark:
            guard r.detail == nil, let key = r.table.selectedRow?.id else { return [] }
            if state.replenishment.marked.remove(key) == nil { state.replenishment.marked.insert(key) }
            moveTable(&state.replenishment.table, .down, h)
            return []
        case .markAll:
            state.replenishment.marked = Set(r.table.rows.map(\.id))
            return []
        case .clearMarks:
            state.replenishment.marked = []
            return []
        default:
            if let key = r.detail {
                let lines = r.line(key).map { ReplenishmentPane.detailLines($0, r, width: state.width - 2).count } ?? 1
                scroll(&state.replenishment.scroll, action, page: h, lines: lines, height: state.tableRect.height)
            } else {
                moveTable(&state.replenishment.table, action, h)
            }
            return []
        }
    }

    /// Enter: what approving will create, supplier by supplier, asked before anything is written.
    private static func confirmApproval(_ state: inout ConsoleState) -> [ConsoleEffect] {
        let r = state.replenishment
        let lines = r.targets.compactMap(r.line)
        guard !lines.isEmpty else { return [] }
        var groups: [String: [ReplenishmentLine]] = [:], order: [String] = []
        for l in lines {
            let key = "\(l.supplier) → \(l.location)"
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(l)
        }
        let message = ["Create \(InboundWords.count(order.count, "draft purchase order")) from \(InboundWords.count(lines.count, "suggestion")):"]
            + order.map { key in
                let group = groups[key]!
                let value = group.reduce(Int64(0)) { $0 + Saturating.multiply(Int64(r.quantity($1)), $1.unitCost.minorUnits) }
                let what = group.prefix(4).map { "\($0.sku) \(r.quantity($0))" }.joined(separator: ", ") + (group.count > 4 ? ", …" : "")
                return "\(key): \(what) (\(Money.format(value)) \(group[0].unitCost.currency))"
            }
            + ["They wait as drafts for a planner to review and approve (Inbound pane, Draft)."]
        // The quantities shown are the ones bought: planned again meanwhile, the draft still buys these.
        let choices = lines.map { l in ReplenishmentChoice(sku: l.sku, location: l.location, quantity: r.quantity(l)) }
        state.mode = .confirm(confirmDialog(title: "Approve suggestions", message, confirm: "Create drafts", cancel: "Not yet"),
                              .replenishment(.approve(choices)))
        return []
    }

    static func submitReplenishmentForm(_ form: FormDialog, _ state: inout ConsoleState) -> [ConsoleEffect] {
        guard let purpose = state.replenishment.form else { return [] }
        func refuse(_ message: String) -> [ConsoleEffect] {
            state.mode = .form(form, owner: .replenishment)
            flash(&state, message, kind: .error)
            return []
        }
        switch purpose {
        case .quantity(let key):
            guard let line = state.replenishment.line(key) else { return [] }
            guard let n = Int(form.value(0)), n > 0 else { return refuse("Buy '\(form.value(0))' is not a positive whole number.") }
            do { try line.checkQuantity(n) } catch { return refuse(error.message) }
            state.replenishment.form = nil
            state.replenishment.quantities[key] = n == line.suggestedQuantity ? nil : n
            showReplenishment(&state)
            flash(&state, "\(key): buy \(n) (suggested \(line.suggestedQuantity)); Enter approves")
            return []
        case .reject(let key):
            guard let line = state.replenishment.line(key) else { return [] }
            let reason = form.value(0)
            guard !reason.isEmpty else { return refuse("Reason is required: the next planner reads why.") }
            state.replenishment.form = nil
            state.mode = .confirm(confirmDialog(title: "Reject a suggestion", [
                "Reject buying \(state.replenishment.quantity(line)) \(line.sku) for \(line.location) from \(line.supplier):",
                "it is left out of the plan for the days replenish.reject-days sets, then suggested again if still needed.",
                "Reason: \(reason)",
            ], confirm: "Reject", cancel: "Keep it"), .replenishment(.reject(sku: line.sku, location: line.location, reason: reason)))
            return []
        }
    }

    static func replenishmentApproved(_ plan: ReplenishmentPlan, _ state: inout ConsoleState) -> [ConsoleEffect] {
        for l in plan.lines {
            let key = ReplenishmentPaneState.key(l)
            state.replenishment.marked.remove(key)
            state.replenishment.quantities[key] = nil
        }
        if let key = state.replenishment.detail, plan.lines.contains(where: { ReplenishmentPaneState.key($0) == key }) {
            state.replenishment.detail = nil
        }
        flash(&state, "Draft purchase orders \(plan.drafts.joined(separator: ", ")) created from \(InboundWords.count(plan.lines.count, "suggestion")); "
              + "the Inbound pane lists them under Draft")
        state.replenishment.stale = true
        return refreshReplenishment(&state)
    }

    static func replenishmentRejected(_ key: String, until: String, _ state: inout ConsoleState) -> [ConsoleEffect] {
        state.replenishment.marked.remove(key)
        state.replenishment.quantities[key] = nil
        if state.replenishment.detail == key { state.replenishment.detail = nil }
        flash(&state, "Rejected \(key): left out of the plan until \(until)")
        state.replenishment.stale = true
        return refreshReplenishment(&state)
    }
}
