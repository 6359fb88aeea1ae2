import Testing
import Foundation

/// The dashboard with the real binary: the figures on a demo, a KPI opened by channel, the
/// orders behind one channel's figure, and one of them opened.
@Suite(.serialized) struct TmuxDashboardTests {
    @Test func aKPIDrillsDownToAnOrder() throws {
        let t = try TmuxSession()
        defer { t.close() }
        let db = t.database
        try t.qm(["demo", "--db", db, "--skus", "40", "--locations", "4", "--orders", "300"])
        let fill = try t.qm(["kpi", "fillRate", "--by", "channel", "--db", db, "--format", "csv"])
        let channel = try #require(fill.split(separator: "\n").dropFirst().first?.split(separator: ",").dropFirst().first.map(String.init))

        try t.start(width: 160, height: 34, command: "\(t.binary) --db \(db) --pane dashboard")
        try t.waitFor("Fill rate, lines")
        #expect(t.screen.contains("Dashboard: ") && t.screen.contains("≥ 95.00%"), "\(t.screen)")
        try t.keys("Enter")
        try t.waitFor("fillRate by channel from")
        try t.keys("Enter")
        try t.waitFor("Fill rate, lines, \(channel):")
        try t.waitFor("first allocation")
        try t.keys("Enter")
        try t.waitFor("Money (GBP), of what has shipped")
        try t.keys("Escape")
        try t.waitFor("orders behind it")
        try t.keys("q")
        #expect(try t.waitForExit() == 0)
    }
}
