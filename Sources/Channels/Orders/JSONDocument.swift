/// A small JSON reader over bytes that keeps what order files need and Foundation's
/// JSONSerialization loses: the line each value starts on, and numbers as their exact text
/// (money never goes through Double).
struct JSONNode {
    /// The physical line (1-based) where the value starts.
    var line: Int
    var value: JSONValue
}

indirect enum JSONValue {
    /// Members in file order (duplicates kept, for the caller to refuse).
    case object([(key: String, node: JSONNode)])
    case array([JSONNode])
    case string(String)
    /// The number exactly as written, e.g. "12.50" or "-3".
    case number(String)
    case bool(Bool)
    case null

    /// What it is, for messages.
    var kind: String {
        switch self {
        case .object: "an object"
        case .array: "an array"
        case .string: "a string"
        case .number: "a number"
        case .bool: "true or false"
        case .null: "null"
        }
    }
}

struct JSONSyntaxError: Error {
    var line: Int
    var reason: String
}

/// Parses values one at a time, so a file of many orders can be walked element by element.
struct JSONReader {
    private let bytes: [UInt8]
    private(set) var position: Int
    private(set) var line: Int
    /// Nesting deeper than this is refused (no order needs it; it keeps the stack bounded).
    static let maxDepth = 64

    /// `bytes` start on `line` of the file (a byte order mark is the caller's business).
    init(bytes: [UInt8], line: Int = 1) {
        self.bytes = bytes
        self.line = line
        position = 0
    }

    var atEnd: Bool { position >= bytes.count }
    /// The next byte (after `skipWhitespace`), or nil at the end.
    var peek: UInt8? { position < bytes.count ? bytes[position] : nil }

    mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x09: position += 1
            case 0x0A: position += 1; line += 1
            case 0x0D:
                position += 1
                if position < bytes.count && bytes[position] == 0x0A { position += 1 }
                line += 1
            default: return
            }
        }
    }

    /// Consumes `byte` (after whitespace) if it is next.
    mutating func consume(_ byte: UInt8) -> Bool {
        skipWhitespace()
        guard peek == byte else { return false }
        position += 1
        return true
    }

    func error(_ reason: String) -> JSONSyntaxError { JSONSyntaxError(line: line, reason: reason) }

    /// What is at the current position, for messages.
    var found: String { Self.describe(peek) }

    /// A byte as messages name it: the character, or its code; nil is the end of the file.
    static func describe(_ byte: UInt8?) -> String {
        guard let b = byte else { return "the end of the file" }
        if b >= 0x21 && b < 0x7F { return "'\(Character(Unicode.Scalar(b)))'" }
        return "byte 0x\(String(b, radix: 16, uppercase: true))"
    }

    mutating func value(depth: Int = 0) throws(JSONSyntaxError) -> JSONNode {
        skipWhitespace()
        guard let b = peek else { throw error("the JSON ends where a value was expected.") }
        let start = line
        switch b {
        case UInt8(ascii: "{"):
            guard depth < Self.maxDepth else { throw error("the JSON nests deeper than \(Self.maxDepth) levels.") }
            position += 1
            var members: [(key: String, node: JSONNode)] = []
            if consume(UInt8(ascii: "}")) { return JSONNode(line: start, value: .object(members)) }
            while true {
                skipWhitespace()
                guard peek == UInt8(ascii: "\"") else { throw error("expected a field name in quotes, found \(found).") }
                let key = try string()
                guard consume(UInt8(ascii: ":")) else { throw error("expected ':' after the field name \"\(key)\", found \(found).") }
                members.append((key, try value(depth: depth + 1)))
                if consume(UInt8(ascii: ",")) { continue }
                if consume(UInt8(ascii: "}")) { return JSONNode(line: start, value: .object(members)) }
                throw error("expected ',' or '}' in the object that starts on line \(start), found \(found).")
            }
        case UInt8(ascii: "["):
            guard depth < Self.maxDepth else { throw error("the JSON nests deeper than \(Self.maxDepth) levels.") }
            position += 1
            var elements: [JSONNode] = []
            if consume(UInt8(ascii: "]")) { return JSONNode(line: start, value: .array(elements)) }
            while true {
                elements.append(try value(depth: depth + 1))
                if consume(UInt8(ascii: ",")) { continue }
                if consume(UInt8(ascii: "]")) { return JSONNode(line: start, value: .array(elements)) }
                throw error("expected ',' or ']' in the array that starts on line \(start), found \(found).")
            }
        case UInt8(ascii: "\""):
            return JSONNode(line: start, value: .string(try string()))
        case UInt8(ascii: "t"):
            try literal("true")
            return JSONNode(line: start, value: .bool(true))
        case UInt8(ascii: "f"):
            try literal("false")
            return JSONNode(line: start, value: .bool(false))
        case UInt8(ascii: "n"):
            try literal("null")
            return JSONNode(line: start, value: .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return JSONNode(line: start, value: .number(try number()))
        default:
            throw error("expected a JSON value, found \(found).")
        }
    }

    private mutating func literal(_ word: StaticString) throws(JSONSyntaxError) {
        let count = word.utf8CodeUnitCount
        let matches = position + count <= bytes.count && word.withUTF8Buffer { w in
            (0..<count).allSatisfy { bytes[position + $0] == w[$0] }
        }
        guard matches else { throw error("expected a JSON value, found \(found).") }
        position += count
    }

    /// -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?, returned as written.
    private mutating func number() throws(JSONSyntaxError) -> String {
        let start = position
        func digits() -> Int {
            let from = position
            while position < bytes.count, (0x30...0x39).contains(bytes[position]) { position += 1 }
            return position - from
        }
        if peek == UInt8(ascii: "-") { position += 1 }
        if peek == UInt8(ascii: "0") { position += 1 } else if digits() == 0 { throw error("a number needs digits, found \(found).") }
        if peek == UInt8(ascii: ".") {
            position += 1
            guard digits() > 0 else { throw error("a number needs digits after its decimal point, found \(found).") }
        }
        if peek == UInt8(ascii: "e") || peek == UInt8(ascii: "E") {
            position += 1
            if peek == UInt8(ascii: "+") || peek == UInt8(ascii: "-") { position += 1 }
            guard digits() > 0 else { throw error("a number needs digits in its exponent, found \(found).") }
        }
        return String(decoding: bytes[start..<position], as: UTF8.self)
    }

    /// A string at the current `"`, escapes decoded; must be valid UTF-8.
    private mutating func string() throws(JSONSyntaxError) -> String {
        let startLine = line
        position += 1
        var out: [UInt8] = []
        var start = position
        while true {
            guard position < bytes.count else { throw JSONSyntaxError(line: startLine, reason: "the string that starts on line \(startLine) is never closed.") }
            let b = bytes[position]
            if b == UInt8(ascii: "\"") { break }
            if b < 0x20 {
                throw error(b == 0x0A ? "the string that starts on line \(startLine) runs past the end of the line (write \\n for a line break)."
                                      : "a string holds a control character; write it as an escape such as \\t.")
            }
            if b != UInt8(ascii: "\\") { position += 1; continue }
            out.append(contentsOf: bytes[start..<position])
            position += 1
            guard position < bytes.count else { throw error("the string that starts on line \(startLine) is never closed.") }
            let e = bytes[position]
            position += 1
            switch e {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hex4()
                if (0xD800...0xDBFF).contains(scalar) {
                    guard position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u") else {
                        throw error("\\u\(String(scalar, radix: 16)) starts a surrogate pair but no \\u escape follows.")
                    }
                    position += 2
                    let low = try hex4()
                    guard (0xDC00...0xDFFF).contains(low) else { throw error("\\u\(String(scalar, radix: 16)) is not followed by a low surrogate.") }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                }
                guard let unicode = Unicode.Scalar(scalar) else { throw error("\\u\(String(scalar, radix: 16)) is a lone surrogate.") }
                out.append(contentsOf: Array(String(Character(unicode)).utf8))
            default:
                throw error("'\\\(Character(Unicode.Scalar(e)))' is not a JSON escape.")
            }
            start = position
        }
        let text: String?
        if out.isEmpty {
            text = bytes.withUnsafeBufferPointer { String(validating: UnsafeBufferPointer(rebasing: $0[start..<position]), as: UTF8.self) }
        } else {
            out.append(contentsOf: bytes[start..<position])
            text = String(validating: out, as: UTF8.self)
        }
        position += 1
        guard let text else { throw JSONSyntaxError(line: startLine, reason: "the string that starts on line \(startLine) is not valid UTF-8; save the file as UTF-8.") }
        return text
    }

    private mutating func hex4() throws(JSONSyntaxError) -> UInt32 {
        guard position + 4 <= bytes.count else { throw error("\\u needs four hex digits.") }
        var value: UInt32 = 0
        for b in bytes[position..<position + 4] {
            let digit: UInt32
            switch b {
            case 0x30...0x39: digit = UInt32(b - 0x30)
            case 0x41...0x46: digit = UInt32(b - 0x41 + 10)
            case 0x61...0x66: digit = UInt32(b - 0x61 + 10)
            default: throw error("\\u needs four hex digits.")
            }
            value = value * 16 + digit
        }
        position += 4
        return value
    }
}
