/// A one-line text editor: the text, a cursor (in Characters) and the usual
/// editing keys. Drawing scrolls horizontally so the cursor stays in view.
public struct TextInput: Sendable, Equatable {
    private var characters: [Character]
    /// Cursor position in Characters, 0...text.count.
    public private(set) var cursor: Int
    /// Longest text accepted, in Characters.
    public var maxLength: Int?

    public init(_ text: String = "", maxLength: Int? = nil) {
        let clean = Array(Sanitize.forDisplay(text))
        characters = maxLength.map { Array(clean.prefix(max(0, $0))) } ?? clean
        cursor = characters.count
        self.maxLength = maxLength
    }

    /// The text. Setting it moves the cursor to the end.
    public var text: String {
        get { String(characters) }
        set { self = TextInput(newValue, maxLength: maxLength) }
    }

    public var isEmpty: Bool { characters.isEmpty }

    /// Applies an editing key. Returns false for keys it does not handle
    /// (Enter, Esc, Tab, arrows up/down, ...) so the caller can act on them.
    ///
    /// Keys: printable characters insert; Backspace/Delete; Left/Right;
    /// Home/End (also Ctrl-A/Ctrl-E); Ctrl-U clears; Ctrl-K deletes to the end;
    /// Ctrl-W deletes the word before the cursor.
    public mutating func handle(_ key: Key) -> Bool {
        switch key {
        case .char(let c):
            insert(c)
        case .backspace:
            if cursor > 0 { characters.remove(at: cursor - 1); cursor -= 1 }
        case .delete:
            if cursor < characters.count { characters.remove(at: cursor) }
        case .left:
            cursor = max(0, cursor - 1)
        case .right:
            cursor = min(characters.count, cursor + 1)
        case .home, .ctrl("a"):
            cursor = 0
        case .end, .ctrl("e"):
            cursor = characters.count
        case .ctrl("u"):
            characters.removeAll(); cursor = 0
        case .ctrl("k"):
            characters.removeSubrange(cursor...)
        case .ctrl("w"):
            var start = cursor
            while start > 0 && characters[start - 1] == " " { start -= 1 }
            while start > 0 && characters[start - 1] != " " { start -= 1 }
            characters.removeSubrange(start..<cursor)
            cursor = start
        default:
            return false
        }
        return true
    }

    /// Inserts at the cursor; control characters and anything past `maxLength` are dropped.
    public mutating func insert(_ c: Character) {
        guard DisplayWidth.of(c) > 0, Sanitize.forDisplay(String(c)) == String(c) else { return }
        if let maxLength, characters.count >= maxLength { return }
        characters.insert(c, at: cursor)
        cursor += 1
    }

    /// Draws on the first line of `rect`. When focused the cursor is a
    /// reverse-video cell; the placeholder shows (muted) while the text is empty.
    public func draw(in rect: Rect, buffer: inout Buffer, focused: Bool, placeholder: String = "") {
        guard !rect.isEmpty else { return }
        let line = rect.row(0)
        let fieldStyle = Style(.input)
        buffer.fill(line, style: fieldStyle)

        if characters.isEmpty && !placeholder.isEmpty {
            buffer.put(placeholder, x: line.x + (focused ? 1 : 0), y: line.y, style: Style(.muted),
                       maxWidth: line.width - (focused ? 1 : 0))
        }

        // Show as much text as fits ending at the cursor, keeping one cell for the
        // cursor itself when it sits after the last character.
        let start = firstVisibleCharacter(width: line.width)
        var x = line.x
        let right = line.maxX
        var i = start
        while i < characters.count && x < right {
            let w = DisplayWidth.of(characters[i])
            if x + w > right { break }
            let style = focused && i == cursor ? Style(.input, reverse: true) : fieldStyle
            buffer.put(String(characters[i]), x: x, y: line.y, style: style, maxWidth: right - x)
            x += w
            i += 1
        }
        if focused && cursor == characters.count && x < right {
            buffer.put(" ", x: x, y: line.y, style: Style(.input, reverse: true))
        }
    }

    /// Index of the first Character shown in a field `width` cells wide.
    func firstVisibleCharacter(width: Int) -> Int {
        guard width > 0 else { return cursor }
        // Cells needed from a candidate start up to and including the cursor cell.
        let cursorWidth = cursor < characters.count ? max(1, DisplayWidth.of(characters[cursor])) : 1
        var used = cursorWidth
        var start = cursor
        while start > 0 {
            let w = DisplayWidth.of(characters[start - 1])
            if used + w > width { break }
            used += w
            start -= 1
        }
        return start
    }
}
