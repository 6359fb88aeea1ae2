import Domain

/// The orders of a JSON order file one at a time, as the bytes of each element: a top-level
/// array's elements, or (JSON Lines) the values one after another. Read through a
/// `ByteWindow`, so a file of any length takes the memory of one order; each element is then
/// parsed on its own by `JSONReader`, starting at its line.
///
/// The split needs only brackets and strings, not a full parse: an element ends where its
/// brackets balance, a string closes, or a bare value (number, literal) stops. A malformed
/// element still ends somewhere, and its parse names the fault and its line.
struct JSONElements {
    enum Layout { case array, lines }

    /// An order is never longer than this; a longer element is refused.
    static let maxElementBytes = 1 << 20
    /// What a streaming window keeps in hand past the current element.
    static let window = 2 * maxElementBytes + 2

    private var window: ByteWindow
    private(set) var layout = Layout.lines
    /// The line the reader is on.
    private(set) var line = 1
    /// Elements handed out so far.
    private(set) var count = 0
    private var finished = false

    /// Reads up to the first element: a `[` or a `{` must open the file.
    init(_ window: ByteWindow) throws(JSONSyntaxError) {
        self.window = window
        try skipWhitespace()
        switch peek {
        case UInt8(ascii: "[")?:
            layout = .array
            self.window.position += 1
        case UInt8(ascii: "{")?:
            break
        case nil:
            throw JSONSyntaxError(line: 0, reason: "the file is empty; it needs a JSON array of orders or one order object per line.")
        default:
            throw JSONSyntaxError(line: line, reason: "an order file starts with '[' (an array of orders) or '{' (one order object per line), found \(found).")
        }
    }

    /// The next element's first line and bytes; nil after the last. Throws where the file is
    /// not a sequence of elements (a missing ',', text after the closing ']').
    mutating func next() throws(JSONSyntaxError) -> (line: Int, bytes: [UInt8])? {
        guard !finished else { return nil }
        try skipWhitespace()
        switch layout {
        case .array:
            if consume(UInt8(ascii: "]")) {
                finished = true
                try skipWhitespace()
                guard peek == nil else { throw error("there is more after the array's closing ']' (found \(found)).") }
                return nil
            }
            if count > 0 {
                guard consume(UInt8(ascii: ",")) else { throw error("expected ',' or ']' after order \(count), found \(found).") }
                try skipWhitespace()
            }
        case .lines:
            guard peek != nil else { finished = true; return nil }
        }
        guard peek != nil else { throw error("the JSON ends where a value was expected.") }
        return try element()
    }

    /// The element at the current position, up to where it ends (or, malformed, where its
    /// parse will fail).
    private mutating func element() throws(JSONSyntaxError) -> (line: Int, bytes: [UInt8]) {
        try fill()   // so the window holds the whole element, or more than the limit
        let startLine = line
        count += 1
        let (end, lines) = window.bytes.withUnsafeBufferPointer { Self.end(of: $0, from: window.position) }
        guard end - window.position <= Self.maxElementBytes else {
            throw JSONSyntaxError(line: startLine, reason:
                "order \(count), which starts on line \(startLine), is longer than \((Self.maxElementBytes / 1024).grouped) KB; no order is that long.")
        }
        let bytes = Array(window.bytes[window.position..<end])
        window.position = end
        line += lines
        return (startLine, bytes)
    }

    /// Where the element starting at `start` ends (one past its last byte), and the line breaks
    /// in it. Stops early past `maxElementBytes` (the caller refuses it); at the end of the
    /// bytes in hand, which `fill` makes the end of the input or more than that limit away.
    private static func end(of buf: UnsafeBufferPointer<UInt8>, from start: Int) -> (end: Int, lines: Int) {
        let limit = min(buf.count, start + maxElementBytes + 1)
        var i = start, depth = 0, lines = 0
        var inString = false, escaped = false
        switch buf[start] {
        case UInt8(ascii: "{"), UInt8(ascii: "["), UInt8(ascii: "\""): break
        default:
            // A bare value runs to the next space or punctuation (at least one byte, so a stray
            // '}' is an element its parse refuses).
            i += 1
            while i < limit, !isDelimiter(buf[i]) { i += 1 }
            return (i, 0)
        }
        while i < limit {
            let b = buf[i]
            i += 1
            if inString {
                if escaped { escaped = false }
                else if b == UInt8(ascii: "\\") { escaped = true }
                else if b == UInt8(ascii: "\"") { inString = false; if depth == 0 { return (i, lines) } }
                else if b < 0x20 { return (i, lines) }   // never valid in a string: let the parse say so
                continue
            }
            switch b {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
                if depth == 0 { return (i, lines) }
            case 0x0A: lines += 1
            case 0x0D: if !(i < buf.count && buf[i] == 0x0A) { lines += 1 }
            default: break
            }
        }
        return (i, lines)
    }

    private static func isDelimiter(_ b: UInt8) -> Bool {
        switch b {
        case 0x20, 0x09, 0x0A, 0x0D, UInt8(ascii: ","), UInt8(ascii: "]"), UInt8(ascii: "}"),
             UInt8(ascii: "["), UInt8(ascii: "{"), UInt8(ascii: "\""): true
        default: false
        }
    }

    // MARK: Between elements

    private mutating func fill() throws(JSONSyntaxError) {
        do { try window.fill(line: line) } catch { throw JSONSyntaxError(line: error.line, reason: error.reason) }
    }

    private var peek: UInt8? { window.position < window.bytes.count ? window.bytes[window.position] : nil }

    private mutating func consume(_ byte: UInt8) -> Bool {
        guard peek == byte else { return false }
        window.position += 1
        return true
    }

    /// Whitespace and line breaks, refilling the window as it goes (a file may hold any
    /// amount of whitespace between orders).
    private mutating func skipWhitespace() throws(JSONSyntaxError) {
        while true {
            if window.position >= window.bytes.count {
                try fill()
                guard window.position < window.bytes.count else { return }
            }
            switch window.bytes[window.position] {
            case 0x20, 0x09: window.position += 1
            case 0x0A: window.position += 1; line += 1
            case 0x0D:
                window.position += 1
                if window.position >= window.bytes.count { try fill() }
                if window.position < window.bytes.count && window.bytes[window.position] == 0x0A { window.position += 1 }
                line += 1
            default: return
            }
        }
    }

    private func error(_ reason: String) -> JSONSyntaxError { JSONSyntaxError(line: line, reason: reason) }

    private var found: String { JSONReader.describe(peek) }
}
