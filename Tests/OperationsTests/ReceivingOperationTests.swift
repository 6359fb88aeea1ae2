import Testing
import Foundation
import Domain
import Store
@testable import Operations

/// Receiving through Operations on a real database: where goods go, the order's state and
/// inbound figure, backorders recovering, and refusals that change nothing.
@Suite struct ReceivingOperationTests {
    static let supervisor = OrderFixture.supervisor
    static let admin = OrderFixture.admin

    /// The order fixture plus a SKU flagged for inspection and a supplier allowing 10% over.
    static func fixture(stockA: (Int, Int) = (0, 0)) throws -> OrderFixture {
        let f = try OrderFixture(stockA: stockA, stockB: (0, 0))
        _ = try f.ops.importSuppliers([ImportRow(line: 1, value: Supplier(code: "LOOSE", name: "Loose", leadTimeMeanDays: 5, leadTimeSpreadDays: 1,
                                                                          onTimePerMille: 900, tolerance: ReceivingTolerance(overPercent: 10, underPercent: 10)))],
                                      source: "test", by: admin)
        _ = try f.ops.importSKUs([ImportRow(line: 1, value: SKURecord(sku: SKU(code: "Q", name: "Inspected", unitCost: Money(minorUnits: 10, currency: "GBP"),
                                                                                listPrice: Money(minorUnits: 20, currency: "GBP"), inspectOnReceipt: true)))],
                                 source: "test", by: admin)
        return f
    }

    static func order(_ code: String, _ lines: [(String, Int)], supplier: String = "LOOSE", location: String = "L1",
                      expected: String = "2026-12-05") -> PurchaseOrder {
        PurchaseOrder(code: code, supplier: supplier, location: location, currency: "GBP", state: .sent,
                      lines: lines.map { PurchaseOrderLine(sku: $0.0, quantity: $0.1, unitCost: Money(minorUnits: 10, currency: "GBP"),
                                                           expectedDate: expected) })
    }

    static func inbound(_ f: OrderFixture, _ sku: String, _ location: String) throws -> Int {
        try f.ops.read { try $0.positionRows(PositionFilter(location: location, sku: sku), limit: 1) }.first?.inbound ?? 0
    }

    @Test func goodDamagedAndInspectedGoodsGoWhereTheRulesSayAndTheOrderFollows() throws {
        let f = try Self.fixture()
        defer { f.db.remove() }
        _ = try f.ops.importPurchaseOrders([ImportRow(line: 1, value: Self.order("PO-1", [("A", 20), ("Q", 10)]))], source: "test", by: Self.admin)
        #expect(try Self.inbound(f, "A", "L1") == 20 && Self.inbound(f, "Q", "L1") == 10)

        let request = ReceiptRequest(purchaseOrder: "PO-1", lines: [ReceivedLine(sku: "A", quantity: 12), ReceivedLine(sku: "A", quantity: 3, condition: .damaged),
                                                                    ReceivedLine(sku: "Q", quantity: 10)], arrivedOn: nil, note: "dock 2")
        let plan = try f.ops.planReceipt(request, by: Self.supervisor)
        #expect(try f.position("A", "L1") == StockPosition())   // a plan writes nothing
        let first = try f.ops.receive([request], by: Self.supervisor)[0]
        // What the console confirmed is what was done.
        #expect(plan.lines.map(\.line) == first.lines.map { ReceivedLine(sku: $0.sku, quantity: $0.quantity, condition: $0.condition) })
        #expect(plan.lines.map(\.status) == first.lines.map(\.status) && plan.stateAfter == first.stateAfter && plan.location == "L1")
        #expect(first.stateBefore == .sent && first.stateAfter == .partiallyReceived)
        #expect(first.lines.map { "\($0.sku) \($0.quantity) \($0.status.rawValue)" } == ["A 12 sellable", "A 3 damaged", "Q 10 quarantine"])
        #expect(try f.position("A", "L1") == StockPosition(sellable: 12, reserved: 0, quarantine: 0, damaged: 3, returnPending: 0))
        #expect(try f.position("Q", "L1") == StockPosition(sellable: 0, reserved: 0, quarantine: 10, damaged: 0, returnPending: 0))
        // 15 of 20 arrived: 5 still inbound; Q is complete.
        #expect(try Self.inbound(f, "A", "L1") == 5 && Self.inbound(f, "Q", "L1") == 0)

        // 10% over allows 22 of A in all: 7 more completes the order and nothing stays inbound.
        let second = try f.ops.receive([ReceiptRequest(purchaseOrder: "PO-1", lines: [ReceivedLine(sku: "A", quantity: 7)])], by: Self.supervisor)[0]
        #expect(second.stateAfter == .received)
        #expect(try Self.inbound(f, "A", "L1") == 0 && f.position("A", "L1").sellable == 19)
        #expect(try f.ops.purchaseOrder("PO-1").order.lines.map(\.received) == [22, 10])

        let receipts = try f.ops.read { r in try r.receipts(purchaseOrder: try r.purchaseOrder("PO-1")!.id) }
        #expect(receipts.count == 2 && receipts[0].note == "dock 2" && receipts[0].receivedBy == "sam" && receipts[0].lines.count == 3)
        let history = try f.ops.read { try $0.auditEntries(entity: "po:PO-1", limit: 10) }
        #expect(history.filter { $0.command == "po.receive" }.count == 2)
        // The receipt's entry is the audit of its moves: each position it changed, before and after.
        let receipt = try #require(history.last { $0.command == "po.receive" })
        #expect(receipt.actor == "sam" && receipt.reason.hasPrefix("received 25 units on PO-1: dock 2"))
        #expect(receipt.after?.contains(#"{"after":{"damaged":3,"quarantine":0,"reserved":0,"returnPending":0,"sellable":12},"before":{"damaged":0"#) == true,
                "\(receipt.after ?? "")")
        #expect(try f.ops.verify().findings.isEmpty)
        // What the receipts teach about the supplier: arrived today, expected on the 5th.
        let learnt = try #require(SupplierPerformance.learn(try f.ops.read { try $0.deliveries(supplier: "LOOSE") }))
        #expect(learnt.receipts == 2)
    }

    @Test func aBackorderCoveredByAnOrderIsAllocatedAfterTheReceipt() throws {
        let f = try Self.fixture()
        defer { f.db.remove() }
        _ = try f.ops.importPurchaseOrders([ImportRow(line: 1, value: Self.order("PO-9", [("A", 10)], expected: "2026-12-20"))],
                                           source: "test", by: Self.admin)
        try f.capture([OrderFixture.draft("W-1", [("A", 4)], promise: "2026-12-30")])
        _ = try f.ops.allocate(AllocationOptions(), by: OrderFixture.planner)
        let waiting = try f.record("W-1")
        #expect(waiting.header.state == .backordered && waiting.lines[0].expectedDate == "2026-12-20")
        // The supplier slips a week: the backorder's date follows in the same transaction.
        let slipped = try f.ops.reschedulePurchaseOrder("PO-9", sku: nil, to: "2026-12-27", reason: "supplier confirmed a later ship date",
                                                        by: OrderFixture.planner)
        #expect(slipped.order.lines[0].expectedDate == "2026-12-27")
        #expect(try f.ops.read { try $0.openInbound(sku: "A") }.map(\.expectedDate) == ["2026-12-27"])
        #expect(try f.record("W-1").lines[0].expectedDate == "2026-12-27")
        let audit = try #require(try f.ops.read { try $0.auditEntries(entity: "po:PO-9", limit: 1) }.first)
        #expect(audit.reason == "expected 2026-12-27 (was: A from 2026-12-20): supplier confirmed a later ship date (1 backordered line re-dated)")
        #expect(throws: OperationError("Nothing to move on PO-9: every line still open is already expected 2026-12-27 or has arrived.")) {
            try f.ops.reschedulePurchaseOrder("PO-9", sku: nil, to: "2026-12-27", reason: "again", by: OrderFixture.planner)
        }
        #expect(throws: OperationError("B is not on PO-9 (it orders A).")) {
            try f.ops.reschedulePurchaseOrder("PO-9", sku: "B", to: "2026-12-28", reason: "x", by: OrderFixture.planner)
        }

        let outcome = try f.ops.receive([ReceiptRequest(purchaseOrder: "PO-9", lines: [ReceivedLine(sku: "A", quantity: 10)])], by: Self.supervisor)[0]
        #expect(outcome.waiting == [ReceiptOutcome.Waiting(sku: "A", backordered: 4)])
        _ = try f.ops.allocate(AllocationOptions(), by: OrderFixture.planner)
        let served = try f.record("W-1")
        #expect(served.header.state == .allocated && served.lines[0].allocated == 4)
        #expect(try f.position("A", "L1") == StockPosition(sellable: 6, reserved: 4, quarantine: 0, damaged: 0, returnPending: 0))
    }

    @Test func backorderDatesFollowTheSupplyThatCoversThem() throws {
        let f = try Self.fixture()
        defer { f.db.remove() }
        _ = try f.ops.importPurchaseOrders([ImportRow(line: 1, value: Self.order("PO-1", [("A", 3)], expected: "2026-12-10"))],
                                           source: "test", by: Self.admin)
        try f.capture([OrderFixture.draft("W-1", [("A", 2)], promise: "2026-12-30"),
                       OrderFixture.draft("W-2", [("A", 2)], promise: "2026-12-31")])
        _ = try f.ops.allocate(AllocationOptions(), by: OrderFixture.planner)
        // Three units come on the 10th: enough for W-1, not for W-2 behind it.
        #expect(try f.record("W-1").lines[0].expectedDate == "2026-12-10" && f.record("W-2").lines[0].expectedDate == nil)
        // A second order approved on the 18th covers W-2; cancelling the first moves W-1 to it too.
        var second = Self.order("PO-2", [("A", 5)], expected: "2026-12-18")
        second.state = .draft
        _ = try f.ops.importPurchaseOrders([ImportRow(line: 1, value: second)], source: "test", by: Self.admin)
        #expect(try f.record("W-2").lines[0].expectedDate == nil)   // a draft is no supply
        _ = try f.ops.advancePurchaseOrder("PO-2", .approve, by: Self.admin)
        #expect(try f.record("W-2").lines[0].expectedDate == "2026-12-18")
        _ = try f.ops.advancePurchaseOrder("PO-1", .cancel, reason: "supplier cannot deliver", by: Self.admin)
        #expect(try f.record("W-1").lines[0].expectedDate == "2026-12-18" && f.record("W-2").lines[0].expectedDate == "2026-12-18")
        _ = try f.ops.advancePurchaseOrder("PO-2", .cancel, reason: "bought elsewhere", by: Self.admin)
        #expect(try f.record("W-1").lines[0].expectedDate == nil && f.record("W-2").lines[0].expectedDate == nil)
    }

    @Test func aReceiptThatBreaksARuleIsRefusedAndChangesNothing() throws {
        let f = try Self.fixture()
        defer { f.db.remove() }
        _ = try f.ops.importPurchaseOrders([ImportRow(line: 1, value: Self.order("PO-1", [("A", 20)])),
                                            ImportRow(line: 2, value: Self.order("PO-X", [("B", 5)]))], source: "test", by: Self.admin)
        _ = try f.ops.advancePurchaseOrder("PO-X", .cancel, reason: "not needed", by: Self.admin)
        let audits = try f.auditCount()
        let moves = try f.ops.read { try $0.moveCount() }
        func refused(_ message: String, _ request: ReceiptRequest, by actor: Actor = Self.supervisor) {
            #expect(throws: OperationError(message)) { try f.ops.receive([request], by: actor) }
            // The console's plan refuses with the same sentence (it takes today as the arrival).
            if request.arrivedOn == nil { #expect(throws: OperationError(message)) { try f.ops.planReceipt(request, by: actor) } }
        }
        refused("PO-X is cancelled: nothing can be received against it.", ReceiptRequest(purchaseOrder: "PO-X", lines: [ReceivedLine(sku: "B", quantity: 1)]))
        refused("B is not on PO-1 (it orders A).", ReceiptRequest(purchaseOrder: "PO-1", lines: [ReceivedLine(sku: "B", quantity: 1)]))
        refused("PO-1 line A: a receipt needs a quantity of at least 1, got 0.", ReceiptRequest(purchaseOrder: "PO-1", lines: [ReceivedLine(sku: "A", quantity: 0)]))
        refused("PO-1 line A: 23 would have arrived against 20 ordered; the supplier's tolerance allows at most 22 (10% over).",
                ReceiptRequest(purchaseOrder: "PO-1", lines: [ReceivedLine(sku: "A", quantity: 20), ReceivedLine(sku: "A", quantity: 3, condition: .damaged)]))
        refused("The arrival date 2999-01-01 is in the future (today is \(f.ops.today)).",
                ReceiptRequest(purchaseOrder: "PO-1", lines: [ReceivedLine(sku: "A", quantity: 1)], arrivedOn: "2999-01-01"))
        refused("The arrival date '1/12/2026' is not a date like 2026-12-24.",
                ReceiptRequest(purchaseOrder: "PO-1", lines: [ReceivedLine(sku: "A", quantity: 1)], arrivedOn: "1/12/2026"))
        refused("A customer-service agent may not receive goods (cora is a customer-service agent; a supervisor or an admin may).",
                ReceiptRequest(purchaseOrder: "PO-1", lines: [ReceivedLine(sku: "A", quantity: 1)]), by: OrderFixture.service)
        // A good receipt beside a bad one: neither is written.
        #expect(throws: OperationError("B is not on PO-1 (it orders A).")) {
            try f.ops.receive([ReceiptRequest(purchaseOrder: "PO-1", lines: [ReceivedLine(sku: "A", quantity: 5)]),
                               ReceiptRequest(purchaseOrder: "PO-1", lines: [ReceivedLine(sku: "B", quantity: 1)])], by: Self.supervisor)
        }
        #expect(try f.auditCount() == audits && f.ops.read { try $0.moveCount() } == moves)
        #expect(try f.ops.purchaseOrder("PO-1").order.lines[0].received == 0 && Self.inbound(f, "A", "L1") == 20)
    }

    @Test func aNoticeIsClosedByCountingItsGoodsOrByDismissingItWithAReason() throws {
        let f = try Self.fixture()
        defer { f.db.remove() }
        _ = try f.ops.importPurchaseOrders([ImportRow(line: 1, value: Self.order("PO-1", [("A", 20), ("Q", 10)])),
                                            ImportRow(line: 2, value: Self.order("PO-2", [("A", 5)]))], source: "test", by: Self.admin)
        func notice(_ ref: String, _ po: String, _ lines: [(String, Int)]) -> ImportRow<AdvanceShippingNotice> {
            ImportRow(line: 1, value: AdvanceShippingNotice(ref: ref, purchaseOrder: po, expectedArrival: "2026-12-01",
                                                             lines: lines.map { .init(sku: $0.0, quantity: $0.1) }))
        }
        let summary = try f.ops.importShippingNotices([notice("SH-1", "PO-1", [("A", 30), ("Q", 10)]), notice("SH-2", "PO-2", [("A", 5)]),
                                                       notice("SH-3", "PO-2", [("A", 1)])], source: "test", by: Self.admin)
        #expect(summary.withExceptions == 1)   // 30 of A is more than PO-1 takes (22 with 10% over)

        // Counted: 20 of A and 10 of Q arrived under SH-1; the notice is received with the receipt.
        let counted = ReceiptRequest(purchaseOrder: "PO-1", lines: [ReceivedLine(sku: "A", quantity: 20), ReceivedLine(sku: "Q", quantity: 10)],
                                     notice: "SH-1")
        #expect(throws: OperationError("Shipping notice SH-1 is for PO-1, not PO-2.")) {
            try f.ops.receive([ReceiptRequest(purchaseOrder: "PO-2", lines: [ReceivedLine(sku: "A", quantity: 1)], notice: "SH-1")], by: Self.supervisor)
        }
        #expect(try f.ops.planReceipt(counted, by: Self.supervisor).notice == "SH-1")
        _ = try f.ops.receive([counted], by: Self.supervisor)
        let closed = try #require(try f.ops.read { try $0.shippingNotice("SH-1") })
        #expect(closed.state == "received" && closed.closedBy == "sam" && closed.closeNote?.hasPrefix("counted: 30 units received (receipt ") == true)
        #expect(throws: OperationError("Shipping notice SH-1 is received already.")) { try f.ops.planReceipt(counted, by: Self.supervisor) }

        // Dismissed: with a reason, by the receiving supervisor; then nothing more happens to it.
        #expect(throws: OperationError("Dismissing a shipping notice needs a reason (--reason): what became of its goods.")) {
            try f.ops.dismissShippingNotice("SH-3", reason: "", by: Self.supervisor)
        }
        #expect(throws: OperationError("A planner may not dismiss shipping notices (pat is a planner; a supervisor or an admin may).")) {
            try f.ops.dismissShippingNotice("SH-3", reason: "replaced by SH-2", by: OrderFixture.planner)
        }
        try f.ops.dismissShippingNotice("SH-3", reason: "replaced by SH-2", by: Self.supervisor)
        let dismissed = try #require(try f.ops.read { try $0.shippingNotice("SH-3") })
        #expect(dismissed.state == "dismissed" && dismissed.closeNote == "replaced by SH-2")
        #expect(throws: OperationError("Shipping notice SH-3 is dismissed already.")) {
            try f.ops.receiveShippingNotice("SH-3", arrivedOn: nil, note: "", by: Self.supervisor)
        }
        #expect(throws: OperationError("Shipping notice SH-1 is received already.")) {
            try f.ops.dismissShippingNotice("SH-1", reason: "x", by: Self.supervisor)
        }
        let audit = try f.ops.read { try $0.auditEntries(entity: "asn:SH-3", limit: 5) }
        #expect(audit.contains { $0.command == "asn.dismiss" && $0.reason == "dismissed: replaced by SH-2" && $0.after == "dismissed" })
        #expect(try f.ops.read { try $0.shippingNotices(openOnly: true) }.map(\.notice.ref) == ["SH-2"])
        #expect(try f.ops.verify().isClean)
    }

    /// An order that can take no more goods takes its open notices with it (they would wait in
    /// the late-notices queue for ever); a partial receipt leaves them for the rest.
    @Test func anOrderThatCanTakeNoMoreGoodsDismissesItsOpenNotices() throws {
        let f = try Self.fixture()
        defer { f.db.remove() }
        _ = try f.ops.importPurchaseOrders([ImportRow(line: 1, value: Self.order("PO-1", [("A", 20)])),
                                            ImportRow(line: 2, value: Self.order("PO-2", [("A", 10)])),
                                            ImportRow(line: 3, value: Self.order("PO-3", [("A", 5)]))], source: "test", by: Self.admin)
        let notices = [("SH-1", "PO-1"), ("SH-2", "PO-2"), ("SH-3", "PO-3")].map { ref, po in
            ImportRow(line: 1, value: AdvanceShippingNotice(ref: ref, purchaseOrder: po, expectedArrival: "2026-12-01", lines: [.init(sku: "A", quantity: 5)]))
        }
        _ = try f.ops.importShippingNotices(notices, source: "test", by: Self.admin)
        func state(_ ref: String) throws -> String? { try f.ops.read { try $0.shippingNotice(ref) }?.state }

        // Part of PO-1 and PO-2, without their notices: both stay open for the rest.
        #expect(try f.ops.planReceipt(ReceiptRequest(purchaseOrder: "PO-1", lines: [ReceivedLine(sku: "A", quantity: 15)]), by: Self.supervisor)
                    .dismissing.isEmpty)
        _ = try f.ops.receive([ReceiptRequest(purchaseOrder: "PO-1", lines: [ReceivedLine(sku: "A", quantity: 15)]),
                               ReceiptRequest(purchaseOrder: "PO-2", lines: [ReceivedLine(sku: "A", quantity: 4)])], by: Self.supervisor)
        #expect(try state("SH-1") == "open" && state("SH-2") == "open")
        // The rest of PO-1 from a scanner file: received in full, its notice goes with it, as
        // the plan the console confirms says.
        let rest = ReceiptRequest(purchaseOrder: "PO-1", lines: [ReceivedLine(sku: "A", quantity: 5)])
        #expect(try f.ops.planReceipt(rest, by: Self.supervisor).dismissing == ["SH-1"])
        let file = ReceiptFileLine(purchaseOrder: "PO-1", line: ReceivedLine(sku: "A", quantity: 5))
        let outcome = try f.ops.receive(source: "scan.csv", arrivedOn: nil, note: "", by: Self.supervisor,
                                        produce: Operations.each([ImportRow(line: 2, value: file)]))
        #expect(outcome.map(\.dismissedNotices) == [["SH-1"]])
        let sh1 = try #require(try f.ops.read { try $0.shippingNotice("SH-1") })
        #expect(sh1.state == "dismissed" && sh1.closedBy == "sam" && sh1.closeNote == "PO-1 is received: nothing more can be received against it")
        // Closing PO-2 and cancelling PO-3 end theirs, audited under the planner's command.
        _ = try f.ops.advancePurchaseOrder("PO-2", .close, reason: "the rest never comes", by: Self.admin)
        _ = try f.ops.advancePurchaseOrder("PO-3", .cancel, reason: "not needed", by: Self.admin)
        #expect(try state("SH-2") == "dismissed" && state("SH-3") == "dismissed")
        let audit = try f.ops.read { try $0.auditEntries(entity: "asn:SH-3", limit: 5) }
        #expect(audit.contains { $0.command == "po.cancel" && $0.reason == "dismissed with its order: PO-3 is cancelled: nothing more can be received against it" },
                "\(audit.map(\.reason))")
        #expect(try f.ops.read { try $0.shippingNotices(openOnly: true) }.isEmpty)
        #expect(try f.ops.verify().isClean)
    }

    /// Random orders, receipts, cancellations, closures and transfers: every ledger invariant
    /// holds after each step, and each position's inbound is exactly what its open orders still
    /// expect plus what shipped transfers carry to it.
    @Test(arguments: [1, 2, 3] as [UInt64])
    func randomPurchaseOrderHistoriesKeepInboundEqualToOpenOrdersAndTransfers(seed: UInt64) throws {
        let f = try Self.fixture()
        defer { f.db.remove() }
        _ = try f.ops.importLocations([ImportRow(line: 1, value: Location(code: "TRANSIT", name: "On the road", kind: .inTransit, fulfils: false))],
                                      source: "test", by: Self.admin)
        var rng = SeededRandom(seed: seed)
        var codes: [String] = [], transfers: [String] = []
        for step in 0..<120 {
            switch Int.random(in: 0..<13, using: &rng) {
            case 10:
                let from = rng.chance(50) ? "L1" : "L2"
                let sku = ["A", "B", "Q"].randomElement(using: &rng)!
                let record = try f.ops.createTransfer(Transfer(code: "", from: from, to: from == "L1" ? "L2" : "L1", leadDays: 2,
                                                               lines: [Transfer.Line(sku: sku, quantity: Int.random(in: 1...8, using: &rng))]),
                                                      by: Self.admin)
                transfers.append(record.transfer.code)
            case 11 where !transfers.isEmpty:
                _ = try? f.ops.advanceTransfer(transfers.randomElement(using: &rng)!, .ship, by: Self.admin)
            case 12 where !transfers.isEmpty:
                _ = try? f.ops.advanceTransfer(transfers.randomElement(using: &rng)!, rng.chance(70) ? .receive : .cancel, reason: "random",
                                               by: Self.admin)
            case 0..<3:
                let code = "PO-R\(step)"
                let skus = ["A", "B", "Q"].filter { _ in rng.chance(60) }
                let lines = (skus.isEmpty ? ["A"] : skus).map { ($0, Int.random(in: 1...30, using: &rng)) }
                var order = Self.order(code, lines, supplier: rng.chance(50) ? "LOOSE" : "SUP", location: rng.chance(50) ? "L1" : "L2")
                order.state = [.draft, .approved, .sent][Int.random(in: 0..<3, using: &rng)]
                if try f.ops.read({ try $0.supplierID("SUP") }) == nil {
                    _ = try f.ops.importSuppliers([ImportRow(line: 1, value: Supplier(code: "SUP", name: "Strict", leadTimeMeanDays: 5,
                                                                                      leadTimeSpreadDays: 1, onTimePerMille: 900))],
                                                  source: "test", by: Self.admin)
                }
                _ = try f.ops.importPurchaseOrders([ImportRow(line: 1, value: order)], source: "test", by: Self.admin)
                codes.append(code)
            case 3..<7 where !codes.isEmpty:
                // One receipt, or several in one transaction (a scanner file), which may reach the
                // same positions and the same order more than once.
                var requests: [ReceiptRequest] = []
                for _ in 0..<(rng.chance(40) ? Int.random(in: 2...3, using: &rng) : 1) {
                    let code = codes.randomElement(using: &rng)!
                    let po = try f.ops.purchaseOrder(code).order
                    let line = po.lines.randomElement(using: &rng)!
                    let units = Int.random(in: 1...max(1, line.open / 2 + 2), using: &rng)
                    requests.append(ReceiptRequest(purchaseOrder: code, lines: [ReceivedLine(sku: line.sku, quantity: units,
                                                                                             condition: rng.chance(20) ? .damaged : .good)]))
                }
                _ = try? f.ops.receive(requests, by: Self.supervisor)
            case 7 where !codes.isEmpty:
                _ = try? f.ops.advancePurchaseOrder(codes.randomElement(using: &rng)!, .cancel, reason: "random", by: Self.admin)
            case 8 where !codes.isEmpty:
                _ = try? f.ops.advancePurchaseOrder(codes.randomElement(using: &rng)!, .close, reason: "random", by: Self.admin)
            default:
                if let code = codes.randomElement(using: &rng) {
                    _ = try? f.ops.advancePurchaseOrder(code, rng.chance(50) ? .approve : .send, by: Self.admin)
                }
            }
            #expect(try f.ops.verify().findings.isEmpty, "step \(step)")
            var expected: [String: Int] = [:]
            for record in try f.ops.read({ try $0.purchaseOrders(PurchaseOrderFilter(), limit: nil) }) where record.order.state.countsAsInbound {
                for line in record.order.lines { expected["\(line.sku)@\(record.order.location)", default: 0] += line.open }
            }
            for record in try f.ops.read({ try $0.transfers(state: .shipped, limit: nil) }) {
                for line in record.transfer.lines { expected["\(line.sku)@\(record.transfer.to)", default: 0] += line.quantity }
            }
            for sku in ["A", "B", "Q"] {
                for location in ["L1", "L2"] {
                    #expect(try Self.inbound(f, sku, location) == expected["\(sku)@\(location)"] ?? 0, "step \(step): \(sku)@\(location)")
                }
            }
        }
        // The fixture starts with no stock: receipts were made, and transfers went on their way.
        #expect(try f.ops.read { try $0.moveCount() } > 0)
        #expect(try f.ops.read { try $0.transfers(state: nil, limit: nil) }.contains { $0.transfer.state != .created })
    }
}
