import Foundation
import Domain
import Store

/// What posting a write-off did: the document, where from, and what left.
public struct WriteOffOutcome: Sendable, Equatable, Codable {
    public var document: Int64
    public var ref: String
    public var location: String
    public var status: StockStatus
    /// SKU and units, in line order.
    public var lines: [WriteOffLineRow]

    /// "12 x 22139, 3 x 85123A written off from sellable @ WH-LON".
    public var summary: String {
        lines.map { "\($0.quantity) x \($0.sku)" }.joined(separator: ", ") + " written off from \(status.rawValue) @ \(location)"
    }
}

/// Write-off documents: stock thrown away, damaged or lost, as a channel sends them (the
/// online-retail export's unpriced negative lines). An import captures them open; a
/// supervisor posts one at the location whose stock it was, and its lines leave as write-off
/// moves with the document's own reasons, or voids one that should not move stock.
extension Operations {
    /// Posts an open write-off document: each line leaves `status` stock at `location` as a
    /// write-off move noting the line's reason (its description, or `reason` where it has
    /// none). Refused whole, naming every short line, when the location lacks the stock.
    public func postWriteOff(_ reference: String, location: String, from status: StockStatus = .sellable, reason: String = "",
                             by actor: Actor) throws(OperationError) -> WriteOffOutcome {
        try Self.refuseReserved(status, verb: "write off")
        if !reason.isEmpty { try Self.refuseUnsafeText(reason, what: "reason") }
        return try perform(.postWriteOff, by: actor) { tx, actor in
            let document = try openWriteOff(reference, in: tx)
            guard let locationID = try tx.locationID(location) else { throw OperationError("Unknown location \(location).") }
            let lines = try tx.orderLines(document.id)
            let label = "write-off \(document.externalRef)"
            var moves: [StockMove] = []
            for line in lines {
                let says = line.description.trimmingCharacters(in: .whitespaces)
                guard !says.isEmpty || !reason.isEmpty else {
                    throw OperationError("Line \(line.lineNo) (\(line.sku)) of \(label) says no reason; give one with --reason.")
                }
                moves.append(StockMove(sku: line.sku, location: location, from: status, to: nil, quantity: line.quantity, reason: .writeOff,
                                       note: "\(label): \(says.isEmpty ? reason : says)", document: "write-off \(document.id)"))
            }
            try refuseShortStock(lines, label: label, location: location, locationID: locationID, status: status, in: tx)
            let at = now
            _ = try apply(moves, in: tx, actor: actor, command: .postWriteOff, reason: label)
            try tx.insertWriteOffPosting(document: document.id, locationID: locationID, from: status, by: actor.name, at: at)
            try tx.setOrderState(document.id, .closed, at: at)
            let posted = try tx.writeOffLines(state: nil, document: document.id, limit: nil)
            let outcome = WriteOffOutcome(document: document.id, ref: document.externalRef, location: location, status: status, lines: posted)
            try tx.append(AuditEntry(actor: actor.name, role: actor.role, command: Command.postWriteOff.rawValue, entity: "order:\(document.id)",
                                     reason: "\(label) posted: \(outcome.summary)",
                                     before: WriteOffState.open.rawValue, after: WriteOffState.posted.rawValue), at: at)
            return outcome
        }
    }

    /// Voids an open write-off document: it will never move stock (a note that was not a
    /// loss, a duplicate). The reason is required.
    public func voidWriteOff(_ reference: String, reason: String, by actor: Actor) throws(OperationError) {
        try Self.requireReason(reason)
        try perform(.voidWriteOff, by: actor) { tx, actor in
            let document = try openWriteOff(reference, in: tx)
            let at = now
            try tx.setOrderState(document.id, .cancelled, at: at)
            try tx.append(AuditEntry(actor: actor.name, role: actor.role, command: Command.voidWriteOff.rawValue, entity: "order:\(document.id)",
                                     reason: "write-off \(document.externalRef) voided: \(reason)",
                                     before: WriteOffState.open.rawValue, after: WriteOffState.void.rawValue), at: at)
        }
    }

    /// The write-off document a reference names, refused unless it is open.
    private func openWriteOff(_ reference: String, in tx: StoreTransaction) throws -> OrderHeader {
        let document = try resolveOrder(reference, in: tx)
        guard document.kind == .writeOff else {
            throw OperationError("Order \(document.id) (\(document.externalRef)) is a \(document.kind.rawValue), not a write-off document: "
                                 + "qm writeoff list shows them.")
        }
        let state = try tx.writeOffLines(state: nil, document: document.id, limit: 1).first?.state ?? .open
        switch state {
        case .open: return document
        case .posted: throw OperationError("Write-off \(document.externalRef) is posted already; its stock left once.")
        case .void: throw OperationError("Write-off \(document.externalRef) was voided; it moves no stock.")
        case .history: throw OperationError("Write-off \(document.externalRef) was imported as history: it happened before the books began and moves no stock.")
        }
    }

    /// Refuses, naming every line the location cannot cover, before any move is made.
    private func refuseShortStock(_ lines: [OrderLineRow], label: String, location: String, locationID: Int64, status: StockStatus,
                                  in tx: StoreTransaction) throws {
        var needed: [(sku: String, skuID: Int64, units: Int)] = []
        for line in lines {
            if let i = needed.firstIndex(where: { $0.skuID == line.skuID }) { needed[i].units += line.quantity } else {
                needed.append((line.sku, line.skuID, line.quantity))
            }
        }
        var short: [String] = []
        for n in needed {
            let has = try tx.position(skuID: n.skuID, locationID: locationID)[status]
            if has < n.units { short.append("\(n.units) x \(n.sku) (\(location) has \(has) \(status.rawValue))") }
        }
        guard short.isEmpty else {
            throw OperationError("\(label) cannot be posted at \(location): it writes off " + short.joined(separator: ", ")
                                 + ". Post it where the stock is, or void it.")
        }
    }
}
