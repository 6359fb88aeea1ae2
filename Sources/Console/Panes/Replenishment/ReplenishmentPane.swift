import Domain
import Operations
import TerminalKit

/// Drawing of the replenishment pane: the suggestions, each with its arithmetic on one line,
/// and one suggestion's arithmetic in full (docs/REPLENISHMENT.md).
enum ReplenishmentPane {
    static let columns = [
        TableColumn(title: "", width: 1, priority: 100),   // the mark
        TableColumn(title: "SKU", width: 9, priority: 100),
        TableColumn(title: "Location", width: 8, flexible: true, maxWidth: 10, priority: 95),
        TableColumn(title: "Supplier", width: 8, priority: 60),
        TableColumn(title: "Cl", width: 2, priority: 30),
        TableColumn(title: "Pos", width: 6, alignment: .right, priority: 70),
        TableColumn(title: "ROP", width: 5, alignment: .right, priority: 65),
        TableColumn(title: "Buy", width: 7, alignment: .right, priority: 98),
        TableColumn(title: "Value", width: 13, alignment: .right, priority: 50),
        TableColumn(title: "Arithmetic", width: 20, flexible: true, priority: 40),
    ]

    static func thousandths(_ n: Int64) -> String { Money.format(n, decimals: 3) }
    static func percent(_ perMille: Int) -> String { "\(perMille / 10).\(perMille % 10)%" }

    /// "d 0.289±2.127 L 13±2 z 1.282 → SS 10 ROP 14 · 0+0−11 = −11 → up to 17"
    static func arithmetic(_ l: ReplenishmentLine) -> String {
        "d \(thousandths(l.demandPerDay))±\(thousandths(l.demandSD)) L \(l.leadTimeDays)±\(l.leadTimeSD) z \(thousandths(Int64(l.z)))"
            + " → SS \(l.safetyStock) ROP \(l.reorderPoint) · \(l.sellable)+\(l.inbound)−\(l.backordered) = \(l.position) → up to \(l.orderUpTo)"
    }

    static func row(_ l: ReplenishmentLine, _ state: ReplenishmentPaneState) -> (id: String, cells: [String]) {
        let key = ReplenishmentPaneState.key(l), buy = state.quantity(l)
        let value = Money(minorUnits: Saturating.multiply(Int64(buy), l.unitCost.minorUnits), currency: l.unitCost.currency)
        return (key, ["", l.sku, l.location, l.supplier, l.velocity.rawValue.uppercased(), String(l.position), String(l.reorderPoint),
                      buy == l.suggestedQuantity ? String(buy) : "\(buy)*", "\(Money.format(value.minorUnits)) \(value.currency)", arithmetic(l)])
    }

    static func detailLines(_ l: ReplenishmentLine, _ state: ReplenishmentPaneState, width: Int) -> [(String, Style)] {
        let text = Style(.text), muted = Style(.muted), heading = Style(.header, bold: true)
        let plan = state.plan
        let d = thousandths(l.demandPerDay), sd = thousandths(l.demandSD), z = thousandths(Int64(l.z))
        let buy = state.quantity(l)
        var lines: [(String, Style)] = [
            ("\(l.sku) at \(l.location) · buy from \(l.supplier) · class \(l.velocity.rawValue.uppercased()) · unit cost \(Money.format(l.unitCost.minorUnits)) \(l.unitCost.currency)",
             Style(.title, bold: true)),
            ("", .plain),
            ("The arithmetic", heading),
            ("  Demand per day      d = \(d) units (sd \(sd)), from \(plan.map { "\($0.windowDays) days of allocations since \($0.since)" } ?? "the window")", text),
            ("  Lead time           L = \(l.leadTimeDays) days (sd \(l.leadTimeSD)), \(l.leadTimeLearnt ? "learnt from the supplier's receipts" : "declared by the supplier")", text),
            ("  Service level       \(percent(l.serviceLevel)) for class \(l.velocity.rawValue.uppercased()) → z = \(z)", text),
            ("  Safety stock        z × √(L × sd² + d² × sdL²) = \(z) × √(\(l.leadTimeDays) × \(sd)² + \(d)² × \(l.leadTimeSD)²) = \(l.safetyStock)", text),
            ("  Reorder point       d × L + safety stock = \(d) × \(l.leadTimeDays) + \(l.safetyStock) = \(l.reorderPoint)", text),
            ("  Position            sellable + inbound − backordered = \(l.sellable) + \(l.inbound) − \(l.backordered) = \(l.position)"
             + (l.position <= l.reorderPoint ? " (at or below the reorder point: buy)" : ""), text),
            ("  Order up to         reorder point + the review days' demand = \(l.orderUpTo)", text),
            ("  Suggested           up to − position = \(l.orderUpTo - l.position), in whole packs and at least the supplier's minimum → \(l.suggestedQuantity)", text),
            ("", .plain),
            ("Approving", heading),
            ("  buys \(buy)" + (buy == l.suggestedQuantity ? "" : " (changed from \(l.suggestedQuantity))")
             + " at \(Money.format(Saturating.multiply(Int64(buy), l.unitCost.minorUnits))) \(l.unitCost.currency): a draft purchase order to \(l.supplier) for \(l.location)", text),
            ("  Enter approves, e changes the quantity, x rejects (with a reason), Esc goes back", muted),
        ]
        lines = lines.flatMap { line in OrdersPane.wrap(Sanitize.forDisplay(line.0), to: width).map { ($0, line.1) } }
        return lines
    }

    static func headerLine(_ state: ConsoleState) -> String {
        let r = state.replenishment
        guard let plan = r.plan else { return "Replenishment: planning…" }
        if let key = r.detail { return "Suggestion \(key)" }
        var parts = ["\(plan.lines.count) suggestions over \(plan.evaluated) pairs, \(plan.windowDays) days of demand"]
        if !r.filter.isEmpty { parts.append("\(r.table.rowCount) matching “\(r.filter)”") }
        if !r.marked.isEmpty { parts.append("\(r.marked.count) marked") }
        let drafted = plan.awaitingDrafts.values.reduce(0, +)
        if drafted > 0 { parts.append("\(drafted) on drafts") }
        if !plan.rejected.isEmpty { parts.append("\(plan.rejected.count) rejected") }
        if !plan.withoutSupplier.isEmpty { parts.append("\(plan.withoutSupplier.count) SKUs without a supplier") }
        let sort = r.sort.label(columns.map(\.title))
        if !sort.isEmpty { parts.append(sort) }
        return "Replenishment: " + parts.joined(separator: " · ")
    }

    static func draw(_ state: ConsoleState, in rect: Rect, buffer: inout Buffer) {
        let r = state.replenishment
        if let key = r.detail {
            let lines = r.line(key).map { detailLines($0, r, width: rect.width - 1) }
                ?? [("\(key) is no longer suggested (bought, rejected or covered since): Esc goes back.", Style(.muted))]
            OrdersPane.drawLines(lines, scroll: r.scroll, in: rect, buffer: &buffer)
            return
        }
        TableView.draw(state: r.table, columns: columns, in: rect, buffer: &buffer, focused: true)
        if !r.marked.isEmpty { OrdersPane.drawMarks(r.table, isMarked: r.marked.contains, in: rect, buffer: &buffer) }
    }
}
