import Testing
import Foundation
import GRDB
import Domain
@testable import Store
@testable import Operations

/// Each KPI over a small history built by hand, day by day, against the figure worked out by
/// hand (docs/KPIS.md).
@Suite struct KPITests {
    static let sam = OrderFixture.supervisor

    /// A (10 at L1 and L2) and B (5 at each) at 1.00, then on 2030-01-01 W-1 (4 A) and W-2
    /// (12 B) captured and allocated and PO-1 (20 A at 0.10, expected the 5th) sent; W-1 shipped
    /// the next morning; on the 3rd PO-1 received and one unit of W-1 returned.
    static func history() throws -> (f: OrderFixture, reader: Operations) {
        let f = try OrderFixture()
        let day = { (stamp: String) in Operations(store: f.ops.store, clock: { ISO8601DateFormatter().date(from: stamp)! }) }
        let d1 = day("2030-01-01T09:00:00Z"), d2 = day("2030-01-02T09:00:00Z"), d3 = day("2030-01-03T10:00:00Z")
        _ = try d1.importSuppliers([ImportRow(line: 1, value: Supplier(code: "LOOSE", name: "Loose", leadTimeMeanDays: 5, leadTimeSpreadDays: 1,
                                                                       onTimePerMille: 900, tolerance: ReceivingTolerance(overPercent: 10, underPercent: 10)))],
                                   source: "test", by: OrderFixture.admin)
        _ = try d1.captureOrders([ImportRow(line: 2, value: OrderFixture.draft("W-1", [("A", 4)], promise: "2030-01-08") { $0.orderedAt = "2030-01-01 08:00:00" }),
                                  ImportRow(line: 3, value: OrderFixture.draft("W-2", [("B", 12)], promise: "2030-01-08") { $0.orderedAt = "2030-01-01 08:30:00" })],
                                 source: "test", partial: false, by: OrderFixture.admin)
        _ = try d1.importPurchaseOrders([ImportRow(line: 1, value: ReceivingOperationTests.order("PO-1", [("A", 20)], expected: "2030-01-05"))],
                                        source: "test", by: OrderFixture.admin)
        _ = try d1.allocate(AllocationOptions(), by: OrderFixture.planner)
        let w1 = String(try f.id("W-1"))
        _ = try d2.advance(order: w1, .pick, by: Self.sam)
        _ = try d2.advance(order: w1, .pack, by: Self.sam)
        _ = try d2.ship(order: w1, carrier: "DPD", tracking: "T-1", by: Self.sam)
        _ = try d3.receive([ReceiptRequest(purchaseOrder: "PO-1", lines: [ReceivedLine(sku: "A", quantity: 20)])], by: Self.sam)
        _ = try d3.createReturn(ReturnRequest(order: w1, line: 1, quantity: 1, reason: .changedMind), by: Actor(name: "cora", role: .customerService))
        return (f, day("2030-01-10T12:00:00Z"))
    }

    static let window = KPIWindow(from: "2030-01-01", to: "2030-01-10")

    func figures(_ reader: Operations, _ name: KPIName, by: KPIDimension? = nil) throws -> [String: (value: Int64, basis: Int64)] {
        Dictionary(uniqueKeysWithValues: try reader.kpis([name], by: by, window: Self.window).values.map { ("\($0.group) \($0.measure)", ($0.value, $0.basis)) })
    }

    @Test func eachFigureIsWhatTheHistoryWorksOutToByHand() throws {
        let (f, reader) = try Self.history()
        defer { f.db.remove() }
        // W-2's 12 B found 5 at each location: its first allocation took 10, backordered 2.
        let w2 = try f.record("W-2").lines[0]
        #expect(w2.allocated == 10 && w2.backordered == 2)

        // Fill rate: W-1 whole, W-2 not: 1 of 2 lines; 4 + 10 of 16 units = 87.50%.
        let fill = try figures(reader, .fillRate)
        #expect(fill["all lines"]! == (5_000, 2) && fill["all units"]! == (8_750, 16))
        // Behind it: W-2 alone, its first allocation short; W-1 was filled whole.
        let short = try reader.kpiDocuments(.fillRate, by: .day, group: "2030-01-01", window: Self.window, limit: 10)
        #expect(short?.map(\.ref) == ["W-2"] && short?.first?.note == "first allocation 10 of 12 units", "\(String(describing: short))")
        #expect(try reader.kpiDocuments(.fillRate, by: .day, group: "2030-01-02", window: Self.window, limit: 10)?.isEmpty == true)
        // Cycle time: W-1 captured 2030-01-01 09:00, shipped the 2nd 09:00: one day.
        let cycle = try figures(reader, .cycleTime)
        #expect(cycle["all p50"]! == (86_400, 1) && cycle["all p90"]! == (86_400, 1))
        // Behind the figure of a location: the orders whose last shipment left from it.
        let fromL1 = try reader.kpiDocuments(.cycleTime, by: .location, group: "L1", window: Self.window, limit: 10)
        let fromL2 = try reader.kpiDocuments(.cycleTime, by: .location, group: "L2", window: Self.window, limit: 10)
        #expect(fromL1?.map(\.ref) == ["W-1"] && fromL1?.first?.note == "captured to shipped in 1d 0h" && fromL2?.isEmpty == true)
        // Behind the other figures: the SKUs out at a location, the receipts, the old stock.
        let outAtL1 = try reader.kpiDocuments(.stockouts, by: .location, group: "L1", window: Self.window, limit: 10)
        #expect(outAtL1 == [KPIDocument(.sku("B", location: "L1"), ref: "", context: "L1", note: "out 10 of 10 days from 2030-01-01; sellable now 0")])
        let receipts = try reader.kpiDocuments(.supplierOnTime, by: .supplier, group: "LOOSE", window: Self.window, limit: 10)
        #expect(receipts?.map(\.opens) == [.purchaseOrder("PO-1")] && receipts?.first?.note == "arrived 2030-01-03, expected 2030-01-05: on time")
        let old = try reader.kpiDocuments(.agedInventory, by: .location, group: "L1", window: Self.window, limit: 10)
        #expect(old?.map(\.name) == ["A", "B"] && old?.map(\.note) == ["6 of 26 units on hand came in over 180 days ago", "5 of 5 units on hand came in over 180 days ago"],
                "\(String(describing: old))")
        #expect(try reader.kpiDocuments(.exceptionQueues, by: nil, group: "all", window: Self.window, limit: 10) == nil)
        // Stockouts: B closed every day of the ten at 0 at both locations, wanted by W-2 from
        // the 1st: 20 of the 40 SKU x location-days (A and B at L1 and L2).
        let out = try figures(reader, .stockouts)
        #expect(out["all days out"]! == (20, 40) && out["all share"]! == (5_000, 40))
        let outByLocation = try figures(reader, .stockouts, by: .location)
        #expect(outByLocation["L1 days out"]! == (10, 20) && outByLocation["L2 days out"]! == (10, 20))
        // Returns: 1 of the 4 units shipped came back, for a change of mind.
        let returns = try figures(reader, .returnRate)
        #expect(returns["all rate"]! == (2_500, 4) && returns["all returned"]! == (1, 4) && returns["all reason changedMind"]! == (1, 1))
        // Margin: W-1 billed 10.00, its goods cost 4.00 at 1.00, carrying it from L1 5.00: 1.00, 10%.
        let margin = try figures(reader, .margin)
        #expect(margin["all revenue"]! == (1_000, 1) && margin["all cost of goods"]! == (400, 1) && margin["all freight cost"]! == (500, 1))
        #expect(margin["all margin"]! == (100, 1) && margin["all margin share"]! == (1_000, 1))
        // The supplier: PO-1 sent the 1st, expected the 5th, arrived the 3rd: on time, in 2 days.
        let supplier = try figures(reader, .supplierOnTime, by: .supplier)
        #expect(supplier["LOOSE on time"]! == (10_000, 1) && supplier["LOOSE lead time mean"]! == (2, 1) && supplier["LOOSE lead time spread"]! == (0, 1))
        // Aged stock on the 10th: PO-1's 20 A at L1 are 7 days old; the 6 A left at L1 of the
        // opening stock, L2's 10 A and the 10 B (reserved) came in with it, in 2026: over a year.
        // A: 36 worth 20.00 - 4.00 + 2.00 = 18.00, 0.50 each; B: 10 at 1.00.
        let aged = try figures(reader, .agedInventory)
        #expect(aged["all 0-30d"]! == (20, 46) && aged["all >365d"]! == (26, 46) && aged["all 31-90d"]! == (0, 46))
        #expect(aged["all 0-30d value"]! == (1_000, 20) && aged["all >365d value"]! == (1_800, 26))
        // Backorders: W-2's 2 B, worth 2/12 of 30.00; no supply expected; waiting since the 1st.
        let back = try figures(reader, .backorders)
        #expect(back["all lines"]! == (1, 1) && back["all units"]! == (2, 1) && back["all value"]! == (500, 1))
        #expect(back["all days to supply"]! == (0, 0) && back["all oldest"]! == (9, 1))
        // Queues: the backordered line since the 1st 09:00, the return to receive since the 3rd 10:00.
        let queues = try figures(reader, .exceptionQueues)
        #expect(queues["backordered lines waiting"]! == (1, 1) && queues["backordered lines oldest"]! == (9 * 86_400 + 3 * 3_600, 1))
        #expect(queues["returns to receive waiting"]! == (1, 1) && queues["returns to receive oldest"]! == (7 * 86_400 + 2 * 3_600, 1))
        #expect(queues["count variances waiting"]! == (0, 0) && queues["count variances oldest"] == nil)
    }

    @Test func breakdownsAndWindowsAreCheckedBeforeAnythingIsRead() throws {
        let (f, reader) = try Self.history()
        defer { f.db.remove() }
        #expect(throws: OperationError("exceptionQueues has no breakdown, not by channel.")) {
            try reader.kpis([.exceptionQueues], by: .channel, window: Self.window)
        }
        #expect(throws: OperationError("fillRate breaks down by channel or day, not by supplier.")) {
            try reader.kpis([.fillRate], by: .supplier, window: Self.window)
        }
        #expect(throws: OperationError("The window starts (2030-01-05) after it ends (2030-01-01).")) {
            try reader.kpis([], by: nil, window: KPIWindow(from: "2030-01-05", to: "2030-01-01"))
        }
        #expect(throws: OperationError("The window ends (2030-01-11) after today (2030-01-10): figures are of what has happened.")) {
            try reader.kpis([], by: nil, window: KPIWindow(from: "2030-01-01", to: "2030-01-11"))
        }
        // All KPIs by day: only those that break down by day, a figure per day that had any.
        let byDay = try reader.kpis([], by: .day, window: Self.window)
        #expect(Set(byDay.values.map(\.kpi)) == Set(KPIName.allCases.filter { $0.dimensions.contains(.day) }))
        #expect(byDay.values.filter { $0.kpi == .fillRate }.map(\.group) == ["2030-01-01", "2030-01-01"])
        #expect(byDay.values.filter { $0.kpi == .stockouts && $0.measure == "days out" }.map(\.value) == Array(repeating: 2, count: 10))
        // A window before anything happened: no figures but the ones of now.
        let quiet = try reader.kpis([.fillRate, .cycleTime, .returnRate], by: nil, window: KPIWindow(from: "2029-12-01", to: "2029-12-31"))
        #expect(quiet.values.isEmpty)
    }
}
