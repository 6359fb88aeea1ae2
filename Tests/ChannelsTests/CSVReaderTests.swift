import Testing
import Foundation
@testable import Channels

@Suite struct CSVReaderTests {
    func records(_ text: String, skipBlankLines: Bool = true) throws(CSVError) -> [CSVRecord] {
        var reader = CSVReader(string: text, skipBlankLines: skipBlankLines)
        return try reader.readAll()
    }

    @Test func simpleRecordsWithAndWithoutTrailingNewline() throws {
        let expected = [CSVRecord(line: 1, fields: ["a", "b", "c"]), CSVRecord(line: 2, fields: ["1", "2", "3"])]
        #expect(try records("a,b,c\n1,2,3\n") == expected)
        #expect(try records("a,b,c\n1,2,3") == expected)
        #expect(try records("a,b,c\r\n1,2,3\r\n") == expected)
        #expect(try records("a,b,c\r1,2,3") == expected)
    }

    @Test func emptyFieldsAndTrailingComma() throws {
        #expect(try records(",x,,\n") == [CSVRecord(line: 1, fields: ["", "x", "", ""])])
        #expect(try records("a,") == [CSVRecord(line: 1, fields: ["a", ""])])
        #expect(try records("") == [])
        #expect(try records("\n\n") == [])
    }

    @Test func quotedFieldsHoldCommasQuotesAndNewlines() throws {
        let text = "code,name\r\n\"A,1\",\"say \"\"hi\"\"\"\r\n\"\",\"two\r\nlines\"\r\nlast,\"x\ny\nz\"\nend,row\n"
        let r = try records(text)
        #expect(r.map(\.fields) == [["code", "name"], ["A,1", "say \"hi\""], ["", "two\r\nlines"],
                                    ["last", "x\ny\nz"], ["end", "row"]])
        // A record's line is the physical line it starts on.
        #expect(r.map(\.line) == [1, 2, 3, 5, 8])
    }

    @Test func quoteInsideUnquotedFieldIsKept() throws {
        #expect(try records("5\" ruler,x\n").first?.fields == ["5\" ruler", "x"])
    }

    @Test func byteOrderMarkIsSkipped() throws {
        var reader = CSVReader(bytes: [0xEF, 0xBB, 0xBF] + Array("code,name\nA,B\n".utf8))
        #expect(try reader.readAll().map(\.fields) == [["code", "name"], ["A", "B"]])
    }

    @Test func blankLinesAreSkippedButCounted() throws {
        let r = try records("a\n\nb\r\n\r\nc\n")
        #expect(r == [CSVRecord(line: 1, fields: ["a"]), CSVRecord(line: 3, fields: ["b"]), CSVRecord(line: 5, fields: ["c"])])
        let kept = try records("a\n\nb\n", skipBlankLines: false)
        #expect(kept == [CSVRecord(line: 1, fields: ["a"]), CSVRecord(line: 2, fields: [""]), CSVRecord(line: 3, fields: ["b"])])
    }

    @Test func unicodeIsRead() throws {
        #expect(try records("café,\"naïve, 東京\"\n").first?.fields == ["café", "naïve, 東京"])
    }

    @Test func unterminatedQuoteNamesTheLineItOpenedOn() throws {
        var reader = CSVReader(string: "a,b\nc,d\ne,\"never\nclosed\n")
        #expect(try reader.next()?.line == 1)
        #expect(try reader.next()?.line == 2)
        #expect { _ = try reader.next() } throws: { error in
            guard let e = error as? CSVError else { return false }
            return e.line == 3 && e.reason.contains("unterminated") && e.description.hasPrefix("line 3: ")
        }
    }

    @Test func textAfterClosingQuoteIsAnError() throws {
        #expect(throws: CSVError.self) { _ = try records("a\n\"x\"y,z\n") }
        do { _ = try records("a\n\"x\"y,z\n") } catch { #expect(error.line == 2) }
    }

    @Test func invalidUTF8NamesTheLine() throws {
        var reader = CSVReader(bytes: Array("a,b\nok,".utf8) + [0xC3, 0x28] + Array("\n".utf8))
        #expect(try reader.next()?.fields == ["a", "b"])
        do {
            _ = try reader.next()
            Issue.record("expected an invalid UTF-8 error")
        } catch {
            #expect(error.line == 2)
            #expect(error.reason.contains("UTF-8"))
        }
    }

    @Test func missingFileIsAnErrorSayingWhy() {
        do {
            _ = try CSVReader(path: "/nonexistent/qm/file.csv")
            Issue.record("expected an error")
        } catch {
            #expect(error.line == 0 && error.reason == "no such file")
        }
    }

    /// What is not a regular file says what it is; a pipe or a device is read to its end
    /// (`/dev/null` is an empty file, `cat x | qm import ... /dev/stdin` works).
    @Test func directoriesSocketsPipesAndDevicesAreNamedOrRead() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("qm-csv-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(throws: CSVError(line: 0, reason: "is a directory, not a file")) { try CSVReader(path: dir.path) }
        #expect(throws: CSVError(line: 0, reason: "no such file")) { try CSVReader(path: dir.path + "/none/x.csv") }
        var empty = try CSVReader(path: "/dev/null")
        #expect(try empty.readAll().isEmpty)
        let fifo = dir.appendingPathComponent("feed").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let writer = Thread {
            if let handle = FileHandle(forWritingAtPath: fifo) { handle.write(Data("a,b\n1,2\n".utf8)); try? handle.close() }
        }
        writer.start()
        var pipe = try CSVReader(path: fifo)
        #expect(try pipe.readAll().map(\.fields) == [["a", "b"], ["1", "2"]])
    }

    /// A header of ten million commas, or a field of megabytes, is refused at the limit
    /// without first building it all in memory.
    @Test func recordsPastTheFieldAndLengthLimitsAreRefused() throws {
        var wide = CSVReader(string: String(repeating: ",", count: 10_000_000) + "\n")
        #expect(throws: CSVError(line: 1, reason: "has more than 1,000 fields; no file qm reads has more than a few dozen columns.")) {
            try wide.next()
        }
        for long in ["a," + String(repeating: "x", count: CSVReader.maxRecordBytes + 1),
                     "a,\"" + String(repeating: "y\n", count: CSVReader.maxRecordBytes / 2 + 1) + "\""] {
            var reader = CSVReader(string: "h1,h2\n" + long + "\n")
            _ = try reader.next()
            #expect(throws: CSVError(line: 2, reason: "is longer than 1,024 KB; no record qm reads is that long (is it a CSV file?).")) {
                try reader.next()
            }
        }
        var widest = CSVReader(string: Array(repeating: "f", count: CSVReader.maxFields).joined(separator: ",") + "\n")
        #expect(try widest.next()?.fields.count == CSVReader.maxFields)
    }

    /// Streamed from disk a few megabytes at a time, a file reads exactly as it does whole:
    /// records across the window's edges, quoted line breaks, CRLF, a long run of blank lines
    /// and a byte order mark, with the same line numbers; and a bad record further on is found.
    @Test func aStreamedFileReadsExactlyAsItDoesWhole() throws {
        var text = "\u{FEFF}sku,note,qty\r\n"
        for n in 0..<60_000 {
            text += n % 7 == 0 ? "S\(n),\"two\nlines, \"\"quoted\"\"\",\(n)\r\n" : "S\(n),plain \(String(repeating: "x", count: n % 90)),\(n)\n"
            if n == 30_000 { text += String(repeating: "\n", count: 3 << 20) }   // 3 MB of blank lines, past a window
        }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("qm-stream-\(UUID().uuidString).csv").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        var whole = CSVReader(bytes: Array(text.utf8)), streamed = try CSVReader(path: path)
        let expected = try whole.readAll(), got = try streamed.readAll()
        #expect(got.count == 60_001 && got.count == expected.count)
        #expect(got == expected)
        #expect(got[1].fields == ["S0", "two\nlines, \"quoted\"", "0"] && got.last?.line == expected.last?.line)

        try (text + "S-bad,\"never closed\n").write(toFile: path, atomically: true, encoding: .utf8)
        var bad = try CSVReader(path: path)
        #expect(throws: CSVError.self) { try bad.readAll() }
    }

    /// A record (or a CRLF) that straddles the end of the bytes in hand after a long run of
    /// blank lines is read whole, with the right line number: the reader reads on rather than
    /// end the record at the window's edge.
    @Test func aRecordAcrossTheWindowsEdgeAfterBlankLinesIsReadWhole() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("qm-edge-\(UUID().uuidString).csv").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let header = "sku,qty\n", firstWindow = 5 << 20   // the reader's first read: five 1 MB chunks
        for (blank, name) in [("\n", "LF"), ("\r\n", "CRLF")] {
            for cut in [1, 2, 3, 8] {
                let run = (firstWindow - header.utf8.count - cut) / blank.utf8.count
                let text = header + String(repeating: blank, count: run) + "SKU1,1000000\r\n\"SKU2\",\"7\"\n"
                try text.write(toFile: path, atomically: true, encoding: .utf8)
                var whole = CSVReader(bytes: Array(text.utf8)), streamed = try CSVReader(path: path)
                let expected = try whole.readAll()
                #expect(try streamed.readAll() == expected, "\(name) run, cut \(cut)")
                #expect(expected.map(\.fields) == [["sku", "qty"], ["SKU1", "1000000"], ["SKU2", "7"]])
            }
        }
    }

    @Test func writerQuotesOnlyWhenNeededAndRoundTrips() throws {
        #expect(CSVWriter.escape("plain") == "plain")
        #expect(CSVWriter.escape("") == "")
        #expect(CSVWriter.escape("a,b") == "\"a,b\"")
        #expect(CSVWriter.escape("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(CSVWriter.escape("two\nlines") == "\"two\nlines\"")
        #expect(CSVWriter.escape(" padded") == "\" padded\"")
        let fields = ["A,1", "say \"hi\"", "", "two\r\nlines", "café", " x "]
        let line = CSVWriter.line(fields)
        #expect(try records(line + "\n").first?.fields == fields)
        #expect(CSVWriter.line(["a", "b", "c"]) == "a,b,c")
    }

    /// Speed is a benchmark's business (docs/PERFORMANCE.md); this checks that a long file is
    /// read whole with its line numbers right.
    @Test func readsManyLinesCountingEachOne() throws {
        var text = "sku,location,status,quantity\n"
        text.reserveCapacity(4_000_000)
        for i in 0..<100_000 { text += "QM\(i),WH-\(i % 7),sellable,\(i % 100)\n" }
        let bytes = Array(text.utf8)
        var reader = CSVReader(bytes: bytes)
        var count = 0
        var last = 0
        while let record = try reader.next() { count += 1; last = record.line }
        #expect(count == 100_001 && last == 100_001)
    }

    @Test func exportFieldsThatASpreadsheetWouldRunAreNeutralised() {
        for formula in ["=1+1", "+1+1", "-1+1", "@SUM(A1)", "\tx", "\rx", "-", "=", "-1.", "--2"] {
            #expect(CSVWriter.neutralised(formula) == "'" + formula, "\(formula)")
        }
        for plain in ["-12", "-3.50", "12", "0.5", "Teapot", "", "a=b"] {
            #expect(CSVWriter.neutralised(plain) == plain, "\(plain)")
        }
        #expect(CSVWriter.exportLine(["=cmd|' /C calc'!A0", "-2"]) == "'=cmd|' /C calc'!A0,-2")
    }
}
