import Foundation
import GRDB
import Domain

/// An account's balance: its debits and credits to a date, in one currency.
public struct TrialBalanceRow: Sendable, Equatable, Codable {
    public var account: String
    public var name: String
    public var type: AccountType
    public var currency: String
    public var debit: Int64
    public var credit: Int64
    /// Debit minus credit: positive for a debit balance.
    public var balance: Int64 { debit - credit }
}

/// A SKU at a location, by ids.
struct SKUAtLocation: Hashable { var sku: Int64; var location: Int64 }

/// A SKU's stock at a location and its value there: the SKU's moving-average value shared by
/// quantity (rounded half up; the SKU's own value is exact, docs/MONEY.md).
public struct ValuationRow: Sendable, Equatable, Codable {
    public var sku: String
    public var location: String
    public var currency: String
    public var quantity: Int
    public var value: Int64
    /// The SKU's rate, to the minor unit.
    public var rate: Int64
}

extension StoreReading {
    /// Each account's debits and credits up to `at` (an ISO timestamp; nil: everything), per
    /// currency, accounts in code order; accounts with no postings left out.
    public func trialBalance(at: String? = nil) throws -> [TrialBalanceRow] {
        try Row.fetchAll(db, sql: """
            SELECT a.code, a.name, a.type, e.currency, sum(l.debit), sum(l.credit)
            FROM journal_line l JOIN journal_entry e ON e.id = l.entry_id JOIN account a ON a.code = l.account
            WHERE ?1 IS NULL OR e.at <= ?1
            GROUP BY a.code, e.currency ORDER BY e.currency, a.code
            """, arguments: [at]).map { r in
            TrialBalanceRow(account: r[0], name: r[1], type: AccountType(rawValue: r[2]) ?? .asset, currency: r[3], debit: r[4], credit: r[5])
        }
    }

    /// Each SKU's stock on hand by location with its value, in SKU and location order.
    public func valuation(location: String? = nil, limit: Int?) throws -> [ValuationRow] {
        try Row.fetchAll(db.cachedStatement(sql: """
            SELECT s.code, l.code, s.currency, p.sellable + p.reserved + p.quarantine + p.damaged + p.return_pending AS units, v.quantity, v.value
            FROM stock_position p JOIN sku s ON s.id = p.sku_id JOIN location l ON l.id = p.location_id
            JOIN sku_valuation v ON v.sku_id = p.sku_id
            WHERE units > 0 AND (?1 IS NULL OR l.code = ?1) ORDER BY s.code, l.code LIMIT ?2
            """), arguments: [location, limit ?? -1]).map { r in
            let units: Int = r[3], total: Int = r[4], value: Int64 = r[5]
            return ValuationRow(sku: r[0], location: r[1], currency: r[2], quantity: units,
                                value: Proportion.halfUp(value, part: Int64(units), of: Int64(total)),
                                rate: Proportion.halfUp(value, part: 1, of: Int64(total)))
        }
    }

    /// The valuation as it stood at `at` (an ISO timestamp): today's stock and values with every
    /// move in or out made after it taken back, each at the value it posted. A transfer's legs
    /// move stock between locations and no value. Nil when stock moved after `at` before the
    /// books opened: those moves carry no value to take back.
    public func valuation(at: String, location: String? = nil) throws -> [ValuationRow]? {
        let books = try Row.fetchOne(db, sql: "SELECT opened_at, opened_after_move FROM books")
        if let books, at < (books[0] as String), try Bool.fetchOne(db, sql: """
            SELECT EXISTS (SELECT 1 FROM stock_move WHERE id <= ? AND at > ? AND (from_status IS NULL OR to_status IS NULL))
            """, arguments: [books[1] as Int64, at]) == true { return nil }
        typealias Key = SKUAtLocation
        // What moved in (+) and out (-) after `at`, by SKU and location: units and value.
        var later: [Key: (units: Int, value: Int64)] = [:]
        for r in try Row.fetchAll(db, sql: """
            SELECT m.sku_id, m.location_id,
                   sum(CASE WHEN m.from_status IS NULL THEN m.quantity ELSE -m.quantity END),
                   sum(CASE WHEN m.reason = 'transfer' THEN 0 WHEN m.from_status IS NULL THEN coalesce(v.value, 0) ELSE -coalesce(v.value, 0) END)
            FROM stock_move m LEFT JOIN move_value v ON v.move_id = m.id
            WHERE m.at > ? AND (m.from_status IS NULL OR m.to_status IS NULL)
            GROUP BY m.sku_id, m.location_id
            """, arguments: [at]) {
            later[Key(sku: r[0], location: r[1])] = (r[2], r[3])
        }
        // Today's stock on hand, and the SKUs' valued totals.
        var units: [Key: Int] = [:]
        for r in try Row.fetchAll(db, sql: """
            SELECT sku_id, location_id, sellable + reserved + quarantine + damaged + return_pending FROM stock_position
            WHERE sellable + reserved + quarantine + damaged + return_pending > 0
            """) {
            units[Key(sku: r[0], location: r[1])] = r[2]
        }
        var totals: [Int64: (units: Int, value: Int64)] = [:]
        for r in try Row.fetchAll(db, sql: "SELECT sku_id, quantity, value FROM sku_valuation") { totals[r[0]] = (r[1], r[2]) }
        for (key, moved) in later {
            units[key, default: 0] -= moved.units
            let total = totals[key.sku] ?? (0, 0)
            totals[key.sku] = (total.units - moved.units, Saturating.subtract(total.value, moved.value))
        }
        let skus = try Dictionary(uniqueKeysWithValues: Row.fetchAll(db, sql: "SELECT id, code, currency FROM sku").map { ($0[0] as Int64, ($0[1] as String, $0[2] as String)) })
        let locations = try Dictionary(uniqueKeysWithValues: Row.fetchAll(db, sql: "SELECT id, code FROM location").map { ($0[0] as Int64, $0[1] as String) })
        var rows: [ValuationRow] = []
        for (key, held) in units where held > 0 {
            guard let (code, currency) = skus[key.sku], let place = locations[key.location], location == nil || place == location,
                  let total = totals[key.sku], total.units > 0 else { continue }
            rows.append(ValuationRow(sku: code, location: place, currency: currency, quantity: held,
                                     value: Proportion.halfUp(total.value, part: Int64(held), of: Int64(total.units)),
                                     rate: Proportion.halfUp(total.value, part: 1, of: Int64(total.units))))
        }
        return rows.sorted { ($0.sku, $0.location) < ($1.sku, $1.location) }
    }

    public func valuationCount(location: String? = nil) throws -> Int {
        try Int.fetchOne(db, sql: """
            SELECT count(*) FROM stock_position p JOIN location l ON l.id = p.location_id
            WHERE p.sellable + p.reserved + p.quarantine + p.damaged + p.return_pending > 0 AND (?1 IS NULL OR l.code = ?1)
            """, arguments: [location]) ?? 0
    }

    /// What `qm verify` proves of the books: every entry balances; each SKU's valued quantity
    /// is its stock on hand; the inventory account holds the value of that stock, per currency,
    /// to the minor unit; every move since the books opened that took stock in or out carries
    /// its value and entry.
    public func bookMismatches() throws -> [String] {
        var problems = try Row.fetchAll(db, sql: """
            SELECT entry_id, sum(debit), sum(credit) FROM journal_line GROUP BY entry_id HAVING sum(debit) <> sum(credit) ORDER BY entry_id LIMIT 20
            """).map { r in
            "journal entry \(r[0] as Int64) does not balance: debits \(Money.format(r[1] as Int64)), credits \(Money.format(r[2] as Int64))"
        }
        problems += try Row.fetchAll(db, sql: """
            WITH held AS (SELECT sku_id, sum(sellable + reserved + quarantine + damaged + return_pending) AS units FROM stock_position GROUP BY sku_id)
            SELECT s.code, coalesce(h.units, 0), coalesce(v.quantity, 0)
            FROM (SELECT sku_id FROM held UNION SELECT sku_id FROM sku_valuation) k
            JOIN sku s ON s.id = k.sku_id LEFT JOIN held h ON h.sku_id = k.sku_id LEFT JOIN sku_valuation v ON v.sku_id = k.sku_id
            WHERE coalesce(h.units, 0) <> coalesce(v.quantity, 0) ORDER BY s.code LIMIT 20
            """).map { r in "\(r[0] as String): \(r[1] as Int) on hand but \(r[2] as Int) valued" }
        problems += try Row.fetchAll(db, sql: """
            WITH booked AS (
              SELECT e.currency, sum(l.debit) - sum(l.credit) AS amount FROM journal_line l JOIN journal_entry e ON e.id = l.entry_id
              WHERE l.account = (SELECT code FROM account WHERE role = 'inventory') GROUP BY e.currency),
            valued AS (SELECT s.currency, sum(v.value) AS amount FROM sku_valuation v JOIN sku s ON s.id = v.sku_id GROUP BY s.currency)
            SELECT k.currency, coalesce(b.amount, 0), coalesce(v.amount, 0)
            FROM (SELECT currency FROM booked UNION SELECT currency FROM valued) k
            LEFT JOIN booked b ON b.currency = k.currency LEFT JOIN valued v ON v.currency = k.currency
            WHERE coalesce(b.amount, 0) <> coalesce(v.amount, 0)
            """).map { r in
            "inventory (\(r[0] as String)) stands at \(Money.format(r[1] as Int64)) in the books but the stock on hand is valued at \(Money.format(r[2] as Int64))"
        }
        let unvalued = try Int.fetchOne(db, sql: """
            SELECT count(*) FROM stock_move m LEFT JOIN move_value v ON v.move_id = m.id
            WHERE m.id > (SELECT opened_after_move FROM books) AND (m.from_status IS NULL OR m.to_status IS NULL) AND v.move_id IS NULL
            """) ?? 0
        if unvalued > 0 { problems.append("\(unvalued) stock moves in or out since the books opened have no value posted") }
        // A FIFO SKU's layers add up to its valuation.
        problems += try Row.fetchAll(db, sql: """
            SELECT s.code, coalesce(v.quantity, 0), coalesce(v.value, 0), coalesce(sum(l.quantity), 0), coalesce(sum(l.value), 0)
            FROM sku s LEFT JOIN sku_valuation v ON v.sku_id = s.id LEFT JOIN cost_layer l ON l.sku_id = s.id
            WHERE s.valuation = 'fifo' GROUP BY s.id
            HAVING coalesce(v.quantity, 0) <> coalesce(sum(l.quantity), 0) OR coalesce(v.value, 0) <> coalesce(sum(l.value), 0) LIMIT 20
            """).map { r in
            "\(r[0] as String): valued at \(r[1] as Int) units worth \(Money.format(r[2] as Int64)) but its FIFO layers hold \(r[3] as Int) worth \(Money.format(r[4] as Int64))"
        }
        // A reversal reverses one entry, once, with its lines mirrored; a mapping names an account of the chart.
        problems += try Row.fetchAll(db, sql: """
            SELECT reverses, count(*) FROM journal_entry WHERE reverses IS NOT NULL GROUP BY reverses HAVING count(*) > 1 LIMIT 20
            """).map { r in "journal entry \(r[0] as Int64) is reversed by \(r[1] as Int) entries" }
        problems += try Row.fetchAll(db, sql: """
            SELECT e.id, e.reverses FROM journal_entry e WHERE e.reverses IS NOT NULL AND EXISTS (
              SELECT account, location_id, channel, credit, debit FROM journal_line WHERE entry_id = e.reverses
              EXCEPT SELECT account, location_id, channel, debit, credit FROM journal_line WHERE entry_id = e.id
              UNION ALL
              SELECT account, location_id, channel, debit, credit FROM journal_line WHERE entry_id = e.id
              EXCEPT SELECT account, location_id, channel, credit, debit FROM journal_line WHERE entry_id = e.reverses)
            LIMIT 20
            """).map { r in "journal entry \(r[0] as Int64) does not mirror entry \(r[1] as Int64), which it reverses" }
        problems += try String.fetchAll(db, sql: """
            SELECT m.role || ' for ' || m.channel || m.location || m.reason || ' maps to ' || m.account FROM account_mapping m
            LEFT JOIN account a ON a.code = m.account WHERE a.code IS NULL LIMIT 20
            """).map { "account mapping \($0), which is not in the chart" }
        // Each sale invoiced since the books opened (or imported as history) is named by exactly one entry.
        problems += try Row.fetchAll(db, sql: """
            WITH invoiced AS (
              SELECT d.value AS document, count(*) AS entries FROM journal_entry e, json_each(e.documents) d
              WHERE e.event IN ('order.invoice', 'order.import') GROUP BY d.value)
            SELECT o.id, coalesce(i.entries, 0) FROM sales_order o LEFT JOIN invoiced i ON i.document = 'order ' || o.id
            WHERE o.kind = 'sale' AND o.state IN ('invoiced', 'closed') AND o.state_since >= (SELECT opened_at FROM books)
              AND coalesce(i.entries, 0) <> 1
            ORDER BY o.id LIMIT 20
            """).map { r in "order \(r[0] as Int64) is invoiced but \(r[1] as Int) invoice entries name it" }
        return problems
    }
}

/// A journal line with its entry: what `qm journal` lists.
public struct JournalRow: Sendable, Equatable, Codable {
    public var entry: Int64
    public var at: String
    public var event: String
    public var documents: [String]
    public var currency: String
    public var actor: String
    public var line: Int
    public var account: String
    public var debit: Int64
    public var credit: Int64
    public var location: String?
    public var channel: String?
}

/// Which journal lines to list: all by default.
public struct JournalFilter: Sendable, Equatable {
    public var account: String?
    /// Days, yyyy-mm-dd, both included.
    public var from: String?
    public var to: String?
    /// Entries naming this document ("order 42", "PO-7").
    public var document: String?
    public init(account: String? = nil, from: String? = nil, to: String? = nil, document: String? = nil) {
        self.account = account; self.from = from; self.to = to; self.document = document
    }

    var condition: (sql: String, arguments: StatementArguments) {
        var parts: [String] = [], arguments = StatementArguments()
        if let account { parts.append("l.account = ?"); arguments += [account] }
        if let from { parts.append("e.at >= ?"); arguments += [from] }
        if let to { parts.append("e.at < ?"); arguments += [to + "~"] }   // '~' sorts after the time part of any stamp that day
        if let document { parts.append("EXISTS (SELECT 1 FROM json_each(e.documents) WHERE value = ?)"); arguments += [document] }
        return (parts.isEmpty ? "" : "WHERE " + parts.joined(separator: " AND "), arguments)
    }
}

extension StoreReading {
    /// Journal lines, oldest entry first.
    public func journal(_ filter: JournalFilter, limit: Int?) throws -> [JournalRow] {
        let (condition, arguments) = filter.condition
        return try Row.fetchAll(db, sql: """
            SELECT e.id, e.at, e.event, e.documents, e.currency, e.actor, l.line_no, l.account, l.debit, l.credit, loc.code, l.channel
            FROM journal_line l JOIN journal_entry e ON e.id = l.entry_id LEFT JOIN location loc ON loc.id = l.location_id
            \(condition) ORDER BY e.id, l.line_no LIMIT ?
            """, arguments: arguments + [limit ?? -1]).map { r in
            JournalRow(entry: r[0], at: r[1], event: r[2], documents: (try? JSONDecoder().decode([String].self, from: Data((r[3] as String).utf8))) ?? [],
                       currency: r[4], actor: r[5], line: r[6], account: r[7], debit: r[8], credit: r[9], location: r[10], channel: r[11])
        }
    }

    public func journalCount(_ filter: JournalFilter) throws -> Int {
        let (condition, arguments) = filter.condition
        return try Int.fetchOne(db, sql: "SELECT count(*) FROM journal_line l JOIN journal_entry e ON e.id = l.entry_id \(condition)",
                                arguments: arguments) ?? 0
    }

    public func accounts() throws -> [(account: Account, role: AccountRole?)] {
        try Row.fetchAll(db, sql: "SELECT code, name, type, role FROM account ORDER BY code").map { r in
            (Account(code: r[0], name: r[1], type: AccountType(rawValue: r[2]) ?? .asset), (r[3] as String?).flatMap(AccountRole.init(rawValue:)))
        }
    }
}

/// A month closed for posting.
public struct ClosedPeriod: Sendable, Equatable, Codable {
    public var period: String
    public var closedAt: String
    public var closedBy: String
}

extension StoreReading {
    public func closedPeriods() throws -> [ClosedPeriod] {
        try Row.fetchAll(db, sql: "SELECT period, closed_at, closed_by FROM period_close ORDER BY period").map {
            ClosedPeriod(period: $0[0], closedAt: $0[1], closedBy: $0[2])
        }
    }
}

extension StoreTransaction {
    public func closePeriod(_ period: String, by actor: String, at: String) throws {
        try db.execute(sql: "INSERT INTO period_close (period, closed_at, closed_by) VALUES (?, ?, ?)", arguments: [period, at, actor])
    }
}

extension StoreReading {
    public func accountHasPostings(_ code: String) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM journal_line WHERE account = ?)", arguments: [code]) ?? false
    }
}

extension StoreTransaction {
    public func upsertAccount(_ account: Account) throws {
        try db.execute(sql: """
            INSERT INTO account (code, name, type) VALUES (?, ?, ?) ON CONFLICT (code) DO UPDATE SET name = excluded.name, type = excluded.type
            """, arguments: [account.code, account.name, account.type.rawValue])
    }

    /// The account `code` plays `role` from now on; whichever played it before no longer does.
    public func mapRole(_ role: AccountRole, to code: String) throws {
        try db.execute(sql: "UPDATE account SET role = NULL WHERE role = ? AND code <> ?", arguments: [role.rawValue, code])
        try db.execute(sql: "UPDATE account SET role = ? WHERE code = ?", arguments: [role.rawValue, code])
    }

    /// The mapping's account plays its role for the postings it names from now on.
    public func map(_ mapping: AccountMapping) throws {
        try db.execute(sql: """
            INSERT INTO account_mapping (role, channel, location, reason, account) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (role, channel, location, reason) DO UPDATE SET account = excluded.account
            """, arguments: [mapping.role.rawValue, mapping.channel ?? "", mapping.location ?? "", mapping.reason?.rawValue ?? "", mapping.account])
    }
}

extension StoreReading {
    /// The roles played for one channel, location or reason, by role and account.
    public func accountMappings() throws -> [AccountMapping] {
        try Row.fetchAll(db, sql: "SELECT role, channel, location, reason, account FROM account_mapping ORDER BY role, account, channel, location, reason")
            .compactMap { r in
                guard let role = AccountRole(rawValue: r[0]) else { return nil }
                let channel: String = r[1], location: String = r[2], reason: String = r[3]
                return AccountMapping(role: role, channel: channel.isEmpty ? nil : channel, location: location.isEmpty ? nil : location,
                                      reason: MoveReason(rawValue: reason), account: r[4])
            }
    }

    /// Which account each posting goes to.
    public func accountMap() throws -> AccountMap {
        let plain = try Dictionary(uniqueKeysWithValues: Row.fetchAll(db.cachedStatement(sql: "SELECT role, code FROM account WHERE role IS NOT NULL"))
            .compactMap { row in AccountRole(rawValue: row[0]).map { ($0, row[1] as String) } })
        return AccountMap(plain: plain, mappings: try accountMappings())
    }
}

extension StoreReading {
    /// What an order's shipped units bill: their lines' share, and once anything has shipped,
    /// the charges and the freight.
    public func billed(_ order: OrderHeader) throws -> InvoiceAmounts {
        let lines = try orderLines(order.id)
        return Self.billed(order, lines: lines, charges: lines.contains { $0.shipped > 0 } ? try orderCharges(order.id).map(\.amount) : [])
    }

    /// The bill from what was read: one rule for one order or many.
    private static func billed(_ order: OrderHeader, lines: [OrderLineRow], charges: [Int64]) -> InvoiceAmounts {
        var owed = InvoiceAmounts()
        for line in lines {
            owed.add(quantity: line.quantity, shipped: line.shipped, unitPrice: line.unitPrice, discount: line.discount, tax: line.tax)
        }
        guard lines.contains(where: { $0.shipped > 0 }) else { return owed }
        owed.charges = charges.reduce(Int64(0)) { Saturating.add($0, $1) }
        owed.freight = order.freight
        return owed
    }

    /// An order's money: what its shipped units bill, refunds, the cost of its goods and of
    /// carrying them (docs/MONEY.md).
    public func orderMoney(_ order: OrderHeader) throws -> OrderMoney {
        try orderMoney([order])[order.id]!
    }

    /// The money of several orders, by id, in a few queries for them all (the margins kept
    /// for the shipped sales a write touched, `qm margin`, `qm verify`).
    public func orderMoney(_ orders: [OrderHeader]) throws -> [Int64: OrderMoney] {
        let ids = Self.jsonArray(orders.map(\.id))
        let lines = try orderLines(orders.map(\.id))
        let charges = try amounts(ids, "SELECT order_id, amount FROM order_charge WHERE order_id IN (SELECT value FROM json_each(?)) ORDER BY order_id, seq")
        // An order's shipped goods cost the values of its shipment moves (the shipment-moves
        // index finds them: SQLite takes a partial index only when the query states its
        // condition, here and below) and what the suppliers of its drop-shipped lines charge.
        let goods = try amounts(ids, """
            SELECT CAST(substr(m.document, 7) AS INTEGER), sum(v.value) FROM stock_move m JOIN move_value v ON v.move_id = m.id
            WHERE m.document IN (SELECT 'order ' || value FROM json_each(?)) AND m.reason = 'shipment' GROUP BY m.document
            """)
        let dropShipped = try amounts(ids, """
            SELECT p.drop_ship_order_id, sum(l.quantity * l.unit_cost) FROM purchase_order p JOIN purchase_order_line l ON l.po_id = p.id
            WHERE p.drop_ship_order_id IN (SELECT value FROM json_each(?)) AND p.state = 'received' AND p.state <> 'cancelled'
            GROUP BY p.drop_ship_order_id
            """)
        // Carrying: the rate from each shipment's location to the order's region.
        let carriage = try amounts(ids, """
            SELECT s.order_id, sum(lr.shipping_cost) FROM shipment s JOIN sales_order o ON o.id = s.order_id
            JOIN location_region lr ON lr.location_id = s.location_id AND lr.region = o.ship_region
            WHERE s.order_id IN (SELECT value FROM json_each(?)) GROUP BY s.order_id
            """)
        let refunded = try amounts(ids, """
            SELECT order_id, sum(refund_amount) FROM customer_return
            WHERE order_id IN (SELECT value FROM json_each(?)) AND refund_state = 'released' GROUP BY order_id
            """)
        var money: [Int64: OrderMoney] = [:]
        for order in orders {
            let id = order.id
            money[id] = OrderMoney(billed: Self.billed(order, lines: lines[id] ?? [], charges: charges[id] ?? []),
                                   refunded: refunded[id]?.first ?? 0,
                                   costOfGoods: Saturating.add(goods[id]?.first ?? 0, dropShipped[id]?.first ?? 0),
                                   freightCost: carriage[id]?.first ?? 0)
        }
        return money
    }

    /// Amounts by order id from `sql`, which takes the ids as one JSON array and gives an
    /// order's id and an amount a row (one row an order where it sums).
    private func amounts(_ ids: String, _ sql: String) throws -> [Int64: [Int64]] {
        var result: [Int64: [Int64]] = [:]
        let rows = try Row.fetchCursor(db.cachedStatement(sql: sql), arguments: [ids])
        while let r = try rows.next() { result[r[0], default: []].append(r[1] ?? 0) }
        return result
    }

    /// The states of a sale that has shipped something, and so has a margin.
    public static var shippedStates: [OrderState] { [.partiallyShipped, .shipped, .invoiced, .closed] }

    /// Sales that have shipped something (partly shipped, shipped, invoiced, closed), oldest first.
    public func shippedSaleIDs(channel: String?, from: String?, to: String?) throws -> [Int64] {
        try Int64.fetchAll(db, sql: """
            SELECT id FROM sales_order WHERE kind = 'sale' AND state IN ('partiallyShipped', 'shipped', 'invoiced', 'closed')
              AND (?1 IS NULL OR channel = ?1) AND (?2 IS NULL OR ordered_at >= ?2) AND (?3 IS NULL OR ordered_at < ?3 || '~')
            ORDER BY ordered_at, id
            """, arguments: [channel, from, to])
    }
}

extension StoreTransaction {
    /// Values the SKU by `method` from now on. Turning FIFO on makes one layer of the stock as
    /// it is valued now; turning it off keeps the value and drops the layers. Returns the method before.
    public func setValuationMethod(skuID: Int64, _ method: ValuationMethod) throws -> ValuationMethod {
        let before = ValuationMethod(rawValue: try String.fetchOne(db, sql: "SELECT valuation FROM sku WHERE id = ?", arguments: [skuID]) ?? "") ?? .average
        guard before != method else { return before }
        try db.execute(sql: "UPDATE sku SET valuation = ? WHERE id = ?", arguments: [method.rawValue, skuID])
        try db.execute(sql: "DELETE FROM cost_layer WHERE sku_id = ?", arguments: [skuID])
        if method == .fifo {
            try db.execute(sql: """
                INSERT INTO cost_layer (sku_id, seq, quantity, value) SELECT sku_id, 1, quantity, value FROM sku_valuation WHERE sku_id = ? AND quantity > 0
                """, arguments: [skuID])
        }
        return before
    }
}

extension StoreReading {
    /// What an order's shipments of a SKU took out of stock: units and their value (the
    /// moves since the books opened).
    public func shippedCost(order: Int64, skuID: Int64) throws -> (units: Int, value: Int64) {
        let row = try Row.fetchOne(db.cachedStatement(sql: """
            SELECT coalesce(sum(m.quantity), 0), coalesce(sum(v.value), 0) FROM stock_move m JOIN move_value v ON v.move_id = m.id
            WHERE m.document = 'order ' || ? AND m.sku_id = ? AND m.reason = 'shipment'
            """), arguments: [order, skuID])
        return (row?[0] ?? 0, row?[1] ?? 0)
    }
}

/// A journal entry as stored, with its lines.
public struct JournalEntryRecord: Sendable, Equatable {
    public var id: Int64
    public var at: String
    public var period: String
    public var actor: String
    /// The entry this one reverses, if it is a reversal.
    public var reverses: Int64?
    public var draft: JournalDraft
}

extension StoreReading {
    public func journalEntry(_ id: Int64) throws -> JournalEntryRecord? {
        guard let h = try Row.fetchOne(db, sql: """
            SELECT id, at, period, event, documents, currency, actor, memo, reverses FROM journal_entry WHERE id = ?
            """, arguments: [id]) else { return nil }
        let lines = try Row.fetchAll(db, sql: """
            SELECT l.account, l.debit, l.credit, loc.code, l.channel FROM journal_line l LEFT JOIN location loc ON loc.id = l.location_id
            WHERE l.entry_id = ? ORDER BY l.line_no
            """, arguments: [id]).map { JournalLine(account: $0[0], debit: $0[1], credit: $0[2], location: $0[3], channel: $0[4]) }
        let documents = (try? JSONDecoder().decode([String].self, from: Data((h[4] as String).utf8))) ?? []
        return JournalEntryRecord(id: h[0], at: h[1], period: h[2], actor: h[6], reverses: h[8],
                                  draft: JournalDraft(event: h[3], documents: documents, currency: h[5], memo: h[7], lines: lines))
    }

    /// The entry that reverses entry `id`, if one does.
    public func reversal(of id: Int64) throws -> Int64? {
        try Int64.fetchOne(db, sql: "SELECT id FROM journal_entry WHERE reverses = ? LIMIT 1", arguments: [id])
    }
}

extension StoreTransaction {
    /// Posts `entry` (validated) as the reversal of entry `id`, in the month open for `at`.
    public func postReversal(_ entry: JournalDraft, of id: Int64, actor: String, at: String) throws -> Int64 {
        try entry.validate()
        let locations = try Dictionary(uniqueKeysWithValues: Row.fetchAll(db, sql: "SELECT id, code FROM location").map { ($0[0] as Int64, $0[1] as String) })
        return try JournalWrites.insert(entry, actor: actor, at: at, period: try Periods.open(for: at, db), locations: locations, reverses: id, db: db)
    }
}
