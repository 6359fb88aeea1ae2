import Foundation
import Domain
import Store

/// Drop-shipping: a line of a SKU its supplier ships to the customer is placed with the
/// supplier (a drop-ship purchase order, sent at once, one per order line) instead of being
/// planned against our stock; the supplier's ship confirmation (`qm po ship`) ships the line
/// without a stock move; cancelling or amending the order cancels the drop-ship order.
extension Operations {
    /// Places a line's units with its supplier: a sent drop-ship order addressed to the
    /// supplier's drop-ship node, expected after the supplier's lead time. Returns its reference.
    static func placeDropShip(order: Int64, line: Int, skuID: Int64, sku: String, quantity: Int, terms: DropShipTerms,
                              today: String, in tx: StoreTransaction, actor: Actor, at: String) throws -> String {
        let nodeCode = LocationKind.dropShipNode(of: terms.supplier)
        let isNew = try tx.locationID(nodeCode) == nil
        let node = try tx.dropShipNode(supplier: terms.supplier)
        if isNew {
            try tx.append(AuditEntry(actor: actor.name, role: actor.role, command: Command.allocateOrders.rawValue, entity: "location:\(nodeCode)",
                                     reason: "made for \(terms.supplier)'s drop-ship orders (kind drop-ship, fulfils nothing)"), at: at)
        }
        var code = "DS-\(order)-\(line)", n = 1
        while try tx.purchaseOrder(code) != nil { n += 1; code = "DS-\(order)-\(line)-\(n)" }   // a cancelled one keeps its number
        let po = PurchaseOrder(code: code, supplier: terms.supplier, location: nodeCode, currency: terms.unitCost.currency,
                               state: .sent, note: "drop-ship for order \(order) line \(line)",
                               lines: [PurchaseOrderLine(sku: sku, quantity: quantity, unitCost: terms.unitCost,
                                                         expectedDate: OrderDate.adding(days: terms.leadTimeDays, to: today))])
        let id = try tx.insertPurchaseOrder(po, supplierID: terms.supplierID, locationID: node, by: actor.name, at: at)
        try tx.insertPurchaseOrderLine(po.lines[0], order: id, lineNo: 1, skuID: skuID)
        try tx.setPurchaseOrderState(id, .sent, at: at)
        try tx.linkDropShip(purchaseOrder: id, order: order, line: line)
        try Self.auditPurchaseOrder(tx, actor, .allocateOrders, before: nil, after: po,
                               reason: "drop-ship for order \(order) line \(line): \(terms.supplier) ships \(quantity) \(sku) to the customer", at: at)
        return code
    }

    /// The supplier's confirmation that it shipped a drop-ship order to the customer: the
    /// order line's units ship (a shipment from the supplier's drop-ship node, no stock move),
    /// the order takes its next state, and the drop-ship order is complete.
    public func shipDropShip(_ reference: String, carrier: String, tracking: String,
                             by actor: Actor) throws(OperationError) -> (order: OrderHeader, shipment: Int64) {
        try Self.refuseShipmentText(carrier: carrier, tracking: tracking)
        return try perform(.shipOrder, by: actor) { tx, actor in
            let code = reference.trimmingCharacters(in: .whitespaces)
            guard let ds = try tx.dropShip(purchaseOrder: code) else {
                if try tx.purchaseOrder(code) != nil { throw OperationError("\(code) is not a drop-ship order: its goods come to us (qm receive).") }
                throw OperationError("No purchase order \(code): qm po list shows them.")
            }
            guard ds.state == .sent else { throw OperationError("\(code) is \(ds.state.rawValue): only a sent drop-ship order ships.") }
            guard let order = try tx.orderHeader(ds.orderID) else { throw OperationError("Order \(ds.orderID) of \(code) is missing.") }
            var lines = try tx.orderLines(order.id)
            guard let index = lines.firstIndex(where: { $0.lineNo == ds.lineNo }), lines[index].allocated >= ds.quantity else {
                throw OperationError("Order \(order.id) line \(ds.lineNo) does not hold the \(ds.quantity) units \(code) ships; qm verify says more.")
            }
            lines[index].allocated -= ds.quantity
            lines[index].shipped += ds.quantity
            try tx.updateLine(lines[index], orderID: order.id)
            let at = now
            let shipment = try tx.recordShipments([NewShipment(orderID: order.id, locationID: ds.locationID, carrier: carrier,
                                                               tracking: tracking, at: at, allocations: [])], by: actor.name)[0]
            var after = order
            after.state = OrderState.derived(from: lines.map(\.quantities), current: order.state)
            try tx.setOrderState(order.id, after.state, at: at)
            let before = try tx.purchaseOrder(code)!.order
            try tx.completeDropShip(purchaseOrder: ds.purchaseOrderID, at: at)
            // The goods never were ours: what the supplier charges is the cost of the goods sold.
            let cost = before.lines.reduce(Int64(0)) { Saturating.add($0, $1.value) }
            tx.postMoney([(.costOfGoodsSold, cost), (.goodsReceivedNotInvoiced, -cost)], currency: before.currency, channel: order.channel,
                         document: "order \(order.id)")
            var done = before
            done.state = .received
            done.lines = done.lines.map { var l = $0; l.received = l.quantity; return l }
            try auditPurchaseOrder(tx, actor, .shipOrder, before: before, after: done,
                                   reason: "shipped by \(ds.supplier) to the customer of order \(order.id): \(carrier) \(tracking)", at: at)
            try auditOrder(tx, actor, .shipOrder, order: order, after: after,
                           reason: "line \(ds.lineNo) drop-shipped by \(ds.supplier) (\(code)): \(carrier) \(tracking)"
                               + (order.onHold ? " (the order is on hold; the supplier had already shipped)" : ""))
            return (after, shipment)
        }
    }

    /// Cancels the drop-ship orders still with their suppliers for these lines of an order
    /// (nil: every line): the order was cancelled or amended. Returns their references.
    @discardableResult
    func cancelDropShips(order: Int64, lines: Set<Int>?, reason: String, in tx: StoreTransaction, actor: Actor) throws -> [String] {
        var cancelled: [String] = []
        for ds in try tx.dropShips(salesOrder: order) where ds.state == .sent && (lines?.contains(ds.lineNo) ?? true) {
            let before = try tx.purchaseOrder(ds.purchaseOrder)!.order
            try tx.setPurchaseOrderState(ds.purchaseOrderID, .cancelled, at: now)
            var after = before
            after.state = .cancelled
            try auditPurchaseOrder(tx, actor, .cancelOrder, before: before, after: after,
                                   reason: "order \(order) line \(ds.lineNo) \(reason): tell \(ds.supplier) not to ship")
            cancelled.append(ds.purchaseOrder)
        }
        return cancelled
    }
}
