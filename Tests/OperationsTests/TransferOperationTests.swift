import Testing
import Foundation
import Domain
import Store
@testable import Operations

/// Transfers through Operations: stock leaves the source for the in-transit location, counts
/// as inbound at the destination, and arrives; refusals change nothing.
@Suite struct TransferOperationTests {
    static let admin = OrderFixture.admin
    static let supervisor = OrderFixture.supervisor

    static func fixture() throws -> OrderFixture {
        let f = try OrderFixture(stockA: (10, 0), stockB: (2, 0))
        _ = try f.ops.importLocations([ImportRow(line: 1, value: Location(code: "TRANSIT", name: "On the road", kind: .inTransit, fulfils: false))],
                                      source: "test", by: admin)
        return f
    }

    static func inbound(_ f: OrderFixture, _ sku: String, _ location: String) throws -> Int {
        try f.ops.read { try $0.positionRows(PositionFilter(location: location, sku: sku), limit: 1) }.first?.inbound ?? 0
    }

    @Test func shippedStockIsInTransitAndInboundAtTheDestinationUntilItArrives() throws {
        let f = try Self.fixture()
        defer { f.db.remove() }
        let created = try f.ops.createTransfer(Transfer(code: "", from: "L1", to: "L2", leadDays: 3, lines: [Transfer.Line(sku: "A", quantity: 6)]),
                                               by: OrderFixture.planner)
        #expect(created.transfer.code == "TR-1" && created.transfer.state == .created && created.createdBy == "pat")
        #expect(try f.position("A", "L1").sellable == 10 && Self.inbound(f, "A", "L2") == 0)   // nothing moves until it ships

        let shipped = try f.ops.advanceTransfer("TR-1", .ship, by: Self.supervisor)
        #expect(shipped.transfer.state == .shipped && shipped.via == "TRANSIT")
        #expect(shipped.transfer.expectedDate == OrderDate.adding(days: 3, to: f.ops.today))
        #expect(try f.position("A", "L1").sellable == 4 && f.position("A", "TRANSIT").sellable == 6)
        #expect(try Self.inbound(f, "A", "L2") == 6)
        #expect(try f.ops.read { try $0.openInbound(sku: "A") }.map(\.document) == ["TR-1"])
        #expect(try f.ops.verify().findings.isEmpty)

        let received = try f.ops.advanceTransfer("TR-1", .receive, reason: "all there", by: Self.supervisor)
        #expect(received.transfer.state == .received)
        #expect(try f.position("A", "TRANSIT").sellable == 0 && f.position("A", "L2").sellable == 6 && Self.inbound(f, "A", "L2") == 0)
        #expect(try f.ops.verify().findings.isEmpty)
        let history = try f.ops.read { try $0.auditEntries(entity: "transfer:TR-1", limit: 10) }
        #expect(history.map(\.command) == ["transfer.receive", "transfer.ship", "transfer.create"])
        #expect(history[0].reason == "receive: all there" && history[0].after?.contains(#""location":"L2""#) == true)
    }

    @Test func aTransferThatCannotGoIsRefusedAndChangesNothing() throws {
        let f = try Self.fixture()
        defer { f.db.remove() }
        func refused(_ message: String, _ body: () throws -> Void) {
            #expect(throws: OperationError(message)) { try body() }
        }
        refused("TR-X: a transfer needs two different locations; both are L1.") {
            _ = try f.ops.createTransfer(Transfer(code: "TR-X", from: "L1", to: "L1", leadDays: 1, lines: [Transfer.Line(sku: "A", quantity: 1)]),
                                         by: Self.supervisor)
        }
        refused("TRANSIT is the in-transit location: a transfer goes through it, from one place to another.") {
            _ = try f.ops.createTransfer(Transfer(code: "TR-X", from: "L1", to: "TRANSIT", leadDays: 1, lines: [Transfer.Line(sku: "A", quantity: 1)]),
                                         by: Self.supervisor)
        }
        refused("TR-X: KIT is a kit; kits hold no stock of their own, so move its components.") {
            _ = try f.ops.createTransfer(Transfer(code: "TR-X", from: "L1", to: "L2", leadDays: 1, lines: [Transfer.Line(sku: "KIT", quantity: 1)]),
                                         by: Self.supervisor)
        }
        refused("A customer-service agent may not create transfers (cora is a customer-service agent; a supervisor, a planner or an admin may).") {
            _ = try f.ops.createTransfer(Transfer(code: "TR-X", from: "L1", to: "L2", leadDays: 1, lines: [Transfer.Line(sku: "A", quantity: 1)]),
                                         by: OrderFixture.service)
        }
        // More than there is: the ship is refused and nothing moves.
        _ = try f.ops.createTransfer(Transfer(code: "TR-2", from: "L1", to: "L2", leadDays: 1,
                                              lines: [Transfer.Line(sku: "A", quantity: 5), Transfer.Line(sku: "B", quantity: 3)]), by: Self.supervisor)
        let moves = try f.ops.read { try $0.moveCount() }
        refused("B at L1 has 2 sellable, cannot move 3.") { _ = try f.ops.advanceTransfer("TR-2", .ship, by: Self.supervisor) }
        refused("A planner may not ship transfers (pat is a planner; a supervisor or an admin may).") {
            _ = try f.ops.advanceTransfer("TR-2", .ship, by: OrderFixture.planner)
        }
        refused("Cannot receive TR-2: it is created, and only a shipped transfer can be.") {
            _ = try f.ops.advanceTransfer("TR-2", .receive, by: Self.supervisor)
        }
        #expect(try f.ops.read { try $0.moveCount() } == moves && f.position("A", "L1").sellable == 10)
        _ = try f.ops.advanceTransfer("TR-2", .cancel, reason: "not needed", by: OrderFixture.planner)
        refused("Cannot ship TR-2: it is cancelled, and only a created transfer can be.") { _ = try f.ops.advanceTransfer("TR-2", .ship, by: Self.supervisor) }
        refused("No transfer TR-9: qm transfer list shows them.") { _ = try f.ops.advanceTransfer("TR-9", .ship, by: Self.supervisor) }
    }
}
