import Foundation
import Domain
import Store

/// What an order import did, by outcome.
public struct OrderImportOutcome: Sendable, Equatable, Codable {
    /// Sales orders captured.
    public var created = 0
    /// Documents already captured (same channel and reference, same content): left alone.
    public var duplicates = 0
    /// Documents sent again with the same channel and reference but different content: each
    /// with its differences. Left alone unless amending.
    public var conflicts: [OrderConflict] = []
    /// Orders not yet shipped that took an amendment (`amend`), planned again.
    public var amended = 0
    /// Documents captured as history (`history`): closed on their own date, no live work.
    public var history = 0
    /// Returns / cancellations captured (C invoices).
    public var returns = 0
    /// Of their lines: returns tied to the sale lines they take back, and lines (or the rest
    /// of lines) no sale could take back, listed as unmatched.
    public var returnsTied = 0
    public var returnLinesUnmatched = 0
    /// Stock write-offs captured (open, for a supervisor to post: `qm writeoff`, or history),
    /// and financial adjustments (money only: no stock).
    public var writeOffs = 0
    public var adjustments = 0
    /// Of the sales orders created: held by validation, and released straight away.
    public var held = 0
    public var released = 0
    /// Lines captured, and SKUs created (flagged for review) because an order named them.
    public var lines = 0
    public var skusCreated = 0
    public var rejected: [RejectedDocument] = []
    public init() {}
}

/// An order sent again with different content: where, which order, and what differs.
public struct OrderConflict: Sendable, Equatable, Codable {
    public var line: Int
    public var reference: String
    public var order: Int64
    public var differences: [String]
    public init(line: Int, reference: String, order: Int64, differences: [String]) {
        self.line = line; self.reference = reference; self.order = order; self.differences = differences
    }
}

/// A document refused by an import, with the file line it starts on and why.
public struct RejectedDocument: Sendable, Equatable, Codable {
    public var line: Int
    public var reference: String
    public var reason: String
    public init(line: Int, reference: String, reason: String) { self.line = line; self.reference = reference; self.reason = reason }
}

extension Operations {
    /// Captures orders in one transaction. Each is checked (a bad one is rejected with its
    /// line: the whole batch rolls back unless `partial`), stored once per channel and
    /// reference (a re-import counts duplicates and changes nothing), validated (failures
    /// become holds with their owners) and released when clean. SKUs the catalogue lacks are
    /// created and flagged for review.
    ///
    /// An order sent again with different content is a conflict, never a silent duplicate:
    /// like a rejection it stops the import unless `partial` (then it is listed and left
    /// alone). With `amend`, an order not yet shipped takes the new content instead: its
    /// reservations are freed and it is planned again, in the same transaction.
    ///
    /// With `history`, the documents are the past: each is stored closed on its own date, its
    /// lines shipped, with no hold, no allocation and no stock move, so it feeds demand history
    /// and reports without putting live work in any queue.
    public func captureOrders(_ rows: [ImportRow<OrderDraft>], source: String, partial: Bool = false, amend: Bool = false,
                              history: Bool = false, rules: ValidationRules = ValidationRules(), by actor: Actor,
                              progress: ImportProgress? = nil) throws(OperationError) -> OrderImportOutcome {
        try captureOrders(source: source, partial: partial, amend: amend, history: history, rules: rules, by: actor) { deliver in
            for (index, row) in rows.enumerated() {
                if index % 1_000 == 0 { progress?(index, rows.count) }
                try deliver(row)
            }
            progress?(rows.count, rows.count)
        }
    }

    /// The same, with the orders handed over one at a time by `produce` (a file parsed as it
    /// is read) inside the one transaction, so no more than one order is held at once. A
    /// throw from `produce` rolls everything back.
    public func captureOrders(source: String, partial: Bool = false, amend: Bool = false, history: Bool = false,
                              rules: ValidationRules = ValidationRules(), by actor: Actor,
                              produce: ImportProducer<OrderDraft>) throws(OperationError) -> OrderImportOutcome {
        guard !(history && amend) else { throw OperationError("History is not amended: --history and --amend do not go together.") }
        return try perform(.importOrders, by: actor) { tx, actor in
            try tx.asImport {
                var session = CaptureSession(source: source, partial: partial, amend: amend, history: history, rules: rules, at: now)
                try produce { row in try session.capture(row, ops: self, in: tx, actor: actor) }
                return try session.finish(in: tx, actor: actor)
            }
        }
    }

    /// An order as stored, in the shape a channel sends it, to compare a re-send with.
    func storedDraft(_ id: Int64, in r: some StoreReading) throws -> OrderDraft {
        let h = try r.orderHeader(id)!
        let charges = try r.orderCharges(id)
        return OrderDraft(channel: h.channel, externalRef: h.externalRef, kind: h.kind, customer: h.customer, shipTo: h.shipTo,
                          serviceLevel: h.serviceLevel, promiseDate: h.promiseDate, paymentStatus: h.paymentStatus,
                          fraudScore: h.fraudScore, currency: h.currency, freight: h.freight, orderedAt: h.orderedAt,
                          lines: try r.orderLines(id).map {
                              OrderLineDraft(sku: $0.sku, description: $0.description, quantity: $0.quantity, unitPrice: $0.unitPrice,
                                             discount: $0.discount, tax: $0.tax)
                          },
                          charges: charges, refersTo: h.refersTo)
    }

    /// Applies an amended re-send to an order not yet shipped: its live allocations end (the
    /// reserved stock goes back to sellable), the content is replaced, validation holds it
    /// again where the new content needs it, and a sale free of holds is planned again at once
    /// when the actor may allocate (else it waits, released, for the next allocation run).
    func amending(_ id: Int64, to draft: OrderDraft, skuIDs: [Int64], differences: [String], rules: ValidationRules,
                  source: String, in tx: StoreTransaction, actor: Actor, at: String) throws {
        let before = try tx.orderHeader(id)!
        guard before.kind == draft.kind, before.kind == .sale else {
            throw OperationError("\(draft.externalRef) (order \(id)) is a \(before.kind.rawValue); only sales orders take amendments.")
        }
        guard before.state.isCancellable else {
            throw OperationError("\(draft.externalRef) (order \(id)) is \(before.state.rawValue): only an order not yet shipped can be amended.")
        }
        for a in try tx.orderAllocations(id, liveOnly: true) {
            try tx.releaseAllocation(a, note: "amended", document: "order \(id)", actor: actor.name, at: at)
        }
        try cancelDropShips(order: id, lines: nil, reason: "amended", in: tx, actor: actor)
        try tx.amendOrder(id, draft, skuIDs: skuIDs)
        let open = Set(try tx.orderHolds(id).filter(\.isOpen).map(\.reason))
        for hold in rules.holds(for: draft) where !open.contains(hold.reason) {
            try tx.placeHold(id, reason: hold.reason, note: "validation: \(hold.note)", by: actor.name, at: at)
        }
        let held = try tx.orderHeader(id)!.onHold
        try tx.setOrderState(id, held ? .validated : .released, at: at)
        try tx.append(AuditEntry(actor: actor.name, role: actor.role, command: Command.importOrders.rawValue, entity: "order:\(id)",
                                 reason: "amended from \(source): " + differences.joined(separator: "; "),
                                 before: Self.orderImage(before), after: Self.orderImage(try tx.orderHeader(id)!)), at: at)
        guard !held, AccessPolicy.allows(actor.role, .allocateOrders) else { return }
        var run = try AllocationRun(options: AllocationOptions(orders: [id]), reader: tx, today: today)
        try run.prefetch([id])
        var summary = AllocationSummary(policy: .fastest, dryRun: false)
        _ = try run.plan(id, into: &summary, writer: tx, actor: actor, at: at)
    }

    /// "2011-12-09 12:50:00" as the store stamps times: "2011-12-09T12:50:00Z" (the channel's
    /// clock taken as UTC).
    static func timestamp(_ orderedAt: String) -> String {
        orderedAt.count == 19 ? String(orderedAt.prefix(10)) + "T" + String(orderedAt.suffix(8)) + "Z" : orderedAt
    }
}

/// One import's capture, an order at a time, inside the import's transaction: what it has
/// done so far and the SKU ids it has looked up.
struct CaptureSession {
    let source: String, partial: Bool, amend: Bool, history: Bool
    let rules: ValidationRules
    let at: String
    var outcome = OrderImportOutcome()
    var skuIDs: [String: Int64] = [:]

    /// Captures one order (or counts it a duplicate, a conflict, an amendment, a rejection).
    mutating func capture(_ row: ImportRow<OrderDraft>, ops: Operations, in tx: StoreTransaction, actor: Actor) throws {
        let draft = row.value
        do { try draft.validate() } catch {
            let rejected = RejectedDocument(line: row.line, reference: draft.externalRef, reason: OperationError.wrap(error).message)
            guard partial else { throw OperationError("line \(row.line): \(rejected.reason)") }
            outcome.rejected.append(rejected)
            return
        }
        var ids: [Int64] = []
        ids.reserveCapacity(draft.lines.count)
        for line in draft.lines {
            if let id = skuIDs[line.sku] { ids.append(id); continue }
            let id: Int64
            if let known = try tx.skuID(line.sku) {
                id = known
            } else {
                let name = line.description.isEmpty ? line.sku : line.description
                id = try tx.createReviewSKU(code: line.sku, name: name, price: line.unitPrice, currency: draft.currency)
                outcome.skusCreated += 1
            }
            skuIDs[line.sku] = id
            ids.append(id)
        }
        let holds = history ? [] : rules.holds(for: draft)
        let state: OrderState = history ? .closed : draft.kind != .sale ? .captured : holds.isEmpty ? .released : .validated
        guard let orderID = try tx.insertOrder(draft, skuIDs: ids, state: state, at: at) else {
            let (existing, hash) = try tx.orderContent(channel: draft.channel, externalRef: draft.externalRef)!
            if hash == draft.contentHash { outcome.duplicates += 1; return }
            let differences = draft.differences(from: try ops.storedDraft(existing, in: tx))
            if differences.isEmpty { outcome.duplicates += 1; return }
            guard amend else {
                let conflict = OrderConflict(line: row.line, reference: draft.externalRef, order: existing, differences: differences)
                guard partial else {
                    throw OperationError("line \(row.line): \(draft.externalRef) was sent before as order \(existing) with other content (\(differences.joined(separator: "; "))); use --amend to apply it, or --partial to leave it.")
                }
                outcome.conflicts.append(conflict)
                return
            }
            do {
                try ops.amending(existing, to: draft, skuIDs: ids, differences: differences, rules: rules, source: source,
                                 in: tx, actor: actor, at: at)
                outcome.amended += 1
            } catch {
                let rejected = RejectedDocument(line: row.line, reference: draft.externalRef, reason: OperationError.wrap(error).message)
                guard partial else { throw OperationError("line \(row.line): \(rejected.reason)") }
                outcome.rejected.append(rejected)
            }
            return
        }
        for hold in holds {
            try tx.placeHold(orderID, reason: hold.reason, note: "validation: \(hold.note)", by: actor.name, at: at)
        }
        if history {
            try tx.markAsHistory(orderID, since: Operations.timestamp(draft.orderedAt))
            ops.postHistory(draft, document: orderID, in: tx)
            outcome.history += 1
        }
        if draft.kind == .return {
            let matched = try ops.matchReturnDocument(orderID, draft, skuIDs: ids, history: history, in: tx, actor: actor, at: at)
            outcome.returnsTied += matched.tied
            outcome.returnLinesUnmatched += matched.unmatched
        }
        switch draft.kind {
        case .sale:
            outcome.created += 1
            if !history { if holds.isEmpty { outcome.released += 1 } else { outcome.held += 1 } }
        case .return: outcome.returns += 1
        case .writeOff: outcome.writeOffs += 1
        case .adjustment: outcome.adjustments += 1
        }
        outcome.lines += draft.lines.count
        let holdList = holds.map { LineDecision.quote($0.reason.rawValue) }.joined(separator: ",")
        try tx.append(AuditEntry(actor: actor.name, role: actor.role, command: Command.importOrders.rawValue,
                                 entity: "order:\(orderID)",
                                 reason: "captured \(history ? "as history " : "")from \(source) (\(draft.channel) \(draft.externalRef))",
                                 after: "{\"holds\":[\(holdList)],\"kind\":\"\(draft.kind.rawValue)\",\"state\":\"\(state.rawValue)\"}"),
                      at: at)
    }

    /// The import's own audit entry, once every order is in.
    func finish(in tx: StoreTransaction, actor: Actor) throws -> OrderImportOutcome {
        if outcome.created + outcome.returns + outcome.writeOffs + outcome.adjustments + outcome.amended > 0 {
            var summary = outcome
            summary.rejected = []
            try tx.append(AuditEntry(actor: actor.name, role: actor.role, command: Command.importOrders.rawValue,
                                     entity: "import:\(source)", reason: "import of orders from \(source)",
                                     after: AuditJSON.encode(summary)), at: at)
        }
        return outcome
    }
}
