import Testing
import Foundation
import Domain
import Store
import Operations
import TerminalKit
@testable import Console

/// The finance pane on a real database: the trial balance, an account's journal lines, from a
/// line its entry with the documents behind it (an order, a count, a return), and from there
/// the order (Esc coming back).
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
        // A line opens its entry: the lines, and the order behind it; Enter opens the order.
        let first = try #require(try f.read { try $0.journal(JournalFilter(account: "5000"), limit: 1) }.first)
        f.press(.enter)
        #expect(f.screen.contains("Entry \(first.entry)  order.ship") && f.screen.contains("Behind it"), "\(f.screen)")
        #expect(f.screen.contains(first.documents[0].replacingOccurrences(of: "order", with: "Order")), "\(f.screen)")
        f.press(.enter)
        #expect(f.runtime.state.pane == .orders && f.runtime.state.orders.detail != nil)
        f.press(.escape)
        #expect(f.runtime.state.pane == .finance && f.screen.contains("Entry \(first.entry)"))
        f.press(.escape)
        #expect(f.screen.contains("Account 5000"))
        f.press(.escape)
        #expect(f.screen.contains("Trial balance:"))
    }

    @Test func anEntryShowsTheCountOrReturnBehindIt() throws {
        let f = try ConsoleFixture.withOrders(width: 140, height: 40, user: Actor(name: "fin", role: .finance), pane: .finance)
        defer { f.remove() }
        // A count five short, approved by a supervisor; a return received back into stock.
        let count = try #require(try f.countVariances(1).first)
        _ = try f.ops.approveCount(task: count.task, by: Actor(name: "sam", role: .supervisor))
        let rma = try #require(try f.shippedReturns([.changedMind]).first)
        _ = try f.ops.receiveReturn(rma.code, by: Actor(name: "sam", role: .supervisor))
        f.press(.ctrl("r"))

        // Shrinkage's last line is the count's (the demo's own write-offs by hand come before it).
        f.press(.char("/"))
        f.type("5200")
        f.press(.enter, .enter, .end, .enter)
        #expect(f.screen.contains("count.decide") && f.screen.contains("Count \(count.task)  \(count.sku) at \(count.location)"), "\(f.screen)")
        #expect(f.screen.contains("-5") && f.screen.contains("approved by sam"), "\(f.screen)")
        // Enter has no order to open here: it says so and stays.
        f.press(.enter)
        #expect(f.runtime.state.pane == .finance && f.screen.contains("names no order or entry to open"))
        f.press(.escape, .escape, .escape)

        // The cost of goods sold's last line is the return coming back.
        f.press(.char("/"), .backspace, .backspace, .backspace, .backspace)
        f.type("5000")
        f.press(.enter, .enter, .end, .enter)
        #expect(f.screen.contains("Return \(rma.code)  order \(rma.order)") && f.screen.contains("received at"), "\(f.screen)")
    }

    @Test func financeViewsClipAtEverySize() throws {
        let f = try ConsoleFixture.withOrders(width: 120, height: 26, user: Actor(name: "fin", role: .finance), pane: .finance)
        defer { f.remove() }
        f.expectEveryViewClips(width: 120, height: 26, [
            ("the trial balance", { f.press(.escape, .escape) }),
            ("an account", { f.press(.enter) }),
            ("an entry", { f.press(.enter) }),
        ])
    }
}
