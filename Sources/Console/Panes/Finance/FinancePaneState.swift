import Domain
import Store
import Operations
import TerminalKit

/// The finance pane: the trial balance as read, and an account opened from it.
struct FinancePaneState {
    var balance: [TrialBalanceRow] = []
    var rows: [TableState<String>.Row] = []
    var stale = true
    var table = TableState<String>()
    var filter = ""
    var sort = ListSort()
    var account: FinanceAccountState?

    /// "GBP 1300": a balance row's id.
    static func key(_ r: TrialBalanceRow) -> String { "\(r.currency) \(r.account)" }
}

/// One account's journal lines, oldest first, read a page at a time.
struct FinanceAccountState {
    var code: String
    var name: String
    var lines: [JournalRow] = []
    var total = 0
    var rows: [TableState<String>.Row] = []
    var stale = true
    var reach = QueueReach()
    var table = TableState<String>()
    var filter = ""
    var sort = ListSort()
    /// An entry opened from a line.
    var entry: FinanceEntryState?

    /// "12:3": entry 12, line 3.
    static func key(_ r: JournalRow) -> String { "\(r.entry):\(r.line)" }
    var selected: JournalRow? { table.selectedRow.flatMap { row in lines.first { Self.key($0) == row.id } } }
}

/// A journal entry opened: as read, scrolled.
struct FinanceEntryState {
    var id: Int64
    var view: EntryView?
    var scroll = 0
    var stale = true
}

extension ConsoleState {
    var finance: FinancePaneState {
        get { panes[FinancePaneController.self] }
        _modify { yield &panes[FinancePaneController.self] }
    }
}

enum FinanceEffect: PaneEffect {
    case loadBalance
    case loadAccount(String, limit: Int)
    case loadEntry(Int64)

    var coalesces: Bool { true }

    func perform(_ services: ConsoleServices) throws -> ConsoleEvent? {
        let ops = services.ops
        switch self {
        case .loadBalance:
            return .finance(.balanceLoaded(try ops.read { try $0.trialBalance() }))
        case let .loadAccount(code, limit):
            let filter = JournalFilter(account: code)
            let (lines, total) = try ops.read { r in (try r.journal(filter, limit: limit), try r.journalCount(filter)) }
            return .finance(.accountLoaded(code, lines, total: total))
        case .loadEntry(let id):
            return .finance(.entryLoaded(id, try EntryView.read(id, ops: ops)))
        }
    }
}

enum FinanceEvent: PaneEvent {
    case balanceLoaded([TrialBalanceRow])
    case accountLoaded(String, [JournalRow], total: Int)
    case entryLoaded(Int64, EntryView?)

    func apply(_ state: inout ConsoleState) -> [ConsoleEffect] {
        switch self {
        case .balanceLoaded(let rows): ConsoleUpdate.receiveBalance(rows, &state)
        case let .accountLoaded(code, lines, total): ConsoleUpdate.receiveAccount(code, lines, total: total, &state)
        case let .entryLoaded(id, view): ConsoleUpdate.receiveEntry(id, view, &state)
        }
    }
}

extension ConsoleEffect {
    static func finance(_ effect: FinanceEffect) -> ConsoleEffect { .pane(AnyPaneEffect(effect)) }
}

extension ConsoleEvent {
    static func finance(_ event: FinanceEvent) -> ConsoleEvent { .pane(AnyPaneEvent(event)) }
}
