import Testing
import Foundation
@testable import Channels

/// A JSON order file is read through a window a few megabytes wide, one element at a time:
/// a file many windows long gives every order, each at its line, as the whole file in memory
/// does; an element past the limit is refused by its line; a pipe is read once, as it comes.
@Suite struct JSONStreamingTests {
    /// One order object on one line; `bad` makes its date unreadable (a rejection).
    static func order(_ n: Int, bad: Bool = false) -> String {
        #"{"channel": "web", "orderRef": "J-\#(n)", "orderedAt": "\#(bad ? "never" : "2026-11-20 10:00:00")", "customer": "C\#(n)", "# +
        #""shipTo": {"region": "UK-N", "name": "Ann \"the\" [first]", "line1": "1 High St, {flat}", "city": "Leeds", "postcode": "LS1", "country": "GB"}, "# +
        #""lines": [{"sku": "MUG", "quantity": 2, "unitPrice": "9.99", "tax": "1.67"}, {"sku": "CUP", "quantity": 1, "unitPrice": "4.50"}]}"#
    }

    /// Streams the file at `path`: the orders' references and lines, and the report.
    func stream(_ path: String) throws -> (refs: [String], lines: [Int], report: OrderFileReport) {
        var refs: [String] = [], lines: [Int] = []
        let report = try OrderFile.stream(path: path, input: .json, channel: nil) { order in
            refs.append(order.draft.externalRef)
            lines.append(order.line)
        }
        return (refs, lines, report)
    }

    func write(_ text: String) throws -> String {
        let path = NSTemporaryDirectory() + "qm-json-\(UUID().uuidString).json"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test(arguments: [false, true])
    func aFileManyWindowsLongGivesEveryOrderAtItsLine(array: Bool) throws {
        // 8,000 orders of ~400 bytes and 6 MB of line ends (several windows); CRLF line ends; a stretch of
        // blank lines longer than a window; every 1,000th order bad.
        var parts: [String] = []
        for n in 1...8_000 {
            parts.append(Self.order(n, bad: n % 1_000 == 0) + (n == 4_000 ? String(repeating: "\r\n", count: 3_000_000) : ""))
        }
        let text = array ? "[\r\n" + parts.joined(separator: ",\r\n") + "\r\n]\r\n" : parts.joined(separator: "\r\n") + "\r\n"
        let path = try write(text)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try FileManager.default.attributesOfItem(atPath: path)[.size] as! Int > 3 * JSONElements.window)

        let streamed = try stream(path)
        let whole = try OrderFile.parse(bytes: Array(text.utf8), file: "orders.json", input: .json, channel: nil)
        #expect(streamed.report.lines == 8_000)
        #expect(streamed.refs.count == 7_992 && streamed.refs.last == "J-7999")
        #expect(streamed.refs == whole.orders.map(\.draft.externalRef))
        #expect(streamed.lines == whole.orders.map(\.line))
        #expect(streamed.report.rejected == whole.rejected)
        // Each order on its own line: the array's '[' takes line 1, the blank stretch its lines.
        let first = array ? 2 : 1
        #expect(streamed.lines.first == first)
        #expect(streamed.report.rejected.first?.line == first + 999)
        #expect(streamed.report.rejected.last?.line == first + 7_999 + 3_000_000)
    }

    @Test func anOrderPastTheLimitIsRefusedByItsLine() throws {
        let huge = #"{"orderRef": "big", "customer": ""# + String(repeating: "x", count: JSONElements.maxElementBytes) + #""}"#
        let path = try write("[\n" + Self.order(1) + ",\n" + huge + "\n]\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let errors = importErrors { _ = try stream(path) }
        #expect(errors.map(\.line) == [3])
        #expect(errors.first?.reason == "order 2, which starts on line 3, is longer than 1,024 KB; no order is that long.")
    }

    @Test func malformedElementsAreRefusedWhereTheyGoWrong() throws {
        for (text, line, reason) in [
            ("[12x]", 1, "expected ',' or ']' after order 1, found 'x'."),
            ("[\n" + Self.order(1) + ",\n{\"orderRef\": \"2]\n}]", 3, "the string that starts on line 3 runs past the end of the line (write \\n for a line break)."),
            ("[\n{\"orderRef\": \"1\"]\n", 2, "expected ',' or '}' in the object that starts on line 2, found ']'."),
            ("{\"orderRef\": \"1\"}\n}\n", 2, "expected a JSON value, found '}'."),
            ("[\n" + Self.order(1) + ",\n", 3, "the JSON ends where a value was expected."),
        ] {
            let path = try write(text)
            defer { try? FileManager.default.removeItem(atPath: path) }
            let errors = importErrors { _ = try stream(path) }
            #expect(errors.map(\.line) == [line], "\(text.prefix(40))")
            #expect(errors.first?.reason == reason, "\(text.prefix(40))")
        }
    }

    /// Read once, as it comes: no temporary copy.
    @Test func aPipeIsReadAsItComes() throws {
        let fifo = NSTemporaryDirectory() + "qm-json-\(UUID().uuidString).fifo"
        #expect(mkfifo(fifo, 0o600) == 0)
        defer { try? FileManager.default.removeItem(atPath: fifo) }
        let text = (1...3_000).map { Self.order($0) }.joined(separator: "\n")
        let writer = Thread { if let handle = FileHandle(forWritingAtPath: fifo) { handle.write(Data(text.utf8)); try? handle.close() } }
        writer.start()
        try OrderFile.checkReadable(fifo)
        let streamed = try stream(fifo)
        #expect(streamed.refs.count == 3_000 && streamed.lines.last == 3_000)
    }
}
