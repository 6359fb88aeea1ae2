/// What an invoiced sale is owed (docs/MONEY.md): for each line, its shipped units' share of
/// the line's net (quantity x price, less discount) and of its tax, rounded once, half up;
/// the order's charges (discounts negative) and its freight whole.
public struct InvoiceAmounts: Hashable, Sendable, Codable {
    public var goods: Int64 = 0
    public var tax: Int64 = 0
    public var charges: Int64 = 0
    public var freight: Int64 = 0
    public init() {}

    /// What the customer owes: the receivable.
    public var total: Int64 { Saturating.add(Saturating.add(goods, tax), Saturating.add(charges, freight)) }

    /// One line's part: `shipped` of its `quantity` units.
    public mutating func add(quantity: Int, shipped: Int, unitPrice: Int64, discount: Int64, tax lineTax: Int64?) {
        guard shipped > 0, quantity > 0 else { return }
        let net = Saturating.subtract(Saturating.multiply(Int64(quantity), unitPrice), discount)
        goods = Saturating.add(goods, Self.share(net, shipped, quantity))
        tax = Saturating.add(tax, Self.share(lineTax ?? 0, shipped, quantity))
    }

    private static func share(_ amount: Int64, _ part: Int, _ whole: Int) -> Int64 {
        if part >= whole { return amount }
        return amount >= 0 ? Proportion.halfUp(amount, part: Int64(part), of: Int64(whole))
            : -Proportion.halfUp(-amount, part: Int64(part), of: Int64(whole))
    }
}
