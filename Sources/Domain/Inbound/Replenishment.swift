/// The replenishment arithmetic of one SKU at one fulfilment location:
///
///     safety stock  = z × √(L × σd² + d² × σL²)
///     reorder point = d × L + safety stock
///     position      = sellable + inbound − backordered
///     order-up-to   = reorder point + d × review days
///
/// When the position is at or below the reorder point, the suggestion brings it up to the
/// order-up-to level, rounded up to the pack size and to at least the minimum order quantity.
///
/// Everything is integer: demand is in thousandths of a unit per day (2.5 a day is 2,500), z
/// in thousandths, the square root an integer one (rounded up), and every figure in units is
/// rounded up, so the arithmetic never suggests too little. The intermediate products run in
/// 128 bits (saturating past them), so no input overflows.
public enum Replenishment {
    public struct Input: Sendable, Equatable {
        /// Mean demand, thousandths of a unit per day (d).
        public var demandPerDay: Int64
        /// Its standard deviation, thousandths of a unit per day (σd).
        public var demandSD: Int64
        /// Lead time mean and spread, days (L, σL).
        public var leadTimeDays: Int
        public var leadTimeSD: Int
        /// Service level, per mille (950 = 95%).
        public var serviceLevel: Int
        /// Days of demand an order covers beyond the reorder point.
        public var reviewDays: Int
        public var sellable: Int
        public var inbound: Int
        public var backordered: Int
        public var packSize: Int
        public var minimumOrder: Int

        public init(demandPerDay: Int64, demandSD: Int64, leadTimeDays: Int, leadTimeSD: Int, serviceLevel: Int,
                    reviewDays: Int, sellable: Int, inbound: Int, backordered: Int, packSize: Int = 1, minimumOrder: Int = 1) {
            self.demandPerDay = demandPerDay; self.demandSD = demandSD; self.leadTimeDays = leadTimeDays
            self.leadTimeSD = leadTimeSD; self.serviceLevel = serviceLevel; self.reviewDays = reviewDays
            self.sellable = sellable; self.inbound = inbound; self.backordered = backordered
            self.packSize = packSize; self.minimumOrder = minimumOrder
        }
    }

    /// Every term, so a planner can check the arithmetic.
    public struct Suggestion: Sendable, Equatable {
        /// Thousandths.
        public var z: Int
        public var safetyStock: Int
        public var reorderPoint: Int
        public var position: Int
        public var orderUpTo: Int
        /// Units to order; 0 when nothing is due.
        public var quantity: Int
        /// Why nothing is suggested, in plain words (nil when something is).
        public var why: String?
    }

    /// Service levels `z` knows (per mille -> z in thousandths, the standard normal quantile);
    /// between two, z is interpolated linearly.
    static let zTable: [(level: Int, z: Int)] = [
        (500, 0), (800, 842), (850, 1_036), (900, 1_282), (950, 1_645), (975, 1_960),
        (980, 2_054), (990, 2_326), (995, 2_576), (998, 2_878), (999, 3_090),
    ]
    public static let serviceLevels = 500...999

    /// z for a service level in `serviceLevels`, in thousandths.
    public static func z(serviceLevel: Int) -> Int {
        let level = min(max(serviceLevel, serviceLevels.lowerBound), serviceLevels.upperBound)
        guard let upper = zTable.firstIndex(where: { $0.level >= level }) else { return zTable.last!.z }
        if zTable[upper].level == level || upper == 0 { return zTable[upper].z }
        let (a, b) = (zTable[upper - 1], zTable[upper])
        return a.z + (b.z - a.z) * (level - a.level) / (b.level - a.level)
    }

    public static func suggest(_ input: Input) -> Suggestion {
        let d = Int128(max(0, input.demandPerDay)), sdD = Int128(max(0, input.demandSD))
        let l = Int128(max(0, input.leadTimeDays)), sdL = Int128(max(0, input.leadTimeSD))
        let z = Self.z(serviceLevel: input.serviceLevel)
        // Variance over the lead time in millionths of a unit squared; its root in thousandths.
        let m = Saturating.multiply as (Int128, Int128) -> Int128
        let variance = Saturating.add(m(m(l, sdD), sdD), m(m(d, d), m(sdL, sdL)))
        let sigma = ceilingSquareRoot(variance)
        let safetyStock = units(m(Int128(z), sigma), per: 1_000_000)
        let reorderPoint = Saturating.add(units(m(d, l), per: 1_000), safetyStock)
        let position = Saturating.subtract(Saturating.add(input.sellable, input.inbound), input.backordered)
        let orderUpTo = Saturating.add(reorderPoint, units(m(d, Int128(max(0, input.reviewDays))), per: 1_000))
        var suggestion = Suggestion(z: z, safetyStock: safetyStock, reorderPoint: reorderPoint, position: position,
                                    orderUpTo: orderUpTo, quantity: 0, why: nil)
        guard position <= reorderPoint else {
            suggestion.why = "the position (\(position.grouped)) is above the reorder point (\(reorderPoint.grouped))."
            return suggestion
        }
        let need = Saturating.subtract(orderUpTo, position)
        guard need > 0 else {
            suggestion.why = "no demand in the window and nothing backordered."
            return suggestion
        }
        let pack = max(1, input.packSize)
        suggestion.quantity = max(roundUp(need, to: pack), roundUp(max(1, input.minimumOrder), to: pack))
        return suggestion
    }

    /// Mean demand a day and its (sample) standard deviation, both in thousandths of a unit and
    /// rounded up, from the units sold on each day of the window (days with no sale count as
    /// 0, so the caller passes them). Under two days, no deviation can be told: 0.
    public static func demand(daily: [Int]) -> (perDay: Int64, sd: Int64) {
        let s = Statistics.meanAndDeviation(daily)
        return (s.mean, s.sd)
    }

    /// The same from a window of `days` days, the units sold in it and the sum of each day's
    /// units squared (days without a sale add nothing).
    public static func demand(days: Int, units: Int64, squares: Int64) -> (perDay: Int64, sd: Int64) {
        let s = Statistics.meanAndDeviation(count: days, sum: Int128(max(0, units)), squares: Int128(max(0, squares)))
        return (s.mean, s.sd)
    }

    /// `value / unit` rounded up (value ≥ 0).
    static func units128(_ value: Int128, per unit: Int128) -> Int128 {
        value <= 0 ? 0 : value / unit + (value % unit == 0 ? 0 : 1)
    }

    /// `value / unit` rounded up, as a whole number of units (saturating at Int.max).
    static func units(_ value: Int128, per unit: Int128) -> Int {
        Int(clamping: units128(value, per: unit))
    }

    /// The least r with r × r ≥ n (n ≥ 0).
    static func ceilingSquareRoot(_ n: Int128) -> Int128 {
        guard n > 0 else { return 0 }
        // Newton's method from above, on the floor root, then one step up if short.
        var x = Int128(1) << ((128 - n.leadingZeroBitCount) / 2 + 1)
        while true {
            let y = (x + n / x) / 2
            if y >= x { break }
            x = y
        }
        return x * x < n ? x + 1 : x
    }

    static func roundUp(_ value: Int, to pack: Int) -> Int {
        let (packs, remainder) = value.quotientAndRemainder(dividingBy: pack)
        return Saturating.multiply(packs + (remainder > 0 ? 1 : 0), pack)
    }
}
