import Testing
import Foundation

/// Releasing holds in the real console: the queue's own hold goes, every other hold stays, and
/// the confirmation says so first; a viewer is offered no action it may not take.
@Suite(.serialized) struct TmuxReleaseTests {
    @Test func aSupervisorReleasesThreeFraudHoldsAndAPaymentHoldOnOneOfThemStays() throws {
        let t = try TmuxSession()
        defer { t.stopConsole() }
        let db = t.database
        try t.qm(["demo", "--db", db, "--skus", "200", "--locations", "5", "--orders", "300"])
        let fraud = try t.qm(["orders", "--db", db, "--hold", "fraud", "--format", "csv"]).split(separator: "\n").dropFirst()
            .compactMap { Int64($0.split(separator: ",")[0]) }
        #expect(fraud.count == 3)

        try t.start(width: 160, height: 40, command: "\(t.binary) --db \(db) --pane orders --as sam")
        try t.openHoldQueue("fraud review")
        try t.waitUntil("the three fraud orders") { _ in Set(t.listedOrders()) == Set(fraud) }
        // Finance puts a payment hold on one of them while the console is open.
        let both = fraud[1]
        try t.qm(["order", "hold", String(both), "--reason", "payment", "--note", "card declined", "--db", db, "--as", "fin"])

        try t.keys("A")
        try t.waitForMessage("All 3 orders in the queue marked")
        try t.keys("r")
        // A fraud release needs a note: asked for before anything else.
        try t.waitFor("Release the fraud review hold: why?")
        try t.keys("Enter")
        try t.waitForMessage("type a note saying why")
        try t.type("identity confirmed by phone")
        try t.keys("Enter")
        try t.waitFor("[y] Release 3")
        let question = t.dialogText
        #expect(question.contains("Release the fraud review hold on 3 orders:"), "\(question)")
        #expect(question.contains("Order \(both) stays on its payment pending (finance) hold."), "\(question)")
        #expect(question.contains("Note: identity confirmed by phone"), "\(question)")
        try t.keys("y")
        try t.waitForMessage("3 released")
        try t.waitUntil("the fraud queue to empty") { _ in t.listedOrders().isEmpty }

        for id in fraud {
            let order = try OrderJSON(t.qm(["order", "show", String(id), "--db", db, "--format", "json"]))
            let open = order.holds.filter { $0["releasedAt"] as? String == nil }.compactMap { $0["reason"] as? String }
            #expect(open == (id == both ? ["payment"] : []), "order \(id): \(open)")
            let fraudHold = try #require(order.holds.first { $0["reason"] as? String == "fraud" })
            #expect(fraudHold["releasedBy"] as? String == "sam")
            let audit = try t.audit(order: id, db: db)
            #expect(audit.first?.command == "order.release" && audit.first?.reason.contains("identity confirmed by phone") == true)
        }
        try t.qm(["verify", "--db", db])           // exits non-zero on any broken invariant
    }

    @Test func aViewerSeesNoHoldOrReleaseHintsAndIsRefusedAtOnce() throws {
        let t = try TmuxSession()
        defer { t.stopConsole() }
        let db = t.database
        try t.qm(["demo", "--db", db, "--skus", "200", "--locations", "5", "--orders", "300"])
        try t.start(width: 160, height: 40, command: "\(t.binary) --db \(db) --pane orders --as vic")
        try t.openQueue("allocated")
        let hints = try #require(t.lines.last { !$0.trimmingCharacters(in: .whitespaces).isEmpty })
        #expect(hints.contains("open") && hints.contains("mark"), "\(hints)")
        for action in ["hold", "release", "cancel", "allocate"] { #expect(!hints.contains(action), "\(hints)") }
        try t.keys("h")
        try t.waitForMessage("A viewer may not place holds (vic is a viewer;")
        #expect(!t.screen.contains("why?"))            // no reason picker opened
    }
}

extension TmuxReleaseTests {
    @Test func theConsoleOpensOnTheRolesHomePane() throws {
        let t = try TmuxSession()
        defer { t.stopConsole() }
        let db = t.database
        try t.qm(["demo", "--db", db, "--skus", "60", "--locations", "4", "--orders", "100"])
        try t.start(width: 120, height: 30, command: "\(t.binary) --db \(db) --as pat")
        try t.waitUntil("the planner's backorders") { $0.contains("reallocate") }
        try t.keys("q")
        #expect(try t.waitForExit() == 0)
        let u = try TmuxSession()
        defer { u.stopConsole() }
        try FileManager.default.copyItem(atPath: db, toPath: u.database)
        try u.start(width: 120, height: 30, command: "\(u.binary) --db \(u.database) --as cora")
        try u.waitFor("Order queues: 100 sales orders")
    }
}

extension TmuxSession {
    /// From the queues, opens the hold queue with this title ("fraud review").
    func openHoldQueue(_ title: String) throws {
        try waitUntil("the \(title) queue row") { $0.contains(title + " ") }
        let row = try #require(lines.dropFirst(3).firstIndex { $0.hasPrefix(title + " ") })
        try keys("g")
        for _ in 0..<(row - 3) { try keys("j") }
        try keys("Enter")
        try waitFor("Queue: \(title) hold")
    }
}
