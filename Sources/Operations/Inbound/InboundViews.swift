import Foundation
import Domain
import Store

/// A purchase order with everything the inbound pane shows of it: its receipts and notices,
/// what its supplier allows, where each SKU's goods go, and the backorders waiting for them.
public struct PurchaseOrderDetail: Sendable, Equatable {
    /// The backordered lines of one of its SKUs.
    public struct Waiting: Sendable, Equatable {
        public var sku: String
        public var units: Int
        /// The oldest first, at most `PurchaseOrderDetail.waitingLineLimit`.
        public var lines: [BackorderLine]
    }
    public var record: PurchaseOrderRecord
    public var tolerance: ReceivingTolerance
    /// Its SKUs flagged for inspection: their good units go to quarantine.
    public var inspected: Set<String>
    public var receipts: [ReceiptRow]
    public var notices: [ShippingNoticeRecord]
    /// Per SKU on the order with units backordered, in line order.
    public var waiting: [Waiting]
    public var history: [AuditRow]
    /// Today, for what is late.
    public var today: String

    public static let waitingLineLimit = 20
    public static let historyLimit = 50

    /// Where a received line goes.
    public func destination(_ line: ReceivedLine) -> StockStatus {
        Receiving.destination(line.condition, inspect: inspected.contains(line.sku))
    }
}

/// A receipt checked exactly as `receive` would check it, not written: for the confirmation.
public struct ReceiptPlan: Sendable, Equatable {
    public var purchaseOrder: String
    public var location: String
    public var stateBefore: PurchaseOrderState
    public var stateAfter: PurchaseOrderState
    /// The shipping notice the goods are counted under, received with them.
    public var notice: String?
    /// Each line (the same SKU and condition added up) with where it goes.
    public var lines: [(line: ReceivedLine, status: StockStatus)]
    /// The order's other open shipping notices, dismissed with it when it takes no more goods.
    public var dismissing: [String]

    public static func == (a: ReceiptPlan, b: ReceiptPlan) -> Bool {
        a.purchaseOrder == b.purchaseOrder && a.location == b.location && a.stateBefore == b.stateBefore
            && a.stateAfter == b.stateAfter && a.notice == b.notice && a.lines.map(\.line) == b.lines.map(\.line) && a.lines.map(\.status) == b.lines.map(\.status)
            && a.dismissing == b.dismissing
    }
}

extension Operations {
    /// How many purchase orders, notices and transfers wait in each inbound queue.
    public func inboundQueues() throws(OperationError) -> InboundQueueCounts {
        let today = today
        return try read { try $0.inboundQueueCounts(today: today) }
    }

    /// A purchase order as the inbound pane opens it.
    public func purchaseOrderDetail(_ reference: String) throws(OperationError) -> PurchaseOrderDetail {
        let today = today
        return try read { r in
            let record = try resolvePurchaseOrder(reference, in: r)
            guard let supplier = try r.supplier(record.order.supplier) else { throw OperationError("Unknown supplier \(record.order.supplier).") }
            var inspected: Set<String> = [], waiting: [PurchaseOrderDetail.Waiting] = []
            let locationID = try r.locationID(record.order.location)
            for line in record.order.lines {
                if let locationID, let facts = try r.receivingFacts(line.sku, locationID: locationID) {
                    if facts.inspect { inspected.insert(line.sku) }
                    let units = try r.backorderedQuantity(skuID: facts.id)
                    if units > 0 {
                        waiting.append(.init(sku: line.sku, units: units,
                                             lines: try r.backorderLines(sku: line.sku, limit: PurchaseOrderDetail.waitingLineLimit)))
                    }
                }
            }
            return PurchaseOrderDetail(record: record, tolerance: supplier.tolerance, inspected: inspected,
                                       receipts: try r.receipts(purchaseOrder: record.id),
                                       notices: try r.shippingNotices(purchaseOrder: record.id), waiting: waiting,
                                       history: try r.auditEntries(entity: "po:\(record.order.code)", limit: PurchaseOrderDetail.historyLimit),
                                       today: today)
        }
    }

    /// What `receive([request])` would do, checked as it would be (role, order state, SKUs,
    /// tolerance, quantities) but not written.
    public func planReceipt(_ request: ReceiptRequest, by actor: Actor) throws(OperationError) -> ReceiptPlan {
        try read { r in
            try AccessPolicy.authorize(try r.user(actor.name)?.role ?? actor.role, .receiveGoods, user: actor.name)
            let record = try resolvePurchaseOrder(request.purchaseOrder, in: r)
            try Self.refuseDropShipReceipt(record)
            guard let supplier = try r.supplier(record.order.supplier) else { throw OperationError("Unknown supplier \(record.order.supplier).") }
            if let notice = request.notice { _ = try countedNotice(notice, for: record, in: r) }
            let plan = try Receiving.plan(request.lines, against: record.order, tolerance: supplier.tolerance)
            guard let locationID = try r.locationID(record.order.location) else { throw OperationError("Unknown location \(record.order.location).") }
            let lines = try plan.lines.map { line -> (line: ReceivedLine, status: StockStatus) in
                guard let facts = try r.receivingFacts(line.sku, locationID: locationID) else { throw OperationError("Unknown SKU \(line.sku).") }
                return (line, Receiving.destination(line.condition, inspect: facts.inspect))
            }
            let dismissing = Self.endsNotices(plan.after.state)
                ? try r.openShippingNotices(purchaseOrder: record.id).map(\.ref).filter { $0 != request.notice } : []
            return ReceiptPlan(purchaseOrder: record.order.code, location: record.order.location, stateBefore: record.order.state,
                               stateAfter: plan.after.state, notice: request.notice, lines: lines, dismissing: dismissing)
        }
    }
}
