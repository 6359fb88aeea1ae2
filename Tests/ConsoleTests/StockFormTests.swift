import Testing
import Foundation
import Domain
import Store
import Operations
import TerminalKit
@testable import Console

/// Moving stock from where the user stands: a short form with the SKU and location filled
/// in, checked by Operations before the confirmation, written only on y.
@Suite struct StockFormTests {
    func position(_ f: ConsoleFixture, _ sku: String, _ location: String) throws -> StockPosition {
        try f.ops.read { r in try r.position(skuID: r.skuID(sku)!, locationID: r.locationID(location)!) }
    }

    @Test func adjustFromAStockRowWithTheSKUAndLocationFilledIn() throws {
        let f = try ConsoleFixture()
        defer { f.remove() }
        let row = try #require(f.runtime.state.stock.table.selectedRow?.id)
        let before = try position(f, row.sku, row.location)
        f.press(.char("m"))
        guard case .pick(let picker) = f.runtime.state.mode else { Issue.record("no choice of change"); return }
        #expect(picker.options.map(\.title) == ["adjust", "transfer", "change status"])
        f.press(.enter)
        guard case .form(let form, .stock) = f.runtime.state.mode, let sku = f.runtime.state.stock.openForm?.sku,
              f.runtime.state.stock.openForm?.kind == .adjust else { Issue.record("no form"); return }
        #expect(sku == row.sku && form.value(0) == row.location && form.value(1) == "sellable")
        #expect(form.focus == 2)                                   // the first empty field: the quantity
        #expect(f.screen.contains("Adjust \(row.sku)"))
        // A bad quantity keeps the form open, saying why.
        f.type("two"); f.press(.tab); f.type("found in aisle 4"); f.press(.enter)
        guard case .form = f.runtime.state.mode else { Issue.record("the form closed"); return }
        #expect(f.screen.contains("Quantity 'two' is not a whole number."))
        f.press(.backTab)
        for _ in 0..<3 { f.press(.backspace) }
        f.type("+3"); f.press(.enter)
        // Operations planned it: the confirmation names the balance before and after.
        #expect(f.dialogText == "Add 3 sellable \(row.sku) at \(row.location): \(row.location): sellable \(before.sellable) → \(before.sellable + 3) Reason: found in aisle 4")
        #expect(try position(f, row.sku, row.location) == before)   // nothing written yet
        f.press(.char("y"))
        #expect(try position(f, row.sku, row.location).sellable == before.sellable + 3)
        #expect(f.screen.contains("\(row.sku) at \(row.location): sellable now \(before.sellable + 3)"))
    }

    @Test func transferFromTheDrillDownIsRefusedBeforeTheDialogWhenTheStockIsNotThere() throws {
        let f = try ConsoleFixture()
        defer { f.remove() }
        let row = try #require(f.runtime.state.stock.table.selectedRow?.id)
        let other = try #require(f.runtime.state.locations.first { $0 != row.location })
        let before = try position(f, row.sku, row.location)
        f.press(.enter)                                           // the SKU's drill-down
        f.press(.char("m"), .down, .enter)                        // transfer
        guard case .form(let form, .stock) = f.runtime.state.mode, f.runtime.state.stock.openForm?.kind == .transfer else { Issue.record("no form"); return }
        #expect(form.value(0) == row.location && form.focus == 1)
        f.type(other); f.press(.tab, .tab); f.type("\(before.sellable + 1)"); f.press(.tab); f.type("rebalance"); f.press(.enter)
        #expect(f.runtime.state.mode.isNormal && f.runtime.state.flash?.kind == .error)
        #expect(try position(f, row.sku, row.location) == before)
        // A quantity that is there: both balances in the confirmation.
        f.press(.char("m"), .down, .enter)
        f.type(other); f.press(.tab, .tab); f.type("1"); f.press(.tab); f.type("rebalance"); f.press(.enter)
        let text = try #require(f.dialogText)
        #expect(text.contains("\(row.location): sellable \(before.sellable) → \(before.sellable - 1)"), "\(text)")
        #expect(text.contains("\(other): sellable "), "\(text)")
        f.press(.char("n"))
        #expect(try position(f, row.sku, row.location) == before)
    }

    @Test func aViewerIsNotOfferedTheFormAndIsRefusedAtOnce() throws {
        let f = try ConsoleFixture(user: Actor(name: "vic", role: .viewer))
        defer { f.remove() }
        #expect(!f.screen.contains("m move"))
        f.press(.char("m"))
        #expect(f.runtime.state.mode.isNormal)
        #expect(f.screen.contains("A viewer may not adjust stock"))
    }
}

/// Acting on an order's lines from the order itself.
@Suite struct OrderLineActionTests {
    @Test func cancelAnyUnshippedLineAndJumpToALinesStockAndBack() throws {
        let f = try ConsoleFixture.withOrders()
        defer { f.remove() }
        let candidates = try f.read { try $0.orderSummaries(OrderFilter(state: .allocated), limit: 300) }.filter { $0.lines >= 2 }
        let order = try #require(candidates.first)
        f.open(.state(.allocated))
        f.select(order: order.id)
        f.press(.enter)
        #expect(f.runtime.state.orders.detail?.id == order.id)
        let lines = try f.read { try $0.orderLines(order.id) }
        // s: the stock of a line's SKU, and Esc comes back to the order.
        f.press(.char("s"))
        guard case .pick(let which) = f.runtime.state.mode else { Issue.record("no line picker"); return }
        #expect(which.options.count == lines.count)
        f.press(.down, .enter)
        #expect(f.runtime.state.pane == .stock && f.runtime.state.stock.detail?.sku == lines[1].sku)
        #expect(f.screen.contains("Available to promise"))
        f.press(.escape)
        #expect(f.runtime.state.pane == .orders && f.runtime.state.orders.detail?.id == order.id)
        // X: pick the second line, say why, confirm: only that line is cancelled.
        f.press(.char("X"))
        guard case .pick(let cancelPicker) = f.runtime.state.mode else { Issue.record("no line picker"); return }
        #expect(cancelPicker.title == "Cancel which line of order \(order.id)?")
        f.press(.down, .enter)                                    // line 2, then the reason picker
        guard case .pick(let reasons) = f.runtime.state.mode else { Issue.record("no reason picker"); return }
        #expect(reasons.title == "Cancel line 2 of order \(order.id): why?")
        f.press(.enter)
        #expect(f.dialogText?.hasPrefix("Cancel line 2 of order \(order.id)") == true)
        f.press(.char("y"))
        let after = try f.read { try $0.orderLines(order.id) }
        #expect(after[1].cancelled == lines[1].outstanding && after[1].allocated == 0)
        #expect(after[0] == lines[0])
        #expect(try f.ops.verify().isClean)
    }
}
