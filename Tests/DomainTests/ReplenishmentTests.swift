import Testing
@testable import Domain

/// The worked examples of the replenishment arithmetic, computed by hand.
@Suite struct ReplenishmentTests {
    /// d = 10 a day (σ 3), L = 9 days (σ 2), 95% (z 1.645): σ over the lead time is
    /// √(9 × 3² + 10² × 2²) = √481 = 21.93, safety stock 1.645 × 21.93 = 36.08 -> 37, reorder
    /// point 10 × 9 + 37 = 127. Position 50 + 40 − 10 = 80 ≤ 127: order up to 127 + 10 × 7 =
    /// 197, so 117, rounded up to packs of 12: 120 (over the minimum of 24).
    @Test func aTypicalSKU() {
        let s = Replenishment.suggest(.init(demandPerDay: 10_000, demandSD: 3_000, leadTimeDays: 9, leadTimeSD: 2, serviceLevel: 950,
                                            reviewDays: 7, sellable: 50, inbound: 40, backordered: 10, packSize: 12, minimumOrder: 24))
        #expect(s == Replenishment.Suggestion(z: 1_645, safetyStock: 37, reorderPoint: 127, position: 80, orderUpTo: 197, quantity: 120, why: nil))
    }

    /// No variance at all: no safety stock; the minimum order (50) beats the need (28).
    @Test func aSKUWithNoVarianceOrdersAtLeastTheMinimum() {
        let s = Replenishment.suggest(.init(demandPerDay: 4_000, demandSD: 0, leadTimeDays: 5, leadTimeSD: 0, serviceLevel: 980,
                                            reviewDays: 7, sellable: 20, inbound: 0, backordered: 0, packSize: 1, minimumOrder: 50))
        #expect(s.safetyStock == 0 && s.reorderPoint == 20 && s.orderUpTo == 48 && s.quantity == 50)
    }

    /// A brand-new SKU: no history, nothing to order, unless something is backordered, which
    /// is ordered (in whole packs).
    @Test func aNewSKUOrdersOnlyWhatIsBackordered() {
        var input = Replenishment.Input(demandPerDay: 0, demandSD: 0, leadTimeDays: 14, leadTimeSD: 3, serviceLevel: 990,
                                        reviewDays: 7, sellable: 0, inbound: 0, backordered: 0, packSize: 6)
        let none = Replenishment.suggest(input)
        #expect(none.quantity == 0 && none.why == "no demand in the window and nothing backordered.")
        input.backordered = 3
        #expect(Replenishment.suggest(input).quantity == 6)
        input.sellable = 100
        #expect(Replenishment.suggest(input).why == "the position (97) is above the reorder point (0).")
    }

    /// Fractions of a unit a day: 2.5 a day over 3 days is 7.5, a reorder point of 8.
    @Test func fractionalDemandRoundsUpToWholeUnits() {
        let s = Replenishment.suggest(.init(demandPerDay: 2_500, demandSD: 0, leadTimeDays: 3, leadTimeSD: 0, serviceLevel: 900,
                                            reviewDays: 0, sellable: 0, inbound: 0, backordered: 0))
        #expect(s.reorderPoint == 8 && s.quantity == 8)
    }

    @Test func zComesFromTheTableAndBetweenItsRows() {
        #expect(Replenishment.z(serviceLevel: 950) == 1_645 && Replenishment.z(serviceLevel: 980) == 2_054)
        #expect(Replenishment.z(serviceLevel: 960) == 1_645 + (1_960 - 1_645) * 10 / 25)
        #expect(Replenishment.z(serviceLevel: 100) == 0 && Replenishment.z(serviceLevel: 1_000) == 3_090)
    }

    @Test func theSquareRootIsTheLeastRootAtOrAbove() {
        // r × r ≥ n, counting a square past Int128 as above.
        func atLeast(_ r: Int128, _ n: Int128) -> Bool {
            let (square, overflow) = r.multipliedReportingOverflow(by: r)
            return overflow || square >= n
        }
        var random = SeededRandom(seed: 11)
        for n: Int128 in [0, 1, 2, 3, 4, 15, 16, 17, 481_000_000, Int128(Int64.max), Int128.max] {
            let r = Replenishment.ceilingSquareRoot(n)
            #expect(n == 0 ? r == 0 : (atLeast(r, n) && !atLeast(r - 1, n)), "\(n)")
        }
        for _ in 0..<2_000 {
            let n = Int128(random.next() >> 1) * Int128(random.next() % 1_000 + 1)
            let r = Replenishment.ceilingSquareRoot(n)
            #expect(atLeast(r, n) && !atLeast(r - 1, n), "\(n)")
        }
    }

    /// The largest inputs saturate instead of trapping.
    @Test func extremeInputsDoNotTrap() {
        let s = Replenishment.suggest(.init(demandPerDay: .max, demandSD: .max, leadTimeDays: .max, leadTimeSD: .max, serviceLevel: 999,
                                            reviewDays: .max, sellable: .min, inbound: 0, backordered: .max, packSize: 7, minimumOrder: .max))
        #expect(s.safetyStock > 1_000_000_000 && s.reorderPoint == .max && s.quantity > 0)
    }

    /// Demand from the days of the window: 0 and 4 units give a mean of 2 and a sample
    /// deviation of √8 = 2.8285 -> 2.829 (rounded up); flat demand has none.
    @Test func demandAndItsDeviationComeFromEveryDayOfTheWindow() {
        #expect(Replenishment.demand(daily: [0, 4]) == (2_000, 2_829))
        #expect(Replenishment.demand(daily: [10, 10, 10]) == (10_000, 0))
        #expect(Replenishment.demand(daily: [1, 0, 0]) == (334, 578))   // 1/3 a day; √(1/3) = 0.5774 -> 0.578
        #expect(Replenishment.demand(daily: [5]) == (5_000, 0) && Replenishment.demand(daily: []) == (0, 0))
        #expect(Replenishment.demand(daily: [.max, 0]).perDay > 0)
        // From sums, days without a sale adding nothing: the same figures.
        #expect(Replenishment.demand(days: 3, units: 1, squares: 1) == Replenishment.demand(daily: [1, 0, 0]))
        #expect(Replenishment.demand(days: 90, units: 40, squares: 4 * 4 * 10) == Replenishment.demand(daily: Array(repeating: 4, count: 10) + Array(repeating: 0, count: 80)))
    }
}
