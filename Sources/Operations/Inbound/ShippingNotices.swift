import Foundation
import Domain
import Store

/// What a shipping-notice import did.
public struct ShippingNoticeImportSummary: Sendable, Equatable, Codable {
    public var created = 0
    public var unchanged = 0
    /// Of `created`: notices that did not match their order, waiting for the receiving supervisor.
    public var withExceptions = 0
    public init() {}
}

/// Advance shipping notices (`qm import asn`): each is matched against its purchase order as it
/// is imported. What does not match (an unknown order or SKU, a SKU not on the order, more than
/// the order takes) is stored as an exception for the receiving supervisor, never silently
/// accepted. All or nothing, like every import; a notice sent again changes nothing.
extension Operations {
    public func importShippingNotices(_ rows: [ImportRow<AdvanceShippingNotice>], source: String,
                                      by actor: Actor) throws(OperationError) -> ShippingNoticeImportSummary {
        try importShippingNotices(source: source, by: actor, produce: Self.each(rows))
    }

    public func importShippingNotices(source: String, by actor: Actor, progress: ImportProgress? = nil,
                                      produce: ImportProducer<AdvanceShippingNotice>) throws(OperationError) -> ShippingNoticeImportSummary {
        try perform(.importShippingNotices, by: actor) { tx, actor in
            var summary = ShippingNoticeImportSummary()
            try forEachRow(produce, progress, in: tx, key: { "shipping notice \($0.ref)" }) { row in
                let notice = row.value
                try notice.validate()
                if let stored = try tx.shippingNotice(notice.ref) {
                    guard stored.notice == notice else {
                        throw OperationError("Shipping notice \(notice.ref) was imported before with other content; a correction needs a new reference.")
                    }
                    summary.unchanged += 1
                    return
                }
                let order = try tx.purchaseOrder(notice.purchaseOrder)
                let tolerance = try order.flatMap { try tx.supplier($0.order.supplier) }?.tolerance ?? ReceivingTolerance()
                let known = Set(try notice.lines.map(\.sku).filter { try tx.skuID($0) != nil })
                let exceptions = notice.exceptions(against: order?.order, tolerance: tolerance, known: known)
                try tx.insertShippingNotice(notice, orderID: order?.id, exceptions: exceptions, source: source, by: actor.name, at: now)
                summary.created += 1
                if !exceptions.isEmpty { summary.withExceptions += 1 }
                try tx.append(AuditEntry(actor: actor.name, role: actor.role, command: Command.importShippingNotices.rawValue,
                                         entity: "asn:\(notice.ref)",
                                         reason: "imported from \(source): \(notice.lines.count) lines against \(notice.purchaseOrder), expected \(notice.expectedArrival)"
                                             + (exceptions.isEmpty ? "" : "; \(exceptions.count) exception\(exceptions.count == 1 ? "" : "s"): "
                                                + exceptions.map(\.problem).joined(separator: "; "))), at: now)
            }
            return summary
        }
    }
}

extension Operations {
    /// An order in `state` can take no more goods (received in full, closed, cancelled): its
    /// open shipping notices end with it.
    static func endsNotices(_ state: PurchaseOrderState) -> Bool { [.received, .closed, .cancelled].contains(state) }

    /// An order that can take no more goods takes its open shipping notices with it: they would
    /// otherwise wait in the late-notices queue, and alert, for goods nobody can receive. Each
    /// is dismissed saying why, audited under the command that ended the order. Returns their
    /// references.
    func dismissNotices(of order: String, id: Int64, now state: PurchaseOrderState, _ command: Command, in tx: StoreTransaction,
                        actor: Actor) throws -> [String] {
        guard Self.endsNotices(state) else { return [] }
        let notices = try tx.openShippingNotices(purchaseOrder: id)
        for notice in notices {
            let note = "\(order) is \(state.rawValue): nothing more can be received against it"
            try tx.closeShippingNotice(notice.id, as: "dismissed", note: note, by: actor.name, at: now)
            try tx.append(AuditEntry(actor: actor.name, role: actor.role, command: command.rawValue, entity: "asn:\(notice.ref)",
                                     reason: "dismissed with its order: \(note)", before: "open", after: "dismissed"), at: now)
        }
        return notices.map(\.ref)
    }
}
