import Foundation
import Domain
import Store

/// What an order import did, by outcome.
public struct OrderImportOutcome: Sendable, Equatable, Codable {
    /// Sales orders captured.
    public var created = 0
    /// Documents already captured (same channel and reference): left alone.
    public var duplicates = 0
    /// Returns / cancellations captured (C invoices).
    public var returns = 0
    /// Stock write-offs and financial adjustments captured.
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
    public func captureOrders(_ rows: [ImportRow<OrderDraft>], source: String, partial: Bool = false,
                              rules: ValidationRules = ValidationRules(), by actor: Actor,
                              progress: ImportProgress? = nil) throws(OperationError) -> OrderImportOutcome {
        try perform(.importOrders, by: actor) { tx, actor in
            var outcome = OrderImportOutcome()
            var skuIDs: [String: Int64] = [:]
            let at = now
            for (index, row) in rows.enumerated() {
                if index % 1_000 == 0 { progress?(index, rows.count) }
                let draft = row.value
                do { try draft.validate() } catch {
                    let rejected = RejectedDocument(line: row.line, reference: draft.externalRef, reason: OperationError.wrap(error).message)
                    guard partial else { throw OperationError("line \(row.line): \(rejected.reason)") }
                    outcome.rejected.append(rejected)
                    continue
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
                let holds = rules.holds(for: draft)
                let state: OrderState = draft.kind != .sale ? .captured : holds.isEmpty ? .released : .validated
                guard let orderID = try tx.insertOrder(draft, skuIDs: ids, state: state, at: at) else {
                    outcome.duplicates += 1
                    continue
                }
                for hold in holds {
                    try tx.placeHold(orderID, reason: hold.reason, note: "validation: \(hold.note)", by: actor.name, at: at)
                }
                switch draft.kind {
                case .sale:
                    outcome.created += 1
                    if holds.isEmpty { outcome.released += 1 } else { outcome.held += 1 }
                case .return: outcome.returns += 1
                case .writeOff, .adjustment: outcome.adjustments += 1
                }
                outcome.lines += draft.lines.count
                let holdList = holds.map { LineDecision.quote($0.reason.rawValue) }.joined(separator: ",")
                try tx.append(AuditEntry(actor: actor.name, role: actor.role, command: Command.importOrders.rawValue,
                                         entity: "order:\(orderID)", reason: "captured from \(source) (\(draft.channel) \(draft.externalRef))",
                                         after: "{\"holds\":[\(holdList)],\"kind\":\"\(draft.kind.rawValue)\",\"state\":\"\(state.rawValue)\"}"),
                              at: at)
            }
            progress?(rows.count, rows.count)
            if outcome.created + outcome.returns + outcome.adjustments > 0 {
                var summary = outcome
                summary.rejected = []
                try tx.append(AuditEntry(actor: actor.name, role: actor.role, command: Command.importOrders.rawValue,
                                         entity: "import:\(source)", reason: "import of orders from \(source)",
                                         after: AuditJSON.encode(summary)), at: at)
            }
            return outcome
        }
    }
}
