/// ABC classification by demand value: SKUs ranked by the value they sold over a window; the
/// ones that make up the first 80% of the total are A, the next 15% B, the rest C (the
/// shares are configurable). Service levels and count frequencies follow the class.
public enum VelocityClassification {
    /// Cumulative shares of the total value, per mille, where A and B end.
    public struct Shares: Sendable, Equatable {
        public var a: Int
        public var ab: Int
        public init(a: Int = 800, ab: Int = 950) { self.a = a; self.ab = ab }

        public func validate() throws(DomainError) {
            guard 0 < a, a <= ab, ab <= 1_000 else {
                throw DomainError("Class shares must grow: A up to \(a)‰ and A+B up to \(ab)‰ must satisfy 0 < A ≤ A+B ≤ 1000.")
            }
        }
    }

    /// One SKU's class and the figures behind it.
    public struct Ranked: Sendable, Equatable {
        public var sku: String
        /// Demand value over the window, minor units.
        public var value: Int64
        /// The value of this SKU and every SKU ranked above it, per mille of the total.
        public var cumulativePerMille: Int
        public var velocity: VelocityClass
    }

    /// Ranks by value (highest first; ties by code, so the result is stable). A SKU is in the
    /// class where the cumulative share *before* it falls, so the SKU that crosses 80% is still
    /// A. SKUs with no demand are C.
    public static func classify(_ values: [(sku: String, value: Int64)], shares: Shares = Shares()) -> [Ranked] {
        let ranked = values.map { ($0.sku, max(0, $0.value)) }.sorted { ($0.1, $1.0) > ($1.1, $0.0) }
        let total = ranked.reduce(Int128(0)) { $0 + Int128($1.1) }
        var before = Int128(0)
        return ranked.map { sku, value in
            let shareBefore = total == 0 ? 1_000 : Int(before * 1_000 / total)
            before += Int128(value)
            let cumulative = total == 0 ? 1_000 : Int(before * 1_000 / total)
            let velocity: VelocityClass = value == 0 ? .c : shareBefore < shares.a ? .a : shareBefore < shares.ab ? .b : .c
            return Ranked(sku: sku, value: value, cumulativePerMille: cumulative, velocity: velocity)
        }
    }
}
