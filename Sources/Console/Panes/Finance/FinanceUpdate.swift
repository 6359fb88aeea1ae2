import Domain
import Store
import Operations
import TerminalKit

/// The finance pane's part of the update: the trial balance, an account's lines, an entry
/// with the documents behind it, and the order behind that.
extension ConsoleUpdate {
    static func refreshFinance(_ state: inout ConsoleState) -> [ConsoleEffect] {
        if let entry = state.finance.account?.entry {
            guard entry.stale else { return [] }
            state.finance.account?.entry?.stale = false
            return [.finance(.loadEntry(entry.id))]
        }
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

    static func receiveEntry(_ id: Int64, _ view: EntryView?, _ state: inout ConsoleState) -> [ConsoleEffect] {
        guard state.finance.account?.entry?.id == id else { return [] }
        guard let view else {
            state.finance.account?.entry = nil
            flash(&state, "There is no journal entry \(id).", kind: .error)
            return []
        }
        state.finance.account?.entry?.view = view
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
        if let entry = state.finance.account?.entry {
            if action == .open {
                // The order behind the entry opens in its detail (Esc coming back here); an entry it reverses or names opens in its place.
                switch entry.view?.opens {
                case .order(let id)?: return openOrder(id, returnPane: .finance, &state)
                case .entry(let id)?: return openEntry(id, &state)
                default:
                    flash(&state, "Entry \(entry.id) names no order or entry to open: what is behind it is shown here.")
                    return []
                }
            }
            let lines = entry.view.map { FinancePane.entryLines($0, width: state.width - 2).count } ?? 0
            scroll(&state.finance.account!.entry!.scroll, action, page: h, lines: lines, height: state.tableRect.height)
            return []
        }
        if let account = state.finance.account {
            if action == .open {
                guard let line = account.selected else { return [] }
                return openEntry(line.entry, &state)
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

    /// Opens a journal entry over the account's lines: its lines and the documents behind it.
    static func openEntry(_ id: Int64, _ state: inout ConsoleState) -> [ConsoleEffect] {
        state.finance.account?.entry = FinanceEntryState(id: id)
        return refreshFinance(&state)
    }
}
