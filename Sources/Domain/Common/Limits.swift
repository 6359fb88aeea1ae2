/// The ranges numbers may take (docs/FORMATS.md, "Limits"). Every import and command checks
/// them, so arithmetic on stored values (allocation scores, kit demand, order values) stays far
/// inside Int64. The planner also saturates (`Saturating`), for databases written before
/// these limits existed.
public enum Limits {
    /// Days from a location to a region it serves.
    public static let transitDays = 0...365
    /// A supplier's lead time and its spread, in days.
    public static let leadTimeDays = 0...3_650
    public static let packSize = 1...1_000_000
    /// Units of a component in one kit.
    public static let kitComponentQuantity = 1...10_000
    /// Units one move, order line or count may carry.
    public static let quantity = 1...1_000_000_000
    /// Minor units of a price, cost, shipping cost or charge: up to 1,000,000,000.00.
    public static let money: ClosedRange<Int64> = 0...100_000_000_000
    public static let weightGrams = 0...100_000_000

    /// "unit cost -1.00 is out of range (0.00-1000000000.00)": amounts in currency units, as
    /// files and commands write them.
    public static func check(_ amount: Money, _ what: String) throws(DomainError) {
        guard money.contains(amount.minorUnits) else {
            throw DomainError("\(what) \(Money.format(amount.minorUnits)) is out of range "
                              + "(\(Money.format(money.lowerBound))-\(Money.format(money.upperBound))).")
        }
    }

    /// "transit days 10000000000000 is out of range (0-365)" when `value` is outside `range`.
    public static func check<T: BinaryInteger>(_ value: T, in range: ClosedRange<T>, _ what: String) throws(DomainError) {
        guard range.contains(value) else {
            throw DomainError("\(what) \(value) is out of range (\(range.lowerBound)-\(range.upperBound)).")
        }
    }
}

/// Arithmetic that stops at the ends of the type instead of trapping: a score or a demand
/// computed from an out-of-range stored value ranks last rather than crashing the run.
public enum Saturating {
    public static func add<T: FixedWidthInteger & SignedInteger>(_ a: T, _ b: T) -> T {
        let (sum, overflow) = a.addingReportingOverflow(b)
        return overflow ? (b > 0 ? .max : .min) : sum
    }

    public static func multiply<T: FixedWidthInteger & SignedInteger>(_ a: T, _ b: T) -> T {
        let (product, overflow) = a.multipliedReportingOverflow(by: b)
        return overflow ? ((a < 0) == (b < 0) ? .max : .min) : product
    }

    public static func subtract<T: FixedWidthInteger & SignedInteger>(_ a: T, _ b: T) -> T {
        let (difference, overflow) = a.subtractingReportingOverflow(b)
        return overflow ? (b < 0 ? .max : .min) : difference
    }
}

/// `part` of `whole` of an amount, exact however large (the product is taken at double
/// width): the one place money is split in proportion.
public enum Proportion {
    /// Rounded down: what may never be exceeded (a refund).
    public static func down(_ amount: Int64, part: Int64, of whole: Int64) -> Int64 {
        guard whole > 0, part > 0, amount > 0 else { return 0 }
        return whole.dividingFullWidth(amount.multipliedFullWidth(by: min(part, whole))).quotient
    }

    /// Rounded half up: a fair share (a valuation). `part` is at most `whole`.
    public static func halfUp(_ amount: Int64, part: Int64, of whole: Int64) -> Int64 {
        guard whole > 0, part > 0, amount > 0 else { return 0 }
        let (q, r) = whole.dividingFullWidth(amount.multipliedFullWidth(by: min(part, whole)))
        return r >= whole - r ? q + 1 : q
    }
}
