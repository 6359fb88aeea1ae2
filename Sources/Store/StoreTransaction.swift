import Foundation
import GRDB
import Domain

/// Writes, available only inside `LedgerStore.write`, so they always share one transaction.
public struct StoreTransaction: StoreReading {
    public let db: Database
    /// The hash chains' ends as this transaction advances them.
    let chains = LedgerChain.Heads()
    /// What the transaction's moves do to the books, posted when its work is done.
    let books = BookKeeper()

    /// Money moving with no stock (an invoice, a refund), posted with the transaction's entry:
    /// debits (> 0) and credits (< 0) by account role, balancing each other.
    public func postMoney(_ amounts: [(role: AccountRole, amount: Int64)], currency: String, channel: String?, document: String) {
        books.record(amounts, currency: currency, channel: channel, document: document)
    }

    /// Names the event the transaction's postings record, who made it and when (Operations).
    public func recordEvent(_ event: String, actor: String, at: String) {
        books.event = event; books.actor = actor; books.at = at
    }

    /// Runs `body` with the smaller page cache of an import (`LedgerStore.importCacheKB`),
    /// then puts the writer's back: an import writes each page about once, so the smaller
    /// cache keeps its memory within budget (docs/PERFORMANCE.md) at no cost in time.
    public func asImport<T>(_ body: () throws -> T) throws -> T {
        try db.execute(sql: "PRAGMA cache_size = \(-LedgerStore.importCacheKB)")
        defer { try? db.execute(sql: "PRAGMA cache_size = \(-LedgerStore.writerCacheKB)") }
        return try body()
    }

    /// Starts a fresh set of the keys an import has seen. They live in a temporary table,
    /// which SQLite keeps on disk past a small cache, so a file of any length takes the
    /// same memory.
    public func startImportKeys() throws {
        try db.execute(sql: "CREATE TEMP TABLE IF NOT EXISTS import_key (key TEXT PRIMARY KEY, line INTEGER NOT NULL) WITHOUT ROWID")
        try db.execute(sql: "DELETE FROM temp.import_key")
    }

    /// Notes `key` on `line`; when the import has seen it before, the line it was first on.
    public func importKeySeen(_ key: String, line: Int) throws -> Int? {
        try db.cachedStatement(sql: "INSERT INTO temp.import_key (key, line) VALUES (?, ?) ON CONFLICT (key) DO NOTHING")
            .execute(arguments: [key, line])
        guard db.changesCount == 0 else { return nil }
        return try Int.fetchOne(db.cachedStatement(sql: "SELECT line FROM temp.import_key WHERE key = ?"), arguments: [key])
    }

    // MARK: Master data

    /// Inserts or updates a supplier. Returns its previous value (nil when new).
    @discardableResult
    public func upsert(_ supplier: Supplier) throws -> Supplier? {
        let before = try self.supplier(supplier.code)
        try db.execute(sql: """
            INSERT INTO supplier (code, name, lead_mean_days, lead_spread_days, on_time_per_mille, minimum_order, rounds_to_pack,
                                  over_tolerance_pct, under_tolerance_pct) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(code) DO UPDATE SET name = excluded.name, lead_mean_days = excluded.lead_mean_days,
              lead_spread_days = excluded.lead_spread_days, on_time_per_mille = excluded.on_time_per_mille,
              minimum_order = excluded.minimum_order, rounds_to_pack = excluded.rounds_to_pack,
              over_tolerance_pct = excluded.over_tolerance_pct, under_tolerance_pct = excluded.under_tolerance_pct
            """, arguments: [supplier.code, supplier.name, supplier.leadTimeMeanDays, supplier.leadTimeSpreadDays, supplier.onTimePerMille,
                             supplier.minimumOrder, supplier.roundsToPack, supplier.tolerance.overPercent, supplier.tolerance.underPercent])
        return before
    }

    /// Inserts or updates a SKU; the preferred supplier must exist. Returns the id.
    @discardableResult
    public func upsert(_ sku: SKU) throws -> Int64 {
        var supplierID: Int64?
        if let code = sku.preferredSupplier {
            guard let id = try self.supplierID(code) else {
                throw StoreError("SKU \(sku.code): preferred supplier \(code) does not exist.")
            }
            supplierID = id
        }
        try db.cachedStatement(sql: """
            INSERT INTO sku (code, name, uom, pack_size, unit_cost, list_price, currency, preferred_supplier_id,
                             velocity, weight_g, active, is_kit, needs_review, inspect_on_receipt, drop_ship, drop_ship_channels)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(code) DO UPDATE SET name = excluded.name, uom = excluded.uom, pack_size = excluded.pack_size,
              unit_cost = excluded.unit_cost, list_price = excluded.list_price, currency = excluded.currency,
              preferred_supplier_id = excluded.preferred_supplier_id, velocity = excluded.velocity,
              weight_g = excluded.weight_g, active = excluded.active, is_kit = excluded.is_kit,
              inspect_on_receipt = excluded.inspect_on_receipt, drop_ship = excluded.drop_ship,
              drop_ship_channels = excluded.drop_ship_channels
            """).execute(arguments: [sku.code, sku.name, sku.unitOfMeasure, sku.packSize, sku.unitCost.minorUnits,
                                     sku.listPrice.minorUnits, sku.unitCost.currency, supplierID, sku.velocity.rawValue,
                                     sku.weightGrams, sku.active, sku.isKit, false, sku.inspectOnReceipt, sku.dropShip,
                                     sku.dropShipChannels.joined(separator: ";")])
        return try skuID(sku.code)!
    }

    /// Replaces a SKU's channel listings with exactly these.
    public func setListings(sku skuID: Int64, _ listings: [ChannelListing]) throws {
        try db.cachedStatement(sql: "DELETE FROM sku_channel WHERE sku_id = ?").execute(arguments: [skuID])
        for listing in listings {
            try db.cachedStatement(sql: """
                INSERT INTO sku_channel (sku_id, channel, listing_id, price, currency, enabled) VALUES (?, ?, ?, ?, ?, ?)
                """).execute(arguments: [skuID, listing.channel, listing.listingID, listing.price.minorUnits,
                                         listing.price.currency, listing.enabled])
        }
    }

    /// Replaces a kit's bill of materials.
    public func setComponents(kit kitID: Int64, _ components: [(componentID: Int64, quantity: Int)]) throws {
        try db.execute(sql: "DELETE FROM kit_component WHERE kit_id = ?", arguments: [kitID])
        for c in components {
            try db.cachedStatement(sql: "INSERT INTO kit_component (kit_id, component_id, quantity) VALUES (?, ?, ?)")
                .execute(arguments: [kitID, c.componentID, c.quantity])
        }
    }

    /// Inserts or updates a location and replaces its service regions. Returns its id.
    @discardableResult
    public func upsert(_ location: Location) throws -> Int64 {
        try db.execute(sql: """
            INSERT INTO location (code, name, kind, fulfils) VALUES (?, ?, ?, ?)
            ON CONFLICT(code) DO UPDATE SET name = excluded.name, kind = excluded.kind, fulfils = excluded.fulfils
            """, arguments: [location.code, location.name, location.kind.rawValue, location.fulfils])
        let id = try locationID(location.code)!
        try db.execute(sql: "DELETE FROM location_region WHERE location_id = ?", arguments: [id])
        for r in location.regions {
            try db.execute(sql: """
                INSERT INTO location_region (location_id, region, transit_days, shipping_cost, currency) VALUES (?, ?, ?, ?, ?)
                """, arguments: [id, r.region, r.transitDays, r.shippingCost.minorUnits, r.shippingCost.currency])
        }
        return id
    }

    public func addToPool(channel: String, locationID: Int64) throws {
        try db.execute(sql: "INSERT OR IGNORE INTO channel_pool (channel, location_id) VALUES (?, ?)",
                       arguments: [channel, locationID])
    }

    // MARK: Stock

    /// Appends a move and updates the position it touches. The position's CHECK constraints
    /// are the last line of defence against going negative; callers check first.
    public func record(_ move: StockMove, skuID: Int64, locationID: Int64, actor: String, at: String) throws {
        try appendMove(move, skuID: skuID, locationID: locationID, actor: actor, at: at)
        var delta = StockPosition()
        if let from = move.from { delta[from] -= move.quantity }
        if let to = move.to { delta[to] += move.quantity }
        try addToPosition(skuID: skuID, locationID: locationID, delta)
    }

    /// Adds `delta` (negative to take away) to a position, and `inbound` to its inbound figure,
    /// creating it when missing: for writers that append their moves in bulk and touch each
    /// position once. One statement when the position exists; when it does not, the insert's
    /// CHECKs refuse a negative start.
    public func addToPosition(skuID: Int64, locationID: Int64, _ delta: StockPosition, inbound: Int = 0) throws {
        try db.cachedStatement(sql: """
            UPDATE stock_position SET sellable = sellable + ?, reserved = reserved + ?, quarantine = quarantine + ?,
              damaged = damaged + ?, return_pending = return_pending + ?, inbound = inbound + ? WHERE sku_id = ? AND location_id = ?
            """).execute(arguments: [delta.sellable, delta.reserved, delta.quarantine, delta.damaged, delta.returnPending, inbound,
                                     skuID, locationID])
        guard db.changesCount == 0 else { return }
        try db.cachedStatement(sql: """
            INSERT INTO stock_position (sku_id, location_id, sellable, reserved, quarantine, damaged, return_pending, inbound)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [skuID, locationID, delta.sellable, delta.reserved, delta.quarantine, delta.damaged,
                                     delta.returnPending, inbound])
    }

    /// Appends a move to the ledger only: for bulk writers that update the positions they
    /// touch once per position rather than once per move.
    func appendMove(_ move: StockMove, skuID: Int64, locationID: Int64, actor: String, at: String) throws {
        let id = try insertMove(skuID: skuID, locationID: locationID, from: move.from?.rawValue, to: move.to?.rawValue,
                                quantity: move.quantity, reason: move.reason.rawValue, note: move.note, document: move.document,
                                actor: actor, at: at)
        try books.record(move, id: id, skuID: skuID, locationID: locationID, db: db)
    }

    /// Every stock move enters the ledger here, chained to the one before it (`LedgerChain`).
    @discardableResult
    func insertMove(skuID: Int64, locationID: Int64, from: String?, to: String?, quantity: Int, reason: String,
                    note: String, document: String?, actor: String, at: String) throws -> Int64 {
        let head = try chains.head(db, .stockMove)
        let id = head.id + 1
        let hash = LedgerChain.link(after: head.hash, id: id, [String(skuID), String(locationID), from, to, String(quantity),
                                                               reason, note, document, actor, at])
        try db.cachedStatement(sql: """
            INSERT INTO stock_move (id, sku_id, location_id, from_status, to_status, quantity, reason, note, document, actor, at, hash)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [id, skuID, locationID, from, to, quantity, reason, note, document, actor, at, hash])
        chains.advance(.stockMove, to: id, hash: hash)
        return id
    }

    /// Appends many moves to the ledger, chained like `insertMove`, a thousand per statement:
    /// for bulk writers (a shipment feed) that update positions themselves.
    public func appendMoves(_ moves: [(move: StockMove, skuID: Int64, locationID: Int64, at: String)], actor: String) throws {
        let first = try chains.head(db, .stockMove).id + 1
        try insertChained(.stockMove, moves) { m in
            [m.skuID, m.locationID, m.move.from?.rawValue, m.move.to?.rawValue, m.move.quantity, m.move.reason.rawValue,
             m.move.note, m.move.document, actor, m.at]
        }
        for (i, m) in moves.enumerated() {
            try books.record(m.move, id: first + Int64(i), skuID: m.skuID, locationID: m.locationID, db: db)
        }
    }

    /// Inserts rows into a hash-chained log (`LedgerChain`), a thousand per statement: `values`
    /// gives each row's values in the log's field order; the ids and hashes (over the values as
    /// stored, `LedgerChain.text`) are added here. Whole thousands go through one prepared
    /// statement and the rest row by row through another, so a small batch (a receipt's twenty
    /// lines) costs no statement compiled for its size.
    private func insertChained<Row>(_ log: LedgerChain.Log, _ rows: [Row],
                                    _ values: (Row) -> [(any DatabaseValueConvertible)?]) throws {
        guard !rows.isEmpty else { return }
        var (id, hash) = try chains.head(db, log)
        let width = log.fields.count + 2
        func insert(_ count: Int) -> String {
            let placeholders = "(" + Array(repeating: "?", count: width).joined(separator: ", ") + ")"
            return "INSERT INTO \(log.rawValue) (id, \(log.fields.joined(separator: ", ")), hash) VALUES "
                + Array(repeating: placeholders, count: count).joined(separator: ", ")
        }
        let batch = 1_000, whole = rows.count / batch * batch
        let single = insert(1), full = whole > 0 ? insert(batch) : ""
        var arguments: [(any DatabaseValueConvertible)?] = []
        arguments.reserveCapacity(min(rows.count, batch) * width)
        for (i, r) in rows.enumerated() {
            let stored = values(r)
            id += 1
            hash = LedgerChain.link(after: hash, id: id, stored.map { LedgerChain.text($0?.databaseValue ?? .null) })
            arguments.append(id)
            arguments += stored
            arguments.append(hash)
            if i >= whole {
                try db.cachedStatement(sql: single).execute(arguments: StatementArguments(arguments))
                arguments.removeAll(keepingCapacity: true)
            } else if arguments.count == batch * width {
                try db.cachedStatement(sql: full).execute(arguments: StatementArguments(arguments))
                arguments.removeAll(keepingCapacity: true)
            }
        }
        chains.advance(log, to: id, hash: hash)
    }

    public func addReservation(skuID: Int64, locationID: Int64, quantity: Int, document: String, at: String) throws -> Int64 {
        try db.cachedStatement(sql: """
            INSERT INTO reservation (sku_id, location_id, quantity, document, live, created_at) VALUES (?, ?, ?, ?, 1, ?)
            """).execute(arguments: [skuID, locationID, quantity, document, at])
        return db.lastInsertedRowID
    }

    /// Live reservations for a document at one (sku, location), oldest first.
    public func liveReservations(document: String, skuID: Int64, locationID: Int64) throws -> [(id: Int64, quantity: Int)] {
        try Row.fetchAll(db, sql: """
            SELECT id, quantity FROM reservation WHERE document = ? AND sku_id = ? AND location_id = ? AND live = 1 ORDER BY id
            """, arguments: [document, skuID, locationID]).map { (id: $0[0], quantity: $0[1]) }
    }

    public func endReservation(id: Int64) throws {
        try db.execute(sql: "UPDATE reservation SET live = 0 WHERE id = ?", arguments: [id])
    }

    // MARK: Users and audit

    public func addUser(name: String, role: Role, by actor: String, at: String) throws {
        try db.execute(sql: """
            INSERT INTO app_user (name, role, created_at, created_by) VALUES (?, ?, ?, ?)
            ON CONFLICT(name) DO UPDATE SET role = excluded.role
            """, arguments: [name, role.rawValue, at, actor])
    }

    public func removeUser(name: String) throws {
        try db.execute(sql: "DELETE FROM app_user WHERE name = ?", arguments: [name])
    }

    /// Appends the same entry for each of many orders (entity "order:ID"): a wave's orders all
    /// go from allocated to picking for the same reason.
    public func append(_ entry: AuditEntry, forOrders orderIDs: [Int64], at: String) throws {
        try append(orderIDs.map { order in
            var e = entry
            e.entity = "order:\(order)"
            return e
        }, at: at)
    }

    /// Appends many entries, chained like `append(_:at:)`, a thousand per statement.
    public func append(_ entries: [AuditEntry], at: String) throws {
        try insertChained(.audit, entries) { e in [at, e.actor, e.role.rawValue, e.command, e.entity, e.reason, e.before, e.after] }
    }

    /// Every audit entry enters the log here (or above), chained to the one before it.
    public func append(_ entry: AuditEntry, at: String) throws {
        let head = try chains.head(db, .audit)
        let id = head.id + 1
        let hash = LedgerChain.link(after: head.hash, id: id, Self.chainFields(entry, at: at))
        try db.cachedStatement(sql: """
            INSERT INTO audit (id, at, actor, role, command, entity, reason, before, after, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [id, at, entry.actor, entry.role.rawValue, entry.command, entry.entity, entry.reason,
                                     entry.before, entry.after, hash])
        chains.advance(.audit, to: id, hash: hash)
    }

    /// An audit entry's fields in `LedgerChain.Log.audit.fields` order.
    static func chainFields(_ e: AuditEntry, at: String) -> [String?] {
        [at, e.actor, e.role.rawValue, e.command, e.entity, e.reason, e.before, e.after]
    }
}
