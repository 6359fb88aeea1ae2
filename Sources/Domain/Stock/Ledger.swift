/// A (sku, location) pair: the key of a stock position.
public struct SkuLocation: Hashable, Sendable, Comparable, Codable {
    public var sku: String
    public var location: String
    public init(sku: String, location: String) { self.sku = sku; self.location = location }
    public static func < (a: SkuLocation, b: SkuLocation) -> Bool { (a.sku, a.location) < (b.sku, b.location) }
}

/// Something `qm verify` found wrong, phrased for a person.
public enum LedgerViolation: Hashable, Sendable, CustomStringConvertible {
    case balanceMismatch(SkuLocation, StockStatus, stored: Int, fromMoves: Int)
    case negative(SkuLocation, StockStatus, quantity: Int)
    case reservedMismatch(SkuLocation, reserved: Int, liveReservations: Int)
    case kitHoldsStock(SkuLocation, quantity: Int)

    /// The check that finds it, as `qm verify --format json` names it.
    public var check: String {
        switch self {
        case .balanceMismatch: "balance"
        case .negative: "negative"
        case .reservedMismatch: "reserved"
        case .kitHoldsStock: "kit"
        }
    }

    public var description: String {
        switch self {
        case let .balanceMismatch(k, s, stored, moves):
            "\(k.sku) at \(k.location): stored \(s.rawValue) balance is \(stored) but the moves sum to \(moves)"
        case let .negative(k, s, q):
            "\(k.sku) at \(k.location): \(s.rawValue) is negative (\(q))"
        case let .reservedMismatch(k, reserved, live):
            "\(k.sku) at \(k.location): reserved is \(reserved) but live reservations and order allocations total \(live)"
        case let .kitHoldsStock(k, q):
            "\(k.sku) at \(k.location): is a kit but holds \(q) units (kits hold no stock of their own)"
        }
    }
}

/// The ledger's arithmetic: balances are the sum of moves, and the invariants `qm verify` proves.
public enum Ledger {
    /// Folds moves in order, refusing (with the failing move's index) any that would go negative.
    public static func replay(_ moves: [StockMove]) throws(DomainError) -> [SkuLocation: StockPosition] {
        var positions: [SkuLocation: StockPosition] = [:]
        for (index, move) in moves.enumerated() {
            let key = SkuLocation(sku: move.sku, location: move.location)
            var position = positions[key] ?? StockPosition()
            do { try position.apply(move) } catch {
                throw DomainError("Move \(index + 1): \(error.message)")
            }
            positions[key] = position
        }
        return positions
    }

    /// Compares stored positions with the net of the moves and with live reservations.
    /// `netFromMoves` is the per-status sum of (+qty into status, -qty out of it).
    public static func verify(stored: [SkuLocation: StockPosition],
                              netFromMoves: [SkuLocation: StockPosition],
                              liveReservations: [SkuLocation: Int],
                              kits: Set<String>) -> [LedgerViolation] {
        var violations: [LedgerViolation] = []
        let keys = Set(stored.keys).union(netFromMoves.keys).union(liveReservations.keys).sorted()
        for key in keys {
            let have = stored[key] ?? StockPosition()
            let want = netFromMoves[key] ?? StockPosition()
            for status in StockStatus.allCases {
                if have[status] != want[status] {
                    violations.append(.balanceMismatch(key, status, stored: have[status], fromMoves: want[status]))
                }
                if have[status] < 0 { violations.append(.negative(key, status, quantity: have[status])) }
            }
            let live = liveReservations[key] ?? 0
            if have.reserved != live {
                violations.append(.reservedMismatch(key, reserved: have.reserved, liveReservations: live))
            }
            if kits.contains(key.sku), have.onHand != 0 {
                violations.append(.kitHoldsStock(key, quantity: have.onHand))
            }
        }
        return violations
    }
}
