import Foundation
import Domain
import Store

/// Purchase orders: planners draft and approve them (above the planners' limit, a supervisor
/// or an admin approves), send them, and cancel or close them. Each step is one transaction
/// with an audit entry on "po:CODE". While an order is approved, sent or partially received
/// its open quantities are the inbound figure of its location (`inbound_supply`), so every
/// step that starts or stops that moves the cached figure in the same transaction.
extension Operations {
    /// Creates a draft purchase order with the lines given (or none, to add later). An empty
    /// reference takes the next PO- number.
    public func createPurchaseOrder(_ order: PurchaseOrder, by actor: Actor) throws(OperationError) -> PurchaseOrderRecord {
        try perform(.editPurchaseOrder, by: actor) { tx, actor in
            guard order.state == .draft else {
                throw OperationError("A new purchase order starts as a draft (then approve and send it), not \(order.state.rawValue).")
            }
            var order = order
            if order.code.isEmpty { order.code = try tx.nextPurchaseOrderCode() }
            return try creating(order, in: tx, actor: actor, reason: order.note.isEmpty ? "created" : order.note)
        }
    }

    /// Adds a line to a draft.
    public func addPurchaseOrderLine(_ reference: String, _ line: PurchaseOrderLine,
                                     by actor: Actor) throws(OperationError) -> PurchaseOrderRecord {
        try perform(.editPurchaseOrder, by: actor) { tx, actor in
            let record = try resolvePurchaseOrder(reference, in: tx)
            guard record.order.state.isEditable else {
                throw OperationError("\(record.order.code) is \(record.order.state.rawValue): only a draft takes new lines.")
            }
            var after = record.order
            after.lines.append(PurchaseOrderLine(sku: line.sku, quantity: line.quantity, unitCost: line.unitCost,
                                                 expectedDate: line.expectedDate))
            try after.validate()
            let skuID = try checkLine(line, of: after, in: tx)
            try tx.insertPurchaseOrderLine(line, order: record.id, lineNo: after.lines.count, skuID: skuID)
            try auditPurchaseOrder(tx, actor, .editPurchaseOrder, before: record.order, after: after,
                                   reason: "added \(line.quantity.grouped) x \(line.sku) at \(line.unitCost) for \(line.expectedDate)")
            return try tx.purchaseOrder(after.code)!
        }
    }

    /// Approves, sends, cancels or closes a purchase order. Cancelling and closing need a reason.
    public func advancePurchaseOrder(_ reference: String, _ step: PurchaseOrderStep, reason: String = "",
                                     by actor: Actor) throws(OperationError) -> PurchaseOrderRecord {
        try perform(step.command, by: actor) { tx, actor in
            try stepping(try resolvePurchaseOrder(reference, in: tx), step, reason: reason, in: tx, actor: actor)
        }
    }

    /// Moves the expected date of one line (or of every line still open): the supplier
    /// confirmed a new date. Backorders waiting on the order take the new date at the next
    /// allocation run, which plans them again.
    public func reschedulePurchaseOrder(_ reference: String, sku: String?, to date: String, reason: String,
                                        by actor: Actor) throws(OperationError) -> PurchaseOrderRecord {
        try Self.requireReason(reason)
        return try perform(.reschedulePurchaseOrder, by: actor) { tx, actor in
            let record = try resolvePurchaseOrder(reference, in: tx)
            var after = record.order
            let moved = try after.reschedule(sku: sku, to: date)
            var skuIDs: [Int64] = []
            for line in moved {
                try tx.setExpectedDate(order: record.id, sku: line.sku, to: date)
                if let id = try tx.skuID(line.sku) { skuIDs.append(id) }
            }
            let redated = record.order.state.countsAsInbound ? try redateBackorders(skuIDs: skuIDs, in: tx) : 0
            let what = moved.map { "\($0.sku) from \($0.from)" }.joined(separator: ", ")
            try auditPurchaseOrder(tx, actor, .reschedulePurchaseOrder, before: record.order, after: after,
                                   reason: "expected \(date) (was: \(what)): \(reason)" + Self.redatedNote(redated))
            return try tx.purchaseOrder(after.code)!
        }
    }

    /// A purchase order by its reference, with its lines.
    public func purchaseOrder(_ reference: String) throws(OperationError) -> PurchaseOrderRecord {
        try read { r in try resolvePurchaseOrder(reference, in: r) }
    }

    // MARK: Shared steps

    /// Stores a new order (any lines checked against the catalogue and the supplier's terms)
    /// in draft, with its audit entry.
    func creating(_ order: PurchaseOrder, in tx: StoreTransaction, actor: Actor, reason: String) throws -> PurchaseOrderRecord {
        var draft = order
        draft.state = .draft
        try draft.validate()
        guard try tx.purchaseOrder(draft.code) == nil else { throw OperationError("Purchase order \(draft.code) already exists.") }
        guard let supplierID = try tx.supplierID(draft.supplier) else { throw OperationError("Unknown supplier \(draft.supplier).") }
        guard let location = try tx.location(draft.location), let locationID = try tx.locationID(draft.location) else {
            throw OperationError("Unknown location \(draft.location).")
        }
        guard location.kind != .inTransit else {
            throw OperationError("\(draft.location) is an in-transit location: a purchase order is delivered to a place that receives goods.")
        }
        let skuIDs = try draft.lines.map { line in try checkLine(line, of: draft, in: tx) }
        let id = try tx.insertPurchaseOrder(draft, supplierID: supplierID, locationID: locationID, by: actor.name, at: now)
        for (i, line) in draft.lines.enumerated() {
            try tx.insertPurchaseOrderLine(line, order: id, lineNo: i + 1, skuID: skuIDs[i])
        }
        try auditPurchaseOrder(tx, actor, .editPurchaseOrder, before: nil, after: draft,
                               reason: "\(reason): \(draft.supplier) to \(draft.location)")
        return try tx.purchaseOrder(draft.code)!
    }

    /// Moves an order one step along, with the inbound figure when the step starts or stops
    /// counting it.
    func stepping(_ record: PurchaseOrderRecord, _ step: PurchaseOrderStep, reason: String, in tx: StoreTransaction,
                  actor: Actor) throws -> PurchaseOrderRecord {
        try AccessPolicy.authorize(actor.role, step.command, user: actor.name)
        if let link = record.dropShipFor {
            throw OperationError("\(record.order.code) is a drop-ship order for order \(link.order) line \(link.line): it follows that line "
                                 + "(cancel the line to cancel it; qm po ship records the supplier's shipment).")
        }
        let before = record.order
        let next = try before.state.next(for: step)
        switch step {
        case .approve:
            guard !before.lines.isEmpty else { throw OperationError("\(before.code) has no lines: add one before approving it.") }
            if let refusal = PurchaseOrderApproval.refusal(actor.role, value: before.value,
                                                           plannerLimit: try tx.settings().plannerApprovalLimit) {
                throw OperationError("\(before.code): \(refusal)")
            }
        case .cancel, .close:
            try Self.requireReason(reason)
        case .send:
            try Self.refuseUnsafeText(reason, what: "note")
        }
        try tx.setPurchaseOrderState(record.id, next, at: now)
        var redated = 0
        if before.state.countsAsInbound != next.countsAsInbound {
            try tx.shiftInbound(order: record.id, sign: next.countsAsInbound ? 1 : -1)
            redated = try redateBackorders(skuIDs: try before.lines.compactMap { try tx.skuID($0.sku) }, in: tx)
        }
        var after = before
        after.state = next
        let dismissed = try dismissNotices(of: after.code, id: record.id, now: next, step.command, in: tx, actor: actor)
        let said = reason.isEmpty ? "" : ": \(reason)"
        try auditPurchaseOrder(tx, actor, step.command, before: before, after: after, reason: "\(step.rawValue)\(said)" + Self.redatedNote(redated)
                                   + (dismissed.isEmpty ? "" : "; shipping notices dismissed: \(dismissed.joined(separator: ", "))"))
        return try tx.purchaseOrder(before.code)!
    }

    /// "(3 backordered lines re-dated)" for an audit reason, or nothing.
    static func redatedNote(_ count: Int) -> String {
        count == 0 ? "" : " (\(count) backordered line\(count == 1 ? "" : "s") re-dated)"
    }

    /// The SKU's id, once the line is one the catalogue and the supplier allow.
    private func checkLine(_ line: PurchaseOrderLine, of order: PurchaseOrder, in tx: StoreTransaction) throws -> Int64 {
        guard let sku = try tx.sku(line.sku), let skuID = try tx.skuID(line.sku) else {
            throw OperationError("\(order.code): unknown SKU \(line.sku).")
        }
        guard !sku.isKit else {
            throw OperationError("\(order.code): \(line.sku) is a kit; kits hold no stock of their own, so buy its components.")
        }
        guard let supplier = try tx.supplier(order.supplier) else { throw OperationError("Unknown supplier \(order.supplier).") }
        try supplier.checkOrderQuantity(line.quantity, of: sku, order: order.code)
        return skuID
    }

    func resolvePurchaseOrder(_ reference: String, in r: some StoreReading) throws -> PurchaseOrderRecord {
        let code = reference.trimmingCharacters(in: .whitespaces)
        if let record = try r.purchaseOrder(code) { return record }
        throw OperationError("No purchase order \(code): qm po list shows them.")
    }

    func auditPurchaseOrder(_ tx: StoreTransaction, _ actor: Actor, _ command: Command, before: PurchaseOrder?,
                            after: PurchaseOrder, reason: String, stock: [PositionChange]? = nil, at: String? = nil) throws {
        try Self.auditPurchaseOrder(tx, actor, command, before: before, after: after, reason: reason, stock: stock, at: at ?? now)
    }

    static func auditPurchaseOrder(_ tx: StoreTransaction, _ actor: Actor, _ command: Command, before: PurchaseOrder?,
                                   after: PurchaseOrder, reason: String, stock: [PositionChange]? = nil, at: String) throws {
        var image = PurchaseOrderImage(after)
        image.stock = stock
        try tx.append(AuditEntry(actor: actor.name, role: actor.role, command: command.rawValue, entity: "po:\(after.code)",
                                 reason: reason, before: AuditJSON.encode(before.map(PurchaseOrderImage.init)),
                                 after: AuditJSON.encode(image)), at: at)
    }
}

/// What an audit entry keeps of a purchase order: its state and totals (the lines are in the
/// order itself, and an entry per line added says which). A receipt's entry also holds every
/// stock position it changed, before and after: it is the audit of the receipt's moves.
struct PurchaseOrderImage: Encodable {
    var state: String
    var lines: Int
    var value: String
    var open: Int
    var stock: [PositionChange]?

    init(_ order: PurchaseOrder) {
        state = order.state.rawValue; lines = order.lines.count; value = order.value.description; open = order.open
    }
}

/// A stock position a command changed, before and after.
struct PositionChange: Encodable {
    var sku: String
    var location: String
    var before: StockPosition
    var after: StockPosition
}
