import Foundation
import Domain

/// A CSV file could not be read: the reason, and the physical line it concerns
/// (0 when it concerns the whole file, e.g. it cannot be opened).
public struct CSVError: Error, Sendable, Equatable, CustomStringConvertible {
    public var line: Int
    public var reason: String
    public init(line: Int, reason: String) { self.line = line; self.reason = reason }
    public var description: String { line > 0 ? "line \(line): \(reason)" : reason }
}

/// One CSV record: its fields and the physical line of the file where it starts
/// (a quoted field with embedded newlines makes a record span several lines).
public struct CSVRecord: Sendable, Equatable {
    public var line: Int
    public var fields: [String]
    public init(line: Int, fields: [String]) { self.line = line; self.fields = fields }
}

/// A fast RFC 4180 reader over a file's bytes.
///
/// - Fields are separated by `,`; records end at LF, CRLF or a lone CR; the last
///   newline is optional.
/// - A field that starts with `"` is quoted: it may hold commas, newlines and `""` (one
///   quote). After its closing quote only `,` or the end of the record may follow.
///   A `"` inside an unquoted field is kept as it is.
/// - A UTF-8 byte order mark at the start is skipped. Fields must be valid UTF-8.
/// - Blank lines are skipped unless `skipBlankLines` is false (then each is a record with
///   one empty field).
///
/// Pull records with `next()`, or take them all with `readAll()`. Opened on a path, it reads
/// the file a few megabytes at a time, so memory stays the same however long the file is.
public struct CSVReader: Sendable {
    /// The bytes in hand: the whole input, or (streaming) a window of the file.
    private var window: ByteWindow
    private var line = 1
    private var fieldCountHint = 8
    private var scratch: [UInt8] = []
    public let skipBlankLines: Bool
    /// Only these fields are read into text (and checked as UTF-8); the others come back
    /// empty. For a quick first pass that needs a column or two (streaming an order file).
    public var onlyFields: Set<Int>?

    public init(bytes: [UInt8], skipBlankLines: Bool = true) {
        window = ByteWindow(bytes: bytes)
        self.skipBlankLines = skipBlankLines
    }

    /// Every record is complete within this many bytes from its start (the longest allowed,
    /// twice over), so streaming keeps at least this much past the current record in hand.
    private static let window = 2 * maxRecordBytes + 2

    public init(data: Data, skipBlankLines: Bool = true) {
        self.init(bytes: [UInt8](data), skipBlankLines: skipBlankLines)
    }

    public init(string: String, skipBlankLines: Bool = true) {
        self.init(bytes: Array(string.utf8), skipBlankLines: skipBlankLines)
    }

    /// Streams the file at `path` (a pipe or a device too). A missing or unreadable file is an
    /// error saying why (callers name the file).
    public init(path: String, skipBlankLines: Bool = true) throws(CSVError) {
        window = try ByteWindow(path: path, ahead: Self.window)
        self.skipBlankLines = skipBlankLines
    }

    /// What the file at `path` is, when it is something to read: a file, a pipe or a device.
    @discardableResult
    static func checkReadable(_ path: String) throws(CSVError) -> stat {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw CSVError(line: 0, reason: errno == ENOENT || errno == ENOTDIR ? "no such file" : "cannot be read (\(String(cString: strerror(errno))))")
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG, S_IFIFO, S_IFCHR: break
        case S_IFDIR: throw CSVError(line: 0, reason: "is a directory, not a file")
        case S_IFSOCK: throw CSVError(line: 0, reason: "is a socket, not a file")
        default: throw CSVError(line: 0, reason: "is not a file that can be read")
        }
        guard access(path, R_OK) == 0 else {
            throw CSVError(line: 0, reason: "cannot be read: you have no permission to read it")
        }
        return info
    }

    /// The next record, or nil at the end of the input.
    public mutating func next() throws(CSVError) -> CSVRecord? {
        try window.fill(line: line)
        var pos = window.position, ln = line, scratch = self.scratch
        self.scratch = []
        var fields: [String] = []
        fields.reserveCapacity(fieldCountHint)
        let skip = skipBlankLines, final = window.atEnd, only = onlyFields
        let outcome: Outcome = window.bytes.withUnsafeBufferPointer { buffer in
            Self.scan(buffer, &pos, &ln, &fields, &scratch, skipBlankLines: skip, final: final, only: only)
        }
        window.position = pos; line = ln; self.scratch = scratch
        switch outcome {
        case .end: return nil
        case let .needMore(at, atLine):
            // Streaming: read on from the record's start (blank lines before it are done with).
            window.position = at; line = atLine
            try window.fill(line: line, always: true)
            return try next()
        case let .failure(error): throw error
        case let .record(startLine):
            fieldCountHint = max(fieldCountHint, fields.count)
            return CSVRecord(line: startLine, fields: fields)
        }
    }

    /// Every remaining record.
    public mutating func readAll() throws(CSVError) -> [CSVRecord] {
        var records: [CSVRecord] = []
        while let record = try next() { records.append(record) }
        return records
    }

    // MARK: The scanner

    private enum Outcome {
        case record(line: Int)
        case end
        case failure(CSVError)
        /// Streaming: the record starting at `at` (on `line`) runs past the bytes in hand.
        case needMore(at: Int, line: Int)
    }

    private static let comma: UInt8 = 0x2C, quote: UInt8 = 0x22, lf: UInt8 = 0x0A, cr: UInt8 = 0x0D

    /// The most fields a record may have, and the most bytes it may span: a line of ten
    /// million commas is refused at its 1,001st field instead of taking gigabytes.
    public static let maxFields = 1_000
    public static let maxRecordBytes = 1 << 20

    /// A record past either limit.
    private static func tooBig(_ line: Int, fields: Int) -> Outcome {
        .failure(CSVError(line: line, reason: fields > maxFields
            ? "has more than \(maxFields.grouped) fields; no file qm reads has more than a few dozen columns."
            : "is longer than \((maxRecordBytes / 1024).grouped) KB; no record qm reads is that long (is it a CSV file?)."))
    }

    /// Scans one record from `pos`. `final`: `buf` runs to the end of the input; otherwise
    /// (streaming) reaching its end mid-record, or at a CR whose LF may follow, asks for more
    /// (`needMore`, resuming where the record starts) instead of ending the record there.
    private static func scan(_ buf: UnsafeBufferPointer<UInt8>, _ pos: inout Int, _ line: inout Int,
                             _ fields: inout [String], _ scratch: inout [UInt8], skipBlankLines: Bool, final: Bool,
                             only: Set<Int>? = nil) -> Outcome {
        let n = buf.count
        // Blank lines.
        while pos < n, buf[pos] == lf || buf[pos] == cr {
            if buf[pos] == cr && pos + 1 == n && !final { return .needMore(at: pos, line: line) }
            endLine(buf, &pos, &line)
            if !skipBlankLines { fields.append(""); return .record(line: line - 1) }
        }
        guard pos < n else { return final ? .end : .needMore(at: pos, line: line) }
        let startLine = line, recordStart = pos
        /// The window ended inside the record: read more, unless it is already too long.
        func short() -> Outcome {
            pos - recordStart > maxRecordBytes ? tooBig(startLine, fields: fields.count + 1) : .needMore(at: recordStart, line: startLine)
        }
        while true {
            if fields.count >= maxFields || pos - recordStart > maxRecordBytes { return tooBig(startLine, fields: fields.count + 1) }
            let fieldLine = line
            if pos < n && buf[pos] == quote {
                // Quoted field.
                pos += 1
                let start = pos
                var end = pos
                var escaped = false
                var high: UInt8 = 0
                while true {
                    guard pos < n else {
                        if !final { return short() }
                        return .failure(CSVError(line: fieldLine, reason:
                            "unterminated quoted field: the quote opened on line \(fieldLine) (field \(fields.count + 1)) is never closed."))
                    }
                    let b = buf[pos]
                    if pos + 1 == n && !final && (b == quote || b == cr) { return short() }   // what follows decides
                    if b == quote {
                        if pos + 1 < n && buf[pos + 1] == quote {
                            if !escaped {
                                escaped = true
                                scratch.removeAll(keepingCapacity: true)
                                scratch.append(contentsOf: UnsafeBufferPointer(rebasing: buf[start..<pos]))
                            }
                            scratch.append(quote)
                            pos += 2
                            continue
                        }
                        end = pos
                        pos += 1
                        break
                    }
                    if b == lf || (b == cr && !(pos + 1 < n && buf[pos + 1] == lf)) { line += 1 }
                    high |= b
                    if escaped { scratch.append(b) }
                    pos += 1
                }
                if pos - recordStart > maxRecordBytes { return tooBig(startLine, fields: fields.count) }
                guard pos < n || final else { return short() }
                if pos + 1 == n && buf[pos] == cr && !final { return short() }
                let text: String?
                if let only, !only.contains(fields.count) {
                    text = ""
                } else if escaped {
                    text = scratch.withUnsafeBufferPointer { makeString($0[...], high: high) }
                } else {
                    text = makeString(buf[start..<end], high: high)
                }
                guard let text else { return invalidUTF8(fieldLine, fields.count + 1) }
                fields.append(text)
                guard pos < n else { return .record(line: startLine) }
                let b = buf[pos]
                if b == comma { pos += 1; continue }
                if b == lf || b == cr { endLine(buf, &pos, &line); return .record(line: startLine) }
                return .failure(CSVError(line: line, reason:
                    "field \(fields.count) has text after its closing quote; a quoted field must end at a comma or the end of the line (write \"\" for a quote inside quotes)."))
            } else {
                // Unquoted field: runs to the next comma or line end.
                let start = pos
                var high: UInt8 = 0
                while pos < n {
                    let b = buf[pos]
                    if b == comma || b == lf || b == cr { break }
                    high |= b
                    pos += 1
                }
                if pos - recordStart > maxRecordBytes { return tooBig(startLine, fields: fields.count) }
                guard pos < n || final else { return short() }
                if pos + 1 == n && buf[pos] == cr && !final { return short() }
                let skipped = only.map { !$0.contains(fields.count) } ?? false
                guard let text = skipped ? "" : makeString(buf[start..<pos], high: high) else { return invalidUTF8(fieldLine, fields.count + 1) }
                fields.append(text)
                guard pos < n else { return .record(line: startLine) }
                if buf[pos] == comma { pos += 1; continue }
                endLine(buf, &pos, &line)
                return .record(line: startLine)
            }
        }
    }

    /// Consumes LF, CRLF or a lone CR at `pos`.
    @inline(__always)
    private static func endLine(_ buf: UnsafeBufferPointer<UInt8>, _ pos: inout Int, _ line: inout Int) {
        if buf[pos] == cr && pos + 1 < buf.count && buf[pos + 1] == lf { pos += 2 } else { pos += 1 }
        line += 1
    }

    /// ASCII needs no validation; anything else must be well-formed UTF-8.
    @inline(__always)
    private static func makeString(_ slice: Slice<UnsafeBufferPointer<UInt8>>, high: UInt8) -> String? {
        let bytes = UnsafeBufferPointer(rebasing: slice)
        if high < 0x80 { return String(decoding: bytes, as: UTF8.self) }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func invalidUTF8(_ line: Int, _ field: Int) -> Outcome {
        .failure(CSVError(line: line, reason: "field \(field) is not valid UTF-8 text; save the file as UTF-8."))
    }
}

/// Writes CSV the reader (and spreadsheets) read back exactly.
public enum CSVWriter {
    /// The field as it goes in a CSV line: quoted (with `"` doubled) when it holds a comma,
    /// a quote, a newline, or leading/trailing spaces; otherwise unchanged.
    public static func escape(_ field: String) -> String {
        var needsQuotes = false
        for b in field.utf8 where b == 0x2C || b == 0x22 || b == 0x0A || b == 0x0D {
            needsQuotes = true
            break
        }
        if !needsQuotes, let first = field.utf8.first, let last = field.utf8.last {
            needsQuotes = first == 0x20 || first == 0x09 || last == 0x20 || last == 0x09
        }
        guard needsQuotes else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// One CSV line (without its line terminator).
    public static func line(_ fields: [String]) -> String {
        fields.map(escape).joined(separator: ",")
    }

    /// A field of an export meant for people (and their spreadsheets): one that a spreadsheet
    /// would run as a formula (starting with `=`, `+`, `-`, `@`, tab or CR) is prefixed with
    /// `'`, as OWASP advises. A plain number ("-12", "-3.50") is no formula and stays as it is.
    public static func neutralised(_ field: String) -> String {
        guard let first = field.utf8.first, [0x3D, 0x2B, 0x2D, 0x40, 0x09, 0x0D].contains(first) else { return field }
        if isPlainNumber(field) { return field }
        return "'" + field
    }

    /// One line of an export: every field neutralised, then escaped.
    public static func exportLine(_ fields: [String]) -> String {
        fields.map { escape(neutralised($0)) }.joined(separator: ",")
    }

    static func isPlainNumber(_ field: String) -> Bool {
        var digits = 0, dots = 0
        for (i, b) in field.utf8.enumerated() {
            switch b {
            case 0x2D where i == 0: continue
            case 0x30...0x39: digits += 1
            case 0x2E: dots += 1
            default: return false
            }
        }
        return digits > 0 && dots <= 1 && field.utf8.last != 0x2E
    }
}
