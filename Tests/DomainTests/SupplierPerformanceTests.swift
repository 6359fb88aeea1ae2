import Testing
@testable import Domain

@Suite struct SupplierPerformanceTests {
    /// Lead times 10, 14 and 12 days: mean 12, sample spread 2; two of three on time (one
    /// arrived the day after it was expected).
    @Test func leadTimeAndOnTimeRateAreLearntFromReceipts() {
        let learnt = SupplierPerformance.learn([
            .init(orderedOn: "2026-11-01", expectedOn: "2026-11-12", arrivedOn: "2026-11-11"),
            .init(orderedOn: "2026-11-01", expectedOn: "2026-11-14", arrivedOn: "2026-11-15"),
            .init(orderedOn: "2026-12-25", expectedOn: "2027-01-06", arrivedOn: "2027-01-06"),
        ])
        #expect(learnt == SupplierPerformance.Learnt(receipts: 3, leadTimeMeanDays: 12, leadTimeSpreadDays: 2, onTimePerMille: 666))
    }

    @Test func nothingToLearnFromNoReceiptsAndSlipsCountAsZeroDays() {
        #expect(SupplierPerformance.learn([]) == nil)
        let slip = SupplierPerformance.learn([.init(orderedOn: "2026-11-10", expectedOn: "2026-11-20", arrivedOn: "2026-11-09")])
        #expect(slip == SupplierPerformance.Learnt(receipts: 1, leadTimeMeanDays: 0, leadTimeSpreadDays: 0, onTimePerMille: 1_000))
    }

    /// Fractions of a day round up: 1 and 2 days are a mean of 1.5 -> 2 and a spread of 0.71 -> 1.
    @Test func fractionsOfADayRoundUp() {
        let learnt = SupplierPerformance.learn([
            .init(orderedOn: "2026-11-01", expectedOn: "2026-11-02", arrivedOn: "2026-11-02"),
            .init(orderedOn: "2026-11-01", expectedOn: "2026-11-02", arrivedOn: "2026-11-03"),
        ])
        #expect(learnt?.leadTimeMeanDays == 2 && learnt?.leadTimeSpreadDays == 1 && learnt?.onTimePerMille == 500)
    }
}
