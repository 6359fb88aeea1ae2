import Foundation
import Domain
import Store

/// The stock-changing commands behind `qm move` and the console.
extension Operations {
    /// Adds (`delta > 0`) or removes (`delta < 0`) stock in one status at one location.
    @discardableResult
    public func adjust(sku: String, location: String, status: StockStatus, delta: Int, reason: String,
                       by actor: Actor) throws(OperationError) -> StockPosition {
        let move = try Self.adjustment(sku: sku, location: location, status: status, delta: delta, reason: reason)
        return try perform(.adjustStock, by: actor) { tx, actor in
            try apply([move], in: tx, actor: actor, command: .adjustStock, reason: reason).first!
        }
    }

    /// What `adjust` would do, read and checked exactly as it would be (role, SKU, location,
    /// balance) but not written: the position before and after. The console asks this before
    /// its confirmation, so a refusal comes first.
    public func planAdjust(sku: String, location: String, status: StockStatus, delta: Int, reason: String,
                           by actor: Actor) throws(OperationError) -> (before: StockPosition, after: StockPosition) {
        let move = try Self.adjustment(sku: sku, location: location, status: status, delta: delta, reason: reason)
        return try read { r in
            try AccessPolicy.authorize(try r.user(actor.name)?.role ?? actor.role, .adjustStock, user: actor.name)
            let planned = try plan(move, in: r)
            return (planned.before, planned.after)
        }
    }

    /// The move an adjustment makes, with what can be checked without the database.
    static func adjustment(sku: String, location: String, status: StockStatus, delta: Int,
                           reason: String) throws(OperationError) -> StockMove {
        guard delta != 0 else { throw OperationError("An adjustment of 0 changes nothing; give a non-zero --qty.") }
        guard delta.magnitude <= UInt(StockMove.maxQuantity) else {
            throw OperationError("An adjustment of \(delta) is more than one move may carry (±\(StockMove.maxQuantity)).")
        }
        try requireReason(reason)
        try refuseReserved(status, verb: "adjust")
        return StockMove(sku: sku, location: location, from: delta < 0 ? status : nil, to: delta > 0 ? status : nil,
                         quantity: abs(delta), reason: .adjustment, note: reason)
    }

    /// Moves stock of one status from one location to another.
    public func transfer(sku: String, from source: String, to destination: String, status: StockStatus,
                         quantity: Int, reason: String, by actor: Actor) throws(OperationError) {
        try Self.requireReason(reason)
        try Self.refuseReserved(status, verb: "transfer")
        guard source != destination else { throw OperationError("A transfer needs two different locations; both are \(source).") }
        let out = StockMove(sku: sku, location: source, from: status, to: nil, quantity: quantity, reason: .transfer,
                            note: reason, document: "to \(destination)")
        let into = StockMove(sku: sku, location: destination, from: nil, to: status, quantity: quantity, reason: .transfer,
                             note: reason, document: "from \(source)")
        try perform(.transferStock, by: actor) { tx, actor in
            _ = try apply([out, into], in: tx, actor: actor, command: .transferStock, reason: reason)
        }
    }

    /// Changes the status of stock at one location, e.g. quarantine -> sellable after inspection.
    @discardableResult
    public func changeStatus(sku: String, location: String, from: StockStatus, to: StockStatus, quantity: Int,
                             reason: String, by actor: Actor) throws(OperationError) -> StockPosition {
        try Self.requireReason(reason)
        try Self.refuseReserved(from, verb: "change status from")
        try Self.refuseReserved(to, verb: "change status to")
        let move = StockMove(sku: sku, location: location, from: from, to: to, quantity: quantity, reason: .statusChange, note: reason)
        return try perform(.changeStockStatus, by: actor) { tx, actor in
            try apply([move], in: tx, actor: actor, command: .changeStockStatus, reason: reason).first!
        }
    }

    /// Promises sellable stock to a document: a sellable -> reserved move tied to a reservation
    /// record, written together so reserved always equals the live reservations.
    public func reserve(sku: String, location: String, quantity: Int, document: String,
                        by actor: Actor) throws(OperationError) {
        try reserve([ReservationRequest(sku: sku, location: location, quantity: quantity, document: document)], by: actor)
    }

    /// Several reservations in one transaction: all are made or none.
    public func reserve(_ requests: [ReservationRequest], by actor: Actor) throws(OperationError) {
        try perform(.reserveStock, by: actor) { tx, actor in
            for r in requests {
                guard !r.document.isEmpty else { throw OperationError("A reservation needs the document it is for.") }
                let move = StockMove(sku: r.sku, location: r.location, from: .sellable, to: .reserved, quantity: r.quantity,
                                     reason: .reservation, note: "reserved for \(r.document)", document: r.document)
                _ = try apply([move], in: tx, actor: actor, command: .reserveStock, reason: move.note)
                let (skuID, locationID) = try ids(sku: r.sku, location: r.location, in: tx)
                _ = try tx.addReservation(skuID: skuID, locationID: locationID, quantity: r.quantity, document: r.document, at: now)
            }
        }
    }

    /// Gives back every live reservation of `document` for a SKU at a location.
    public func releaseReservation(sku: String, location: String, document: String, reason: String,
                                   by actor: Actor) throws(OperationError) {
        try Self.requireReason(reason)
        try perform(.releaseReservation, by: actor) { tx, actor in
            let (skuID, locationID) = try ids(sku: sku, location: location, in: tx)
            let live = try tx.liveReservations(document: document, skuID: skuID, locationID: locationID)
            let total = live.reduce(0) { $0 + $1.quantity }
            guard total > 0 else {
                throw OperationError("\(document) holds no reservation of \(sku) at \(location).")
            }
            for r in live { try tx.endReservation(id: r.id) }
            let move = StockMove(sku: sku, location: location, from: .reserved, to: .sellable, quantity: total,
                                 reason: .release, note: reason, document: document)
            _ = try apply([move], in: tx, actor: actor, command: .releaseReservation, reason: reason)
        }
    }

    // MARK: Shared steps

    /// Validates each move against the current position, records it, and writes one audit
    /// entry per (sku, location) touched with the position before and after.
    func apply(_ moves: [StockMove], in tx: StoreTransaction, actor: Actor, command: Command,
               reason: String) throws -> [StockPosition] {
        var results: [StockPosition] = []
        for move in moves {
            let planned = try plan(move, in: tx)
            try tx.record(move, skuID: planned.skuID, locationID: planned.locationID, actor: actor.name, at: now)
            try tx.append(AuditEntry(actor: actor.name, role: actor.role, command: command.rawValue,
                                     entity: "stock:\(move.sku)@\(move.location)", reason: reason,
                                     before: AuditJSON.encode(planned.before), after: AuditJSON.encode(planned.after)), at: now)
            results.append(planned.after)
        }
        return results
    }

    /// One move checked against the position it changes (the domain rule), without writing.
    func plan(_ move: StockMove, in r: some StoreReading) throws
        -> (skuID: Int64, locationID: Int64, before: StockPosition, after: StockPosition) {
        try move.validate()
        let (skuID, locationID) = try ids(sku: move.sku, location: move.location, in: r)
        try refuseKit(move.sku, in: r)
        let before = try r.position(skuID: skuID, locationID: locationID)
        var after = before
        try after.apply(move)
        return (skuID, locationID, before, after)
    }

    func ids(sku: String, location: String, in tx: some StoreReading) throws -> (Int64, Int64) {
        guard let skuID = try tx.skuID(sku) else { throw OperationError("Unknown SKU \(sku).") }
        guard let locationID = try tx.locationID(location) else { throw OperationError("Unknown location \(location).") }
        return (skuID, locationID)
    }

    func refuseKit(_ sku: String, in tx: some StoreReading) throws {
        if try tx.sku(sku)?.isKit == true {
            throw OperationError("\(sku) is a kit: kits hold no stock of their own; move its components instead.")
        }
    }

    static func requireReason(_ reason: String) throws(OperationError) {
        guard !reason.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw OperationError("A reason is required (--reason): every stock change says why.")
        }
        try refuseControlCharacters(reason, what: "reason")
    }

    /// Reserved stock belongs to reservations; only reserve/release/ship may touch it.
    static func refuseReserved(_ status: StockStatus, verb: String) throws(OperationError) {
        if status == .reserved {
            throw OperationError("Cannot \(verb) reserved stock directly: reserved follows reservations (reserve or release them).")
        }
    }
}

public struct ReservationRequest: Sendable, Equatable {
    public var sku: String
    public var location: String
    public var quantity: Int
    public var document: String
    public init(sku: String, location: String, quantity: Int, document: String) {
        self.sku = sku; self.location = location; self.quantity = quantity; self.document = document
    }
}
