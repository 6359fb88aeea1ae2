/// What it cost to land a receipt beyond its goods: freight, duty, insurance.
public enum LandedCostKind: String, CaseIterable, Sendable, Codable {
    case freight, duty, insurance

    public init?(parsing text: String) {
        guard let k = Spelling.match(text, in: LandedCostKind.self) else { return nil }
        self = k
    }
    public static var spellings: String { allCases.map(\.rawValue).joined(separator: ", ") }
}

/// How a receipt's landed cost is shared over its lines: by their value at the order's price,
/// by units, or by weight (units x the SKU's weight).
public enum SpreadBasis: String, CaseIterable, Sendable, Codable {
    case value, quantity, weight

    public init?(parsing text: String) {
        guard let b = Spelling.match(text, in: SpreadBasis.self) else { return nil }
        self = b
    }
    public static var spellings: String { allCases.map(\.rawValue).joined(separator: ", ") }
}

public struct LandedCharge: Hashable, Sendable, Codable {
    public var kind: LandedCostKind
    /// Minor units of the purchase order's currency.
    public var amount: Int64
    public init(kind: LandedCostKind, amount: Int64) { self.kind = kind; self.amount = amount }
}

public enum LandedCost {
    /// `amount` shared over lines in proportion to `weights` (docs/MONEY.md): each share rounded
    /// down, then the minor units left over given one each to the lines with the largest
    /// remainders (the earlier line on a tie). The shares add up to the amount exactly, so no
    /// rounding difference is left to post.
    public static func spread(_ amount: Int64, over weights: [Int64], basis: SpreadBasis) throws(DomainError) -> [Int64] {
        guard amount >= 0 else { throw DomainError("A landed cost cannot be negative (\(Money.format(amount))).") }
        guard weights.allSatisfy({ $0 >= 0 }) else { throw DomainError("A line's \(basis.rawValue) cannot be negative.") }
        var total: Int64 = 0
        for w in weights {
            let (sum, overflow) = total.addingReportingOverflow(w)
            guard !overflow else { throw DomainError("The lines' \(basis.rawValue) is too large to share a cost over.") }
            total = sum
        }
        guard total > 0 else {
            throw DomainError(basis == .weight ? "The receipt's SKUs have no weight: spread its landed cost by value or quantity."
                                               : "The receipt's lines have no \(basis.rawValue) to spread its landed cost over.")
        }
        var shares: [Int64] = [], remainders: [(index: Int, remainder: Int64)] = []
        for (i, w) in weights.enumerated() {
            let (q, r) = total.dividingFullWidth(amount.multipliedFullWidth(by: w))
            shares.append(q)
            remainders.append((i, r))
        }
        var left = amount - shares.reduce(0, +)
        for r in remainders.sorted(by: { $0.remainder != $1.remainder ? $0.remainder > $1.remainder : $0.index < $1.index }) where left > 0 {
            shares[r.index] += 1
            left -= 1
        }
        return shares
    }
}
