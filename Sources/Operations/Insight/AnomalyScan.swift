import Foundation
import Domain
import Store

/// A day out of line in a series, in words, with the documents behind it.
public struct Anomaly: Sendable, Equatable, Codable {
    public var series: AnomalySeries
    /// The channel, "user at location", location or SKU the series is of.
    public var group: String
    /// The day, its value and what it was measured against.
    public var finding: AnomalyFinding
    public var documents: [String]
    public var message: String
}

extension Operations {
    /// Weeks of history each day is measured against.
    public static let anomalyHistoryDays = 56
    /// Documents named per anomaly, at most.
    static let anomalyDocumentLimit = 5

    /// The days of `window` (default: the 7 days to today) out of line in each series (all
    /// when `series` is empty), against the 56 days before it (docs/KPIS.md, Anomalies),
    /// the largest departures first.
    public func anomalies(_ series: [AnomalySeries], window: KPIWindow?, threshold: Int64 = AnomalyDetector.defaultThreshold)
        throws(OperationError) -> [Anomaly] {
        let today = self.today
        let w = window ?? .last(7, to: today)
        do { try w.check(today: today) } catch { throw OperationError(error.message) }
        guard threshold > 0 else { throw OperationError("The threshold must be above 0 spreads.") }
        let historyFrom = OrderDate.adding(days: -Self.anomalyHistoryDays, to: w.from)
        let allDays = KPIWindow(from: historyFrom, to: w.to).days
        var found: [Anomaly] = []
        for kind in series.isEmpty ? AnomalySeries.allCases : series {
            let (groups, behind) = try dailySeries(kind, from: historyFrom, days: allDays, until: w.to)
            for (group, days) in groups.sorted(by: { $0.key < $1.key }) {
                let history = days.filter { $0.day < w.from }, window = days.filter { $0.day >= w.from }
                for f in AnomalyDetector.detect(history: history, days: window, threshold: threshold, minimumDeparture: kind.minimumDeparture,
                                                          minimumBasis: kind.minimumBasis) {
                    let documents = try behind(group, f.day, f.value < f.baseline)
                    found.append(Anomaly(series: kind, group: group, finding: f, documents: documents, message: Self.words(kind, group, f, documents)))
                }
            }
        }
        return found.sorted { a, b in
            a.finding.score != b.finding.score ? a.finding.score > b.finding.score
                : (a.series.rawValue, a.group, a.finding.day) < (b.series.rawValue, b.group, b.finding.day)
        }
    }

    /// Each group's days (rates only where there was something to take them over; counts and
    /// amounts every day, 0 where nothing), and a reader of the documents behind a day.
    private func dailySeries(_ kind: AnomalySeries, from: String, days: [String], until: String) throws(OperationError)
        -> (series: [String: [SeriesDay]], behind: (String, String, Bool) throws(OperationError) -> [String]) {
        let limit = Self.anomalyDocumentLimit
        let stored: (String, String, Bool) throws(OperationError) -> [String] = { group, day, _ throws(OperationError) in
            try self.read { try $0.anomalyDocuments(kind, group: group, day: day, limit: limit) }
        }
        func everyDay(_ facts: [SeriesFact]) -> [String: [SeriesDay]] {
            var byGroup: [String: [String: SeriesFact]] = [:]
            for f in facts where f.day <= until { byGroup[f.group, default: [:]][f.day] = f }
            return byGroup.mapValues { seen in days.map { d in SeriesDay(day: d, value: seen[d]?.amount ?? 0, basis: seen[d]?.basis ?? 0) } }
        }
        switch kind {
        case .cancellationRate:
            let facts = try read { try $0.cancellationFacts(from: from) }.filter { $0.day <= until }
            return (Dictionary(grouping: facts, by: \.group).mapValues { rows in
                rows.sorted { $0.day < $1.day }.map { SeriesDay(day: $0.day, value: KPIMath.basisPoints($0.amount, of: $0.basis), basis: $0.basis) }
            }, stored)
        case .manualAdjustments:
            return (everyDay(try read { try $0.manualAdjustmentFacts(from: from) }), stored)
        case .countVarianceValue:
            return (everyDay(try read { try $0.countVarianceFacts(from: from) }), stored)
        case .returnRate:
            // A day's returns against the units shipped in the 30 days up to it.
            let (returned, shipped) = try read { try $0.returnRateFacts(from: OrderDate.adding(days: -29, to: from)) }
            var out: [String: [String: Int64]] = [:], back: [String: [String: Int64]] = [:]
            for s in shipped { out[s.group, default: [:]][s.day] = s.amount }
            for r in returned { back[r.group, default: [:]][r.day] = r.amount }
            var series: [String: [SeriesDay]] = [:]
            for (sku, shippedDays) in out {
                var rolling: Int64 = 0
                var points: [SeriesDay] = []
                let start = OrderDate.adding(days: -29, to: from)
                for (i, day) in KPIWindow(from: start, to: until).days.enumerated() {
                    rolling += shippedDays[day] ?? 0
                    if i >= 30 { rolling -= shippedDays[OrderDate.adding(days: -30, to: day)] ?? 0 }
                    guard day >= from, rolling > 0 else { continue }
                    points.append(SeriesDay(day: day, value: KPIMath.basisPoints(back[sku]?[day] ?? 0, of: rolling), basis: rolling))
                }
                series[sku] = points
            }
            return (series, stored)
        case .marginPerOrder:
            var sums: [String: [String: (total: Int64, orders: [(id: Int64, margin: Int64)])]] = [:]
            // Each shipped sale's margin as kept (KPIShippedOrders), not worked out order by order.
            for m in try read({ try $0.keptMargins(from: from, to: until) }) {
                var cell = sums[m.channel]?[m.day] ?? (0, [])
                cell.total = Saturating.add(cell.total, m.margin)
                cell.orders.append((m.id, m.margin))
                sums[m.channel, default: [:]][m.day] = cell
            }
            let series = sums.mapValues { days in
                days.keys.sorted().map { day in
                    let cell = days[day]!
                    return SeriesDay(day: day, value: cell.total / Int64(cell.orders.count), basis: Int64(cell.orders.count))
                }
            }
            // The orders that pulled the day's mean away: the lowest margins when it fell, the highest when it rose.
            let behind: (String, String, Bool) throws(OperationError) -> [String] = { group, day, fell in
                let orders = sums[group]?[day]?.orders ?? []
                return orders.sorted { a, b in a.margin != b.margin ? (fell ? a.margin < b.margin : a.margin > b.margin) : a.id < b.id }
                    .prefix(limit).map { "order \($0.id)" }
            }
            return (series, behind)
        }
    }

    /// "cancellationRate of web on 2026-12-01, a Tuesday: 18.00% over 50, against 2.10% on
    /// Tuesdays (typical spread 0.80%): 20.0 spreads. Behind it: order 12, order 15."
    static func words(_ kind: AnomalySeries, _ group: String, _ f: AnomalyFinding, _ documents: [String]) -> String {
        func show(_ v: Int64) -> String {
            switch kind.unit {
            case .money: Money.format(v)
            default: kind.unit.format(v)
            }
        }
        let weekday = AnomalyDetector.weekdayNames[AnomalyDetector.weekday(f.day)]
        return "\(kind.rawValue) of \(group) on \(f.day), a \(weekday): \(show(f.value)) over \(f.basis), against \(show(f.baseline)) on \(weekday)s "
            + "(typical spread \(show(f.spread))): \(f.score / 1_000).\(f.score % 1_000 / 100) spreads "
            + (f.value > f.baseline ? "above" : "below")
            + (documents.isEmpty ? "." : (documents.count < anomalyDocumentLimit ? ". Behind it: " : ". The first \(anomalyDocumentLimit) behind it: ")
                + documents.joined(separator: ", ") + ".")
    }
}
