/// The settings an admin may change (`qm setting set`): each has a default, a rule for its
/// value, and one normal spelling, so what is stored is always valid.
public enum SettingKey: String, CaseIterable, Sendable, Codable {
    /// The most a planner may approve on one purchase order, with its currency.
    case plannerApprovalLimit = "po.planner-approval-limit"
    /// ABC classes: the share of demand value A covers, and A and B together, in percent.
    case velocityAPercent = "velocity.a-percent"
    case velocityABPercent = "velocity.ab-percent"
    /// Days of order history `qm classify` ranks by.
    case velocityWindowDays = "velocity.window-days"
    /// Days of order history replenishment learns demand from, and the days an order covers
    /// beyond the reorder point.
    case replenishWindowDays = "replenish.window-days"
    case replenishReviewDays = "replenish.review-days"
    /// Days a rejected suggestion stays out of the plan.
    case replenishRejectDays = "replenish.reject-days"
    /// Service level by velocity class, in percent (one decimal).
    case serviceLevelA = "replenish.service-a"
    case serviceLevelB = "replenish.service-b"
    case serviceLevelC = "replenish.service-c"
    /// Days between scheduled counts of a SKU at a location, by velocity class.
    case countIntervalA = "count.interval-a"
    case countIntervalB = "count.interval-b"
    case countIntervalC = "count.interval-c"
    /// Count variances approved without a supervisor, by velocity class: at most this percent
    /// of the expected quantity and at most this value at unit cost.
    case countTolerancePercentA = "count.tolerance-pct-a"
    case countTolerancePercentB = "count.tolerance-pct-b"
    case countTolerancePercentC = "count.tolerance-pct-c"
    case countToleranceValueA = "count.tolerance-value-a"
    case countToleranceValueB = "count.tolerance-value-b"
    case countToleranceValueC = "count.tolerance-value-c"

    public init?(parsing text: String) {
        guard let key = SettingKey(rawValue: text.lowercased()) else { return nil }
        self = key
    }
    public static var spellings: String { allCases.map(\.rawValue).joined(separator: ", ") }

    public var defaultValue: String {
        switch self {
        case .plannerApprovalLimit: "5000.00 GBP"
        case .velocityAPercent: "80"
        case .velocityABPercent: "95"
        case .velocityWindowDays: "90"
        case .replenishWindowDays: "90"
        case .replenishReviewDays: "7"
        case .replenishRejectDays: "30"
        case .serviceLevelA: "98"
        case .serviceLevelB: "95"
        case .serviceLevelC: "90"
        case .countIntervalA: "30"
        case .countIntervalB: "91"
        case .countIntervalC: "365"
        case .countTolerancePercentA: "1"
        case .countTolerancePercentB: "2"
        case .countTolerancePercentC: "5"
        case .countToleranceValueA: "10.00 GBP"
        case .countToleranceValueB: "25.00 GBP"
        case .countToleranceValueC: "50.00 GBP"
        }
    }

    /// What the setting decides, for `qm setting list`.
    public var meaning: String {
        switch self {
        case .plannerApprovalLimit: "the most a planner may approve on one purchase order (above it: a supervisor or an admin)"
        case .velocityAPercent: "class A: the SKUs making up this share of demand value, in percent"
        case .velocityABPercent: "classes A and B together: this share of demand value, in percent (the rest are C)"
        case .velocityWindowDays: "days of order history qm classify ranks SKUs by"
        case .replenishWindowDays: "days of order history qm replenish learns demand from"
        case .replenishReviewDays: "days of demand a replenishment order covers beyond the reorder point"
        case .replenishRejectDays: "days a rejected replenishment suggestion stays out of the plan"
        case .serviceLevelA: "service level for class A SKUs, in percent (sets the safety stock)"
        case .serviceLevelB: "service level for class B SKUs, in percent"
        case .serviceLevelC: "service level for class C SKUs, in percent"
        case .countIntervalA: "days between scheduled counts of a class A SKU at a location"
        case .countIntervalB: "days between scheduled counts of a class B SKU at a location"
        case .countIntervalC: "days between scheduled counts of a class C SKU at a location"
        case .countTolerancePercentA: "class A count variances approved without a supervisor: at most this percent of the expected quantity"
        case .countTolerancePercentB: "class B count variances approved without a supervisor: at most this percent"
        case .countTolerancePercentC: "class C count variances approved without a supervisor: at most this percent"
        case .countToleranceValueA: "class A count variances approved without a supervisor: at most this value at unit cost"
        case .countToleranceValueB: "class B count variances approved without a supervisor: at most this value"
        case .countToleranceValueC: "class C count variances approved without a supervisor: at most this value"
        }
    }

    /// `text` in the setting's normal spelling, or a sentence saying what is wrong with it.
    public func normalise(_ text: String) throws(DomainError) -> String {
        switch self {
        case .plannerApprovalLimit, .countToleranceValueA, .countToleranceValueB, .countToleranceValueC:
            guard let money = Money(parsing: text), money.minorUnits >= 0 else {
                throw DomainError("\(rawValue) must be an amount and a currency like 5000.00 GBP, got '\(text)'.")
            }
            try Limits.check(money, rawValue)
            return money.description
        case .velocityAPercent, .velocityABPercent:
            guard let n = Int(text.hasSuffix("%") ? String(text.dropLast()) : text), (1...100).contains(n) else {
                throw DomainError("\(rawValue) must be a whole percentage from 1 to 100, got '\(text)'.")
            }
            return String(n)
        case .countTolerancePercentA, .countTolerancePercentB, .countTolerancePercentC:
            guard let n = Int(text.hasSuffix("%") ? String(text.dropLast()) : text), (0...100).contains(n) else {
                throw DomainError("\(rawValue) must be a whole percentage from 0 to 100, got '\(text)'.")
            }
            return String(n)
        case .velocityWindowDays, .replenishWindowDays, .replenishReviewDays, .replenishRejectDays,
             .countIntervalA, .countIntervalB, .countIntervalC:
            guard let n = Int(text), (1...3_650).contains(n) else {
                throw DomainError("\(rawValue) must be a whole number of days from 1 to 3650, got '\(text)'.")
            }
            return String(n)
        case .serviceLevelA, .serviceLevelB, .serviceLevelC:
            let digits = text.hasSuffix("%") ? String(text.dropLast()) : text
            guard case let .value(perMille) = FixedPoint.parse(digits, decimals: 1), Replenishment.serviceLevels.contains(Int(perMille)) else {
                throw DomainError("\(rawValue) must be a percentage from 50 to 99.9 with at most one decimal, got '\(text)'.")
            }
            return perMille % 10 == 0 ? String(perMille / 10) : "\(perMille / 10).\(perMille % 10)"
        }
    }
}

/// Every setting's value: stored where an admin set one, the default otherwise.
public struct Settings: Sendable, Equatable {
    public var stored: [SettingKey: String]

    public init(stored: [SettingKey: String] = [:]) { self.stored = stored }

    public func value(_ key: SettingKey) -> String { stored[key] ?? key.defaultValue }

    public var plannerApprovalLimit: Money {
        // Stored values were normalised on the way in, so they parse.
        Money(parsing: value(.plannerApprovalLimit)) ?? Money(parsing: SettingKey.plannerApprovalLimit.defaultValue)!
    }

    public var velocityShares: VelocityClassification.Shares {
        VelocityClassification.Shares(a: (Int(value(.velocityAPercent)) ?? 80) * 10, ab: (Int(value(.velocityABPercent)) ?? 95) * 10)
    }

    public var velocityWindowDays: Int { Int(value(.velocityWindowDays)) ?? 90 }
    public var replenishWindowDays: Int { Int(value(.replenishWindowDays)) ?? 90 }
    public var replenishReviewDays: Int { Int(value(.replenishReviewDays)) ?? 7 }
    public var replenishRejectDays: Int { Int(value(.replenishRejectDays)) ?? 30 }

    /// The service level of a velocity class, per mille.
    public func serviceLevel(_ velocity: VelocityClass) -> Int {
        let key: SettingKey = switch velocity { case .a: .serviceLevelA; case .b: .serviceLevelB; case .c: .serviceLevelC }
        guard case let .value(perMille) = FixedPoint.parse(value(key), decimals: 1) else { return 950 }
        return Int(perMille)
    }

    /// Days between scheduled counts of a SKU of this class at a location.
    public func countInterval(_ velocity: VelocityClass) -> Int {
        let key: SettingKey = switch velocity { case .a: .countIntervalA; case .b: .countIntervalB; case .c: .countIntervalC }
        return Int(value(key)) ?? Int(key.defaultValue)!
    }

    /// The variance a count of a SKU of this class may have and be approved without a supervisor.
    public func countTolerance(_ velocity: VelocityClass) -> CountTolerance {
        let (percent, value): (SettingKey, SettingKey) = switch velocity {
        case .a: (.countTolerancePercentA, .countToleranceValueA)
        case .b: (.countTolerancePercentB, .countToleranceValueB)
        case .c: (.countTolerancePercentC, .countToleranceValueC)
        }
        return CountTolerance(percent: Int(self.value(percent)) ?? Int(percent.defaultValue)!,
                              value: Money(parsing: self.value(value)) ?? Money(parsing: value.defaultValue)!)
    }

    /// Rules between settings: A's share within A and B's.
    public func validate() throws(DomainError) {
        do { try velocityShares.validate() } catch {
            throw DomainError("velocity.a-percent (\(value(.velocityAPercent))) may not be above velocity.ab-percent (\(value(.velocityABPercent))).")
        }
    }
}

extension Money {
    /// "5000.00 GBP" or "5000 GBP": an amount with two decimal places at most and a currency.
    public init?(parsing text: String) {
        let parts = text.split(separator: " ", omittingEmptySubsequences: true)
        guard parts.count == 2, Currency.isValid(String(parts[1])),
              case let .value(minor) = FixedPoint.parse(String(parts[0]), decimals: 2) else { return nil }
        self.init(minorUnits: minor, currency: String(parts[1]))
    }
}
