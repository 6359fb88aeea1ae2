import Foundation
import Domain

/// The order file formats `OrderFile` reads (docs/FORMATS-orders.md).
public enum OrderInput: String, CaseIterable, Sendable {
    /// Our own channel feed: one CSV row per order line.
    case csv
    /// A JSON array of order objects, or one order object per line (JSON Lines).
    case json
    /// The UCI "Online Retail" export: one CSV row per invoice line.
    case onlineRetail = "online-retail"
}

/// An order that parsed and passed `OrderDraft.validate()`.
public struct ParsedOrder: Sendable, Equatable {
    /// The first physical line of the order in the file.
    public var line: Int
    public var draft: OrderDraft
    public init(line: Int, draft: OrderDraft) { self.line = line; self.draft = draft }
}

/// An order left out of the import: the line of its (first) bad row, its reference as the
/// file gives it (empty when the file gives none), and one sentence saying what is wrong.
public struct RejectedOrder: Sendable, Equatable, Codable {
    public var line: Int
    public var reference: String
    public var reason: String
    public init(line: Int, reference: String, reason: String) {
        self.line = line; self.reference = reference; self.reason = reason
    }
}

/// What an order file held.
public struct OrderFileReport: Sendable {
    /// In file order of first appearance; every one passed `draft.validate()`.
    public var orders: [ParsedOrder]
    /// Every bad order (never half an order), in line order.
    public var rejected: [RejectedOrder]
    /// Data records read: CSV rows not counting the header, or JSON order objects.
    public var lines: Int
    /// Amounts with more decimals than pence (e.g. `0.001`) that were rounded to pence.
    public var roundedPrices: Int

    public init(orders: [ParsedOrder] = [], rejected: [RejectedOrder] = [], lines: Int = 0, roundedPrices: Int = 0) {
        self.orders = orders; self.rejected = rejected; self.lines = lines; self.roundedPrices = roundedPrices
    }
}

/// Parses order files into `OrderDraft`s: pure parsing, no database.
///
/// An order with any bad row is rejected whole, naming the physical line of its first bad
/// row; the rest of the file still parses. Only a file that cannot be read, whose header is
/// wrong, or that is not well-formed CSV/JSON throws `ImportFileError`. SKUs are not looked
/// up: an unknown SKU is the import's business, not the parser's.
public enum OrderFile {
    /// The channel online-retail orders get when no channel is given.
    public static let onlineRetailChannel = "online-retail"

    /// Reads and parses the file. A file that cannot be opened, or whose header is wrong,
    /// throws ImportFileError (line 0 or 1).
    /// Every format is read from disk through a window (memory for the file's bytes does not
    /// grow with it); the report holds every order.
    public static func parse(path: String, input: OrderInput, channel: String?) throws(ImportFileError) -> OrderFileReport {
        let channel = channel.map { OrderFileText.trim($0) }.flatMap { $0.isEmpty ? nil : $0 }
        do {
            switch input {
            case .onlineRetail: return try OnlineRetailOrders.parse(CSVReader(path: path), file: path, channel: channel ?? onlineRetailChannel)
            case .csv: return try ChannelOrderCSV.parse(CSVReader(path: path), file: path, channel: channel)
            case .json: return try ChannelOrderJSON.parse(ByteWindow(path: path, ahead: JSONElements.window), file: path, channel: channel)
            }
        } catch let error as CSVError {
            throw ImportFileError(file: path, errors: [(0, error.reason)])
        } catch let error as ImportFileError {
            throw error
        } catch {
            throw ImportFileError(file: path, errors: [(0, String(describing: error))])
        }
    }

    /// Refuses, naming the file, what `stream` cannot read (missing, a directory, no
    /// permission), before an import takes the write lock. JSON is read once, from a pipe too;
    /// a CSV format (csv, online-retail) is read twice, so a pipe or a device is first copied
    /// to a temporary file.
    public static func checkReadable(_ path: String) throws(ImportFileError) {
        do { try CSVReader.checkReadable(path) } catch { throw ImportFileError(file: path, errors: [(0, error.reason)]) }
    }

    /// Parses the file as it is read, handing each order to `deliver` as soon as it is whole,
    /// so memory does not grow with the file. The report counts the
    /// lines and holds the rejections; its orders are empty.
    public static func stream(path: String, input: OrderInput, channel: String?,
                              deliver: (ParsedOrder) -> Void) throws(ImportFileError) -> OrderFileReport {
        let channel = channel.map { OrderFileText.trim($0) }.flatMap { $0.isEmpty ? nil : $0 }
        if input == .json {
            let window: ByteWindow
            do { window = try ByteWindow(path: path, ahead: JSONElements.window) } catch { throw ImportFileError(file: path, errors: [(0, error.reason)]) }
            return try withoutActuallyEscaping(deliver) { deliver throws(ImportFileError) in
                try ChannelOrderJSON.parse(window, file: path, channel: channel, deliver: deliver)
            }
        }
        // Read twice: a pipe or a device goes to a temporary file first (errors name the input).
        let copy = try replayable(path)
        defer { if let copy { try? FileManager.default.removeItem(atPath: copy) } }
        do {
            if input == .onlineRetail {
                return try OnlineRetailOrders.stream(path: copy ?? path, channel: channel ?? onlineRetailChannel, deliver: deliver)
            }
            return try ChannelOrderCSV.stream(path: copy ?? path, channel: channel, deliver: deliver)
        } catch {
            guard let copy else { throw error }
            throw ImportFileError(file: path, errors: error.errors.map { ($0.line, $0.reason.replacingOccurrences(of: copy, with: path)) })
        }
    }

    /// nil for a regular file; else the path of a temporary copy of what `path` gives (a pipe,
    /// a device), copied a megabyte at a time.
    static func replayable(_ path: String) throws(ImportFileError) -> String? {
        let info: stat
        do { info = try CSVReader.checkReadable(path) } catch { throw ImportFileError(file: path, errors: [(0, error.reason)]) }
        guard info.st_mode & S_IFMT != S_IFREG else { return nil }
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("qm-import-\(UUID().uuidString)").path
        guard let input = FileHandle(forReadingAtPath: path), FileManager.default.createFile(atPath: copy, contents: nil),
              let output = FileHandle(forWritingAtPath: copy) else {
            throw ImportFileError(file: path, errors: [(0, "cannot be copied aside to be read twice (\(String(cString: strerror(errno)))).")])
        }
        defer { try? input.close(); try? output.close() }
        do {
            while let chunk = try input.read(upToCount: 1 << 20), !chunk.isEmpty { try output.write(contentsOf: chunk) }
        } catch {
            try? FileManager.default.removeItem(atPath: copy)
            throw ImportFileError(file: path, errors: [(0, "cannot be read (\(error.localizedDescription)).")])
        }
        return copy
    }

    /// Same on bytes already in memory; `file` is the name used in errors.
    public static func parse(bytes: [UInt8], file: String, input: OrderInput, channel: String?) throws(ImportFileError) -> OrderFileReport {
        let channel = channel.map { OrderFileText.trim($0) }.flatMap { $0.isEmpty ? nil : $0 }
        switch input {
        case .onlineRetail: return try OnlineRetailOrders.parse(bytes: bytes, file: file, channel: channel ?? onlineRetailChannel)
        case .csv: return try ChannelOrderCSV.parse(bytes: bytes, file: file, channel: channel)
        case .json: return try ChannelOrderJSON.parse(ByteWindow(bytes: bytes), file: file, channel: channel)
        }
    }
}

// MARK: Shared by the three formats

/// Collects orders and rejections as a file is parsed.
struct OrderCollector {
    var report = OrderFileReport()

    mutating func reject(line: Int, reference: String, reason: String) {
        report.rejected.append(RejectedOrder(line: line, reference: reference, reason: reason))
    }

    /// Validates the draft and keeps it, or rejects it with the Domain's message.
    /// `lineRows[i]` is the physical line of `draft.lines[i]`: when validation fails on a
    /// line, the rejection names that line's row rather than the order's first.
    mutating func accept(_ draft: OrderDraft, line: Int, lineRows: [Int]) {
        do {
            try draft.validate()
            report.orders.append(ParsedOrder(line: line, draft: draft))
        } catch {
            reject(line: Self.failingRow(draft, line: line, lineRows: lineRows), reference: draft.externalRef, reason: error.message)
        }
    }

    /// The row of the first order line that fails validation on its own (validation checks
    /// lines in order after the order's own fields), or the order's first line. Runs only
    /// for orders that failed, so the happy path pays nothing.
    private static func failingRow(_ draft: OrderDraft, line: Int, lineRows: [Int]) -> Int {
        var trial = draft
        // The order's own fields first: with no lines to blame, the order's first line.
        trial.lines = []
        trial.charges = [OrderCharge(code: "", description: "", amount: 0)]
        do { try trial.validate() } catch { return line }
        trial.charges = []
        for (index, orderLine) in draft.lines.enumerated() where index < lineRows.count {
            trial.lines = [orderLine]
            do { try trial.validate() } catch { return lineRows[index] }
        }
        return line
    }

    /// Rejections in line order (a stable sort keeps file order within a line).
    mutating func finish() -> OrderFileReport {
        report.rejected = report.rejected.enumerated()
            .sorted { ($0.element.line, $0.offset) < ($1.element.line, $1.offset) }
            .map(\.element)
        return report
    }
}

/// Decimal amounts to minor units, the way `Money.parseMinorUnits` reads them (half away
/// from zero past pence), noting whether anything was rounded off.
enum OrderAmount {
    /// nil when the text is not an amount.
    static func parse(_ text: String) -> (minor: Int64, rounded: Bool)? {
        guard let minor = Money.parseMinorUnits(text, decimals: 2) else { return nil }
        return (minor, hasSubPenceDigits(text))
    }

    /// True when a digit other than 0 follows the second decimal ("0.001", "2.555"; not "2.550").
    static func hasSubPenceDigits(_ text: String) -> Bool {
        var afterDot = -1
        for b in text.utf8 {
            if afterDot >= 0 {
                afterDot += 1
                if afterDot > 2 && b != UInt8(ascii: "0") && b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") { return true }
            } else if b == UInt8(ascii: ".") {
                afterDot = 0
            }
        }
        return false
    }
}

/// Text as the order formats read it.
enum OrderFileText {
    /// Trims surrounding whitespace. Spaces and tabs are cut off by byte; text that starts
    /// or ends with a non-ASCII character takes Foundation's (Unicode) way.
    @inline(__always)
    static func trim(_ text: String) -> String {
        let utf8 = text.utf8
        guard let first = utf8.first, let last = utf8.last else { return text }
        if first >= 0x80 || last >= 0x80 { return text.trimmingCharacters(in: .whitespaces) }
        func blank(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 }
        if !blank(first) && !blank(last) { return text }
        var start = utf8.startIndex, end = utf8.endIndex
        while start < end, blank(utf8[start]) { start = utf8.index(after: start) }
        while end > start, blank(utf8[utf8.index(before: end)]) { end = utf8.index(before: end) }
        let trimmed = String(text[start..<end])
        // Non-ASCII at the new ends (e.g. a no-break space) is Foundation's business.
        if let f = trimmed.utf8.first, let l = trimmed.utf8.last, f >= 0x80 || l >= 0x80 {
            return trimmed.trimmingCharacters(in: .whitespaces)
        }
        return trimmed
    }
}

/// Header columns of a CSV order file: matched by name (as `HeaderedCSV` does), checked
/// for unknown, missing, duplicated and unnamed columns.
enum OrderColumns {
    /// A reader streaming the file at `path`, its errors naming the file.
    static func reader(_ path: String) throws(ImportFileError) -> CSVReader {
        do { return try CSVReader(path: path) } catch { throw ImportFileError(file: path, errors: [(0, error.reason)]) }
    }

    /// The first pass of a streamed order file: each order's last data record (counting from
    /// 1), by the key `key` makes of the values of the `keys` columns (trimmed; "" where a row
    /// lacks one). Only those columns are read into text.
    static func orderEnds(path: String, example: [String], known: [String], required: [String],
                          keys: ([String: Int]) -> [Int?], key: ([String]) -> String) throws(ImportFileError) -> [String: Int] {
        var reader = try reader(path)
        let header = try header(&reader, file: path, example: example)
        let columns = keys(try map(header, file: path, known: known, required: required))
        reader.onlyFields = Set(columns.compactMap { $0 })
        var ends: [String: Int] = [:]
        var records = 0
        while let record = try next(&reader, file: path) {
            records += 1
            ends[key(columns.map { index in
                guard let index, index < record.fields.count else { return "" }
                return OrderFileText.trim(record.fields[index])
            })] = records
        }
        return ends
    }

    static func map(_ header: CSVRecord, file: String, known: [String], required: [String]) throws(ImportFileError) -> [String: Int] {
        try HeaderedCSV.columns(of: header, file: file, known: known, required: required)
    }

    /// The first record of the file (the header), or a file error when the file is empty.
    static func header(_ reader: inout CSVReader, file: String, example: [String]) throws(ImportFileError) -> CSVRecord {
        guard let record = try next(&reader, file: file) else {
            throw ImportFileError(file: file, errors: [(0, "the file is empty; it needs a header row naming its columns, e.g. \(example.joined(separator: ",")).")])
        }
        return record
    }

    /// The next record, or nil at the end; broken CSV is a file error naming its line.
    static func next(_ reader: inout CSVReader, file: String) throws(ImportFileError) -> CSVRecord? {
        do { return try reader.next() } catch { throw ImportFileError(file: file, errors: [(error.line, error.reason)]) }
    }
}
