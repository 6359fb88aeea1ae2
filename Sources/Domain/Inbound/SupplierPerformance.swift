/// What a supplier's receipts teach, shown beside what the supplier declared: the lead time
/// it really takes (mean and spread, whole days rounded up) and how often it arrives on time.
public enum SupplierPerformance {
    /// One delivery: when it was ordered (the purchase order sent), expected and arrived,
    /// each yyyy-mm-dd.
    public struct Receipt: Sendable, Equatable {
        public var orderedOn: String
        public var expectedOn: String
        public var arrivedOn: String
        public init(orderedOn: String, expectedOn: String, arrivedOn: String) {
            self.orderedOn = orderedOn; self.expectedOn = expectedOn; self.arrivedOn = arrivedOn
        }
    }

    public struct Learnt: Sendable, Equatable {
        public var receipts: Int
        public var leadTimeMeanDays: Int
        public var leadTimeSpreadDays: Int
        /// Deliveries on or before their expected day, per thousand.
        public var onTimePerMille: Int
    }

    /// nil with no receipts to learn from. A delivery that arrived before it was ordered (a
    /// clerical slip) counts as a lead time of 0 days.
    public static func learn(_ receipts: [Receipt]) -> Learnt? {
        guard !receipts.isEmpty else { return nil }
        let leadTimes = receipts.map { max(0, OrderDate.days(from: $0.orderedOn, to: $0.arrivedOn)) }
        let (mean, sd) = Statistics.meanAndDeviation(leadTimes)
        let onTime = receipts.filter { OrderDate.days(from: $0.expectedOn, to: $0.arrivedOn) <= 0 }.count
        return Learnt(receipts: receipts.count, leadTimeMeanDays: Int((mean + 999) / 1_000), leadTimeSpreadDays: Int((sd + 999) / 1_000),
                      onTimePerMille: onTime * 1_000 / receipts.count)
    }
}
