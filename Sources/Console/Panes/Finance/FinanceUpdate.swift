import Domain
import Store
import Operations
import TerminalKit

/// The finance pane's part of the update: the trial balance, an account's lines, and the
/// order behind a line.
extension ConsoleUpdate {
    static func refreshFinance(_ state: inout ConsoleState) -> [ConsoleEffect] {
        if let account = state.finance.account {
            guard account.stale else { return [] }
            state.finance.account?.stale = false
            return [.finance(.loadAccount(account.code, limit: account.reach.limit))]
        }
        guard state.finance.stale else { return [] }
        state.finance.stale = false
        return [.finance(.loadBalance)]
    }

    static func receiveBalance(_ rows: [TrialBalanceRow], _ state: inout ConsoleState) -> [ConsoleEffect] {
        state.finance.balance = rows
        state.finance.rows = rows.map { (FinancePaneState.key($0), FinancePane.cells($0)) }
        showFinance(&state)
        return []
    }

    static func receiveAccount(_ code: String, _ lines: [JournalRow], total: Int, _ state: inout ConsoleState) -> [ConsoleEffect] {
        guard state.finance.account?.code == code else { return [] }
        state.finance.account?.lines = lines
        state.finance.account?.total = total
        state.finance.account?.rows = lines.map { (FinanceAccountState.key($0), FinancePane.cells($0)) }
        showFinance(&state)
        return []
    }

    static func showFinance(_ state: inout ConsoleState) {
        let f = state.finance
        let rows = f.sort.apply(ListFilter.rows(f.rows, f.filter))
        state.finance.table.replaceWindow(start: 0, rows: rows, total: rows.count)
        if let account = f.account {
            let lines = account.sort.apply(ListFilter.rows(account.rows, account.filter))
            state.finance.account?.table.replaceWindow(start: 0, rows: lines, total: lines.count)
        }
    }

    static func performInFinance(_ action: ConsoleAction, _ state: inout ConsoleState) -> [ConsoleEffect] {
        let h = state.viewportHeight
        if let account = state.finance.account {
            if action == .open {
                guard let line = account.selected else { return [] }
                // An entry names its documents; an order opens in its detail, Esc coming back here.
                guard let order = line.documents.lazy.compactMap(FinancePane.orderNumber).first else {
                    flash(&state, "Entry \(line.entry) (\(line.event)) names " + (line.documents.isEmpty ? "no document"
                          : line.documents.prefix(3).joined(separator: ", ") + (line.documents.count > 3 ? " and \(line.documents.count - 3) more" : ""))
                          + ": qm journal --document shows an entry's lines.")
                    return []
                }
                return openOrder(order, returnPane: .finance, &state)
            }
            let pressingOn = QueueReach.pressesOn(action, at: account.table)
            moveTable(&state.finance.account!.table, action, h)
            guard pressingOn, state.finance.account!.reach.extend(read: account.lines.count, total: account.total) else { return [] }
            return [.finance(.loadAccount(account.code, limit: state.finance.account!.reach.limit))]
        }
        if action == .open {
            guard let id = state.finance.table.selectedRow?.id, let row = state.finance.balance.first(where: { FinancePaneState.key($0) == id }) else {
                return []
            }
            state.finance.account = FinanceAccountState(code: row.account, name: row.name)
            return refreshFinance(&state)
        }
        moveTable(&state.finance.table, action, h)
        return []
    }
}
