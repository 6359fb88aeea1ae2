import Testing
import Foundation
import Domain
import Store
import Operations
import TerminalKit
@testable import Console

@Suite(.serialized) struct ConsoleSnapshotTests {
    @Test func stockPaneFirstFrame() throws {
        let f = try ConsoleFixture()
        defer { f.remove() }
        assertSnapshot(f.screen, named: "stock-pane")
    }

    @Test func stockPaneFilteredAndDrilledIn() throws {
        let f = try ConsoleFixture()
        defer { f.remove() }
        f.press(.char("/")); f.type("QM1001"); f.press(.enter)
        assertSnapshot(f.screen, named: "stock-pane-filtered")
        f.press(.enter)
        assertSnapshot(f.screen, named: "sku-detail")
        f.press(.escape)
        #expect(f.screen.contains("Filter: QM1001"))
    }

    @Test func helpOverlayListsTheKeyMap() throws {
        let f = try ConsoleFixture(height: 50)
        defer { f.remove() }
        f.press(.char("?"))
        assertSnapshot(f.screen, named: "help-overlay")
        for binding in KeyMap.stock { #expect(f.screen.contains(binding.help)) }
    }

    @Test func tooSmallScreenIgnoresKeysUntilResizedBack() throws {
        let f = try ConsoleFixture()
        defer { f.remove() }
        f.backend.resize(width: 40, height: 8)
        f.runtime.processPendingInput()
        assertSnapshot(f.screen, named: "too-small")
        f.press(.char("q"), .char("/"), .char("x"))
        #expect(!f.runtime.state.quitRequested)
        f.backend.resize(width: 100, height: 24)
        f.runtime.processPendingInput()
        #expect(f.screen.contains("Filter: -"))   // the keys pressed while too small did nothing
    }

    @Test func layoutClipsAtEverySize() throws {
        let f = try ConsoleFixture()
        defer { f.remove() }
        for (w, h) in [(1, 1), (0, 0), (50, 10), (60, 15), (61, 17), (200, 60)] {
            f.backend.resize(width: w, height: h)
            f.runtime.processPendingInput()
            let lines = f.backend.lastFrame.lines()
            #expect(lines.count == h)
            #expect(lines.allSatisfy { DisplayWidth.of($0) <= w })
        }
    }
}
