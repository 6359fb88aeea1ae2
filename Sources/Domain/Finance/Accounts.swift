/// The five kinds of account double entry knows. Assets and expenses carry debit balances;
/// liabilities, equity and income credit balances.
public enum AccountType: String, CaseIterable, Sendable, Codable {
    case asset, liability, equity, income, expense

    public init?(parsing text: String) {
        guard let t = Spelling.match(text, in: AccountType.self) else { return nil }
        self = t
    }
    public static var spellings: String { allCases.map(\.rawValue).joined(separator: ", ") }
}

public struct Account: Hashable, Sendable, Codable {
    public var code: String
    public var name: String
    public var type: AccountType
    public init(code: String, name: String, type: AccountType) { self.code = code; self.name = name; self.type = type }
}

/// What an account is for: each posting names the role it debits or credits, and the chart
/// maps the role to an account (docs/MONEY.md).
public enum AccountRole: String, CaseIterable, Sendable, Codable {
    case inventory, goodsReceivedNotInvoiced, receivable, salesTaxPayable, refundsPayable, landedCostClearing
    case openingBalance
    case revenue, freightIncome
    case costOfGoodsSold, freightCost, shrinkage, writeOffs, inventoryRevaluation, roundingDifferences, badDebts

    public init?(parsing text: String) {
        guard let r = Spelling.match(text, in: AccountRole.self) else { return nil }
        self = r
    }
    public static var spellings: String { allCases.map(\.rawValue).joined(separator: ", ") }
}

/// The chart a new database starts with. `qm accounts import` replaces names and mappings.
public enum DefaultChart {
    public static let accounts: [(role: AccountRole, account: Account)] = [
        (.inventory, Account(code: "1300", name: "Inventory", type: .asset)),
        (.receivable, Account(code: "1200", name: "Accounts receivable", type: .asset)),
        (.landedCostClearing, Account(code: "1400", name: "Landed cost clearing", type: .asset)),
        (.goodsReceivedNotInvoiced, Account(code: "2100", name: "Goods received not invoiced", type: .liability)),
        (.salesTaxPayable, Account(code: "2200", name: "Sales tax payable", type: .liability)),
        (.refundsPayable, Account(code: "2300", name: "Returns and refunds payable", type: .liability)),
        (.openingBalance, Account(code: "3000", name: "Opening balance equity", type: .equity)),
        (.revenue, Account(code: "4000", name: "Sales revenue", type: .income)),
        (.freightIncome, Account(code: "4100", name: "Freight income", type: .income)),
        (.costOfGoodsSold, Account(code: "5000", name: "Cost of goods sold", type: .expense)),
        (.freightCost, Account(code: "5100", name: "Freight cost", type: .expense)),
        (.shrinkage, Account(code: "5200", name: "Shrinkage", type: .expense)),
        (.writeOffs, Account(code: "5300", name: "Stock write-offs", type: .expense)),
        (.inventoryRevaluation, Account(code: "5400", name: "Inventory revaluation", type: .expense)),
        (.badDebts, Account(code: "5500", name: "Bad debts", type: .expense)),
        (.roundingDifferences, Account(code: "5900", name: "Rounding differences", type: .expense)),
    ]
}

/// One row of an accounts file (`qm accounts import`, docs/MONEY.md): an account to add or
/// rename (code, name, type), optionally playing a role; or, with no name and type, a role
/// mapped to an account of the chart. A role with a channel, location or reason plays it
/// for those postings only.
public struct AccountChange: Hashable, Sendable, Codable {
    public var code: String
    public var name: String?
    public var type: AccountType?
    public var role: AccountRole?
    public var channel: String?
    public var location: String?
    public var reason: MoveReason?
    public init(code: String, name: String? = nil, type: AccountType? = nil, role: AccountRole? = nil,
                channel: String? = nil, location: String? = nil, reason: MoveReason? = nil) {
        self.code = code; self.name = name; self.type = type; self.role = role
        self.channel = channel; self.location = location; self.reason = reason
    }

    /// The mapping the row makes when it names a channel, location or reason.
    public var mapping: AccountMapping? {
        guard let role, channel != nil || location != nil || reason != nil else { return nil }
        return AccountMapping(role: role, channel: channel, location: location, reason: reason, account: code)
    }
}

/// What a posting carries that a mapping may name: the sales channel of an invoice or refund,
/// the location and move reason of a stock move's counter-line.
public enum MappingQualifier: String, CaseIterable, Sendable, Codable {
    case channel, location, reason
}

extension AccountRole {
    /// The qualifiers a mapping of this role may name: those its postings carry. Inventory is
    /// one account (verify holds it to the stock's value), split by location on its lines.
    public var qualifiers: Set<MappingQualifier> {
        switch self {
        case .goodsReceivedNotInvoiced, .openingBalance, .costOfGoodsSold, .shrinkage, .writeOffs, .landedCostClearing: [.location, .reason]
        case .receivable, .revenue, .salesTaxPayable, .freightIncome, .refundsPayable, .badDebts: [.channel]
        case .inventory, .freightCost, .inventoryRevaluation, .roundingDifferences: []
        }
    }
}

/// A role played by an account for the postings of one channel, location or move reason
/// (or a combination): `qm accounts import` with those columns (docs/MONEY.md).
public struct AccountMapping: Hashable, Sendable, Codable {
    public var role: AccountRole
    public var channel: String?
    public var location: String?
    public var reason: MoveReason?
    public var account: String
    public init(role: AccountRole, channel: String? = nil, location: String? = nil, reason: MoveReason? = nil, account: String) {
        self.role = role; self.channel = channel; self.location = location; self.reason = reason; self.account = account
    }

    /// The qualifiers it names.
    public var qualifiers: Set<MappingQualifier> {
        var q: Set<MappingQualifier> = []
        if channel != nil { q.insert(.channel) }
        if location != nil { q.insert(.location) }
        if reason != nil { q.insert(.reason) }
        return q
    }
}

/// Which account a posting goes to: the most specific mapping of its role that matches what
/// it carries (a reason before a location, a location before a channel), else the account
/// playing the role for everything.
public struct AccountMap: Sendable {
    private let plain: [AccountRole: String]
    private let mapped: [AccountRole: [AccountMapping]]

    public init(plain: [AccountRole: String], mappings: [AccountMapping]) {
        self.plain = plain
        // Most specific first, so the first match wins.
        self.mapped = Dictionary(grouping: mappings, by: \.role).mapValues { $0.sorted { Self.weight($0) > Self.weight($1) } }
    }

    private static func weight(_ m: AccountMapping) -> Int {
        (m.reason != nil ? 4 : 0) + (m.location != nil ? 2 : 0) + (m.channel != nil ? 1 : 0)
    }

    public func account(for role: AccountRole, channel: String? = nil, location: String? = nil, reason: MoveReason? = nil) -> String? {
        let match = mapped[role]?.first { m in
            (m.channel == nil || m.channel == channel) && (m.location == nil || m.location == location) && (m.reason == nil || m.reason == reason)
        }
        return match?.account ?? plain[role]
    }
}
