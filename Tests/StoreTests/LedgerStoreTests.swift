import Testing
import Foundation
import Domain
@testable import Store
import GRDB

@Suite final class LedgerStoreTests {
    /// The test's files, in a folder of its own that goes with the test.
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("qm-store-\(UUID().uuidString)")
    init() throws { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) }
    deinit { try? FileManager.default.removeItem(at: folder) }

    func tempPath() -> String { folder.appendingPathComponent("\(UUID().uuidString).sqlite").path }

    @Test func refusesToCreateADatabaseUnlessAsked() {
        let path = tempPath()
        #expect { try LedgerStore(path: path, create: false) } throws: { ($0 as? StoreError)?.message.contains(path) == true }
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    /// A file that is not ours is refused before anything is written to it: empty, another
    /// program's SQLite file, not SQLite at all; only an empty file may become one on `create`.
    @Test func refusesFilesThatAreNotQMDatabases() throws {
        let empty = tempPath()
        _ = FileManager.default.createFile(atPath: empty, contents: Data())
        #expect { try LedgerStore(path: empty, create: false) } throws: {
            ($0 as? StoreError)?.message == "\(empty) is an empty file, not a qm database: run `qm init --db \(empty)` to make it one."
        }
        #expect(try FileManager.default.attributesOfItem(atPath: empty)[.size] as? Int == 0)
        _ = try LedgerStore(path: empty, create: true)

        let foreign = tempPath()
        try DatabaseQueue(path: foreign).write { try $0.execute(sql: "CREATE TABLE note (text TEXT); INSERT INTO note VALUES ('mine')") }
        for create in [false, true] {
            #expect { try LedgerStore(path: foreign, create: create) } throws: {
                ($0 as? StoreError)?.message == "\(foreign) is not a qm database (it has no qm tables); nothing was changed."
            }
        }
        let untouched = try DatabaseQueue(path: foreign).read { db in
            (try String.fetchOne(db, sql: "PRAGMA journal_mode"), try db.tableExists("sku"))
        }
        #expect(untouched.0 == "delete" && untouched.1 == false)

        let text = tempPath()
        try "order,sku\n1,A\n".write(toFile: text, atomically: true, encoding: .utf8)
        #expect { try LedgerStore(path: text, create: false) } throws: {
            ($0 as? StoreError)?.message.hasPrefix("\(text) is not a qm database (") == true
        }
    }

    /// A database a newer qm migrated is refused, not opened and written by rules that no
    /// longer hold.
    @Test func refusesADatabaseFromANewerQM() throws {
        let path = tempPath()
        _ = try LedgerStore(path: path, create: true)
        try DatabaseQueue(path: path).write { try $0.execute(sql: "INSERT INTO grdb_migrations VALUES ('v12-future')") }
        let ours = Migrations.schema(Migrations.migrator.migrations.last!)
        #expect { try LedgerStore(path: path, create: false) } throws: {
            ($0 as? StoreError)?.message == "\(path) was made by a newer qm (schema 12); this qm knows up to schema \(ours). Use the newer qm; nothing was changed."
        }
    }

    /// SQLite's REPLACE deletes the row it replaces without firing the delete triggers: an
    /// insert whose key is taken is refused, so neither log can be rewritten that way.
    @Test func historyCannotBeRewrittenByReplace() throws {
        let store = try LedgerStore(path: tempPath(), create: true)
        try store.write { tx in
            try tx.upsert(Location(code: "L1", name: "L", kind: .warehouse, fulfils: true))
            let id = try tx.upsert(SKU(code: "A", name: "A", unitCost: Money(minorUnits: 1, currency: "GBP"), listPrice: Money(minorUnits: 1, currency: "GBP")))
            try tx.record(StockMove(sku: "A", location: "L1", from: nil, to: .sellable, quantity: 5, reason: .receipt),
                          skuID: id, locationID: tx.locationID("L1")!, actor: "ada", at: "now")
            try tx.append(AuditEntry(actor: "ada", role: .admin, command: "x", entity: "sku:A", reason: "first", before: nil, after: nil), at: "now")
        }
        let attacks = [
            "REPLACE INTO audit (id, at, actor, role, command, entity, reason) SELECT id, at, 'mallory', role, command, entity, 'rewritten' FROM audit",
            "INSERT OR REPLACE INTO stock_move (id, sku_id, location_id, to_status, quantity, reason, note, actor, at) SELECT id, sku_id, location_id, to_status, 500, reason, note, actor, at FROM stock_move",
            "INSERT INTO audit (id, at, actor, role, command, entity, reason) SELECT id, at, actor, role, command, entity, reason FROM audit ON CONFLICT (id) DO UPDATE SET reason = 'rewritten'",
        ]
        for sql in attacks {
            #expect(throws: StoreError.self, "\(sql)") { try store.write { try $0.db.execute(sql: sql) } }
        }
        #expect(try store.read { try String.fetchAll($0.db, sql: "SELECT actor || ':' || reason FROM audit") } == ["ada:first"])
        #expect(try store.read { try Int.fetchAll($0.db, sql: "SELECT quantity FROM stock_move") } == [5])
        // A new row still goes in.
        try store.write { try $0.append(AuditEntry(actor: "ada", role: .admin, command: "x", entity: "sku:A", reason: "second", before: nil, after: nil), at: "now") }
        #expect(try store.read { try Int.fetchOne($0.db, sql: "SELECT count(*) FROM audit") } == 2)
    }

    @Test func usesWALAndForeignKeys() throws {
        let store = try LedgerStore(path: tempPath(), create: true)
        let mode = try store.read { try String.fetchOne($0.db, sql: "PRAGMA journal_mode") }
        #expect(mode == "wal")
        #expect(throws: StoreError.self) {
            try store.write { try $0.db.execute(sql: "INSERT INTO stock_position (sku_id, location_id) VALUES (999, 999)") }
        }
    }

    @Test func positionsCannotGoNegativeEvenBehindOperationsBack() throws {
        let store = try LedgerStore(path: tempPath(), create: true)
        try store.write { tx in
            try tx.upsert(Location(code: "L1", name: "L", kind: .warehouse, fulfils: true))
            try tx.upsert(SKU(code: "A", name: "A", unitCost: Money(minorUnits: 1, currency: "GBP"), listPrice: Money(minorUnits: 1, currency: "GBP")))
        }
        #expect(throws: StoreError.self) {
            try store.write { tx in
                try tx.record(StockMove(sku: "A", location: "L1", from: .sellable, to: nil, quantity: 1, reason: .adjustment),
                              skuID: tx.skuID("A")!, locationID: tx.locationID("L1")!, actor: "t", at: "now")
            }
        }
        // The failed transaction left no move behind.
        #expect(try store.read { try $0.moveCount() } == 0)
    }

    /// The console's own SQL, explained: no query may scan all positions or sort them all.
    @Test func theStockPaneQueriesNeverScanOrSortAllPositions() throws {
        let store = try LedgerStore(path: tempPath(), create: true)
        let filters = [PositionFilter(), PositionFilter(location: "L1"), PositionFilter(status: .reserved),
                       PositionFilter(text: "mug"), PositionFilter(text: "QM1", location: "L2", status: .damaged),
                       PositionFilter(sku: "A")]
        var queries: [(String, StatementArguments)] = []
        func plan(_ query: (String, StatementArguments)) throws -> String {
            try store.read { db in
                try Row.fetchAll(db.db, sql: "EXPLAIN QUERY PLAN " + query.0, arguments: query.1).map { $0["detail"] as String }
            }.joined(separator: "; ")
        }
        for f in filters {
            queries.append(StoreReader.positionRowsQuery(f, after: nil, descending: false, offset: 0, limit: 50))
            queries.append(StoreReader.positionRowsQuery(f, after: SkuLocation(sku: "B", location: "L1"), descending: true, offset: 3, limit: 50))
            // Counting without a SKU filter reads the positions table alone (one narrow pass, no joins).
            if f.text.isEmpty && f.sku == nil {
                let counted = try plan(StoreReader.positionCountQuery(f))
                #expect(!counted.contains("sku") && !counted.contains("TEMP B-TREE"), "count joins or sorts: \(counted)")
            }
        }
        queries += [("SELECT id FROM sku WHERE code = ?", ["X"]),
                    StoreReader.recentMovesQuery(sku: "A", limit: 20),
                    ("SELECT * FROM audit WHERE entity = 'x' ORDER BY id DESC LIMIT 20", []),
                    ("SELECT * FROM inbound_supply WHERE sku_id = 1", [])]
        for query in queries {
            let plan = try plan(query)
            #expect(!plan.contains("SCAN p") && !plan.contains("SCAN stock_position"), "scans positions: \(plan)")
            #expect(!plan.contains("TEMP B-TREE FOR ORDER BY"), "sorts every row: \(plan)")
            #expect(!plan.contains("SCAN stock_move") && !plan.contains("SCAN audit"), "full scan: \(plan)")
        }
    }

    @Test func keysetPagingWalksEveryRowOnceInOrder() throws {
        let store = try LedgerStore(path: tempPath(), create: true)
        try store.write { tx in
            for l in ["L2", "L1", "L3"] { try tx.upsert(Location(code: l, name: l, kind: .warehouse, fulfils: true)) }
            for s in ["C", "A", "B", "D"] {
                let id = try tx.upsert(SKU(code: s, name: "n\(s)", unitCost: Money(minorUnits: 1, currency: "GBP"), listPrice: Money(minorUnits: 1, currency: "GBP")))
                for l in ["L1", "L3", "L2"] {
                    try tx.record(StockMove(sku: s, location: l, from: nil, to: .sellable, quantity: 1, reason: .receipt),
                                  skuID: id, locationID: tx.locationID(l)!, actor: "t", at: "now")
                }
            }
        }
        var seen: [SkuLocation] = []
        var cursor: SkuLocation?
        while true {
            let page = try store.read { try $0.positionRows(PositionFilter(), after: cursor, limit: 5) }
            if page.isEmpty { break }
            seen += page.map(\.key); cursor = page.last!.key
        }
        let expected = ["A", "B", "C", "D"].flatMap { s in ["L1", "L2", "L3"].map { SkuLocation(sku: s, location: $0) } }
        #expect(seen == expected)
        let backwards = try store.read { try $0.positionRows(PositionFilter(), after: SkuLocation(sku: "B", location: "L2"), descending: true, limit: 3) }
        #expect(backwards.map(\.key) == [SkuLocation(sku: "B", location: "L1"), SkuLocation(sku: "A", location: "L3"), SkuLocation(sku: "A", location: "L2")])
        #expect(try store.read { try $0.positionCount(PositionFilter(text: "c")) } == 3)
        // One or two characters match the start of the code only, any case.
        #expect(try store.read { try $0.positionCount(PositionFilter(text: "n", location: "L2")) } == 0)
        #expect(try store.read { try $0.positionCount(PositionFilter(text: "b", location: "L2")) } == 1)
        #expect(try store.read { try $0.positionCount(PositionFilter(), cap: 5) } == 5)
        // Three characters or more go through the trigram index: any part of code or name, any case.
        try store.write { try $0.db.execute(sql: "UPDATE sku SET name = 'Pink Teapot' WHERE code = 'B'") }
        #expect(try store.read { try $0.positionRows(PositionFilter(text: "K TEA"), limit: 10) }.map(\.skuCode) == ["B", "B", "B"])
        #expect(try store.read { try $0.positionCount(PositionFilter(text: "teapot", location: "L3")) } == 1)
        #expect(try store.read { try $0.positionCount(PositionFilter(text: "nC\"")) } == 0)   // quotes can't break the query
    }

    /// A database from before v3: each order allocation had a reservation row beside it. After
    /// the upgrade the allocation holds the stock itself, the order's reservation row is gone,
    /// another document's stays, and the ledger still checks out.
    @Test func orderReservationsBecomeTheirAllocationsOnUpgrade() throws {
        let path = tempPath()
        do {
            let queue = try DatabaseQueue(path: path)
            try Migrations.migrator.migrate(queue, upTo: "v2-orders")
            try queue.write { db in
                try db.execute(sql: """
                    INSERT INTO location (id, code, name, kind, fulfils) VALUES (1, 'L1', 'North', 'warehouse', 1);
                    INSERT INTO sku (id, code, name, uom, pack_size, unit_cost, list_price, currency, velocity, weight_g, active, is_kit)
                      VALUES (1, 'A', 'Item A', 'EA', 1, 100, 200, 'GBP', 'A', 0, 1, 0);
                    INSERT INTO stock_move (sku_id, location_id, from_status, to_status, quantity, reason, note, document, actor, at) VALUES
                      (1, 1, NULL, 'sellable', 12, 'receipt', '', NULL, 't', 't'),
                      (1, 1, 'sellable', 'reserved', 4, 'reservation', 'allocated', 'order 1', 't', 't'),
                      (1, 1, 'sellable', 'reserved', 3, 'reservation', '', 'TRANSFER-9', 't', 't');
                    INSERT INTO stock_position (sku_id, location_id, sellable, reserved) VALUES (1, 1, 5, 7);
                    INSERT INTO reservation (id, sku_id, location_id, quantity, document, live, created_at) VALUES
                      (1, 1, 1, 4, 'order 1', 1, 't'), (2, 1, 1, 3, 'TRANSFER-9', 1, 't');
                    INSERT INTO sales_order (id, channel, external_ref, kind, state, on_hold, priority, customer, ship_name, ship_line1,
                      ship_city, ship_postcode, ship_country, ship_region, service_level, promise_date, payment_status, fraud_score,
                      currency, freight, refers_to, ordered_at, captured_at, state_since)
                      VALUES (1, 'web', 'W-1', 'sale', 'allocated', 0, 1, 'C1', '', '', '', '', '', 'R', 'standard', '2026-12-01',
                              'captured', 0, 'GBP', 0, NULL, 't', 't', 't');
                    INSERT INTO order_line (order_id, line_no, sku_id, description, quantity, unit_price, discount, tax, allocated)
                      VALUES (1, 1, 1, '', 4, 200, 0, 0, 4);
                    INSERT INTO allocation (id, order_id, line_no, sku_id, location_id, quantity, line_units, reservation_id, status, created_at)
                      VALUES (1, 1, 1, 1, 1, 4, 4, 1, 'live', 't');
                    """)
            }
        }
        let store = try LedgerStore(path: path, create: false)   // upgrades to the latest schema
        try store.read { r in
            let snapshot = try r.ledgerSnapshot()
            #expect(snapshot.liveReservations[SkuLocation(sku: "A", location: "L1")] == 7)
            #expect(Ledger.verify(stored: snapshot.stored, netFromMoves: snapshot.netFromMoves,
                                  liveReservations: snapshot.liveReservations, kits: snapshot.kits).isEmpty)
            #expect(try r.allocationMismatches().isEmpty)
            let forOrders = try r.reservedForOrders(skuID: 1)[1]
            #expect(forOrders?.units == 4 && forOrders?.lines == 1)
            #expect(try String.fetchAll(r.db, sql: "SELECT document FROM reservation") == ["TRANSFER-9"])
            #expect(try r.orderAllocations(1).map(\.status) == ["live"])
        }
    }
}
