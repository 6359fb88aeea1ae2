import Foundation
import Domain
import Store

extension Operations {
    /// Closes an accounting month for posting: entries made later for it post in the first
    /// open month. Months close in order, and only once they have begun.
    public func closePeriod(_ month: String, by actor: Actor) throws(OperationError) {
        guard Periods.isMonth(month) else { throw OperationError("\(month) is not a month like 2026-11.") }
        try perform(.closePeriod, by: actor) { tx, actor in
            let at = now
            guard month <= String(at.prefix(7)) else {
                throw OperationError("\(month) has not begun (today is \(at.prefix(10))): a month closes once it has.")
            }
            let closed = try tx.closedPeriods()
            if let same = closed.first(where: { $0.period == month }) {
                throw OperationError("\(month) is closed already (by \(same.closedBy), \(same.closedAt.prefix(10))).")
            }
            if let last = closed.last, month < last.period {
                throw OperationError("Months close in order: \(month) comes before \(last.period), closed already.")
            }
            try tx.closePeriod(month, by: actor.name, at: at)
            try tx.append(AuditEntry(actor: actor.name, role: actor.role, command: Command.closePeriod.rawValue, entity: "period:\(month)",
                                     reason: "closed for posting: later entries for it post in \(Periods.next(after: month)) or after",
                                     after: "closed"), at: at)
        }
    }
}
