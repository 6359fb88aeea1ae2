import Testing
import Foundation
import Domain
import Store
import Operations
import TerminalKit
@testable import Console

/// The order panes drawn on a VirtualBackend from a fixed demo (seed 7, 300 orders) and a
/// fixed clock, compared with the golden files in Snapshots/.
@Suite(.serialized) struct OrderSnapshotTests {
    @Test func ordersPaneQueuesAndAQueuesOrdersWithMarks() throws {
        let f = try ConsoleFixture.withOrders()
        defer { f.remove() }
        assertSnapshot(f.screen, named: "orders-queues")
        f.open(.state(.partiallyAllocated))
        f.press(.char(" "), .down, .char(" "))
        assertSnapshot(f.screen, named: "orders-list")
    }

    @Test func orderDetail() throws {
        let f = try ConsoleFixture.withOrders(height: 40)
        defer { f.remove() }
        f.open(.hold(.fraud))
        f.press(.enter)
        assertSnapshot(f.screen, named: "order-detail")
        f.press(.end)
        assertSnapshot(f.screen, named: "order-detail-end")
    }

    @Test func holdReasonPickerAndCancelConfirmation() throws {
        let f = try ConsoleFixture.withOrders()
        defer { f.remove() }
        f.open(.state(.allocated))
        f.press(.char("h"), .down, .down, .down)
        f.type("called the bank")
        assertSnapshot(f.screen, named: "hold-reason-picker")
        f.press(.escape, .char(" "), .char(" "), .char("x"), .enter)
        assertSnapshot(f.screen, named: "cancel-confirmation")
    }

    @Test func backordersPaneAndASKUsLines() throws {
        let f = try ConsoleFixture.withOrders(pane: .backorders)
        defer { f.remove() }
        assertSnapshot(f.screen, named: "backorders-pane")
        f.press(.enter)
        assertSnapshot(f.screen, named: "backorder-lines")
    }

    @Test func findMatchesPickList() throws {
        let f = try ConsoleFixture.withOrders(pane: .stock)
        defer { f.remove() }
        f.press(.char(":")); f.type("order CUST-12"); f.press(.enter)
        assertSnapshot(f.screen, named: "order-find-matches")
    }
}
