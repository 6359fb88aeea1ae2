import Testing
import Foundation
import Domain
import Store
import Operations
import TerminalKit
@testable import Console

extension ConsoleFixture {
    /// Counts of SKUs with shelf stock at one location, started and counted by ada, each
    /// `off` units short (outside tolerance, so each waits for a supervisor). Returns the
    /// counts, SKUs and what was expected of each, then shows them in the counts pane.
    func countVariances(_ n: Int, off: Int = 5) throws -> [(task: Int64, sku: String, location: String, expected: Int)] {
        let positions = try ops.read { r in
            try r.countCyclePositions().filter { try r.position(skuID: $0.skuID, locationID: $0.locationID).sellable >= 20 }
        }
        var made: [(Int64, String, String, Int)] = []
        for p in positions.prefix(n) {
            let task = try ops.createCount(location: p.location, sku: p.sku, why: "test", by: Self.admin)
            _ = try ops.startCounts([task.id], by: Self.admin)
            let shelf = CountBucket.shelf.quantity(in: try stock(p.sku, p.location))
            let extra = try ops.read { try $0.countTask(task.id)! }.lines.filter { $0.bucket != .shelf }
                .map { CountEntry(sku: $0.sku, bucket: $0.bucket, quantity: $0.snapshot) }
            _ = try ops.enterCounts(task: task.id, [CountEntry(sku: p.sku, quantity: shelf - off)] + extra, by: Self.admin)
            made.append((task.id, p.sku, p.location, shelf))
        }
        press(.ctrl("r"))
        return made
    }
}

/// The counts pane on a real database: the variance queue decided in two keys (planned by
/// Operations, confirmed saying what posts), recounts with a reason, refusals before any
/// dialog, and blind counting at a location.
@Suite(.serialized) struct CountsConsoleTests {
    @Test func aVarianceIsApprovedInTwoKeysSayingWhatWillPost() throws {
        let f = try ConsoleFixture(width: 140, height: 30, pane: .counts)
        defer { f.remove() }
        let made = try f.countVariances(2)
        #expect(f.runtime.state.counts.queue.rowCount == 2)
        #expect(f.screen.contains("Count variances: 2 waiting for a supervisor"))
        let first = made[0]
        let before = try f.stock(first.sku, first.location)
        f.press(.char("a"))
        let text = try #require(f.dialogText)
        #expect(text.contains("count \(first.task) · \(first.sku) at \(first.location) (shelf): \(first.expected) expected, \(first.expected - 5) counted → -5 sellable"))
        #expect(text.contains("(counted by ada)"))
        #expect(try f.stock(first.sku, first.location) == before)          // nothing written yet
        f.press(.char("y"))
        #expect(try f.stock(first.sku, first.location).sellable == before.sellable - 5)
        #expect(f.runtime.state.counts.queue.rowCount == 1)
        #expect(f.screen.contains("count \(first.task): \(first.sku) -5 sellable @ \(first.location)"))
        let audit = try f.read { try $0.auditEntries(entity: "count:\(first.task)", limit: 1) }.first
        #expect(audit?.actor == "sam" && audit?.reason.hasPrefix("approved 1 variance; \(first.sku) -5") == true)
    }

    @Test func refusalsComeBeforeAnyDialog() throws {
        let f = try ConsoleFixture(width: 140, height: 30, user: ConsoleFixture.admin, pane: .counts)
        defer { f.remove() }
        _ = try f.countVariances(1)
        // ada counted it: she may not decide on it.
        f.press(.char("a"))
        #expect(f.dialogText == nil)
        #expect(f.screen.contains("ada counted") && f.screen.contains("may not approve their own count"))
        f.press(.char("x"))
        #expect(f.dialogText == nil)
        #expect(f.screen.contains("may not reject their own count"))

        let viewer = try ConsoleFixture(width: 140, height: 30, user: Actor(name: "vic", role: .viewer), pane: .counts)
        defer { viewer.remove() }
        _ = try viewer.countVariances(1)
        #expect(!viewer.screen.contains("a approve") && !viewer.screen.contains("c count"))
        viewer.press(.char("a"))
        #expect(viewer.screen.contains("A viewer may not approve or reject count variances"))
        #expect(viewer.dialogText == nil)
    }

    @Test func markedVariancesGoToARecountWithAReason() throws {
        let f = try ConsoleFixture(width: 140, height: 30, pane: .counts)
        defer { f.remove() }
        let made = try f.countVariances(3)
        f.press(.char(" "), .char(" "))
        #expect(f.runtime.state.counts.marked.count == 2 && f.screen.contains("2 marked"))
        f.press(.char("x"))
        guard case .form(_, .counts) = f.runtime.state.mode else { Issue.record("no reason form"); return }
        f.press(.enter)
        #expect(f.screen.contains("Reason is required"))
        f.type("check the top shelf"); f.press(.enter)
        let text = try #require(f.dialogText)
        #expect(text.hasPrefix("Send 2 variances to a blind recount, by someone other than who counted:"))
        #expect(text.hasSuffix("Nothing is posted. Reason: check the top shelf"))
        f.press(.char("y"))
        for m in made.prefix(2) {
            let line = try f.read { try $0.countTask(m.task)! }.lines.first { $0.bucket == .shelf }!
            #expect(line.state == .pending && line.round == 2 && line.earlierCounter == "ada" && line.counted == nil)
        }
        #expect(f.runtime.state.counts.queue.rowCount == 1 && f.runtime.state.counts.marked.isEmpty)
    }

    @Test func countingAtALocationIsBlindAndCompletesWhenEveryLineIsCounted() throws {
        let f = try ConsoleFixture(width: 140, height: 30, pane: .counts)
        defer { f.remove() }
        let p = try #require(try f.ops.read { try $0.countCyclePositions() }.first)
        let task = try f.ops.createCount(location: p.location, sku: p.sku, why: "spot check", by: ConsoleFixture.admin)
        f.press(.char("c"))
        f.type(p.location); f.press(.enter)
        #expect(f.dialogText?.hasPrefix("Start count \(task.id) (\(p.sku) at \(p.location))?") == true)
        f.press(.char("y"))
        let lines = try f.read { try $0.countTask(task.id)! }.lines
        #expect(f.runtime.state.counts.view == .entry && f.runtime.state.counts.entry?.table.rowCount == lines.count)
        // Blind: no column or cell says what the ledger expects.
        #expect(!f.screen.contains("Expected"))
        #expect(f.runtime.state.counts.entry!.table.rows.map { $0.cells[3] } == Array(repeating: "", count: lines.count))
        let position = try f.stock(p.sku, p.location)
        for line in lines {
            f.press(.char("n"))
            // Scanned or typed in any case.
            f.type(p.sku.lowercased()); f.press(.tab); f.type(String(line.bucket.quantity(in: position))); f.press(.tab)
            for _ in 0..<20 { f.press(.backspace) }
            f.type(line.bucket.rawValue); f.press(.enter)
            f.press(.escape)   // the form comes back for the next SKU
        }
        #expect(f.screen.contains("0 lines to count"))
        f.press(.char("s"))
        #expect(f.dialogText?.hasPrefix("Complete count \(task.id) (\(p.sku) at \(p.location)):") == true)
        f.press(.char("y"))
        #expect(try f.read { try $0.countTask(task.id)! }.state == .closed)
        #expect(f.screen.contains("count \(task.id) closed: \(lines.count) approved within tolerance"))
    }

    @Test func theCountsPaneIsReachedFromThePrompt() throws {
        let f = try ConsoleFixture(width: 140, height: 30, pane: .stock)
        defer { f.remove() }
        let p = try #require(try f.ops.read { try $0.countCyclePositions() }.first)
        let task = try f.ops.createCount(location: p.location, sku: nil, why: "aisle check", by: ConsoleFixture.admin)
        f.press(.char(":")); f.type("count \(p.location)"); f.press(.enter)
        #expect(f.runtime.state.pane == .counts && f.runtime.state.counts.view == .entry)
        #expect(f.dialogText?.hasPrefix("Start count \(task.id) (all of \(p.location))?") == true)
        f.press(.char("n"))
        #expect(f.screen.contains("Nothing is being counted here yet"))
        #expect(try f.read { try $0.countTask(task.id)! }.state == .open)
        f.press(.char(":")); f.type("variances"); f.press(.enter)
        #expect(f.runtime.state.counts.view == .variances && f.screen.contains("Count variances"))

        let viewer = try ConsoleFixture(width: 140, height: 30, user: Actor(name: "vic", role: .viewer), pane: .stock)
        defer { viewer.remove() }
        viewer.press(.char(":")); viewer.type("count \(p.location)"); viewer.press(.enter)
        #expect(viewer.screen.contains("A viewer may not count stock") && viewer.runtime.state.pane == .stock)
    }

    @Test func theQueueAndTheEntryScreenAsDrawn() throws {
        let f = try ConsoleFixture(width: 120, height: 14, pane: .counts)
        defer { f.remove() }
        _ = try f.countVariances(3)
        assertSnapshot(f.screen, named: "counts-variances")
        f.press(.char("t"))
        assertSnapshot(f.screen, named: "counts-tasks")
        f.expectEveryViewClips(width: 120, height: 14, [
            ("variances", { f.press(.escape) }),
            ("counts", { f.press(.escape, .char("t")) }),
        ])
    }
}
