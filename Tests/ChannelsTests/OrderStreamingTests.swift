import Testing
import Foundation
import Domain
import Store
@testable import Operations
@testable import Channels

/// A CSV order file streamed into the capture (an order in memory at a time) imports exactly
/// what the whole file parsed first does: the same orders, rows split across the file merged,
/// the same rejections; and a rejection without --partial leaves nothing written.
@Suite struct OrderStreamingTests {
    static let retail = """
        InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country
        536365,85123A,HEART HOLDER,6,2010-12-01 08:26:00,2.55,17850.0,United Kingdom
        536365,71053,LANTERN,6,2010-12-01 08:26:00,3.39,17850.0,United Kingdom
        536366,22633,HAND WARMER,6,2010-12-01 08:28:00,1.85,17850.0,United Kingdom
        C536367,22633,HAND WARMER,-2,2010-12-01 08:34:00,1.85,17850.0,United Kingdom
        536365,84406B,CREAM CUPID,8,2010-12-01 08:26:00,2.75,17850.0,United Kingdom
        536368,POST,POSTAGE,1,2010-12-01 08:40:00,18.00,12583.0,France
        536368,22728,ALARM CLOCK,24,2010-12-01 08:40:00,3.75,12583.0,France
        536369,21730,BAD ROW,lots,2010-12-01 08:45:00,4.25,13047.0,United Kingdom

        """
    static let csv = """
        channel,order_ref,ordered_at,customer,ship_region,sku,quantity,unit_price,tax
        web,W-1,2026-11-20 10:00:00,C1,UK-N,MUG,2,9.99,1.67
        web,W-2,2026-11-20 11:00:00,C2,UK-M,CUP,1,4.50,0.75
        market,W-1,2026-11-20 12:00:00,C3,UK-S,MUG,5,9.99,1.67
        web,W-1,2026-11-20 10:00:00,C1,UK-N,CUP,3,4.50,0.75
        web,W-3,2026-11-20 13:00:00,C4,UK-N,MUG,-1,9.99,1.67

        """

    static let json = """
        {"channel": "web", "orderRef": "J-1", "orderedAt": "2026-11-20 10:00:00", "customer": "C1", "shipTo": {"region": "UK-N", "name": "Ann", "line1": "1 High St", "city": "Leeds", "postcode": "LS1", "country": "GB"}, "lines": [{"sku": "MUG", "quantity": 2, "unitPrice": "9.99", "tax": "1.67"}]}
        {"channel": "web", "orderRef": "J-2", "orderedAt": "not a date", "customer": "C2", "lines": [{"sku": "CUP", "quantity": 1, "unitPrice": "4.50"}]}
        {"channel": "web", "orderRef": "J-3", "orderedAt": "2026-11-20 11:00:00", "customer": "C3", "shipTo": {"region": "UK-M", "name": "Bo", "line1": "2 Low St", "city": "York", "postcode": "YO1", "country": "GB"}, "lines": [{"sku": "CUP", "quantity": 1, "unitPrice": "4.50", "tax": "0.75"}, {"sku": "MUG", "quantity": 1, "unitPrice": "9.99", "tax": "1.67"}]}

        """

    /// Imports `text` both ways into fresh databases: the outcomes and the orders stored.
    func bothWays(_ text: String, _ input: OrderInput, partial: Bool) throws -> [(OrderImportOutcome, [String])] {
        try [false, true].map { streamed in
            let db = try ScratchDatabase()
            defer { db.remove() }
            try db.ops.bootstrap(osUser: ScratchDatabase.admin.name)
            let path = try db.write("orders.csv", text)
            var report = OrderFileReport()
            var outcome: OrderImportOutcome
            if streamed {
                try OrderFile.checkReadable(path)
                outcome = try db.ops.captureOrders(source: "orders.csv", partial: partial, by: ScratchDatabase.admin) { deliver in
                    report = try OrderFile.stream(path: path, input: input, channel: nil) { order in
                        try? deliver(ImportRow(line: order.line, value: order.draft))
                    }
                    if !report.rejected.isEmpty && !partial { throw OperationError("\(report.rejected.count) rejected") }
                }
            } else {
                report = try OrderFile.parse(path: path, input: input, channel: nil)
                outcome = try db.ops.captureOrders(report.orders.map { ImportRow(line: $0.line, value: $0.draft) },
                                                   source: "orders.csv", partial: partial, by: ScratchDatabase.admin)
            }
            outcome.rejected += report.rejected.map { RejectedDocument(line: $0.line, reference: $0.reference, reason: $0.reason) }
            outcome.rejected.sort { $0.line < $1.line }
            let stored = try db.ops.read { r in
                try String.fetchAll(r.db, sql: """
                    SELECT o.channel || ' ' || o.external_ref || ' ' || o.kind || ' ' || count(l.line_no) || ' lines'
                    FROM sales_order o LEFT JOIN order_line l ON l.order_id = o.id GROUP BY o.id ORDER BY 1
                    """)
            }
            #expect(try db.ops.verify().isClean)
            return (outcome, stored)
        }
    }

    @Test func aStreamedFileImportsWhatTheWholeFileDoes() throws {
        for (text, input) in [(Self.retail, OrderInput.onlineRetail), (Self.csv, .csv), (Self.json, .json)] {
            let results = try bothWays(text, input, partial: true)
            #expect(results[0].0 == results[1].0, "\(input)")
            #expect(results[0].1 == results[1].1, "\(input)")
            #expect(results[1].0.rejected.count == 1)
        }
        // The invoice split across the file is one order of three lines; W-1 on two channels, two orders.
        #expect(try bothWays(Self.retail, .onlineRetail, partial: true)[1].1.contains("online-retail 536365 sale 3 lines"))
        #expect(try bothWays(Self.csv, .csv, partial: true)[1].1 == ["market W-1 sale 1 lines", "web W-1 sale 2 lines", "web W-2 sale 1 lines"])
    }

    /// A pipe cannot be read twice: it is copied aside first, and errors still name the pipe.
    @Test func aPipeStreamsThroughATemporaryCopy() throws {
        let db = try ScratchDatabase()
        defer { db.remove() }
        let fifo = db.folder.appendingPathComponent("feed").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let text = Self.retail
        let writer = Thread { if let handle = FileHandle(forWritingAtPath: fifo) { handle.write(Data(text.utf8)); try? handle.close() } }
        writer.start()
        try OrderFile.checkReadable(fifo)
        var refs: [String] = []
        let report = try OrderFile.stream(path: fifo, input: .onlineRetail, channel: nil) { refs.append($0.draft.externalRef) }
        #expect(refs.sorted() == ["536365", "536366", "536368", "C536367"])
        #expect(report.rejected.map(\.line) == [9] && report.lines == 8)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: NSTemporaryDirectory()).filter { $0.hasPrefix("qm-import-") }
        #expect(leftovers.isEmpty)
    }

    @Test func aRejectionWithoutPartialLeavesNothingWritten() throws {
        let db = try ScratchDatabase()
        defer { db.remove() }
        try db.ops.bootstrap(osUser: ScratchDatabase.admin.name)
        let path = try db.write("orders.csv", Self.retail)
        #expect(throws: OperationError.self) {
            try db.ops.captureOrders(source: "orders.csv", by: ScratchDatabase.admin) { deliver in
                let report = try OrderFile.stream(path: path, input: .onlineRetail, channel: nil) { order in
                    try? deliver(ImportRow(line: order.line, value: order.draft))
                }
                if !report.rejected.isEmpty { throw OperationError("\(report.rejected.count) rejected") }
            }
        }
        #expect(try db.ops.read { try Int.fetchOne($0.db, sql: "SELECT count(*) FROM sales_order") } == 0)
    }
}
