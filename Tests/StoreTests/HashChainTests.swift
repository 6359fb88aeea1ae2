import Testing
import Foundation
import Domain
@testable import Store
import GRDB

/// The audit log and the stock ledger are hash chains: a row changed, deleted or inserted
/// anywhere, even after the triggers that guard them are dropped, breaks the chain there.
@Suite final class HashChainTests {
    /// The databases a test made, removed with their WAL files when it ends.
    var made: [String] = []
    deinit { for path in made { for file in [path, path + "-wal", path + "-shm"] { try? FileManager.default.removeItem(atPath: file) } } }

    func tempPath() -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("qm-chain-\(UUID().uuidString).sqlite").path
        made.append(path)
        return path
    }

    /// Five receipts (five moves) and five audit entries, written through the store.
    func ledger() throws -> (LedgerStore, String) {
        let path = tempPath()
        let store = try LedgerStore(path: path, create: true)
        try store.write { tx in
            try tx.upsert(Location(code: "L1", name: "L", kind: .warehouse, fulfils: true))
            let id = try tx.upsert(SKU(code: "A", name: "A", unitCost: Money(minorUnits: 1, currency: "GBP"), listPrice: Money(minorUnits: 1, currency: "GBP")))
            for n in 1...5 {
                try tx.record(StockMove(sku: "A", location: "L1", from: nil, to: .sellable, quantity: n, reason: .receipt),
                              skuID: id, locationID: tx.locationID("L1")!, actor: "ada", at: "2026-12-0\(n)")
                try tx.append(AuditEntry(actor: "ada", role: .admin, command: "receive", entity: "stock:A@L1", reason: "receipt \(n)"), at: "now")
            }
            try tx.append(AuditEntry(actor: "sam", role: .supervisor, command: "pick", entity: "", reason: "wave 1"), forOrders: [7, 8], at: "now")
        }
        return (store, path)
    }

    func tamper(_ path: String, _ sql: String) throws {
        try DatabaseQueue(path: path).write { try $0.execute(sql: sql) }
    }

    func violations(_ path: String) throws -> [String] {
        try LedgerStore(path: path, create: false).read { try $0.chainViolations() }
    }

    @Test func bothChainsHoldForEverythingWrittenThroughTheStore() throws {
        let (store, _) = try ledger()
        #expect(try store.read { try $0.chainViolations() }.isEmpty)
        let heads = try store.read { try $0.chainHeads() }
        #expect(heads.map(\.log) == ["audit", "stock_move"] && heads.map(\.rows) == [7, 5])
        #expect(heads.allSatisfy { $0.hash.count == 64 && $0.hash != LedgerChain.genesis })
        #expect(try store.read { try String.fetchAll($0.db, sql: "SELECT entity FROM audit ORDER BY id DESC LIMIT 2") } == ["order:8", "order:7"])
    }

    @Test func aRowChangedDeletedOrInsertedBehindDroppedTriggersBreaksTheChain() throws {
        let cases: [(String, String)] = [
            ("DROP TRIGGER audit_no_update; UPDATE audit SET reason = 'receipt 30' WHERE id = 3",
             "the audit entry chain breaks at audit entry 3, after 2 intact"),
            // The move's value goes too (it refers to the move).
            ("DROP TRIGGER stock_move_no_delete; DROP TRIGGER move_value_no_delete; DELETE FROM move_value WHERE move_id = 2; DELETE FROM stock_move WHERE id = 2",
             "the stock move chain breaks at stock move 3, after 1 intact"),
            ("DROP TRIGGER stock_move_chained; INSERT INTO stock_move (id, sku_id, location_id, to_status, quantity, reason, note, actor, at, hash) SELECT 6, sku_id, location_id, 'sellable', 500, 'receipt', '', 'mallory', 'now', hash FROM stock_move WHERE id = 5",
             "the stock move chain breaks at stock move 6, after 5 intact"),
            ("DROP TRIGGER stock_move_no_update; UPDATE stock_move SET quantity = 50, hash = NULL WHERE id = 5",
             "the stock move chain breaks at stock move 5, after 4 intact"),
        ]
        for (sql, expected) in cases {
            let (_, path) = try ledger()
            try tamper(path, sql)
            let found = try violations(path)
            #expect(found.count == 1 && found[0].hasPrefix(expected), "\(sql): \(found)")
        }
    }

    @Test func writersThatDoNotChainAreRefused() throws {
        let (_, path) = try ledger()
        #expect(throws: DatabaseError.self) {
            try tamper(path, "INSERT INTO audit (at, actor, role, command, entity, reason) VALUES ('now', 'mallory', 'admin', 'x', 'x', 'x')")
        }
        #expect(try violations(path).isEmpty)
    }

    /// A database from before the chains: its rows are chained by the upgrade, in id order.
    @Test func rowsWrittenBeforeTheChainsAreChainedOnUpgrade() throws {
        let path = tempPath()
        let queue = try DatabaseQueue(path: path)
        try Migrations.migrator.migrate(queue, upTo: "v7-no-replace")
        try queue.write { db in
            try db.execute(sql: """
                INSERT INTO location (code, name, kind, fulfils) VALUES ('L1', 'L', 'warehouse', 1);
                INSERT INTO sku (code, name, uom, pack_size, unit_cost, list_price, currency, velocity, weight_g, active, is_kit)
                  VALUES ('A', 'A', 'EA', 1, 1, 1, 'GBP', 'C', 0, 1, 0);
                INSERT INTO stock_position (sku_id, location_id, sellable) VALUES (1, 1, 4);
                INSERT INTO stock_move (sku_id, location_id, to_status, quantity, reason, note, actor, at) VALUES (1, 1, 'sellable', 4, 'receipt', '', 'ada', 'then');
                INSERT INTO audit (at, actor, role, command, entity, reason) VALUES ('then', 'ada', 'admin', 'x', 'stock:A@L1', 'old');
                """)
        }
        let store = try LedgerStore(path: path, create: false)
        #expect(try store.read { try $0.chainViolations() }.isEmpty)
        #expect(try store.read { try $0.chainHeads() }.map(\.rows) == [1, 1])
        try store.write { try $0.append(AuditEntry(actor: "ada", role: .admin, command: "x", entity: "e", reason: "new"), at: "now") }
        #expect(try store.read { try $0.chainViolations() }.isEmpty)
    }
}
