import Foundation
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
            return ([CSVWriter.line(columns)] + rows.map(CSVWriter.line)).joined(separator: "\n") + "\n"
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
                }.joined(separator: "  ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
            }
            return ([line(columns)] + shown.map(line)).joined(separator: "\n") + "\n"
        }
    }
}

enum JSON {
    static func string(_ value: Any) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: value, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])) ?? Data("null".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    static func encode<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(value)) ?? Data("null".utf8), as: UTF8.self) + "\n"
    }
}

func emit(_ text: String) {
    FileHandle.standardOutput.write(Data(text.utf8))
}
