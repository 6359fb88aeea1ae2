import ArgumentParser
import Foundation
import Store
import Domain
import Operations
import Channels
import TerminalKit

/// Renders rows for `--format table|json|csv`. JSON is an array of objects keyed by column.
struct Listing {
    var columns: [String]
    var rows: [[String]]
    /// Columns printed right-aligned in tables (numbers).
    var numeric: Set<String> = []

    func render(_ format: OutputFormat) -> String {
        switch format {
        case .csv:
            // Cells sanitised like a table's (an old or foreign writer's escape sequence never
            // reaches whoever cats the file), then neutralised against formula injection.
            let cells = rows.map { $0.map(Sanitize.forDisplay) }
            return ([CSVWriter.exportLine(columns)] + cells.map(CSVWriter.exportLine)).joined(separator: "\n") + "\n"
        case .json:
            let objects = rows.map { row in
                Dictionary(uniqueKeysWithValues: zip(columns, row).map { key, value -> (String, Any) in
                    (key, numeric.contains(key) ? (Int(value) as Any? ?? value) : value)
                })
            }
            return JSON.string(objects)
        case .table:
            // Tables go to a terminal: sanitise, and measure in display cells.
            let shown = rows.map { $0.map(Sanitize.forDisplay) }
            var widths = columns.map(DisplayWidth.of)
            for row in shown { for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], DisplayWidth.of(cell)) } }
            func line(_ cells: [String]) -> String {
                zip(cells, widths.indices).map { cell, i in
                    let pad = String(repeating: " ", count: max(0, widths[i] - DisplayWidth.of(cell)))
                    return numeric.contains(columns[i]) ? pad + cell : cell + pad
                }.joined(separator: "  ").trimmingTrailingWhitespace
            }
            return ([line(columns)] + shown.map(line)).joined(separator: "\n") + "\n"
        }
    }
}

enum JSON {
    static func string(_ value: Any) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: value, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])) ?? Data("null".utf8)
        return Sanitize.escapingForJSON(String(decoding: data, as: UTF8.self)) + "\n"
    }

    static func encode<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return Sanitize.escapingForJSON(String(decoding: (try? encoder.encode(value)) ?? Data("null".utf8), as: UTF8.self)) + "\n"
    }
}

/// Writes to standard output, every line sanitised like the console's text, into a pipe or a
/// file too (`qm ... | tee log` shows it on a terminal all the same). CSV and JSON come out
/// of it unchanged: their cells are sanitised and their escapes are plain text already.
func emit(_ text: String) {
    FileHandle.standardOutput.write(Data(CLI.sanitisedLines(text).utf8))
}

/// `--limit` for listings. csv and json are read by scripts, which must never get a silently
/// cut list: they return every row unless `--limit` is given. A table stops at a page and says
/// on stderr how many it shows of how many.
struct ListingLimit: ParsableArguments {
    @Option(parsing: .unconditional, help: "At most this many rows; 0 for all (default: every row in csv and json, a page in a table).",
            transform: WholeNumber.count("--limit"))
    var limit: Int?

    /// The rows to fetch (nil: all), refusing a negative limit.
    func rows(for format: OutputFormat, tablePage: Int) -> Int? {
        switch limit {
        case 0?: return nil
        case let n?: return n
        case nil: return format == .table ? tablePage : nil
        }
    }

    /// Fetches one row past the limit to tell whether the listing was cut; when it was, says on
    /// stderr how many rows show of how many (`count` is asked only then).
    func fetch<T>(_ format: OutputFormat, tablePage: Int, noun: String = "rows",
                  _ read: (Int) throws -> [T], count: () throws -> Int) throws -> [T] {
        guard let limit = rows(for: format, tablePage: tablePage) else { return try CLI.run { try read(Int.max) } }
        var rows = try CLI.run { try read(min(limit, Int.max - 1) + 1) }
        guard rows.count > limit else { return rows }
        rows.removeLast(rows.count - limit)
        let total = try CLI.run { try count() }
        CLI.note("showing \(limit.grouped) of \(total.grouped) \(noun) (use --limit 0 for all)")
        return rows
    }
}

extension String {
    /// Without the whitespace at its end (a table row's padding after its last cell): a
    /// listing of a hundred thousand rows trims each without a regular expression.
    var trimmingTrailingWhitespace: String {
        var scalars = Substring(self).unicodeScalars
        while let last = scalars.last, last.properties.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}

/// A record's audit history as `show` commands print it: oldest first, one entry a line.
enum HistoryText {
    static func lines(_ history: [AuditRow]) -> [String] {
        guard !history.isEmpty else { return [] }
        return ["History:"] + history.reversed().map { "  \($0.at)  \($0.actor) (\($0.role))  \($0.command)  \($0.reason)" }
    }
}
