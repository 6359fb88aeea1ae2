import Testing
import Foundation
import Domain
@testable import Store
import GRDB

/// Upgrading a database from before purchase orders: its open inbound rows become sent
/// purchase orders, and the inbound figure stays exactly what it was.
@Suite struct PurchaseOrderMigrationTests {
    @Test func openInboundFromBeforeBecomesSentPurchaseOrdersWithTheSameFigures() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("qm-po-\(UUID().uuidString).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let queue = try DatabaseQueue(path: path)
        try Migrations.migrator.migrate(queue, upTo: "v8-hash-chains")
        try queue.write { db in
            try db.execute(sql: """
                INSERT INTO supplier (id, code, name, lead_mean_days, lead_spread_days, on_time_per_mille) VALUES (1, 'SUP', 'S', 7, 1, 900);
                INSERT INTO location (id, code, name, kind, fulfils) VALUES (1, 'L1', 'L', 'warehouse', 1), (2, 'L2', 'M', 'warehouse', 1);
                INSERT INTO sku (id, code, name, uom, pack_size, unit_cost, list_price, currency, preferred_supplier_id, velocity, weight_g, active, is_kit)
                  VALUES (1, 'A', 'A', 'EA', 1, 150, 300, 'GBP', 1, 'C', 0, 1, 0),
                         (2, 'B', 'B', 'EA', 1, 20, 40, 'GBP', 1, 'C', 0, 1, 0),
                         (3, 'ORPHAN', 'No supplier', 'EA', 1, 5, 9, 'GBP', NULL, 'C', 0, 1, 0);
                -- PO-1: two SKUs to one place; PO-1 again for A (a second order); PO-2 split over
                -- two locations; a SKU with no supplier; a row with nothing open.
                INSERT INTO inbound_supply (sku_id, location_id, document, quantity_open, expected_date) VALUES
                  (1, 1, 'PO-1', 10, '2026-12-05'), (2, 1, 'PO-1', 4, '2026-12-06'), (1, 1, 'PO-1', 3, '2026-12-09'),
                  (1, 1, 'PO-2', 7, '2026-12-07'), (1, 2, 'PO-2', 6, '2026-12-08'),
                  (3, 2, 'PO-3', 2, '2026-12-10'), (2, 2, 'PO-4', 0, '2026-12-11');
                INSERT INTO stock_position (sku_id, location_id, inbound) VALUES (1, 1, 20), (2, 1, 4), (1, 2, 6), (3, 2, 2), (2, 2, 0);
                """)
        }
        let store = try LedgerStore(path: path, create: false)
        let orders = try store.read { try $0.purchaseOrders(PurchaseOrderFilter(), limit: nil) }
        #expect(orders.map(\.order.code) == ["PO-1", "PO-1-2", "PO-2", "PO-2-2", "PO-3"])
        #expect(orders.allSatisfy { $0.order.state == .sent && $0.createdBy == "migration" })
        #expect(orders[0].order.lines.map(\.sku) == ["A", "B"] && orders[0].order.lines[0].unitCost == Money(minorUnits: 150, currency: "GBP"))
        #expect(orders[1].order.lines.map { "\($0.sku) \($0.quantity) \($0.expectedDate)" } == ["A 3 2026-12-09"])
        #expect(orders[3].order.location == "L2")
        #expect(orders[4].order.supplier == "UNRECORDED")
        let snapshot = try store.read { try $0.ledgerSnapshot() }
        #expect(snapshot.openInbound == snapshot.storedInbound.filter { $0.value > 0 })
        #expect(snapshot.openInbound[SkuLocation(sku: "A", location: "L1")] == 20)
    }
}

/// v9 grew while it was written: a database that took its first version (purchase orders
/// only) is made whole on upgrade, and the rest of the schema builds on it.
@Suite struct EarlyV9RepairTests {
    @Test func aDatabaseFromTheFirstV9GainsReceiptsTransfersAndNoticesOnUpgrade() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("qm-v9-\(UUID().uuidString).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let queue = try DatabaseQueue(path: path)
        try Migrations.migrator.migrate(queue, upTo: "v9-purchase-orders")
        // Back to the schema the first v9 made.
        try queue.write { db in
            try db.execute(sql: """
                DROP VIEW inbound_supply;
                DROP TABLE receipt_line; DROP TABLE receipt; DROP TABLE transfer_line; DROP TABLE transfer;
                DROP TABLE asn_exception; DROP TABLE asn_line; DROP TABLE asn;
                ALTER TABLE sku DROP COLUMN inspect_on_receipt;
                ALTER TABLE purchase_order DROP COLUMN sent_at;
                CREATE VIEW inbound_supply AS
                  SELECT p.code AS document, l.sku_id AS sku_id, p.location_id AS location_id,
                         l.quantity - l.received AS quantity_open, l.expected_date AS expected_date
                  FROM purchase_order_line l JOIN purchase_order p ON p.id = l.po_id
                  WHERE l.received < l.quantity AND p.state IN ('approved','sent','partiallyReceived');
                """)
        }
        let store = try LedgerStore(path: path, create: false)
        let tables = ["receipt", "receipt_line", "transfer", "transfer_line", "asn", "asn_line", "asn_exception", "replenishment_rejection"]
        let present = try store.read { r in try tables.filter { try r.db.tableExists($0) } }
        #expect(present == tables)
        let skuColumns = try store.read { r in try r.db.columns(in: "sku").map(\.name) }
        let noticeColumns = try store.read { r in try r.db.columns(in: "asn").map(\.name) }
        #expect(skuColumns.contains("inspect_on_receipt") && noticeColumns.contains("close_note"))
        let view = try store.read { r in try String.fetchOne(r.db, sql: "SELECT sql FROM sqlite_master WHERE name = 'inbound_supply'") }
        #expect(view?.contains("transfer_line") == true)
        #expect(try store.read { r in try r.shippingNotices().count + r.transfers(state: nil, limit: nil).count } == 0)
    }
}

/// What an order line says arrived must be what its receipts brought: `qm verify` finds a line
/// changed behind the receipts' back.
@Suite struct ReceiptInvariantTests {
    @Test func aReceivedQuantityTheReceiptsDoNotAddUpToIsFound() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("qm-rcpt-\(UUID().uuidString).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let store = try LedgerStore(path: path, create: true)
        try store.write { tx in
            try tx.db.execute(sql: """
                INSERT INTO supplier (id, code, name, lead_mean_days, lead_spread_days, on_time_per_mille) VALUES (1, 'SUP', 'S', 7, 1, 900);
                INSERT INTO location (id, code, name, kind, fulfils) VALUES (1, 'L1', 'L', 'warehouse', 1);
                INSERT INTO sku (id, code, name, uom, pack_size, unit_cost, list_price, currency, velocity, weight_g, active, is_kit)
                  VALUES (1, 'A', 'A', 'EA', 1, 1, 2, 'GBP', 'C', 0, 1, 0);
                INSERT INTO purchase_order (id, code, supplier_id, location_id, currency, state, note, created_at, created_by, state_since)
                  VALUES (1, 'PO-1', 1, 1, 'GBP', 'partiallyReceived', '', 'now', 'ada', 'now');
                INSERT INTO purchase_order_line (po_id, line_no, sku_id, quantity, unit_cost, expected_date, received)
                  VALUES (1, 1, 1, 10, 1, '2026-12-01', 4);
                INSERT INTO receipt (id, po_id, arrived_on, received_at, received_by, note) VALUES (1, 1, '2026-12-02', 'now', 'sam', '');
                INSERT INTO receipt_line (receipt_id, line_no, sku_id, quantity, condition, to_status) VALUES (1, 1, 1, 4, 'good', 'sellable');
                """)
        }
        #expect(try store.read { try $0.receiptMismatches() }.isEmpty)
        try store.write { try $0.db.execute(sql: "UPDATE purchase_order_line SET received = 7") }
        #expect(try store.read { try $0.receiptMismatches() } == ["PO-1 line A: 7 received but its receipts add up to 4"])
    }
}
