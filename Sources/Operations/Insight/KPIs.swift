import Foundation
import Domain
import Store

/// A KPI's group in one currency.
private struct KPIGroupCurrency: Hashable { var group: String; var currency: String }

/// What the margin adds up over a group's orders.
private struct MarginSums { var orders: Int64 = 0, revenue: Int64 = 0, goods: Int64 = 0, freight: Int64 = 0, margin: Int64 = 0 }

/// The KPIs over a window (docs/KPIS.md): facts read from the store, figures by Domain's formulas.
public struct KPIReport: Sendable, Equatable, Codable {
    public var window: KPIWindow
    public var by: KPIDimension?
    public var values: [KPIValue]
}

extension Operations {
    /// The figures of `names` (all of them when empty; with `by`, those that break down by
    /// it) over `window` (default: the 30 days to today), broken down by `by` or for all.
    public func kpis(_ names: [KPIName], by: KPIDimension?, window: KPIWindow?) throws(OperationError) -> KPIReport {
        if let by, let name = names.first(where: { !$0.dimensions.contains(by) }) {
            let dims = name.dimensions.map(\.rawValue)
            throw OperationError("\(name.rawValue) " + (dims.isEmpty ? "has no breakdown" : "breaks down by " + dims.joined(separator: " or "))
                                 + ", not by \(by.rawValue).")
        }
        return try kpiReports(names, by: [by], window: window)[0]
    }

    /// A report per breakdown in `bys` (nil: for all) of `names` (all of them when empty; for
    /// a breakdown, those of them that break down so), each KPI's facts read once for all.
    func kpiReports(_ names: [KPIName], by bys: [KPIDimension?], window: KPIWindow?) throws(OperationError) -> [KPIReport] {
        let today = self.today
        let w = window ?? .last30Days(to: today)
        do { try w.check(today: today) } catch { throw OperationError(error.message) }
        let now = self.now
        let values = try read { r in
            var values = Array(repeating: [KPIValue](), count: bys.count)
            for name in names.isEmpty ? KPIName.allCases : names {
                // The breakdowns this KPI has, by their place in `bys`.
                let places = bys.indices.filter { bys[$0].map(name.dimensions.contains) ?? true }
                guard !places.isEmpty else { continue }
                let asked = places.map { bys[$0] }
                let reports: [[KPIValue]] = switch name {
                case .fillRate: try fillRate(r, w, asked)
                case .cycleTime: try cycleTime(r, w, asked)
                case .stockouts: try stockouts(r, w, asked)
                case .agedInventory: try agedInventory(r, asked, today: today)
                case .supplierOnTime: try supplierOnTime(r, w, asked)
                case .returnRate: try returnRate(r, w, asked)
                case .margin: try margin(r, w, asked)
                case .exceptionQueues: try exceptionQueues(r, asked, now: now, today: today)
                case .backorders: try backorders(r, asked, today: today)
                }
                for (place, report) in zip(places, reports) { values[place] += report }
            }
            return values
        }
        return zip(bys, values).map { KPIReport(window: w, by: $0, values: $1) }
    }

    /// The group a fact falls in: its value of the dimension, or "all".
    private static func group(_ by: KPIDimension?, channel: String? = nil, location: String? = nil, supplier: String? = nil,
                              day: String? = nil) -> String {
        switch by {
        case .channel?: channel ?? "all"
        case .location?: location ?? "all"
        case .supplier?: supplier ?? "all"
        case .day?: day ?? "all"
        case nil: "all"
        }
    }

    private func fillRate(_ r: some StoreReading, _ w: KPIWindow, _ bys: [KPIDimension?]) throws -> [[KPIValue]] {
        let days = try r.fillRateDays(w)
        return bys.map { by in
            let groups = Dictionary(grouping: days) { Self.group(by, channel: $0.channel, day: $0.day) }
            return groups.keys.sorted().flatMap { key -> [KPIValue] in
                let f = groups[key]!.reduce(FillRate.Figures()) { $0 + $1.figures }
                return [KPIValue(kpi: .fillRate, group: key, measure: "lines", value: f.lineRate, unit: .basisPoints, basis: f.lines),
                        KPIValue(kpi: .fillRate, group: key, measure: "units", value: f.unitRate, unit: .basisPoints, basis: f.units)]
            }
        }
    }

    private func cycleTime(_ r: some StoreReading, _ w: KPIWindow, _ bys: [KPIDimension?]) throws -> [[KPIValue]] {
        let facts = try r.cycleTimeFacts(w)
        return bys.map { by in
            var durations: [String: [Int64]] = [:]
            for f in facts {
                guard let seconds = KPIMath.seconds(from: f.captured, to: f.shipped) else { continue }
                durations[Self.group(by, channel: f.channel, location: f.location, day: String(f.shipped.prefix(10))), default: []].append(max(0, seconds))
            }
            return durations.keys.sorted().flatMap { key -> [KPIValue] in
                let d = durations[key]!
                return [KPIValue(kpi: .cycleTime, group: key, measure: "p50", value: KPIMath.percentile(50, of: d)!, unit: .seconds, basis: Int64(d.count)),
                        KPIValue(kpi: .cycleTime, group: key, measure: "p90", value: KPIMath.percentile(90, of: d)!, unit: .seconds, basis: Int64(d.count))]
            }
        }
    }

    /// Each SKU at a fulfilling location with the days of the window it was out (closed at
    /// zero or less while the SKU had demand); nil for one never at zero in the window.
    func stockoutDays(_ r: some StoreReading, _ w: KPIWindow) throws -> [(position: StockoutPosition, out: [Bool]?)] {
        let demand = try r.demandDays(w)
        let count = w.days.count
        return try r.stockoutFacts(w).map { p in
            // Stock now and unchanged since the window began: each day closed at it.
            let closing = p.dailyChanges.map { Stockouts.closingStock(now: p.sellable, dailyChanges: $0, changeAfter: p.changeAfter) }
                ?? Array(repeating: p.sellable, count: count)
            guard let wanted = demand[p.sku], closing.contains(where: { $0 <= 0 }) else { return (p, nil) }
            return (p, (0..<count).map { Stockouts.isOut(closing: closing[$0], demand: wanted[$0]) })
        }
    }

    private func stockouts(_ r: some StoreReading, _ w: KPIWindow, _ bys: [KPIDimension?]) throws -> [[KPIValue]] {
        let days = w.days
        // Per location: how many positions, and how many of them were out on each day.
        var positionsAt: [String: Int64] = [:], outAt: [String: [Int64]] = [:]
        for (p, out) in try stockoutDays(r, w) {
            positionsAt[p.location, default: 0] += 1
            guard let out else { continue }
            var counts = outAt[p.location] ?? Array(repeating: 0, count: days.count)
            for i in days.indices where out[i] { counts[i] += 1 }
            outAt[p.location] = counts
        }
        return bys.map { by in
            var out: [String: Int64] = [:], cells: [String: Int64] = [:]
            for (location, n) in positionsAt {
                let counts = outAt[location] ?? Array(repeating: 0, count: days.count)
                for (i, day) in days.enumerated() {
                    let key = Self.group(by, location: location, day: day)
                    cells[key, default: 0] += n
                    out[key, default: 0] += counts[i]
                }
            }
            return cells.keys.sorted().flatMap { key -> [KPIValue] in
                let n = cells[key]!, o = out[key] ?? 0
                return [KPIValue(kpi: .stockouts, group: key, measure: "days out", value: o, unit: .count, basis: n),
                        KPIValue(kpi: .stockouts, group: key, measure: "share", value: KPIMath.basisPoints(o, of: n), unit: .basisPoints, basis: n)]
            }
        }
    }

    private func agedInventory(_ r: some StoreReading, _ bys: [KPIDimension?], today: String) throws -> [[KPIValue]] {
        typealias Key = KPIGroupCurrency
        let labels = AgedStock.buckets.map(\.label) + [AgedStock.undated]
        let facts = try r.agedStockFacts()
        return bys.map { by in
            var units: [Key: [Int64]] = [:], values: [Key: [Int64]] = [:]
            for f in facts {
                let key = Key(group: Self.group(by, location: f.location), currency: f.currency)
                let split = AgedStock.split(onHand: f.onHand, inbound: f.inbound, today: today)
                let counts = split.buckets + [split.undated]
                var u = units[key] ?? Array(repeating: 0, count: labels.count), v = values[key] ?? Array(repeating: 0, count: labels.count)
                for (i, n) in counts.enumerated() where n > 0 {
                    u[i] += Int64(n)
                    v[i] = Saturating.add(v[i], Proportion.halfUp(f.skuValue, part: Int64(n), of: Int64(f.skuUnits)))
                }
                units[key] = u; values[key] = v
            }
            return units.keys.sorted { ($0.group, $0.currency) < ($1.group, $1.currency) }.flatMap { key -> [KPIValue] in
                let u = units[key]!, v = values[key]!, total = u.reduce(0, +)
                return labels.indices.filter { $0 < AgedStock.buckets.count || u[$0] > 0 }.flatMap { i in
                    [KPIValue(kpi: .agedInventory, group: key.group, measure: labels[i], value: u[i], unit: .units, basis: total),
                     KPIValue(kpi: .agedInventory, group: key.group, measure: "\(labels[i]) value", value: v[i], unit: .money(key.currency), basis: u[i])]
                }
            }
        }
    }

    private func supplierOnTime(_ r: some StoreReading, _ w: KPIWindow, _ bys: [KPIDimension?]) throws -> [[KPIValue]] {
        let deliveries = try r.deliveries(supplier: nil, arrivedFrom: w.from, to: w.to)
        return bys.map { by in
            let groups = Dictionary(grouping: deliveries) { Self.group(by, supplier: $0.supplier, day: $0.receipt.arrivedOn) }
            return groups.keys.sorted().flatMap { key -> [KPIValue] in
                guard let learnt = SupplierPerformance.learn(groups[key]!.map(\.receipt)) else { return [] }
                let n = Int64(learnt.receipts)
                return [KPIValue(kpi: .supplierOnTime, group: key, measure: "on time", value: Int64(learnt.onTimePerMille) * 10, unit: .basisPoints, basis: n),
                        KPIValue(kpi: .supplierOnTime, group: key, measure: "lead time mean", value: Int64(learnt.leadTimeMeanDays), unit: .days, basis: n),
                        KPIValue(kpi: .supplierOnTime, group: key, measure: "lead time spread", value: Int64(learnt.leadTimeSpreadDays), unit: .days, basis: n)]
            }
        }
    }

    /// The reasons a return rate lists, at most.
    static let topReasons = 5

    private func returnRate(_ r: some StoreReading, _ w: KPIWindow, _ bys: [KPIDimension?]) throws -> [[KPIValue]] {
        let (returned, shipped) = try r.returnFacts(w)
        return bys.map { by in
            var shippedUnits: [String: Int64] = [:], returnedUnits: [String: Int64] = [:], reasons: [String: [String: Int64]] = [:]
            for s in shipped { shippedUnits[Self.group(by, channel: s.channel, day: s.day), default: 0] += s.units }
            for x in returned {
                let key = Self.group(by, channel: x.channel, day: x.day)
                returnedUnits[key, default: 0] += x.units
                reasons[key, default: [:]][x.reason, default: 0] += x.units
            }
            return Set(shippedUnits.keys).union(returnedUnits.keys).sorted().flatMap { key -> [KPIValue] in
                let out = shippedUnits[key] ?? 0, back = returnedUnits[key] ?? 0
                let top = (reasons[key] ?? [:]).sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(Self.topReasons)
                return [KPIValue(kpi: .returnRate, group: key, measure: "rate", value: KPIMath.basisPoints(back, of: out), unit: .basisPoints, basis: out),
                        KPIValue(kpi: .returnRate, group: key, measure: "returned", value: back, unit: .units, basis: out)]
                    + top.map { KPIValue(kpi: .returnRate, group: key, measure: "reason \($0.key)", value: $0.value, unit: .units, basis: back) }
            }
        }
    }

    private func margin(_ r: some StoreReading, _ w: KPIWindow, _ bys: [KPIDimension?]) throws -> [[KPIValue]] {
        typealias Key = KPIGroupCurrency
        let margins = try r.keptMargins(from: w.from, to: w.to)
        return bys.map { by in
            var sums: [Key: MarginSums] = [:]
            for m in margins {
                let key = Key(group: Self.group(by, channel: m.channel, day: m.day), currency: m.currency)
                var s = sums[key] ?? MarginSums()
                s.orders += 1
                s.revenue = Saturating.add(s.revenue, m.revenue)
                s.goods = Saturating.add(s.goods, m.goods)
                s.freight = Saturating.add(s.freight, m.freight)
                s.margin = Saturating.add(s.margin, m.margin)
                sums[key] = s
            }
            return sums.keys.sorted { ($0.group, $0.currency) < ($1.group, $1.currency) }.flatMap { key -> [KPIValue] in
                let s = sums[key]!, money = KPIUnit.money(key.currency)
                return [KPIValue(kpi: .margin, group: key.group, measure: "revenue", value: s.revenue, unit: money, basis: s.orders),
                        KPIValue(kpi: .margin, group: key.group, measure: "cost of goods", value: s.goods, unit: money, basis: s.orders),
                        KPIValue(kpi: .margin, group: key.group, measure: "freight cost", value: s.freight, unit: money, basis: s.orders),
                        KPIValue(kpi: .margin, group: key.group, measure: "margin", value: s.margin, unit: money, basis: s.orders),
                        KPIValue(kpi: .margin, group: key.group, measure: "margin share", value: KPIMath.basisPoints(s.margin, of: s.revenue),
                                 unit: .basisPoints, basis: s.orders)]
            }
        }
    }

    private func exceptionQueues(_ r: some StoreReading, _ bys: [KPIDimension?], now: String, today: String) throws -> [[KPIValue]] {
        let values = try r.exceptionQueueFacts(today: today).flatMap { q -> [KPIValue] in
            var values = [KPIValue(kpi: .exceptionQueues, group: q.queue, measure: "waiting", value: Int64(q.count), unit: .count, basis: Int64(q.count))]
            if q.count > 0, let oldest = q.oldest, let age = KPIMath.seconds(from: oldest, to: now) {
                values.append(KPIValue(kpi: .exceptionQueues, group: q.queue, measure: "oldest", value: max(0, age), unit: .seconds, basis: Int64(q.count)))
            }
            return values
        }
        return bys.map { _ in values }
    }

    private func backorders(_ r: some StoreReading, _ bys: [KPIDimension?], today: String) throws -> [[KPIValue]] {
        typealias Key = KPIGroupCurrency
        let kept = try r.backorderGroups()
        return bys.map { by in
            let groups = Dictionary(grouping: kept) { Key(group: Self.group(by, channel: $0.channel), currency: $0.currency) }
            return groups.keys.sorted { ($0.group, $0.currency) < ($1.group, $1.currency) }.flatMap { key -> [KPIValue] in
                let f = BackorderFigures.figures(groups[key]!.map(\.group), today: today), lines = f.lines
                return [KPIValue(kpi: .backorders, group: key.group, measure: "lines", value: lines, unit: .count, basis: lines),
                        KPIValue(kpi: .backorders, group: key.group, measure: "units", value: f.units, unit: .units, basis: lines),
                        KPIValue(kpi: .backorders, group: key.group, measure: "value", value: f.value, unit: .money(key.currency), basis: lines),
                        KPIValue(kpi: .backorders, group: key.group, measure: "days to supply", value: f.meanDaysToSupply, unit: .days, basis: f.dated),
                        KPIValue(kpi: .backorders, group: key.group, measure: "oldest", value: f.oldestDays, unit: .days, basis: lines)]
            }
        }
    }
}
