import Testing
import Foundation
import Domain
import Store
@testable import Operations

/// Drop-shipping through Operations: a line of a SKU its supplier ships is placed with the
/// supplier (a sent drop-ship order) instead of our stock, ships on the supplier's
/// confirmation without a stock move, and is cancelled with its order; nothing counts it as
/// inbound or as demand to replenish, and every `qm verify` invariant holds throughout.
@Suite struct DropShipTests {
    static let admin = OrderFixture.admin
    static let supervisor = OrderFixture.supervisor

    /// The order fixture (A and B on stock) plus D, drop-shipped by SUP in 5 days.
    static func fixture() throws -> OrderFixture {
        let f = try OrderFixture()
        _ = try f.ops.importSuppliers([ImportRow(line: 1, value: Supplier(code: "SUP", name: "Supplier", leadTimeMeanDays: 5, leadTimeSpreadDays: 1,
                                                                          onTimePerMille: 900))], source: "test", by: admin)
        _ = try f.ops.importSKUs([ImportRow(line: 1, value: SKURecord(sku: SKU(code: "D", name: "Bench", unitCost: Money(minorUnits: 8_000, currency: "GBP"),
                                                                                listPrice: Money(minorUnits: 19_900, currency: "GBP"),
                                                                                preferredSupplier: "SUP", dropShip: true)))],
                                 source: "test", by: admin)
        return f
    }

    func header(_ f: OrderFixture, _ ref: String) throws -> OrderHeader { try f.ops.explain(order: ref).record.header }

    @Test func aDropShipLineIsPlacedWithTheSupplierAndShipsOnItsConfirmationWithoutAStockMove() throws {
        let f = try Self.fixture()
        defer { f.db.remove() }
        try f.capture([OrderFixture.draft("W-1", [("D", 3), ("A", 2)])])
        let moves = try f.ops.read { try $0.moveCount() }
        _ = try f.ops.allocate(AllocationOptions(), by: OrderFixture.planner)
        let order = try header(f, "W-1")
        #expect(order.state == .allocated)
        let code = "DS-\(order.id)-1"
        let po = try f.ops.purchaseOrder(code)
        #expect(po.order.state == .sent && po.order.supplier == "SUP" && po.order.location == "DS-SUP" && po.sentAt != nil)
        #expect(po.order.lines.map { "\($0.sku) \($0.quantity) \($0.expectedDate)" } == ["D 3 \(OrderDate.adding(days: 5, to: f.ops.today))"])
        #expect(po.dropShipFor?.order == order.id && po.dropShipFor?.line == 1)
        #expect(try f.ops.read { try $0.auditEntries(entity: "location:DS-SUP", limit: 5) }.count == 1)   // the node, made once
        // Only A's 2 units moved (sellable to reserved); D never touches stock and is not inbound.
        #expect(try f.ops.read { try $0.moveCount() } == moves + 1)
        #expect(try f.ops.read { try $0.positionRows(PositionFilter(sku: "D"), limit: 10) }.allSatisfy { $0.inbound == 0 && $0.position == StockPosition() })
        #expect(try f.ops.verify().isClean)
        let why = try f.ops.explain(order: "W-1").lines.joined(separator: "\n")
        #expect(why.contains("drop-ship \(code): 3 D with SUP, to ship to the customer"), "\(why)")
        #expect(why.contains("drop-shipped: SUP ships it to the customer from DS-SUP (lead time 5 days)"))

        // The drop-ship order follows its line: not received, not cancelled on its own.
        #expect(throws: OperationError("\(code) is a drop-ship order: SUP ships it to the customer of order \(order.id); qm po ship \(code) records that it did.")) {
            try f.ops.receive([ReceiptRequest(purchaseOrder: code, lines: [ReceivedLine(sku: "D", quantity: 3)])], by: Self.supervisor)
        }
        #expect(throws: OperationError.self) { try f.ops.advancePurchaseOrder(code, .cancel, reason: "no", by: Self.admin) }
        #expect(throws: OperationError("A shipment needs a tracking.")) { try f.ops.shipDropShip(code, carrier: "UPS", tracking: " ", by: Self.supervisor) }

        // Our part ships first (a wave picks only A), then the supplier's.
        let wave = try f.ops.createWave(location: nil, maxOrders: 10, carrier: nil, by: Self.supervisor)
        #expect(wave.picks.map(\.sku) == ["A"])
        _ = try f.ops.ship(order: "W-1", carrier: "DPD", tracking: "T1", by: Self.supervisor)
        #expect(try header(f, "W-1").state == .partiallyShipped)
        let shipped = try f.ops.shipDropShip(code, carrier: "UPS", tracking: "Z9", by: Self.supervisor)
        #expect(shipped.order.state == .shipped)
        #expect(try f.ops.purchaseOrder(code).order.state == .received)
        let record = try #require(try f.ops.read { try $0.order(order.id) })
        #expect(record.lines.map(\.shipped) == [3, 2] && record.shipments.map(\.location) == ["L1", "DS-SUP"])
        #expect(try f.ops.read { try $0.moveCount() } == moves + 2)   // A shipped: one move; D: none
        // The books: D costs what SUP charges (3 x its order's price), against goods received not invoiced;
        // A's 2 units left stock at 1.00.
        let dropShipCost = try f.ops.purchaseOrder(code).order.lines.reduce(Int64(0)) { $0 + $1.value }
        let drop = try f.ops.read { try $0.journal(JournalFilter(document: "order \(order.id)"), limit: nil) }.filter { $0.event == "order.ship" && $0.location == nil }
        #expect(drop.map(\.account) == ["5000", "2100"] && drop.map(\.debit) == [dropShipCost, 0] && drop.map(\.credit) == [0, dropShipCost])
        #expect(try dropShipCost > 0 && f.ops.orderMoney("W-1").costOfGoods == dropShipCost + 200)
        #expect(throws: OperationError("\(code) is received: only a sent drop-ship order ships.")) {
            try f.ops.shipDropShip(code, carrier: "UPS", tracking: "Z9", by: Self.supervisor)
        }
        #expect(try f.ops.verify().isClean)
    }

    @Test func cancellingTheOrderCancelsItsDropShipAndNothingIsWavedOrReplenished() throws {
        let f = try Self.fixture()
        defer { f.db.remove() }
        try f.capture([OrderFixture.draft("W-2", [("D", 4)])])
        _ = try f.ops.allocate(AllocationOptions(), by: OrderFixture.planner)
        let order = try header(f, "W-2")
        #expect(order.state == .allocated)
        // Nothing of ours to pick.
        #expect(throws: OperationError("No allocated order is waiting to be picked: nothing to wave.")) {
            try f.ops.createWave(location: nil, maxOrders: 10, carrier: nil, by: Self.supervisor)
        }
        #expect(try f.ops.replenishmentPlan().lines.allSatisfy { $0.sku != "D" })
        _ = try f.ops.cancel(order: "W-2", reason: .customerRequest, by: Self.supervisor)
        #expect(try f.ops.purchaseOrder("DS-\(order.id)-1").order.state == .cancelled)
        let audit = try f.ops.read { try $0.auditEntries(entity: "order:\(order.id)", limit: 1) }.first
        #expect(audit?.reason.contains("drop-ship orders DS-\(order.id)-1 cancelled") == true)
        #expect(try f.ops.verify().isClean)
    }

    @Test func aSKUDropShippedOnOneChannelIsStockedForTheOthers() throws {
        let f = try Self.fixture()
        defer { f.db.remove() }
        _ = try f.ops.importSKUs([ImportRow(line: 1, value: SKURecord(sku: SKU(code: "M", name: "Mug", unitCost: Money(minorUnits: 100, currency: "GBP"),
                                                                                listPrice: Money(minorUnits: 500, currency: "GBP"), preferredSupplier: "SUP",
                                                                                dropShipChannels: ["marketplace"])))],
                                 source: "test", by: Self.admin)
        _ = try f.ops.adjust(sku: "M", location: "L1", status: .sellable, delta: 10, reason: "count", by: Self.admin)
        try f.capture([OrderFixture.draft("W-3", [("M", 2)]), OrderFixture.draft("MP-1", [("M", 2)], channel: "marketplace")])
        _ = try f.ops.allocate(AllocationOptions(), by: OrderFixture.planner)
        let web = try header(f, "W-3"), market = try header(f, "MP-1")
        #expect(try f.position("M", "L1").reserved == 2)   // the web order, from our stock
        #expect(try f.ops.read { try $0.dropShips(salesOrder: web.id) }.isEmpty)
        #expect(try f.ops.read { try $0.dropShips(salesOrder: market.id) }.map(\.quantity) == [2])
        #expect(web.state == .allocated && market.state == .allocated)
        #expect(try f.ops.verify().isClean)
    }
}
