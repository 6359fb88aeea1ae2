import Testing
import Foundation
import Domain
import Store
import Operations
import TerminalKit
@testable import Console

@Suite(.serialized) struct ConsoleBehaviourTests {
    @Test func scrollingFetchesOnlyWhatTheViewportNeeds() throws {
        let f = try ConsoleFixture(width: 100, height: 20, skus: 300, locations: 5)
        defer { f.remove() }
        let state = f.runtime.state
        let total = try #require(state.stock.table.totalRows)
        #expect(total > 200)
        #expect(state.stock.table.rows.count <= state.viewportHeight + 2 * TableState<SkuLocation>.fetchMargin)
        f.press(.end)
        let last = try f.ops.read { try $0.positionRows(PositionFilter(), descending: true, limit: 1) }.first!
        #expect(f.runtime.state.stock.table.selectedID == last.key)
        #expect(f.screen.contains(last.skuCode))
        f.press(.home)
        let first = try f.ops.read { try $0.positionRows(PositionFilter(), limit: 1) }.first!
        #expect(f.runtime.state.stock.table.selectedID == first.key)
        // Page down twice, then up: selection lands on the row the store has at that index.
        f.press(.pageDown, .pageDown, .up)
        let index = f.runtime.state.stock.table.selectedIndex
        let expected = try f.ops.read { try $0.positionRows(PositionFilter(), offset: index, limit: 1) }.first!
        #expect(f.runtime.state.stock.table.selectedID == expected.key)
    }

    /// `o` sorts the stock by the next column in the store, over every row (not just those
    /// loaded): walking the pages down from the top and up from the end gives the rows a sort
    /// of the whole listing gives; `O` turns it round; `o` past Inbound goes back to code order.
    @Test func stockSortsByAnyColumnOverEveryRow() throws {
        let f = try ConsoleFixture(width: 110, height: 20, skus: 120, locations: 4)
        defer { f.remove() }
        let all = try f.ops.read { try $0.positionRows(PositionFilter(), limit: 10_000) }
        func sorted(by key: (PositionRow) -> Int, descending: Bool) -> [SkuLocation] {
            all.sorted { a, b in
                let (x, y) = (key(a), key(b))
                if x != y { return descending ? x > y : x < y }
                return descending ? (a.skuCode, a.locationCode) > (b.skuCode, b.locationCode)
                                  : (a.skuCode, a.locationCode) < (b.skuCode, b.locationCode)
            }.map(\.key)
        }
        func walk() -> [SkuLocation] {
            var seen: [SkuLocation] = []
            f.press(.home)
            for _ in 0..<all.count {
                guard let id = f.runtime.state.stock.table.selectedID else { break }
                seen.append(id)
                if seen.count == all.count { break }
                f.press(.down)
            }
            return seen
        }
        f.press(.char("o"), .char("o"), .char("o"))   // SKU -> Name -> Location -> Sellable
        #expect(f.runtime.state.stock.filter.order == PositionOrder(.sellable))
        #expect(f.screen.contains("sorted by Sellable ↑"))
        #expect(walk() == sorted(by: { $0.position.sellable }, descending: false))
        f.press(.char("O"))
        #expect(f.screen.contains("sorted by Sellable ↓"))
        f.press(.end)
        #expect(f.runtime.state.stock.table.selectedID == sorted(by: { $0.position.sellable }, descending: true).last)
        #expect(walk() == sorted(by: { $0.position.sellable }, descending: true))
        f.press(.char("o"))
        #expect(walk() == sorted(by: { $0.position.reserved }, descending: false))
        for _ in 0..<5 { f.press(.char("o")) }   // ... Inbound -> SKU
        #expect(f.runtime.state.stock.filter.order == PositionOrder() && !f.screen.contains("sorted by"))
        #expect(walk() == all.map(\.key))
    }

    @Test func aBroadFilterIsCountedOnlyUpToTheCapAndEndCountsExactly() throws {
        let f = try ConsoleFixture(width: 100, height: 20, skus: 200, locations: 5, countCap: 50)
        defer { f.remove() }
        let exact = try f.ops.read { try $0.positionCount(PositionFilter()) }
        #expect(exact > 50)
        #expect(f.runtime.state.stock.table.totalRows == nil)
        #expect(f.screen.contains("50+ rows"))
        f.press(.pageDown, .pageDown, .pageDown, .pageDown, .pageDown)   // scrolling on past the loaded rows still works
        let index = f.runtime.state.stock.table.selectedIndex
        #expect(index > 40)
        let atIndex = try f.ops.read { try $0.positionRows(PositionFilter(), offset: index, limit: 1) }.first!
        #expect(f.runtime.state.stock.table.selectedID == atIndex.key)
        f.press(.end)
        #expect(f.runtime.state.stock.table.totalRows == exact)
        #expect(f.screen.contains("\(exact) rows"))
        let last = try f.ops.read { try $0.positionRows(PositionFilter(), descending: true, limit: 1) }.first!
        #expect(f.runtime.state.stock.table.selectedID == last.key)
    }

    @Test func endBeforeAnyCountArrivesStillReachesTheLastRow() throws {
        let f = try ConsoleFixture(width: 100, height: 20, skus: 120, locations: 5)
        defer { f.remove() }
        // As if the count had not come back yet: the table knows no total.
        var state = f.runtime.state
        let table = state.stock.table
        state.stock.table.replaceWindow(start: table.windowStart, rows: table.rows, total: nil)
        let effects = ConsoleUpdate.update(&state, .input(.key(.end)))
        #expect(state.stock.endPending)
        #expect(effects.contains { if case .countStock(_, _, nil)? = $0.stockEffect { true } else { false } })
        let total = try f.ops.read { try $0.positionCount(PositionFilter()) }
        _ = ConsoleUpdate.update(&state, .stockCounted(generation: state.stock.generation, total: total, exact: true))
        #expect(state.stock.table.selectedIndex == total - 1)
    }

    @Test func aCappedRecountForgetsAStaleExactTotal() throws {
        let f = try ConsoleFixture(skus: 60)
        defer { f.remove() }
        var state = f.runtime.state
        #expect(state.stock.table.totalRows != nil)
        _ = ConsoleUpdate.update(&state, .stockCounted(generation: state.stock.generation, total: 10, exact: false))
        #expect(state.stock.table.totalRows == nil && state.stock.atLeast == 10)
    }

    @Test func ctrlCQuitsEvenWhileTypingAFilter() throws {
        let f = try ConsoleFixture()
        defer { f.remove() }
        f.press(.char("/")); f.type("QM")
        f.press(.ctrl("c"))
        #expect(f.runtime.state.quitRequested)
    }

    @Test func selectionStaysOnItsRowWhenAnotherProcessAddsRowsAbove() throws {
        let f = try ConsoleFixture(skus: 60)
        defer { f.remove() }
        f.press(.down, .down, .down, .down, .down)
        let selected = try #require(f.runtime.state.stock.table.selectedID)
        // Another "process": a separate store connection adds stock for a SKU sorting first.
        let other = Operations(store: try LedgerStore(path: f.ops.store.path, create: false))
        let admin = Actor(name: "ada", role: .admin)
        _ = try other.importSKUs([ImportRow(line: 1, value: SKURecord(sku: SKU(code: "AAA1", name: "First",
            unitCost: Money(minorUnits: 1, currency: "GBP"), listPrice: Money(minorUnits: 2, currency: "GBP"))))], source: "t", by: admin)
        try other.adjust(sku: "AAA1", location: f.runtime.state.locations[0], status: .sellable, delta: 3, reason: "found", by: admin)
        let before = try #require(f.runtime.state.stock.table.totalRows)
        f.runtime.pollForChanges()
        #expect(f.runtime.state.stock.table.selectedID == selected)
        #expect(f.runtime.state.stock.table.totalRows == before + 1)
        f.press(.home)
        #expect(f.screen.contains("AAA1"))
    }

    @Test func statusAndLocationFiltersNarrowTheRows() throws {
        let f = try ConsoleFixture(skus: 80)
        defer { f.remove() }
        f.press(.char("s"))   // sellable
        f.press(.char("s"))   // reserved
        #expect(f.runtime.state.stock.filter.status == .reserved)
        let reservedRows = try f.ops.read { try $0.positionCount(PositionFilter(status: .reserved)) }
        #expect(f.runtime.state.stock.table.totalRows == reservedRows)
        f.press(.char("l"))
        let location = f.runtime.state.locations[0]
        #expect(f.runtime.state.stock.filter.location == location)
        #expect(f.screen.contains("Location: \(location)"))
        f.press(.char("c"))
        #expect(f.runtime.state.stock.filter == PositionFilter())
    }

    @Test func promptAdjustGoesThroughOperationsWithTheConsoleUsersRole() throws {
        let f = try ConsoleFixture()
        defer { f.remove() }
        let row = try #require(f.runtime.state.stock.table.selectedRow)
        f.press(.char(":")); f.type("adjust \(row.id.sku) \(row.id.location) damaged +2 dropped pallet"); f.press(.enter)
        // A confirmation says exactly what will happen; n changes nothing.
        #expect(f.screen.contains("Add 2 damaged \(row.id.sku) at \(row.id.location)"))
        let moves = try f.ops.read { try $0.moveCount() }
        f.press(.char("n"))
        #expect(f.screen.contains("Cancelled; nothing changed"))
        #expect(try f.ops.read { try $0.moveCount() } == moves)
        f.press(.char(":")); f.type("adjust \(row.id.sku) \(row.id.location) damaged +2 dropped pallet"); f.press(.enter)
        f.press(.char("y"))
        #expect(f.screen.contains("damaged now"))
        let audit = try f.ops.read { try $0.auditEntries(entity: "stock:\(row.id.sku)@\(row.id.location)", limit: 1) }.first
        #expect(audit?.actor == "sam" && audit?.reason == "dropped pallet")
        // Refused before any dialog: an unknown location, an unknown SKU, a balance that would go negative.
        f.press(.char(":")); f.type("adjust \(row.id.sku) NOWHERE sellable 1 x"); f.press(.enter)
        #expect(f.screen.contains("Unknown location NOWHERE") && f.runtime.state.mode.isNormal)
        f.press(.char(":")); f.type("adjust NOPE \(row.id.location) sellable 1 x"); f.press(.enter)
        #expect(f.screen.contains("Unknown SKU NOPE") && f.runtime.state.mode.isNormal)
        f.press(.char(":")); f.type("adjust \(row.id.sku) \(row.id.location) damaged -1000 x"); f.press(.enter)
        #expect(f.runtime.state.mode.isNormal && f.runtime.state.flash?.kind == .error)
        #expect(try f.ops.read { try $0.moveCount() } == moves + 1)
        f.press(.char(":")); f.type("frobnicate"); f.press(.enter)
        #expect(f.screen.contains("Unknown command :frobnicate"))
    }

    @Test func textFromTheDatabaseCannotReachTheTerminalAsControlSequences() throws {
        let f = try ConsoleFixture()
        defer { f.remove() }
        let admin = Actor(name: "ada", role: .admin)
        _ = try f.ops.importSKUs([ImportRow(line: 1, value: SKURecord(sku: SKU(code: "AAA0", name: "Plain",
            unitCost: Money(minorUnits: 1, currency: "GBP"), listPrice: Money(minorUnits: 2, currency: "GBP"))))], source: "t", by: admin)
        // Imports refuse control characters now; a database written by an older or foreign tool may still hold them.
        try f.ops.store.write { try $0.db.execute(sql: "UPDATE sku SET name = ? WHERE code = 'AAA0'",
                                                  arguments: ["Evil\u{1B}]0;pwned\u{07}\u{1B}[31mRed\u{9B}2J"]) }
        try f.ops.adjust(sku: "AAA0", location: f.runtime.state.locations[0], status: .sellable, delta: 1, reason: "x", by: admin)
        f.runtime.pollForChanges()
        f.press(.home)
        let frame = f.backend.lastFrame
        var all = ""
        for y in 0..<frame.height { for x in 0..<frame.width { all += frame[x: x, y: y].text } }
        #expect(all.contains("EvilRed"))
        #expect(!all.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) })
    }

    @Test func quitKeysEndTheLoop() throws {
        let f = try ConsoleFixture()
        defer { f.remove() }
        f.press(.ctrl("c"))
        #expect(f.runtime.state.quitRequested)
    }
}

@Suite struct PromptCommandTests {
    @Test func parsesCommandsAndNamesWhatIsWrong() {
        #expect(PromptCommand.parse("q") == .success(.quit))
        #expect(PromptCommand.parse("loc all") == .success(.pane(StockPrompt.location(nil))))
        #expect(PromptCommand.parse("status return-pending") == .success(.pane(StockPrompt.status(.returnPending))))
        #expect(PromptCommand.parse("adjust A L1 sellable -3 broke it") ==
                .success(.pane(StockPrompt.change(.adjust(sku: "A", location: "L1", status: .sellable, delta: -3, reason: "broke it")))))
        #expect(PromptCommand.parse("adjust A L1 sellable 0 x") == .failure(PromptError("'0' is not a non-zero whole number")))
        #expect(PromptCommand.parse("status lost") == .failure(PromptError("'lost' is not a status; use \(StockStatus.spellings)")))
        #expect(PromptCommand.parse("") == .failure(PromptError("Type a command, e.g. :help")))
    }
}
