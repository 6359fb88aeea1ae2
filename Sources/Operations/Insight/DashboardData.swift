import Foundation
import Synchronization
import Domain
import Store

/// A headline figure as the dashboard shows it: now (over the window), its series by day (nil
/// on a day without one; empty for a figure of now), and how it stands against its target.
public struct DashboardFigure: Sendable, Equatable {
    public var headline: KPIHeadline
    public var value: Int64?
    public var unit: KPIUnit
    public var basis: Int64
    public var series: [Int64?]
    public var status: KPIStatus?
}

public struct DashboardData: Sendable, Equatable {
    public var window: KPIWindow
    public var figures: [DashboardFigure]
}

extension Operations {
    /// The dashboard's figures over `window` (default: the 30 days to today): each headline
    /// (docs/KPIS.md, Dashboard) for all, and by day where the KPI breaks down by day.
    public func dashboard(window: KPIWindow? = nil) throws(OperationError) -> DashboardData {
        let window = window ?? .last30Days(to: today)
        // Two halves of the KPIs read side by side, each in its own snapshot (the pool reads
        // concurrently): the first frame waits for the slower half, not for both.
        let first: [KPIName] = [.stockouts, .cycleTime, .exceptionQueues, .fillRate, .backorders]
        let halves = [first, KPIName.allCases.filter { !first.contains($0) }]
        let results = Mutex<[Int: Result<[KPIReport], OperationError>]>([:])
        DispatchQueue.concurrentPerform(iterations: halves.count) { i in
            let result = Result { () throws(OperationError) in try kpiReports(halves[i], by: [nil, .day], window: window) }
            results.withLock { $0[i] = result }
        }
        var all = KPIReport(window: window, by: nil, values: []), byDay = KPIReport(window: window, by: .day, values: [])
        for i in halves.indices {
            let reports = try results.withLock { $0[i]! }.get()
            all.values += reports[0].values
            byDay.values += reports[1].values
        }
        let days = all.window.days
        let figures = Dashboard.headlines.map { h -> DashboardFigure in
            let rows = all.values.filter { $0.kpi == h.kpi }
            var value: Int64?, basis: Int64 = 0, unit = KPIUnit.count
            switch (h.kpi, h.measure) {
            case (.exceptionQueues, "waiting"):
                let waiting = rows.filter { $0.measure == "waiting" }
                value = waiting.reduce(0) { $0 + $1.value }; basis = value ?? 0
            case (.exceptionQueues, "oldest"):
                let oldest = rows.filter { $0.measure == "oldest" }
                value = oldest.map(\.value).max() ?? 0; unit = .seconds; basis = Int64(oldest.count)
            case (.agedInventory, "over 180d"):
                let units = rows.filter { if case .units = $0.unit { true } else { false } }
                let total = units.reduce(0) { $0 + $1.value }
                let labels = Set(AgedStock.over180Days.map { AgedStock.buckets[$0].label })
                let old = units.filter { labels.contains($0.measure) }.reduce(0) { $0 + $1.value }
                value = KPIMath.basisPoints(old, of: total); unit = .basisPoints; basis = total
            default:
                // Of the currencies a figure comes in, the one it has most behind.
                if let row = rows.filter({ $0.group == "all" && $0.measure == h.measure }).max(by: { $0.basis < $1.basis }) {
                    value = row.value; unit = row.unit; basis = row.basis
                } else if let unitOnly = Self.unit(h) { unit = unitOnly }
            }
            var series: [Int64?] = []
            if h.kpi.dimensions.contains(.day) {
                let perDay = Dictionary(byDay.values.filter { $0.kpi == h.kpi && $0.measure == h.measure }.map { ($0.group, $0.value) },
                                        uniquingKeysWith: { first, _ in first })
                series = days.map { perDay[$0] }
            }
            return DashboardFigure(headline: h, value: value, unit: unit, basis: basis, series: series, status: value.flatMap { h.target?.status($0) })
        }
        return DashboardData(window: all.window, figures: figures)
    }

    /// The unit a headline reads in when it has no figure yet.
    private static func unit(_ h: KPIHeadline) -> KPIUnit? {
        switch h.kpi {
        case .fillRate, .stockouts, .supplierOnTime, .returnRate, .margin: .basisPoints
        case .cycleTime: .seconds
        default: nil
        }
    }

    /// The documents behind a KPI's figure for a group ("all", a channel, a location, a
    /// supplier, a day), the most telling first, at most `limit`: the orders a first allocation
    /// did not fill, the slowest to ship, the lowest margins, the oldest backorders, the orders
    /// returns came from; the receipts latest against their expected day; the SKUs at a location
    /// out of stock the most days; the stock holding the most units that came in over 180 days
    /// ago. Nil for
    /// the exception queues (each is worked in its own pane).
    public func kpiDocuments(_ kpi: KPIName, by: KPIDimension?, group: String, window: KPIWindow, limit: Int) throws(OperationError) -> [KPIDocument]? {
        switch kpi {
        case .margin:
            // The lowest margins first.
            let orders = try read { r in try r.keptMargins(from: window.from, to: window.to, channel: by == .channel ? group : nil) }
                .filter { by != .day || $0.day == group }
            let lowestFirst = orders.sorted { a, b in a.margin != b.margin ? a.margin < b.margin : a.id < b.id }.prefix(limit)
            let refs = try read { r in try r.orderRefs(lowestFirst.map(\.id)) }
            return lowestFirst.map { o in
                KPIDocument(.order(o.id), ref: refs[o.id] ?? "", context: o.channel,
                            note: "margin " + Money.format(o.margin) + " on revenue " + Money.format(o.revenue) + " " + o.currency)
            }
        case .stockouts:
            let days = window.days
            return try read { r in
                let out = try stockoutDays(r, window).compactMap { p, out -> (StockoutPosition, [Int])? in
                    guard let out, by != .location || p.location == group else { return nil }
                    let outDays = days.indices.filter { out[$0] && (by != .day || days[$0] == group) }
                    return outDays.isEmpty ? nil : (p, outDays)
                }.sorted { a, b in a.1.count != b.1.count ? a.1.count > b.1.count : (a.0.sku, a.0.location) < (b.0.sku, b.0.location) }.prefix(limit)
                let codes = try r.skuCodes(out.map(\.0.sku))
                return out.map { p, outDays in
                    let code = codes[p.sku] ?? "SKU \(p.sku)"
                    return KPIDocument(.sku(code, location: p.location), ref: "", context: p.location,
                                       note: "out \(outDays.count) of \(days.count) days from \(days[outDays[0]]); sellable now \(p.sellable)")
                }
            }
        case .agedInventory:
            let today = self.today
            return try read { r in
                let old = try r.agedStockFacts().compactMap { f -> (sku: Int64, location: String, units: Int, onHand: Int)? in
                    guard by != .location || f.location == group else { return nil }
                    let split = AgedStock.split(onHand: f.onHand, inbound: f.inbound, today: today)
                    let units = AgedStock.over180Days.reduce(0) { $0 + split.buckets[$1] }
                    return units > 0 ? (f.sku, f.location, units, f.onHand) : nil
                }.sorted { a, b in a.units != b.units ? a.units > b.units : (a.sku, a.location) < (b.sku, b.location) }.prefix(limit)
                let codes = try r.skuCodes(old.map(\.sku))
                return old.map { o in
                    let code = codes[o.sku] ?? "SKU \(o.sku)"
                    return KPIDocument(.sku(code, location: o.location), ref: "", context: o.location,
                                       note: "\(o.units) of \(o.onHand) units on hand came in over 180 days ago")
                }
            }
        default:
            return try read { r in try r.kpiDocuments(kpi, by: by, group: group, window: window, limit: limit) }
        }
    }
}
