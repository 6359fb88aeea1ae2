import Testing
import Foundation
import Domain
import Store
import TerminalKit
@testable import Console

/// Queues are read a page at a time: pressing on past the last row read asks for the next
/// page, so no row is out of reach, and the header says how far the read goes.
@Suite struct QueueReachTests {
    @Test func theReachGrowsOnlyPastAFullReadWithMoreWaiting() {
        var reach = QueueReach()
        func grows(read: Int, total: Int?) -> Bool { reach.extend(read: read, total: total) }
        #expect(!grows(read: 999, total: nil))          // a short read: that was all
        #expect(!grows(read: 1_000, total: 1_000))      // all read
        #expect(reach.limit == 1_000)
        #expect(grows(read: 1_000, total: 5_000))
        #expect(reach.limit == 2_000)
        #expect(!grows(read: 1_000, total: 5_000))      // the read at 2,000 has not come back yet
        #expect(grows(read: 2_000, total: nil))         // no total known: a full read may have more
        #expect(reach.limit == 3_000)
    }

    @Test func theReturnsQueueReadsOnWhenTheCursorPressesPastItsLastRowAndKeepsTheRow() {
        var state = ConsoleState(width: 140, height: 30, user: "sam", role: .supervisor, databasePath: "t", locations: [])
        state.pane = .returns
        let at = "2026-12-03T10:00:00Z"
        _ = ConsoleUpdate.receiveReturns((1...1_000).map(Records.customerReturn), total: 1_500, at: at, &state)
        #expect(ReturnsPane.headerLine(state).contains("the first 1,000 of 1,500 read; ↓ at the end reads on"))
        // Browsing, End included, reads nothing: End goes to the last row read.
        for key in [Key.down, .pageDown, .end, .up] { #expect(ConsoleUpdate.update(&state, .input(.key(key))).isEmpty) }
        #expect(state.returns.selected?.code == "RMA-999")
        #expect(ConsoleUpdate.update(&state, .input(.key(.down))).isEmpty)
        #expect(state.returns.selected?.code == "RMA-1000")
        // Pressing on from there reads the next page; the cursor stays on its return.
        #expect(ConsoleUpdate.update(&state, .input(.key(.down))) == [.returns(.loadQueue(limit: 2_000))])
        _ = ConsoleUpdate.receiveReturns((1...1_500).map(Records.customerReturn), total: 1_500, at: at, &state)
        #expect(state.returns.selected?.code == "RMA-1000" && !ReturnsPane.headerLine(state).contains("read;"))
        // All are read now: the end asks for nothing.
        #expect(ConsoleUpdate.update(&state, .input(.key(.end))).isEmpty)
        #expect(ConsoleUpdate.update(&state, .input(.key(.down))).isEmpty)
        #expect(state.returns.selected?.code == "RMA-1500")
    }
}
