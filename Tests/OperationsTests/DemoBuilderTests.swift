import Testing
import Foundation
import Domain
import Store
@testable import Operations

@Suite struct DemoBuilderTests {
    func build(seed: UInt64) throws -> (TestDatabase, [PositionRow], [SKU]) {
        let db = try TestDatabase(seeded: false)
        try db.ops.bootstrap(osUser: "ada")
        let outcome = try DemoBuilder(skus: 120, locations: 6, seed: seed).build(into: db.ops, admin: TestDatabase.admin)
        #expect(outcome.skus == 120 && outcome.locations == 6)
        let rows = try db.ops.read { try $0.positionRows(PositionFilter(), limit: 100_000) }
        let skus = try db.ops.read { try $0.skus(limit: 1_000) }
        return (db, rows, skus)
    }

    /// Every network size builds, its inbound work included: a wide network keeps stock at its
    /// in-transit location too, which transfers must not start from.
    @Test(arguments: [3, 8, 20])
    func everyNetworkSizeBuildsWithItsInboundWork(locations: Int) throws {
        let db = try TestDatabase(seeded: false)
        defer { db.remove() }
        try db.ops.bootstrap(osUser: "ada")
        let outcome = try DemoBuilder(skus: 400, locations: locations, seed: 42, orders: 300).build(into: db.ops, admin: TestDatabase.admin)
        #expect(outcome.transfers > 0 && outcome.shippingNotices > 0 && outcome.purchaseOrders > 0)
        #expect(try db.ops.verify().isClean)
    }

    @Test func theSameSeedBuildsTheSameNetworkAndADifferentSeedAnotherOne() throws {
        let (a, rowsA, skusA) = try build(seed: 5)
        let (b, rowsB, skusB) = try build(seed: 5)
        let (c, rowsC, _) = try build(seed: 6)
        defer { a.remove(); b.remove(); c.remove() }
        #expect(rowsA == rowsB && skusA == skusB)
        #expect(rowsA != rowsC)
    }

    @Test func theDemoHasEveryStatusKitsAndAVerifiedLedger() throws {
        let (db, rows, skus) = try build(seed: 42)
        defer { db.remove() }
        for status in StockStatus.allCases {
            #expect(rows.contains { $0.position[status] > 0 }, "no \(status) stock")
        }
        #expect(rows.contains { $0.inbound > 0 })
        #expect(skus.contains { $0.isKit })
        #expect(Set(skus.map(\.velocity)) == Set(VelocityClass.allCases))
        let kinds = Set(try db.ops.read { try $0.locations() }.map { $0.kind })
        // Every kind but a supplier's drop-ship node, which allocation makes when it first needs one.
        #expect(kinds == Set(LocationKind.allCases).subtracting([.dropShip]))
        let roles = Set(try db.ops.read { try $0.users() }.map(\.role))
        #expect(roles == Set(Role.allCases))
        #expect(try db.ops.verify().isClean)
    }

    /// A new user finds the days the demo plants out of line: two days ago a channel lost two
    /// in five of its open orders to a pricing error; today sam wrote stock off by hand eight times.
    @Test func theDemoPlantsAnomaliesForANewUserToFind() throws {
        let db = try TestDatabase(seeded: false)
        defer { db.remove() }
        try db.ops.bootstrap(osUser: "ada")
        _ = try DemoBuilder(skus: 400, locations: 6, seed: 42, orders: DemoBuilder.defaultOrders).build(into: db.ops, admin: TestDatabase.admin)
        let found = try db.ops.anomalies([], window: nil)
        let twoDaysAgo = OrderDate.adding(days: -2, to: db.ops.today)
        let cancellations = found.filter { $0.series == .cancellationRate }
        #expect(cancellations.count == 1 && cancellations.first?.finding.day == twoDaysAgo)
        #expect(cancellations.first.map { $0.finding.value - $0.finding.baseline >= 2_500 } == true, "\(cancellations)")
        let adjustments = found.filter { $0.series == .manualAdjustments }
        #expect(adjustments.count == 1 && adjustments.first?.group.hasPrefix("sam at ") == true, "\(adjustments)")
        #expect(adjustments.first?.finding.value == 8 && adjustments.first?.documents.count == 5)
        #expect(try db.ops.verify().isClean)
    }

    /// Orders come as a channel feed delivers them: numbered in the order they were placed.
    @Test func demoOrdersAreNumberedInTheOrderTheyWerePlaced() {
        let network = DemoNetwork.generate(skus: 60, locations: 4, seed: 3)
        let orders = DemoOrders.generate(count: 500, network: network, seed: 9, today: "2026-11-28", firstNumber: 2_000)
        #expect(orders.count == 500)
        #expect(zip(orders, orders.dropFirst()).allSatisfy { $0.orderedAt <= $1.orderedAt })
        #expect(orders.first!.orderedAt < orders.last!.orderedAt)
        #expect(orders.map { $0.externalRef.split(separator: "-").last! } == (0..<500).map { "\(102_000 + $0)" })
        #expect(orders == DemoOrders.generate(count: 500, network: network, seed: 9, today: "2026-11-28", firstNumber: 2_000))
    }
}
