import Testing
import Foundation
import Domain
import Store
import Operations
import TerminalKit
@testable import Console

/// `/` on every list, on a real database: what it keeps is what the store says matches, and
/// Esc puts the list back.
@Suite struct ListFilterTests {
    @Test func aLoadedListKeepsRowsWithTheTextInAnyCellInAnyCase() {
        let rows: [TableState<Int>.Row] = [(1, ["QM10001", "Crème Brûlée Dish", "WH-UK-N"]), (2, ["QM20002", "Mug", "3PL-EU"]),
                                           (3, ["qm30003", "ÉTAGÈRE", ""])]
        #expect(ListFilter.rows(rows, "qm1").map(\.id) == [1])
        #expect(ListFilter.rows(rows, "QM").map(\.id) == [1, 2, 3])          // either case, either way
        #expect(ListFilter.rows(rows, "uk-n").map(\.id) == [1])
        #expect(ListFilter.rows(rows, "brûlée").map(\.id) == [1])            // beyond ASCII: lowercased cells
        #expect(ListFilter.rows(rows, "étagère").map(\.id) == [3])
        #expect(ListFilter.rows(rows, "  ").map(\.id) == [1, 2, 3])          // nothing typed keeps all
        #expect(ListFilter.rows(rows, "a much longer text than any cell").isEmpty)
        #expect(ListFilter.keeps(["Mug"], "MUG") && !ListFilter.keeps(["Mug"], "mugs"))
    }

    @Test func slashFiltersAQueueByNumberReferenceOrCustomerAndEscRestores() throws {
        let f = try ConsoleFixture.withOrders()
        defer { f.remove() }
        f.open(.state(.allocated))
        let all = try f.read { try $0.orderQueueRows(.state(.allocated), limit: 10_000) }.map(\.summary)
        let customer = try #require(all.first { !$0.customer.isEmpty }?.customer)
        f.press(.char("/"))
        f.type(customer.lowercased())
        let expected = all.filter { $0.customer.lowercased().hasPrefix(customer.lowercased())
                                    || $0.externalRef.lowercased().hasPrefix(customer.lowercased()) }.map(\.id)
        #expect(f.runtime.state.orders.list.rows.table.rows.map(\.id.order) == expected)
        #expect(f.screen.contains("matching “\(customer.lowercased())”"))
        #expect(f.screen.contains("Queue: allocated · \(expected.count) order"))
        // Marking all marks what the filter keeps, not the whole queue.
        f.press(.enter)                                   // keep the filter
        f.press(.char("A"))
        #expect(f.runtime.state.orders.list.marked == Set(expected))
        f.press(.char("u"), .char("/"), .escape)          // Esc restores the filter as it was before this edit
        #expect(f.runtime.state.orders.list.filter == customer.lowercased())
        f.press(.char("/"))
        for _ in customer { f.press(.backspace) }
        f.press(.enter)
        #expect(f.runtime.state.orders.list.rows.table.rowCount == all.count)
        // An order number keeps that order.
        let one = all[all.count / 2]
        f.press(.char("/")); f.type("#\(one.id)"); f.press(.enter)
        #expect(f.runtime.state.orders.list.rows.table.rows.map(\.id.order).contains(one.id))
    }

    @Test func slashFiltersTheActivityAndBackordersPanes() throws {
        let f = try ConsoleFixture.withOrders(pane: .activity)
        defer { f.remove() }
        // Activity: the start of an entity.
        let entity = "order:1"
        f.press(.char("/")); f.type(entity); f.press(.enter)
        let expected = try f.read { try $0.auditEntries(limit: 100_000) }.filter { $0.entity.hasPrefix(entity) }.prefix(ActivityPane.limit)
        #expect(f.runtime.state.activity.rows.map(\.id) == expected.map(\.id))
        #expect(!expected.isEmpty && f.screen.contains("matching “order:1”"))
        // And the start of a user, in any case.
        f.press(.char("/"))
        for _ in entity { f.press(.backspace) }
        f.type("ADA"); f.press(.enter)
        #expect(!f.runtime.state.activity.rows.isEmpty && f.runtime.state.activity.rows.allSatisfy { $0.actor == "ada" })

        // Backorders: SKUs with the text in a column; the lines likewise.
        f.press(.char("4"))
        let groups = f.runtime.state.backorders.groupRows
        let sku = try #require(groups.last?.sku)
        f.press(.char("/")); f.type(sku.lowercased()); f.press(.enter)
        #expect(f.runtime.state.backorders.groups.rows.map(\.id) == groups.filter { $0.sku.lowercased().contains(sku.lowercased()) || $0.skuName.lowercased().contains(sku.lowercased()) }.map(\.sku))
        #expect(f.screen.contains("matching “\(sku.lowercased())”"))
        f.press(.enter)
        let lines = try #require(f.runtime.state.backorders.lines)
        #expect(lines.group.sku == sku && lines.table.rowCount == lines.rows.count)
        f.press(.char("/")); f.type("no such text"); f.press(.enter)
        #expect(f.runtime.state.backorders.lines?.table.rowCount == 0)
        #expect(f.screen.contains("0 of \(lines.rows.count) lines matching “no such text”"))
    }

    @Test func newActivityShowsOnTopOrIsCountedAboveAReader() throws {
        let f = try ConsoleFixture.withOrders(pane: .activity)
        defer { f.remove() }
        let newest = try #require(f.runtime.state.activity.rows.first?.id)
        // At the top: the new entry shows at once, selected.
        try f.ops.adjust(sku: "QM10000", location: f.runtime.state.locations[0], status: .sellable, delta: 1, reason: "found one",
                         by: ConsoleFixture.admin)
        f.runtime.pollForChanges()
        #expect(f.runtime.state.activity.rows.first.map { $0.id > newest } == true)
        #expect(f.runtime.state.activity.table.selectedIndex == 0 && f.runtime.state.activity.unseen == 0)
        // Reading further down: the place is kept, and the header counts what arrived.
        f.press(.down, .down, .down)
        let reading = f.runtime.state.activity.table.selectedID
        for n in 0..<2 {
            try f.ops.adjust(sku: "QM10000", location: f.runtime.state.locations[0], status: .sellable, delta: 1,
                             reason: "found \(n)", by: ConsoleFixture.admin)
            f.runtime.pollForChanges()
        }
        #expect(f.runtime.state.activity.table.selectedID == reading)
        #expect(f.runtime.state.activity.unseen == 2 && f.screen.contains("2 new above (Home)"))
        f.press(.home)
        #expect(f.runtime.state.activity.unseen == 0 && !f.screen.contains("new above"))
    }

    @Test func helpOpensOnTheKeysOfWhereTheUserStandsAndGJumps() throws {
        var state = ConsoleState(width: 100, height: 24, user: "sam", role: .supervisor, databasePath: "t", locations: [])
        state.pane = .backorders
        _ = ConsoleUpdate.update(&state, .input(.key(.char("?"))))
        guard case .help(let overlay) = state.mode else { Issue.record("no help"); return }
        #expect(overlay.sections.first?.title == "Here: Backorders pane")
        _ = ConsoleUpdate.update(&state, .input(.key(.char("G"))))
        guard case .help(let bottom) = state.mode else { Issue.record("help closed"); return }
        #expect(bottom.scrollOffset > 0)
        _ = ConsoleUpdate.update(&state, .input(.key(.char("g"))))
        guard case .help(let top) = state.mode else { Issue.record("help closed"); return }
        #expect(top.scrollOffset == 0)
    }
}

/// Allocating from the console: a policy, a dry run that changes nothing, then the run.
@Suite struct ConsoleAllocationTests {
    @Test func theDryRunSaysWhatWouldChangeAndOnlyYRunsIt() throws {
        let f = try ConsoleFixture.withOrders(user: Actor(name: "pat", role: .planner))
        defer { f.remove() }
        f.open(.state(.backordered))
        let ids = f.runtime.state.orders.list.rows.table.rows.prefix(2).map(\.id.order).sorted()
        #expect(ids.count == 2)
        f.press(.char(" "), .char(" "), .char("a"))
        guard case .pick(let picker) = f.runtime.state.mode else { Issue.record("no policy picker"); return }
        #expect(picker.title == "Allocate 2 orders: which policy? (a dry run first)")
        let before = try f.read { r in try ids.map { try r.orderLines($0) } }
        let moves = try f.read { try $0.moveCount() }
        f.press(.down, .enter)                                     // cheapest
        let text = try #require(f.dialogText)
        #expect(text.hasPrefix("Under cheapest, 2 orders would be planned:"), "\(text)")
        // The dry run wrote nothing.
        #expect(try f.read { r in try ids.map { try r.orderLines($0) } } == before)
        #expect(try f.read { try $0.moveCount() } == moves)
        f.press(.char("n"))
        #expect(try f.read { try $0.moveCount() } == moves)
        // The marks stay after n: again, and y runs it.
        #expect(f.runtime.state.orders.list.marked == Set(ids))
        f.press(.char("a"), .down, .enter, .char("y"))
        #expect(f.runtime.state.flash?.text.hasPrefix("Allocation ran for 2 orders") == true
                || f.runtime.state.flash?.text.hasPrefix("Nothing allocated") == true, "\(f.runtime.state.flash?.text ?? "")")
        #expect(f.runtime.state.orders.list.marked.isEmpty)
        #expect(try f.ops.verify().isClean)
    }
}

/// `o`/`O`: another order for the list on screen.
@Suite struct ListSortTests {
    @Test func numbersAndMoneySortAsNumbersAndTextInAnyCase() {
        var sort = ListSort(column: 1)
        let rows: [TableState<Int>.Row] = [(1, ["a", "1,204.50"]), (2, ["B", "99.99"]), (3, ["c", "-5"]), (4, ["d", "1204.5"])]
        #expect(sort.apply(rows).map(\.id) == [3, 2, 1, 4])          // stable for equal values
        sort.descending = true
        #expect(sort.apply(rows).map(\.id) == [1, 4, 2, 3])
        #expect(ListSort(column: 0).apply(rows).map(\.id) == [1, 2, 3, 4])
        var cycling = ListSort()
        cycling.cycle(columns: 2); #expect(cycling.column == 0)
        cycling.cycle(columns: 2); #expect(cycling.column == 1)
        cycling.cycle(columns: 2); #expect(cycling.column == nil)
    }

    @Test func backordersSortByAColumnAndAQueueTurnsRound() throws {
        let f = try ConsoleFixture.withOrders(pane: .backorders)
        defer { f.remove() }
        let groups = f.runtime.state.backorders.groupRows
        // o o o: the fourth column (Lines), ascending; O: descending.
        f.press(.char("o"), .char("o"), .char("o"), .char("o"))
        #expect(f.runtime.state.backorders.groups.rows.map(\.id) == groups.enumerated().sorted { ($0.element.lines, $0.offset) < ($1.element.lines, $1.offset) }.map(\.element.sku))
        #expect(f.screen.contains("sorted by Lines ↑"))
        f.press(.char("O"))
        #expect(f.runtime.state.backorders.groups.rows.first?.id == groups.max { $0.lines < $1.lines }?.sku)
        // A queue: newest first, the same orders the other way round.
        f.press(.char("3"))
        f.open(.state(.allocated))
        let oldest = f.runtime.state.orders.list.rows.table.rows.map(\.id.order)
        f.press(.char("o"))
        #expect(f.screen.contains("newest first"))
        let all = try f.read { try $0.orderQueueRows(.state(.allocated), limit: 10_000) }.map(\.summary.id)
        #expect(f.runtime.state.orders.list.rows.table.rows.map(\.id.order) == Array(all.reversed().prefix(f.runtime.state.orders.list.rows.table.rows.count)))
        #expect(oldest.first == all.first)
    }
}
