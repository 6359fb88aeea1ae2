/// The operational figures `qm kpi` reports, each defined once here with its formula
/// (docs/KPIS.md has them with worked examples). Rates are basis points (1/100 of a percent),
/// durations seconds, money minor units: integers throughout.
public enum KPIName: String, CaseIterable, Sendable, Codable {
    case fillRate, cycleTime, stockouts, agedInventory, supplierOnTime, returnRate, margin, exceptionQueues, backorders

    public init?(parsing text: String) {
        guard let k = Spelling.match(text, in: KPIName.self) else { return nil }
        self = k
    }
    public static var spellings: String { allCases.map(\.rawValue).joined(separator: ", ") }

    /// What the figure says, in a line.
    public var meaning: String {
        switch self {
        case .fillRate: "sale lines and units allocated whole by their first allocation, of those ordered in the window"
        case .cycleTime: "capture to last shipment of the sales that shipped complete in the window: median and 90th percentile"
        case .stockouts: "SKU x location-days in the window that closed with no sellable stock while the SKU had demand"
        case .agedInventory: "stock on hand now by the age of the receipts it came in by (newest taken first as on hand)"
        case .supplierOnTime: "receipts in the window on or before their expected day, and the lead time's mean and spread"
        case .returnRate: "units returned (authorized) in the window against units shipped in it, and the reasons"
        case .margin: "revenue less cost of goods and freight cost of the sales ordered in the window that shipped"
        case .exceptionQueues: "what waits in each exception queue now, and how long the oldest has waited"
        case .backorders: "backordered units now, their value at the lines' price, and the days until their expected supply"
        }
    }

    /// The breakdowns the figure has.
    public var dimensions: [KPIDimension] {
        switch self {
        case .fillRate, .returnRate, .margin: [.channel, .day]
        case .cycleTime: [.channel, .location, .day]
        case .stockouts: [.location, .day]
        case .agedInventory: [.location]
        case .supplierOnTime: [.supplier, .day]
        case .exceptionQueues: []
        case .backorders: [.channel]
        }
    }
}

/// What a figure is broken down by.
public enum KPIDimension: String, CaseIterable, Sendable, Codable {
    case channel, location, supplier, day

    public init?(parsing text: String) {
        guard let d = Spelling.match(text, in: KPIDimension.self) else { return nil }
        self = d
    }
    public static var spellings: String { allCases.map(\.rawValue).joined(separator: ", ") }
}

/// How a figure's value reads.
public enum KPIUnit: Sendable, Equatable, Codable {
    /// Hundredths of a percent: 9_250 is 92.50%.
    case basisPoints
    case seconds
    case days
    case count
    case units
    /// Minor units of the currency.
    case money(String)

    /// The value as a person reads it.
    public func format(_ value: Int64) -> String {
        switch self {
        case .basisPoints: KPIUnit.percent(value)
        case .seconds: KPIUnit.duration(value)
        case .days: "\(value)d"
        case .count, .units: "\(value)"
        case .money(let currency): "\(Money.format(value)) \(currency)"
        }
    }

    /// "92.50%" of 9_250 basis points.
    static func percent(_ basisPoints: Int64) -> String {
        let magnitude = basisPoints.magnitude
        return "\(basisPoints < 0 ? "-" : "")\(magnitude / 100).\(magnitude % 100 < 10 ? "0" : "")\(magnitude % 100)%"
    }

    /// "3d 4h", "5h 12m", "42s".
    static func duration(_ seconds: Int64) -> String {
        let d = seconds / 86_400, h = seconds % 86_400 / 3_600, m = seconds % 3_600 / 60
        if d > 0 { return "\(d)d \(h)h" }
        if h > 0 { return "\(h)h \(m)m" }
        if m > 0 { return "\(m)m" }
        return "\(seconds)s"
    }

    public var name: String {
        switch self {
        case .basisPoints: "basisPoints"
        case .seconds: "seconds"
        case .days: "days"
        case .count: "count"
        case .units: "units"
        case .money(let currency): currency
        }
    }
}

/// One figure of a KPI: for a group (a channel, a location, a supplier, a day, or "all"), a
/// measure ("lines", "p90", "31-90d"), its value, and what it was taken over (`basis`: the
/// lines, orders, days or units behind it), so a rate of few is seen as such.
public struct KPIValue: Sendable, Equatable, Codable {
    public var kpi: KPIName
    public var group: String
    public var measure: String
    public var value: Int64
    public var unit: KPIUnit
    public var basis: Int64
    public init(kpi: KPIName, group: String, measure: String, value: Int64, unit: KPIUnit, basis: Int64) {
        self.kpi = kpi; self.group = group; self.measure = measure; self.value = value; self.unit = unit; self.basis = basis
    }
}

/// The days a figure is taken over, both included.
public struct KPIWindow: Sendable, Equatable, Codable {
    public var from: String
    public var to: String
    public init(from: String, to: String) { self.from = from; self.to = to }

    /// The default: the 30 days to `today`.
    public static func last30Days(to today: String) -> KPIWindow { last(30, to: today) }

    /// The `days` days to `day`, both included.
    public static func last(_ days: Int, to day: String) -> KPIWindow { KPIWindow(from: OrderDate.adding(days: 1 - days, to: day), to: day) }

    /// A window from options: `to` today when not given, `from` `days` - 1 days before `to`
    /// when not given (nil when neither is: the caller's default).
    public static func given(from: String?, to: String?, days: Int, today: String) -> KPIWindow? {
        guard from != nil || to != nil else { return nil }
        let end = to ?? today
        return KPIWindow(from: from ?? (OrderDate.isDate(end) ? OrderDate.adding(days: 1 - days, to: end) : end), to: end)
    }

    /// Refuses a window that is not of days, runs backwards, or ends after `today` (figures are
    /// of what has happened).
    public func check(today: String) throws(DomainError) {
        for (name, day) in [("--from", from), ("--to", to)] where !OrderDate.isDate(day) {
            throw DomainError("\(name) \(day) is not a day like 2026-12-31.")
        }
        guard from <= to else { throw DomainError("The window starts (\(from)) after it ends (\(to)).") }
        guard to <= today else { throw DomainError("The window ends (\(to)) after today (\(today)): figures are of what has happened.") }
    }

    public var days: [String] {
        let n = OrderDate.days(from: from, to: to)
        return n < 0 ? [] : (0...n).map { OrderDate.adding(days: $0, to: from) }
    }
    /// ISO bounds for timestamps: from the first day's start to the last day's end.
    public var start: String { from }
    public var end: String { to + "~" }
}
