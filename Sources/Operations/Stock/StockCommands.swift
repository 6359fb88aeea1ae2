import Foundation
import Domain
import Store

/// The stock-changing commands behind `qm move` and the console.
extension Operations {
    /// Adds (`delta > 0`) or removes (`delta < 0`) stock in one status at one location.
    @discardableResult
    public func adjust(sku: String, location: String, status: StockStatus, delta: Int, reason: String,
                       by actor: Actor) throws(OperationError) -> StockPosition {
        try perform(.adjust(sku: sku, location: location, status: status, delta: delta, reason: reason), by: actor)[0]
    }

    /// Moves stock of one status from one location to another.
    public func transfer(sku: String, from source: String, to destination: String, status: StockStatus,
                         quantity: Int, reason: String, by actor: Actor) throws(OperationError) {
        _ = try perform(.transfer(sku: sku, from: source, to: destination, status: status, quantity: quantity, reason: reason),
                        by: actor)
    }

    /// Changes the status of stock at one location, e.g. quarantine -> sellable after inspection.
    @discardableResult
    public func changeStatus(sku: String, location: String, from: StockStatus, to: StockStatus, quantity: Int,
                             reason: String, by actor: Actor) throws(OperationError) -> StockPosition {
        try perform(.status(sku: sku, location: location, from: from, to: to, quantity: quantity, reason: reason), by: actor)[0]
    }

    /// Makes a stock change: its moves, each checked against its position, with an audit entry
    /// per position. Returns the positions after, in the order of the moves.
    @discardableResult
    public func perform(_ change: StockChange, by actor: Actor) throws(OperationError) -> [StockPosition] {
        let moves = try change.moves()
        return try perform(change.command, by: actor) { tx, actor in
            let at = now
            let after = try apply(moves, in: tx, actor: actor, command: change.command, reason: change.reason)
            if case let .adjust(sku, location, _, delta, reason) = change {
                // A manual fix says the ledger was wrong: someone counts the SKU there. Stock
                // added where the ledger had none of it is named as such.
                let (skuID, locationID) = try ids(sku: sku, location: location, in: tx)
                let foundNone = delta > 0 && after[0].onHand == delta
                try raiseCount(skuID: skuID, locationID: locationID, sku: sku, location: location,
                               why: foundNone ? "stock found where the ledger had none (adjusted +\(delta) by \(actor.name): \(reason))"
                                   : "manual adjustment of \(delta > 0 ? "+" : "")\(delta) by \(actor.name): \(reason)",
                               in: tx, actor: actor, at: at)
            }
            return after
        }
    }

    /// What `perform(change)` would do, read and checked exactly as it would be (role, SKU,
    /// locations, balances) but not written: each position before and after. The console asks
    /// this before its confirmation, so a refusal comes first.
    public func plan(_ change: StockChange, by actor: Actor) throws(OperationError) -> [PlannedPosition] {
        let moves = try change.moves()
        return try read { r in
            try AccessPolicy.authorize(try r.user(actor.name)?.role ?? actor.role, change.command, user: actor.name)
            return try moves.map { move in
                let planned = try plan(move, in: r)
                return PlannedPosition(sku: move.sku, location: move.location, before: planned.before, after: planned.after)
            }
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
        let at = now   // one time for the moves and their audit entries, even across a second's edge
        for move in moves {
            let planned = try plan(move, in: tx)
            try tx.record(move, skuID: planned.skuID, locationID: planned.locationID, actor: actor.name, at: at)
            try tx.append(AuditEntry(actor: actor.name, role: actor.role, command: command.rawValue,
                                     entity: "stock:\(move.sku)@\(move.location)", reason: reason,
                                     before: AuditJSON.encode(planned.before), after: AuditJSON.encode(planned.after)), at: at)
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
        try refuseUnsafeText(reason, what: "reason")
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

/// A change of stock a person asks for: an adjustment, a transfer between locations, or a
/// change of status at one location. Its moves carry every check that needs no database.
public enum StockChange: Sendable, Equatable {
    case adjust(sku: String, location: String, status: StockStatus, delta: Int, reason: String)
    case transfer(sku: String, from: String, to: String, status: StockStatus, quantity: Int, reason: String)
    case status(sku: String, location: String, from: StockStatus, to: StockStatus, quantity: Int, reason: String)

    public var command: Command {
        switch self {
        case .adjust: .adjustStock
        case .transfer: .transferStock
        case .status: .changeStockStatus
        }
    }

    public var reason: String {
        switch self {
        case .adjust(_, _, _, _, let reason), .transfer(_, _, _, _, _, let reason), .status(_, _, _, _, _, let reason): reason
        }
    }

    public var sku: String {
        switch self {
        case .adjust(let sku, _, _, _, _), .transfer(let sku, _, _, _, _, _), .status(let sku, _, _, _, _, _): sku
        }
    }

    func moves() throws(OperationError) -> [StockMove] {
        try Operations.requireReason(reason)
        switch self {
        case let .adjust(sku, location, status, delta, reason):
            guard delta != 0 else { throw OperationError("An adjustment of 0 changes nothing; give a non-zero --qty.") }
            guard delta.magnitude <= UInt(StockMove.maxQuantity) else {
                throw OperationError("An adjustment of \(delta) is more than one move may carry (±\(StockMove.maxQuantity)).")
            }
            try Operations.refuseReserved(status, verb: "adjust")
            return [StockMove(sku: sku, location: location, from: delta < 0 ? status : nil, to: delta > 0 ? status : nil,
                              quantity: abs(delta), reason: .adjustment, note: reason)]
        case let .transfer(sku, source, destination, status, quantity, reason):
            try Operations.refuseReserved(status, verb: "transfer")
            guard source != destination else { throw OperationError("A transfer needs two different locations; both are \(source).") }
            return [StockMove(sku: sku, location: source, from: status, to: nil, quantity: quantity, reason: .transfer,
                              note: reason, document: "to \(destination)"),
                    StockMove(sku: sku, location: destination, from: nil, to: status, quantity: quantity, reason: .transfer,
                              note: reason, document: "from \(source)")]
        case let .status(sku, location, from, to, quantity, reason):
            try Operations.refuseReserved(from, verb: "change status from")
            try Operations.refuseReserved(to, verb: "change status to")
            return [StockMove(sku: sku, location: location, from: from, to: to, quantity: quantity, reason: .statusChange, note: reason)]
        }
    }
}

/// A position as a planned change would leave it.
public struct PlannedPosition: Sendable, Equatable {
    public var sku: String
    public var location: String
    public var before: StockPosition
    public var after: StockPosition
    public init(sku: String, location: String, before: StockPosition, after: StockPosition) {
        self.sku = sku; self.location = location; self.before = before; self.after = after
    }
}
