import Domain
import Store
import TerminalKit

/// The backorders pane's part of the update: SKUs short, one SKU's lines, reallocation and
/// cancelling a line (through the orders pane's actions).
extension ConsoleUpdate {
    static func receiveBackorders(_ groups: [BackorderGroup], at: String, _ state: inout ConsoleState) -> [ConsoleEffect] {
        state.backorders.groupRows = groups
        state.backorders.groupsAt = at
        showBackorderGroups(&state)
        state.backorders.loaded = true
        if let sku = state.backorders.lines?.group.sku, let group = groups.first(where: { $0.sku == sku }) {
            state.backorders.lines?.group = group
        }
        return []
    }

    static func receiveBackorderLines(sku: String, _ lines: [BackorderLine], at: String, _ state: inout ConsoleState) -> [ConsoleEffect] {
        guard state.backorders.lines?.group.sku == sku else { return [] }
        state.backorders.lines?.rows = lines
        state.backorders.lines?.at = at
        showBackorderLines(&state)
        state.backorders.lines?.loaded = true
        return []
    }

    /// The groups the filter keeps, the selection staying on its SKU where it can.
    static func showBackorderGroups(_ state: inout ConsoleState) {
        let b = state.backorders
        let rows = b.sort.apply(ListFilter.rows(b.groupRows.map { ($0.sku, BackordersPane.cells($0, now: b.groupsAt)) }, b.filter))
        state.backorders.groups.replaceWindow(start: 0, rows: rows, total: rows.count)
    }

    static func showBackorderLines(_ state: inout ConsoleState) {
        guard let lines = state.backorders.lines else { return }
        let rows = lines.sort.apply(ListFilter.rows(lines.rows.map { (BackorderLineID(order: $0.orderID, line: $0.lineNo),
                                                                      BackordersPane.cells($0, now: lines.at)) }, lines.filter))
        state.backorders.lines?.table.replaceWindow(start: 0, rows: rows, total: rows.count)
    }

    static func performInBackorders(_ action: ConsoleAction, _ state: inout ConsoleState) -> [ConsoleEffect] {
        let h = state.viewportHeight
        if var lines = state.backorders.lines {
            let selected = lines.table.selectedRow?.id
            switch action {
            case .open:
                guard let line = selected else { return [] }
                return openOrder(line.order, returnPane: .backorders, &state)
            case .allocate:
                guard let line = selected else { return [] }
                return [.run(.allocate(orders: [line.order], policy: .fastest))]
            case .cancel:
                guard let line = selected else { return [] }
                return startOrderAction(.cancel, on: [line.order], line: line.line, suggested: .outOfStock, &state)
            default:
                let pressingOn = QueueReach.pressesOn(action, at: lines.table)
                moveTable(&lines.table, action, h)
                let further = pressingOn && lines.reach.extend(read: lines.rows.count, total: nil)
                state.backorders.lines = lines
                return further ? [.backorders(.loadLines(sku: lines.group.sku, limit: lines.reach.limit))] : []
            }
        }
        let selected = state.backorders.groups.selectedRow?.id
        switch action {
        case .open:
            guard let sku = selected, let group = state.backorders.groupRows.first(where: { $0.sku == sku }) else { return [] }
            state.backorders.lines = BackorderLinesState(group: group)
            return [.backorders(.loadLines(sku: sku, limit: QueueReach.page))]
        case .allocate:
            guard let sku = selected else { return [] }
            return [.run(.reallocateBackorders(sku: sku))]
        default:
            let pressingOn = QueueReach.pressesOn(action, at: state.backorders.groups)
            moveTable(&state.backorders.groups, action, h)
            guard pressingOn, state.backorders.reach.extend(read: state.backorders.groupRows.count, total: nil) else { return [] }
            return [.backorders(.loadGroups(limit: state.backorders.reach.limit))]
        }
    }

    /// Esc from a SKU's lines back to the SKUs; nil when already there.
    static func backordersBack(_ state: inout ConsoleState) -> [ConsoleEffect]? {
        guard state.backorders.lines != nil else { return nil }
        state.backorders.lines = nil
        return refreshVisibleBackorders(&state)
    }

    /// The database changed: reload the backorders view on screen; the other when shown.
    static func backordersChanged(_ state: inout ConsoleState) -> [ConsoleEffect] {
        state.backorders.stale = true
        state.backorders.lines?.stale = true
        return state.pane == .backorders ? refreshVisibleBackorders(&state) : []
    }

    static func refreshVisibleBackorders(_ state: inout ConsoleState) -> [ConsoleEffect] {
        if let lines = state.backorders.lines {
            guard lines.stale else { return [] }
            state.backorders.lines?.stale = false
            return [.backorders(.loadLines(sku: lines.group.sku, limit: lines.reach.limit))]
        }
        guard state.backorders.stale else { return [] }
        state.backorders.stale = false
        return [.backorders(.loadGroups(limit: state.backorders.reach.limit))]
    }
}
