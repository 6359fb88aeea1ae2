import Foundation
import Domain

/// How a purchase-order or notice file is written.
public enum InboundInput: String, Sendable {
    case csv, json

    /// `--input` when given, else the file's extension (.json or .jsonl: JSON).
    public static func of(path: String, given: String?) -> InboundInput? {
        if let given { return InboundInput(rawValue: given.lowercased()) }
        let ext = URL(fileURLWithPath: path).pathExtension.lowercased()
        return ext == "json" || ext == "jsonl" ? .json : .csv
    }
}

/// Purchase orders and shipping notices as JSON (docs/FORMATS.md): an array of documents, or
/// one document per line (JSON Lines), each an object with its header fields and its `lines`.
/// Each line is flattened into a row of the CSV format's columns (the header's fields repeated),
/// so the CSV's rules and messages apply unchanged; a row's number is the line of the file
/// where its line object starts.
enum InboundJSON {
    /// A document's shape: its header keys and its line keys, each with its CSV column.
    struct Shape {
        var header: [(key: String, column: String)]
        var line: [(key: String, column: String)]
        /// What one document is called in messages ("purchase order").
        var noun: String

        var columns: [String] { header.map(\.column) + line.map(\.column) }
    }

    /// A purchase-order or notice file as the CSV table its rows make, however it is written.
    static func table(path: String, input: InboundInput, shape: Shape, required: [String],
                      optional: [String]) throws(ImportFileError) -> HeaderedCSV {
        input == .json
            ? try HeaderedCSV.load(records: try records(path: path, shape: shape), file: path, required: required, optional: optional)
            : try HeaderedCSV.open(path: path, required: required, optional: optional)
    }

    /// The header record (the columns), then a record per line of every document. Every
    /// problem found in the structure (not an object, an unknown key, no lines, a value that is
    /// not text or a number) is reported together, by line; broken JSON stops at its line.
    static func records(path: String, shape: Shape) throws(ImportFileError) -> [CSVRecord] {
        let window: ByteWindow
        do { window = try ByteWindow(path: path, ahead: JSONElements.window) } catch { throw ImportFileError(file: path, errors: [(0, error.reason)]) }
        var records = [CSVRecord(line: 0, fields: shape.columns)]
        var problems: [(line: Int, reason: String)] = []
        var documents = 0
        do throws(JSONSyntaxError) {
            var elements = try JSONElements(window)
            while let element = try elements.next() {
                documents += 1
                var reader = JSONReader(bytes: element.bytes, line: element.line)
                let node = try reader.value(depth: elements.layout == .array ? 1 : 0)
                reader.skipWhitespace()
                if !reader.atEnd { throw reader.error("expected ',' or ']' after \(shape.noun) \(documents), found \(reader.found).") }
                flatten(node, number: documents, shape: shape, into: &records, problems: &problems)
            }
        } catch {
            throw ImportFileError(file: path, errors: problems + [(error.line, error.reason)])
        }
        guard problems.isEmpty else { throw ImportFileError(file: path, errors: problems) }
        return records
    }

    private static func flatten(_ node: JSONNode, number: Int, shape: Shape, into records: inout [CSVRecord],
                                problems: inout [(line: Int, reason: String)]) {
        guard case let .object(members) = node.value else {
            problems.append((node.line, "\(shape.noun) \(number) is \(node.value.kind), not an object {...}."))
            return
        }
        let header = fields(members, keys: shape.header, extra: ["lines"], what: shape.noun, line: node.line, problems: &problems)
        guard let lines = members.first(where: { $0.key == "lines" })?.node else {
            problems.append((node.line, "\(shape.noun) \(number) has no \"lines\": [{...}, ...]."))
            return
        }
        guard case let .array(items) = lines.value, !items.isEmpty else {
            problems.append((lines.line, "\"lines\" of \(shape.noun) \(number) must be a non-empty array of line objects."))
            return
        }
        for item in items {
            guard case let .object(lineMembers) = item.value else {
                problems.append((item.line, "a line of \(shape.noun) \(number) is \(item.value.kind), not an object {...}."))
                continue
            }
            let values = fields(lineMembers, keys: shape.line, extra: [], what: "line", line: item.line, problems: &problems)
            records.append(CSVRecord(line: item.line, fields: header + values))
        }
    }

    /// The values of `keys` in order ("" when absent or null); unknown, repeated and
    /// non-scalar members are problems.
    private static func fields(_ members: [(key: String, node: JSONNode)], keys: [(key: String, column: String)], extra: Set<String>,
                               what: String, line: Int, problems: inout [(line: Int, reason: String)]) -> [String] {
        var values = Array(repeating: "", count: keys.count), seen: Set<String> = []
        for (key, node) in members {
            guard seen.insert(key).inserted else { problems.append((node.line, "\(key) appears twice in the \(what).")); continue }
            if extra.contains(key) { continue }
            guard let index = keys.firstIndex(where: { $0.key == key }) else {
                problems.append((node.line, "unknown key \(key) in the \(what); its keys are \((keys.map(\.key) + extra.sorted()).joined(separator: ", ")).")); continue
            }
            switch node.value {
            case let .string(text): values[index] = text
            case let .number(text): values[index] = text
            case .null: break
            default: problems.append((node.line, "\(key) must be a string or a number, not \(node.value.kind)."))
            }
        }
        return values
    }
}
