import Testing
import Foundation

/// Receiving end to end with the real binary: a purchase order received with one damaged line
/// and one SKU held for inspection, the console showing where the goods went, the quarantine
/// released, an order allocated from it, and stock and audit checked through the CLI.
@Suite(.serialized) struct TmuxReceivingTests {
    /// A 50-SKU demo where QM10002 is held for inspection when it arrives, and `po` is sent to
    /// SUP-02 for WH-UK-N: 10 of QM10000 and 5 of QM10002. With a way to write a file beside
    /// the database, and a SKU's stock row at WH-UK-N as the CLI gives it.
    static func demo(_ t: TmuxSession, po: String) throws
        -> (db: String, file: (String, String) throws -> String, row: (String) throws -> [String]) {
        let db = t.database
        try t.qm(["demo", "--db", db, "--skus", "50", "--locations", "6", "--orders", "0"])
        let folder = (db as NSString).deletingLastPathComponent
        let file = { (name: String, text: String) throws -> String in
            let path = folder + "/" + name
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }
        try t.qm(["import", "skus", try file("sku.csv", """
            code,name,pack_size,unit_cost,list_price,supplier,inspect_on_receipt
            QM10002,Woven Hot Water Bottle,1,17.74,56.76,SUP-02,yes
            """), "--db", db])
        try t.qm(["import", "pos", try file("po.csv", """
            po,supplier,location,state,sku,quantity,unit_cost,expected_date
            \(po),SUP-02,WH-UK-N,sent,QM10000,10,16.89,2026-12-01
            \(po),SUP-02,WH-UK-N,sent,QM10002,5,17.74,2026-12-01
            """), "--db", db])
        let row = { (sku: String) throws -> [String] in
            let csv = try t.qm(["stock", "--db", db, "--sku", sku, "--location", "WH-UK-N", "--format", "csv"])
            return csv.split(separator: "\n").dropFirst().first.map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) } ?? []
        }
        return (db, file, row)
    }

    @Test func aReceiptWithDamagedAndInspectedGoodsShowsOnTheStockPaneAndServesAnOrder() throws {
        let t = try TmuxSession()
        defer { t.close() }
        let (db, file, row) = try Self.demo(t, po: "PO-T1")
        let before = try row("QM10000")
        let received = try t.qm(["receive", "--po", "PO-T1", "--line", "QM10000:8", "--line", "QM10000:2:damaged", "--line", "QM10002:5", "--db", db])
        #expect(received.contains("sent -> received"), "\(received)")
        #expect(received.contains("QM10002         5  good       quarantine"), "\(received)")

        // The console's stock pane shows where the goods went.
        try t.start(width: 120, height: 30, command: "\(t.binary) --db \(db)")
        try t.waitFor("rows")
        try t.keys("/", "QM10002", "Enter")
        try t.waitFor("Filter: QM10002")
        // The row's figures (sellable to inbound) are the CLI's for the same position.
        func figuresOnScreen() -> [String] {
            guard let line = t.screen.split(separator: "\n").first(where: { $0.contains("WH-UK-N") }) else { return [] }
            return Array(line.split(separator: " ").map(String.init).suffix(6))
        }
        let inspected = try row("QM10002")
        #expect(inspected[5] == "5")   // quarantine
        #expect(figuresOnScreen() == Array(inspected[3...8]), "\(t.screen)")

        // Released after inspection; the open console follows.
        try t.qm(["move", "status", "--sku", "QM10002", "--location", "WH-UK-N", "--from", "quarantine", "--to", "sellable",
                  "--qty", "5", "--reason", "inspected: fine", "--db", db])
        let released = try row("QM10002")
        #expect(released[5] == "0")   // quarantine
        let deadline = Date().addingTimeInterval(10)
        while figuresOnScreen() != Array(released[3...8]) && Date() < deadline { Thread.sleep(forTimeInterval: 0.1) }
        #expect(figuresOnScreen() == Array(released[3...8]), "\(t.screen)")
        try t.keys("q")
        #expect(try t.waitForExit() == 0)

        // The goods serve an order: allocated at WH-UK-N, where UK-N ships from in a day.
        try t.qm(["import", "orders", try file("orders.csv", """
            channel,order_ref,ordered_at,customer,ship_region,sku,quantity,unit_price,tax
            web,T-1,2026-11-20 10:00:00,C1,UK-N,QM10002,\(Int(released[3])!),9.99,1.67
            """), "--input", "csv", "--db", db])
        try t.qm(["allocate", "--db", db])
        #expect(try row("QM10002")[4] == released[3])   // all of it reserved for the order
        let after = try row("QM10000")
        #expect(Int(after[3])! == Int(before[3])! + 8 && Int(after[6])! == Int(before[6])! + 2)   // sellable +8, damaged +2
        let audit = try t.qm(["audit", "--db", db, "--entity", "po:PO-T1", "--format", "csv"])
        #expect(audit.contains("po.receive"))
        #expect(try t.qm(["verify", "--db", db]).hasPrefix("OK"))
    }

    @Test func aReceiptTypedInTheInboundPaneIsReleasedFromQuarantineAndServesTheOrderWaiting() throws {
        let t = try TmuxSession()
        defer { t.stopConsole() }
        let (db, file, row) = try Self.demo(t, po: "PO-T2")
        // An order waits for 5 units of QM10002: it takes every sellable unit anywhere, and 5 more.
        let sellable = try t.qm(["stock", "--db", db, "--sku", "QM10002", "--format", "csv"]).split(separator: "\n").dropFirst()
            .reduce(0) { $0 + Int($1.split(separator: ",", omittingEmptySubsequences: false)[3])! }
        try t.qm(["import", "orders", try file("orders.csv", """
            channel,order_ref,ordered_at,customer,ship_region,sku,quantity,unit_price,tax
            web,T-2,2026-11-20 10:00:00,C1,UK-N,QM10002,\(sellable + 5),9.99,1.67
            """), "--input", "csv", "--db", db])
        try t.qm(["allocate", "--db", db])
        let before = (try row("QM10000"), try row("QM10002"))

        try t.start(width: 120, height: 30, command: "\(t.binary) --db \(db) --pane inbound")
        try t.waitFor("Sent (expected)")
        let sentRow = try #require(t.lines.dropFirst(3).firstIndex { $0.hasPrefix("Sent (expected)") })
        for _ in 0..<(sentRow - 3) { try t.keys("j") }
        try t.keys("Enter")
        try t.waitFor("Sent (expected) · ")
        try t.keys("/"); try t.type("PO-T2"); try t.keys("Enter")
        try t.waitFor("matching “PO-T2”")
        try t.keys("r")
        try t.waitFor("Receiving PO-T2 at WH-UK-N")
        // 8 good and 2 damaged of QM10000, then the 5 of QM10002 (inspected: to quarantine).
        try t.keys("Enter"); try t.waitFor("Receive on PO-T2")
        try t.keys("BSpace", "BSpace"); try t.type("8"); try t.keys("Enter")
        try t.waitForMessage("Entered 8 good QM10000 → sellable")
        try t.keys("Enter"); try t.waitFor("Receive on PO-T2")
        try t.keys("Tab", "BSpace", "BSpace", "BSpace", "BSpace"); try t.type("damaged"); try t.keys("Enter")
        try t.waitForMessage("Entered 2 damaged QM10000 → damaged")
        try t.keys("j", "Enter"); try t.waitFor("Receive on PO-T2")
        try t.keys("Enter")
        try t.waitForMessage("Entered 5 good QM10002 → quarantine")
        #expect(try row("QM10000") == before.0)   // nothing written before the confirmation
        try t.keys("s")
        try t.waitFor("(sent → received)")
        #expect(t.screen.contains("5 good QM10002 → quarantine (inspected before sale)"))
        try t.keys("y")
        try t.waitFor("Receipt 1 on PO-T2 at WH-UK-N")
        #expect(t.screen.contains("after inspection: u releases"))

        // Released after inspection from the receipt, then the waiting order allocated from it.
        try t.keys("G", "u")
        try t.waitFor("Release QM10002 from quarantine")
        try t.keys("Enter")
        try t.waitFor("from quarantine to sellable")
        try t.keys("y")
        try t.waitForMessage("QM10002 at WH-UK-N: quarantine now 0")
        try t.keys("a")
        try t.waitForMessage { $0.hasPrefix("Allocation ran") }
        try t.keys("q")
        #expect(try t.waitForExit() == 0)

        let after = (try row("QM10000"), try row("QM10002"))
        #expect(Int(after.0[3])! == Int(before.0[3])! + 8 && Int(after.0[6])! == Int(before.0[6])! + 2)   // sellable +8, damaged +2
        #expect(after.1[5] == before.1[5] && Int(after.1[4])! == Int(before.1[4])! + 5)   // quarantine back, 5 more reserved
        let audit = try t.qm(["audit", "--db", db, "--entity", "po:PO-T2", "--format", "csv"])
        #expect(audit.contains("po.receive"))
        let moves = try t.qm(["audit", "--db", db, "--format", "csv"])
        #expect(moves.contains("stock.status") && moves.contains("order.allocate"))
        #expect(try t.qm(["verify", "--db", db]).hasPrefix("OK"))
    }
}
