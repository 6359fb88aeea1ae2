/// The daily series `qm anomalies` watches (docs/KPIS.md, Anomalies).
public enum AnomalySeries: String, CaseIterable, Sendable, Codable {
    /// Per channel: of the sales ordered that day, the share cancelled (basis points).
    case cancellationRate
    /// Per user and location: manual stock adjustments made that day (count).
    case manualAdjustments
    /// Per location: the value at unit cost of the count variances decided that day (minor units).
    case countVarianceValue
    /// Per channel: the mean margin after freight of the sales ordered that day that shipped (minor units).
    case marginPerOrder
    /// Per SKU: of the units shipped that day, the share returned (basis points).
    case returnRate

    public init?(parsing text: String) {
        guard let s = Spelling.match(text, in: AnomalySeries.self) else { return nil }
        self = s
    }
    public static var spellings: String { allCases.map(\.rawValue).joined(separator: ", ") }

    /// How a value reads.
    public var unit: KPIUnit {
        switch self {
        case .cancellationRate, .returnRate: .basisPoints
        case .manualAdjustments: .count
        case .countVarianceValue, .marginPerOrder: .money("")
        }
    }

    /// The least a day's rate or mean must be taken over to be judged: one cancellation of
    /// three orders says little.
    public var minimumBasis: Int64 {
        switch self {
        case .cancellationRate, .returnRate: 20
        case .marginPerOrder: 5
        case .manualAdjustments, .countVarianceValue: 0
        }
    }

    /// The smallest departure from the baseline worth a word, whatever the spread: a series
    /// that is nearly always 0 does not alarm on every 1.
    public var minimumDeparture: Int64 {
        switch self {
        case .cancellationRate, .returnRate: 1_000       // 10 percentage points
        case .manualAdjustments: 3
        case .countVarianceValue: 10_000                 // 100.00
        case .marginPerOrder: 1_000                      // 10.00
        }
    }
}

/// A day of a series: its value and what it was taken over (orders, units, moves), 0 and 0
/// on a day with nothing.
public struct SeriesDay: Sendable, Equatable {
    public var day: String
    public var value: Int64
    public var basis: Int64
    public init(day: String, value: Int64, basis: Int64) { self.day = day; self.value = value; self.basis = basis }
}

/// A day found out of line, with what it was measured against.
public struct AnomalyFinding: Sendable, Equatable, Codable {
    public var day: String
    public var value: Int64
    public var basis: Int64
    /// The median of the same weekday in the history.
    public var baseline: Int64
    /// The typical departure from the baseline: 1.4826 x the median absolute departure (or
    /// 1.2533 x the mean one when that is 0), at least 1.
    public var spread: Int64
    /// |value - baseline| / spread, in thousandths.
    public var score: Int64
}

/// Robust detection on a daily series: each day against the median of the same weekday over
/// the history before the days looked at (a weekly season), scaled by the median absolute
/// departure of the history from its weekday medians. A day is out of line when its departure
/// is more than `threshold` spreads (in thousandths; default 3.5, the usual cut-off for a
/// modified z-score) and at least the series' minimum departure, on a day taken over at least
/// the series' minimum basis.
public enum AnomalyDetector {
    public static let defaultThreshold: Int64 = 3_500

    public static func detect(history: [SeriesDay], days: [SeriesDay], threshold: Int64 = defaultThreshold,
                              minimumDeparture: Int64, minimumBasis: Int64 = 0) -> [AnomalyFinding] {
        guard history.count >= 14 else { return [] }   // two weeks at least to know a weekday
        var byWeekday: [Int: [Int64]] = [:]
        for d in history { byWeekday[weekday(d.day), default: []].append(d.value) }
        let medians = byWeekday.mapValues(median)
        let departures = history.map { abs($0.value - medians[weekday($0.day)]!) }
        let mad = median(departures)
        // Spread in thousandths of the value's unit: 1.4826 MAD, else 1.2533 x the mean departure.
        var spread = Saturating.multiply(mad, 1_483)
        if spread == 0 { spread = Saturating.multiply(departures.reduce(0) { Saturating.add($0, $1) }, 1_253) / Int64(departures.count) }
        spread = max(spread, 1_000)
        return days.compactMap { d in
            guard d.basis >= minimumBasis, let baseline = medians[weekday(d.day)] else { return nil }
            let departure = abs(d.value - baseline)
            let score = Int64(clamping: Int128(departure) * 1_000_000 / Int128(spread))
            guard score > threshold, departure >= minimumDeparture else { return nil }
            return AnomalyFinding(day: d.day, value: d.value, basis: d.basis, baseline: baseline, spread: (spread + 999) / 1_000, score: score)
        }
    }

    /// The day of the week: 0 = Thursday (1970-01-01) ... 6 = Wednesday.
    public static func weekday(_ day: String) -> Int {
        let n = OrderDate.days(from: "1970-01-01", to: day)
        return ((n % 7) + 7) % 7
    }

    public static let weekdayNames = ["Thursday", "Friday", "Saturday", "Sunday", "Monday", "Tuesday", "Wednesday"]

    /// The lower median: a value of the series, never a mean of two.
    static func median(_ values: [Int64]) -> Int64 {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        return sorted[(sorted.count - 1) / 2]
    }
}
