import Foundation
import Domain
import Store

/// Purchase orders brought in bulk (`qm import pos`, the demo): each is created as a draft and
/// taken through the same approve and send steps a person would take, with their rules and
/// audit entries, to the state its row asks for. All or nothing, like every import.
extension Operations {
    public func importPurchaseOrders(_ rows: [ImportRow<PurchaseOrder>], source: String, by actor: Actor,
                                     progress: ImportProgress? = nil) throws(OperationError) -> ImportSummary {
        try importPurchaseOrders(source: source, by: actor, progress: progress, produce: Self.each(rows))
    }

    /// A reference already stored with the same supplier, location, currency, note and lines is
    /// left alone, or taken on to a later state the row asks for (draft -> approved -> sent);
    /// with anything else different it is refused: a purchase order changes through its commands.
    public func importPurchaseOrders(source: String, by actor: Actor, progress: ImportProgress? = nil,
                                     produce: ImportProducer<PurchaseOrder>) throws(OperationError) -> ImportSummary {
        try perform(.editPurchaseOrder, by: actor) { tx, actor in
            var summary = ImportSummary()
            let reason = "imported from \(source)"
            try forEachRow(produce, progress, in: tx, key: { "purchase order \($0.code)" }) { row in
                let wanted = row.value
                guard let target = Self.importRank(wanted.state) else {
                    throw OperationError("\(wanted.code): an import brings purchase orders as draft, approved or sent, not \(wanted.state.rawValue).")
                }
                var record: PurchaseOrderRecord
                if let stored = try tx.purchaseOrder(wanted.code) {
                    guard Self.sameContent(stored.order, wanted) else {
                        throw OperationError("Purchase order \(wanted.code) already exists with other content; change it with qm po, not by import.")
                    }
                    record = stored
                    guard let rank = Self.importRank(stored.order.state), rank < target else { summary.unchanged += 1; return }
                    summary.updated += 1
                } else {
                    record = try creating(wanted, in: tx, actor: actor, reason: reason)
                    summary.created += 1
                }
                for step in [PurchaseOrderStep.approve, .send].prefix(target)
                where Self.importRank(record.order.state).map({ $0 < target }) ?? false {
                    record = try stepping(record, step, reason: reason, in: tx, actor: actor)
                }
            }
            try auditBatch(tx, actor, .editPurchaseOrder, kind: "purchase orders", source: source, summary: summary)
            return summary
        }
    }

    /// How far along the steps an import takes an order: draft 0, approved 1, sent 2; nil past them.
    private static func importRank(_ state: PurchaseOrderState) -> Int? {
        switch state {
        case .draft: 0
        case .approved: 1
        case .sent: 2
        default: nil
        }
    }

    /// Equal but for state and what has arrived since.
    private static func sameContent(_ stored: PurchaseOrder, _ wanted: PurchaseOrder) -> Bool {
        func content(_ o: PurchaseOrder) -> [String] {
            [o.supplier, o.location, o.currency, o.note] + o.lines.map { "\($0.sku)|\($0.quantity)|\($0.unitCost)|\($0.expectedDate)" }
        }
        return content(stored) == content(wanted)
    }
}
