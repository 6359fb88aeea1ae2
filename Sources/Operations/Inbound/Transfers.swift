import Foundation
import Domain
import Store

/// Transfers between locations (`qm transfer`): created by a planner or a supervisor, shipped
/// and received by a supervisor. Shipped goods wait at the in-transit location and count as
/// inbound at the destination (`inbound_supply`) until they are received. Each step is one
/// transaction; its audit entry on "transfer:CODE" holds every position it changed.
extension Operations {
    public func createTransfer(_ transfer: Transfer, by actor: Actor) throws(OperationError) -> TransferRecord {
        try perform(.createTransfer, by: actor) { tx, actor in
            var t = transfer
            t.state = .created
            t.expectedDate = nil
            if t.code.isEmpty { t.code = try tx.nextTransferCode() }
            try t.validate()
            guard try tx.transfer(t.code) == nil else { throw OperationError("Transfer \(t.code) already exists.") }
            let fromID = try receivingLocation(t.from, in: tx), toID = try receivingLocation(t.to, in: tx)
            let skuIDs = try t.lines.map { line in
                guard let sku = try tx.sku(line.sku), let id = try tx.skuID(line.sku) else { throw OperationError("\(t.code): unknown SKU \(line.sku).") }
                guard !sku.isKit else { throw OperationError("\(t.code): \(line.sku) is a kit; kits hold no stock of their own, so move its components.") }
                return id
            }
            _ = try tx.insertTransfer(t, fromID: fromID, toID: toID, skuIDs: skuIDs, by: actor.name, at: now)
            try auditTransfer(tx, actor, .createTransfer, t, reason: "created: \(t.units.grouped) units from \(t.from) to \(t.to)"
                              + (t.note.isEmpty ? "" : ": \(t.note)"), stock: nil, at: now)
            return try tx.transfer(t.code)!
        }
    }

    /// Ships, receives or cancels a transfer. Cancelling needs a reason.
    public func advanceTransfer(_ reference: String, _ step: TransferStep, reason: String = "",
                                by actor: Actor) throws(OperationError) -> TransferRecord {
        if step == .cancel { try Self.requireReason(reason) } else { try Self.refuseUnsafeText(reason, what: "note") }
        return try perform(step.command, by: actor) { tx, actor in
            let code = reference.trimmingCharacters(in: .whitespaces)
            guard let record = try tx.transfer(code) else { throw OperationError("No transfer \(code): qm transfer list shows them.") }
            var t = record.transfer
            t.state = try t.next(step)
            let at = now
            var changes: [PositionChange]?
            var skuIDs: [Int64] = []
            switch step {
            case .ship:
                guard let via = try tx.inTransitLocation(), let viaID = try tx.locationID(via) else {
                    throw OperationError("There is no in-transit location to ship \(code) through: add a location of kind in-transit.")
                }
                let moves = t.lines.flatMap { line in
                    [StockMove(sku: line.sku, location: t.from, from: .sellable, to: nil, quantity: line.quantity, reason: .transfer,
                               note: "shipped to \(t.to)", document: t.code),
                     StockMove(sku: line.sku, location: via, from: nil, to: .sellable, quantity: line.quantity, reason: .transfer,
                               note: "in transit to \(t.to)", document: t.code)]
                }
                changes = try moveStock(moves, in: tx, actor: actor, at: at)
                t.expectedDate = OrderDate.adding(days: t.leadDays, to: today)
                try tx.setTransferState(record.id, .shipped, via: viaID, expectedDate: t.expectedDate, at: at)
                try tx.shiftTransferInbound(record.id, sign: 1)
                skuIDs = try t.lines.compactMap { try tx.skuID($0.sku) }
            case .receive:
                let via = record.via ?? t.from
                let moves = t.lines.flatMap { line in
                    [StockMove(sku: line.sku, location: via, from: .sellable, to: nil, quantity: line.quantity, reason: .transfer,
                               note: "arrived at \(t.to)", document: t.code),
                     StockMove(sku: line.sku, location: t.to, from: nil, to: .sellable, quantity: line.quantity, reason: .transfer,
                               note: "received from \(t.from)", document: t.code)]
                }
                changes = try moveStock(moves, in: tx, actor: actor, at: at)
                try tx.shiftTransferInbound(record.id, sign: -1)
                try tx.setTransferState(record.id, .received, at: at)
                skuIDs = try t.lines.compactMap { try tx.skuID($0.sku) }
            case .cancel:
                try tx.setTransferState(record.id, .cancelled, at: at)
            }
            let redated = try redateBackorders(skuIDs: skuIDs, in: tx)
            let said = reason.isEmpty ? "" : ": \(reason)"
            try auditTransfer(tx, actor, step.command, t, reason: "\(step.rawValue)\(said)" + Self.redatedNote(redated), stock: changes, at: at)
            return try tx.transfer(t.code)!
        }
    }

    /// A location stock can be sent from or to: known, and not the in-transit one.
    private func receivingLocation(_ code: String, in tx: StoreTransaction) throws -> Int64 {
        guard let location = try tx.location(code), let id = try tx.locationID(code) else { throw OperationError("Unknown location \(code).") }
        guard location.kind != .inTransit else {
            throw OperationError("\(code) is the in-transit location: a transfer goes through it, from one place to another.")
        }
        return id
    }

    /// Applies moves position by position (each checked by the Domain rule: nothing goes
    /// below zero), appends them, and returns each position touched, before and after.
    func moveStock(_ moves: [StockMove], in tx: StoreTransaction, actor: Actor, at: String) throws -> [PositionChange] {
        var positions: [String: (skuID: Int64, locationID: Int64, change: PositionChange)] = [:], order: [String] = []
        var rows: [(move: StockMove, skuID: Int64, locationID: Int64, at: String)] = []
        for move in moves {
            let key = "\(move.sku)@\(move.location)"
            if positions[key] == nil {
                let (skuID, locationID) = try ids(sku: move.sku, location: move.location, in: tx)
                let current = try tx.position(skuID: skuID, locationID: locationID)
                positions[key] = (skuID, locationID, PositionChange(sku: move.sku, location: move.location, before: current, after: current))
                order.append(key)
            }
            try positions[key]!.change.after.apply(move)
            rows.append((move, positions[key]!.skuID, positions[key]!.locationID, at))
        }
        try tx.appendMoves(rows, actor: actor.name)
        return try order.map { key in
            let p = positions[key]!
            try tx.addToPosition(skuID: p.skuID, locationID: p.locationID, p.change.after - p.change.before)
            return p.change
        }
    }

    private func auditTransfer(_ tx: StoreTransaction, _ actor: Actor, _ command: Command, _ t: Transfer, reason: String,
                               stock: [PositionChange]?, at: String) throws {
        struct Image: Encodable { var state: String; var units: Int; var expected: String?; var stock: [PositionChange]? }
        try tx.append(AuditEntry(actor: actor.name, role: actor.role, command: command.rawValue, entity: "transfer:\(t.code)", reason: reason,
                                 after: AuditJSON.encode(Image(state: t.state.rawValue, units: t.units, expected: t.expectedDate, stock: stock))),
                      at: at)
    }
}
