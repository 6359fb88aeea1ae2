import GRDB
import Domain

extension StoreReading {
    /// Where what the KPIs keep (KPISums, KPIStockoutSums, KPIShippedOrders) differs from the
    /// same recomputed from every line, move and shipment, by Domain's formulas where there is
    /// one: what `qm verify` proves of the cache. At most 20 of each kind.
    public func kpiSumMismatches() throws -> [String] {
        try fillSumMismatches() + backorderSumMismatches() + countedSumMismatches() + shippedOrderMismatches()
    }

    /// Each shipped sale's kept row (money, capture, last shipment) against the row worked out
    /// now, and no row for any other order; nothing left touched once a write has committed.
    private func shippedOrderMismatches() throws -> [String] {
        var problems: [String] = []
        let left = try Int.fetchOne(db, sql: "SELECT count(*) FROM kpi_order_touched") ?? 0
        if left > 0 { problems.append("\(left) order\(left == 1 ? "" : "s") touched by a write stayed to be worked out again") }
        func text(_ values: [DatabaseValue]) -> String { values.dropFirst().map { $0.isNull ? "-" : $0.description }.joined(separator: " ") }
        var kept: [Int64: [DatabaseValue]] = [:]
        for r in try Row.fetchAll(db, sql: """
            SELECT order_id, channel, currency, day, revenue, goods, freight, margin, captured_at, last_shipped_at, last_location, complete
            FROM kpi_shipped_order
            """) {
            kept[r[0]] = Array(r.databaseValues)
        }
        try Self.inChunks(try shippedSaleIDs(channel: nil, from: nil, to: nil)) { chunk in
            let rows = try shippedOrderRows(chunk)
            for id in chunk {
                guard let row = rows[id] else { continue }
                let now = row.map { $0?.databaseValue ?? .null }
                let keeps = kept.removeValue(forKey: id)
                if keeps != now, problems.count < 20 {
                    problems.append("order \(id) kept as \(keeps.map(text) ?? "none"), worked out now \(text(now))"
                                    + " (channel, currency, day, revenue, cost of goods, freight cost, margin, captured, last shipped, from, complete)")
                }
            }
        }
        for id in kept.keys.sorted().prefix(20) { problems.append("order \(id) is kept as shipped though it is not a sale that has shipped") }
        return problems
    }

    private func fillSumMismatches() throws -> [String] {
        var lines: [String: [FillRate.Line]] = [:]
        let cursor = try Row.fetchCursor(db, sql: """
            SELECT o.channel, substr(o.ordered_at, 1, 10), l.quantity, l.first_allocated, count(*)
            FROM sales_order o JOIN order_line l ON l.order_id = o.id WHERE o.kind = 'sale' AND l.first_allocated IS NOT NULL
            GROUP BY 1, 2, 3, 4
            """)
        while let r = try cursor.next() {
            lines["\(r[0] as String) \(r[1] as String)", default: []].append(FillRate.Line(quantity: r[2], firstAllocated: r[3], count: r[4]))
        }
        var kept: [String: FillRate.Figures] = [:]
        for r in try Row.fetchAll(db, sql: "SELECT channel, day, lines, filled_lines, units, filled_units FROM kpi_fill_day") {
            kept["\(r[0] as String) \(r[1] as String)"] = FillRate.Figures(lines: r[2], filledLines: r[3], units: r[4], filledUnits: r[5])
        }
        func words(_ f: FillRate.Figures) -> String { "\(f.lines) lines (\(f.filledLines) filled), \(f.units) units (\(f.filledUnits) filled)" }
        return Set(lines.keys).union(kept.keys).sorted().compactMap { key -> String? in
            let recomputed = FillRate.figures(lines[key] ?? []), keeps = kept[key] ?? FillRate.Figures()
            guard keeps != recomputed else { return nil }
            return "fill rate sums for \(key): kept \(words(keeps)), the lines give \(words(recomputed))"
        }.prefix(20).map { $0 }
    }

    private func backorderSumMismatches() throws -> [String] {
        // Lines alike in everything the sums read of them, counted.
        var sums: [String: BackorderFigures.Group] = [:]
        let cursor = try Row.fetchCursor(db, sql: """
            SELECT o.channel, o.currency, coalesce(substr(l.expected_date, 1, 10), ''), coalesce(substr(l.backordered_since, 1, 10), ''),
                   l.backordered, l.quantity, l.unit_price, l.discount, count(*)
            FROM sales_order o JOIN order_line l ON l.order_id = o.id WHERE l.backordered > 0 GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
            """)
        while let r = try cursor.next() {
            let quantity: Int = r[5], count: Int64 = r[8]
            let line = BackorderFigures.Line(backordered: r[4], lineNet: Saturating.subtract(Saturating.multiply(Int64(quantity), r[6] as Int64), r[7] as Int64),
                                             quantity: quantity, expectedDate: r[2], since: r[3])
            let key = "\(r[0] as String) \(r[1] as String) expected '\(r[2] as String)' since '\(r[3] as String)'"
            var g = sums[key] ?? BackorderFigures.Group(expectedDay: r[2], sinceDay: r[3], lines: 0, units: 0, value: 0)
            g.lines += count
            g.units += count * Int64(line.backordered)
            g.value = Saturating.add(g.value, Saturating.multiply(count, line.value))
            sums[key] = g
        }
        var kept: [String: BackorderFigures.Group] = [:]
        for r in try Row.fetchAll(db, sql: "SELECT channel, currency, expected_day, since_day, lines, units, value FROM kpi_backorder_group") {
            let key = "\(r[0] as String) \(r[1] as String) expected '\(r[2] as String)' since '\(r[3] as String)'"
            kept[key] = BackorderFigures.Group(expectedDay: r[2], sinceDay: r[3], lines: r[4], units: r[5], value: r[6])
        }
        func words(_ g: BackorderFigures.Group?) -> String { "\(g?.lines ?? 0) lines, \(g?.units ?? 0) units, value \(g?.value ?? 0)" }
        return Set(sums.keys).union(kept.keys).sorted().compactMap { key -> String? in
            guard sums[key] != kept[key] else { return nil }
            return "backorder sums for \(key): kept \(words(kept[key])), the lines give \(words(sums[key]))"
        }.prefix(20).map { $0 }
    }

    /// The sums that are counts and sums of lines, moves and shipments: recomputed in SQL,
    /// each kept row against the row recomputed for its key (either side missing counts as none).
    private func countedSumMismatches() throws -> [String] {
        let checks: [(what: (String, String) -> String, kept: String, recomputed: String)] = [
            ({ "sale lines ordered of SKU \($0) on \($1)" }, "SELECT sku_id, day, lines FROM kpi_demand_day", """
                SELECT l.sku_id, substr(o.ordered_at, 1, 10), count(*) FROM sales_order o JOIN order_line l ON l.order_id = o.id
                WHERE o.kind = 'sale' GROUP BY 1, 2
                """),
            ({ sku, _ in "oldest backorder of SKU \(sku)" }, "SELECT sku_id, '', since FROM kpi_backorder_sku", """
                SELECT sku_id, '', min(backordered_since) FROM order_line WHERE backordered > 0 AND backordered_since IS NOT NULL GROUP BY 1
                """),
            ({ "sellable change of SKU \($0) (SKU, location) on \($1)" }, "SELECT sku_id || ', ' || location_id, day, change FROM kpi_sellable_day", """
                SELECT sku_id || ', ' || location_id, substr(at, 1, 10),
                       sum(CASE WHEN to_status = 'sellable' THEN quantity ELSE 0 END) - sum(CASE WHEN from_status = 'sellable' THEN quantity ELSE 0 END)
                FROM stock_move WHERE to_status = 'sellable' OR from_status = 'sellable' GROUP BY 1, 2
                """),
            ({ "units shipped on \($0) on \($1)" }, "SELECT channel, day, units FROM kpi_shipped_day", """
                SELECT o.channel, substr(s.shipped_at, 1, 10), sum(a.quantity)
                FROM shipment s JOIN allocation a ON a.order_id = s.order_id AND a.shipment_id = s.id JOIN sales_order o ON o.id = s.order_id
                GROUP BY 1, 2
                """),
        ]
        var problems: [String] = []
        for check in checks {
            // Rows on one side and not the other, both ways: a key that differs shows on both.
            for r in try Row.fetchAll(db, sql: """
                WITH kept(k, d, v) AS MATERIALIZED (\(check.kept)), recomputed(k, d, v) AS MATERIALIZED (\(check.recomputed))
                SELECT CAST(x.k AS TEXT), x.d, CAST((SELECT v FROM kept WHERE k = x.k AND d = x.d) AS TEXT),
                       CAST((SELECT v FROM recomputed WHERE k = x.k AND d = x.d) AS TEXT)
                FROM (SELECT * FROM (SELECT * FROM kept EXCEPT SELECT * FROM recomputed)
                      UNION SELECT * FROM (SELECT * FROM recomputed EXCEPT SELECT * FROM kept)) AS x
                GROUP BY x.k, x.d ORDER BY x.k, x.d LIMIT 20
                """) {
                let kept: String? = r[2], recomputed: String? = r[3]
                problems.append("\(check.what(r[0], r[1])): kept \(kept ?? "none"), the lines, moves and shipments give \(recomputed ?? "none")")
            }
        }
        return problems
    }
}
