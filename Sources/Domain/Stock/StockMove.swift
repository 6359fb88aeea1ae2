import Foundation

/// Why stock moved. Reason codes are closed so reports can group by them.
public enum MoveReason: String, CaseIterable, Sendable, Codable {
    case receipt          // goods arrived from a supplier or the opening balance
    case adjustment       // count correction or manual fix
    case transfer         // between locations
    case statusChange     // e.g. quarantine -> sellable after inspection
    case reservation      // sellable -> reserved for a document (a reservation holds it)
    case allocation       // sellable -> reserved for an order line (its allocation holds it)
    case release          // reserved -> sellable (cancelled or reallocated)
    case shipment         // reserved -> out of the building
    case writeOff         // damaged/scrapped stock leaving the books
    case returnReceipt    // customer return into returnPending
    case importOpening    // opening balance from an import file
    case shortPick        // reserved -> quarantine: a picker did not find it; it waits for a count
    case returnToVendor   // returned goods sent back to their supplier
}

extension MoveReason {
    public init?(parsing text: String) {
        guard let r = Spelling.match(text, in: MoveReason.self) else { return nil }
        self = r
    }
    public static var spellings: String { allCases.map(\.rawValue).joined(separator: ", ") }
}

/// One immutable change to the ledger. `from == nil` brings stock into the books at
/// `to`; `to == nil` takes it out of the books from `from`. Quantity is always positive.
public struct StockMove: Hashable, Sendable, Codable {
    public var sku: String
    public var location: String
    public var from: StockStatus?
    public var to: StockStatus?
    public var quantity: Int
    public var reason: MoveReason
    public var note: String
    public var document: String?
    /// What a unit coming in cost (a receipt at its purchase price): the books value it so
    /// when it is in the SKU's currency, else at the SKU's rate.
    public var unitCost: Money?
    /// What the stock coming in is worth in all, in the SKU's currency, when that is known
    /// (a return: what its units cost when they shipped); it goes before `unitCost`.
    public var value: Int64?
    /// Added to the value of stock coming in, in the SKU's currency: a receipt line's share of
    /// what landing it cost (freight, duty, insurance).
    public var landedCost: Int64?

    public init(sku: String, location: String, from: StockStatus?, to: StockStatus?, quantity: Int,
                reason: MoveReason, note: String = "", document: String? = nil, unitCost: Money? = nil, landedCost: Int64? = nil,
                value: Int64? = nil) {
        self.sku = sku; self.location = location; self.from = from; self.to = to
        self.quantity = quantity; self.reason = reason; self.note = note; self.document = document; self.unitCost = unitCost
        self.landedCost = landedCost; self.value = value
    }

    /// The largest quantity one move may carry; keeps every sum far from overflow.
    public static let maxQuantity = Limits.quantity.upperBound

    /// The structural rules every move obeys, whatever asked for it.
    public func validate() throws(DomainError) {
        guard quantity > 0 else { throw DomainError("Quantity must be a positive whole number, got \(quantity).") }
        guard quantity <= Self.maxQuantity else {
            throw DomainError("Quantity \(quantity) is more than one move may carry (\(Self.maxQuantity)).")
        }
        guard from != nil || to != nil else { throw DomainError("A move needs a from-status, a to-status or both.") }
        guard from != to else { throw DomainError("A move from \(from!.rawValue) to the same status changes nothing.") }
    }
}

/// Stock keyed by (sku, location, status).
public struct BalanceKey: Hashable, Sendable, Comparable {
    public var sku: String
    public var location: String
    public var status: StockStatus
    public init(sku: String, location: String, status: StockStatus) {
        self.sku = sku; self.location = location; self.status = status
    }
    public static func < (a: BalanceKey, b: BalanceKey) -> Bool {
        (a.sku, a.location, a.status) < (b.sku, b.location, b.status)
    }
}

/// Quantities by status at one (sku, location): the row the stock pane shows.
public struct StockPosition: Hashable, Sendable, Codable {
    public var sellable = 0, reserved = 0, quarantine = 0, damaged = 0, returnPending = 0
    public init() {}
    public init(sellable: Int, reserved: Int, quarantine: Int, damaged: Int, returnPending: Int) {
        self.sellable = sellable; self.reserved = reserved; self.quarantine = quarantine
        self.damaged = damaged; self.returnPending = returnPending
    }

    public subscript(status: StockStatus) -> Int {
        get {
            switch status {
            case .sellable: sellable
            case .reserved: reserved
            case .quarantine: quarantine
            case .damaged: damaged
            case .returnPending: returnPending
            }
        }
        set {
            switch status {
            case .sellable: sellable = newValue
            case .reserved: reserved = newValue
            case .quarantine: quarantine = newValue
            case .damaged: damaged = newValue
            case .returnPending: returnPending = newValue
            }
        }
    }

    public var onHand: Int { StockStatus.allCases.reduce(0) { $0 + self[$1] } }

    /// Status by status: what a change did to a position.
    public static func - (a: StockPosition, b: StockPosition) -> StockPosition {
        StockPosition(sellable: a.sellable - b.sellable, reserved: a.reserved - b.reserved, quarantine: a.quarantine - b.quarantine,
                      damaged: a.damaged - b.damaged, returnPending: a.returnPending - b.returnPending)
    }

    /// Applies a move to this position, refusing any that would take a status below zero.
    public mutating func apply(_ move: StockMove) throws(DomainError) {
        try move.validate()
        if let from = move.from {
            guard self[from] >= move.quantity else {
                throw DomainError("\(move.sku) at \(move.location) has \(self[from]) \(from.rawValue), cannot move \(move.quantity).")
            }
            self[from] -= move.quantity
        }
        if let to = move.to { self[to] += move.quantity }
    }
}
