import Foundation
import Domain
import Store

extension Operations {
    /// Ties an imported return document (an online-retail C invoice) to the sales it takes
    /// back, in the import's transaction: each line goes to earlier sales to the same customer
    /// of the same SKU, newest first, as far as their shipped units are not returned yet; a
    /// return per sale line. What no sale can take back is listed as unmatched with why, never
    /// dropped. A document of the past (`history`) is stored as done, refunded what it says
    /// (capped at what was paid); a live one is authorized, its refund held by policy.
    /// Returns how many returns it made and how many lines it listed as unmatched.
    func matchReturnDocument(_ document: Int64, _ draft: OrderDraft, skuIDs: [Int64], history: Bool, in tx: StoreTransaction,
                             actor: Actor, at: String) throws -> (tied: Int, unmatched: Int) {
        let when = history ? Operations.timestamp(draft.orderedAt) : nil
        var made = 0, unmatched = 0
        for (index, line) in draft.lines.enumerated() {
            let lineNo = index + 1, skuID = skuIDs[index]
            guard !draft.customer.isEmpty else {
                try tx.insertUnmatchedReturn(document: document, line: lineNo, skuID: skuID, quantity: line.quantity,
                                             reason: "no customer (a guest's return): no sale to tie it to")
                unmatched += 1
                continue
            }
            var left = line.quantity, tied = 0
            let candidates = try tx.returnCandidates(customer: draft.customer, skuID: skuID, before: draft.orderedAt)
            for c in candidates where left > 0 && c.returnable > 0 {
                let units = min(left, c.returnable)
                let (paid, freight) = Refund.paidFor(units: units, quantity: c.quantity, unitPrice: c.unitPrice, discount: c.discount, tax: c.tax,
                                                     orderFreight: c.freight, orderNet: try tx.orderNet(c.order))
                // The past refunded what the document says; a live return earns its policy's refund.
                let due = history
                    ? min(Refund.share(Saturating.multiply(Int64(line.quantity), line.unitPrice), part: Int64(units), of: Int64(line.quantity)),
                          paid + freight)
                    : Refund.due(ReturnReason.notGiven.policy, condition: nil, paid: paid, freight: freight)
                let code = try tx.nextReturnCode()
                try tx.insertImportedReturn(code: code, candidate: c, skuID: skuID, quantity: units, document: document, documentLine: lineNo,
                                            paid: paid, freightShare: freight, refundDue: due, history: when, by: actor.name, at: at)
                try tx.append(AuditEntry(actor: actor.name, role: actor.role, command: Command.importOrders.rawValue, entity: "return:\(code)",
                                         reason: "imported from \(draft.externalRef) line \(lineNo): \(units) x \(line.sku) of order \(c.order) line \(c.line)",
                                         after: history ? ReturnState.history.rawValue : ReturnState.authorized.rawValue), at: at)
                left -= units
                tied += units
                made += 1
            }
            guard left > 0 else { continue }
            let sold = candidates.reduce(0) { $0 + $1.shipped }
            let reason = candidates.isEmpty ? "no earlier sale of \(line.sku) to customer \(draft.customer)"
                : tied == 0 ? "the earlier sales of \(line.sku) to customer \(draft.customer) (\(sold) shipped) are returned already or not shipped"
                : "only \(tied) of \(line.quantity) could be tied to earlier sales of \(line.sku) to customer \(draft.customer)"
            try tx.insertUnmatchedReturn(document: document, line: lineNo, skuID: skuID, quantity: left, reason: reason)
            unmatched += 1
        }
        return (made, unmatched)
    }
}
