/// A SKU's stock on hand and what it is worth, all locations and statuses together: the
/// moving weighted average. The rate is value / quantity, never stored rounded; an outbound
/// move takes its share of the value rounded once, half up, and the last units take what is
/// left, so the value never drifts from the stock it prices (docs/MONEY.md).
public struct StockValue: Hashable, Sendable, Codable {
    public var quantity: Int
    public var value: Int64
    public init(quantity: Int = 0, value: Int64 = 0) { self.quantity = quantity; self.value = value }

    /// The value of `units` at the current rate: value x units / quantity, half up; all of it
    /// for the last units; `fallback` a unit when nothing is on hand to price them by.
    public func worth(_ units: Int, fallback unitCost: Int64) -> Int64 {
        guard quantity > 0 else { return Saturating.multiply(Int64(units), unitCost) }
        return units >= quantity ? value : Proportion.halfUp(value, part: Int64(units), of: Int64(quantity))
    }

    /// `units` come in worth `value`.
    public mutating func receive(_ units: Int, worth value: Int64) {
        quantity += units
        self.value = Saturating.add(self.value, value)
    }

    /// `units` go out; returns what they were worth.
    @discardableResult
    public mutating func issue(_ units: Int, fallback unitCost: Int64) -> Int64 {
        let out = worth(units, fallback: unitCost)
        quantity -= units
        value = Saturating.add(value, -out)
        return out
    }
}
