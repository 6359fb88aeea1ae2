import Testing
import Foundation
import Domain
import Store
import Operations
import TerminalKit
@testable import Console

extension ConsoleFixture {
    /// Returns of one unit of the first line of shipped demo orders, authorized by cora, then
    /// shown in the returns pane.
    func shippedReturns(_ reasons: [ReturnReason]) throws -> [CustomerReturnRecord] {
        let shipped = try ops.read { try $0.orderIDs(OrderFilter(state: .shipped)) }
        let made = try zip(shipped, reasons).map { order, reason in
            try ops.createReturn(ReturnRequest(order: String(order), line: 1, quantity: 1, reason: reason), by: Actor(name: "cora", role: .customerService))
        }
        press(.ctrl("r"))
        return made
    }
}

/// The returns pane on a real database: receipt, disposition in three keys (r, Enter, y) saying
/// what will move and what will be refunded, refund release, and refusals before any dialog.
@Suite(.serialized) struct ReturnsConsoleTests {
    @Test func aReturnIsReceivedDisposedOfInThreeKeysAndRefunded() throws {
        let f = try ConsoleFixture.withOrders(width: 140, height: 30, pane: .returns)
        defer { f.remove() }
        let made = try f.shippedReturns([.defective, .changedMind])
        let rma = made[0]
        #expect(f.screen.contains("Returns: 2 to receive · 0 to inspect · 0 refunds to release"))
        f.press(.char("a"))
        let location = try f.ops.returnReceiptLocation(rma.code)
        #expect(f.dialogText == "Receive \(rma.code): 1 x \(rma.sku) into returnPending @ \(location), where they shipped from.")
        f.press(.char("y"))
        #expect(try f.stock(rma.sku, location).returnPending == 1)
        let before = try f.stock(rma.sku, location)
        // r, Enter (the condition offered: as new), y.
        f.press(.char("r"), .enter)
        #expect(f.dialogText == "\(rma.code): 1 x \(rma.sku) found asNew → sellable @ \(location). Refund \(Money(minorUnits: rma.refundDue, currency: rma.currency)) then to release.")
        f.press(.char("y"))
        #expect(try f.stock(rma.sku, location).sellable == before.sellable + 1 && f.stock(rma.sku, location).returnPending == 0)
        #expect(f.screen.contains("\(rma.code): 1 x \(rma.sku) -> sellable @ \(location); refund \(Money(minorUnits: rma.refundDue, currency: rma.currency)) to release"))
        // The refund is customer service's or finance's: a supervisor does not see the key.
        #expect(!f.screen.contains("$ refund"))
        f.press(.char("$"))
        #expect(f.screen.contains("A supervisor may not release refunds"))
        let audit = try f.read { try $0.auditEntries(entity: "return:\(rma.code)", limit: 5) }.map(\.command)
        #expect(audit == ["return.inspect", "return.receive", "return.create"])
    }

    @Test func refusalsComeBeforeAnyDialogAndTheRefundIsReleasedByCustomerService() throws {
        let f = try ConsoleFixture.withOrders(width: 140, height: 30, user: Actor(name: "cora", role: .customerService), pane: .returns)
        defer { f.remove() }
        let made = try f.shippedReturns([.defective])
        #expect(!f.screen.contains("a arrived") && !f.screen.contains("r resell"))
        f.press(.char("$"))
        #expect(f.dialogText == nil && f.screen.contains("\(made[0].code) is authorized: its refund (defective) is released after inspection."))
        f.press(.char("r"))
        #expect(f.screen.contains("A customer-service agent may not inspect returns"))
        let sam = Actor(name: "sam", role: .supervisor)
        _ = try f.ops.receiveReturn(made[0].code, by: sam)
        _ = try f.ops.inspectReturn(made[0].code, condition: .opened, disposition: .refurbish, by: sam)
        f.press(.ctrl("r"), .char("$"))
        #expect(f.dialogText?.hasPrefix("Release \(Money(minorUnits: made[0].refundDue, currency: made[0].currency)) to ") == true)
        f.press(.char("y"))
        #expect(try f.read { try $0.customerReturn(made[0].code)! }.refundState == .released)
        #expect(f.screen.contains("Returns: 0 to receive · 0 to inspect · 0 refunds to release"))
    }

    @Test func theReturnsPaneIsReachedFromThePromptFiltered() throws {
        let f = try ConsoleFixture.withOrders(width: 140, height: 30, pane: .stock)
        defer { f.remove() }
        let made = try f.shippedReturns([.defective, .changedMind, .wrongItem])
        f.press(.char(":")); f.type("returns \(made[1].code)"); f.press(.enter)
        #expect(f.runtime.state.pane == .returns)
        #expect(f.runtime.state.returns.table.rows.map(\.id) == [made[1].code])
        #expect(f.screen.contains("1 matching “\(made[1].code)”"))
    }

    @Test func theQueueAsDrawn() throws {
        let f = try ConsoleFixture.withOrders(width: 120, height: 12, pane: .returns)
        defer { f.remove() }
        _ = try f.shippedReturns([.defective, .damagedInTransit, .changedMind])
        assertSnapshot(f.screen, named: "returns-queue")
        f.expectEveryViewClips(width: 120, height: 12, [("returns", {})])
    }
}
