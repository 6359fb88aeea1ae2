import Testing
import Foundation
import Domain
import Store
import Operations
import TerminalKit
@testable import Console

/// The finance pane on a real database: the trial balance, an account's journal lines, and
/// from a line the order behind it (Esc coming back).
@Suite(.serialized) struct FinanceConsoleTests {
    @Test func theTrialBalanceOpensAnAccountAndALineItsOrder() throws {
        let f = try ConsoleFixture.withOrders(width: 140, height: 30, user: Actor(name: "fin", role: .finance), pane: .finance)
        defer { f.remove() }
        let balance = try f.read { try $0.trialBalance() }
        let cogs = try #require(balance.first { $0.account == "5000" })
        #expect(f.screen.contains("Trial balance: \(balance.count) accounts · GBP debits"), "\(f.screen)")
        #expect(f.screen.contains(" = credits") && f.screen.contains("Cost of goods sold") && f.screen.contains(Money.format(cogs.debit)))
        // To the cost of goods sold, then its lines: each an order's shipment.
        f.press(.char("/"))
        f.type("5000")
        f.press(.enter, .enter)
        let lines = try f.read { try $0.journalCount(JournalFilter(account: "5000")) }
        #expect(f.screen.contains("Account 5000 Cost of goods sold: \(lines.grouped) journal lines, oldest first"), "\(f.screen)")
        #expect(f.screen.contains("order.ship"))
        f.press(.enter)
        #expect(f.runtime.state.pane == .orders && f.runtime.state.orders.detail != nil)
        f.press(.escape)
        #expect(f.runtime.state.pane == .finance && f.screen.contains("Account 5000"))
        f.press(.escape)
        #expect(f.screen.contains("Trial balance:"))
    }

    @Test func financeViewsClipAtEverySize() throws {
        let f = try ConsoleFixture.withOrders(width: 120, height: 26, user: Actor(name: "fin", role: .finance), pane: .finance)
        defer { f.remove() }
        f.expectEveryViewClips(width: 120, height: 26, [
            ("the trial balance", { f.press(.escape, .escape) }),
            ("an account", { f.press(.enter) }),
        ])
    }
}
