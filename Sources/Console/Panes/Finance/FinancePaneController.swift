import Domain
import Operations
import TerminalKit

extension Pane {
    public static let finance = Pane("finance", title: "Finance", controller: FinancePaneController.self)
}

extension KeyContext {
    static let financeBalance = KeyContext(.finance, "trial balance")
    static let financeAccount = KeyContext(.finance, "account")
    static let financeEntry = KeyContext(.finance, "entry")
}

extension KeyMap {
    public static let financeBalance: [KeyBinding] = [
        KeyBinding(keys: [.enter], label: "Enter", action: .open, help: "The account's journal lines", hint: "entries"),
        listFilter, listSort[0], listSort[1],
    ]
    public static let financeAccount: [KeyBinding] = [
        KeyBinding(keys: [.enter], label: "Enter", action: .open, help: "The entry: its lines and the documents behind it", hint: "entry"),
        listFilter, listSort[0], listSort[1],
    ]
    public static let financeEntry: [KeyBinding] = [
        KeyBinding(keys: [.enter], label: "Enter", action: .open, help: "The order behind the entry (its detail), or the entry it reverses", hint: "open"),
    ]
}

/// The finance pane: the trial balance, an account's journal lines, from a line its entry with
/// the order, receipt, count, return or write-off behind it, and from there the order.
enum FinancePaneController: ConsolePane {
    static let pane = Pane.finance
    static func initialState() -> FinancePaneState { FinancePaneState() }
    static let summary = "Finance pane (trial balance, an account's entries, the documents behind one)"
    static let homeRoles: Set<Role> = [.finance]
    static let views: [(context: KeyContext, help: String)] = [(.financeBalance, "Finance pane: trial balance"),
                                                                (.financeAccount, "Finance pane: an account's entries"),
                                                                (.financeEntry, "Finance pane: an entry and what is behind it")]

    static func context(_ state: ConsoleState) -> KeyContext {
        guard let account = state.finance.account else { return .financeBalance }
        return account.entry == nil ? .financeAccount : .financeEntry
    }
    static func bindings(_ context: KeyContext) -> [KeyBinding] {
        switch context {
        case .financeEntry: KeyMap.financeEntry
        case .financeAccount: KeyMap.financeAccount
        default: KeyMap.financeBalance
        }
    }
    static func headerLine(_ state: ConsoleState) -> String { FinancePane.headerLine(state) }
    static func draw(_ state: ConsoleState, in rect: Rect, buffer: inout Buffer) {
        if let entry = state.finance.account?.entry {
            OrdersPane.drawLines(entry.view.map { FinancePane.entryLines($0, width: rect.width - 1) } ?? [], scroll: entry.scroll, in: rect, buffer: &buffer)
        } else if let account = state.finance.account {
            TableView.draw(state: account.table, columns: FinancePane.lineColumns, in: rect, buffer: &buffer, focused: true)
        } else {
            TableView.draw(state: state.finance.table, columns: FinancePane.balanceColumns, in: rect, buffer: &buffer, focused: true)
        }
    }
    static func hasFirstScreenful(_ state: ConsoleState) -> Bool {
        if let entry = state.finance.account?.entry { return entry.view != nil }
        return state.finance.account.map { !$0.stale } ?? !state.finance.stale
    }
    static func perform(_ action: ConsoleAction, _ state: inout ConsoleState) -> [ConsoleEffect] { ConsoleUpdate.performInFinance(action, &state) }
    static func back(_ state: inout ConsoleState) -> [ConsoleEffect]? {
        if state.finance.account?.entry != nil {
            state.finance.account?.entry = nil
            return ConsoleUpdate.refreshFinance(&state)
        }
        guard state.finance.account != nil else { return nil }
        state.finance.account = nil
        return ConsoleUpdate.refreshFinance(&state)
    }
    static func shown(_ state: inout ConsoleState) -> [ConsoleEffect] { ConsoleUpdate.refreshFinance(&state) }
    static func databaseChanged(_ state: inout ConsoleState) -> [ConsoleEffect] {
        state.finance.stale = true
        state.finance.account?.stale = true
        state.finance.account?.entry?.stale = true
        return state.pane == .finance ? ConsoleUpdate.refreshFinance(&state) : []
    }
    static func filterText(_ state: ConsoleState) -> String? {
        if state.finance.account?.entry != nil { return nil }   // an entry is read, not filtered
        return state.finance.account?.filter ?? state.finance.filter
    }

    static func applyFilter(_ text: String, _ state: inout ConsoleState) -> [ConsoleEffect] {
        if state.finance.account != nil { state.finance.account?.filter = text } else { state.finance.filter = text }
        ConsoleUpdate.showFinance(&state)
        return []
    }

    static func sort(_ action: ConsoleAction, _ state: inout ConsoleState) -> [ConsoleEffect] {
        if state.finance.account != nil {
            state.finance.account?.sort.change(action, columns: FinancePane.lineColumns.count)
        } else {
            state.finance.sort.change(action, columns: FinancePane.balanceColumns.count)
        }
        ConsoleUpdate.showFinance(&state)
        return []
    }

    static var promptVerbs: [PromptVerb] {
        [PromptVerb(names: ["finance", "books"], usage: ":finance", help: "The trial balance, and from an account its entries") { _ in
            .success(.pane(FinancePrompt.show))
        }]
    }

    static func click(row: Int, _ state: inout ConsoleState) -> [ConsoleEffect] {
        if state.finance.account?.entry != nil { return [] }
        if state.finance.account != nil {
            _ = clickSelects(&state.finance.account!.table, row: row, viewportHeight: state.viewportHeight)
        } else {
            _ = clickSelects(&state.finance.table, row: row, viewportHeight: state.viewportHeight)
        }
        return []
    }
}

/// The finance pane's `:` command.
enum FinancePrompt: PaneEvent {
    case show

    func apply(_ state: inout ConsoleState) -> [ConsoleEffect] {
        ConsoleUpdate.perform(.pane(Panes.index(of: .finance)), &state)
    }
}
