/// An order's money (docs/MONEY.md): what its shipped units bill, what was refunded, what the
/// goods cost when they left (their moves' values) and what carrying them costs (each
/// shipment's location's rate to the order's region).
public struct OrderMoney: Hashable, Sendable, Codable {
    public var billed: InvoiceAmounts
    public var refunded: Int64
    public var costOfGoods: Int64
    public var freightCost: Int64
    public init(billed: InvoiceAmounts, refunded: Int64, costOfGoods: Int64, freightCost: Int64) {
        self.billed = billed; self.refunded = refunded; self.costOfGoods = costOfGoods; self.freightCost = freightCost
    }

    /// Revenue: the goods, the charges and the freight billed (tax is owed to the state, not earned).
    public var revenue: Int64 { Saturating.add(Saturating.add(billed.goods, billed.charges), billed.freight) }
    /// Margin after freight: revenue less the cost of the goods and of carrying them.
    /// Refunds are shown beside it, not in it: a refund's goods come back to stock.
    public var margin: Int64 { Saturating.subtract(Saturating.subtract(revenue, costOfGoods), freightCost) }
}
