/// The settings an admin may change (`qm setting set`): each has a default, a rule for its
/// value, and one normal spelling, so what is stored is always valid.
public enum SettingKey: String, CaseIterable, Sendable, Codable {
    /// The most a planner may approve on one purchase order, with its currency.
    case plannerApprovalLimit = "po.planner-approval-limit"

    public init?(parsing text: String) {
        guard let key = SettingKey(rawValue: text.lowercased()) else { return nil }
        self = key
    }
    public static var spellings: String { allCases.map(\.rawValue).joined(separator: ", ") }

    public var defaultValue: String {
        switch self {
        case .plannerApprovalLimit: "5000.00 GBP"
        }
    }

    /// What the setting decides, for `qm setting list`.
    public var meaning: String {
        switch self {
        case .plannerApprovalLimit: "the most a planner may approve on one purchase order (above it: a supervisor or an admin)"
        }
    }

    /// `text` in the setting's normal spelling, or a sentence saying what is wrong with it.
    public func normalise(_ text: String) throws(DomainError) -> String {
        switch self {
        case .plannerApprovalLimit:
            guard let money = Money(parsing: text), money.minorUnits >= 0 else {
                throw DomainError("\(rawValue) must be an amount and a currency like 5000.00 GBP, got '\(text)'.")
            }
            try Limits.check(money, rawValue)
            return money.description
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
