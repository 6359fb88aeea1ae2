import Testing
@testable import TerminalKit

@Suite struct ConfirmDialogTests {
    let dialog = ConfirmDialog(title: "Delete", message: ["Delete 3 items?"], confirmLabel: "Delete", cancelLabel: "Keep")

    @Test func keys() {
        #expect(dialog.handle(.char("y")) == .confirmed)
        #expect(dialog.handle(.char("Y")) == .confirmed)
        #expect(dialog.handle(.enter) == nil)   // only an explicit y confirms
        #expect(dialog.handle(.char("n")) == .cancelled)
        #expect(dialog.handle(.escape) == .cancelled)
        #expect(dialog.handle(.char("x")) == nil)
        #expect(dialog.handle(.down) == nil)
    }

    @Test func drawsACentredBox() {
        var buffer = Buffer(width: 30, height: 8)
        buffer.put(String(repeating: "#", count: 30), x: 0, y: 2)
        dialog.draw(in: buffer.bounds, buffer: &buffer)
        // Centred; the dialog covers what was under it but nothing else.
        #expect(buffer.snapshot() == """

          ┌ Delete ───────────────┐
        ##│ Delete 3 items?       │###
          │                       │
          │ [y] Delete   [n] Keep │
          └───────────────────────┘


        """)
    }

    @Test func shrinksIntoSmallRectsAndNeverDrawsOutside() {
        var buffer = Buffer(width: 16, height: 5)
        dialog.draw(in: Rect(x: 1, y: 0, width: 14, height: 5), buffer: &buffer)
        #expect(buffer.snapshot() == """
         ┌ Delete ────┐
         │ Delete 3 … │
         │            │
         │ [y] Delet… │
         └────────────┘
        """)

        var tiny = Buffer(width: 8, height: 3)
        dialog.draw(in: Rect(x: 0, y: 0, width: 8, height: 2), buffer: &tiny)
        #expect(tiny.snapshot() == "\nDelete?\n")

        var zero = Buffer(width: 4, height: 4)
        dialog.draw(in: Rect(x: 0, y: 0, width: 0, height: 0), buffer: &zero)
        dialog.draw(in: Rect(x: 2, y: 2, width: 5, height: 5), buffer: &zero)
        #expect(zero.snapshot() == "\n\n\n")       // its one line falls below the buffer
    }
}

@Suite struct HintBarTests {
    let hints: [(key: String, label: String)] = [("q", "Quit"), ("/", "Search"), ("?", "Help")]

    @Test func drawsHintsAcrossTheLine() {
        var buffer = Buffer(width: 30, height: 1)
        HintBar.draw(hints, in: buffer.bounds, buffer: &buffer)
        #expect(buffer.snapshot() == "q Quit  / Search  ? Help")
        #expect(buffer[x: 0, y: 0].style == Style(.accent, bold: true))
        #expect(buffer[x: 2, y: 0].style == Style(.hint))
    }

    @Test func dropsHintsThatDoNotFitWhole() {
        var buffer = Buffer(width: 20, height: 1)
        HintBar.draw(hints, in: buffer.bounds, buffer: &buffer)
        #expect(buffer.snapshot() == "q Quit  / Search")
        var narrow = Buffer(width: 5, height: 1)
        HintBar.draw(hints, in: narrow.bounds, buffer: &narrow)
        #expect(narrow.snapshot() == "")
        HintBar.draw(hints, in: .zero, buffer: &narrow)
    }
}

@Suite struct HelpOverlayTests {
    let help = HelpOverlay(title: "Help", sections: [
        HelpSection(title: "Move", entries: [("↑/↓", "Select"), ("PgDn", "Next page")]),
        HelpSection(title: "Act", entries: [("Enter", "Open")]),
    ])

    @Test func drawsSectionsInACentredBox() {
        var buffer = Buffer(width: 24, height: 10)
        help.draw(in: buffer.bounds, buffer: &buffer)
        #expect(buffer.snapshot() == """

         ┌ Help ──────────────┐
         │ Move               │
         │   ↑/↓    Select    │
         │   PgDn   Next page │
         │                    │
         │ Act                │
         │   Enter  Open      │
         └────────────────────┘

        """)
    }

    @Test func scrollsWhenTallerThanTheScreen() {
        var overlay = help
        var buffer = Buffer(width: 24, height: 5)
        overlay.draw(in: buffer.bounds, buffer: &buffer)
        #expect(buffer.snapshot() == """
         ┌ Help ──────────────┐
         │ Move               │
         │   ↑/↓    Select    │
         │   PgDn   Next page │
         └─────────── ↓ more ─┘
        """)
        #expect(consume(&overlay, .end))
        overlay.draw(in: buffer.bounds, buffer: &buffer)
        #expect(buffer.snapshot() == """
         ┌ Help ──────────────┐
         │                    │
         │ Act                │
         │   Enter  Open      │
         └─────────── ↑ more ─┘
        """)
        #expect(!consume(&overlay, .escape))
        #expect(consume(&overlay, .home))
        #expect(overlay.scrollOffset == 0)
    }

    @Test func scrollingStopsAtTheLastFullPageWhenGivenTheRect() {
        var overlay = help
        let screen = Rect(x: 0, y: 0, width: 24, height: 5)   // 3 of 6 lines visible
        _ = overlay.handle(.end, in: screen)
        #expect(overlay.scrollOffset == 3)
        _ = overlay.handle(.up, in: screen)
        #expect(overlay.scrollOffset == 2)                     // moves at once, no dead presses
        _ = overlay.handle(.pageUp, in: screen)
        #expect(overlay.scrollOffset == 0)                     // a page is the visible height minus one
        _ = overlay.handle(.pageDown, in: screen)
        #expect(overlay.scrollOffset == 2)
        _ = overlay.handle(.pageDown, in: screen)
        #expect(overlay.scrollOffset == 3)
    }

    @Test func survivesTinyAndZeroRects() {
        var buffer = Buffer(width: 6, height: 3)
        help.draw(in: Rect(x: 0, y: 0, width: 6, height: 3), buffer: &buffer)
        #expect(buffer.snapshot() == "┌ H… ┐\n│ M… │\n└────┘")
        var one = Buffer(width: 6, height: 1)
        help.draw(in: one.bounds, buffer: &one)
        #expect(one.snapshot() == "Help")
        help.draw(in: .zero, buffer: &one)
    }
}

@Suite struct FlashMessageTests {
    @Test func drawsAndExpires() {
        let flash = FlashMessage("Saved 3 items", kind: .info, expiresAt: 10)
        #expect(!flash.isExpired(at: 9))
        #expect(flash.isExpired(at: 10))
        var buffer = Buffer(width: 10, height: 2)
        flash.draw(in: Rect(x: 0, y: 1, width: 10, height: 1), buffer: &buffer)
        #expect(buffer.snapshot() == "\nSaved 3 i…")
        #expect(buffer[x: 0, y: 1].style == Style(.accent))

        let error = FlashMessage("Bad\u{1B}[2J", kind: .error, expiresAt: 1)
        error.draw(in: Rect(x: 0, y: 0, width: 10, height: 1), buffer: &buffer)
        #expect(buffer.lines()[0] == "Bad       ")
        #expect(buffer[x: 0, y: 0].style == Style(.danger, bold: true))
        error.draw(in: .zero, buffer: &buffer)
    }
}

@Suite struct TooSmallScreenTests {
    @Test func fitsOnOneLineWhenWide() {
        var buffer = Buffer(width: 70, height: 3)
        TooSmallScreen.draw(minWidth: 80, minHeight: 24, in: buffer.bounds, buffer: &buffer)
        #expect(buffer.snapshot() == "\n          Terminal too small: need at least 80×24, have 70×3\n")
    }

    @Test func wrapsAndClipsWhenNarrow() {
        var buffer = Buffer(width: 20, height: 4)
        TooSmallScreen.draw(minWidth: 80, minHeight: 24, in: buffer.bounds, buffer: &buffer)
        #expect(buffer.snapshot() == """
        Terminal too small:
        need at least 80×24,
             have 20×4

        """)

        var tiny = Buffer(width: 5, height: 1)
        TooSmallScreen.draw(minWidth: 80, minHeight: 24, in: tiny.bounds, buffer: &tiny)
        #expect(tiny.snapshot() == "Termi")
        TooSmallScreen.draw(minWidth: 80, minHeight: 24, in: .zero, buffer: &tiny)
    }
}
