/// The arithmetic of the KPIs (docs/KPIS.md), in integers.
public enum KPIMath {
    /// part / whole in basis points, rounded half away from zero; 0 of nothing.
    public static func basisPoints(_ part: Int64, of whole: Int64) -> Int64 {
        guard whole > 0 else { return 0 }
        let scaled = Int128(part) * 10_000
        let q = scaled / Int128(whole), r = scaled % Int128(whole)
        let rounded = 2 * (r < 0 ? -r : r) >= Int128(whole) ? q + (scaled < 0 ? -1 : 1) : q
        return Int64(clamping: rounded)
    }

    /// The nearest-rank percentile (`p` in 1...100) of `values`: the smallest value with at
    /// least p% of the values at or below it. Nil of none.
    public static func percentile(_ p: Int, of values: [Int64]) -> Int64? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let rank = (p * sorted.count + 99) / 100   // ceil(p/100 × n)
        return sorted[max(0, min(sorted.count - 1, rank - 1))]
    }

    /// Seconds from one stored timestamp to another ("2026-12-04T15:35:26Z"; the time part
    /// may be absent, or separated by a space). Nil when either is not one.
    public static func seconds(from a: String, to b: String) -> Int64? {
        guard let x = epochSeconds(a), let y = epochSeconds(b) else { return nil }
        return y - x
    }

    static func epochSeconds(_ stamp: String) -> Int64? {
        let u = Array(stamp.utf8)
        guard u.count >= 10, OrderDate.isDate(String(decoding: u[0..<10], as: UTF8.self)) else { return nil }
        func num(_ r: Range<Int>) -> Int { r.reduce(0) { $0 * 10 + Int(u[$1] - 48) } }
        let day = Int64(OrderDate.dayNumber(year: num(0..<4), month: num(5..<7), day: num(8..<10)))
        var seconds: Int64 = 0
        if u.count >= 19, [11, 12, 14, 15, 17, 18].allSatisfy({ (48...57).contains(u[$0]) }) {
            seconds = Int64(num(11..<13) * 3_600 + num(14..<16) * 60 + num(17..<19))
        }
        return day * 86_400 + seconds
    }
}

/// Fill rate: of the sale lines ordered, those their first allocation served whole; of the
/// units ordered, those it allocated.
public enum FillRate {
    /// `count` lines of one quantity and first allocation.
    public struct Line: Sendable, Equatable {
        public var quantity: Int
        /// Units the line's first allocation allocated (the rest it backordered).
        public var firstAllocated: Int
        public var count: Int
        public init(quantity: Int, firstAllocated: Int, count: Int = 1) {
            self.quantity = quantity; self.firstAllocated = firstAllocated; self.count = count
        }
    }

    public struct Figures: Sendable, Equatable {
        public var lines: Int64
        public var filledLines: Int64
        public var units: Int64
        public var filledUnits: Int64
        public var lineRate: Int64 { KPIMath.basisPoints(filledLines, of: lines) }
        public var unitRate: Int64 { KPIMath.basisPoints(filledUnits, of: units) }
        public init(lines: Int64 = 0, filledLines: Int64 = 0, units: Int64 = 0, filledUnits: Int64 = 0) {
            self.lines = lines; self.filledLines = filledLines; self.units = units; self.filledUnits = filledUnits
        }
        /// Two groups' figures as one (the sums are kept per channel and day).
        public static func + (a: Figures, b: Figures) -> Figures {
            Figures(lines: a.lines + b.lines, filledLines: a.filledLines + b.filledLines, units: a.units + b.units,
                    filledUnits: a.filledUnits + b.filledUnits)
        }
    }

    public static func figures(_ lines: [Line]) -> Figures {
        var f = Figures()
        for l in lines {
            let n = Int64(l.count), served = Int64(min(max(0, l.firstAllocated), l.quantity))
            f.lines += n
            f.units += n * Int64(l.quantity)
            f.filledUnits += n * served
            if served == Int64(l.quantity) { f.filledLines += n }
        }
        return f
    }
}

/// Stockouts: days a SKU at a location closed with no sellable stock while it had demand.
public enum Stockouts {
    /// Each day's closing sellable stock, oldest first, from the stock now, each day's net
    /// change, and the net change after the last day: a day closed at what is there now less
    /// everything that came (plus everything that went) after it.
    public static func closingStock(now: Int, dailyChanges: [Int], changeAfter: Int) -> [Int] {
        var closing = Array(repeating: 0, count: dailyChanges.count)
        var level = now - changeAfter
        for day in dailyChanges.indices.reversed() {
            closing[day] = level
            level -= dailyChanges[day]
        }
        return closing
    }

    /// A day out of stock: closed at zero (or less) with demand that day.
    public static func isOut(closing: Int, demand: Bool) -> Bool { closing <= 0 && demand }
}

/// Aged inventory: stock on hand taken to be the newest that came in (first in, first out),
/// each unit as old as the receipt it came in by.
public enum AgedStock {
    /// The buckets, by days since the stock came in: up to and including `upTo`.
    public static let buckets: [(label: String, upTo: Int?)] = [("0-30d", 30), ("31-90d", 90), ("91-180d", 180), ("181-365d", 365), (">365d", nil)]
    /// The buckets of stock that came in over 180 days ago (the dashboard's "stock over 180 days").
    public static let over180Days: [Int] = buckets.indices.filter { $0 > 0 && (buckets[$0 - 1].upTo ?? 0) >= 180 }
    /// Stock older than every move the ledger holds (on hand before its history began).
    public static let undated = "undated"

    /// Units per bucket (in `buckets` order), then the undated units.
    public static func split(onHand: Int, inbound newestFirst: [(day: String, units: Int)], today: String) -> (buckets: [Int], undated: Int) {
        var left = max(0, onHand), out = Array(repeating: 0, count: buckets.count)
        for arrival in newestFirst where left > 0 {
            let taken = min(left, arrival.units)
            let age = max(0, OrderDate.days(from: arrival.day, to: today))
            let index = buckets.firstIndex { $0.upTo.map { age <= $0 } ?? true }!
            out[index] += taken
            left -= taken
        }
        return (out, left)
    }
}

/// Backorders: what waits, what it is worth, and how far off its supply is.
public enum BackorderFigures {
    public struct Line: Sendable, Equatable {
        public var backordered: Int
        /// The line's net (quantity x price less discount) and quantity: the backordered units' share is their value.
        public var lineNet: Int64
        public var quantity: Int
        public var expectedDate: String?
        public var since: String?
        public init(backordered: Int, lineNet: Int64, quantity: Int, expectedDate: String?, since: String?) {
            self.backordered = backordered; self.lineNet = lineNet; self.quantity = quantity; self.expectedDate = expectedDate; self.since = since
        }

        /// The backordered units' share of the line's net, rounded half up.
        public var value: Int64 { Proportion.halfUp(lineNet, part: Int64(backordered), of: Int64(quantity)) }
    }

    /// Backordered lines alike in what the figures read of them (the day expected and the day
    /// backordered since, "" for none): how many, their units and value. The store keeps these
    /// sums as lines change (kpi_backorder_group).
    public struct Group: Sendable, Hashable {
        public var expectedDay: String
        public var sinceDay: String
        public var lines: Int64
        public var units: Int64
        public var value: Int64
        public init(expectedDay: String, sinceDay: String, lines: Int64, units: Int64, value: Int64) {
            self.expectedDay = expectedDay; self.sinceDay = sinceDay; self.lines = lines; self.units = units; self.value = value
        }
    }

    /// Backordered lines summed into their groups, in the order of the groups' days.
    public static func groups(_ lines: [Line]) -> [Group] {
        var sums: [String: Group] = [:]
        for l in lines where l.backordered > 0 {
            let expected = String((l.expectedDate ?? "").prefix(10)), since = String((l.since ?? "").prefix(10))
            var g = sums[expected + "|" + since] ?? Group(expectedDay: expected, sinceDay: since, lines: 0, units: 0, value: 0)
            g.lines += 1
            g.units += Int64(l.backordered)
            g.value = Saturating.add(g.value, l.value)
            sums[expected + "|" + since] = g
        }
        return sums.values.sorted { ($0.expectedDay, $0.sinceDay) < ($1.expectedDay, $1.sinceDay) }
    }

    public struct Figures: Sendable, Equatable {
        public var lines: Int64 = 0
        public var units: Int64 = 0
        public var value: Int64 = 0
        /// Lines with an expected date, and the mean days from today to it (rounded up; a date passed counts 0).
        public var dated: Int64 = 0
        public var meanDaysToSupply: Int64 = 0
        /// Days the oldest has waited.
        public var oldestDays: Int64 = 0
    }

    public static func figures(_ lines: [Line], today: String) -> Figures { figures(groups(lines), today: today) }

    public static func figures(_ groups: [Group], today: String) -> Figures {
        var f = Figures(), waits: Int64 = 0
        for g in groups where g.lines > 0 {
            f.lines += g.lines
            f.units += g.units
            f.value = Saturating.add(f.value, g.value)
            if OrderDate.isDate(g.expectedDay) {
                f.dated += g.lines
                waits += g.lines * Int64(max(0, OrderDate.days(from: today, to: g.expectedDay)))
            }
            if OrderDate.isDate(g.sinceDay) {
                f.oldestDays = max(f.oldestDays, Int64(OrderDate.days(from: g.sinceDay, to: today)))
            }
        }
        f.meanDaysToSupply = f.dated == 0 ? 0 : (waits + f.dated - 1) / f.dated
        return f
    }
}
