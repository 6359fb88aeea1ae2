import Testing
@testable import TerminalKit

@Suite struct TextInputTests {
    func typed(_ s: String) -> TextInput {
        var input = TextInput()
        for c in s { _ = input.handle(.char(c)) }
        return input
    }

    @Test func insertsAtTheCursor() {
        var input = typed("helo")
        #expect(input.text == "helo")
        #expect(input.cursor == 4)
        #expect(consume(&input, .left))
        #expect(consume(&input, .char("l")))
        #expect(input.text == "hello")
        #expect(input.cursor == 4)
    }

    @Test func backspaceAndDelete() {
        var input = typed("abcd")
        _ = input.handle(.backspace)
        #expect(input.text == "abc")
        _ = input.handle(.home)
        _ = input.handle(.backspace)                 // nothing before the cursor
        #expect(input.text == "abc")
        _ = input.handle(.delete)
        #expect(input.text == "bc")
        #expect(input.cursor == 0)
        _ = input.handle(.end)
        _ = input.handle(.delete)                    // nothing after the cursor
        #expect(input.text == "bc")
    }

    @Test func cursorMovementIsClamped() {
        var input = typed("ab")
        _ = input.handle(.right)
        #expect(input.cursor == 2)
        _ = input.handle(.home)
        _ = input.handle(.left)
        #expect(input.cursor == 0)
        _ = input.handle(.ctrl("e"))
        #expect(input.cursor == 2)
        _ = input.handle(.ctrl("a"))
        #expect(input.cursor == 0)
    }

    @Test func ctrlUClearsCtrlWDeletesAWord() {
        var input = typed("red blue")
        _ = input.handle(.ctrl("w"))
        #expect(input.text == "red ")
        #expect(consume(&input, .ctrl("u")))
        #expect(input.text == "")
        #expect(input.cursor == 0)
    }

    @Test func leavesNonEditingKeysToTheCaller() {
        var input = typed("x")
        #expect(!consume(&input, .enter))
        #expect(!consume(&input, .escape))
        #expect(!consume(&input, .up))
        #expect(!consume(&input, .tab))
        #expect(input.text == "x")
    }

    @Test func rejectsControlCharactersAndRespectsMaxLength() {
        var input = TextInput(maxLength: 3)
        _ = input.handle(.char("\u{1B}"))
        _ = input.handle(.char("\u{202E}"))
        for c in "abcd" { _ = input.handle(.char(c)) }
        #expect(input.text == "abc")
        #expect(TextInput("x\u{1B}[31my").text == "xy")
    }

    @Test func handlesWideAndCombiningCharactersAsUnits() {
        var input = typed("日本")
        _ = input.handle(.char("e"))
        _ = input.handle(.char("\u{301}"))             // a lone mark is not inserted on its own
        #expect(input.text == "日本e")
        _ = input.handle(.backspace)
        _ = input.handle(.backspace)
        #expect(input.text == "日")
    }

    @Test func drawsWithCursorAndScrollsHorizontally() {
        let input = typed("abcdefghij")
        var buffer = Buffer(width: 6, height: 1)
        input.draw(in: buffer.bounds, buffer: &buffer, focused: true)
        #expect(buffer.lines() == ["fghij "])                  // cursor cell after the text
        #expect(buffer[x: 5, y: 0].style == Style(.input, reverse: true))

        var moved = input
        _ = moved.handle(.home)
        moved.draw(in: buffer.bounds, buffer: &buffer, focused: true)
        #expect(buffer.lines() == ["abcdef"])
        #expect(buffer[x: 0, y: 0].style == Style(.input, reverse: true))
    }

    @Test func scrollsByDisplayWidth() {
        let input = typed("日本語です")                      // 10 cells
        var buffer = Buffer(width: 6, height: 1)
        input.draw(in: buffer.bounds, buffer: &buffer, focused: true)
        #expect(buffer.lines() == ["です  "])                    // 4 cells, the cursor, 1 spare (語 would not fit)
        #expect(DisplayWidth.of(buffer.lines()[0]) == 6)
    }

    @Test func drawsPlaceholderAndSurvivesZeroSize() {
        let input = TextInput()
        var buffer = Buffer(width: 10, height: 1)
        input.draw(in: buffer.bounds, buffer: &buffer, focused: false, placeholder: "Search…")
        #expect(buffer.snapshot() == "Search…")
        input.draw(in: Rect(x: 0, y: 0, width: 0, height: 1), buffer: &buffer, focused: true)
        typed("abc").draw(in: Rect(x: 3, y: 0, width: 1, height: 1), buffer: &buffer, focused: true)
        #expect(buffer.lines() == ["Sea ch…   "])
    }
}

/// `#expect` cannot call mutating methods; these wrappers can.
func consume(_ input: inout TextInput, _ key: Key) -> Bool { input.handle(key) }
func consume(_ overlay: inout HelpOverlay, _ key: Key) -> Bool { overlay.handle(key) }
