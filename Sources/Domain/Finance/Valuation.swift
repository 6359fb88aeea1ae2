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

/// How a SKU's outbound moves are valued: the moving average (the default) or first in,
/// first out, from the layers each receipt leaves (docs/MONEY.md).
public enum ValuationMethod: String, CaseIterable, Sendable, Codable {
    case average, fifo

    public init?(parsing text: String) {
        guard let m = Spelling.match(text, in: ValuationMethod.self) else { return nil }
        self = m
    }
    public static var spellings: String { allCases.map(\.rawValue).joined(separator: ", ") }
}

/// A FIFO SKU's stock as the layers stock came in by, oldest first: stock out takes the
/// oldest layers whole, and of a layer it takes in part its share of that layer's value,
/// rounded once, half up (the layer's last units take what it has left).
public struct CostLayers: Hashable, Sendable, Codable {
    public var layers: [StockValue]
    public init(_ layers: [StockValue] = []) { self.layers = layers }

    public var total: StockValue {
        StockValue(quantity: layers.reduce(0) { $0 + $1.quantity }, value: layers.reduce(Int64(0)) { Saturating.add($0, $1.value) })
    }

    public mutating func receive(_ units: Int, worth value: Int64) {
        guard units > 0 else { return }
        layers.append(StockValue(quantity: units, value: value))
    }

    /// `units` go out from the oldest layers; returns what they were worth. Units beyond the
    /// layers (which the ledger never allows) are priced at `fallback` each.
    @discardableResult
    public mutating func issue(_ units: Int, fallback unitCost: Int64) -> Int64 {
        var left = units, value: Int64 = 0
        while left > 0, !layers.isEmpty {
            let take = min(left, layers[0].quantity)
            value = Saturating.add(value, layers[0].issue(take, fallback: unitCost))
            if layers[0].quantity == 0 { layers.removeFirst() }
            left -= take
        }
        return left > 0 ? Saturating.add(value, Saturating.multiply(Int64(left), unitCost)) : value
    }
}
