import Foundation
import Domain
import Store

/// Customer-service and warehouse commands on one order: holds, cancellation, the
/// fulfilment steps and shipment. Each is one transaction with an audit entry.
extension Operations {
    /// Places a hold. Who may place it depends on the reason (HoldReason.handlers).
    public func hold(order reference: String, reason: HoldReason, note: String = "",
                     by actor: Actor) throws(OperationError) -> OrderHeader {
        try perform(.holdOrder, by: actor) { tx, actor in try holding(reference, reason: reason, note: note, in: tx, actor: actor) }
    }

    func holding(_ reference: String, reason: HoldReason, note: String, in tx: StoreTransaction, actor: Actor) throws -> OrderHeader {
        let order = try resolveOrder(reference, in: tx)
        try reason.authorize(actor.role, user: actor.name, verb: "place")
        try Self.refuseUnsafeText(note, what: "note")
        guard order.kind == .sale else { throw OperationError("Order \(order.id) is a \(order.kind.rawValue), not a sale: it cannot be held.") }
        guard order.state.acceptsHold else {
            throw OperationError("Order \(order.id) is \(order.state.rawValue): only orders not yet shipped can be held.")
        }
        if try tx.orderHolds(order.id).contains(where: { $0.isOpen && $0.reason == reason }) {
            throw OperationError("Order \(order.id) is already on a \(reason.rawValue) hold.")
        }
        try tx.placeHold(order.id, reason: reason, note: note, by: actor.name, at: now)
        let after = try tx.orderHeader(order.id)!
        try auditOrder(tx, actor, .holdOrder, order: order, after: after,
                       reason: "\(reason.rawValue) hold" + (note.isEmpty ? "" : ": \(note)"))
        return after
    }

    /// Releases the open holds the actor may release (or only `reason`'s). When none is left,
    /// a validated order is released for allocation. Fraud and credit holds need a note
    /// (`HoldReason.releaseNeedsNote`).
    public func releaseHolds(order reference: String, reason: HoldReason? = nil, note: String = "",
                             by actor: Actor) throws(OperationError) -> (header: OrderHeader, released: [HoldReason]) {
        try perform(.releaseHold, by: actor) { tx, actor in
            let result = try releasingHolds(reference, reason: reason, note: note, in: tx, actor: actor)
            return (result.header, result.released)
        }
    }

    /// Also returns the open holds left for another role.
    func releasingHolds(_ reference: String, reason: HoldReason?, note: String, in tx: StoreTransaction,
                        actor: Actor) throws -> (header: OrderHeader, released: [HoldReason], left: [HoldReason]) {
        let order = try resolveOrder(reference, in: tx)
        try Self.refuseUnsafeText(note, what: "note")
        let open = try tx.orderHolds(order.id).filter { $0.isOpen && (reason == nil || $0.reason == reason) }
        guard !open.isEmpty else {
            throw OperationError(reason.map { "Order \(order.id) has no open \($0.rawValue) hold." } ?? "Order \(order.id) is not on hold.")
        }
        let mine = open.filter { $0.reason.handlers.contains(actor.role) }
        guard !mine.isEmpty else {
            // Name what is needed, from the first hold the actor may not touch.
            try open[0].reason.authorize(actor.role, user: actor.name, verb: "release")
            return (order, [], open.map(\.reason))
        }
        if note.trimmingCharacters(in: .whitespaces).isEmpty, let strict = mine.first(where: \.reason.releaseNeedsNote) {
            throw OperationError("Releasing a \(strict.reason.rawValue) hold needs a note saying why (order \(order.id)).")
        }
        for hold in mine { try tx.releaseHold(hold.id, orderID: order.id, by: actor.name, at: now) }
        var after = try tx.orderHeader(order.id)!
        if after.openHolds == 0 && after.state == .validated {
            try tx.setOrderState(order.id, .released, at: now)
            after = try tx.orderHeader(order.id)!
        }
        let left = open.filter { !$0.reason.handlers.contains(actor.role) }.map(\.reason)
        try auditOrder(tx, actor, .releaseHold, order: order, after: after,
                       reason: "released \(mine.map(\.reason.rawValue).joined(separator: ", ")) hold"
                           + (note.isEmpty ? "" : ": \(note)") + (left.isEmpty ? "" : " (\(left.count) hold(s) need another role)"))
        return (after, mine.map(\.reason), left)
    }

    /// Cancels a whole order, or one line, before it ships. Its reservations are freed in
    /// the same transaction. Cancelling a held order needs the right to release its holds.
    public func cancel(order reference: String, line lineNo: Int? = nil, reason: CancelReason, note: String = "",
                       by actor: Actor) throws(OperationError) -> OrderHeader {
        try perform(.cancelOrder, by: actor) { tx, actor in try cancelling(reference, line: lineNo, reason: reason, note: note, in: tx, actor: actor) }
    }

    func cancelling(_ reference: String, line lineNo: Int?, reason: CancelReason, note: String, in tx: StoreTransaction,
                    actor: Actor) throws -> OrderHeader {
        let order = try resolveOrder(reference, in: tx)
        try Self.refuseUnsafeText(note, what: "note")
        guard order.kind == .sale else { throw OperationError("Order \(order.id) is a \(order.kind.rawValue), not a sale.") }
        let lineOK = lineNo != nil && order.state == .partiallyShipped
        guard order.state.isCancellable || lineOK else {
            throw OperationError("Order \(order.id) is \(order.state.rawValue): only orders not yet shipped can be cancelled.")
        }
        var lines = try tx.orderLines(order.id)
        let targets: [Int]
        if let lineNo {
            guard let index = lines.firstIndex(where: { $0.lineNo == lineNo }) else {
                throw OperationError("Order \(order.id) has no line \(lineNo) (it has \(lines.count)).")
            }
            guard lines[index].outstanding > 0 else {
                throw OperationError("Order \(order.id) line \(lineNo) has nothing left to cancel.")
            }
            targets = [index]
        } else {
            targets = Array(lines.indices)
        }
        let holds = try tx.orderHolds(order.id).filter(\.isOpen)
        let cancelsOrder = lineNo == nil || lines.indices.allSatisfy { targets.contains($0) || lines[$0].outstanding == 0 }
        if cancelsOrder {
            for hold in holds { try hold.reason.authorize(actor.role, user: actor.name, verb: "cancel an order under") }
        }
        let document = "order \(order.id)"
        let allocations = try tx.orderAllocations(order.id, liveOnly: true)
        let dropShips = try cancelDropShips(order: order.id, lines: Set(targets.map { lines[$0].lineNo }), reason: "cancelled: \(reason.rawValue)",
                                            in: tx, actor: actor)
        for index in targets {
            for a in allocations where a.lineNo == lines[index].lineNo {
                try tx.releaseAllocation(a, note: "cancelled: \(reason.rawValue)", document: document, actor: actor.name, at: now)
            }
            lines[index].cancelled += lines[index].outstanding
            lines[index].allocated = 0
            lines[index].backordered = 0
            lines[index].backorderedSince = nil
            lines[index].expectedDate = nil
            try tx.updateLine(lines[index], orderID: order.id)
        }
        if cancelsOrder { for hold in holds { try tx.releaseHold(hold.id, orderID: order.id, by: actor.name, at: now) } }
        let state = OrderState.derived(from: lines.map(\.quantities), current: order.state)
        try tx.setOrderState(order.id, state, at: now)
        let after = try tx.orderHeader(order.id)!
        let freed = allocations.filter { a in targets.contains { lines[$0].lineNo == a.lineNo } }.reduce(0) { $0 + $1.quantity }
        try auditOrder(tx, actor, .cancelOrder, order: order, after: after,
                       reason: (lineNo.map { "cancelled line \($0)" } ?? "cancelled order") + ": \(reason.rawValue)"
                           + (note.isEmpty ? "" : " (\(note))") + (freed > 0 ? "; \(freed) reserved unit(s) freed" : "")
                           + (dropShips.isEmpty ? "" : "; drop-ship orders \(dropShips.joined(separator: ", ")) cancelled"))
        return after
    }

    /// Pick, pack, invoice or close: plain state steps with entry criteria.
    public func advance(order reference: String, _ step: FulfilmentStep, by actor: Actor) throws(OperationError) -> OrderHeader {
        try perform(step.command, by: actor) { tx, actor in try advancing(reference, step, in: tx, actor: actor) }
    }

    func advancing(_ reference: String, _ step: FulfilmentStep, in tx: StoreTransaction, actor: Actor) throws -> OrderHeader {
        let command = step.command
        let order = try resolveOrder(reference, in: tx)
        if order.onHold && (step == .pick || step == .pack) {
            throw OperationError("Order \(order.id) is on hold: release it before it is \(step == .pick ? "picked" : "packed").")
        }
        let next = try order.state.next(for: step)
        try tx.setOrderState(order.id, next, at: now)
        if step == .invoice { try postInvoice(order, in: tx) }
        let after = try tx.orderHeader(order.id)!
        try auditOrder(tx, actor, command, order: order, after: after, reason: step.rawValue)
        return after
    }

    // MARK: Reading

    /// An order by number ("1042" or "#1042"), or by external reference when that is unique.
    public func findOrder(_ reference: String) throws(OperationError) -> OrderRecord {
        try read { r in
            let header = try resolveOrder(reference, in: r)
            return try r.order(header.id)!
        }
    }

    func resolveOrder(_ reference: String, in r: some StoreReading) throws -> OrderHeader {
        let text = reference.trimmingCharacters(in: .whitespaces)
        if let id = Self.orderNumber(text), let header = try r.orderHeader(id) { return header }
        if let colon = text.firstIndex(of: ":"),
           let id = try r.orderID(channel: String(text[..<colon]), externalRef: String(text[text.index(after: colon)...])) {
            return try r.orderHeader(id)!
        }
        let matches = try r.orders(externalRef: text, limit: 3)
        if matches.count == 1 { return try r.orderHeader(matches[0].id)! }
        if matches.count > 1 {
            throw OperationError("Reference \(text) names orders on several channels (\(matches.map(\.channel).joined(separator: ", "))): give CHANNEL:\(text) or the order number.")
        }
        throw OperationError("No order \(text): give an order number or an external reference.")
    }

    /// The order number a reference gives ("1042" or "#1042"), if it is one.
    static func orderNumber(_ reference: String) -> Int64? {
        let text = reference.trimmingCharacters(in: .whitespaces)
        return Int64(text.hasPrefix("#") ? String(text.dropFirst()) : text)
    }

    func auditOrder(_ tx: StoreTransaction, _ actor: Actor, _ command: Command, order before: OrderHeader,
                    after: OrderHeader, reason: String) throws {
        try tx.append(orderAudit(actor, command, order: before, after: after, reason: reason), at: now)
    }

    /// The audit entry of a change to an order: its state and holds before and after.
    func orderAudit(_ actor: Actor, _ command: Command, order before: OrderHeader, after: OrderHeader,
                    reason: String) -> AuditEntry {
        AuditEntry(actor: actor.name, role: actor.role, command: command.rawValue, entity: "order:\(before.id)",
                   reason: reason, before: Self.orderImage(before), after: Self.orderImage(after))
    }

    /// The order's state and holds as the audit's before/after image.
    static func orderImage(_ h: OrderHeader) -> String {
        "{\"holds\":\(h.openHolds),\"state\":\"\(h.state.rawValue)\"}"
    }

}

extension FulfilmentStep {
    var command: Command { self == .pick || self == .pack ? .fulfilOrder : .invoiceOrder }
}

extension OrderLineRow {
    public var quantities: LineQuantities {
        LineQuantities(quantity: quantity, allocated: allocated, backordered: backordered, cancelled: cancelled, shipped: shipped)
    }
}
