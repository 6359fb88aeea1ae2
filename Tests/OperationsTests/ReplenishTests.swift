import Testing
import Foundation
import Domain
import Store
@testable import Operations

/// `qm replenish` through Operations: the terms come from the window's allocations, the
/// supplier and the stock, exactly as Domain's arithmetic gives them; approving makes drafts,
/// and pairs on a draft are not suggested twice.
@Suite struct ReplenishTests {
    @Test func suggestionsCarryEveryTermAndBecomeDraftsOnce() throws {
        let f = try OrderFixture(stockA: (10, 0), stockB: (0, 0))
        defer { f.db.remove() }
        let admin = OrderFixture.admin
        _ = try f.ops.importSuppliers([ImportRow(line: 1, value: Supplier(code: "SUP", name: "Supplier", leadTimeMeanDays: 7,
                                                                          leadTimeSpreadDays: 1, onTimePerMille: 900))], source: "test", by: admin)
        _ = try f.ops.importSKUs([ImportRow(line: 1, value: SKURecord(sku: SKU(code: "A", name: "Item A", unitCost: Money(minorUnits: 100, currency: "GBP"),
                                                                                listPrice: Money(minorUnits: 200, currency: "GBP"), preferredSupplier: "SUP")))],
                                 source: "test", by: admin)
        // Demand at L1: 4 units the day before yesterday, 3 yesterday. B has none and no supplier.
        let day1 = OrderDate.adding(days: -2, to: f.ops.today) + " 10:00:00", day2 = OrderDate.adding(days: -1, to: f.ops.today) + " 10:00:00"
        try f.capture([OrderFixture.draft("W-1", [("A", 2)]) { $0.orderedAt = day1 }, OrderFixture.draft("W-2", [("A", 2)]) { $0.orderedAt = day1 },
                       OrderFixture.draft("W-3", [("A", 3)]) { $0.orderedAt = day2 }])
        _ = try f.ops.allocate(AllocationOptions(), by: OrderFixture.planner)

        let plan = try f.ops.replenishmentPlan()
        #expect(plan.windowDays == 90 && plan.lines.count == 1)
        let line = try #require(plan.lines.first)
        let demand = Replenishment.demand(daily: [4, 3] + Array(repeating: 0, count: 88))
        #expect(line.sku == "A" && line.location == "L1" && line.supplier == "SUP" && line.velocity == .c)
        #expect((line.demandPerDay, line.demandSD) == demand)
        #expect(line.leadTimeDays == 7 && line.leadTimeSD == 1 && !line.leadTimeLearnt && line.serviceLevel == 900)
        #expect(line.sellable == 3 && line.inbound == 0 && line.backordered == 0)   // 7 of 10 are reserved for the orders
        let expected = Replenishment.suggest(Replenishment.Input(demandPerDay: demand.perDay, demandSD: demand.sd, leadTimeDays: 7, leadTimeSD: 1,
                                                                 serviceLevel: 900, reviewDays: 7, sellable: 3, inbound: 0, backordered: 0))
        #expect(line.z == expected.z && line.safetyStock == expected.safetyStock && line.reorderPoint == expected.reorderPoint
                && line.position == 3 && line.orderUpTo == expected.orderUpTo && line.suggestedQuantity == expected.quantity)
        #expect(line.reorderPoint == 3 && line.suggestedQuantity == 1)   // by hand: 0.078 x 7 -> 1, safety 1.282 x 1.391 -> 2
        #expect(try f.ops.read { try $0.purchaseOrderCount(PurchaseOrderFilter()) } == 0)   // a plan writes nothing

        let done = try f.ops.replenish(by: OrderFixture.planner)
        #expect(done.drafts.count == 1)
        let draft = try f.ops.purchaseOrder(done.drafts[0])
        #expect(draft.order.state == .draft && draft.order.supplier == "SUP" && draft.order.location == "L1")
        #expect(draft.order.lines.map { "\($0.sku) \($0.quantity) \($0.expectedDate)" } == ["A 1 \(OrderDate.adding(days: 7, to: f.ops.today))"])
        // The draft holds A at L1 until a planner acts: nothing is suggested twice.
        let again = try f.ops.replenish(by: OrderFixture.planner)
        #expect(again.lines.isEmpty && again.drafts.isEmpty && again.awaitingDrafts == [done.drafts[0]: 1])
        #expect(throws: OperationError("L9 is not a fulfilling location: replenishment plans for the locations that ship orders.")) {
            try f.ops.replenishmentPlan(location: "L9")
        }
    }

    /// A at L1 sells 7 units over the last two days; its supplier sells in lots of at least 2.
    static func demandForA(minimumOrder: Int = 1) throws -> OrderFixture {
        let f = try OrderFixture(stockA: (10, 0), stockB: (0, 0))
        let admin = OrderFixture.admin
        _ = try f.ops.importSuppliers([ImportRow(line: 1, value: Supplier(code: "SUP", name: "Supplier", leadTimeMeanDays: 7, leadTimeSpreadDays: 1,
                                                                          onTimePerMille: 900, minimumOrder: minimumOrder))], source: "test", by: admin)
        _ = try f.ops.importSKUs([ImportRow(line: 1, value: SKURecord(sku: SKU(code: "A", name: "Item A", unitCost: Money(minorUnits: 100, currency: "GBP"),
                                                                                listPrice: Money(minorUnits: 200, currency: "GBP"), preferredSupplier: "SUP")))],
                                 source: "test", by: admin)
        let day1 = OrderDate.adding(days: -2, to: f.ops.today) + " 10:00:00", day2 = OrderDate.adding(days: -1, to: f.ops.today) + " 10:00:00"
        try f.capture([OrderFixture.draft("W-1", [("A", 4)]) { $0.orderedAt = day1 }, OrderFixture.draft("W-3", [("A", 3)]) { $0.orderedAt = day2 }])
        _ = try f.ops.allocate(AllocationOptions(), by: OrderFixture.planner)
        return f
    }

    @Test func oneSuggestionIsApprovedWithAnotherQuantityWithinTheSuppliersTerms() throws {
        let f = try Self.demandForA(minimumOrder: 2)
        defer { f.db.remove() }
        let line = try #require(try f.ops.replenishmentPlan().lines.first)
        #expect(line.sku == "A" && line.location == "L1" && line.suggestedQuantity == 2)
        let audits = try f.auditCount()
        func refused(_ message: String, _ choices: [ReplenishmentChoice], by actor: Actor = OrderFixture.planner) {
            #expect(throws: OperationError(message)) { try f.ops.approveReplenishment(choices, by: actor) }
        }
        refused("A@L1: 1 is below SUP's minimum order of 2.", [ReplenishmentChoice(sku: "A", location: "L1", quantity: 1)])
        #expect(line.minimumOrder == 2 && line.packSize == 1)
        refused("A@L2 is not suggested now (enough is in stock or on its way, or a draft purchase order holds it): qm replenish --dry-run lists what is.",
                [ReplenishmentChoice(sku: "A", location: "L2")])
        refused("A@L1 is named twice.", [ReplenishmentChoice(sku: "A", location: "L1"), ReplenishmentChoice(sku: "A", location: "L1", quantity: 4)])
        refused("A supervisor may not create or change purchase orders (sam is a supervisor; a planner or an admin may).",
                [ReplenishmentChoice(sku: "A", location: "L1")], by: OrderFixture.supervisor)
        #expect(try f.auditCount() == audits && f.ops.read { try $0.purchaseOrderCount(PurchaseOrderFilter()) } == 0)

        let approved = try f.ops.approveReplenishment([ReplenishmentChoice(sku: "A", location: "L1", quantity: 12)], by: OrderFixture.planner)
        let draft = try f.ops.purchaseOrder(try #require(approved.drafts.first))
        #expect(approved.drafts.count == 1 && draft.order.state == .draft && draft.order.lines.map(\.quantity) == [12])
        let created = try #require(try f.ops.read { try $0.auditEntries(entity: "po:\(draft.order.code)", limit: 5) }.first)
        #expect(created.reason.contains("; quantities changed by the planner: A 12 (suggested 2)"), "\(created.reason)")
        #expect(approved.lines.map(\.suggestedQuantity) == [12] && approved.lines[0].reorderPoint == line.reorderPoint)
        #expect(try f.ops.replenishmentPlan().lines.isEmpty)   // the draft holds it now
    }

    @Test func aRejectedSuggestionStaysOutUntilItsDayAndSaysWhy() throws {
        let f = try Self.demandForA()
        defer { f.db.remove() }
        #expect(throws: OperationError("A rejection needs a reason (--reason): the next planner reads why the suggestion was turned down.")) {
            try f.ops.rejectReplenishment(sku: "A", location: "L1", reason: " ", by: OrderFixture.planner)
        }
        #expect(throws: OperationError("A supervisor may not reject replenishment suggestions (sam is a supervisor; a planner or an admin may).")) {
            try f.ops.rejectReplenishment(sku: "A", location: "L1", reason: "no", by: OrderFixture.supervisor)
        }
        #expect(throws: OperationError("A@L2 is not suggested now: there is nothing to reject.")) {
            try f.ops.rejectReplenishment(sku: "A", location: "L2", reason: "no", by: OrderFixture.planner)
        }
        let until = try f.ops.rejectReplenishment(sku: "A", location: "L1", reason: "range ends in January", by: OrderFixture.planner)
        #expect(until == OrderDate.adding(days: 30, to: f.ops.today))
        let plan = try f.ops.replenishmentPlan()
        #expect(plan.lines.isEmpty && plan.rejected == ["A@L1": until])
        #expect(throws: OperationError("A@L1 is not suggested now (it was rejected until \(until)): qm replenish --dry-run lists what is.")) {
            try f.ops.approveReplenishment([ReplenishmentChoice(sku: "A", location: "L1")], by: OrderFixture.planner)
        }
        let audit = try #require(try f.ops.read { try $0.auditEntries(entity: "replenish:A@L1", limit: 5) }.first)
        #expect(audit.command == "replenish.reject" && audit.actor == "pat" && audit.reason == "rejected until \(until): range ends in January")
        #expect(audit.after?.contains("\"suggested\":") == true)
        // On its day it is suggested again (demand still there).
        let day = try #require(ISO8601DateFormatter().date(from: until + "T08:00:00Z"))
        let later = Operations(store: f.ops.store, clock: { day })
        #expect(try later.replenishmentPlan().lines.map(\.sku) == ["A"])
    }
}
