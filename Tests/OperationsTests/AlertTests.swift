import Testing
import Foundation
import GRDB
import Domain
@testable import Store
@testable import Operations

/// Alerts derived from KPITests' history (docs/KPIS.md, Alerts): each rule against the
/// condition that raises it, acknowledgement, and the rules file.
@Suite struct AlertTests {
    /// The history, with PO-2 (5 B, expected the 4th) never received and W-3 (2 A) allocated
    /// on the 1st and never picked.
    static func history() throws -> (f: OrderFixture, reader: Operations) {
        let (f, reader) = try KPITests.history()
        let d1 = Operations(store: f.ops.store, clock: { ISO8601DateFormatter().date(from: "2030-01-01T10:00:00Z")! })
        _ = try d1.importPurchaseOrders([ImportRow(line: 1, value: ReceivingOperationTests.order("PO-2", [("B", 5)], expected: "2030-01-04"))],
                                        source: "test", by: OrderFixture.admin)
        _ = try d1.captureOrders([ImportRow(line: 2, value: OrderFixture.draft("W-3", [("A", 2)], promise: "2030-01-20") { $0.orderedAt = "2030-01-01 09:30:00" })],
                                 source: "test", partial: false, by: OrderFixture.admin)
        _ = try d1.allocate(AllocationOptions(), by: OrderFixture.planner)
        return (f, reader)
    }

    @Test func eachRuleRaisesItsAlertWithOwnerAgeAndDocument() throws {
        let (f, reader) = try Self.history()
        defer { f.db.remove() }
        let w2 = try f.id("W-2"), w3 = try f.id("W-3")
        let alerts = Dictionary(uniqueKeysWithValues: try reader.alerts().map { ($0.alert.key, $0) })
        #expect(Set(alerts.keys) == ["lateReceipt:PO-2", "unpicked:order \(w3)", "pastPromise:order \(w2)", "queueSLA:backordered lines",
                                     "queueSLA:returns to receive"], "\(alerts.keys.sorted())")
        let late = try #require(alerts["lateReceipt:PO-2"])
        #expect(late.alert.owner == .planner && late.alert.since == "2030-01-04" && late.age == 6 * 86_400 + 12 * 3_600 && late.alert.document == "PO-2")
        #expect(late.alert.message == "PO-2 from LOOSE: 1 line expected 2030-01-04, 6 days ago, not received")
        let unpicked = try #require(alerts["unpicked:order \(w3)"])
        #expect(unpicked.alert.owner == .supervisor && unpicked.alert.since == "2030-01-01T10:00:00Z" && unpicked.age == 9 * 86_400 + 2 * 3_600)
        let promise = try #require(alerts["pastPromise:order \(w2)"])
        #expect(promise.alert.message == "order \(w2) (W-2) promised for 2030-01-08 still waits for 2 backordered units")
        // The backordered line has waited 9d 3h, past the queue's 168 hours; the return 7d 2h, past the default 48.
        #expect(alerts["queueSLA:backordered lines"]?.alert.owner == .planner && alerts["queueSLA:returns to receive"]?.alert.owner == .supervisor)
        // Oldest first.
        #expect(try reader.alerts().map(\.age) == alerts.values.map(\.age).sorted(by: >))
    }

    @Test func anAlertIsAcknowledgedByItsOwnerOnceAndAudited() throws {
        let (f, reader) = try Self.history()
        defer { f.db.remove() }
        let key = "lateReceipt:PO-2"
        #expect(throws: OperationError("\(key) is for the planner role to look at: a customer service user may not acknowledge it.")) {
            try reader.acknowledgeAlert(key, note: "", by: Actor(name: "cora", role: .customerService))
        }
        #expect(throws: OperationError("No alert lateReceipt:PO-9 holds now: qm alerts lists them.")) {
            try reader.acknowledgeAlert("lateReceipt:PO-9", note: "", by: OrderFixture.planner)
        }
        try reader.acknowledgeAlert(key, note: "chased the supplier", by: OrderFixture.planner)
        let acked = try #require(try reader.alerts().first { $0.alert.key == key }?.acknowledged)
        #expect(acked.by == "pat" && acked.note == "chased the supplier")
        #expect(throws: OperationError("\(key) was acknowledged by pat at 2030-01-10T12:00 already.")) {
            try reader.acknowledgeAlert(key, note: "", by: OrderFixture.supervisor)
        }
        #expect(try f.ops.read { try $0.auditEntries(entity: "alert:\(key)", limit: 5) }.map(\.command) == ["alert.ack"])
    }

    /// The console's badge counts the per-order rules in SQL and reads only the orders someone
    /// acknowledged: the count is the list's, and an acknowledgement counts only while its
    /// alert holds.
    @Test func theBadgeCountsWhatTheListShowsOpenWithoutListingIt() throws {
        let (f, reader) = try Self.history()
        defer { f.db.remove() }
        func listed() throws -> Int { try reader.alerts(checkingLedger: false).filter { $0.acknowledged == nil }.count }
        #expect(try reader.openAlertCount() == 5 && listed() == 5)
        let w2 = try f.id("W-2"), w3 = try f.id("W-3")
        try reader.acknowledgeAlert("pastPromise:order \(w2)", note: "", by: OrderFixture.planner)
        try reader.acknowledgeAlert("unpicked:order \(w3)", note: "", by: OrderFixture.supervisor)
        try reader.acknowledgeAlert("lateReceipt:PO-2", note: "", by: OrderFixture.planner)
        #expect(try reader.openAlertCount() == 2 && listed() == 2)
        // W-2 cancelled: its alert ends (and the backordered-lines queue with it), and its
        // acknowledgement, still stored, takes nothing off what is left open.
        _ = try reader.cancel(order: "W-2", reason: .customerRequest, by: OrderFixture.admin)
        #expect(try reader.alerts(checkingLedger: false).map(\.alert.key).sorted() == ["lateReceipt:PO-2", "queueSLA:returns to receive", "unpicked:order \(w3)"])
        #expect(try listed() == 1 && reader.openAlertCount() == 1)
    }

    @Test func theRulesFileMovesThresholdsAllOrNothing() throws {
        let (f, reader) = try Self.history()
        defer { f.db.remove() }
        func row(_ line: Int, _ t: AlertThreshold) -> ImportRow<AlertThreshold> { ImportRow(line: line, value: t) }
        #expect(throws: OperationError("""
            test: nothing was changed:
              line 2: only queueSLA has a scope (the queue it is for); pastPromise has none.
              line 3: supplierSlipping's threshold must be a whole number from 0 to 100 (percentage points), got 300.
              line 5: queueSLA for fraud holds is on line 4 already.
            """)) {
            try reader.importAlertRules([row(2, AlertThreshold(rule: .pastPromise, scope: "x", value: 1)),
                                         row(3, AlertThreshold(rule: .supplierSlipping, value: 300)),
                                         row(4, AlertThreshold(rule: .queueSLA, scope: "fraud holds", value: 1)),
                                         row(5, AlertThreshold(rule: .queueSLA, scope: "fraud holds", value: 2))], source: "test", by: OrderFixture.supervisor)
        }
        // Promise dates five days past before an order alerts; returns may wait 200 hours.
        try reader.importAlertRules([row(2, AlertThreshold(rule: .pastPromise, value: 5)),
                                     row(3, AlertThreshold(rule: .queueSLA, scope: "returns to receive", value: 200))],
                                    source: "test", by: OrderFixture.supervisor)
        let keys = Set(try reader.alerts().map(\.alert.key))
        #expect(!keys.contains { $0.hasPrefix("pastPromise:") } && !keys.contains("queueSLA:returns to receive") && keys.contains("lateReceipt:PO-2"))
        let rules = try reader.alertRules()
        #expect(rules.threshold(.pastPromise) == 5 && rules.threshold(.queueSLA, scope: "returns to receive") == 200)
        #expect(rules.threshold(.queueSLA, scope: "fraud holds") == 4 && rules.threshold(.queueSLA, scope: "count variances") == 48)
    }

    @Test func driftInTheLedgerIsAnAlertForAnAdmin() throws {
        let (f, reader) = try Self.history()
        defer { f.db.remove() }
        // A position changed behind the ledger's back.
        try DatabaseQueue(path: f.db.path).write { db in
            try db.execute(sql: "UPDATE stock_position SET sellable = sellable + 1 WHERE sku_id = (SELECT id FROM sku WHERE code = 'A') AND location_id = (SELECT id FROM location WHERE code = 'L2')")
        }
        let drift = try #require(try reader.alerts().first { $0.alert.rule == .ledgerDrift })
        #expect(drift.alert.owner == .admin && drift.alert.message.hasPrefix("qm verify finds"), "\(drift.alert.message)")
        // Acknowledged, it stays so while the drift lasts (the records do not date it).
        try reader.acknowledgeAlert("ledgerDrift", note: "looking", by: OrderFixture.admin)
        let later = Operations(store: f.ops.store, clock: { ISO8601DateFormatter().date(from: "2030-01-11T08:00:00Z")! })
        #expect(try later.alerts().first { $0.alert.rule == .ledgerDrift }?.acknowledged?.note == "looking")
    }

    @Test func verifyProvesWhatTheKPIsAndAlertsKeep() throws {
        let (f, reader) = try Self.history()
        defer { f.db.remove() }
        #expect(try reader.verify().isClean)
        // Written behind Operations' back: a rule out of range, a first allocation beyond its line.
        try DatabaseQueue(path: f.db.path).write { db in
            try db.execute(sql: "INSERT INTO alert_rule (rule, scope, threshold) VALUES ('supplierSlipping', '', 300)")
            try db.execute(sql: "UPDATE order_line SET first_allocated = quantity + 1 WHERE order_id = (SELECT id FROM sales_order WHERE external_ref = 'W-1')")
        }
        let found = try reader.verify().findings.filter { $0.check == "insight" }.map(\.message)
        #expect(found.count == 2 && found.contains { $0.hasSuffix("its first allocation allocated 5 of 4 units ordered") }
                && found.contains { $0.hasPrefix("alert rule supplierSlipping:") }, "\(found)")
    }

    @Test func aSupplierSlipsWhenItsRecentOnTimeRateFallsByMoreThanTheThreshold() {
        func receipt(_ arrived: String, late: Bool) -> (supplier: String, receipt: SupplierPerformance.Receipt) {
            ("S", SupplierPerformance.Receipt(orderedOn: OrderDate.adding(days: -5, to: arrived),
                                              expectedOn: OrderDate.adding(days: late ? -1 : 0, to: arrived), arrivedOn: arrived))
        }
        // Before the last 30 days: 4 of 4 on time; in them: 2 of 4, down 50 points.
        let rows = ["2030-02-01", "2030-02-10", "2030-03-01", "2030-03-20"].map { receipt($0, late: false) }
            + [("2030-04-20", false), ("2030-04-22", true), ("2030-04-25", true), ("2030-04-28", false)].map { receipt($0.0, late: $0.1) }
        let alerts = Operations.supplierSlipping(rows, today: "2030-04-30", points: 10)
        #expect(alerts.map(\.key) == ["supplierSlipping:S"])
        // Its start is not dated by the records: the same key keeps its acknowledgement from day to day.
        #expect(alerts.first?.since == Alert.undated)
        #expect(alerts.first?.message == "S on time 50.00% over the last 30 days (4 receipts), down from 100.00% over the 90 before (4)")
        #expect(Operations.supplierSlipping(rows, today: "2030-04-30", points: 50).isEmpty)
        // Too few receipts to tell: nothing.
        #expect(Operations.supplierSlipping(Array(rows.suffix(5)), today: "2030-04-30", points: 10).isEmpty)
    }
}
