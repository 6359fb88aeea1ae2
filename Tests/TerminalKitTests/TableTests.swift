import Testing
@testable import TerminalKit

/// A fake data source: row i has id "r<i>" unless built from explicit ids.
private func rows(_ range: Range<Int>, ids: [String]? = nil) -> [(id: String, cells: [String])] {
    range.map { i in
        let id = ids?[i] ?? "r\(i)"
        return (id: id, cells: [id, "\(i * 10)"])
    }
}

@Suite struct TableStateTests {
    @Test func keepsSelectionByIDWhenRowsAreInsertedAbove() {
        var state = TableState<String>()
        state.replaceWindow(start: 0, rows: rows(0..<20), total: 20)
        state.moveSelection(by: 5, viewportHeight: 10)
        #expect(state.selectedID == "r5")
        #expect(state.selectedIndex == 5)

        // Three new rows sort in at the top; the old r5 is now at index 8.
        let ids = ["n0", "n1", "n2"] + (0..<20).map { "r\($0)" }
        state.replaceWindow(start: 0, rows: rows(0..<23, ids: ids), total: 23)
        #expect(state.selectedID == "r5")
        #expect(state.selectedIndex == 8)
        #expect(state.selectedRow?.cells.first == "r5")
    }

    @Test func keepsTheIndexClampedWhenTheSelectedRowIsGone() {
        var state = TableState<String>()
        state.replaceWindow(start: 0, rows: rows(0..<10), total: 10)
        state.end(viewportHeight: 5)
        #expect(state.selectedID == "r9")
        state.replaceWindow(start: 0, rows: rows(0..<6), total: 6)
        #expect(state.selectedIndex == 5)
        #expect(state.selectedID == "r5")
        state.replaceWindow(start: 0, rows: [], total: 0)
        #expect(state.selectedIndex == 0)
        #expect(state.selectedID == nil)
    }

    @Test func movementClampsAndScrolls() {
        var state = TableState<String>()
        state.replaceWindow(start: 0, rows: rows(0..<100), total: 100)
        state.moveSelection(by: -3, viewportHeight: 10)
        #expect(state.selectedIndex == 0)
        state.moveSelection(by: 12, viewportHeight: 10)
        #expect(state.selectedIndex == 12)
        #expect(state.scrollTop == 3)
        state.pageDown(viewportHeight: 10)
        #expect(state.selectedIndex == 22)
        state.pageUp(viewportHeight: 10)
        #expect(state.selectedIndex == 12)
        state.end(viewportHeight: 10)
        #expect(state.selectedIndex == 99)
        #expect(state.scrollTop == 90)
        state.home(viewportHeight: 10)
        #expect(state.selectedIndex == 0)
        #expect(state.scrollTop == 0)
        state.moveSelection(by: Int.max, viewportHeight: 10)
        #expect(state.selectedIndex == 99)
    }

    @Test func neededRangeAsksOnlyForVisibleRowsPlusMargin() {
        var state = TableState<String>()
        // Nothing loaded yet: fetch the first screen.
        #expect(state.neededRange(viewportHeight: 10) == 0..<(10 + TableState<String>.fetchMargin))

        state.replaceWindow(start: 0, rows: rows(0..<18), total: 100_000)
        #expect(state.neededRange(viewportHeight: 10) == nil)        // covered

        state.select(index: 50_000, viewportHeight: 10)
        let needed = state.neededRange(viewportHeight: 10)
        let m = TableState<String>.fetchMargin
        #expect(needed == (49_991 - m)..<(50_001 + m))
        #expect(needed!.count <= 10 + 2 * m)
        #expect(state.selectedID == nil)                              // not loaded yet

        state.replaceWindow(start: needed!.lowerBound, rows: rows(needed!), total: 100_000)
        #expect(state.neededRange(viewportHeight: 10) == nil)
        #expect(state.selectedID == "r50000")

        state.end(viewportHeight: 10)
        #expect(state.neededRange(viewportHeight: 10) == (99_990 - m)..<100_000)
    }

    @Test func neededRangeForAnEmptyOrZeroHeightTable() {
        var state = TableState<Int>()
        state.replaceWindow(start: 0, rows: [], total: 0)
        #expect(state.neededRange(viewportHeight: 10) == nil)
        #expect(state.neededRange(viewportHeight: 0) == nil)
    }
}

@Suite struct TableViewTests {
    let columns = [TableColumn(title: "Name", width: 6), TableColumn(title: "Qty", width: 4, alignment: .right)]

    func loaded(_ n: Int) -> TableState<String> {
        var state = TableState<String>()
        state.replaceWindow(start: 0, rows: rows(0..<n), total: n)
        return state
    }

    @Test func drawsHeaderRowsAndRightAlignedNumbers() {
        var state = loaded(5)
        state.moveSelection(by: 1, viewportHeight: 3)
        var buffer = Buffer(width: 14, height: 5)
        TableView.draw(state: state, columns: columns, in: Rect(x: 1, y: 1, width: 12, height: 4),
                       buffer: &buffer, focused: true)
        #expect(buffer.snapshot() == """

         Name    Qty
         r0        0
         r1       10
         r2       20
        """)
        #expect(buffer[x: 1, y: 3].style == Style(.selection, reverse: true))  // r1 selected
        #expect(buffer[x: 12, y: 3].style == Style(.selection, reverse: true)) // whole row
        #expect(buffer[x: 1, y: 2].style == Style(.text))
        #expect(buffer[x: 1, y: 1].style.role == .header)
    }

    @Test func unfocusedSelectionIsMuted() {
        let state = loaded(2)
        var buffer = Buffer(width: 11, height: 3)
        TableView.draw(state: state, columns: columns, in: buffer.bounds, buffer: &buffer, focused: false)
        #expect(buffer[x: 0, y: 1].style == Style(.muted, reverse: true))
    }

    @Test func truncatesLongCellsAndShowsUnloadedRows() {
        var state = TableState<String>()
        state.replaceWindow(start: 0, rows: [(id: "a", cells: ["Extremely long", "123456"])], total: 3)
        var buffer = Buffer(width: 11, height: 4)
        TableView.draw(state: state, columns: columns, in: buffer.bounds, buffer: &buffer, focused: true)
        #expect(buffer.snapshot() == """
        Name    Qty
        Extre… 123…
        …
        …
        """)
    }

    @Test func flexibleColumnTakesTheSpareWidth() {
        let cols = [TableColumn(title: "Name", width: 4, flexible: true), TableColumn(title: "Qty", width: 3, alignment: .right)]
        #expect(TableView.layout(cols, width: 20) == [16, 3])
        #expect(TableView.layout(cols, width: 5) == [4, 3])
    }

    @Test func emptyAndLoadingStates() {
        var buffer = Buffer(width: 12, height: 3)
        TableView.draw(state: TableState<String>(), columns: columns, in: buffer.bounds, buffer: &buffer, focused: true)
        #expect(buffer.snapshot() == "Name    Qty\n Loading…\n")
        TableView.draw(state: loaded(0), columns: columns, in: buffer.bounds, buffer: &buffer, focused: true)
        #expect(buffer.snapshot() == "Name    Qty\n (no rows)\n")
    }

    @Test func clipsAtTinyAndZeroSizes() {
        let state = loaded(5)
        var buffer = Buffer(width: 5, height: 3)
        TableView.draw(state: state, columns: columns, in: Rect(x: 0, y: 0, width: 3, height: 2), buffer: &buffer, focused: true)
        #expect(buffer.snapshot() == "Nam\nr0\n")
        var zero = Buffer(width: 5, height: 3)
        TableView.draw(state: state, columns: columns, in: Rect(x: 0, y: 0, width: 0, height: 3), buffer: &zero, focused: true)
        TableView.draw(state: state, columns: columns, in: Rect(x: 0, y: 0, width: 5, height: 0), buffer: &zero, focused: true)
        TableView.draw(state: state, columns: columns, in: Rect(x: 0, y: 0, width: 5, height: 1), buffer: &zero, focused: true)
        #expect(zero.snapshot() == "Name\n\n")
        var empty = Buffer(width: 0, height: 0)
        TableView.draw(state: state, columns: columns, in: Rect(x: 0, y: 0, width: 10, height: 10), buffer: &empty, focused: true)
        #expect(empty.snapshot() == "")
    }
}
