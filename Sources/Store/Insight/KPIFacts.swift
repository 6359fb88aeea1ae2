import GRDB
import Domain

/// What the KPIs are computed from (docs/KPIS.md), read from the ledger and the order history.
/// Rows come grouped as far as the formula allows, so a year of orders is a few thousand rows;
/// the formulas themselves are Domain's.
extension StoreReading {
    /// The fill rate's sums per channel and day ordered in the window (kept as lines are
    /// planned: KPISums).
    public func fillRateDays(_ w: KPIWindow) throws -> [(channel: String, day: String, figures: FillRate.Figures)] {
        try Row.fetchAll(db, sql: """
            SELECT channel, day, lines, filled_lines, units, filled_units FROM kpi_fill_day WHERE day >= ? AND day <= ? AND lines <> 0
            """, arguments: [w.from, w.to]).map { r in
            (r[0], r[1], FillRate.Figures(lines: r[2], filledLines: r[3], units: r[4], filledUnits: r[5]))
        }
    }

    /// Sales whose last shipment left in the window and that have shipped all they will:
    /// channel, the last shipment's location and time, and when the order was captured (kept
    /// as orders ship: KPIShippedOrders).
    public func cycleTimeFacts(_ w: KPIWindow) throws -> [(id: Int64, channel: String, location: String, captured: String, shipped: String)] {
        try Row.fetchAll(db, sql: """
            SELECT order_id, channel, last_location, captured_at, last_shipped_at FROM kpi_shipped_order
            WHERE complete = 1 AND last_shipped_at >= ? AND last_shipped_at < ?
            """, arguments: [w.start, w.end]).map { ($0[0], $0[1], $0[2], $0[3], $0[4]) }
    }

    /// Per SKU at each fulfilling location: its sellable stock now and, where it changed from
    /// the window's first day on, the net change of each of the window's days and after them
    /// (kept per day as moves happen: KPIStockoutSums).
    public func stockoutFacts(_ w: KPIWindow) throws -> [StockoutPosition] {
        let days = w.days
        let index = Dictionary(uniqueKeysWithValues: days.enumerated().map { ($1, $0) })
        var changes: [SKUAtLocation: (daily: [Int], after: Int)] = [:]
        let cursor = try Row.fetchCursor(db, sql: """
            SELECT d.sku_id, d.location_id, d.day, d.change FROM kpi_sellable_day d JOIN location l ON l.id = d.location_id
            WHERE d.day >= ? AND l.fulfils = 1 AND d.change <> 0
            """, arguments: [w.from])
        while let r = try cursor.next() {
            let key = SKUAtLocation(sku: r[0], location: r[1]), day: String = r[2], change: Int = r[3]
            var c = changes[key] ?? (Array(repeating: 0, count: days.count), 0)
            if let i = index[day] { c.daily[i] += change } else { c.after += change }
            changes[key] = c
        }
        return try Row.fetchAll(db, sql: """
            SELECT p.sku_id, p.location_id, l.code, p.sellable FROM stock_position p JOIN location l ON l.id = p.location_id
            JOIN sku s ON s.id = p.sku_id WHERE l.fulfils = 1 AND s.is_kit = 0
            """).map { r in
            let c = changes[SKUAtLocation(sku: r[0], location: r[1])]
            return StockoutPosition(sku: r[0], location: r[2], sellable: r[3], dailyChanges: c?.daily, changeAfter: c?.after ?? 0)
        }
    }

    /// The days of the window (by their place in it) each SKU had demand: a sale line ordered
    /// that day, or a line backordered since that day or before and still waiting (both kept
    /// as lines change: KPIStockoutSums).
    public func demandDays(_ w: KPIWindow) throws -> [Int64: [Bool]] {
        let days = w.days
        let index = Dictionary(uniqueKeysWithValues: days.enumerated().map { ($1, $0) })
        var demand: [Int64: [Bool]] = [:]
        if days.count <= 62 {
            // A bit a day, summed in SQL: a row per SKU rather than per SKU and day.
            for r in try Row.fetchAll(db, sql: """
                SELECT sku_id, sum(1 << ((unixepoch(day) - unixepoch(?1)) / 86400)) FROM kpi_demand_day
                WHERE day >= ?1 AND day <= ?2 GROUP BY sku_id
                """, arguments: [w.from, w.to]) {
                let bits: Int64 = r[1]
                demand[r[0]] = days.indices.map { bits & (1 << Int64($0)) != 0 }
            }
        } else {
            let cursor = try Row.fetchCursor(db, sql: "SELECT sku_id, day FROM kpi_demand_day WHERE day >= ? AND day <= ?", arguments: [w.from, w.to])
            while let r = try cursor.next() {
                guard let i = index[r[1] as String] else { continue }
                demand[r[0], default: Array(repeating: false, count: days.count)][i] = true
            }
        }
        for r in try Row.fetchAll(db, sql: "SELECT sku_id, substr(since, 1, 10) FROM kpi_backorder_sku WHERE since < ?", arguments: [w.end]) {
            let since: String = r[1]
            guard let first = days.firstIndex(where: { $0 >= since }) else { continue }
            var d = demand[r[0]] ?? Array(repeating: false, count: days.count)
            for i in first..<days.count { d[i] = true }
            demand[r[0]] = d
        }
        return demand
    }

    /// Stock on hand now per SKU and location with the SKU's value rate (total value and
    /// quantity), and the moves that brought stock in, newest first.
    public func agedStockFacts() throws -> [(sku: Int64, location: String, onHand: Int, currency: String, skuValue: Int64, skuUnits: Int,
                                              inbound: [(day: String, units: Int)])] {
        var inbound: [SKUAtLocation: [(day: String, units: Int)]] = [:]
        for r in try Row.fetchAll(db, sql: """
            SELECT sku_id, location_id, substr(at, 1, 10), quantity FROM stock_move
            WHERE from_status IS NULL AND to_status IS NOT NULL ORDER BY sku_id, location_id, id DESC
            """) {
            inbound[SKUAtLocation(sku: r[0], location: r[1]), default: []].append((r[2], r[3]))
        }
        return try Row.fetchAll(db, sql: """
            SELECT p.sku_id, p.location_id, l.code, p.sellable + p.reserved + p.quarantine + p.damaged + p.return_pending, s.currency,
                   coalesce(v.value, 0), coalesce(v.quantity, 0)
            FROM stock_position p JOIN location l ON l.id = p.location_id JOIN sku s ON s.id = p.sku_id
            LEFT JOIN sku_valuation v ON v.sku_id = p.sku_id
            WHERE p.sellable + p.reserved + p.quarantine + p.damaged + p.return_pending > 0
            """).map { r in
            (r[0], r[2], r[3], r[4], r[5], r[6], inbound[SKUAtLocation(sku: r[0], location: r[1])] ?? [])
        }
    }

    /// Units returned (authorized in the window, cancelled ones apart) by channel, day and
    /// reason; units shipped in the window by channel and day (kept: KPIShippedOrders).
    public func returnFacts(_ w: KPIWindow) throws -> (returned: [(channel: String, day: String, reason: String, units: Int64)],
                                                        shipped: [(channel: String, day: String, units: Int64)]) {
        let returned = try Row.fetchAll(db, sql: """
            SELECT o.channel, substr(r.created_at, 1, 10), r.reason, sum(r.quantity)
            FROM customer_return r JOIN sales_order o ON o.id = r.order_id
            WHERE r.created_at >= ? AND r.created_at < ? AND r.state <> 'cancelled' GROUP BY 1, 2, 3
            """, arguments: [w.start, w.end]).map { ($0[0] as String, $0[1] as String, $0[2] as String, $0[3] as Int64) }
        let shipped = try Row.fetchAll(db, sql: "SELECT channel, day, units FROM kpi_shipped_day WHERE day >= ? AND day <= ?",
                                       arguments: [w.from, w.to]).map { ($0[0] as String, $0[1] as String, $0[2] as Int64) }
        return (returned, shipped)
    }

    /// The money of each sale ordered in the window that has shipped something (kept as
    /// orders ship: KPIShippedOrders).
    public func keptMargins(from: String, to: String, channel: String? = nil) throws -> [KeptMargin] {
        try Row.fetchAll(db, sql: """
            SELECT order_id, channel, currency, day, revenue, goods, freight, margin FROM kpi_shipped_order
            WHERE day >= ? AND day <= ? AND (?3 IS NULL OR channel = ?3)
            """, arguments: [from, to, channel]).map { r in
            KeptMargin(id: r[0], channel: r[1], currency: r[2], day: r[3], revenue: r[4], goods: r[5], freight: r[6], margin: r[7])
        }
    }

    /// The external references of orders, by id.
    public func orderRefs(_ ids: [Int64]) throws -> [Int64: String] { try names("external_ref", of: "sales_order", ids) }

    /// SKU codes by id.
    public func skuCodes(_ ids: [Int64]) throws -> [Int64: String] { try names("code", of: "sku", ids) }

    /// One text column of rows of `table`, by id; the ids travel as one JSON array.
    private func names(_ column: String, of table: String, _ ids: [Int64]) throws -> [Int64: String] {
        var names: [Int64: String] = [:]
        for r in try Row.fetchAll(db, sql: "SELECT id, \(column) FROM \(table) WHERE id IN (SELECT value FROM json_each(?))",
                                  arguments: [Self.jsonArray(ids)]) {
            names[r[0]] = r[1]
        }
        return names
    }

    /// Backordered lines now, summed per channel, currency and their groups' days (kept as
    /// lines change: KPISums).
    public func backorderGroups() throws -> [(channel: String, currency: String, group: BackorderFigures.Group)] {
        try Row.fetchAll(db, sql: """
            SELECT channel, currency, expected_day, since_day, lines, units, value FROM kpi_backorder_group WHERE lines <> 0
            """).map { r in
            (r[0], r[1], BackorderFigures.Group(expectedDay: r[2], sinceDay: r[3], lines: r[4], units: r[5], value: r[6]))
        }
    }

    /// Each exception queue now: how many wait and since when the oldest (a time or a day).
    public func exceptionQueueFacts(today: String) throws -> [(queue: String, count: Int, oldest: String?)] {
        var queues: [(String, Int, String?)] = []
        for r in try Row.fetchAll(db, sql: """
            SELECT reason, count(*), min(placed_at) FROM order_hold WHERE released_at IS NULL GROUP BY reason ORDER BY reason
            """) {
            queues.append(("\(r[0] as String) holds", r[1], r[2]))
        }
        func one(_ name: String, _ sql: String, _ arguments: StatementArguments = []) throws {
            let r = try Row.fetchOne(db, sql: sql, arguments: arguments)
            queues.append((name, r?[0] ?? 0, r?[1]))
        }
        try one("backordered lines", """
            SELECT (SELECT coalesce(sum(lines), 0) FROM kpi_backorder_group), (SELECT min(backordered_since) FROM order_line WHERE backordered > 0)
            """)
        try one("counts raised by exceptions", "SELECT count(*), min(created_at) FROM count_task WHERE origin = 'exception' AND state IN ('open', 'counting')")
        try one("count variances", "SELECT count(*), min(counted_at) FROM count_line WHERE state = 'review'")
        try one("returns to receive", "SELECT count(*), min(created_at) FROM customer_return WHERE state = 'authorized'")
        try one("returns to inspect", "SELECT count(*), min(received_at) FROM customer_return WHERE state = 'received'")
        try one("refunds to release", "SELECT count(*), min(inspected_at) FROM customer_return WHERE refund_state = 'held'")
        let inbound = try inboundQueueCounts(today: today)
        queues.append(("late purchase orders", inbound.latePurchaseOrders.count, inbound.latePurchaseOrders.oldest))
        queues.append(("shipping notice exceptions", inbound.noticeExceptions.count, inbound.noticeExceptions.oldest))
        queues.append(("late shipping notices", inbound.lateNotices.count, inbound.lateNotices.oldest))
        return queues
    }
}

/// A SKU at a fulfilling location as the stockouts read it: its sellable stock now and, when
/// it changed in or after the window, the net change of each window day and after the window.
public struct StockoutPosition: Sendable {
    public var sku: Int64
    public var location: String
    public var sellable: Int
    public var dailyChanges: [Int]?
    public var changeAfter: Int
}

/// A shipped sale's money as kept for the margin.
public struct KeptMargin: Sendable, Equatable {
    public var id: Int64
    public var channel: String
    public var currency: String
    public var day: String
    public var revenue: Int64
    public var goods: Int64
    public var freight: Int64
    public var margin: Int64
}

/// A document behind a KPI's figure (an order, a purchase order's receipt, a SKU's stock at a
/// location), with what puts it there.
public struct KPIDocument: Sendable, Equatable {
    /// What Enter opens.
    public enum Opens: Sendable, Equatable {
        case order(Int64)
        case purchaseOrder(String)
        case sku(String, location: String)
    }
    public var opens: Opens
    /// The order's reference, the receipt's number; "" for stock.
    public var ref: String
    /// The order's channel, the receipt's supplier, the stock's location.
    public var context: String
    public var note: String
    public init(_ opens: Opens, ref: String, context: String, note: String) {
        self.opens = opens; self.ref = ref; self.context = context; self.note = note
    }

    /// How the document is named: "order 12", "PO-00031", "QM10012".
    public var name: String {
        switch opens {
        case .order(let id): "order \(id)"
        case .purchaseOrder(let code): code
        case .sku(let code, _): code
        }
    }
}

extension StoreReading {
    /// See `Operations.kpiDocuments`: the orders behind the KPIs made of orders (the margin's
    /// apart), the receipts behind the supplier's; nil for the rest.
    public func kpiDocuments(_ kpi: KPIName, by: KPIDimension?, group: String, window w: KPIWindow, limit: Int) throws -> [KPIDocument]? {
        // The group as a condition on the order (channel, or the KPI's own day).
        func condition(day dayColumn: String) -> (String, [any DatabaseValueConvertible]) {
            switch by {
            case .channel?: ("o.channel = ?", [group])
            case .day?: ("substr(\(dayColumn), 1, 10) = ?", [group])
            default: ("1 = 1", [])
            }
        }
        switch kpi {
        case .fillRate:
            let (c, a) = condition(day: "o.ordered_at")
            // The window's sales in the order they were placed (sales_order_by_day), each with a
            // line first allocated short, and the sums of those lines: read until the limit.
            let short = "FROM order_line l WHERE l.order_id = o.id AND l.first_allocated IS NOT NULL AND l.first_allocated < l.quantity"
            return try Row.fetchAll(db, sql: """
                SELECT o.id, o.external_ref, o.channel, (SELECT sum(l.quantity) \(short)), (SELECT sum(min(l.first_allocated, l.quantity)) \(short))
                FROM sales_order o
                WHERE o.kind = 'sale' AND o.ordered_at >= ? AND o.ordered_at < ? AND \(c) AND EXISTS (SELECT 1 \(short))
                ORDER BY o.ordered_at, o.id LIMIT ?
                """, arguments: StatementArguments([w.start, w.end] + a + [limit])).map { r in
                KPIDocument(.order(r[0]), ref: r[1], context: r[2], note: "first allocation \(r[4] as Int) of \(r[3] as Int) units")
            }
        case .cycleTime:
            // The figure's own facts, in the group as the figure puts them (a channel, the last shipment's location or day).
            let inGroup = try cycleTimeFacts(w).filter { f in
                switch by {
                case .channel?: f.channel == group
                case .location?: f.location == group
                case .day?: f.shipped.hasPrefix(group)
                default: true
                }
            }
            let slowest = inGroup.map { f -> (Int64, String, Int64) in
                let seconds = KPIMath.seconds(from: f.captured, to: f.shipped) ?? 0
                return (f.id, f.channel, seconds)
            }.sorted { $0.2 != $1.2 ? $0.2 > $1.2 : $0.0 < $1.0 }.prefix(limit)
            let refs = try orderRefs(slowest.map(\.0))
            return slowest.map { id, channel, seconds in
                KPIDocument(.order(id), ref: refs[id] ?? "", context: channel, note: "captured to shipped in \(KPIUnit.seconds.format(seconds))")
            }
        case .backorders:
            let (c, a) = by == .channel ? ("o.channel = ?", [group] as [any DatabaseValueConvertible]) : ("1 = 1", [])
            return try Row.fetchAll(db, sql: """
                SELECT o.id, o.external_ref, o.channel, sum(l.backordered), min(l.backordered_since) FROM sales_order o JOIN order_line l ON l.order_id = o.id
                WHERE l.backordered > 0 AND \(c) GROUP BY o.id ORDER BY min(l.backordered_since), o.id LIMIT ?
                """, arguments: StatementArguments(a + [limit])).map { r in
                KPIDocument(.order(r[0]), ref: r[1], context: r[2], note: "\(r[3] as Int) units backordered since \(((r[4] as String?) ?? "").prefix(10))")
            }
        case .returnRate:
            let (c, a) = condition(day: "x.created_at")
            return try Row.fetchAll(db, sql: """
                SELECT o.id, o.external_ref, o.channel, x.code, x.reason, x.quantity FROM customer_return x JOIN sales_order o ON o.id = x.order_id
                WHERE x.created_at >= ? AND x.created_at < ? AND x.state <> 'cancelled' AND \(c) ORDER BY x.created_at, x.id LIMIT ?
                """, arguments: StatementArguments([w.start, w.end] + a + [limit])).map { r in
                KPIDocument(.order(r[0]), ref: r[1], context: r[2], note: "return \(r[3] as String): \(r[5] as Int) back, \(r[4] as String)")
            }
        case .supplierOnTime:
            // The receipts of the group, the latest against their expected day first.
            let rows = try Row.fetchAll(db, sql: """
                SELECT r.id, p.code, s.code, min(pl.expected_date), r.arrived_on
                FROM receipt r JOIN purchase_order p ON p.id = r.po_id JOIN supplier s ON s.id = p.supplier_id
                JOIN receipt_line rl ON rl.receipt_id = r.id JOIN purchase_order_line pl ON pl.po_id = r.po_id AND pl.sku_id = rl.sku_id
                WHERE p.sent_at IS NOT NULL AND r.arrived_on >= ? AND r.arrived_on <= ? GROUP BY r.id
                """, arguments: [w.from, w.to])
            return rows.compactMap { r -> (KPIDocument, Int)? in
                let (id, po, supplier, expected, arrived): (Int64, String, String, String, String) = (r[0], r[1], r[2], r[3], r[4])
                switch by {
                case .supplier? where supplier != group: return nil
                case .day? where arrived != group: return nil
                default: break
                }
                let late = OrderDate.days(from: expected, to: arrived)
                let note = "arrived \(arrived), expected \(expected): " + (late > 0 ? "\(late) day\(late == 1 ? "" : "s") late" : "on time")
                return (KPIDocument(.purchaseOrder(po), ref: "receipt \(id)", context: supplier, note: note), late)
            }.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0.ref < $1.0.ref }.prefix(limit).map(\.0)
        default:
            return nil
        }
    }
}

extension StoreReading {
    /// What `qm verify` proves of what the KPIs and alerts keep: a line's first allocation
    /// allocated no more than the line ordered; the alert thresholds are of known rules, in range.
    public func insightMismatches() throws -> [String] {
        var problems = try Row.fetchAll(db, sql: """
            SELECT order_id, line_no, first_allocated, quantity FROM order_line WHERE first_allocated > quantity ORDER BY order_id, line_no LIMIT 20
            """).map { r in
            "order \(r[0] as Int64) line \(r[1] as Int): its first allocation allocated \(r[2] as Int) of \(r[3] as Int) units ordered"
        }
        problems += try kpiSumMismatches()
        for r in try Row.fetchAll(db, sql: "SELECT rule, scope, threshold FROM alert_rule ORDER BY rule, scope") {
            let text: String = r[0], scope: String = r[1]
            guard let rule = AlertRule(rawValue: text) else { problems.append("alert rule '\(text)' is not a rule"); continue }
            if let problem = AlertRules.problem(AlertThreshold(rule: rule, scope: scope.isEmpty ? nil : scope, value: r[2])) {
                problems.append("alert rule \(text): \(problem)")
            }
        }
        return problems
    }
}
