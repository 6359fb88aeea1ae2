import Testing
import Foundation

/// Orders through the real binary: import, holds and cancels with roles, and allocation
/// racing against itself and other writers.
@Suite struct OrderCLITests {
    let folder: URL
    let qm: String
    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("qm-orders-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        qm = try QMBinary.path()
    }
    func path(_ name: String) -> String { folder.appendingPathComponent(name).path }
    static let december = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../../shared/data/online-retail/online-retail-2010-12.csv").standardizedFileURL.path

    @discardableResult
    func ok(_ args: [String]) throws -> String {
        let r = try QMBinary.run(qm, args)
        guard r.status == 0 else { throw E2EError("qm \(args.joined(separator: " ")) exited \(r.status): \(r.stderr)") }
        return r.stdout
    }

    func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func theDecemberExportImportsAndAReimportIsAllDuplicates() throws {
        let db = path("retail.sqlite")
        try ok(["init", "--db", db])
        let first = try json(ok(["import", "orders", Self.december, "--input", "online-retail", "--db", db, "--format", "json"]))
        let outcome = try #require(first["outcome"] as? [String: Any])
        #expect(first["lines"] as? Int == 42_481)
        #expect(outcome["created"] as? Int == 1_629 && outcome["returns"] as? Int == 326 && outcome["writeOffs"] as? Int == 70 && outcome["adjustments"] as? Int == 0)
        let again = try json(ok(["import", "orders", Self.december, "--input", "online-retail", "--db", db, "--format", "json"]))
        #expect((again["outcome"] as? [String: Any])?["duplicates"] as? Int == 2_025)
        #expect((again["outcome"] as? [String: Any])?["created"] as? Int == 0)
        let shown = try ok(["order", "show", "online-retail:536365", "--db", db])
        #expect(shown.contains("85123A") && shown.contains("released"))
        // Write-offs wait, open, for a supervisor to post where the stock was; this database has no locations.
        let open = try #require(try JSONSerialization.jsonObject(with: Data(ok(["writeoff", "list", "--db", db, "--format", "json"]).utf8)) as? [[String: Any]])
        #expect(open.count == 70 && open.allSatisfy { $0["state"] as? String == "open" } && open.contains { $0["reason"] as? String == "faulty" })
        let nowhere = try QMBinary.run(qm, ["writeoff", "post", "online-retail:536589", "--location", "WH-X", "--db", db])
        #expect(nowhere.status != 0 && nowhere.stderr.contains("Unknown location WH-X."), "\(nowhere.stderr)")
        try ok(["writeoff", "void", "online-retail:536589", "--reason", "a note, not a loss", "--db", db])
        #expect(try ok(["writeoff", "list", "--state", "void", "--db", db, "--format", "csv"]).contains("536589"))
        // The audit's before and after are documents of their own in JSON, null when absent.
        let audit = try #require(try JSONSerialization.jsonObject(with: Data(ok(["audit", "--db", db, "--entity", "order:1", "--format", "json"]).utf8)) as? [[String: Any]])
        #expect(audit.count == 1 && audit[0]["before"] is NSNull)
        #expect((audit[0]["after"] as? [String: Any])?["state"] as? String == "released")
    }

    @Test func aFileWithABadOrderImportsNothingUnlessPartial() throws {
        let db = path("bad.sqlite")
        try ok(["init", "--db", db])
        let file = path("orders.csv")
        try """
            channel,order_ref,ordered_at,customer,ship_region,sku,quantity,unit_price,tax
            web,W-1,2026-11-20 10:00:00,C1,UK-N,MUG,2,12.50,2.08
            web,W-2,2026-11-20 10:00:00,C1,UK-N,MUG,two,12.50,2.08
            web,W-3,2026-11-20 10:00:00,C1,UK-N,MUG,1,12.50,2.08
            """.write(toFile: file, atomically: true, encoding: .utf8)
        let refused = try QMBinary.run(qm, ["import", "orders", file, "--input", "csv", "--db", db])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("orders.csv:3: W-2: quantity 'two' is not a whole number"), "\(refused.stderr)")
        #expect(refused.stderr.contains("Nothing was imported"))
        #expect(try ok(["orders", "--db", db, "--format", "csv"]).split(separator: "\n").count == 1)
        // --partial imports the good orders, and exits 3 so a script sees that some were rejected.
        let partial = try QMBinary.run(qm, ["import", "orders", file, "--input", "csv", "--db", db, "--partial"])
        #expect(partial.status == 3)
        #expect(partial.stdout.contains("2 orders created") && partial.stdout.contains("1 rejected") && partial.stdout.contains("orders.csv:3"))
    }

    @Test func holdsReleasesAndCancelsFollowRolesAndAreAudited() throws {
        let db = path("demo.sqlite")
        try ok(["demo", "--db", db, "--skus", "60", "--locations", "4", "--orders", "200"])
        let fraud = try ok(["orders", "--db", db, "--hold", "fraud", "--format", "csv", "--limit", "1"]).split(separator: "\n")[1].split(separator: ",")[0]
        let refused = try QMBinary.run(qm, ["order", "release", String(fraud), "--db", db, "--as", "cora"])
        #expect(refused.status != 0 && refused.stderr
                == "qm: A customer-service agent may not release a fraud hold (cora is a customer-service agent; a supervisor or an admin may).\n")
        // A fraud hold goes only with a note saying why.
        let bare = try QMBinary.run(qm, ["order", "release", String(fraud), "--db", db, "--as", "sam"])
        #expect(bare.status != 0 && bare.stderr == "qm: Releasing a fraud hold needs a note saying why (order \(fraud)).\n")
        try ok(["order", "release", String(fraud), "--note", "bank confirmed", "--db", db, "--as", "sam"])
        let allocated = try ok(["orders", "--db", db, "--state", "allocated", "--format", "csv", "--limit", "1"]).split(separator: "\n")[1].split(separator: ",")[0]
        let id = String(allocated)
        try ok(["order", "hold", id, "--reason", "customer", "--note", "call back", "--db", db, "--as", "cora"])
        try ok(["order", "cancel", id, "--reason", "customer-request", "--db", db, "--as", "cora"])
        let shown = try json(ok(["order", "show", id, "--db", db, "--format", "json"]))
        let order = try #require(shown["order"] as? [String: Any])
        #expect((order["header"] as? [String: Any])?["state"] as? String == "cancelled")
        let history = (shown["history"] as? [[String: Any]] ?? []).compactMap { $0["command"] as? String }
        #expect(history.prefix(2) == ["order.cancel", "order.hold"])
        #expect(try ok(["verify", "--db", db]).hasPrefix("OK"))
    }

    /// Two allocators and a third process cancelling, holding and adding stock, all at once
    /// on the same scarce SKUs: nothing is promised twice and the ledger stays exact.
    @Test func twoAllocatorsAndAnotherWriterAtOnceNeverOversell() throws {
        let db = path("race.sqlite")
        try ok(["demo", "--db", db, "--skus", "30", "--locations", "4", "--orders", "0"])
        var csv = "channel,order_ref,ordered_at,customer,ship_name,ship_line1,ship_city,ship_postcode,ship_country,ship_region,sku,quantity,unit_price,tax\n"
        let regions = ["UK-N", "UK-M", "IE"]
        for n in 0..<240 {
            for (i, sku) in ["QM10000", "QM10001", "QM10002", "QM10003"].enumerated() where (n + i) % 3 != 0 {
                csv += "web,R-\(n),2026-11-20 10:\(String(format: "%02d", n % 60)):00,C\(n % 17),Ann,1 Road,Town,PC1,GB,\(regions[n % 3]),\(sku),\(1 + (n + i) % 4),5.00,1.00\n"
            }
        }
        try csv.write(toFile: path("race.csv"), atomically: true, encoding: .utf8)
        try ok(["import", "orders", path("race.csv"), "--input", "csv", "--db", db])
        let stock = try ok(["stock", "--db", db, "--sku", "QM10001", "--format", "csv"]).split(separator: "\n")
        let location = String(stock[1].split(separator: ",")[2])

        let box = ResultBox()
        DispatchQueue.concurrentPerform(iterations: 3) { worker in
            var failures = 0
            switch worker {
            case 0, 1:
                let args = ["allocate", "--db", db, "--chunk", worker == 0 ? "3" : "5", "--policy", worker == 0 ? "fastest" : "balance"]
                for _ in 0..<3 where (try? QMBinary.run(qm, args))?.status != 0 { failures += 1 }
            default:
                for n in 0..<12 {
                    let args: [String] = switch n % 3 {
                    case 0: ["order", "cancel", "R-\(n * 7)", "--reason", "customer-request", "--db", db]
                    case 1: ["order", "hold", "R-\(n * 7 + 1)", "--reason", "customer", "--db", db]
                    default: ["move", "adjust", "--db", db, "--sku", "QM10001", "--location", location, "--qty", "3", "--reason", "found"]
                    }
                    if (try? QMBinary.run(qm, args))?.status != 0 { failures += 1 }
                }
            }
            box.add(worker: worker, applied: failures)
        }
        // Allocation runs never fail; a cancel or hold may be refused only by the order's state.
        #expect(box.applied(0) == 0 && box.applied(1) == 0)
        #expect(try ok(["verify", "--db", db]).hasPrefix("OK"))
        let orders = try ok(["orders", "--db", db, "--format", "csv", "--limit", "1000"]).split(separator: "\n").dropFirst()
        #expect(orders.count == 240)
        #expect(orders.contains { $0.contains(",allocated,") } && orders.contains { $0.contains("backordered") })
    }
}
