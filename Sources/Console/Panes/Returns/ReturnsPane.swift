import Domain
import Store
import Operations
import TerminalKit

/// Drawing of the returns pane.
enum ReturnsPane {
    static let columns = [
        TableColumn(title: "RMA", width: 7, priority: 100),
        TableColumn(title: "State", width: 10, priority: 100),
        TableColumn(title: "Order", width: 6, alignment: .right, priority: 80),
        TableColumn(title: "Customer", width: 9, flexible: true, maxWidth: 12, priority: 60),
        TableColumn(title: "SKU", width: 9, priority: 95),
        TableColumn(title: "Qty", width: 4, alignment: .right, priority: 95),
        TableColumn(title: "Reason", width: 18, flexible: true, maxWidth: 20, priority: 70),
        TableColumn(title: "Age", width: 7, priority: 75),
        TableColumn(title: "At", width: 8, priority: 50),
        TableColumn(title: "Refund", width: 13, alignment: .right, priority: 85),
        TableColumn(title: "", width: 8, priority: 40),   // the refund's state
    ]

    static func money(_ minor: Int64, _ currency: String) -> String { Money(minorUnits: minor, currency: currency).description }

    static func row(_ r: CustomerReturnRecord, now: String) -> (id: String, cells: [String]) {
        let step = switch r.state {
        case .authorized: "to receive"
        case .received: "to inspect"
        case .inspected: "to refund"
        case .cancelled: "cancelled"
        case .history: "history"
        }
        return (r.code, [r.code, step, String(r.order), r.customer, r.sku, String(r.quantity), r.reason.words,
                         Age.text(since: r.stateSince, now: now), r.location ?? "", money(r.refundAmount ?? r.refundDue, r.currency),
                         r.refundState.rawValue])
    }

    /// The condition an inspector most often finds for a disposition (the form starts there).
    static func likelyCondition(_ d: Disposition) -> ReturnCondition {
        switch d {
        case .resell: .asNew
        case .refurbish: .opened
        case .scrap, .returnToVendor: .damaged
        }
    }

    static func headerLine(_ state: ConsoleState) -> String {
        let r = state.returns
        if r.stale && r.returns.isEmpty { return "Returns: reading…" }
        let by = Dictionary(grouping: r.returns, by: \.state).mapValues(\.count)
        var parts = ["\(by[.authorized] ?? 0) to receive", "\(by[.received] ?? 0) to inspect", "\(by[.inspected] ?? 0) refunds to release"]
        if r.total > r.returns.count { parts.append(QueueReach.words(read: r.returns.count, total: r.total)) }
        if !r.filter.isEmpty { parts.append("\(r.table.rowCount) matching “\(r.filter)”") }
        let sort = r.sort.label(columns.map(\.title))
        if !sort.isEmpty { parts.append(sort) }
        return "Returns: " + parts.joined(separator: " · ")
    }
}
