import Domain
import Store
import Operations
import TerminalKit

/// Drawing of the finance pane.
enum FinancePane {
    static let balanceColumns = [
        TableColumn(title: "Account", width: 7, priority: 100),
        TableColumn(title: "Name", width: 24, flexible: true, maxWidth: 32, priority: 90),
        TableColumn(title: "Type", width: 9, priority: 60),
        TableColumn(title: "Cur", width: 3, priority: 70),
        TableColumn(title: "Debit", width: 16, alignment: .right, priority: 85),
        TableColumn(title: "Credit", width: 16, alignment: .right, priority: 85),
        TableColumn(title: "Balance", width: 16, alignment: .right, priority: 95),
    ]

    static let lineColumns = [
        TableColumn(title: "Entry", width: 6, alignment: .right, priority: 90),
        TableColumn(title: "At", width: 16, priority: 80),
        TableColumn(title: "Event", width: 14, priority: 85),
        TableColumn(title: "Documents", width: 18, flexible: true, maxWidth: 40, priority: 70),
        TableColumn(title: "Location", width: 8, priority: 60),
        TableColumn(title: "Debit", width: 14, alignment: .right, priority: 95),
        TableColumn(title: "Credit", width: 14, alignment: .right, priority: 95),
        TableColumn(title: "By", width: 8, priority: 50),
    ]

    static func cells(_ r: TrialBalanceRow) -> [String] {
        [r.account, r.name, r.type.rawValue, r.currency, Money.format(r.debit), Money.format(r.credit), Money.format(r.balance)]
    }

    static func cells(_ r: JournalRow) -> [String] {
        let documents = r.documents.prefix(2).joined(separator: ", ") + (r.documents.count > 2 ? " +\(r.documents.count - 2)" : "")
        return [String(r.entry), String(r.at.prefix(16)).replacingOccurrences(of: "T", with: " "), r.event, documents, r.location ?? "",
                r.debit == 0 ? "" : Money.format(r.debit), r.credit == 0 ? "" : Money.format(r.credit), r.actor]
    }

    static func headerLine(_ state: ConsoleState) -> String {
        let f = state.finance
        if let e = f.account?.entry {
            guard let v = e.view else { return "Entry \(e.id): reading…" }
            return "Entry \(e.id) · \(v.record.draft.event) · \(v.record.draft.documents.count.grouped) document\(v.record.draft.documents.count == 1 ? "" : "s") behind it"
        }
        if let a = f.account {
            if a.stale && a.lines.isEmpty { return "Account \(a.code) \(a.name): reading…" }
            var parts = ["Account \(a.code) \(a.name): \(a.total.grouped) journal lines, oldest first"]
            if a.total > a.lines.count { parts.append(QueueReach.words(read: a.lines.count, total: a.total)) }
            if !a.filter.isEmpty { parts.append("\(a.table.rowCount) matching “\(a.filter)”") }
            return parts.joined(separator: " · ")
        }
        if f.stale && f.balance.isEmpty { return "Trial balance: reading…" }
        if f.balance.isEmpty { return "Trial balance: nothing has posted yet" }
        let totals = Dictionary(grouping: f.balance, by: \.currency).sorted { $0.key < $1.key }.map { currency, rows in
            let debit = rows.reduce(Int64(0)) { $0 + $1.debit }, credit = rows.reduce(Int64(0)) { $0 + $1.credit }
            return "\(currency) debits \(Money.format(debit)) \(debit == credit ? "=" : "≠") credits \(Money.format(credit))"
        }
        return "Trial balance: \(f.balance.count) accounts · " + totals.joined(separator: " · ")
            + (f.filter.isEmpty ? "" : " · \(f.table.rowCount) matching “\(f.filter)”")
    }
}
