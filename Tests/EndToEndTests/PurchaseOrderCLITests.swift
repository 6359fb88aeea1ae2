import Testing
import Foundation

/// Purchase orders through the real binary: a planner's draft, lines, approval within and
/// above the planners' limit, the inbound figure, and refusals that change nothing.
@Suite struct PurchaseOrderCLITests {
    let folder: URL
    let qm: String
    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("qm-po-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        qm = try QMBinary.path()
    }

    @discardableResult
    func ok(_ args: [String]) throws -> String {
        let r = try QMBinary.run(qm, args)
        guard r.status == 0 else { throw E2EError("qm \(args.joined(separator: " ")) exited \(r.status): \(r.stderr)") }
        return r.stdout
    }

    @Test func aPlannersOrderBecomesInboundAndRefusalsChangeNothing() throws {
        let db = folder.appendingPathComponent("po.sqlite").path
        defer { try? FileManager.default.removeItem(at: folder) }
        try ok(["demo", "--db", db, "--skus", "20", "--locations", "3"])
        let demoOrders = try ok(["po", "list", "--db", db, "--format", "csv"])
        #expect(demoOrders.hasPrefix("po,state,supplier,location,lines,value,currency,open,nextExpected,lateLines,daysLate,since\n"))
        #expect(demoOrders.split(separator: "\n").count > 1)

        let created = try ok(["po", "create", "--supplier", "SUP-02", "--location", "WH-UK-N", "--ref", "PO-CLI", "--db", db, "--as", "pat"])
        #expect(created.hasPrefix("Created PO-CLI (draft): SUP-02 to WH-UK-N, in GBP."))
        // SUP-02 takes at least 1 unit; a bad cost is refused before anything is opened.
        let badCost = try QMBinary.run(qm, ["po", "add-line", "PO-CLI", "--sku", "QM10001", "--qty", "5", "--cost", "4,25",
                                           "--expected", "2026-12-24", "--db", db, "--as", "pat"])
        #expect(badCost.status == 1 && badCost.stderr.contains("--cost 4,25 is not an amount like 4.25"), "\(badCost.stderr)")
        let badDate = try QMBinary.run(qm, ["po", "add-line", "PO-CLI", "--sku", "QM10001", "--qty", "5", "--cost", "4.25",
                                           "--expected", "24/12/2026", "--db", db, "--as", "pat"])
        #expect(badDate.status == 1 && badDate.stderr.contains("expected date '24/12/2026' is not a date like 2026-12-24"), "\(badDate.stderr)")
        try ok(["po", "add-line", "PO-CLI", "--sku", "QM10001", "--qty", "1000", "--cost", "7.50", "--expected", "2026-12-24",
                "--db", db, "--as", "pat"])

        func inbound() throws -> Int {
            let rows = try #require(try JSONSerialization.jsonObject(with: Data(ok(["stock", "--sku", "QM10001", "--location", "WH-UK-N",
                                                                                    "--db", db, "--format", "json"]).utf8)) as? [[String: Any]])
            return rows.first?["inbound"] as? Int ?? 0
        }
        let before = try inbound()
        // 7,500.00 GBP is above the planners' 5,000.00: pat is refused, sam (a supervisor) approves.
        let refused = try QMBinary.run(qm, ["po", "approve", "PO-CLI", "--db", db, "--as", "pat"])
        #expect(refused.status == 1 && refused.stderr.contains("A planner may approve a purchase order worth up to 5000.00 GBP"), "\(refused.stderr)")
        #expect(try inbound() == before)
        let approved = try ok(["po", "approve", "PO-CLI", "--db", db, "--as", "sam"])
        #expect(approved == "PO-CLI draft -> approved; 1,000 units now inbound at WH-UK-N.\n")
        #expect(try inbound() == before + 1_000)

        let shown = try #require(try JSONSerialization.jsonObject(with: Data(ok(["po", "show", "PO-CLI", "--db", db, "--format", "json"]).utf8))
                                 as? [String: Any])
        let po = try #require(shown["purchaseOrder"] as? [String: Any])
        #expect(po["state"] as? String == "approved" && po["value"] as? Int == 750_000 && po["open"] as? Int == 1_000)
        #expect((shown["history"] as? [[String: Any]])?.count == 3)   // created, line added, approved
        // A notice the supplier sent early (not yet receivable: an exception) ends with the order.
        let asn = folder.appendingPathComponent("asn.csv")
        try "asn,po,sku,quantity,expected_arrival\nSH-CLI,PO-CLI,QM10001,1000,2026-12-24\n".write(to: asn, atomically: true, encoding: .utf8)
        try ok(["import", "asn", asn.path, "--db", db, "--as", "sam"])
        let cancel = try QMBinary.run(qm, ["po", "cancel", "PO-CLI", "--db", db, "--as", "pat"])
        #expect(cancel.status == 64, "--reason is required: \(cancel.stderr)")
        #expect(try ok(["po", "cancel", "PO-CLI", "--reason", "bought elsewhere", "--db", db, "--as", "pat"])
                == "PO-CLI approved -> cancelled; 1,000 units no longer inbound at WH-UK-N; shipping notice SH-CLI dismissed with it.\n")
        #expect(try ok(["asn", "list", "--db", db, "--format", "csv"]).contains("SH-CLI,PO-CLI,dismissed,"))
        #expect(try inbound() == before)
        #expect(try QMBinary.run(qm, ["verify", "--db", db]).status == 0)
    }

    @Test func aPlannerApprovesOneSuggestionAndRejectsAnother() throws {
        let db = folder.appendingPathComponent("replenish.sqlite").path
        defer { try? FileManager.default.removeItem(at: folder) }
        try ok(["demo", "--db", db, "--skus", "60", "--locations", "4", "--orders", "400"])
        let csv = try ok(["replenish", "--dry-run", "--db", db, "--format", "csv"]).split(separator: "\n").dropFirst().map { $0.split(separator: ",").map(String.init) }
        #expect(csv.count >= 2)
        let (first, second) = (csv[0], csv[1])   // sku, location, supplier, …, suggestedQty last
        let bad = try QMBinary.run(qm, ["replenish", "--approve", "\(first[0])-\(first[1])", "--db", db, "--as", "pat"])
        #expect(bad.status != 0 && bad.stderr.contains("is not SKU@LOCATION or SKU@LOCATION:QTY"), "\(bad.stderr)")
        let both = try QMBinary.run(qm, ["replenish", "--dry-run", "--approve", "\(first[0])@\(first[1])", "--db", db, "--as", "pat"])
        #expect(both.status != 0 && both.stderr.contains("give one of them"), "\(both.stderr)")

        let quantity = Int(first.last!)! * 2
        let approved = try QMBinary.run(qm, ["replenish", "--approve", "\(first[0])@\(first[1]):\(quantity)", "--db", db, "--as", "pat"])
        #expect(approved.status == 0 && approved.stderr.contains("Approved 1 suggestion: draft purchase orders PO-"), "\(approved.stderr)")
        let draft = String(approved.stderr.split(separator: " ").first { $0.hasPrefix("PO-") }!.prefix { $0 != " " && $0 != "," })
        let shown = try ok(["po", "show", draft, "--db", db, "--format", "json"])
        #expect(shown.contains("\"sku\" : \"\(first[0])\"") || shown.contains("\"sku\":\"\(first[0])\""), "\(shown)")
        #expect(shown.contains("\(quantity)"))

        let noReason = try QMBinary.run(qm, ["replenish", "--reject", "\(second[0])@\(second[1])", "--db", db, "--as", "pat"])
        #expect(noReason.status != 0 && noReason.stderr.contains("A rejection needs a reason"), "\(noReason.stderr)")
        let rejected = try ok(["replenish", "--reject", "\(second[0])@\(second[1])", "--reason", "range ends", "--db", db, "--as", "pat"])
        #expect(rejected.hasPrefix("Rejected \(second[0])@\(second[1]): left out of the plan until 20"))
        let after = try QMBinary.run(qm, ["replenish", "--dry-run", "--db", db, "--format", "csv"])
        #expect(!after.stdout.contains("\(second[0]),\(second[1]),") && after.stderr.contains("1 rejected by a planner"), "\(after.stderr)")
        #expect(try QMBinary.run(qm, ["verify", "--db", db]).status == 0)
    }
}
