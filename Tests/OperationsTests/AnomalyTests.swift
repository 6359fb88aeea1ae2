import Testing
import Foundation
import Domain
@testable import Store
@testable import Operations

/// Anomalies on a real history: nine weeks of web orders, 20 a day, a tenth of Monday's always
/// cancelled (the season), and one Wednesday of the last week with 8 of its 20 cancelled (planted).
@Suite struct AnomalyTests {
    @Test func aPlantedDayOfCancellationsIsFoundAndTheSeasonIsNot() throws {
        let f = try OrderFixture()
        defer { f.db.remove() }
        let start = "2030-01-07"   // a Monday
        var drafts: [OrderDraft] = []
        for d in 0..<63 {
            let day = OrderDate.adding(days: d, to: start)
            for n in 0..<20 {
                drafts.append(OrderFixture.draft("W-\(d)-\(n)", [("A", 1)], promise: OrderDate.adding(days: 5, to: day)) { $0.orderedAt = "\(day) 10:00:00" })
            }
        }
        _ = try f.capture(drafts)
        let planted = OrderDate.adding(days: 58, to: start)   // the last week's Wednesday
        #expect(AnomalyDetector.weekdayNames[AnomalyDetector.weekday(planted)] == "Wednesday")
        for d in 0..<63 {
            let day = OrderDate.adding(days: d, to: start)
            let cancelled = day == planted ? 8 : (AnomalyDetector.weekdayNames[AnomalyDetector.weekday(day)] == "Monday" ? 2 : 0)
            for n in 0..<cancelled {
                _ = try f.ops.cancel(order: "W-\(d)-\(n)", reason: .customerRequest, by: OrderFixture.supervisor)
            }
        }
        let end = OrderDate.adding(days: 62, to: start)
        let reader = Operations(store: f.ops.store, clock: { ISO8601DateFormatter().date(from: end + "T12:00:00Z")! })
        let found = try reader.anomalies([.cancellationRate], window: nil)
        #expect(found.map { "\($0.group) \($0.finding.day)" } == ["web \(planted)"])
        let a = try #require(found.first)
        // 40% against the Wednesdays' 0%: the spread is the floor (0.01%), so the score is vast.
        #expect(a.finding.value == 4_000 && a.finding.baseline == 0 && a.finding.basis == 20 && a.documents.count == 5 && a.documents.allSatisfy { $0.hasPrefix("order ") })
        #expect(a.message.hasPrefix("cancellationRate of web on \(planted), a Wednesday: 40.00% over 20, against 0.00% on Wednesdays"), "\(a.message)")
        #expect(a.message.contains("The first 5 behind it: order "), "\(a.message)")   // 8 cancelled: the list says it is cut
        // The window's Monday, a tenth cancelled like every Monday, is its season.
        #expect(!found.contains { AnomalyDetector.weekdayNames[AnomalyDetector.weekday($0.finding.day)] == "Monday" })
        // A window before the history holds enough weeks: nothing judged.
        #expect(try reader.anomalies([.cancellationRate], window: KPIWindow(from: "2030-01-20", to: "2030-01-26")).isEmpty)
    }

    @Test func aDecidedCountVarianceIsValuedAtUnitCostOnItsDay() throws {
        let f = try OrderFixture()
        defer { f.db.remove() }
        // A at L1: 10 on the shelf at 1.00; counted 7 by ada, approved by sam: 3 x 1.00.
        let task = try f.ops.createCount(location: "L1", sku: "A", why: "test", by: OrderFixture.admin)
        _ = try f.ops.startCounts([task.id], by: OrderFixture.admin)
        _ = try f.ops.enterCounts(task: task.id, [CountEntry(sku: "A", quantity: 7)], by: OrderFixture.admin)
        _ = try f.ops.approveCount(task: task.id, by: OrderFixture.supervisor)
        let facts = try f.ops.read { try $0.countVarianceFacts(from: "2000-01-01") }
        #expect(facts.count == 1 && facts.first?.group == "L1" && facts.first?.amount == 300 && facts.first?.basis == 1, "\(facts)")
        #expect(try f.ops.read { try $0.anomalyDocuments(.countVarianceValue, group: "L1", day: facts[0].day, limit: 5) } == ["count \(task.id)"])
    }
}
