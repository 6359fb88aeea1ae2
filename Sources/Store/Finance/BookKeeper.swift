import Foundation
import GRDB
import Domain

/// The books' side of one write transaction (docs/MONEY.md). Each move that changes value is
/// valued as it is written, at its SKU's moving average (read once, kept for the transaction);
/// when the transaction's work is done, `post` writes the SKUs' new values and the moves'
/// values as one balanced entry per currency, naming the event and the documents behind it.
final class BookKeeper {
    /// What the transaction records (`Command`), and who: set by Operations before its work.
    var event = "store.write"
    var actor = "system"
    /// When (the Operations clock); the wall clock when nobody said.
    var at: String?

    /// A SKU as the transaction values it: its total, and its layers when it is FIFO.
    private struct Valued {
        var stock: StockValue
        var unitCost: Int64
        var currency: String
        var layers: CostLayers?

        mutating func receive(_ units: Int, worth value: Int64) {
            stock.receive(units, worth: value)
            layers?.receive(units, worth: value)
        }

        mutating func issue(_ units: Int) -> Int64 {
            guard layers != nil else { return stock.issue(units, fallback: unitCost) }
            let value = layers!.issue(units, fallback: unitCost)
            stock.quantity -= units
            stock.value = Saturating.subtract(stock.value, value)
            return value
        }
    }
    /// Postings are summed as they come, per currency and (role, location, channel, move
    /// reason: what a mapping may name), so a wave of a hundred thousand moves holds a handful of sums.
    private struct PostingKey: Hashable { var role: AccountRole; var locationID: Int64?; var channel: String?; var reason: MoveReason? }
    private var skus: [Int64: Valued] = [:]
    private var changed: Set<Int64> = []
    private var moveValues: [(move: Int64, value: Int64, currency: String)] = []
    private var postings: [String: [PostingKey: Int64]] = [:]
    private var postingOrder: [String: [PostingKey]] = [:]
    /// Per currency, the documents in the order first met, and the set of them (a wave names thousands).
    private var documents: [String: [String]] = [:]
    private var documentsSeen: [String: Set<String>] = [:]

    /// Values a move just written (`id`): a change of the SKU's value against its reason's
    /// account, a transfer's leg at the current rate, or nothing. Stock coming in is valued at
    /// the move's value (a return's cost when it shipped), else its unit cost (a receipt's
    /// purchase price), else the SKU's rate, else its cost.
    func record(_ move: StockMove, id: Int64, skuID: Int64, locationID: Int64, db: Database) throws {
        let effect = MoveValuation(move)
        if effect == .none { return }
        var sku = try valued(skuID, db)
        let value: Int64
        switch effect {
        case .none: return
        case .relocation:
            value = sku.stock.worth(move.quantity, fallback: sku.unitCost)
            // In at one location, out at the other: the SKU's value stands; inventory moves.
            add(sku.currency, .inventory, move.to != nil ? value : -value, locationID)
        case .inbound(let counter):
            let bought = move.value
                ?? move.unitCost.flatMap { $0.currency == sku.currency ? Saturating.multiply(Int64(move.quantity), $0.minorUnits) : nil }
                ?? sku.stock.worth(move.quantity, fallback: sku.unitCost)
            let landed = move.landedCost ?? 0
            value = Saturating.add(bought, landed)
            sku.receive(move.quantity, worth: value)
            add(sku.currency, .inventory, value, locationID)
            add(sku.currency, counter, -bought, locationID, reason: move.reason)
            add(sku.currency, .landedCostClearing, -landed, locationID, reason: move.reason)
        case .outbound(let counter):
            value = sku.issue(move.quantity)
            add(sku.currency, .inventory, -value, locationID)
            add(sku.currency, counter, value, locationID, reason: move.reason)
        }
        skus[skuID] = sku
        changed.insert(skuID)
        moveValues.append((id, value, sku.currency))
        if let document = move.document { note(document, sku.currency) }
    }

    /// Debit (amount > 0) or credit (< 0) the account playing `role`.
    private func add(_ currency: String, _ role: AccountRole, _ amount: Int64, _ locationID: Int64?, channel: String? = nil,
                     reason: MoveReason? = nil) {
        guard amount != 0 else { return }
        let key = PostingKey(role: role, locationID: locationID, channel: channel, reason: reason)
        if postings[currency]?[key] == nil { postingOrder[currency, default: []].append(key) }
        postings[currency, default: [:]][key] = Saturating.add(postings[currency]?[key] ?? 0, amount)
    }

    /// Money that moves with no stock (an invoice, a refund): debits (> 0) and credits (< 0)
    /// by role, which must balance with each other, for `document`.
    func record(_ amounts: [(role: AccountRole, amount: Int64)], currency: String, channel: String?, document: String) {
        for a in amounts { add(currency, a.role, a.amount, nil, channel: channel) }
        note(document, currency)
    }

    private func note(_ document: String, _ currency: String) {
        if documentsSeen[currency, default: []].insert(document).inserted { documents[currency, default: []].append(document) }
    }

    private func valued(_ skuID: Int64, _ db: Database) throws -> Valued {
        if let known = skus[skuID] { return known }
        guard let row = try Row.fetchOne(db.cachedStatement(sql: """
            SELECT s.unit_cost, s.currency, coalesce(v.quantity, 0), coalesce(v.value, 0), s.valuation
            FROM sku s LEFT JOIN sku_valuation v ON v.sku_id = s.id WHERE s.id = ?
            """), arguments: [skuID]) else { throw StoreError("No SKU \(skuID) to value.") }
        let layers = (row[4] as String) == ValuationMethod.fifo.rawValue ? CostLayers(try Books.layers(of: skuID, db)) : nil
        return Valued(stock: StockValue(quantity: row[2], value: row[3]), unitCost: row[0], currency: row[1], layers: layers)
    }

    /// Writes what the transaction did to the books; nothing when it moved no value.
    func post(_ db: Database) throws {
        guard !changed.isEmpty || !postings.isEmpty else { return }
        let at = self.at ?? Timestamp.string(Date())
        let period = try Periods.open(for: at, db)
        for skuID in changed.sorted() {
            let stock = skus[skuID]!.stock
            try db.cachedStatement(sql: """
                INSERT INTO sku_valuation (sku_id, quantity, value) VALUES (?, ?, ?)
                ON CONFLICT (sku_id) DO UPDATE SET quantity = excluded.quantity, value = excluded.value
                """).execute(arguments: [skuID, stock.quantity, stock.value])
            if let layers = skus[skuID]!.layers { try Books.replaceLayers(of: skuID, with: layers, db) }
        }
        let accounts = try StoreReader(db: db).accountMap()
        let locations = try Dictionary(uniqueKeysWithValues: Row.fetchAll(db.cachedStatement(sql: "SELECT id, code FROM location"))
            .map { ($0[0] as Int64, $0[1] as String) })
        var entries: [String: Int64] = [:]
        // A currency whose moves were all worth nothing still gets its (empty) entry: each move points at one.
        for currency in Set(postings.keys).union(moveValues.map(\.currency)).sorted() {
            var draft = JournalDraft(event: event, documents: documents[currency] ?? [], currency: currency, memo: "", lines: [])
            for key in postingOrder[currency] ?? [] {
                let amount = postings[currency]![key]!
                let location = key.locationID.flatMap { locations[$0] }
                guard let account = accounts.account(for: key.role, channel: key.channel, location: location, reason: key.reason) else {
                    throw StoreError("No account plays the role \(key.role.rawValue): qm accounts shows the chart.")
                }
                draft.lines.append(JournalLine(account: account, debit: max(amount, 0), credit: max(-amount, 0), location: location, channel: key.channel))
            }
            let entry = draft.netted()
            try entry.validate()
            entries[currency] = try JournalWrites.insert(entry, actor: actor, at: at, period: period, locations: locations, db: db)
        }
        // Five hundred rows a statement: a wave's shipment values thousands of moves.
        let batch = 500
        for start in stride(from: 0, to: moveValues.count, by: batch) {
            let rows = moveValues[start..<min(start + batch, moveValues.count)]
            try db.cachedStatement(sql: "INSERT INTO move_value (move_id, entry_id, value) VALUES "
                                   + Array(repeating: "(?, ?, ?)", count: rows.count).joined(separator: ", "))
                .execute(arguments: StatementArguments(rows.flatMap { [$0.move, entries[$0.currency]!, $0.value] }))
        }
    }
}

/// Journal entries as stored.
enum JournalWrites {
    /// Inserts a validated entry (`locations`: location id -> code). Returns its id.
    static func insert(_ entry: JournalDraft, actor: String, at: String, period: String, locations: [Int64: String], reverses: Int64? = nil,
                       db: Database) throws -> Int64 {
        let ids = Dictionary(uniqueKeysWithValues: locations.map { ($1, $0) })
        let documents = String(decoding: try JSONEncoder().encode(entry.documents), as: UTF8.self)
        try db.cachedStatement(sql: """
            INSERT INTO journal_entry (at, period, event, documents, currency, actor, memo, reverses) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [at, period, entry.event, documents, entry.currency, actor, entry.memo, reverses])
        let id = db.lastInsertedRowID
        for (i, line) in entry.lines.enumerated() {
            try db.cachedStatement(sql: """
                INSERT INTO journal_line (entry_id, line_no, account, debit, credit, location_id, channel) VALUES (?, ?, ?, ?, ?, ?, ?)
                """).execute(arguments: [id, i + 1, line.account, line.debit, line.credit, line.location.flatMap { ids[$0] }, line.channel])
        }
        return id
    }
}

/// Accounting months. Each entry belongs to the month it is made in, unless that month is
/// closed: then to the first open month after the last closed one.
public enum Periods {
    /// The month an entry made at `at` posts in.
    static func open(for at: String, _ db: Database) throws -> String {
        let month = String(at.prefix(7))
        guard let closed = try String.fetchOne(db.cachedStatement(sql: "SELECT max(period) FROM period_close")), closed >= month else { return month }
        return next(after: closed)
    }

    /// "2026-12" -> "2027-01".
    public static func next(after month: String) -> String {
        let year = Int(month.prefix(4)) ?? 0, m = Int(month.suffix(2)) ?? 0
        return m >= 12 ? String(format: "%04d-01", year + 1) : String(format: "%04d-%02d", year, m + 1)
    }

    /// "2026-11": four digits, a dash, a month 01-12.
    public static func isMonth(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2, Int(parts[0]) != nil, let m = Int(parts[1]) else { return false }
        return (1...12).contains(m)
    }
}
