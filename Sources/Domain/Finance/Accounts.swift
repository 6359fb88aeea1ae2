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
/// mapped to an account of the chart.
public struct AccountChange: Hashable, Sendable, Codable {
    public var code: String
    public var name: String?
    public var type: AccountType?
    public var role: AccountRole?
    public init(code: String, name: String? = nil, type: AccountType? = nil, role: AccountRole? = nil) {
        self.code = code; self.name = name; self.type = type; self.role = role
    }
}
