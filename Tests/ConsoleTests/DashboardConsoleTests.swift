import Testing
import Foundation
import Domain
import Store
import Operations
import TerminalKit
@testable import Console

/// The dashboard on a real database: the figures against their targets with their trend, a
/// figure broken down and down to the orders behind it, the alerts, and the title line's badge.
@Suite(.serialized) struct DashboardConsoleTests {
    @Test func aFigureDrillsToItsBreakdownAndTheOrdersBehindIt() throws {
        let f = try ConsoleFixture.withOrders(width: 160, height: 32, pane: .dashboard)
        defer { f.remove() }
        let data = try f.ops.dashboard()
        let fill = try #require(data.figures.first)
        #expect(f.screen.contains("Dashboard: \(data.window.from) to \(data.window.to)"), "\(f.screen)")
        #expect(f.screen.contains("Fill rate, lines") && f.screen.contains(fill.unit.format(fill.value!)) && f.screen.contains("≥ 95.00%"))
        // Enter: the fill rate by channel; b: by day.
        f.press(.enter)
        #expect(f.screen.contains("fillRate by channel from \(data.window.from)"), "\(f.screen)")
        let byChannel = try f.ops.kpis([.fillRate], by: .channel, window: data.window).values
        #expect(f.runtime.state.dashboard.breakdown?.table.rowCount == byChannel.count)
        f.press(.char("b"))
        #expect(f.screen.contains("fillRate by day"))
        f.press(.char("b"))
        #expect(f.screen.contains("fillRate by channel"))
        // Enter on the first channel: the orders its first allocation did not fill; Enter: the order.
        let channel = byChannel[0].group
        f.press(.enter)
        let orders = try #require(try f.ops.kpiDocuments(.fillRate, by: .channel, group: channel, window: data.window, limit: 200))
        #expect(f.screen.contains("Fill rate, lines, \(channel): \(orders.count) orders behind it"), "\(f.screen)")
        #expect(orders.allSatisfy { $0.context == channel } && !orders.isEmpty)
        f.press(.enter)
        #expect(f.runtime.state.pane == .orders && orders[0].opens == .order(f.runtime.state.orders.detail?.id ?? 0))
        // Esc comes back to where it left.
        f.press(.escape)
        #expect(f.runtime.state.pane == .dashboard && f.screen.contains("orders behind it"))
        f.press(.escape, .escape)
        #expect(f.screen.contains("Dashboard: "))
    }

    /// Stockouts are made of SKUs at locations: Enter opens the SKU's stock, Esc comes back.
    @Test func aStockoutFigureOpensTheSKUsOutOfStock() throws {
        let f = try ConsoleFixture.withOrders(width: 160, height: 32, pane: .dashboard)
        defer { f.remove() }
        let data = try f.ops.dashboard()
        let index = try #require(data.figures.firstIndex { $0.headline.kpi == .stockouts })
        for _ in 0..<index { f.press(.down) }
        f.press(.enter)
        #expect(f.screen.contains("stockouts by location"), "\(f.screen)")
        let byLocation = try f.ops.kpis([.stockouts], by: .location, window: data.window).values
        // The location with the most days out, and the SKUs there out the most days.
        let worst = try #require(byLocation.filter { $0.measure == "days out" }.max { ($0.value, $1.group) < ($1.value, $0.group) })
        let row = try #require(byLocation.firstIndex { $0.group == worst.group })
        for _ in 0..<row { f.press(.down) }
        f.press(.enter)
        let out = try #require(try f.ops.kpiDocuments(.stockouts, by: .location, group: worst.group, window: data.window, limit: 200))
        #expect(!out.isEmpty && out.allSatisfy { $0.context == worst.group })
        #expect(f.screen.contains("\(out.count) SKU\(out.count == 1 ? "" : "s") at a location behind it") && f.screen.contains(out[0].note), "\(f.screen)")
        f.press(.enter)
        guard case let .sku(code, location) = out[0].opens else { Issue.record("\(out[0])"); return }
        #expect(f.runtime.state.pane == .stock && f.runtime.state.stock.detail?.sku == code && location == worst.group)
        f.press(.escape)
        #expect(f.runtime.state.pane == .dashboard && f.screen.contains("behind it"))
    }

    @Test func theAlertsListAndTheBadgeCountTheOpenOnes() throws {
        let f = try ConsoleFixture.withOrders(width: 160, height: 32, pane: .dashboard)
        defer { f.remove() }
        let open = try f.ops.alerts().filter { $0.acknowledged == nil }
        #expect(!open.isEmpty)
        #expect(f.screen.contains("⚑ \(open.count)"), "\(f.screen)")
        f.press(.char("a"))
        #expect(f.screen.contains("Alerts: \(open.count) hold now · \(open.count) open"), "\(f.screen)")
        #expect(f.screen.contains(open[0].alert.message.prefix(40)))
        // An alert about an order opens it.
        let index = try #require(open.firstIndex { $0.alert.document.hasPrefix("order ") })
        for _ in 0..<index { f.press(.down) }
        f.press(.enter)
        #expect(f.runtime.state.pane == .orders && "order \(f.runtime.state.orders.detail?.id ?? 0)" == open[index].alert.document)
    }

    @Test func anAlertIsAcknowledgedAfterADialogSayingWhatItMeans() throws {
        let f = try ConsoleFixture.withOrders(width: 160, height: 32, pane: .dashboard)
        defer { f.remove() }
        let first = try #require(try f.ops.alerts().first)
        f.press(.char("a"))
        f.press(.char("k"))
        let text = try #require(f.dialogText)
        #expect(text.contains("\(first.alert.key): \(first.alert.message).") && text.contains("Audited."), "\(text)")
        #expect(try f.ops.alerts().first?.acknowledged == nil)   // nothing written before y
        f.press(.char("y"))
        #expect(try f.ops.alerts().first { $0.alert.key == first.alert.key }?.acknowledged?.by == "sam")
        #expect(f.screen.contains("Acknowledged \(first.alert.key)."))
        // Again: refused at once, no dialog.
        f.press(.char("k"))
        #expect(f.dialogText == nil && f.screen.contains("was acknowledged by sam"))

        // A viewer is refused before any dialog, in words.
        let viewer = try ConsoleFixture.withOrders(width: 160, height: 32, user: Actor(name: "vic", role: .viewer), pane: .dashboard)
        defer { viewer.remove() }
        viewer.press(.char("a"), .char("k"))
        #expect(viewer.dialogText == nil && viewer.screen.contains("may not acknowledge alerts"), "\(viewer.screen)")
    }

    @Test func theFiguresInUTF8AndInASCII() throws {
        let f = try ConsoleFixture.withOrders(width: 140, height: 24, pane: .dashboard)
        defer { f.remove() }
        assertSnapshot(f.screen, named: "dashboard-utf8")
        // Outside UTF-8 the sparklines are a ramp of ASCII marks, the targets' signs < and >.
        assertSnapshot(f.backend.asciiScreenText, named: "dashboard-ascii")
        #expect(!f.backend.asciiScreenText.unicodeScalars.contains { !$0.isASCII })
    }

    @Test func dashboardViewsClipAtEverySize() throws {
        let f = try ConsoleFixture.withOrders(width: 120, height: 26, pane: .dashboard)
        defer { f.remove() }
        f.expectEveryViewClips(width: 120, height: 26, [
            ("the figures", { f.press(.escape, .escape, .escape) }),
            ("a breakdown", { f.press(.enter) }),
            ("the orders", { f.press(.enter) }),
            ("the alerts", { f.press(.escape, .escape, .escape, .char("a")) }),
        ])
    }
}
