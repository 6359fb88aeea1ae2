import Testing
import Foundation
import Domain
import Store
import Operations
import TerminalKit
@testable import Console

/// The replenishment pane on a real database: the store's plan, marked suggestions approved
/// into drafts, a changed quantity bought, a rejection with its reason, each confirmed first.
@Suite(.serialized) struct ReplenishmentConsoleTests {
    static let planner = Actor(name: "pat", role: .planner)

    func draftLines(_ f: ConsoleFixture) throws -> [String: Int] {
        let drafts = try f.read { try $0.purchaseOrders(PurchaseOrderFilter(state: .draft), limit: nil) }
        var lines: [String: Int] = [:]
        for d in drafts { for l in d.order.lines { lines["\(l.sku)@\(d.order.location)"] = l.quantity } }
        return lines
    }

    @Test func theStoresSuggestionsAreListedAndMarkedOnesBecomeDraftsAfterAYes() throws {
        let f = try ConsoleFixture.withOrders(width: 140, height: 30, user: Self.planner, pane: .replenishment)
        defer { f.remove() }
        let plan = try f.ops.replenishmentPlan()
        #expect(plan.lines.count > 2)
        #expect(f.runtime.state.replenishment.table.rowCount == plan.lines.count)
        #expect(f.screen.contains("\(plan.lines.count) suggestions over \(plan.evaluated) pairs"))
        let first = plan.lines[0], second = plan.lines[1]
        let before = try draftLines(f)
        f.press(.char(" "), .char(" "))
        #expect(f.runtime.state.replenishment.marked == ["\(first.sku)@\(first.location)", "\(second.sku)@\(second.location)"])
        f.press(.enter)
        let text = try #require(f.dialogText)
        #expect(text.contains("\(first.sku) \(first.suggestedQuantity)") && text.contains("\(second.sku) \(second.suggestedQuantity)"))
        #expect(try draftLines(f) == before)                       // nothing written yet
        f.press(.char("y"))
        let after = try draftLines(f)
        #expect(after["\(first.sku)@\(first.location)"] == first.suggestedQuantity && after["\(second.sku)@\(second.location)"] == second.suggestedQuantity)
        #expect(f.runtime.state.replenishment.marked.isEmpty)
        #expect(f.runtime.state.replenishment.table.rowCount == plan.lines.count - 2)
        #expect(f.screen.contains("Draft purchase orders"))
    }

    @Test func aChangedQuantityIsWhatIsBoughtAndARejectionNeedsAReason() throws {
        let f = try ConsoleFixture.withOrders(width: 140, height: 30, user: Self.planner, pane: .replenishment)
        defer { f.remove() }
        let plan = try f.ops.replenishmentPlan()
        let first = plan.lines[0], second = plan.lines[1]
        f.press(.char("e"))
        guard case .form(let form, .replenishment) = f.runtime.state.mode else { Issue.record("no quantity form"); return }
        #expect(form.value(0) == String(first.suggestedQuantity))
        for _ in 0..<8 { f.press(.backspace) }
        f.type("\(first.suggestedQuantity * 2)"); f.press(.enter)
        #expect(f.runtime.state.replenishment.table.rows[0].cells[7] == "\(first.suggestedQuantity * 2)*")
        f.press(.enter, .char("y"))
        #expect(try draftLines(f)["\(first.sku)@\(first.location)"] == first.suggestedQuantity * 2)
        // A quantity the supplier does not sell is refused in the form, naming the rule.
        let strict = try #require(plan.lines.dropFirst(2).first { $0.minimumOrder > 1 })
        f.press(.home)
        for _ in 0..<200 where f.runtime.state.replenishment.table.selectedRow?.id != "\(strict.sku)@\(strict.location)" { f.press(.down) }
        f.press(.char("e"))
        for _ in 0..<8 { f.press(.backspace) }
        f.type("1"); f.press(.enter)
        #expect(f.screen.contains("\(strict.sku)@\(strict.location): 1 is below \(strict.supplier)'s minimum order of \(strict.minimumOrder)"))
        f.press(.escape, .home)

        // The next suggestion, rejected: a reason first, then what it means, then y.
        #expect(f.runtime.state.replenishment.table.selectedRow?.id == "\(second.sku)@\(second.location)")   // the first is on a draft now
        f.press(.char("x"), .enter)
        #expect(f.screen.contains("Reason is required"))
        f.type("range ends in January"); f.press(.enter)
        #expect(f.dialogText?.hasPrefix("Reject buying \(second.suggestedQuantity) \(second.sku) for \(second.location) from \(second.supplier)") == true)
        f.press(.char("y"))
        #expect(try f.ops.replenishmentPlan().rejected.keys.contains("\(second.sku)@\(second.location)"))
        #expect(!f.runtime.state.replenishment.table.rows.contains { $0.id == "\(second.sku)@\(second.location)" })
        #expect(f.screen.contains("1 rejected"))
    }

    @Test func aViewerSeesTheArithmeticButIsRefusedApprovingAtOnce() throws {
        let f = try ConsoleFixture.withOrders(width: 140, height: 30, user: Actor(name: "vic", role: .viewer), pane: .replenishment)
        defer { f.remove() }
        #expect(!f.screen.contains("approve") && f.screen.contains("d detail"))
        f.press(.enter)
        #expect(f.runtime.state.mode.isNormal && f.screen.contains("A viewer may not create or change purchase orders"))
        f.press(.char("d"))
        let line = try #require(try f.ops.replenishmentPlan().lines.first)
        #expect(f.screen.contains("Reorder point       d × L + safety stock = ") && f.screen.contains("= \(line.reorderPoint)"))
    }

    @Test func replenishmentViewsLookRightAndClipAtEverySize() throws {
        let f = try ConsoleFixture.withOrders(width: 120, height: 24, user: Self.planner, pane: .replenishment)
        defer { f.remove() }
        assertSnapshot(f.screen, named: "replenishment-pane")
        f.press(.char("d"))
        assertSnapshot(f.screen, named: "replenishment-detail")
        // The detail, the list, the approval's confirmation, the rejection's form.
        f.expectEveryViewClips(width: 120, height: 24, [
            ("the detail", {}), ("the list", { f.press(.escape) }), ("an approval", { f.press(.char(" "), .enter) }),
            ("a rejection", { f.press(.char("n"), .char("x")) }),
        ])
    }
}
