/// How a figure stands against its target.
public enum KPIStatus: String, Sendable, Codable {
    case good, warning, bad
}

/// A figure's target: good at or beyond `good`, a warning up to `warning`, bad past it
/// (docs/KPIS.md, Dashboard).
public struct KPITarget: Sendable, Equatable, Codable {
    public var higherIsBetter: Bool
    public var good: Int64
    public var warning: Int64
    public init(higherIsBetter: Bool, good: Int64, warning: Int64) { self.higherIsBetter = higherIsBetter; self.good = good; self.warning = warning }

    public func status(_ value: Int64) -> KPIStatus {
        if higherIsBetter { return value >= good ? .good : value >= warning ? .warning : .bad }
        return value <= good ? .good : value <= warning ? .warning : .bad
    }

    /// "≥ 95.00%", "≤ 2d 0h".
    public func words(_ unit: KPIUnit) -> String { (higherIsBetter ? "≥ " : "≤ ") + unit.format(good) }
}

/// A figure the dashboard shows: a KPI's measure of the "all" group, its label and target.
public struct KPIHeadline: Sendable, Equatable {
    public var kpi: KPIName
    public var measure: String
    public var label: String
    public var target: KPITarget?
    public init(kpi: KPIName, measure: String, label: String, target: KPITarget?) {
        self.kpi = kpi; self.measure = measure; self.label = label; self.target = target
    }
}

public enum Dashboard {
    /// The figures, in the dashboard's order, with their shipped targets. The exception
    /// queues and aged stock are summed over their groups (`waiting` of all queues, the
    /// oldest of them; stock over 180 days of all stock).
    public static let headlines: [KPIHeadline] = [
        KPIHeadline(kpi: .fillRate, measure: "lines", label: "Fill rate, lines", target: KPITarget(higherIsBetter: true, good: 9_500, warning: 9_000)),
        KPIHeadline(kpi: .fillRate, measure: "units", label: "Fill rate, units", target: KPITarget(higherIsBetter: true, good: 9_500, warning: 9_000)),
        KPIHeadline(kpi: .cycleTime, measure: "p90", label: "Cycle time, p90", target: KPITarget(higherIsBetter: false, good: 172_800, warning: 259_200)),
        KPIHeadline(kpi: .cycleTime, measure: "p50", label: "Cycle time, p50", target: KPITarget(higherIsBetter: false, good: 86_400, warning: 172_800)),
        KPIHeadline(kpi: .stockouts, measure: "share", label: "Stockout days", target: KPITarget(higherIsBetter: false, good: 200, warning: 500)),
        KPIHeadline(kpi: .supplierOnTime, measure: "on time", label: "Supplier on time", target: KPITarget(higherIsBetter: true, good: 9_500, warning: 8_500)),
        KPIHeadline(kpi: .returnRate, measure: "rate", label: "Return rate", target: KPITarget(higherIsBetter: false, good: 500, warning: 1_000)),
        KPIHeadline(kpi: .margin, measure: "margin share", label: "Margin after freight", target: KPITarget(higherIsBetter: true, good: 3_000, warning: 1_500)),
        KPIHeadline(kpi: .backorders, measure: "value", label: "Backorder value", target: nil),
        KPIHeadline(kpi: .backorders, measure: "oldest", label: "Oldest backorder", target: KPITarget(higherIsBetter: false, good: 3, warning: 7)),
        KPIHeadline(kpi: .exceptionQueues, measure: "waiting", label: "Exceptions waiting", target: nil),
        KPIHeadline(kpi: .exceptionQueues, measure: "oldest", label: "Oldest exception", target: KPITarget(higherIsBetter: false, good: 86_400, warning: 259_200)),
        KPIHeadline(kpi: .agedInventory, measure: "over 180d", label: "Stock over 180 days", target: KPITarget(higherIsBetter: false, good: 1_000, warning: 2_500)),
    ]
}

/// A row of block characters, one per value, scaled between the series' least and most: the
/// shape of a figure over its window. A day without a figure is a space.
public enum Sparkline {
    public static let levels: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    public static func render(_ values: [Int64?]) -> String {
        let present = values.compactMap { $0 }
        guard let low = present.min(), let high = present.max() else { return String(repeating: " ", count: values.count) }
        return String(values.map { v -> Character in
            guard let v else { return " " }
            guard high > low else { return levels[levels.count / 2 - 1] }
            let index = Int((Int128(v - low) * Int128(levels.count - 1) + Int128(high - low) / 2) / Int128(high - low))
            return levels[index]
        })
    }
}
