import Testing
@testable import Domain

/// The KPI formulas against figures worked by hand (docs/KPIS.md).
@Suite struct KPIFormulaTests {
    @Test func ratesAreBasisPointsRoundedHalfAwayFromZero() {
        #expect(KPIMath.basisPoints(1, of: 3) == 3_333 && KPIMath.basisPoints(2, of: 3) == 6_667)
        #expect(KPIMath.basisPoints(-1, of: 3) == -3_333 && KPIMath.basisPoints(-2, of: 3) == -6_667)
        // Half a basis point rounds up; just under half, down.
        #expect(KPIMath.basisPoints(1, of: 8) == 1_250 && KPIMath.basisPoints(1, of: 20_000) == 1 && KPIMath.basisPoints(1, of: 20_001) == 0)
        #expect(KPIMath.basisPoints(5, of: 0) == 0)
        #expect(KPIUnit.basisPoints.format(9_250) == "92.50%" && KPIUnit.basisPoints.format(5) == "0.05%" && KPIUnit.basisPoints.format(-1_234) == "-12.34%")
        #expect(KPIUnit.seconds.format(93_600) == "1d 2h" && KPIUnit.seconds.format(4_500) == "1h 15m" && KPIUnit.seconds.format(42) == "42s")
    }

    @Test func percentilesTakeTheNearestRank() {
        let tens: [Int64] = [100, 10, 90, 20, 80, 30, 70, 40, 60, 50]
        #expect(KPIMath.percentile(50, of: tens) == 50 && KPIMath.percentile(90, of: tens) == 90 && KPIMath.percentile(100, of: tens) == 100)
        #expect(KPIMath.percentile(50, of: [1, 2, 3]) == 2 && KPIMath.percentile(90, of: [1, 2, 3]) == 3)
        #expect(KPIMath.percentile(90, of: [7]) == 7 && KPIMath.percentile(50, of: []) == nil)
    }

    @Test func secondsBetweenStampsOfEitherSpelling() {
        #expect(KPIMath.seconds(from: "2026-12-01T10:00:00Z", to: "2026-12-03T12:30:00Z") == Int64(2 * 86_400 + 9_000))
        #expect(KPIMath.seconds(from: "2026-12-31 23:00:00", to: "2027-01-01T01:00:00Z") == 7_200)
        #expect(KPIMath.seconds(from: "2026-12-01", to: "2026-12-02T00:00:01Z") == 86_401)
        #expect(KPIMath.seconds(from: "yesterday", to: "2026-12-02") == nil)
    }

    @Test func fillRateCountsLinesServedWholeAndUnitsAllocatedFirstTime() {
        // 4 of 4 (whole), 1 of 3, 0 of 2, and two lines of 1 of 1: 3 of 5 lines whole; 7 of 11 units.
        let f = FillRate.figures([FillRate.Line(quantity: 4, firstAllocated: 4), FillRate.Line(quantity: 3, firstAllocated: 1),
                                  FillRate.Line(quantity: 2, firstAllocated: 0), FillRate.Line(quantity: 1, firstAllocated: 1, count: 2)])
        #expect(f.lines == 5 && f.filledLines == 3 && f.units == 11 && f.filledUnits == 7)
        #expect(f.lineRate == 6_000 && f.unitRate == 6_364)
    }

    @Test func stockoutDaysAreClosingsAtZeroWithDemand() {
        // 5 on hand now; 3 came in after the window; the days' changes +2, -4, 0, +1: closing
        // back from 2 (5 - 3): day 4 closes 2, day 3 1, day 2 1, day 1 5.
        let closing = Stockouts.closingStock(now: 5, dailyChanges: [2, -4, 0, 1], changeAfter: 3)
        #expect(closing == [5, 1, 1, 2])
        #expect(Stockouts.closingStock(now: 0, dailyChanges: [0, -6, 0], changeAfter: -2) == [8, 2, 2])
        let days = zip([0, 3, 0, 0, -1], [true, true, false, true, true]).filter { Stockouts.isOut(closing: $0.0, demand: $0.1) }
        #expect(days.count == 3)   // closed at 0 or below with demand: the first, fourth and fifth
    }

    @Test func agedStockTakesTheNewestReceiptsAsOnHand() {
        let inbound: [(day: String, units: Int)] = [("2026-12-01", 10), ("2026-10-01", 10), ("2024-12-01", 10)]
        // 25 on hand on 2026-12-04: 10 three days old, 10 sixty-four days old, 5 of over a year.
        let split = AgedStock.split(onHand: 25, inbound: inbound, today: "2026-12-04")
        #expect(split.buckets == [10, 10, 0, 0, 5] && split.undated == 0)
        // More on hand than ever came in: the rest predates the history.
        #expect(AgedStock.split(onHand: 35, inbound: inbound, today: "2026-12-04").undated == 5)
        #expect(AgedStock.split(onHand: 0, inbound: inbound, today: "2026-12-04").buckets == [0, 0, 0, 0, 0])
    }

    @Test func backordersAreValuedAtTheirShareOfTheLine() {
        let lines = [BackorderFigures.Line(backordered: 2, lineNet: 1_000, quantity: 3, expectedDate: "2026-12-10", since: "2026-11-30T09:00:00Z"),
                     BackorderFigures.Line(backordered: 1, lineNet: 500, quantity: 1, expectedDate: "2026-12-01", since: "2026-12-02T09:00:00Z"),
                     BackorderFigures.Line(backordered: 4, lineNet: 400, quantity: 4, expectedDate: nil, since: nil)]
        let f = BackorderFigures.figures(lines, today: "2026-12-04")
        // 1000 x 2/3 = 666.67 -> 667; 500; 400. Supply in 6 days and (passed) 0: mean 3. Oldest since 2026-11-30: 4 days.
        #expect(f.lines == 3 && f.units == 7 && f.value == 1_567 && f.dated == 2 && f.meanDaysToSupply == 3 && f.oldestDays == 4)
    }
}

/// Anomaly detection against series made for it: planted departures found, a clean weekly
/// season left alone at the documented threshold.
@Suite struct AnomalyDetectorTests {
    /// `weeks` weeks from Monday 2030-01-07: weekdays around `weekday`, weekends around `weekend`,
    /// with a small wobble (-2...+2) that repeats every 5 days.
    static func seasonal(weeks: Int, weekday: Int64, weekend: Int64, from start: String = "2030-01-07") -> [SeriesDay] {
        (0..<(weeks * 7)).map { i in
            let day = OrderDate.adding(days: i, to: start)
            let name = AnomalyDetector.weekdayNames[AnomalyDetector.weekday(day)]
            let base = name == "Saturday" || name == "Sunday" ? weekend : weekday
            return SeriesDay(day: day, value: base + Int64(i % 5) - 2, basis: 100)
        }
    }

    @Test func aCleanWeeklySeasonRaisesNothing() {
        let all = Self.seasonal(weeks: 9, weekday: 100, weekend: 20)
        let history = Array(all.prefix(56)), days = Array(all.suffix(7))
        // The weekend's low is the season, not a fall: measured against the same weekday, nothing stands out.
        #expect(AnomalyDetector.detect(history: history, days: days, minimumDeparture: 1).isEmpty)
        // Against one baseline for all days (no season) the weekend would stand out: the season matters.
        #expect(days.filter { $0.value < 30 }.count == 2)
    }

    @Test func plantedDeparturesAreFoundWithTheirBaselineAndScore() {
        var all = Self.seasonal(weeks: 9, weekday: 100, weekend: 20)
        // Wednesday of the last week: 160 against ~100; Saturday: 2 against ~20.
        let wednesday = all.indices.suffix(7).first { AnomalyDetector.weekdayNames[AnomalyDetector.weekday(all[$0].day)] == "Wednesday" }!
        let saturday = all.indices.suffix(7).first { AnomalyDetector.weekdayNames[AnomalyDetector.weekday(all[$0].day)] == "Saturday" }!
        all[wednesday].value = 160
        all[saturday].value = 2
        let found = AnomalyDetector.detect(history: Array(all.prefix(56)), days: Array(all.suffix(7)), minimumDeparture: 5)
        #expect(found.map(\.day) == [all[wednesday].day, all[saturday].day])
        // The history's departures from its weekday medians are 0, 1 or 2: the median one is 1,
        // so a spread of 1.483 (shown rounded up, 2); Wednesday departs 60 from its median.
        let w = found[0]
        #expect(w.value == 160 && w.spread == 2 && w.score == (160 - w.baseline) * 1_000_000 / 1_483)
        // The minimum departure keeps small ones quiet however tight the spread.
        #expect(AnomalyDetector.detect(history: Array(all.prefix(56)), days: Array(all.suffix(7)), minimumDeparture: 100).isEmpty)
        // Too little history to know a weekday: nothing judged.
        #expect(AnomalyDetector.detect(history: Array(all.prefix(10)), days: Array(all.suffix(7)), minimumDeparture: 1).isEmpty)
    }

    @Test func aDayTakenOverTooLittleIsNotJudged() {
        var all = Self.seasonal(weeks: 9, weekday: 100, weekend: 20)
        all[all.count - 1] = SeriesDay(day: all[all.count - 1].day, value: 900, basis: 3)
        #expect(AnomalyDetector.detect(history: Array(all.prefix(56)), days: Array(all.suffix(7)), minimumDeparture: 5, minimumBasis: 20).isEmpty)
        #expect(AnomalyDetector.detect(history: Array(all.prefix(56)), days: Array(all.suffix(7)), minimumDeparture: 5, minimumBasis: 3).count == 1)
    }
}

/// The dashboard's pieces: targets and sparklines.
@Suite struct DashboardPieceTests {
    @Test func aTargetSaysGoodWarningOrBadInItsDirection() {
        let fill = KPITarget(higherIsBetter: true, good: 9_500, warning: 9_000)
        #expect(fill.status(9_500) == .good && fill.status(9_499) == .warning && fill.status(9_000) == .warning && fill.status(8_999) == .bad)
        let cycle = KPITarget(higherIsBetter: false, good: 172_800, warning: 259_200)
        #expect(cycle.status(172_800) == .good && cycle.status(172_801) == .warning && cycle.status(259_201) == .bad)
        #expect(fill.words(.basisPoints) == "≥ 95.00%" && cycle.words(.seconds) == "≤ 2d 0h")
    }

    @Test func aSparklineScalesBetweenTheLeastAndTheMost() {
        // 7 of 0...14 is 3.5 of 7 steps, rounded half up to 4; 3 is 1.5, to 2.
        #expect(Sparkline.render([0, 7, 14, nil, 3]) == "▁▅█ ▃")
        #expect(Sparkline.render([5, 5, nil]) == "▄▄ ")
        #expect(Sparkline.render([nil, nil]) == "  " && Sparkline.render([]) == "")
        #expect(Sparkline.render([-10, 0, 10]) == "▁▅█")
    }
}
