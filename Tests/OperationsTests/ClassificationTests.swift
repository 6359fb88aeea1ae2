import Testing
import Foundation
import Domain
import Store
@testable import Operations

/// `qm classify` through Operations: classes learnt from demand value over the window, each
/// change written with its figures, a dry run writing nothing.
@Suite struct ClassificationTests {
    @Test func classesFollowDemandValueAndEachChangeIsAudited() throws {
        let f = try OrderFixture(stockA: (50, 0), stockB: (50, 0))
        defer { f.db.remove() }
        // A sells 9 x 2.50 = 22.50; B 1 x 2.50; KIT nothing. Ordered recently (the clock's today is real).
        let recent = OrderDate.adding(days: -3, to: f.ops.today) + " 10:00:00"
        try f.capture([OrderFixture.draft("W-1", [("A", 9)]) { $0.orderedAt = recent },
                       OrderFixture.draft("W-2", [("B", 1)]) { $0.orderedAt = recent },
                       OrderFixture.draft("W-OLD", [("B", 50)]) { $0.orderedAt = "2020-01-01 10:00:00" }])
        let dry = try f.ops.classify(days: 30, dryRun: true, by: OrderFixture.planner)
        // A is 90% of the value and starts at 0: A. B starts at 90%, short of 95%: B. KIT sold nothing: C.
        #expect(dry.dryRun && dry.changes.map { "\($0.sku) \($0.from.rawValue)->\($0.to.rawValue)" } == ["A C->A", "B C->B"])
        #expect(dry.counts == ["A": 1, "B": 1, "C": 1])
        #expect(try f.ops.read { try $0.sku("A") }?.velocity == .c)   // nothing written

        let done = try f.ops.classify(days: 30, dryRun: false, by: OrderFixture.planner)
        #expect(done.changes.count == 2 && !done.dryRun)
        #expect(try f.ops.read { try $0.sku("A") }?.velocity == .a && f.ops.read { try $0.sku("B") }?.velocity == .b)
        let entry = try #require(try f.ops.read { try $0.auditEntries(entity: "sku:A", limit: 1) }.first)
        #expect(entry.command == "sku.classify" && entry.before == "C" && entry.after == "A" && entry.reason.contains("demand value 22.50"))
        // Nothing changed since: nothing to do.
        #expect(try f.ops.classify(days: 30, dryRun: false, by: OrderFixture.planner).changes.isEmpty)
        // A window long enough to see the old order: B's 50 units lead.
        #expect(try f.ops.classify(days: 3_650, dryRun: true, by: OrderFixture.planner).changes.map(\.sku).sorted() == ["A", "B"])
    }

    @Test func sharesComeFromTheSettingsAndMustGrow() throws {
        let f = try OrderFixture()
        defer { f.db.remove() }
        #expect(throws: OperationError("velocity.a-percent (96) may not be above velocity.ab-percent (95).")) {
            try f.ops.changeSetting(.velocityAPercent, to: "96", reason: "try", by: OrderFixture.admin)
        }
        #expect(try f.ops.changeSetting(.velocityABPercent, to: "99%", reason: "wider B", by: OrderFixture.admin) == "99")
        #expect(try f.ops.settings().velocityShares == VelocityClassification.Shares(a: 800, ab: 990))
        #expect(throws: OperationError("A customer-service agent may not classify SKUs (cora is a customer-service agent; a planner or an admin may).")) {
            try f.ops.classify(days: nil, dryRun: true, by: OrderFixture.service)
        }
    }
}
