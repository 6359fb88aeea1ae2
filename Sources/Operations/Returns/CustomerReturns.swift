import Foundation
import Domain
import Store

/// A customer asks to return units of an order line (`qm return create`).
public struct ReturnRequest: Sendable, Equatable {
    public var order: String
    public var line: Int
    public var quantity: Int
    public var reason: ReturnReason
    /// A replacement is sent instead of a refund: a new order for the same units, at no charge.
    public var exchange: Bool
    public var note: String
    public init(order: String, line: Int, quantity: Int, reason: ReturnReason, exchange: Bool = false, note: String = "") {
        self.order = order; self.line = line; self.quantity = quantity; self.reason = reason; self.exchange = exchange; self.note = note
    }
}

/// What a return step did: the return after it, and in words what moved and what was
/// refunded ("2 x MUG-RED -> sellable @ WH-LON; refund 12.00 GBP released").
public struct ReturnOutcome: Sendable, Equatable, Codable {
    public var record: CustomerReturnRecord
    public var moved: String?
    public var refund: String?

    public var summary: String { [moved, refund].compactMap { $0 }.joined(separator: "; ") }
}

extension Operations {
    /// Authorizes a return of shipped units not returned yet. The refund it may earn is worked
    /// out now (what was paid for the units, their freight share, the reason's policy) and held.
    public func createReturn(_ request: ReturnRequest, by actor: Actor) throws(OperationError) -> CustomerReturnRecord {
        try Self.refuseUnsafeText(request.note, what: "note")
        guard request.quantity > 0, request.quantity <= StockMove.maxQuantity else {
            throw OperationError("A return is of 1 to \(StockMove.maxQuantity.grouped) units, not \(request.quantity).")
        }
        return try perform(.createReturn, by: actor) { tx, actor in
            let order = try resolveOrder(request.order, in: tx)
            guard order.kind == .sale else {
                throw OperationError("Order \(order.id) is a \(order.kind.rawValue) document, not a sale: only what was sold and shipped is returned.")
            }
            let lines = try tx.orderLines(order.id)
            guard let line = lines.first(where: { $0.lineNo == request.line }) else {
                throw OperationError("Order \(order.id) has no line \(request.line) (its lines are 1 to \(lines.count)).")
            }
            guard line.shipped > 0 else {
                throw OperationError("Order \(order.id) line \(line.lineNo) (\(line.sku)) has shipped nothing: only shipped units are returned "
                                     + "(cancel what has not shipped).")
            }
            let returned = try tx.returnedQuantity(order: order.id, line: line.lineNo)
            guard request.quantity <= line.shipped - returned else {
                throw OperationError("Order \(order.id) line \(line.lineNo) (\(line.sku)): \(line.shipped) shipped, \(returned) returned already; "
                                     + "at most \(line.shipped - returned) more can be returned, not \(request.quantity).")
            }
            let (paid, freight) = Refund.paidFor(units: request.quantity, quantity: line.quantity, unitPrice: line.unitPrice,
                                                 discount: line.discount, tax: line.tax, orderFreight: order.freight,
                                                 orderNet: try tx.orderNet(order.id))
            // An exchange sends the units again instead of refunding them.
            let due = request.exchange ? 0 : Refund.due(request.reason.policy, condition: nil, paid: paid, freight: freight)
            let at = now
            let code = try tx.nextReturnCode()
            let id = try tx.insertReturn(code: code, order: order.id, line: line.lineNo, skuID: line.skuID, quantity: request.quantity,
                                    reason: request.reason, currency: order.currency, paid: paid, freightShare: freight, refundDue: due,
                                    note: request.note, by: actor.name, at: at)
            var replacement: Int64?
            if request.exchange {
                replacement = try captureReplacement(code: code, for: order, line: line, quantity: request.quantity, in: tx, actor: actor, at: at)
                try tx.setExchangeOrder(return: id, order: replacement!)
            }
            let record = try tx.customerReturn(code)!
            try auditReturn(record, tx, actor, .createReturn, before: nil,
                            reason: "authorized: \(request.quantity) x \(line.sku) of order \(order.id) line \(line.lineNo), \(request.reason.words); "
                                + (replacement.map { "exchanged: replacement order \($0)" }
                                   ?? "refund \(Self.money(due, order.currency)) held (paid \(Self.money(paid + freight, order.currency)))")
                                + (request.note.isEmpty ? "" : ": \(request.note)"), at: at)
            return record
        }
    }

    /// The replacement of an exchange: a new order to the same customer and address for the
    /// same units at no charge, captured (and validated) as any order is, so allocation plans it.
    private func captureReplacement(code: String, for order: OrderHeader, line: OrderLineRow, quantity: Int, in tx: StoreTransaction,
                                    actor: Actor, at: String) throws -> Int64 {
        var draft = try storedDraft(order.id, in: tx)
        draft.externalRef = code
        draft.kind = .sale
        draft.lines = [OrderLineDraft(sku: line.sku, description: line.description, quantity: quantity, unitPrice: 0, discount: 0, tax: 0)]
        draft.charges = []
        draft.freight = 0
        draft.paymentStatus = .captured
        draft.orderedAt = String(at.prefix(10)) + " " + String(at.dropFirst(11).prefix(8))
        draft.promiseDate = OrderDate.adding(days: draft.serviceLevel.promiseDays, to: String(at.prefix(10)))
        draft.refersTo = order.externalRef
        var session = CaptureSession(source: "exchange \(code)", partial: false, amend: false, history: false, rules: ValidationRules(), at: at)
        try session.capture(ImportRow(line: 1, value: draft), ops: self, in: tx, actor: actor)
        guard let id = try tx.orderID(channel: draft.channel, externalRef: code) else {
            throw OperationError("The replacement for \(code) could not be captured: \(draft.channel) already has an order \(code).")
        }
        return id
    }

    /// The units arrive: into returnPending at the location (by default the one they shipped
    /// from). A reason whose policy refunds at once releases the refund now.
    public func receiveReturn(_ code: String, location: String? = nil, by actor: Actor) throws(OperationError) -> ReturnOutcome {
        try perform(.receiveReturn, by: actor) { tx, actor in
            let before = try customerReturn(code, in: tx)
            let at = try receiptLocation(before, location, in: tx)
            guard let locationID = try tx.locationID(at) else { throw OperationError("Unknown location \(at).") }
            let when = now
            // The units come back at what they cost when they shipped (the SKU's rate when that is unknown).
            let shipped = try tx.shippedCost(order: before.order, skuID: before.skuID)
            let cost = shipped.units > 0 ? Proportion.halfUp(shipped.value, part: Int64(before.quantity), of: Int64(shipped.units)) : nil
            let move = StockMove(sku: before.sku, location: at, from: nil, to: .returnPending, quantity: before.quantity, reason: .returnReceipt,
                                 note: "\(code) received", document: "return \(code)", value: cost)
            _ = try apply([move], in: tx, actor: actor, command: .receiveReturn, reason: "\(code) received: \(before.reason.words)")
            try tx.receiveReturn(before.id, locationID: locationID, by: actor.name, at: when)
            var refund: String?
            if before.reason.policy.releasedAtOnce && before.refundDue > 0 {
                try tx.releaseRefund(before.id, amount: before.refundDue, note: "released on receipt: \(before.reason.words)", by: actor.name, at: when)
                try postRefund(of: before, releasing: before.refundDue, in: tx)
                refund = "refund \(Self.money(before.refundDue, before.currency)) released"
            }
            let after = try tx.customerReturn(code)!
            let moved = "\(before.quantity) x \(before.sku) -> returnPending @ \(at)"
            try auditReturn(after, tx, actor, .receiveReturn, before: before, reason: ([moved] + [refund].compactMap { $0 }).joined(separator: "; "), at: when)
            return ReturnOutcome(record: after, moved: moved, refund: refund)
        }
    }

    /// Where a return is received, checked as receiving it would be: the location given, else
    /// the one its line shipped from. The console asks this before its confirmation.
    public func returnReceiptLocation(_ code: String, location: String? = nil) throws(OperationError) -> String {
        try read { r in try receiptLocation(try customerReturn(code, in: r), location, in: r) }
    }

    private func receiptLocation(_ record: CustomerReturnRecord, _ location: String?, in r: some StoreReading) throws -> String {
        guard record.state == .authorized else {
            throw OperationError("\(record.code) is \(record.state.rawValue) already; a return is received once.")
        }
        let from = try r.shippedFrom(order: record.order, line: record.lineNo)
        guard let at = location ?? (from.count == 1 ? from[0] : nil) else {
            throw OperationError("Say where \(record.code) arrived (--location): "
                                 + (from.isEmpty ? "its order shipped from none of our locations." : "it shipped from \(from.joined(separator: " and "))."))
        }
        return at
    }

    /// Inspection: the condition found and where the units go (resell -> sellable, refurbish ->
    /// quarantine, scrap -> written off, returnToVendor -> out to the supplier). The refund due
    /// follows the condition (nothing when the customer damaged the goods).
    public func inspectReturn(_ code: String, condition: ReturnCondition, disposition: Disposition,
                              by actor: Actor) throws(OperationError) -> ReturnOutcome {
        try perform(.inspectReturn, by: actor) { tx, actor in
            let before = try customerReturn(code, in: tx)
            switch before.state {
            case .received: break
            case .authorized: throw OperationError("\(code) has not been received: inspect it once it arrives (qm return receive \(code)).")
            case .inspected: throw OperationError("\(code) is inspected already (\(before.disposition?.rawValue ?? "")).")
            case .cancelled: throw OperationError("\(code) is cancelled.")
            case .history: throw OperationError("\(code) is a return of the past (imported as history): it was dealt with then.")
            }
            let location = before.location!
            var document = "return \(code)"
            if disposition == .returnToVendor {
                guard let supplier = try tx.sku(before.sku)?.preferredSupplier else {
                    throw OperationError("\(before.sku) has no supplier to return it to: scrap it or resell it.")
                }
                document = "return \(code) to \(supplier)"
            }
            let move = StockMove(sku: before.sku, location: location, from: .returnPending, to: disposition.status, quantity: before.quantity,
                                 reason: disposition.moveReason, note: "\(code): \(condition.rawValue), \(disposition.rawValue)", document: document)
            _ = try apply([move], in: tx, actor: actor, command: .inspectReturn, reason: "\(code) inspected: \(condition.rawValue), \(disposition.rawValue)")
            let due = before.refundState == .released ? before.refundDue
                : Refund.due(before.reason.policy, condition: condition, paid: before.paid, freight: before.freightShare)
            let when = now
            try tx.inspectReturn(before.id, condition: condition, disposition: disposition, refundDue: due, by: actor.name, at: when)
            let after = try tx.customerReturn(code)!
            let moved = "\(before.quantity) x \(before.sku) -> " + (disposition.status.map { "\($0.rawValue) @ \(location)" }
                ?? (disposition == .scrap ? "written off @ \(location)" : "\(document.dropFirst(("return " + code + " to ").count)) (returned to vendor)"))
            let refund = after.refundState == .held ? "refund \(Self.money(due, after.currency)) to release"
                : after.refundState == .none && before.refundDue > 0 ? "no refund (\(condition.rawValue))" : nil
            try auditReturn(after, tx, actor, .inspectReturn, before: before, reason: ([moved] + [refund].compactMap { $0 }).joined(separator: "; "), at: when)
            return ReturnOutcome(record: after, moved: moved, refund: refund)
        }
    }

    /// Releases the refund held on a return: after inspection, or at once where the reason's
    /// policy says so. With `amount` finance overrides what is released (with a reason), never
    /// above what was paid for the units.
    public func releaseRefund(_ code: String, amount: Int64? = nil, reason: String = "", by actor: Actor) throws(OperationError) -> ReturnOutcome {
        try Self.refuseUnsafeText(reason, what: "reason")
        return try perform(amount == nil ? .releaseRefund : .overrideRefund, by: actor) { tx, actor in
            let before = try customerReturn(code, in: tx)
            guard before.state != .cancelled else { throw OperationError("\(code) is cancelled: nothing is refunded.") }
            guard before.refundState != .released else {
                throw OperationError("\(code)'s refund of \(Self.money(before.refundAmount ?? 0, before.currency)) is released already.")
            }
            let released: Int64
            if let amount {
                guard !reason.trimmingCharacters(in: .whitespaces).isEmpty else {
                    throw OperationError("Overriding a refund needs a reason (--reason): what finance agreed and why.")
                }
                guard amount >= 0, amount <= before.refundCap else {
                    throw OperationError("\(Self.money(amount, before.currency)) is more than was paid for the \(before.quantity) x \(before.sku) "
                                         + "of \(code) (\(Self.money(before.refundCap, before.currency)) with their share of freight).")
                }
                guard before.state == .inspected || before.reason.policy.releasedAtOnce else {
                    throw OperationError("\(code) has not been inspected: its refund is released after inspection.")
                }
                released = amount
            } else {
                guard before.refundState == .held else {
                    throw OperationError("Nothing is due on \(code) (\(before.condition.map { "\($0.rawValue)" } ?? before.reason.words)); "
                                         + "finance may override with an amount and a reason.")
                }
                guard before.state == .inspected || before.reason.policy.releasedAtOnce else {
                    throw OperationError("\(code) is \(before.state.rawValue): its refund (\(before.reason.words)) is released after inspection.")
                }
                released = before.refundDue
            }
            let when = now
            try tx.releaseRefund(before.id, amount: released, note: amount == nil ? "" : reason, by: actor.name, at: when)
            try postRefund(of: before, releasing: released, in: tx)
            let after = try tx.customerReturn(code)!
            let refund = "refund \(Self.money(released, before.currency)) released" + (amount == nil ? "" : " (override: \(reason))")
            try auditReturn(after, tx, actor, amount == nil ? .releaseRefund : .overrideRefund, before: before, reason: refund, at: when)
            return ReturnOutcome(record: after, moved: nil, refund: refund)
        }
    }

    /// Cancels a return not yet received.
    public func cancelReturn(_ code: String, reason: String, by actor: Actor) throws(OperationError) {
        guard !reason.trimmingCharacters(in: .whitespaces).isEmpty else { throw OperationError("Cancelling a return needs a reason (--reason).") }
        try Self.refuseUnsafeText(reason, what: "reason")
        try perform(.cancelReturn, by: actor) { tx, actor in
            let before = try customerReturn(code, in: tx)
            guard before.state == .authorized else {
                throw OperationError("\(code) is \(before.state.rawValue): only a return not yet received is cancelled.")
            }
            let when = now
            try tx.cancelReturn(before.id, at: when)
            try auditReturn(try tx.customerReturn(code)!, tx, actor, .cancelReturn, before: before, reason: "cancelled: \(reason)", at: when)
        }
    }

    func customerReturn(_ code: String, in r: some StoreReading) throws -> CustomerReturnRecord {
        guard let record = try r.customerReturn(code) else { throw OperationError("No return \(code): qm return list shows them.") }
        return record
    }

    /// The refund to the books: what is released now, less what was released before (an override).
    private func postRefund(of r: CustomerReturnRecord, releasing amount: Int64, in tx: StoreTransaction) throws {
        let before = r.refundState == .released ? (r.refundAmount ?? 0) : 0
        guard let order = try tx.orderHeader(r.order) else { return }
        postRefund(amount - before, currency: r.currency, channel: order.channel, document: "return \(r.code)", in: tx)
    }

    static func money(_ minor: Int64, _ currency: String) -> String { Money(minorUnits: minor, currency: currency).description }

    /// The return's state and refund before and after, as the audit images.
    private func auditReturn(_ after: CustomerReturnRecord, _ tx: StoreTransaction, _ actor: Actor, _ command: Command,
                             before: CustomerReturnRecord?, reason: String, at: String) throws {
        func image(_ r: CustomerReturnRecord) -> String {
            #"{"refund":\#(AuditJSON.string(r.refundState.rawValue)),"refundAmount":\#(r.refundAmount ?? r.refundDue),"state":\#(AuditJSON.string(r.state.rawValue))}"#
        }
        try tx.append(AuditEntry(actor: actor.name, role: actor.role, command: command.rawValue, entity: "return:\(after.code)",
                                 reason: reason, before: before.map(image), after: image(after)), at: at)
    }
}
