import Testing
import Foundation
import Domain
import Store
@testable import Operations

/// Purchase orders through Operations on a real database: the lifecycle, who may approve,
/// the supplier's terms, and the inbound figure following the state.
@Suite struct PurchaseOrderOperationTests {
    static let planner = Actor(name: "pat", role: .planner)
    static let supervisor = TestDatabase.supervisor
    static let admin = TestDatabase.admin

    /// The test network plus users, two suppliers (one selling whole packs from 10 units up)
    /// and a SKU sold in packs of 6.
    static func database() throws -> TestDatabase {
        let db = try TestDatabase()
        try db.ops.addUser(name: "pat", role: .planner, by: admin)
        try db.ops.addUser(name: "sam", role: .supervisor, by: admin)
        _ = try db.ops.importSuppliers([
            ImportRow(line: 1, value: Supplier(code: "SUP", name: "Plain", leadTimeMeanDays: 7, leadTimeSpreadDays: 1, onTimePerMille: 900)),
            ImportRow(line: 2, value: Supplier(code: "PACKS", name: "Packs only", leadTimeMeanDays: 7, leadTimeSpreadDays: 1,
                                               onTimePerMille: 900, minimumOrder: 10, roundsToPack: true)),
        ], source: "test", by: admin)
        _ = try db.ops.importSKUs([ImportRow(line: 1, value: SKURecord(sku: SKU(code: "SIX", name: "Six-pack", packSize: 6,
                                                                                 unitCost: Money(minorUnits: 50, currency: "GBP"),
                                                                                 listPrice: Money(minorUnits: 90, currency: "GBP"))))],
                                  source: "test", by: admin)
        return db
    }

    static func line(_ sku: String, _ quantity: Int, cost: Int64 = 100, expected: String = "2026-12-20") -> PurchaseOrderLine {
        PurchaseOrderLine(sku: sku, quantity: quantity, unitCost: Money(minorUnits: cost, currency: "GBP"), expectedDate: expected)
    }

    static func inbound(_ db: TestDatabase, _ sku: String, _ location: String) throws -> Int {
        try db.ops.read { try $0.positionRows(PositionFilter(location: location, sku: sku), limit: 1) }.first?.inbound ?? 0
    }

    @Test func aPurchaseOrderCountsAsInboundFromApprovalUntilItIsCancelled() throws {
        let db = try Self.database()
        defer { db.remove() }
        let ops = db.ops
        let created = try ops.createPurchaseOrder(PurchaseOrder(code: "", supplier: "SUP", location: "L1", currency: "GBP"), by: Self.planner)
        #expect(created.order.code == "PO-000001" && created.order.state == .draft && created.createdBy == "pat")
        _ = try ops.addPurchaseOrderLine("PO-000001", Self.line("A", 40), by: Self.planner)
        let drafted = try ops.addPurchaseOrderLine("PO-000001", Self.line("B", 5, cost: 250), by: Self.planner)
        #expect(drafted.order.lines.map(\.sku) == ["A", "B"] && drafted.order.value == Money(minorUnits: 5_250, currency: "GBP"))
        #expect(try Self.inbound(db, "A", "L1") == 0)   // a draft is not supply yet

        let approved = try ops.advancePurchaseOrder("PO-000001", .approve, by: Self.planner)
        #expect(approved.order.state == .approved)
        #expect(try Self.inbound(db, "A", "L1") == 40 && Self.inbound(db, "B", "L1") == 5)
        #expect(try ops.read { try $0.openInbound(sku: "A") }.map(\.document) == ["PO-000001"])
        _ = try ops.advancePurchaseOrder("PO-000001", .send, by: Self.planner)
        #expect(try Self.inbound(db, "A", "L1") == 40)

        #expect(throws: OperationError("A reason is required (--reason): every stock change says why.")) {
            try ops.advancePurchaseOrder("PO-000001", .cancel, by: Self.planner)
        }
        let cancelled = try ops.advancePurchaseOrder("PO-000001", .cancel, reason: "supplier out of stock", by: Self.planner)
        #expect(cancelled.order.state == .cancelled)
        #expect(try Self.inbound(db, "A", "L1") == 0 && Self.inbound(db, "B", "L1") == 0)
        #expect(try ops.verify().findings.isEmpty)

        let history = try ops.read { try $0.auditEntries(entity: "po:PO-000001", limit: 10) }
        #expect(Set(history.map(\.command)) == ["po.edit", "po.approve", "po.send", "po.cancel"])
        #expect(history.contains { $0.command == "po.cancel" && $0.reason == "cancel: supplier out of stock" && $0.actor == "pat" })
    }

    @Test func stepsOutOfOrderAndEditsAfterApprovalAreRefusedAndChangeNothing() throws {
        let db = try Self.database()
        defer { db.remove() }
        let ops = db.ops
        _ = try ops.createPurchaseOrder(PurchaseOrder(code: "PO-7", supplier: "SUP", location: "L1", currency: "GBP"), by: Self.planner)
        #expect(throws: OperationError("PO-7 has no lines: add one before approving it.")) {
            try ops.advancePurchaseOrder("PO-7", .approve, by: Self.planner)
        }
        _ = try ops.addPurchaseOrderLine("PO-7", Self.line("A", 3), by: Self.planner)
        #expect(throws: OperationError("Cannot send a purchase order that is draft; it must be approved.")) {
            try ops.advancePurchaseOrder("PO-7", .send, by: Self.planner)
        }
        #expect(throws: OperationError("Cannot close a purchase order that is draft; it must be partiallyReceived or received.")) {
            try ops.advancePurchaseOrder("PO-7", .close, reason: "done", by: Self.planner)
        }
        _ = try ops.advancePurchaseOrder("PO-7", .approve, by: Self.planner)
        #expect(throws: OperationError("PO-7 is approved: only a draft takes new lines.")) {
            try ops.addPurchaseOrderLine("PO-7", Self.line("B", 1), by: Self.planner)
        }
        #expect(throws: OperationError("Purchase order PO-7 already exists.")) {
            try ops.createPurchaseOrder(PurchaseOrder(code: "PO-7", supplier: "SUP", location: "L2", currency: "GBP"), by: Self.planner)
        }
        #expect(throws: OperationError("No purchase order PO-8: qm po list shows them.")) { try ops.purchaseOrder("PO-8") }
        let stored = try ops.purchaseOrder("PO-7")
        #expect(stored.order.state == .approved && stored.order.lines.count == 1)
        #expect(try Self.inbound(db, "A", "L1") == 3)
    }

    @Test func linesFollowTheCatalogueAndTheSuppliersTerms() throws {
        let db = try Self.database()
        defer { db.remove() }
        let ops = db.ops
        _ = try ops.createPurchaseOrder(PurchaseOrder(code: "PO-P", supplier: "PACKS", location: "L1", currency: "GBP"), by: Self.planner)
        #expect(throws: OperationError("PO-P line SIX: 6 is below PACKS's minimum order of 10.")) {
            try ops.addPurchaseOrderLine("PO-P", Self.line("SIX", 6), by: Self.planner)
        }
        #expect(throws: OperationError("PO-P line SIX: PACKS sells SIX in packs of 6; order 12 or 18, not 13.")) {
            try ops.addPurchaseOrderLine("PO-P", Self.line("SIX", 13), by: Self.planner)
        }
        #expect(throws: OperationError("PO-P: unknown SKU NOPE.")) { try ops.addPurchaseOrderLine("PO-P", Self.line("NOPE", 12), by: Self.planner) }
        #expect(throws: OperationError("PO-P: KIT is a kit; kits hold no stock of their own, so buy its components.")) {
            try ops.addPurchaseOrderLine("PO-P", Self.line("KIT", 12), by: Self.planner)
        }
        _ = try ops.addPurchaseOrderLine("PO-P", Self.line("SIX", 12), by: Self.planner)
        #expect(throws: OperationError("PO-P: SIX is on the order twice; one line per SKU.")) {
            try ops.addPurchaseOrderLine("PO-P", Self.line("SIX", 18), by: Self.planner)
        }
        let euro = PurchaseOrderLine(sku: "A", quantity: 12, unitCost: Money(minorUnits: 1, currency: "EUR"), expectedDate: "2026-12-20")
        #expect(throws: OperationError("PO-P line A: the unit cost is in EUR but the order is in GBP.")) {
            try ops.addPurchaseOrderLine("PO-P", euro, by: Self.planner)
        }
        #expect(throws: OperationError("Unknown supplier NOBODY.")) {
            try ops.createPurchaseOrder(PurchaseOrder(code: "", supplier: "NOBODY", location: "L1", currency: "GBP"), by: Self.planner)
        }
        #expect(try ops.purchaseOrder("PO-P").order.lines.map(\.quantity) == [12])
    }

    @Test func aboveThePlannersLimitASupervisorApprovesAndOnlyAnAdminMovesTheLimit() throws {
        let db = try Self.database()
        defer { db.remove() }
        let ops = db.ops
        // 6,000.00 GBP: above the default limit of 5,000.00 GBP.
        _ = try ops.createPurchaseOrder(PurchaseOrder(code: "PO-BIG", supplier: "SUP", location: "L2", currency: "GBP",
                                                      lines: [Self.line("A", 600, cost: 1_000)]), by: Self.planner)
        #expect(throws: OperationError("PO-BIG: A planner may approve a purchase order worth up to 5000.00 GBP; this one is worth 6000.00 GBP: a supervisor or an admin approves it.")) {
            try ops.advancePurchaseOrder("PO-BIG", .approve, by: Self.planner)
        }
        #expect(try ops.purchaseOrder("PO-BIG").order.state == .draft)
        #expect(throws: OperationError("A planner may not change settings (pat is a planner; an admin may).")) {
            try ops.changeSetting(.plannerApprovalLimit, to: "10000 GBP", reason: "bigger buys", by: Self.planner)
        }
        #expect(throws: OperationError("po.planner-approval-limit must be an amount and a currency like 5000.00 GBP, got 'lots'.")) {
            try ops.changeSetting(.plannerApprovalLimit, to: "lots", reason: "bigger buys", by: Self.admin)
        }
        #expect(try ops.changeSetting(.plannerApprovalLimit, to: "10000 GBP", reason: "bigger buys", by: Self.admin) == "10000.00 GBP")
        #expect(try ops.settings().plannerApprovalLimit == Money(minorUnits: 1_000_000, currency: "GBP"))
        #expect(try ops.advancePurchaseOrder("PO-BIG", .approve, by: Self.planner).order.state == .approved)
        let entry = try #require(try ops.read { try $0.auditEntries(entity: "setting:po.planner-approval-limit", limit: 1) }.first)
        #expect(entry.before == "5000.00 GBP" && entry.after == "10000.00 GBP" && entry.reason == "bigger buys")

        _ = try ops.createPurchaseOrder(PurchaseOrder(code: "PO-HUGE", supplier: "SUP", location: "L2", currency: "GBP",
                                                      lines: [Self.line("B", 2_000, cost: 1_000)]), by: Self.planner)
        #expect(try ops.advancePurchaseOrder("PO-HUGE", .approve, by: Self.supervisor).order.state == .approved)
        #expect(try Self.inbound(db, "A", "L2") == 600 && Self.inbound(db, "B", "L2") == 2_000)
    }

    @Test func importingTheSameOrdersAgainChangesNothingAndOtherContentIsRefusedByLine() throws {
        let db = try Self.database()
        defer { db.remove() }
        let ops = db.ops
        func order(_ code: String, _ state: PurchaseOrderState, quantity: Int = 8) -> PurchaseOrder {
            PurchaseOrder(code: code, supplier: "SUP", location: "L1", currency: "GBP", state: state, lines: [Self.line("A", quantity)])
        }
        let first = try ops.importPurchaseOrders([ImportRow(line: 2, value: order("PO-1", .sent)), ImportRow(line: 3, value: order("PO-2", .draft))],
                                                 source: "pos.csv", by: Self.planner)
        #expect(first.created == 2 && first.unchanged == 0)
        #expect(try ops.purchaseOrder("PO-1").order.state == .sent && Self.inbound(db, "A", "L1") == 8)
        let again = try ops.importPurchaseOrders([ImportRow(line: 2, value: order("PO-1", .sent)), ImportRow(line: 3, value: order("PO-2", .draft))],
                                                 source: "pos.csv", by: Self.planner)
        #expect(again.created == 0 && again.updated == 0 && again.unchanged == 2)
        // A later state for the same order takes it on.
        let onward = try ops.importPurchaseOrders([ImportRow(line: 3, value: order("PO-2", .approved))], source: "pos.csv", by: Self.planner)
        #expect(onward.updated == 1)
        #expect(try ops.purchaseOrder("PO-2").order.state == .approved && Self.inbound(db, "A", "L1") == 16)

        let audits = try ops.read { try $0.auditEntries(limit: 1_000) }.count
        #expect(throws: OperationError("line 4: Purchase order PO-1 already exists with other content; change it with qm po, not by import.")) {
            try ops.importPurchaseOrders([ImportRow(line: 2, value: order("PO-3", .sent)), ImportRow(line: 4, value: order("PO-1", .sent, quantity: 9))],
                                         source: "pos.csv", by: Self.planner)
        }
        #expect(throws: OperationError("line 2: PO-4: an import brings purchase orders as draft, approved or sent, not received.")) {
            try ops.importPurchaseOrders([ImportRow(line: 2, value: order("PO-4", .received))], source: "pos.csv", by: Self.planner)
        }
        // Nothing of a refused import stays: not PO-3, not its inbound, not an audit entry.
        #expect(throws: OperationError("No purchase order PO-3: qm po list shows them.")) { try ops.purchaseOrder("PO-3") }
        #expect(try Self.inbound(db, "A", "L1") == 16)
        #expect(try ops.read { try $0.auditEntries(limit: 1_000) }.count == audits)
        #expect(try ops.verify().findings.isEmpty)
    }

    @Test func listingsFilterByStateSupplierAndLateness() throws {
        let db = try Self.database()
        defer { db.remove() }
        let ops = db.ops
        _ = try ops.importPurchaseOrders([
            ImportRow(line: 1, value: PurchaseOrder(code: "PO-LATE", supplier: "SUP", location: "L1", currency: "GBP", state: .sent,
                                                    lines: [Self.line("A", 5, expected: "2026-11-01"), Self.line("B", 5, expected: "2027-01-01")])),
            ImportRow(line: 2, value: PurchaseOrder(code: "PO-SOON", supplier: "SUP", location: "L1", currency: "GBP", state: .sent,
                                                    lines: [Self.line("A", 5, expected: "2027-01-01")])),
            ImportRow(line: 3, value: PurchaseOrder(code: "PO-OLD-DRAFT", supplier: "PACKS", location: "L1", currency: "GBP", state: .draft,
                                                    lines: [Self.line("A", 10, expected: "2026-10-01")])),
        ], source: "test", by: Self.planner)
        let late = try ops.read { try $0.purchaseOrders(PurchaseOrderFilter(lateOn: "2026-12-03"), limit: nil) }
        #expect(late.map(\.order.code) == ["PO-LATE"])   // a draft is not late: nobody expects it yet
        #expect(late[0].order.lateLines(today: "2026-12-03").map(\.sku) == ["A"])
        #expect(try ops.read { try $0.purchaseOrders(PurchaseOrderFilter(supplier: "PACKS"), limit: nil) }.map(\.order.code) == ["PO-OLD-DRAFT"])
        #expect(try ops.read { try $0.purchaseOrderCount(PurchaseOrderFilter(state: .sent)) } == 2)
        #expect(try ops.read { try $0.purchaseOrders(PurchaseOrderFilter(), limit: 1, offset: 1) }.map(\.order.code) == ["PO-SOON"])
    }
}
