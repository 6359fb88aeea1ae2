import Testing
import Foundation

/// The books end to end with the real binary: a demo's trial balance through the CLI, then in
/// the console the finance pane shows it balanced, opens the cost of goods sold, one of its
/// lines' entry, and from there the order behind it.
@Suite(.serialized) struct TmuxFinanceTests {
    @Test func theFinancePaneShowsTheBalancedBooksAndDrillsToAnOrder() throws {
        let t = try TmuxSession()
        defer { t.close() }
        let db = t.database
        try t.qm(["demo", "--db", db, "--skus", "40", "--locations", "4", "--orders", "200"])
        let balance = try t.qm(["trial-balance", "--db", db, "--format", "csv"])
        let total = try #require(balance.split(separator: "\n").first { $0.hasPrefix("total,") }).split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        #expect(total[4] == total[5] && total[6] == "0.00", "\(balance)")

        try t.start(width: 140, height: 30, command: "\(t.binary) --db \(db) --pane finance")
        // Wait for the balance itself: "Trial balance: reading…" is drawn first.
        try t.waitFor("GBP debits")
        #expect(t.screen.contains("GBP debits \(total[4]) = credits \(total[5])"), "\(t.screen)")
        try t.keys("/")
        try t.type("5000")
        try t.keys("Enter", "Enter")
        try t.waitFor("Account 5000 Cost of goods sold:")
        try t.waitFor("order.ship")
        // A line opens its entry, which shows the order behind it; Enter opens the order.
        try t.keys("Enter")
        try t.waitFor("Behind it")
        #expect(t.screen.contains("order.ship  GBP") && t.screen.contains("Enter opens it"), "\(t.screen)")
        try t.keys("Enter")
        try t.waitFor("Money (GBP), of what has shipped")
        try t.keys("Escape")
        try t.waitFor("Behind it")
        try t.keys("Escape")
        try t.waitFor("Account 5000 Cost of goods sold:")
        try t.keys("q")
        #expect(try t.waitForExit() == 0)
        #expect(try t.qm(["verify", "--db", db]).hasPrefix("OK:"))
    }
}
