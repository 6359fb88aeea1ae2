import Testing
import Foundation
import Domain
import Store
import TerminalKit
@testable import Console

/// Queues are read a page at a time: the cursor near the end of what was read asks for the
/// next page, so no row is out of reach, and the header says how far the read goes.
@Suite struct QueueReachTests {
    func table(_ rows: Int, selected: Int) -> TableState<Int> {
        var t = TableState<Int>()
        t.replaceWindow(start: 0, rows: (0..<rows).map { ($0, ["\($0)"]) }, total: rows)
        t.select(index: selected, viewportHeight: 20)
        return t
    }

    @Test func theReachGrowsOnlyNearTheEndOfAFullReadWithMoreWaiting() {
        var reach = QueueReach()
        func grows(_ rows: Int, at selected: Int, read: Int, total: Int?) -> Bool {
            reach.extend(past: table(rows, selected: selected), read: read, total: total, viewportHeight: 20)
        }
        // Far from the end, a short read, or nothing more to read: it stays.
        #expect(!grows(1_000, at: 500, read: 1_000, total: 5_000))
        #expect(!grows(999, at: 998, read: 999, total: nil))
        #expect(!grows(1_000, at: 999, read: 1_000, total: 1_000))
        #expect(reach.limit == 1_000)
        // Within a screen of the end, of a read that filled the page, with more (or an unknown total).
        #expect(grows(1_000, at: 985, read: 1_000, total: 5_000))
        #expect(reach.limit == 2_000)
        #expect(!grows(1_000, at: 999, read: 1_000, total: 5_000))
        #expect(grows(2_000, at: 1_999, read: 2_000, total: nil))
        #expect(reach.limit == 3_000)
        // A filter showing few of the rows read: the end of what is shown counts.
        reach = QueueReach()
        #expect(grows(3, at: 0, read: 1_000, total: 1_200))
    }

    @Test func theReturnsQueueReadsFurtherAsTheCursorNearsItsEndAndKeepsTheRow() {
        var state = ConsoleState(width: 140, height: 30, user: "sam", role: .supervisor, databasePath: "t", locations: [])
        state.pane = .returns
        let at = "2026-12-03T10:00:00Z"
        _ = ConsoleUpdate.receiveReturns((1...1_000).map(Records.customerReturn), total: 1_500, at: at, &state)
        #expect(ReturnsPane.headerLine(state).contains("the first 1,000 of 1,500 read; more as you scroll"))
        #expect(ConsoleUpdate.update(&state, .input(.key(.down))).isEmpty)
        let effects = ConsoleUpdate.update(&state, .input(.key(.end)))
        #expect(effects == [.returns(.loadQueue(limit: 2_000))])
        #expect(state.returns.selected?.code == "RMA-1000")
        _ = ConsoleUpdate.receiveReturns((1...1_500).map(Records.customerReturn), total: 1_500, at: at, &state)
        // The cursor stays on its return; all are read now, so the end asks for nothing.
        #expect(state.returns.selected?.code == "RMA-1000" && !ReturnsPane.headerLine(state).contains("read;"))
        #expect(ConsoleUpdate.update(&state, .input(.key(.end))).isEmpty)
        #expect(state.returns.selected?.code == "RMA-1500")
    }
}
