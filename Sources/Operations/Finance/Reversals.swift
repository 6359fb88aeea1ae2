import Foundation
import Domain
import Store

/// What reversing a journal entry posted.
public struct ReversalOutcome: Sendable, Equatable, Codable {
    public var reversed: Int64
    public var entry: Int64
    public var period: String
}

extension Operations {
    /// Corrects the books by a reversing entry (docs/MONEY.md): the entry's lines with debit and
    /// credit swapped, naming it, in the open month. Entries stay as they were: the journal is
    /// append-only. An entry that moves inventory is refused: the stock's value follows the
    /// stock, so it is corrected by the event's own undoing (a return, an adjustment, a void).
    public func reverseEntry(_ id: Int64, reason: String, by actor: Actor) throws(OperationError) -> ReversalOutcome {
        try Self.requireReason(reason)
        return try perform(.reverseEntry, by: actor) { tx, actor in
            guard let original = try tx.journalEntry(id) else { throw OperationError("No journal entry \(id): qm journal lists them.") }
            if let of = original.reverses {
                throw OperationError("Entry \(id) is the reversal of entry \(of): a reversal is not reversed (post the correction it needs instead).")
            }
            if let by = try tx.reversal(of: id) { throw OperationError("Entry \(id) was reversed by entry \(by) already.") }
            if let inventory = try tx.accountMap().account(for: .inventory), original.draft.lines.contains(where: { $0.account == inventory }) {
                throw OperationError("Entry \(id) (\(original.draft.event)) moves inventory: the stock's value follows the stock, so it is "
                                     + "corrected by undoing the event (a return, an adjustment, a voided write-off), not in the journal.")
            }
            var reversal = original.draft
            reversal.event = Command.reverseEntry.rawValue
            reversal.documents = ["entry \(id)"] + original.draft.documents
            reversal.memo = reason
            reversal.lines = original.draft.lines.map { JournalLine(account: $0.account, debit: $0.credit, credit: $0.debit, location: $0.location,
                                                                    channel: $0.channel) }
            let at = now
            let entry = try tx.postReversal(reversal, of: id, actor: actor.name, at: at)
            let period = try tx.journalEntry(entry)?.period ?? String(at.prefix(7))
            try tx.append(AuditEntry(actor: actor.name, role: actor.role, command: Command.reverseEntry.rawValue, entity: "journal:\(id)",
                                     reason: "reversed by entry \(entry) in \(period): \(reason)", before: "posted", after: "reversed by entry \(entry)"),
                          at: at)
            return ReversalOutcome(reversed: id, entry: entry, period: period)
        }
    }
}
