import Foundation
import Domain
import Operations

/// A CSV file whose first record names its columns. Columns are matched by name
/// (case-insensitive; spaces and dashes count as underscores), in any order. Rows are read
/// one at a time: from a path, the file streams through a window of a few MB.
struct HeaderedCSV {
    let file: String
    /// Normalised column name -> field index.
    let columns: [String: Int]
    let width: Int
    private var source: Source

    /// Where the records come from: a CSV file streamed, or records already made (a JSON
    /// document's lines flattened into these columns, `InboundJSON`). Stored apart rather
    /// than as an enum's payloads, so reading mutates the reader's buffers in place.
    private struct Source {
        var reader: CSVReader?
        var records: [CSVRecord] = []
        var next = 0
    }

    static func normalise(_ name: String) -> String {
        String(name.trimmingCharacters(in: .whitespaces).lowercased().map { $0 == " " || $0 == "-" ? "_" : $0 })
    }

    /// Opens the file at `path` and checks its header.
    static func open(path: String, required: [String], optional: [String]) throws(ImportFileError) -> HeaderedCSV {
        let reader: CSVReader
        do { reader = try CSVReader(path: path) } catch { throw ImportFileError(file: path, errors: [(0, error.reason)]) }
        return try HeaderedCSV(reader, file: path, required: required, optional: optional)
    }

    /// The same over bytes in memory; `file` names them in errors.
    static func load(bytes: [UInt8], file: String, required: [String], optional: [String]) throws(ImportFileError) -> HeaderedCSV {
        try HeaderedCSV(CSVReader(bytes: bytes), file: file, required: required, optional: optional)
    }

    /// Records made elsewhere, the first naming the columns (checked as a file's header is).
    static func load(records: [CSVRecord], file: String, required: [String], optional: [String]) throws(ImportFileError) -> HeaderedCSV {
        try HeaderedCSV(Source(reader: nil, records: records), file: file, required: required, optional: optional)
    }

    private init(_ reader: CSVReader, file: String, required: [String], optional: [String]) throws(ImportFileError) {
        try self.init(Source(reader: reader), file: file, required: required, optional: optional)
    }

    /// Reads and checks the header: every required column present, nothing unknown, nothing twice.
    private init(_ source: Source, file: String, required: [String], optional: [String]) throws(ImportFileError) {
        self.source = source
        self.file = file
        let known = required + optional
        guard let header = try Self.next(&self.source, file: file) else {
            throw ImportFileError(file: file, errors: [(0, "the file is empty; it needs a header row naming its columns, e.g. \(known.joined(separator: ",")).")])
        }
        columns = try Self.columns(of: header, file: file, known: known, required: required)
        width = header.fields.count
    }

    private static func next(_ source: inout Source, file: String) throws(ImportFileError) -> CSVRecord? {
        if source.reader != nil {
            do { return try source.reader?.next() } catch { throw ImportFileError(file: file, errors: [(error.line, error.reason)]) }
        }
        guard source.next < source.records.count else { return nil }
        source.next += 1
        return source.records[source.next - 1]
    }

    /// Column name -> index from a header row; every problem with the header (unnamed,
    /// repeated, unknown or missing columns) reported at once, on the header's line.
    static func columns(of header: CSVRecord, file: String, known: [String],
                        required: [String]) throws(ImportFileError) -> [String: Int] {
        var columns: [String: Int] = [:]
        var problems: [String] = []
        var unknown: [String] = []
        for (index, raw) in header.fields.enumerated() {
            let name = normalise(raw)
            if name.isEmpty { problems.append("column \(index + 1) of the header has no name."); continue }
            if let first = columns[name] {
                problems.append("column \(name) appears twice in the header (columns \(first + 1) and \(index + 1)).")
                continue
            }
            columns[name] = index
            if !known.contains(name) { unknown.append(raw.trimmingCharacters(in: .whitespaces)) }
        }
        if !unknown.isEmpty {
            problems.append("unknown column\(unknown.count == 1 ? "" : "s") \(unknown.joined(separator: ", ")); the columns are \(known.joined(separator: ", ")).")
        }
        let missing = required.filter { columns[$0] == nil }
        if !missing.isEmpty {
            problems.append("missing required column\(missing.count == 1 ? "" : "s") \(missing.joined(separator: ", ")).")
        }
        guard problems.isEmpty else { throw ImportFileError(file: file, errors: problems.map { (header.line, $0) }) }
        return columns
    }

    /// Builds a value from each row and hands it to `deliver`, noting in `problems` every
    /// problem of every row, and the row `deliver` refuses (a `RowRefusal`). Once there is a
    /// problem, rows are still checked but no longer delivered: the import will not happen.
    /// Broken CSV (an unclosed quote, a record past the limits) stops the reading there.
    mutating func rows<T>(_ build: (inout RowContext) -> T?, problems: inout ImportProblems,
                          deliver: (ImportRow<T>) throws -> Void) throws {
        while let record = try Self.next(&source, file: file) {
            guard record.fields.count == width else {
                problems.add(record.line, "has \(record.fields.count) field\(record.fields.count == 1 ? "" : "s") but the header has \(width) columns.")
                continue
            }
            var context = RowContext(record: record, columns: columns)
            let value = build(&context)
            guard context.problems.isEmpty, let value else {
                for problem in context.problems { problems.add(record.line, problem) }
                continue
            }
            guard problems.isEmpty else { continue }
            do { try deliver(ImportRow(line: record.line, value: value)) } catch let refusal as RowRefusal {
                problems.add(refusal.line, refusal.reason)
            }
        }
    }

    /// Runs `run` (an import) with a producer that reads the rows through `build`, one at a
    /// time. A row the import refuses (an `OperationError` naming its line) becomes a problem
    /// like the rest; any problem rolls the import back and is thrown, with the others, as an
    /// `ImportFileError`.
    mutating func importRows<T, Result>(_ build: (inout RowContext) -> T?,
                                        _ run: (ImportProducer<T>) throws -> Result) throws -> Result {
        var refused: ImportFileError?
        do {
            return try withoutActuallyEscaping(build) { build in
                try run { deliver in
                    var problems = ImportProblems()
                    try rows(build, problems: &problems) { row in
                        do { try deliver(row) } catch let error as OperationError {
                            guard let (line, reason) = MasterDataFile.lineAndReason(error.message) else { throw error }
                            throw RowRefusal(line: line, reason: reason)
                        }
                    }
                    if !problems.isEmpty {
                        refused = problems.error(file: file)
                        throw refused!
                    }
                }
            }
        } catch {
            if let refused { throw refused }
            // A refusal after the last row (a kit's component, the feed's last chunk).
            if let error = error as? OperationError, let (line, reason) = MasterDataFile.lineAndReason(error.message) {
                throw ImportFileError(file: file, errors: [(line, reason)])
            }
            throw error
        }
    }

    /// Every row's value; every problem of every row thrown together, in line order.
    mutating func parse<T>(_ build: (inout RowContext) -> T?) throws(ImportFileError) -> [ImportRow<T>] {
        var values: [ImportRow<T>] = []
        var problems = ImportProblems()
        do {
            try rows(build, problems: &problems) { values.append($0) }
        } catch let error as ImportFileError {
            throw error
        } catch {
            throw ImportFileError(file: file, errors: [(0, String(describing: error))])   // `rows` throws nothing else here
        }
        guard problems.isEmpty else { throw problems.error(file: file) }
        return values
    }
}

/// A row the import refused (an unknown supplier, a key seen before): its line and why.
struct RowRefusal: Error {
    var line: Int
    var reason: String
}

/// One row being turned into a value: typed accessors that note a problem and return nil
/// when a field is wrong, so one pass finds every problem in the row.
struct RowContext {
    let record: CSVRecord
    let columns: [String: Int]
    var problems: [String] = []

    var line: Int { record.line }

    mutating func fail(_ reason: String) { problems.append(reason) }

    /// The trimmed field, or "" when the column is absent.
    func text(_ column: String) -> String {
        guard let index = columns[column] else { return "" }
        return Self.trim(record.fields[index])
    }

    /// Trims surrounding whitespace; the common case (plain ASCII at both ends) costs nothing.
    static func trim(_ text: String) -> String {
        guard let first = text.utf8.first, let last = text.utf8.last else { return text }
        func plain(_ b: UInt8) -> Bool { b < 0x80 && b != 0x20 && b != 0x09 }
        if plain(first) && plain(last) { return text }
        return text.trimmingCharacters(in: .whitespaces)
    }

    mutating func required(_ column: String) -> String? {
        let value = text(column)
        if value.isEmpty { fail("\(column) is required but empty."); return nil }
        return value
    }

    /// nil when the column is absent or empty.
    func optional(_ column: String) -> String? {
        let value = text(column)
        return value.isEmpty ? nil : value
    }

    /// A code (SKU, location, supplier, region, channel): letters, digits, '-', '_', '.', '/'.
    mutating func code(_ column: String) -> String? {
        guard let value = required(column) else { return nil }
        guard SKU.isValidCode(value) else {
            fail("\(column) \(Self.quote(value)) is not a valid code (1-40 letters, digits, '-', '_', '.' or '/').")
            return nil
        }
        return value
    }

    /// A whole number; `fallback` when the column is optional and empty.
    mutating func int(_ column: String, default fallback: Int? = nil) -> Int? {
        let value = text(column)
        if value.isEmpty {
            if let fallback { return fallback }
            fail("\(column) is required but empty.")
            return nil
        }
        guard let number = Int(value) else {
            fail("\(column) \(Self.quote(value)) is not a whole number.")
            return nil
        }
        return number
    }

    /// An amount in currency units ("12.34", "3.5", "12") as minor units (2 decimals).
    mutating func money(_ column: String) -> Int64? {
        guard let value = required(column) else { return nil }
        switch FixedPoint.parse(value, decimals: 2) {
        case let .value(minor): return minor
        case .tooPrecise: fail("\(column) \(Self.quote(value)) has more than 2 decimal places.")
        case .invalid: fail("\(column) \(Self.quote(value)) is not an amount like 12.34 (no currency symbols or thousands separators).")
        }
        return nil
    }

    /// yes/no, true/false, y/n, 1/0; `fallback` when empty.
    mutating func flag(_ column: String, default fallback: Bool) -> Bool? {
        let value = text(column)
        if value.isEmpty { return fallback }
        guard let flag = Self.flag(value) else {
            fail("\(column) \(Self.quote(value)) must be yes or no.")
            return nil
        }
        return flag
    }

    static func flag(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "yes", "y", "true", "1": true
        case "no", "n", "false", "0": false
        default: nil
        }
    }

    /// A value quoted for a message, shortened when long.
    static func quote(_ value: String) -> String {
        value.count > 40 ? "'\(value.prefix(37))...'" : "'\(value)'"
    }
}

