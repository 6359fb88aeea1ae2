import Testing
import Foundation
import Domain
import Store
@testable import Operations

/// Orders against a real database: L1 and L2 ship to region R (L1 faster), stock of A and
/// B at both, KIT = 2 A + 1 B. Users for each role.
struct OrderFixture {
    let db: TestDatabase
    var ops: Operations { db.ops }
    static let admin = TestDatabase.admin
    static let supervisor = TestDatabase.supervisor
    static let service = TestDatabase.service
    static let planner = Actor(name: "pat", role: .planner)
    static let finance = Actor(name: "fin", role: .finance)

    init(stockA: (Int, Int) = (10, 10), stockB: (Int, Int) = (5, 5)) throws {
        db = try TestDatabase()
        let a = Self.admin
        for (name, role) in [("sam", Role.supervisor), ("cora", .customerService), ("pat", .planner), ("fin", .finance)] {
            try db.ops.addUser(name: name, role: role, by: a)
        }
        let gbp = { (n: Int64) in Money(minorUnits: n, currency: "GBP") }
        _ = try db.ops.importLocations([
            ImportRow(line: 1, value: Location(code: "L1", name: "North", kind: .warehouse, fulfils: true,
                                               regions: [ServiceRegion(region: "R", transitDays: 1, shippingCost: gbp(500))])),
            ImportRow(line: 2, value: Location(code: "L2", name: "South", kind: .warehouse, fulfils: true,
                                               regions: [ServiceRegion(region: "R", transitDays: 3, shippingCost: gbp(300))])),
        ], source: "test", by: a)
        var levels: [StockLevel] = []
        for (sku, (l1, l2)) in [("A", stockA), ("B", stockB)] {
            if l1 > 0 { levels.append(StockLevel(sku: sku, location: "L1", status: .sellable, quantity: l1)) }
            if l2 > 0 { levels.append(StockLevel(sku: sku, location: "L2", status: .sellable, quantity: l2)) }
        }
        _ = try db.ops.importStock(levels.enumerated().map { ImportRow(line: $0 + 1, value: $1) }, source: "test", by: a)
    }

    static func draft(_ ref: String, _ lines: [(String, Int)], channel: String = "web", customer: String = "C1",
                      promise: String = "2026-12-10", change: (inout OrderDraft) -> Void = { _ in }) -> OrderDraft {
        var d = OrderDraft(channel: channel, externalRef: ref, customer: customer,
                           shipTo: Address(name: "Ann", line1: "1 High St", city: "Leeds", postcode: "LS1", country: "GB", region: "R"),
                           promiseDate: promise, orderedAt: "2026-11-20 10:00:00",
                           lines: lines.map { OrderLineDraft(sku: $0.0, quantity: $0.1, unitPrice: 250, tax: 50) })
        change(&d)
        return d
    }

    @discardableResult
    func capture(_ drafts: [OrderDraft], partial: Bool = false) throws -> OrderImportOutcome {
        try ops.captureOrders(drafts.enumerated().map { ImportRow(line: $0 + 2, value: $1) }, source: "test", partial: partial, by: Self.admin)
    }

    /// Test references are unique across channels, so the reference alone finds the order.
    func id(_ ref: String) throws -> Int64 { try ops.findOrder(ref).header.id }
    func record(_ ref: String) throws -> OrderRecord { try ops.findOrder(ref) }
    func position(_ sku: String, _ loc: String) throws -> StockPosition {
        try ops.read { r in try r.position(skuID: r.skuID(sku)!, locationID: r.locationID(loc)!) }
    }
    func auditCount() throws -> Int { try ops.read { try $0.auditEntries(limit: 1_000_000).count } }
}

@Suite struct OrderCaptureTests {
    @Test func cleanOrdersAreReleasedHeldOnesWaitAndAReimportChangesNothing() throws {
        let f = try OrderFixture()
        defer { f.db.remove() }
        let drafts = [OrderFixture.draft("W-1", [("A", 2)]),
                      OrderFixture.draft("W-2", [("B", 1)]) { $0.fraudScore = 90 },
                      OrderFixture.draft("W-3", [("NEW-SKU", 1)]) { $0.lines[0].description = "Mystery item" }]
        let first = try f.capture(drafts)
        #expect(first.created == 3 && first.released == 2 && first.held == 1 && first.skusCreated == 1 && first.duplicates == 0)
        #expect(try f.record("W-1").header.state == .released)
        let held = try f.record("W-2")
        #expect(held.header.state == .validated && held.openHolds.map(\.reason) == [.fraud] && held.openHolds[0].owner == .supervisor)
        let created = try f.ops.read { try $0.sku("NEW-SKU") }
        #expect(created?.name == "Mystery item")
        #expect(try f.ops.read { try $0.skusNeedingReview(limit: 10) } == ["NEW-SKU"])

        let audit = try f.auditCount()
        let again = try f.capture(drafts)
        #expect(again.created == 0 && again.duplicates == 3 && again.skusCreated == 0)
        #expect(try f.auditCount() == audit)
        #expect(try f.ops.read { try $0.orderCount() } == 3)
    }

    @Test func aBadOrderRollsBackTheBatchUnlessPartial() throws {
        let f = try OrderFixture()
        defer { f.db.remove() }
        let drafts = [OrderFixture.draft("W-1", [("A", 2)]), OrderFixture.draft("W-2", [("A", 0)])]
        #expect(throws: OperationError("line 3: Order web/W-2 line 1 (A): quantity must be 1-1000000000, got 0.")) {
            try f.capture(drafts)
        }
        #expect(try f.ops.read { try $0.orderCount() } == 0)
        let partial = try f.capture(drafts, partial: true)
        #expect(partial.created == 1 && partial.rejected.map(\.line) == [3])
    }
}

@Suite struct OrderHoldAndCancelTests {
    @Test func customerServiceHandlesCustomerAndAddressHoldsButNotFraud() throws {
        let f = try OrderFixture()
        defer { f.db.remove() }
        try f.capture([OrderFixture.draft("W-1", [("A", 1)]) { $0.fraudScore = 95 }, OrderFixture.draft("W-2", [("A", 1)])])
        let fraud = String(try f.id("W-1")), clean = String(try f.id("W-2"))
        let before = try f.auditCount()
        #expect(throws: OperationError("A customer-service agent may not release a fraud hold (cora is a customer-service agent; a supervisor or an admin may).")) {
            try f.ops.releaseHolds(order: fraud, by: OrderFixture.service)
        }
        #expect(throws: OperationError.self) { try f.ops.hold(order: clean, reason: .fraud, by: OrderFixture.service) }
        #expect(try f.auditCount() == before)

        let held = try f.ops.hold(order: clean, reason: .customer, note: "call back Friday", by: OrderFixture.service)
        #expect(held.openHolds == 1 && held.state == .released)
        #expect(throws: OperationError("Order \(clean) is already on a customer hold.")) {
            try f.ops.hold(order: clean, reason: .customer, by: OrderFixture.service)
        }
        // Allocation skips held orders.
        let run = try f.ops.allocate(AllocationOptions(), by: OrderFixture.planner)
        #expect(run.orders == 0)
        _ = try f.ops.releaseHolds(order: clean, by: OrderFixture.service)
        #expect(throws: OperationError("Releasing a fraud hold needs a note saying why (order \(fraud)).")) {
            try f.ops.releaseHolds(order: fraud, by: OrderFixture.supervisor)
        }
        let released = try f.ops.releaseHolds(order: fraud, note: "card holder confirmed", by: OrderFixture.supervisor)
        #expect(released.header.state == .released && released.released == [.fraud])
        let history = try f.ops.read { try $0.auditEntries(entity: "order:\(clean)", limit: 10) }
        #expect(history.map(\.command) == ["order.release", "order.hold", "order.import"])
        #expect(history[1].actor == "cora" && history[1].reason == "customer hold: call back Friday")
    }

    @Test func aPartialReleaseSaysWhatIsLeftAndForWhom() throws {
        let f = try OrderFixture()
        defer { f.db.remove() }
        try f.capture([OrderFixture.draft("W-1", [("A", 1)]) { $0.fraudScore = 95; $0.shipTo.postcode = "" }])
        let id = try f.id("W-1")
        let result = f.ops.apply(.release(nil), to: [id], by: OrderFixture.service)
        #expect(result.done == [id] && result.refused.isEmpty)
        #expect(result.notes.map(\.note) == ["still on fraud (supervisor) hold"])
        #expect(try f.record("W-1").openHolds.map(\.reason) == [.fraud])
    }

    @Test func cancellingFreesTheReservationsInTheSameTransaction() throws {
        let f = try OrderFixture()
        defer { f.db.remove() }
        try f.capture([OrderFixture.draft("W-1", [("A", 3), ("KIT", 2)])])
        let id = String(try f.id("W-1"))
        _ = try f.ops.allocate(AllocationOptions(), by: OrderFixture.planner)
        let allocated = try f.record("W-1")
        #expect(allocated.header.state == .allocated)
        // 3 A + 2 kits (4 A, 2 B) from L1, the fastest node holding it all.
        #expect(try f.position("A", "L1") == StockPosition(sellable: 3, reserved: 7, quarantine: 0, damaged: 0, returnPending: 0))
        #expect(try f.position("B", "L1").reserved == 2)

        let lineCancelled = try f.ops.cancel(order: id, line: 2, reason: .customerRequest, by: OrderFixture.service)
        #expect(lineCancelled.state == .allocated)
        #expect(try f.position("A", "L1").reserved == 3 && f.position("B", "L1").reserved == 0)
        let cancelled = try f.ops.cancel(order: id, reason: .customerRequest, note: "changed mind", by: OrderFixture.service)
        #expect(cancelled.state == .cancelled)
        #expect(try f.position("A", "L1") == StockPosition(sellable: 10, reserved: 0, quarantine: 0, damaged: 0, returnPending: 0))
        let lines = try f.record("W-1").lines
        #expect(lines.map(\.cancelled) == [3, 2] && lines.allSatisfy { $0.allocated == 0 })
        #expect(try f.ops.verify().isClean)
        #expect(throws: OperationError("Order \(id) is cancelled: only orders not yet shipped can be cancelled.")) {
            try f.ops.cancel(order: id, reason: .other, by: OrderFixture.service)
        }
    }

    /// An order shipped with one line cancelled verifies clean: its lines add up to nothing
    /// outstanding and something shipped, though the cancelled line shipped nothing.
    @Test func anOrderShippedWithALineCancelledVerifies() throws {
        let f = try OrderFixture()
        defer { f.db.remove() }
        try f.capture([OrderFixture.draft("W-1", [("B", 2), ("A", 3)])])
        let id = String(try f.id("W-1"))
        _ = try f.ops.cancel(order: id, line: 1, reason: .customerRequest, by: OrderFixture.service)
        _ = try f.ops.allocate(AllocationOptions(), by: OrderFixture.planner)
        _ = try f.ops.advance(order: id, .pick, by: OrderFixture.supervisor)
        _ = try f.ops.advance(order: id, .pack, by: OrderFixture.supervisor)
        #expect(try f.ops.ship(order: id, carrier: "DPD", tracking: "T-1", by: OrderFixture.supervisor).header.state == .shipped)
        #expect(try f.ops.verify().violations == [])
    }

    @Test func illegalStepsAreRefusedAndChangeNothing() throws {
        let f = try OrderFixture()
        defer { f.db.remove() }
        try f.capture([OrderFixture.draft("W-1", [("A", 1)])])
        let id = String(try f.id("W-1"))
        let before = try f.auditCount()
        #expect(throws: OperationError("Cannot pack an order that is released; it must be picking.")) {
            try f.ops.advance(order: id, .pack, by: OrderFixture.supervisor)
        }
        #expect(throws: OperationError.self) { try f.ops.ship(order: id, carrier: "DPD", tracking: "T1", by: OrderFixture.supervisor) }
        #expect(throws: OperationError.self) { try f.ops.advance(order: id, .invoice, by: OrderFixture.finance) }
        #expect(throws: OperationError.self) { try f.ops.allocate(AllocationOptions(), by: OrderFixture.service) }
        #expect(try f.auditCount() == before)
        #expect(try f.record("W-1").header.state == .released)
    }

    @Test func shipmentMovesReservedStockOutAndTheOrderRunsToClosed() throws {
        let f = try OrderFixture()
        defer { f.db.remove() }
        try f.capture([OrderFixture.draft("W-1", [("A", 2), ("KIT", 1)])])
        let id = String(try f.id("W-1"))
        _ = try f.ops.allocate(AllocationOptions(), by: OrderFixture.planner)
        _ = try f.ops.advance(order: id, .pick, by: OrderFixture.supervisor)
        _ = try f.ops.advance(order: id, .pack, by: OrderFixture.supervisor)
        let shipped = try f.ops.ship(order: id, carrier: "DPD", tracking: "TRK1", by: OrderFixture.supervisor)
        #expect(shipped.header.state == .shipped && shipped.shipments.count == 1)
        #expect(try f.position("A", "L1") == StockPosition(sellable: 6, reserved: 0, quarantine: 0, damaged: 0, returnPending: 0))
        #expect(try f.record("W-1").lines.map(\.shipped) == [2, 1])
        _ = try f.ops.advance(order: id, .invoice, by: OrderFixture.finance)
        #expect(try f.ops.advance(order: id, .close, by: OrderFixture.finance).state == .closed)
        #expect(try f.ops.verify().isClean)
    }
}

@Suite struct OrderAmendmentTests {
    @Test func aReSendWithOtherContentIsAConflictNamingItsDifferencesNotADuplicate() throws {
        let f = try OrderFixture()
        defer { f.db.remove() }
        try f.capture([OrderFixture.draft("W-1", [("A", 2)])])
        let id = try f.id("W-1")
        #expect(try f.capture([OrderFixture.draft("W-1", [("A", 2)])]).duplicates == 1)     // the same: a duplicate
        let changed = OrderFixture.draft("W-1", [("A", 5), ("B", 1)], promise: "2026-12-12")
        let before = try f.auditCount()
        #expect(throws: OperationError("line 2: W-1 was sent before as order \(id) with other content (promise date 2026-12-10 → 2026-12-12; line 1 quantity 2 → 5; line 2 added (B x1)); use --amend to apply it, or --partial to leave it.")) {
            try f.capture([changed])
        }
        let listed = try f.capture([changed], partial: true)
        #expect(listed.conflicts == [OrderConflict(line: 2, reference: "W-1", order: id,
                                                   differences: ["promise date 2026-12-10 → 2026-12-12", "line 1 quantity 2 → 5", "line 2 added (B x1)"])])
        #expect(listed.duplicates == 0 && listed.amended == 0)
        #expect(try f.record("W-1").lines.map(\.quantity) == [2] && f.auditCount() == before)
    }

    @Test func ordersStoredBeforeFingerprintsAreComparedFieldByField() throws {
        let f = try OrderFixture()
        defer { f.db.remove() }
        try f.capture([OrderFixture.draft("W-1", [("A", 2)])])
        try f.ops.store.write { try $0.db.execute(sql: "UPDATE sales_order SET content_hash = NULL") }   // as migration v5 leaves them
        #expect(try f.capture([OrderFixture.draft("W-1", [("A", 2)])]).duplicates == 1)
        #expect(try f.capture([OrderFixture.draft("W-1", [("A", 3)])], partial: true).conflicts.map(\.differences) == [["line 1 quantity 2 → 3"]])
    }

    @Test func anAmendmentReplacesAnUnshippedOrdersContentAndPlansItAgainInOneTransaction() throws {
        let f = try OrderFixture()
        defer { f.db.remove() }
        try f.capture([OrderFixture.draft("W-1", [("A", 2)])])
        _ = try f.ops.allocate(AllocationOptions(), by: OrderFixture.planner)
        #expect(try f.record("W-1").header.state == .allocated)
        let reservedBefore = try f.position("A", "L1").reserved + f.position("A", "L2").reserved
        #expect(reservedBefore == 2)
        let rows = [ImportRow(line: 2, value: OrderFixture.draft("W-1", [("A", 5), ("B", 1)]))]
        let outcome = try f.ops.captureOrders(rows, source: "resend.csv", amend: true, by: OrderFixture.planner)
        #expect(outcome.amended == 1 && outcome.conflicts.isEmpty && outcome.created == 0)
        let order = try f.record("W-1")
        #expect(order.lines.map(\.quantity) == [5, 1])
        #expect(order.header.state == .allocated && order.lines.map(\.allocated) == [5, 1])
        #expect(try f.position("A", "L1").reserved + f.position("A", "L2").reserved == 5)
        let audit = try f.ops.read { try $0.auditEntries(entity: "order:\(order.header.id)", limit: 5) }
        #expect(audit.contains { $0.reason == "amended from resend.csv: line 1 quantity 2 → 5; line 2 added (B x1)" })
        #expect(try f.ops.verify().isClean)
        // A shipped order takes no amendment.
        _ = try f.ops.ship(order: "W-1", carrier: "DPD", tracking: "T1", by: OrderFixture.supervisor)
        #expect(throws: OperationError.self) {
            try f.ops.captureOrders([ImportRow(line: 2, value: OrderFixture.draft("W-1", [("A", 1)]))], source: "late.csv",
                                    amend: true, by: OrderFixture.planner)
        }
        #expect(try f.record("W-1").lines.map(\.quantity) == [5, 1])
    }
}

@Suite struct OrderHistoryTests {
    @Test func historyIsClosedOnItsOwnDateWithNoLiveWorkAndNoStockMoves() throws {
        let f = try OrderFixture()
        defer { f.db.remove() }
        let moves = try f.ops.read { try $0.moveCount() }
        var fraud = OrderFixture.draft("W-OLD-2", [("B", 1)]) { $0.fraudScore = 99; $0.orderedAt = "2011-03-04 09:15:00" }
        fraud.paymentStatus = .pending
        let outcome = try f.ops.captureOrders([ImportRow(line: 2, value: OrderFixture.draft("W-OLD-1", [("A", 3)]) { $0.orderedAt = "2011-02-01 10:00:00" }),
                                               ImportRow(line: 3, value: fraud)],
                                              source: "2011.csv", history: true, by: OrderFixture.admin)
        #expect(outcome.created == 2 && outcome.history == 2 && outcome.released == 0 && outcome.held == 0)
        for ref in ["W-OLD-1", "W-OLD-2"] {
            let order = try f.record(ref)
            #expect(order.header.state == .closed && order.openHolds.isEmpty && order.allocations.isEmpty)
            #expect(order.lines.allSatisfy { $0.shipped == $0.quantity && $0.allocated == 0 && $0.backordered == 0 })
        }
        #expect(try f.record("W-OLD-1").header.stateSince == "2011-02-01T10:00:00Z")
        #expect(try f.ops.read { try $0.moveCount() } == moves)
        #expect(try f.ops.allocate(AllocationOptions(dryRun: true), by: OrderFixture.planner).orders == 0)
        let old = try f.id("W-OLD-1")
        #expect(try f.ops.read { try $0.auditEntries(entity: "order:\(old)", limit: 1) }.first?.reason
                == "captured as history from 2011.csv (web W-OLD-1)")
        #expect(try f.ops.verify().isClean)
        #expect(throws: OperationError("History is not amended: --history and --amend do not go together.")) {
            try f.ops.captureOrders([], source: "x", amend: true, history: true, by: OrderFixture.admin)
        }
    }
}

@Suite struct OrderAllocationTests {
    @Test func inboundThatCannotServeTheWaitingRegionIsNotShownAsCover() throws {
        let f = try OrderFixture(stockA: (0, 0), stockB: (0, 0))
        defer { f.db.remove() }
        _ = try f.ops.importLocations([
            ImportRow(line: 1, value: Location(code: "L9", name: "Far", kind: .warehouse, fulfils: true,
                                               regions: [ServiceRegion(region: "Z", transitDays: 1, shippingCost: Money(minorUnits: 100, currency: "GBP"))]))
        ], source: "test", by: OrderFixture.admin)
        try f.db.inbound("PO-9", sku: "A", location: "L9", quantity: 50, expected: "2026-12-01")
        try f.capture([OrderFixture.draft("W-1", [("A", 2)])])
        _ = try f.ops.allocate(AllocationOptions(), by: OrderFixture.planner)
        var group = try #require(try f.ops.read { try $0.backorderGroups(limit: 10) }.first)
        #expect(group.sku == "A" && group.regions == ["R"])
        #expect(group.inboundOpen == 0 && group.nextInbound == nil)
        #expect(group.inboundElsewhere?.document == "PO-9" && group.inboundElsewhere?.locationCode == "L9")
        // Inbound where R is served is cover, and the far one is no longer mentioned.
        try f.db.inbound("PO-2", sku: "A", location: "L2", quantity: 5, expected: "2026-12-05")
        group = try #require(try f.ops.read { try $0.backorderGroups(limit: 10) }.first)
        #expect(group.inboundOpen == 5 && group.nextInbound?.document == "PO-2" && group.inboundElsewhere == nil)
    }

    @Test func explainNamesTheShipmentLimitWhenThatIsWhatStoppedALine() throws {
        let f = try OrderFixture(stockA: (2, 0), stockB: (0, 2))
        defer { f.db.remove() }
        try f.capture([OrderFixture.draft("W-1", [("A", 2), ("B", 2)])])
        _ = try f.ops.allocate(AllocationOptions(policy: .cheapest), by: OrderFixture.planner)   // one shipment at most
        let order = try f.record("W-1")
        #expect(order.header.state == .partiallyAllocated)
        let why = try f.ops.explain(order: "W-1")
        let short = try #require(why.stored.values.first { $0.backordered > 0 })
        let shipping = order.allocations.first!.location
        let other = shipping == "L1" ? "L2" : "L1"
        #expect(short.constraint == "\(short.sku): stock is at \(other), but the order already ships from 1 location (\(shipping)), the most cheapest allows; a policy allowing more shipments, or stock there, would serve it")
        #expect(!(short.constraint ?? "").contains("reserved for"))
    }

    @Test func scarceStockGoesByPromiseDateThenChannelPriorityAndTheRestIsBackorderedWithTheInboundDate() throws {
        let f = try OrderFixture(stockA: (3, 0), stockB: (0, 0))
        defer { f.db.remove() }
        try f.db.inbound("PO-1042", sku: "A", location: "L2", quantity: 40, expected: "2026-12-03")
        try f.capture([OrderFixture.draft("W-LATE", [("A", 2)], promise: "2026-12-20"),
                       OrderFixture.draft("MP-1", [("A", 2)], channel: "marketplace", promise: "2026-12-05"),
                       OrderFixture.draft("B2B-1", [("A", 2)], channel: "b2b", promise: "2026-12-05")])
        let dry = try f.ops.allocate(AllocationOptions(dryRun: true), by: OrderFixture.planner)
        #expect(dry.orders == 3 && dry.unitsAllocated == 3 && dry.unitsBackordered == 3)
        #expect(try f.position("A", "L1").reserved == 0)   // a dry run changes nothing

        let run = try f.ops.allocate(AllocationOptions(), by: OrderFixture.planner)
        #expect(run == dry.with(dryRun: false))
        #expect(try f.record("B2B-1").header.state == .allocated)          // same promise, b2b first
        let mp = try f.record("MP-1")
        #expect(mp.header.state == .partiallyAllocated && mp.lines[0].allocated == 1 && mp.lines[0].backordered == 1)
        #expect(mp.lines[0].expectedDate == "2026-12-03")
        let late = try f.record("W-LATE")
        #expect(late.header.state == .backordered && late.lines[0].backordered == 2)
        let why = try f.ops.explain(order: String(late.header.id))
        #expect(why.stored[1]?.constraint == "A: 0 sellable at the 2 nodes serving R; 3 reserved for 2 earlier order lines; next inbound: PO-1042, 40 units at L2, expected 2026-12-03")
        #expect(try f.ops.verify().isClean)
        // The allocations' moves are in the ledger, but a SKU's history leaves them to the orders.
        #expect(try f.ops.read { try $0.recentMoves(limit: 50) }.filter { $0.reason == "allocation" }.count == 2)
        let history = try f.ops.read { try $0.recentMoves(sku: "A", limit: 50) }
        #expect(!history.isEmpty && !history.contains { $0.reason == "allocation" })

        // Nothing sellable serves R: the backorders are not even retried. Asked for by number,
        // they are planned again, find nothing new, and nothing is written or audited.
        let audit = try f.auditCount()
        #expect(try f.ops.allocate(AllocationOptions(), by: OrderFixture.planner).orders == 0)
        let ids = [try f.id("MP-1"), try f.id("W-LATE")]
        let retry = try f.ops.allocate(AllocationOptions(orders: ids), by: OrderFixture.planner)
        #expect(retry.orders == 2 && retry.unchanged == 2 && retry.unitsAllocated == 0 && retry.skipped.isEmpty)
        // Listed orders that are not waiting (allocated already, or unknown) are named as skipped.
        let done = try f.id("B2B-1")
        #expect(try f.ops.allocate(AllocationOptions(orders: [done, 999_999]), by: OrderFixture.planner).skipped == [done, 999_999])
        #expect(try f.auditCount() == audit)

        // Stock arrives: the next run serves the backorders, oldest promise first.
        try f.ops.adjust(sku: "A", location: "L2", status: .sellable, delta: 3, reason: "receipt", by: OrderFixture.admin)
        _ = try f.ops.allocate(AllocationOptions(), by: OrderFixture.planner)
        #expect(try f.record("MP-1").header.state == .allocated)
        #expect(try f.record("W-LATE").lines[0].allocated == 2)
        #expect(try f.ops.verify().isClean)
    }

    /// A backordered kit is planned again only once one node holds a kit's worth of every
    /// component (KIT = 2 A + 1 B), so runs before that neither plan nor write it.
    @Test func aBackorderedKitWaitsForOneNodeToHoldAllItsComponents() throws {
        let f = try OrderFixture(stockA: (0, 0), stockB: (0, 0))
        defer { f.db.remove() }
        try f.capture([OrderFixture.draft("K-1", [("KIT", 1)])])
        _ = try f.ops.allocate(AllocationOptions(), by: OrderFixture.planner)
        #expect(try f.record("K-1").header.state == .backordered)
        func arrive(_ sku: String, _ location: String, _ units: Int) throws {
            try f.ops.adjust(sku: sku, location: location, status: .sellable, delta: units, reason: "receipt", by: OrderFixture.admin)
        }
        try arrive("A", "L1", 2)
        try arrive("B", "L2", 1)   // every component somewhere, but not together
        try arrive("A", "L2", 1)   // L2 still one A short
        #expect(try f.ops.allocate(AllocationOptions(), by: OrderFixture.planner).orders == 0)
        try arrive("B", "L1", 1)   // L1 now holds 2 A + 1 B
        let run = try f.ops.allocate(AllocationOptions(), by: OrderFixture.planner)
        #expect(run.orders == 1 && run.allocated == 1)
        #expect(try f.record("K-1").allocations.map { "\($0.sku)@\($0.location)x\($0.quantity)" }.sorted() == ["A@L1x2", "B@L1x1"])
        #expect(try f.ops.verify().isClean)
    }

    /// An order planned again keeps to its policy's shipment limit across runs: with cheapest
    /// (one shipment), the rest of a partly allocated order waits for the location it ships from.
    @Test func aPartlyAllocatedOrderKeepsToItsShipmentLimitWhenPlannedAgain() throws {
        let f = try OrderFixture(stockA: (2, 0), stockB: (0, 0))
        defer { f.db.remove() }
        try f.capture([OrderFixture.draft("S-1", [("A", 2), ("B", 1)])])
        let cheapest = AllocationOptions(policy: .cheapest)
        _ = try f.ops.allocate(cheapest, by: OrderFixture.planner)
        #expect(try f.record("S-1").header.state == .partiallyAllocated)
        try f.ops.adjust(sku: "B", location: "L2", status: .sellable, delta: 1, reason: "receipt", by: OrderFixture.admin)
        let again = try f.ops.allocate(cheapest, by: OrderFixture.planner)
        #expect(again.orders == 1 && again.unchanged == 1 && again.unitsAllocated == 0)   // L2 would be a second shipment
        try f.ops.adjust(sku: "B", location: "L1", status: .sellable, delta: 1, reason: "receipt", by: OrderFixture.admin)
        _ = try f.ops.allocate(cheapest, by: OrderFixture.planner)
        let done = try f.record("S-1")
        #expect(done.header.state == .allocated && Set(done.allocations.map(\.location)) == ["L1"])
        #expect(try f.ops.verify().isClean)
    }

    /// Stock outside the channel's pool does not bring its backorders back into a run.
    @Test func aBackorderWaitsForStockInItsChannelsPool() throws {
        let f = try OrderFixture(stockA: (0, 0), stockB: (0, 0))
        defer { f.db.remove() }
        try f.ops.addToPool(channel: "b2b", location: "L2", by: OrderFixture.admin)
        try f.capture([OrderFixture.draft("P-1", [("A", 1)], channel: "b2b")])
        _ = try f.ops.allocate(AllocationOptions(), by: OrderFixture.planner)
        try f.ops.adjust(sku: "A", location: "L1", status: .sellable, delta: 5, reason: "receipt", by: OrderFixture.admin)
        #expect(try f.ops.allocate(AllocationOptions(), by: OrderFixture.planner).orders == 0)
        try f.ops.adjust(sku: "A", location: "L2", status: .sellable, delta: 1, reason: "receipt", by: OrderFixture.admin)
        #expect(try f.ops.allocate(AllocationOptions(), by: OrderFixture.planner).allocated == 1)
        #expect(try f.record("P-1").allocations.map(\.location) == ["L2"])
    }

    /// A run keeps what it read from one chunk to the next only while nobody else writes:
    /// not another connection, not another part of this process through the same one.
    @Test func aRunRereadsWhenAnyoneElseHasWrittenSinceItsLastChunk() throws {
        let f = try OrderFixture()
        defer { f.db.remove() }
        let other = Operations(store: try LedgerStore(path: f.db.path, create: false))
        let today = f.ops.today
        func chunk(_ body: (inout AllocationRun, StoreTransaction) throws -> Void) throws {
            try f.ops.store.write { tx in
                var run = try AllocationRun(options: AllocationOptions(), reader: tx, today: today)
                try body(&run, tx)
            }
        }
        var run: AllocationRun!
        try chunk { r, tx in try r.noteOwnWrites(tx); run = r }
        func resumes(today: String = today) throws -> Bool { try f.ops.store.write { tx in try run.resume(on: tx, today: today) } }
        #expect(try resumes())
        #expect(try !resumes(today: "2099-01-01"))

        try other.adjust(sku: "A", location: "L1", status: .sellable, delta: 1, reason: "count", by: OrderFixture.admin)
        #expect(try !resumes())

        try chunk { r, tx in try r.noteOwnWrites(tx); run = r }
        try f.ops.adjust(sku: "A", location: "L1", status: .sellable, delta: 1, reason: "count", by: OrderFixture.admin)
        #expect(try !resumes())
    }

    /// Chunks of one order and one chunk for all decide exactly the same.
    @Test func chunkSizeChangesNothingButTheTransactions() throws {
        var outcomes: [[String]] = []
        for chunk in [1, 100] {
            let f = try OrderFixture(stockA: (4, 3), stockB: (2, 1))
            defer { f.db.remove() }
            try f.capture((0..<12).map { n in
                OrderFixture.draft("C-\(n)", [(["A", "B", "KIT"][n % 3], 1 + n % 2)], channel: n % 2 == 0 ? "web" : "b2b",
                                   promise: "2026-12-\(10 + n % 5)")
            })
            _ = try f.ops.allocate(AllocationOptions(chunk: chunk), by: OrderFixture.planner)
            #expect(try f.ops.verify().isClean)
            outcomes.append(try (0..<12).map { n in
                let r = try f.record("C-\(n)")
                return "\(r.header.state.rawValue) " + r.allocations.map { "\($0.sku)@\($0.location)x\($0.quantity)" }.joined(separator: ",")
            })
        }
        #expect(outcomes[0] == outcomes[1])
        #expect(outcomes[0].contains { $0.hasPrefix("allocated") } && outcomes[0].contains { $0.hasPrefix("backordered") })
    }

    /// Random orders and operations over scarce stock: allocation never promises more than
    /// was sellable, every line adds up, and verify stays clean.
    @Test(arguments: [11, 12, 13] as [UInt64])
    func randomOrdersNeverOversellAndEveryLineAddsUp(seed: UInt64) throws {
        var rng = SeededRandom(seed: seed)
        let f = try OrderFixture(stockA: (Int.random(in: 0...12, using: &rng), Int.random(in: 0...12, using: &rng)),
                                 stockB: (Int.random(in: 0...6, using: &rng), Int.random(in: 0...6, using: &rng)))
        defer { f.db.remove() }
        let sellableBefore = try ["A", "B"].flatMap { s in try ["L1", "L2"].map { try f.position(s, $0).sellable } }.reduce(0, +)
        var drafts: [OrderDraft] = []
        for n in 0..<30 {
            let lines = (0..<Int.random(in: 1...2, using: &rng)).map { _ in (["A", "B", "KIT"].randomElement(using: &rng)!, Int.random(in: 1...3, using: &rng)) }
            drafts.append(OrderFixture.draft("R-\(n)", Array(Dictionary(lines, uniquingKeysWith: +)).sorted { $0.0 < $1.0 },
                                             channel: ["web", "b2b", "marketplace"].randomElement(using: &rng)!,
                                             promise: "2026-12-\(10 + n % 9)"))
        }
        try f.capture(drafts)
        for round in 0..<3 {
            _ = try f.ops.allocate(AllocationOptions(policy: AllocationPolicy.allCases[round % 4], chunk: 7), by: OrderFixture.planner)
            let ids = try f.ops.read { try $0.orderIDs(OrderFilter()) }
            for id in ids where rng.chance(15) {
                _ = f.ops.apply(.cancel(.customerRequest, note: ""), to: [id], by: OrderFixture.service)
            }
            for id in ids where rng.chance(15) {
                _ = f.ops.apply(.ship(carrier: "DPD", tracking: "T\(round)"), to: [id], by: OrderFixture.supervisor)
            }
            #expect(try f.ops.verify().isClean)
            var reservedAndShipped = 0
            for id in ids {
                let record = try f.ops.findOrder(String(id))
                for line in record.lines {
                    #expect(line.quantities.isConsistent)
                    if record.header.state != .released {
                        #expect(line.quantity == line.allocated + line.backordered + line.cancelled + line.shipped)
                    }
                }
                reservedAndShipped += record.allocations.filter { $0.status != "released" }.reduce(0) { $0 + $1.quantity }
            }
            let sellableNow = try ["A", "B"].flatMap { s in try ["L1", "L2"].map { try f.position(s, $0).sellable } }.reduce(0, +)
            #expect(reservedAndShipped == sellableBefore - sellableNow)
        }
    }
}

extension AllocationSummary {
    func with(dryRun: Bool) -> AllocationSummary { var s = self; s.dryRun = dryRun; return s }
}

/// An allocation run commits chunk by chunk: when one fails, the orders of the chunks before
/// it stay allocated, and the error says how many, not "nothing was changed".
@Suite struct AllocationRunFailureTests {
    @Test func aChunkThatFailsLeavesTheEarlierOnesAndSaysWhatIsDone() throws {
        let f = try OrderFixture(stockA: (100, 100), stockB: (100, 100))
        defer { f.db.remove() }
        try f.capture((1...4).map { OrderFixture.draft("W-\($0)", [("A", 1)]) })
        // The third allocation row fails, as a full disk or a lost lock would.
        try f.ops.store.write { tx in
            try tx.db.execute(sql: """
                CREATE TRIGGER fail_third BEFORE INSERT ON allocation WHEN (SELECT count(*) FROM allocation) >= 2
                BEGIN SELECT RAISE(ABORT, 'disk full'); END
                """)
        }
        #expect { try f.ops.allocate(AllocationOptions(chunk: 1), by: OrderFixture.planner) } throws: {
            ($0 as? OperationError)?.message == "2 orders were planned and committed (2 allocated, 0 backordered); the rest were not. "
                + "The database refused the change (disk full); nothing was changed. Run the allocation again for them."
        }
        #expect(try ["W-1", "W-2", "W-3", "W-4"].map { try f.record($0).header.state } == [.allocated, .allocated, .released, .released])
        #expect(try f.ops.verify().isClean)
    }
}

/// `qm verify` checks records against the records they imply: a move written around qm (no
/// audit entry for it), an order whose state its lines contradict.
@Suite struct CrossRecordVerifyTests {
    @Test func aMoveWithoutItsAuditAndAShippedOrderWithNothingShippedAreReported() throws {
        let f = try OrderFixture()
        defer { f.db.remove() }
        try f.capture([OrderFixture.draft("W-1", [("A", 2)]), OrderFixture.draft("W-2", [("B", 1)])])
        _ = try f.ops.allocate(AllocationOptions(), by: OrderFixture.planner)
        // A stock file whose name starts like an order's document is not taken for one.
        _ = try f.ops.importStock([ImportRow(line: 2, value: StockLevel(sku: "B", location: "L2", status: .sellable, quantity: 9))],
                                  source: "order 12 counts.csv", by: OrderFixture.admin)
        #expect(try f.ops.verify().isClean)
        let w1 = try f.id("W-1")
        try f.ops.store.write { tx in
            try tx.record(StockMove(sku: "A", location: "L2", from: nil, to: .sellable, quantity: 5, reason: .receipt),
                          skuID: tx.skuID("A")!, locationID: tx.locationID("L2")!, actor: "mallory", at: "2026-12-01T00:00:00Z")
            try tx.db.execute(sql: "UPDATE sales_order SET state = 'shipped' WHERE id = ?", arguments: [w1])
        }
        let violations = try f.ops.verify().violations
        let moveID = try f.ops.read { try Int64.fetchOne($0.db, sql: "SELECT max(id) FROM stock_move")! }
        #expect(violations == ["stock move \(moveID) (A at L2, receipt) has no audit entry written with it",
                               "order \(w1) is shipped but its lines have 2 units outstanding and 0 shipped"])
        #expect(try f.ops.verify().findings.map(\.check) == ["audit", "orderState"])
    }
}

@Suite struct WaveTests {
    /// A pick file is checked as it is read: rows past what an order has to pick are refused
    /// at the first one, so an endless file holds no more than the open waves.
    @Test func rowsPastAnOrdersPicksAreRefusedAsTheyCome() throws {
        let f = try OrderFixture()
        defer { f.db.remove() }
        try f.capture([OrderFixture.draft("W-1", [("A", 3)])])
        _ = try f.ops.allocate(AllocationOptions(), by: OrderFixture.planner)
        let (wave, picks) = try f.ops.createWave(location: nil, maxOrders: 10, carrier: nil, by: OrderFixture.supervisor)
        let p = picks[0]
        let row = PickConfirmation(wave: wave, order: p.order, line: p.line, sku: p.sku, location: p.location, picked: 3)
        var delivered = 0
        #expect { try f.ops.confirmWave(source: "picks.csv", by: OrderFixture.supervisor) { deliver in
            for line in 2...1_000_000 { delivered += 1; try deliver(ImportRow(line: line, value: row)) }
        } } throws: {
            ($0 as? OperationError)?.message == "line 3: order \(p.order) line \(p.line) has no \(p.sku) to pick at \(p.location) (or it is counted twice)."
        }
        // Refused within the first buffer of rows, not at the end of the file.
        #expect(delivered == Operations.confirmationChunk)
        #expect(try f.record("W-1").header.state == .picking)
    }

    @Test func aShortPickGoesToQuarantineAndVerifyHoldsItToTheLedger() throws {
        let f = try OrderFixture()
        defer { f.db.remove() }
        try f.capture([OrderFixture.draft("W-1", [("A", 3)])])
        _ = try f.ops.allocate(AllocationOptions(), by: OrderFixture.planner)
        let (wave, picks) = try f.ops.createWave(location: nil, maxOrders: 10, carrier: "DPD", by: OrderFixture.supervisor)
        let picking = try f.record("W-1").header.state
        #expect(picks.count == 1 && picks[0].quantity == 3 && picking == .picking)
        // The wave writes its orders' audit entries in one statement; each names its order.
        let waved = try f.ops.read { try $0.auditEntries(entity: "order:\(picks[0].order)", limit: 10) }
        #expect(waved.contains { $0.reason == "picking in wave \(wave)" && $0.actor == "sam" && $0.role == "supervisor"
                                 && $0.before == #"{"holds":0,"state":"allocated"}"# && $0.after == #"{"holds":0,"state":"picking"}"# })
        #expect(throws: OperationError("The carrier is 81 characters long; at most 80.")) {
            try f.ops.createWave(location: nil, maxOrders: 1, carrier: String(repeating: "x", count: 81), by: OrderFixture.supervisor)
        }
        let p = picks[0]
        let quarantined = try f.position("A", p.location).quarantine
        let outcome = try f.ops.confirmWave([ImportRow(line: 2, value: PickConfirmation(wave: wave, order: p.order, line: p.line, sku: p.sku,
                                                                                        location: p.location, picked: 2))],
                                            source: "picks.csv", by: OrderFixture.supervisor)
        #expect(outcome == { var o = WaveConfirmation(); o.packed = 1; o.shortPicks = 1; o.shortUnits = 1; return o }())
        #expect(try f.position("A", p.location).quarantine == quarantined + 1)
        let order = try f.record("W-1")
        #expect(order.header.state == .packed && order.lines[0].allocated == 2 && order.lines[0].backordered == 1)
        #expect(try f.ops.verify().isClean)
        // A short pick with no stock moved for it, or an order in two open waves, is reported.
        try f.ops.store.write { try $0.db.execute(sql: "UPDATE short_pick SET quantity = quantity + 1") }
        #expect(try f.ops.verify().violations.contains { $0.contains("short picks record 2 units but 1 were moved to quarantine") })
        try f.ops.store.write { tx in
            try tx.db.execute(sql: "INSERT INTO wave (state, created_at, created_by) VALUES ('open', 'now', 'x'), ('open', 'now', 'x')")
            try tx.db.execute(sql: "INSERT INTO wave_order (wave_id, order_id) SELECT id, ? FROM wave WHERE created_by = 'x'", arguments: [p.order])
        }
        #expect(try f.ops.verify().violations.contains("order \(p.order) is picking in 2 open waves"))
    }

    /// A line allocated in two runs at one location holds two allocations there, listed as two
    /// pick lines: both confirm (the second was refused as "counted twice"), and a feed naming
    /// the order once per location ships it whole, as the single `ship` would.
    @Test func aLineAllocatedTwiceAtOnePlaceConfirmsAndShipsFromAFeed() throws {
        let f = try OrderFixture(stockA: (4, 0), stockB: (0, 0))
        defer { f.db.remove() }
        try f.capture([OrderFixture.draft("T-1", [("A", 6)])])
        _ = try f.ops.allocate(AllocationOptions(), by: OrderFixture.planner)
        try f.ops.adjust(sku: "A", location: "L1", status: .sellable, delta: 2, reason: "receipt", by: OrderFixture.admin)
        _ = try f.ops.allocate(AllocationOptions(), by: OrderFixture.planner)
        #expect(try f.record("T-1").allocations.map { "\($0.sku)@\($0.location)x\($0.quantity)" } == ["A@L1x4", "A@L1x2"])
        let (wave, picks) = try f.ops.createWave(location: nil, maxOrders: 10, carrier: nil, by: OrderFixture.supervisor)
        #expect(picks.count == 2)
        let outcome = try f.ops.confirmWave(picks.enumerated().map { ImportRow(line: $0 + 2, value: PickConfirmation(
            wave: wave, order: $1.order, line: $1.line, sku: $1.sku, location: $1.location, picked: $1.quantity)) },
            source: "picks.csv", by: OrderFixture.supervisor)
        let packedState = try f.record("T-1").header.state
        #expect(outcome.packed == 1 && outcome.shortPicks == 0 && packedState == .packed)
        let packed = try f.ops.read { try $0.auditEntries(entity: "order:\(picks[0].order)", limit: 10) }
        #expect(packed.contains { $0.reason == "picked in wave \(wave) from picks.csv" && $0.after == #"{"holds":0,"state":"packed"}"# })
        let order = String(picks[0].order)
        let confirmation = ShipmentConfirmation(order: order, location: "L1", carrier: "DPD", tracking: "T1", shippedAt: nil)
        // The same confirmation twice in one feed is refused, naming the first, and ships nothing.
        #expect { try f.ops.importShipments([ImportRow(line: 2, value: confirmation), ImportRow(line: 3, value: confirmation)],
                                            source: "feed.csv", by: OrderFixture.supervisor) } throws: {
            ($0 as? OperationError)?.message == "line 3: order \(order) with tracking T1 is confirmed twice (first on line 2)."
        }
        #expect(try f.record("T-1").header.state == .packed)
        let shipped = try f.ops.importShipments([ImportRow(line: 2, value: confirmation)], source: "feed.csv", by: OrderFixture.supervisor)
        #expect(shipped.shipped == 1 && shipped.shipments == 1 && shipped.duplicates == 0)
        // Sent again, it is a duplicate of what is recorded: nothing changes.
        let again = try f.ops.importShipments([ImportRow(line: 2, value: confirmation)], source: "feed.csv", by: OrderFixture.supervisor)
        #expect(again.shipped == 0 && again.duplicates == 1)
        let record = try f.record("T-1")
        #expect(record.header.state == .shipped && record.lines[0].shipped == 6 && record.lines[0].allocated == 0)
        #expect(record.allocations.allSatisfy { $0.status == "shipped" && $0.shipmentID == record.shipments[0].id })
        let a = try f.position("A", "L1")
        #expect(a.reserved == 0 && a.sellable == 0)
        #expect(try f.ops.verify().isClean)
    }
}

/// A feed naming one order twice (once per location) ships it as two confirmations one after
/// the other would: written in bulk, the order's lines and state are what the last leaves,
/// the state dated from when it took it, with an audit entry for each.
@Suite struct ShipmentFeedTests {
    @Test func anOrderShippedFromTwoLocationsInOneFeedEndsAsTheLastLeavesIt() throws {
        let f = try OrderFixture(stockA: (4, 2), stockB: (3, 0))
        defer { f.db.remove() }
        try f.capture([OrderFixture.draft("S-1", [("A", 6), ("B", 1)]), OrderFixture.draft("S-2", [("B", 2)])])
        _ = try f.ops.allocate(AllocationOptions(), by: OrderFixture.planner)
        let before = try f.record("S-1")
        #expect(Set(before.allocations.map(\.location)) == ["L1", "L2"])
        let other = try f.record("S-2").header.id
        let feed = [ShipmentConfirmation(order: "\(before.header.id)", location: "L1", carrier: "DPD", tracking: "T1", shippedAt: "2026-11-20T10:00:00Z"),
                    ShipmentConfirmation(order: "\(other)", location: nil, carrier: "DPD", tracking: "T9", shippedAt: "2026-11-20T10:30:00Z"),
                    ShipmentConfirmation(order: "\(before.header.id)", location: "L2", carrier: "UPS", tracking: "T2", shippedAt: "2026-11-20T11:00:00Z")]
        let outcome = try f.ops.importShipments(feed.enumerated().map { ImportRow(line: $0 + 2, value: $1) }, source: "feed.csv",
                                                by: OrderFixture.supervisor)
        #expect(outcome.shipped == 3 && outcome.shipments == 3)
        let after = try f.record("S-1")
        #expect(after.header.state == .shipped && after.header.stateSince == "2026-11-20T11:00:00Z")
        #expect(after.lines.map(\.shipped) == [6, 1] && after.lines.allSatisfy { $0.allocated == 0 })
        #expect(try f.record("S-2").header.stateSince == "2026-11-20T10:30:00Z")
        let audit = try f.ops.read { try $0.auditEntries(entity: "order:\(before.header.id)", limit: 10) }
        #expect(audit.filter { $0.command == Command.shipOrder.rawValue }.map(\.after) == [#"{"holds":0,"state":"shipped"}"#, #"{"holds":0,"state":"partiallyShipped"}"#])
        #expect(try f.ops.verify().isClean)
    }
}

/// Numbers outside the documented limits: refused at import with the range named, and when a
/// database already holds them (written before the limits), allocation and explain still run.
@Suite struct NumericLimitTests {
    @Test func transitDaysAndKitQuantitiesBeyondTheLimitsAreRefusedAtImport() throws {
        let f = try OrderFixture()
        defer { f.db.remove() }
        let far = Location(code: "L9", name: "Far", kind: .warehouse, fulfils: true,
                           regions: [ServiceRegion(region: "R", transitDays: 10_000_000_000_000, shippingCost: Money(minorUnits: 1, currency: "GBP"))])
        #expect { try f.ops.importLocations([ImportRow(line: 2, value: far)], source: "locations.csv", by: OrderFixture.admin) } throws: {
            ($0 as? OperationError)?.message.contains("Location L9: region R transit days 10000000000000 is out of range (0-365)") == true
        }
        let kit = SKURecord(sku: SKU(code: "K2", name: "Kit", unitCost: Money(minorUnits: 1, currency: "GBP"),
                                     listPrice: Money(minorUnits: 1, currency: "GBP"), isKit: true),
                            components: [KitComponent(component: "A", quantity: 10_000_000_000)])
        #expect { try f.ops.importSKUs([ImportRow(line: 3, value: kit)], source: "skus.csv", by: OrderFixture.admin) } throws: {
            ($0 as? OperationError)?.message.contains("kit K2: component A quantity 10000000000 is out of range (1-10000)") == true
        }
        #expect(try f.ops.read { try $0.sku("K2") } == nil)   // nothing half-written
    }

    @Test func allocationAndExplainRunOverValuesWrittenBeforeTheLimits() throws {
        let f = try OrderFixture()
        defer { f.db.remove() }
        try f.ops.store.write { tx in
            try tx.db.execute(sql: "UPDATE location_region SET transit_days = 9223372036854775807 WHERE location_id = (SELECT id FROM location WHERE code = 'L1')")
            try tx.db.execute(sql: "UPDATE kit_component SET quantity = 9223372036854775807 WHERE component_id = (SELECT id FROM sku WHERE code = 'B')")
        }
        try f.capture([OrderFixture.draft("W-1", [("A", 2), ("KIT", 1)]), OrderFixture.draft("W-2", [("KIT", 2)])])
        for policy in AllocationPolicy.allCases {
            _ = try f.ops.allocate(AllocationOptions(policy: policy, dryRun: true), by: OrderFixture.planner)
            _ = try f.ops.explain(order: "W-1", policy: policy)
        }
        _ = try f.ops.allocate(AllocationOptions(), by: OrderFixture.planner)
        let w1 = try f.record("W-1")
        #expect(w1.lines[0].allocated == 2 && w1.lines[1].backordered == 1)   // no kit can take Int.max B
        #expect(try f.ops.verify().isClean)
    }
}

/// Backorders are planned again only when something they wait for changed: a run with nothing
/// new looks at no waiting order at all.
@Suite struct AllocationRetryTests {
    @Test func aBackorderIsLookedAtAgainOnlyWhenStockGrowsOrItComesOffHold() throws {
        let f = try OrderFixture(stockA: (0, 0), stockB: (0, 0))
        defer { f.db.remove() }
        try f.capture([OrderFixture.draft("W-1", [("A", 2)])])
        #expect(try f.ops.allocate(AllocationOptions(), by: OrderFixture.planner).backordered == 1)
        #expect(try f.ops.read { try $0.allocationRetryCount() } == 0)   // planned: off the list
        #expect(try f.ops.allocate(AllocationOptions(), by: OrderFixture.planner).orders == 0)

        // Stock of another SKU changes nothing for it; stock of A puts it back on the list.
        try f.ops.adjust(sku: "B", location: "L1", status: .sellable, delta: 5, reason: "found", by: OrderFixture.supervisor)
        #expect(try f.ops.read { try $0.allocationRetryCount() } == 0)
        try f.ops.adjust(sku: "A", location: "L1", status: .sellable, delta: 1, reason: "found", by: OrderFixture.supervisor)
        #expect(try f.ops.read { try $0.allocationRetryCount() } == 1)
        let partly = try f.ops.allocate(AllocationOptions(), by: OrderFixture.planner)
        #expect(partly.orders == 1 && partly.partiallyAllocated == 1)
        #expect(try f.ops.allocate(AllocationOptions(), by: OrderFixture.planner).orders == 0)

        // Held, then released: worth looking at again (stock may have come meanwhile).
        _ = try f.ops.hold(order: "W-1", reason: .customer, by: OrderFixture.service)
        try f.ops.adjust(sku: "A", location: "L1", status: .sellable, delta: 1, reason: "found", by: OrderFixture.supervisor)
        #expect(try f.ops.allocate(AllocationOptions(), by: OrderFixture.planner).orders == 0)   // on hold
        _ = try f.ops.releaseHolds(order: "W-1", by: OrderFixture.service)
        let served = try f.ops.allocate(AllocationOptions(), by: OrderFixture.planner)
        #expect(served.orders == 1 && served.allocated == 1)
        #expect(try f.record("W-1").header.state == .allocated)
    }

    /// A long retry list (after the network changed) is walked in order instead of read from
    /// itself; both give the same orders in the same order, page by page.
    @Test func aLongRetryListGivesTheSameOrdersAsAShortOne() throws {
        let f = try OrderFixture(stockA: (0, 0), stockB: (0, 0))
        defer { f.db.remove() }
        try f.capture((1...5).map { OrderFixture.draft("W-\($0)", [("A", 2)], promise: "2026-12-\(10 + $0 % 3)") }
                      + [OrderFixture.draft("W-B", [("B", 1)])])
        _ = try f.ops.allocate(AllocationOptions(), by: OrderFixture.planner)
        try f.ops.adjust(sku: "A", location: "L1", status: .sellable, delta: 1, reason: "found", by: OrderFixture.supervisor)
        try f.capture([OrderFixture.draft("W-NEW", [("A", 1)], promise: "2026-12-11")])
        func pages(shortList: Int) throws -> [[Int64]] {
            try f.ops.read { r in
                var cursor: AllocationCursor?, pages: [[Int64]] = []
                while case let page = try r.ordersToAllocate(limit: 2, after: cursor, shortList: shortList), let last = page.last {
                    pages.append(page.map(\.id))
                    cursor = last
                }
                return pages
            }
        }
        let short = try pages(shortList: 20_000), long = try pages(shortList: 0)
        #expect(short == long)
        #expect(short.flatMap { $0 }.count == 6)   // five backorders of A and the new order; B had no news
        #expect(try Set(short.flatMap { $0 }) == Set((["W-NEW"] + (1...5).map { "W-\($0)" }).map { try f.id($0) }))
    }
}
