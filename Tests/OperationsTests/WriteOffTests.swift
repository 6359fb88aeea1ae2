import Testing
import Foundation
import Domain
import Store
@testable import Operations

/// Write-off documents on the order fixture (A: 10 at L1 and L2; B: 5 at each).
@Suite struct WriteOffTests {
    static let sam = OrderFixture.supervisor

    /// A write-off document as the online-retail import makes one: unpriced lines, no customer,
    /// each line's description saying what happened.
    static func writeOff(_ ref: String, _ lines: [(String, Int, String)]) -> OrderDraft {
        OrderFixture.draft(ref, []) { d in
            d.kind = .writeOff
            d.customer = ""
            d.lines = lines.map { OrderLineDraft(sku: $0.0, description: $0.2, quantity: $0.1, unitPrice: 0, discount: 0, tax: 0) }
        }
    }

    func lines(_ f: OrderFixture, _ state: WriteOffState?) throws -> [WriteOffLineRow] {
        try f.ops.read { try $0.writeOffLines(state: state, limit: nil) }
    }

    @Test func aWriteOffIsCapturedOpenAndPostedAsMovesWithItsOwnReasons() throws {
        let f = try OrderFixture()
        defer { f.db.remove() }
        let outcome = try f.capture([Self.writeOff("WO-1", [("A", 3, "damaged"), ("B", 2, ""), ("A", 1, "thrown away")])])
        #expect(outcome.writeOffs == 1 && outcome.created == 0)
        let open = try lines(f, .open)
        #expect(open.map(\.sku) == ["A", "B", "A"] && open.map(\.state) == [.open, .open, .open] && open[0].reason == "damaged")

        // Line 2 says nothing: the supervisor must, and nothing moves until they do.
        let audit = try f.auditCount()
        #expect(throws: OperationError("Line 2 (B) of write-off WO-1 says no reason; give one with --reason.")) {
            try f.ops.postWriteOff("WO-1", location: "L1", by: Self.sam)
        }
        #expect(try f.position("A", "L1").sellable == 10 && f.auditCount() == audit)

        let posted = try f.ops.postWriteOff("WO-1", location: "L1", reason: "crushed in the rack", by: Self.sam)
        #expect(posted.summary == "3 x A, 2 x B, 1 x A written off from sellable @ L1")
        #expect(try f.position("A", "L1").sellable == 6 && f.position("B", "L1").sellable == 3 && f.position("A", "L2").sellable == 10)
        let done = try lines(f, .posted)
        #expect(done.count == 3 && done.allSatisfy { $0.location == "L1" && $0.fromStatus == "sellable" && $0.postedBy == "sam" })
        #expect(try lines(f, .open).isEmpty)
        let moves = try f.ops.read { try $0.recentMoves(sku: "B", limit: 5) }
        #expect(moves.first?.reason == "writeOff" && moves.first?.note == "write-off WO-1: crushed in the rack")
        let notes = try f.ops.read { try $0.recentMoves(sku: "A", limit: 5) }.filter { $0.reason == "writeOff" }.map(\.note)
        #expect(Set(notes) == ["write-off WO-1: damaged", "write-off WO-1: thrown away"])
        let id = try f.id("WO-1")
        let history = try f.ops.read { try $0.auditEntries(entity: "order:\(id)", limit: 5) }
        #expect(history.first?.command == "writeoff.post" && history.first?.actor == "sam" && history.first?.after == "posted")
        #expect(try f.ops.verify().isClean)

        #expect(throws: OperationError("Write-off WO-1 is posted already; its stock left once.")) {
            try f.ops.postWriteOff("WO-1", location: "L2", reason: "again", by: Self.sam)
        }
    }

    @Test func aWriteOffTheLocationCannotCoverIsRefusedWholeNamingEveryShortLine() throws {
        let f = try OrderFixture()
        defer { f.db.remove() }
        try f.capture([Self.writeOff("WO-2", [("A", 8, "wet"), ("B", 6, "wet"), ("A", 4, "wet")])])
        let audit = try f.auditCount()
        #expect(throws: OperationError("write-off WO-2 cannot be posted at L1: it writes off 12 x A (L1 has 10 sellable), "
                                       + "6 x B (L1 has 5 sellable). Post it where the stock is, or void it.")) {
            try f.ops.postWriteOff("WO-2", location: "L1", by: Self.sam)
        }
        #expect(throws: OperationError("write-off WO-2 cannot be posted at L1: it writes off 12 x A (L1 has 0 quarantine), "
                                       + "6 x B (L1 has 0 quarantine). Post it where the stock is, or void it.")) {
            try f.ops.postWriteOff("WO-2", location: "L1", from: .quarantine, by: Self.sam)
        }
        #expect(throws: OperationError("Cannot write off reserved stock directly: reserved follows reservations (reserve or release them).")) {
            try f.ops.postWriteOff("WO-2", location: "L1", from: .reserved, by: Self.sam)
        }
        #expect(throws: OperationError("Unknown location L9.")) { try f.ops.postWriteOff("WO-2", location: "L9", by: Self.sam) }
        #expect { try f.ops.postWriteOff("WO-2", location: "L1", by: OrderFixture.service) } throws: {
            "\($0)".contains("may not post write-offs")
        }
        #expect(try f.position("A", "L1").sellable == 10 && f.position("B", "L1").sellable == 5 && f.auditCount() == audit)
        #expect(try lines(f, .open).count == 3)
    }

    @Test func aVoidedWriteOffMovesNothingAndHistoryIsNeverPosted() throws {
        let f = try OrderFixture()
        defer { f.db.remove() }
        try f.capture([Self.writeOff("WO-3", [("A", 1, "check")]), OrderFixture.draft("S-1", [("A", 1)])])
        #expect(throws: OperationError("Order \(try f.id("S-1")) (S-1) is a sale, not a write-off document: qm writeoff list shows them.")) {
            try f.ops.postWriteOff("S-1", location: "L1", reason: "x", by: Self.sam)
        }
        #expect(throws: OperationError("A reason is required (--reason): every stock change says why.")) {
            try f.ops.voidWriteOff("WO-3", reason: " ", by: Self.sam)
        }
        try f.ops.voidWriteOff("WO-3", reason: "a stock check note, not a loss", by: Self.sam)
        #expect(try lines(f, .void).map(\.sku) == ["A"])
        #expect(throws: OperationError("Write-off WO-3 was voided; it moves no stock.")) {
            try f.ops.postWriteOff("WO-3", location: "L1", by: Self.sam)
        }

        _ = try f.ops.captureOrders([ImportRow(line: 2, value: Self.writeOff("WO-OLD", [("B", 2, "damaged")]))], source: "test",
                                    history: true, by: OrderFixture.admin)
        #expect(try lines(f, .history).map(\.ref) == ["WO-OLD"])
        #expect(throws: OperationError("Write-off WO-OLD was imported as history: it happened before the books began and moves no stock.")) {
            try f.ops.postWriteOff("WO-OLD", location: "L1", by: Self.sam)
        }
        #expect(try f.position("A", "L1").sellable == 10 && f.position("B", "L1").sellable == 5)
        #expect(try f.ops.verify().isClean)
    }

    @Test func verifyFindsAWriteOffWhoseMovesDisagreeWithItsLines() throws {
        let f = try OrderFixture()
        defer { f.db.remove() }
        try f.capture([Self.writeOff("WO-4", [("A", 2, "damaged")])])
        _ = try f.ops.postWriteOff("WO-4", location: "L1", by: Self.sam)
        let id = try f.id("WO-4")
        // A second posting's moves under the same document, outside postWriteOff.
        try f.ops.store.write { tx in
            try tx.record(StockMove(sku: "A", location: "L1", from: .sellable, to: nil, quantity: 1, reason: .writeOff, note: "stray",
                                    document: "write-off \(id)"),
                          skuID: try tx.skuID("A")!, locationID: try tx.locationID("L1")!, actor: "sam", at: "2026-12-03T10:00:00Z")
        }
        let findings = try f.ops.verify().findings.filter { $0.check == "writeOff" }.map(\.message)
        #expect(findings == ["write-off \(id): A posted 2 units but its moves took out 3"])
    }
}
