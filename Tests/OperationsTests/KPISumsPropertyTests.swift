import Testing
import Foundation
import GRDB
import Domain
import Store
@testable import Operations

/// The sums the KPIs keep as lines change (KPISums) against the same sums recomputed from
/// the lines, after random sequences of the commands that change lines: capture, amend,
/// allocate, stock arriving, holds, cancellation of orders and lines, picking and shipping,
/// carriage rates changing.
@Suite struct KPISumsPropertyTests {
    @Test(arguments: [UInt64(1), 2, 3, 4])
    func keptSumsEqualARecomputationAfterRandomCommands(seed: UInt64) throws {
        let f = try OrderFixture(stockA: (3, 2), stockB: (1, 0))
        defer { f.db.remove() }
        var rng = SeededRandom(seed: seed)
        let sam = OrderFixture.supervisor, cora = OrderFixture.service
        var refs: [String] = []
        var sawBackorders = false, sawMargins = false
        func draft(_ ref: String) -> OrderDraft {
            let lines = (0..<Int.random(in: 1...2, using: &rng)).map { _ in (["A", "B"].randomElement(using: &rng)!, Int.random(in: 1...6, using: &rng)) }
            let day = ["2026-11-18", "2026-11-19", "2026-11-20"].randomElement(using: &rng)!
            let channel = ["web", "shop"].randomElement(using: &rng)!
            let currency = ["GBP", "EUR"].randomElement(using: &rng)!
            return OrderFixture.draft(ref, lines, channel: channel) { $0.orderedAt = day + " 10:00:00"; $0.currency = currency }
        }
        for step in 0..<120 {
            let ref = refs.randomElement(using: &rng)
            do {
                switch Int.random(in: 0..<9, using: &rng) {
                case 0, 1:
                    refs.append("R-\(step)")
                    try f.capture([draft("R-\(step)")])
                case 2:
                    // Amended: another day, channel's currency, lines (its plan goes and is made again).
                    if let ref { _ = try f.ops.captureOrders([ImportRow(line: 2, value: draft(ref))], source: "test", amend: true, by: OrderFixture.admin) }
                case 3: _ = try f.ops.allocate(AllocationOptions(), by: OrderFixture.planner)
                case 4:
                    let sku = ["A", "B"].randomElement(using: &rng)!, loc = ["L1", "L2"].randomElement(using: &rng)!
                    try f.ops.adjust(sku: sku, location: loc, status: .sellable, delta: Int.random(in: 1...5, using: &rng), reason: "found", by: sam)
                case 8 where Bool.random(using: &rng):
                    // A carriage rate changes: what shipping from L1 cost every order shipped from it.
                    let cost = Money(minorUnits: Int64.random(in: 100...900, using: &rng), currency: "GBP")
                    _ = try f.ops.importLocations([ImportRow(line: 1, value: Location(code: "L1", name: "North", kind: .warehouse, fulfils: true,
                        regions: [ServiceRegion(region: "R", transitDays: 1, shippingCost: cost)]))], source: "test", by: OrderFixture.admin)
                case 5:
                    if let ref { _ = try f.ops.cancel(order: ref, line: Bool.random(using: &rng) ? 1 : nil, reason: .customerRequest, by: cora) }
                case 6:
                    if let ref {
                        if Bool.random(using: &rng) { _ = try f.ops.hold(order: ref, reason: .customer, note: "call", by: cora) }
                        else { _ = try f.ops.releaseHolds(order: ref, by: cora) }
                    }
                default:
                    if let ref {
                        _ = try f.ops.advance(order: ref, .pick, by: sam)
                        _ = try f.ops.advance(order: ref, .pack, by: sam)
                        _ = try f.ops.ship(order: ref, carrier: "DPD", tracking: "T-\(step)", by: sam)
                    }
                }
            } catch {
                // Refusals are part of the mix (nothing to ship, already cancelled); they change nothing.
            }
            let backordered = try f.ops.read { r in try r.backorderGroups() }
            sawBackorders = sawBackorders || !backordered.isEmpty
            sawMargins = try sawMargins || !f.ops.read { r in try r.keptMargins(from: "2026-11-18", to: "2026-11-20") }.isEmpty
            if step % 20 == 19 {
                #expect(try f.ops.read { try $0.kpiSumMismatches() } == [], "after step \(step)")
            }
        }
        let violations = try f.ops.verify().violations
        #expect(violations == [])
        // The run exercised what it checks: lines planned, and some of them backordered.
        #expect(try f.ops.read { r in try r.fillRateDays(KPIWindow(from: "2026-11-18", to: "2026-11-20")) }.isEmpty == false)
        #expect(sawBackorders && sawMargins)
    }

    @Test func verifyFindsSumsThatDifferFromTheLines() throws {
        let f = try OrderFixture(stockA: (1, 0), stockB: (0, 0))
        defer { f.db.remove() }
        try f.capture([OrderFixture.draft("W-1", [("A", 3)])])
        _ = try f.ops.allocate(AllocationOptions(), by: OrderFixture.planner)
        #expect(try f.ops.verify().violations == [])
        try f.db.ops.store.write { tx in
            try tx.db.execute(sql: "UPDATE kpi_fill_day SET filled_units = filled_units + 1")
            try tx.db.execute(sql: "UPDATE kpi_backorder_group SET value = value - 1")
            try tx.db.execute(sql: "DELETE FROM kpi_demand_day")
            try tx.db.execute(sql: "UPDATE kpi_backorder_sku SET since = '2026-01-01'")
            try tx.db.execute(sql: "UPDATE kpi_sellable_day SET change = change + 2 WHERE location_id = (SELECT id FROM location WHERE code = 'L1')")
            try tx.db.execute(sql: "INSERT INTO kpi_shipped_order VALUES ((SELECT id FROM sales_order WHERE external_ref = 'W-1'), 'web', 'GBP', '2026-11-20', 1, 2, 3, -4, '2026-11-20', NULL, NULL, 0)")
        }
        let a = try f.ops.read { try $0.skuID("A")! }, l1 = try f.ops.read { try $0.locationID("L1")! }
        let violations = try f.ops.verify().violations.joined(separator: "\n")
        #expect(violations.contains("fill rate sums for web 2026-11-20: kept 1 lines (0 filled), 3 units (2 filled), the lines give 1 lines (0 filled), 3 units (1 filled)"))
        #expect(violations.contains("backorder sums for web GBP expected '' since '"))
        #expect(violations.contains("sale lines ordered of SKU \(a) on 2026-11-20: kept none, the lines, moves and shipments give 1"))
        #expect(violations.contains("oldest backorder of SKU \(a): kept 2026-01-01, the lines, moves and shipments give "))
        #expect(violations.contains("sellable change of SKU \(a), \(l1) (SKU, location) on "))
        #expect(violations.contains("order \(try f.id("W-1")) is kept as shipped though it is not a sale that has shipped"))
    }
}
