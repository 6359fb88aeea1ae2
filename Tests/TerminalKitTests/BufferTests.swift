import Testing
@testable import TerminalKit

@Suite struct BufferTests {
    @Test func putWritesAndReportsCells() {
        var b = Buffer(width: 10, height: 2)
        #expect(b.put("hello", x: 1, y: 0) == 5)
        #expect(b.snapshot() == " hello\n")
        #expect(b[x: 1, y: 0].text == "h")
        #expect(b.lines()[0] == " hello    ")
    }

    @Test func putClipsAtTheRightEdgeAndMaxWidth() {
        var b = Buffer(width: 5, height: 1)
        #expect(b.put("abcdefgh", x: 2, y: 0) == 3)
        #expect(b.snapshot() == "  abc")
        var c = Buffer(width: 10, height: 1)
        #expect(c.put("abcdefgh", x: 1, y: 0, maxWidth: 3) == 3)
        #expect(c.snapshot() == " abc")
        #expect(c.put("zzz", x: 0, y: 0, maxWidth: 0) == 0)
    }

    @Test func putClipsNegativeAndOutOfRangeCoordinates() {
        var b = Buffer(width: 5, height: 2)
        #expect(b.put("abcdef", x: -2, y: 0) == 4)
        #expect(b.snapshot() == "cdef\n")
        #expect(b.put("x", x: 0, y: -1) == 0)
        #expect(b.put("x", x: 0, y: 2) == 0)
        #expect(b.put("x", x: 5, y: 1) == 0)
        #expect(b.put("x", x: Int.min, y: 1, maxWidth: Int.max) == 0)
        #expect(b.put("x", x: Int.max, y: 1, maxWidth: Int.max) == 0)
        #expect(b.snapshot() == "cdef\n")
    }

    @Test func wideCharactersTakeTwoCells() {
        var b = Buffer(width: 6, height: 1)
        #expect(b.put("日本", x: 1, y: 0) == 4)
        #expect(b[x: 1, y: 0].text == "日")
        #expect(b[x: 2, y: 0].isContinuation)
        #expect(b.lines() == [" 日本 "])
    }

    @Test func wideCharacterStraddlingAnEdgeBecomesASpace() {
        var b = Buffer(width: 4, height: 2)
        #expect(b.put("ab日", x: 1, y: 0) == 3)        // 日 would need columns 3 and 4
        #expect(b.lines()[0] == " ab ")
        #expect(b.put("日x", x: -1, y: 1) == 2)        // left half off-screen
        #expect(b.lines()[1] == " x  ")
        var c = Buffer(width: 10, height: 1)
        #expect(c.put("日本", x: 0, y: 0, maxWidth: 3) == 3)
        #expect(c.lines()[0] == "日        ")
    }

    @Test func overwritingHalfAWideCharBlanksTheOtherHalf() {
        var b = Buffer(width: 6, height: 1)
        b.put("日本", x: 0, y: 0)
        b.put("x", x: 1, y: 0)                          // right half of 日
        #expect(b.lines()[0] == " x本  ")
        #expect(!b[x: 1, y: 0].isContinuation)

        b.put("y", x: 2, y: 0)                          // left half of 本
        #expect(b.lines()[0] == " xy   ")
        #expect(!b[x: 3, y: 0].isContinuation)

        var c = Buffer(width: 6, height: 1)
        c.put("日本", x: 0, y: 0)
        c.put("語", x: 1, y: 0)                         // straddles both
        #expect(c.lines()[0] == " 語   ")
        for x in 0..<6 where c[x: x, y: 0].isContinuation { #expect(x == 2) }

        var d = Buffer(width: 4, height: 2)
        d.put("日本", x: 0, y: 0)
        d.fill(x: 1, y: 0, width: 2, height: 1)
        #expect(d.lines()[0] == "    ")
    }

    @Test func putSanitises() {
        var b = Buffer(width: 10, height: 1)
        #expect(b.put("\u{1B}[31mred\u{1B}[0m", x: 0, y: 0) == 3)
        #expect(b.snapshot() == "red")
    }

    @Test func combiningMarksStayInTheirCell() {
        var b = Buffer(width: 4, height: 1)
        #expect(b.put("e\u{301}x", x: 0, y: 0) == 2)
        #expect(b[x: 0, y: 0].text == "e\u{301}")
        #expect(b[x: 1, y: 0].text == "x")
    }

    @Test func fillAndLinesClipToTheBuffer() {
        var b = Buffer(width: 3, height: 2)
        b.fill(x: -5, y: -5, width: 100, height: 100, style: Style(.accent))
        #expect(b[x: 2, y: 1].style == Style(.accent))
        b.hline(x: -1, y: 1, width: 10)
        #expect(b.snapshot() == "\n───")
        b.vline(x: 0, y: -3, height: 10)
        #expect(b.snapshot() == "│\n│──")
    }

    @Test func boxDrawsUnicodeBorderAndTitle() {
        var b = Buffer(width: 12, height: 4)
        b.box(x: 0, y: 0, width: 12, height: 4, title: "Items")
        #expect(b.snapshot() == """
        ┌ Items ───┐
        │          │
        │          │
        └──────────┘
        """)
    }

    @Test func boxClipsAndTinyBoxesAreSkipped() {
        var b = Buffer(width: 4, height: 3)
        b.box(x: 1, y: 1, width: 10, height: 10, title: "Long title")
        #expect(b.snapshot() == "\n ┌ L\n │")
        var c = Buffer(width: 3, height: 3)
        c.box(x: 0, y: 0, width: 1, height: 3)
        #expect(c.snapshot() == "\n\n")
    }

    @Test func zeroSizeBufferIsSafe() {
        var b = Buffer(width: 0, height: 0)
        #expect(b.put("abc", x: 0, y: 0) == 0)
        b.fill(x: 0, y: 0, width: 5, height: 5)
        b.box(x: 0, y: 0, width: 5, height: 5)
        #expect(b.lines() == [])
        #expect(b.snapshot() == "")
        #expect(b[x: 0, y: 0] == Cell.blank)
        #expect(Buffer(width: -3, height: 2).width == 0)
    }
}
