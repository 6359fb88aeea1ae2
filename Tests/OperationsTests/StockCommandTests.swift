import Testing
import Foundation
import Synchronization
import Domain
import Store
@testable import Operations

@Suite struct StockCommandTests {
    let db: TestDatabase
    init() throws { db = try TestDatabase() }
    var ops: Operations { db.ops }

    func position(_ sku: String, _ loc: String) throws -> StockPosition {
        try ops.read { try $0.position(skuID: $0.skuID(sku)!, locationID: $0.locationID(loc)!) }
    }

    @Test func adjustTransferAndStatusChangeMoveStockAndAuditEachChange() throws {
        let sam = TestDatabase.supervisor
        try ops.adjust(sku: "A", location: "L1", status: .sellable, delta: 10, reason: "opening count", by: sam)
        try ops.transfer(sku: "A", from: "L1", to: "L2", status: .sellable, quantity: 4, reason: "rebalance", by: sam)
        try ops.changeStatus(sku: "A", location: "L2", from: .sellable, to: .quarantine, quantity: 1, reason: "dented box", by: sam)
        #expect(try position("A", "L1").sellable == 6)
        #expect(try position("A", "L2") == StockPosition(sellable: 3, reserved: 0, quarantine: 1, damaged: 0, returnPending: 0))
        let audit = try ops.read { try $0.auditEntries(entity: "stock:A@L2", limit: 10) }
        #expect(audit.count == 2)
        #expect(audit.first?.actor == "sam" && audit.first?.role == "supervisor" && audit.first?.reason == "dented box")
        #expect(audit.first?.before?.contains(#""sellable":4"#) == true)
        #expect(audit.first?.after?.contains(#""quarantine":1"#) == true)
        #expect(try ops.verify().isClean)
    }

    /// A clock that moves on a second at every look: a change whose moves and audit entries
    /// each read the time would date them apart (the soak found one at a second's edge).
    @Test func aChangeDatesItsMovesAndTheirAuditEntriesAlike() throws {
        let ticks = Mutex(0)
        let ticking = Operations(store: ops.store, clock: {
            Date(timeIntervalSince1970: 1_800_000_000 + Double(ticks.withLock { n in n += 1; return n }))
        })
        try ops.adjust(sku: "A", location: "L1", status: .sellable, delta: 5, reason: "count", by: TestDatabase.supervisor)
        try ticking.transfer(sku: "A", from: "L1", to: "L2", status: .sellable, quantity: 2, reason: "rebalance", by: TestDatabase.supervisor)
        let report = try ops.verify()
        #expect(report.isClean, "\(report.violations)")
    }

    @Test func refusedCommandsChangeNothing() throws {
        try ops.adjust(sku: "A", location: "L1", status: .sellable, delta: 5, reason: "count", by: TestDatabase.supervisor)
        let movesBefore = try ops.read { try $0.moveCount() }
        let auditBefore = try ops.read { try $0.lastAuditID() }
        // wrong role
        #expect(throws: OperationError.self) {
            try ops.adjust(sku: "A", location: "L1", status: .sellable, delta: 5, reason: "x", by: TestDatabase.viewer)
        }
        // would go negative
        #expect { try ops.transfer(sku: "A", from: "L1", to: "L2", status: .sellable, quantity: 6, reason: "x", by: TestDatabase.supervisor) }
            throws: { ($0 as? OperationError)?.message.contains("has 5 sellable") == true }
        // the first leg is recorded before the second fails: the whole transfer must roll back
        #expect { try ops.transfer(sku: "A", from: "L1", to: "NOWHERE", status: .sellable, quantity: 2, reason: "x", by: TestDatabase.supervisor) }
            throws: { ($0 as? OperationError)?.message == "Unknown location NOWHERE." }
        // unknown names, missing reason, reserved touched directly, kit holding stock
        #expect(throws: OperationError.self) { try ops.adjust(sku: "NOPE", location: "L1", status: .sellable, delta: 1, reason: "x", by: TestDatabase.supervisor) }
        #expect(throws: OperationError.self) { try ops.adjust(sku: "A", location: "L9", status: .sellable, delta: 1, reason: "x", by: TestDatabase.supervisor) }
        #expect(throws: OperationError.self) { try ops.adjust(sku: "A", location: "L1", status: .sellable, delta: 1, reason: "  ", by: TestDatabase.supervisor) }
        #expect(throws: OperationError.self) { try ops.adjust(sku: "A", location: "L1", status: .reserved, delta: 1, reason: "x", by: TestDatabase.supervisor) }
        #expect(throws: OperationError.self) { try ops.adjust(sku: "KIT", location: "L1", status: .sellable, delta: 1, reason: "x", by: TestDatabase.supervisor) }
        #expect(try ops.read { try $0.moveCount() } == movesBefore)
        #expect(try ops.read { try $0.lastAuditID() } == auditBefore)
        #expect(try position("A", "L1").sellable == 5)
        #expect(try position("A", "L2").sellable == 0)
    }

    @Test func quantitiesBeyondOneMoveAreRefusedNotOverflowed() throws {
        let sam = TestDatabase.supervisor
        for delta in [Int.min, Int.max, StockMove.maxQuantity + 1] {
            #expect(throws: OperationError.self) {
                try ops.adjust(sku: "A", location: "L1", status: .sellable, delta: delta, reason: "x", by: sam)
            }
        }
        #expect(throws: OperationError.self) {
            try ops.transfer(sku: "A", from: "L1", to: "L2", status: .sellable, quantity: Int.max, reason: "x", by: sam)
        }
        try ops.adjust(sku: "A", location: "L1", status: .sellable, delta: StockMove.maxQuantity, reason: "x", by: sam)
        #expect(try position("A", "L1").sellable == StockMove.maxQuantity)
    }

    @Test func aUserDemotedMidSessionLosesTheRightAtOnceAndTheAuditSaysSo() throws {
        try ops.addUser(name: "sam", role: .supervisor, by: TestDatabase.admin)
        let sam = Actor(name: "sam", role: .supervisor)   // as resolved when sam's console opened
        try ops.adjust(sku: "A", location: "L1", status: .sellable, delta: 1, reason: "count", by: sam)
        try ops.setRole(name: "sam", role: .viewer, by: TestDatabase.admin)
        #expect { try ops.adjust(sku: "A", location: "L1", status: .sellable, delta: 1, reason: "count", by: sam) }
            throws: { ($0 as? OperationError)?.message.hasPrefix("A viewer may not adjust stock (sam is a viewer;") == true }
        try ops.setRole(name: "sam", role: .admin, by: TestDatabase.admin)
        try ops.adjust(sku: "A", location: "L1", status: .sellable, delta: 1, reason: "count", by: sam)
        #expect(try ops.read { try $0.auditEntries(entity: "stock:A@L1", limit: 1) }.first?.role == "admin")
    }

    @Test func reservationsMoveSellableToReservedAndReleaseGivesItBack() throws {
        try ops.adjust(sku: "A", location: "L1", status: .sellable, delta: 10, reason: "count", by: TestDatabase.supervisor)
        try ops.reserve(sku: "A", location: "L1", quantity: 3, document: "ORD-1", by: TestDatabase.service)
        #expect(try position("A", "L1").sellable == 7)
        #expect(try position("A", "L1").reserved == 3)
        #expect(throws: OperationError.self) { try ops.reserve(sku: "A", location: "L1", quantity: 8, document: "ORD-2", by: TestDatabase.service) }
        #expect(try ops.verify().isClean)
        try ops.releaseReservation(sku: "A", location: "L1", document: "ORD-1", reason: "order cancelled", by: TestDatabase.service)
        #expect(try position("A", "L1") == StockPosition(sellable: 10, reserved: 0, quarantine: 0, damaged: 0, returnPending: 0))
        #expect(throws: OperationError.self) {
            try ops.releaseReservation(sku: "A", location: "L1", document: "ORD-1", reason: "again", by: TestDatabase.service)
        }
        #expect(try ops.verify().isClean)
    }

    @Test func kitAvailabilityComesFromComponentsPerLocation() throws {
        let sam = TestDatabase.supervisor
        try ops.adjust(sku: "A", location: "L1", status: .sellable, delta: 9, reason: "count", by: sam)
        try ops.adjust(sku: "B", location: "L1", status: .sellable, delta: 7, reason: "count", by: sam)
        try ops.adjust(sku: "A", location: "L2", status: .sellable, delta: 8, reason: "count", by: sam)
        let kit = try ops.availability(sku: "KIT")
        #expect(kit.isKit)
        #expect(kit.byLocation == ["L1": 4, "L2": 0])
        #expect(try ops.availability(sku: "A").total == 17)
    }

    @Test func auditAndMovesCannotBeRewritten() throws {
        try ops.adjust(sku: "A", location: "L1", status: .sellable, delta: 1, reason: "count", by: TestDatabase.supervisor)
        func refused(_ sql: String, _ reason: String) {
            #expect { try ops.store.write { try $0.db.execute(sql: sql) } } throws: { "\($0)".contains(reason) }
        }
        refused("UPDATE audit SET actor = 'mallory'", "the audit log is append-only")
        refused("DELETE FROM audit", "the audit log is append-only")
        refused("UPDATE stock_move SET quantity = 99", "stock moves are immutable")
        refused("DELETE FROM stock_move", "stock moves are immutable")
        #expect(try ops.read { try $0.auditEntries(limit: 100) }.allSatisfy { $0.actor != "mallory" })
    }

    @Test func verifyFindsABalanceThatDisagreesWithItsMoves() throws {
        try ops.adjust(sku: "A", location: "L1", status: .sellable, delta: 4, reason: "count", by: TestDatabase.supervisor)
        // Simulate a corrupted balance written behind Operations' back.
        try ops.store.write { try $0.db.execute(sql: "UPDATE stock_position SET sellable = 9") }
        let report = try ops.verify()
        #expect(!report.isClean)
        #expect(report.violations.contains { $0.contains("stored sellable balance is 9 but the moves sum to 4") })
    }

    @Test func identityUsesTheOSUserAndOnlyAdminsMayActAsOthers() throws {
        try ops.addUser(name: "sam", role: .supervisor, by: TestDatabase.admin)
        #expect(try ops.resolveActor(osUser: "ada", requested: nil) == TestDatabase.admin)
        #expect(try ops.resolveActor(osUser: "ada", requested: "sam") == Actor(name: "sam", role: .supervisor))
        #expect(throws: OperationError.self) { try ops.resolveActor(osUser: "sam", requested: "ada") }
        #expect(try ops.resolveActor(osUser: "stranger", requested: nil).role == .viewer)
        #expect(throws: OperationError.self) { try ops.addUser(name: "eve", role: .admin, by: TestDatabase.supervisor) }
        // The last admin can't demote themselves (nobody could add users again).
        #expect { try ops.setRole(name: "ada", role: .viewer, by: TestDatabase.admin) }
            throws: { ($0 as? OperationError)?.message == "ada is the last admin; make someone else admin first." }
        try ops.addUser(name: "bob", role: .admin, by: TestDatabase.admin)
        #expect(try ops.setRole(name: "ada", role: .viewer, by: Actor(name: "bob", role: .admin)) == .admin)
        #expect(try ops.resolveActor(osUser: "ada", requested: nil).role == .viewer)
    }

    @Test func addingAnExistingUserIsRefusedAndRolesChangeOnlyThroughSetRole() throws {
        try ops.addUser(name: "sam", role: .supervisor, by: TestDatabase.admin)
        let before = try ops.read { try $0.auditCount() }
        #expect(throws: OperationError("User sam already exists (supervisor); change a role with `qm user set-role sam ROLE`.")) {
            try ops.addUser(name: "sam", role: .admin, by: TestDatabase.admin)
        }
        #expect(try ops.read { try $0.user("sam") }?.role == .supervisor && ops.read { try $0.auditCount() } == before)
        #expect(throws: OperationError("No user nobody; add one with `qm user add nobody --role ROLE`.")) {
            try ops.setRole(name: "nobody", role: .viewer, by: TestDatabase.admin)
        }
        #expect(try ops.setRole(name: "sam", role: .planner, by: TestDatabase.admin) == .supervisor)
        #expect(try ops.setRole(name: "sam", role: .planner, by: TestDatabase.admin) == .planner)   // no change, no audit
        #expect(try ops.read { try $0.auditCount() } == before + 1)
        // Removal: the user acts as a viewer afterwards; the last admin and yourself stay.
        #expect(throws: OperationError("You cannot remove yourself; another admin can.")) {
            try ops.removeUser(name: "ada", by: TestDatabase.admin)
        }
        try ops.removeUser(name: "sam", by: TestDatabase.admin)
        #expect(try ops.resolveActor(osUser: "sam", requested: nil).role == .viewer)
        #expect(throws: OperationError("No user sam to remove.")) { try ops.removeUser(name: "sam", by: TestDatabase.admin) }
        let audit = try ops.read { try $0.auditEntries(entity: "user:sam", limit: 5) }
        #expect(audit.map(\.reason) == ["user removed", "role change", "new user"])
    }
}

/// The audit's stock images are written directly for speed; they must read exactly as the
/// JSON encoder would write them, so old and new entries compare as text.
@Suite struct AuditJSONTests {
    @Test func aPositionIsWrittenExactlyAsTheEncoderWritesIt() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        for p in [StockPosition(), StockPosition(sellable: 12, reserved: 3, quarantine: 0, damaged: 1_000_000_000, returnPending: 7),
                  StockPosition(sellable: -1, reserved: 0, quarantine: 5, damaged: 0, returnPending: 0)] {
            #expect(AuditJSON.encode(p) == String(decoding: try encoder.encode(p), as: UTF8.self))
            #expect(AuditJSON.encode(Optional(p)) == AuditJSON.encode(p))
        }
    }

    @Test func aPurchaseOrderImageIsWrittenExactlyAsTheEncoderWritesIt() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let order = PurchaseOrder(code: "PO-1", supplier: "S", location: "L/1", currency: "GBP", state: .partiallyReceived,
                                  lines: [PurchaseOrderLine(sku: "A", quantity: 5, unitCost: Money(minorUnits: 125, currency: "GBP"),
                                                            expectedDate: "2026-12-01", received: 2)])
        var image = PurchaseOrderImage(order)
        #expect(AuditJSON.encode(image) == String(decoding: try encoder.encode(image), as: UTF8.self))
        image.stock = [PositionChange(sku: "A\"b\\c\u{1}\n", location: "L/1", before: StockPosition(),
                                      after: StockPosition(sellable: 2, reserved: 0, quarantine: 0, damaged: 1, returnPending: 0))]
        #expect(AuditJSON.encode(image) == String(decoding: try encoder.encode(image), as: UTF8.self))
        image.stock = []
        #expect(AuditJSON.encode(image) == String(decoding: try encoder.encode(image), as: UTF8.self))
    }
}
