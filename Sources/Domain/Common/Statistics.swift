/// Mean and sample standard deviation in integers: both in thousandths of the values' unit,
/// rounded up (planning figures never understate), from 128-bit sums that saturate.
public enum Statistics {
    /// Negative values count as 0. Under two values, no deviation can be told: 0.
    public static func meanAndDeviation(_ values: [Int]) -> (mean: Int64, sd: Int64) {
        var sum = Int128(0), squares = Int128(0)
        for value in values {
            let x = Int128(max(0, value))
            sum = Saturating.add(sum, x)
            squares = Saturating.add(squares, Saturating.multiply(x, x))
        }
        return meanAndDeviation(count: values.count, sum: sum, squares: squares)
    }

    /// The same from the count of values, their sum and the sum of their squares: values of
    /// 0 add nothing to either sum, so days without a sale need no row.
    public static func meanAndDeviation(count: Int, sum: Int128, squares: Int128) -> (mean: Int64, sd: Int64) {
        let n = Int128(count)
        guard n > 0 else { return (0, 0) }
        let mean = Int64(clamping: Replenishment.units128(Saturating.multiply(sum, 1_000), per: n))
        guard n > 1 else { return (mean, 0) }
        // Sample variance = (n·Σx² − (Σx)²) / (n(n − 1)), scaled to thousandths squared.
        let spread = Saturating.subtract(Saturating.multiply(n, squares), Saturating.multiply(sum, sum))
        let variance = Replenishment.units128(Saturating.multiply(max(0, spread), 1_000_000), per: n * (n - 1))
        return (mean, Int64(clamping: Replenishment.ceilingSquareRoot(variance)))
    }
}
