import Testing
import Foundation

/// The command line as scripts use it: exit codes, one-sentence errors, nothing half-written.
@Suite struct CLITests {
    let folder: URL
    let qm: String
    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("qm-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        qm = try QMBinary.path()
    }
    func path(_ name: String) -> String { folder.appendingPathComponent(name).path }
    static let sampleData = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("SampleData")

    @discardableResult
    func ok(_ args: [String]) throws -> String {
        let r = try QMBinary.run(qm, args)
        guard r.status == 0 else { throw E2EError("qm \(args.joined(separator: " ")) exited \(r.status): \(r.stderr)") }
        return r.stdout
    }

    @Test func aRefusedDemoLeavesNoDatabaseBehind() throws {
        let db = path("bad.sqlite")
        let r = try QMBinary.run(qm, ["demo", "--db", db, "--skus", "0"])
        #expect(r.status != 0)
        #expect(r.stderr == "qm: --skus must be between 1 and 2,000,000, got 0.\n")
        #expect(!FileManager.default.fileExists(atPath: db))
        #expect(!FileManager.default.fileExists(atPath: db + ".partial"))
        try ok(["demo", "--db", db, "--skus", "20", "--locations", "3"])   // and a retry works
        #expect(try ok(["verify", "--db", db]).hasPrefix("OK"))
    }

    @Test func sampleDataImportsInOrderAndReimportChangesNothing() throws {
        let db = path("fresh.sqlite")
        try ok(["init", "--db", db])
        for kind in ["suppliers", "locations", "skus", "stock"] {
            let out = try ok(["import", kind, Self.sampleData.appendingPathComponent("\(kind).csv").path, "--db", db])
            #expect(out.contains("created"))
        }
        let auditBefore = try ok(["audit", "--db", db, "--limit", "100000", "--format", "csv"])
        for kind in ["suppliers", "locations", "skus", "stock"] {
            let out = try ok(["import", kind, Self.sampleData.appendingPathComponent("\(kind).csv").path, "--db", db, "--format", "json"])
            #expect(out.contains(#""created" : 0"#) && out.contains(#""updated" : 0"#) && out.contains(#""moves" : 0"#))
        }
        #expect(try ok(["audit", "--db", db, "--limit", "100000", "--format", "csv"]) == auditBefore)
        #expect(try ok(["verify", "--db", db]).hasPrefix("OK"))
    }

    @Test func refusedChangesExitNonZeroWithOneSentenceAndChangeNothing() throws {
        let db = path("demo.sqlite")
        try ok(["demo", "--db", db, "--skus", "30", "--locations", "4"])
        let row = try ok(["stock", "--db", db, "--limit", "1", "--format", "csv"]).split(separator: "\n")[1].split(separator: ",")
        let (sku, loc) = (String(row[0]), String(row[2]))
        let stockBefore = try ok(["stock", "--db", db, "--format", "csv"])
        let cases: [([String], String)] = [
            (["move", "adjust", "--db", db, "--sku", sku, "--location", loc, "--qty", "5", "--reason", "x", "--as", "vic"],
             "qm: A viewer may not adjust stock (vic is a viewer; a supervisor or an admin may).\n"),
            (["move", "adjust", "--db", db, "--sku", sku, "--location", loc, "--qty", "-100000", "--reason", "x"], "cannot move 100000"),
            (["move", "adjust", "--db", db, "--sku", sku, "--location", loc, "--qty", "1", "--reason", "count\u{1B}[2J"],
             "qm: The reason contains control characters.\n"),
            (["move", "adjust", "--db", db, "--sku", sku, "--location", loc, "--qty", "1", "--reason", "count \u{202E}lanigiro"],
             "qm: The reason contains control characters.\n"),
            (["move", "adjust", "--db", db, "--sku", sku, "--location", loc, "--qty", "1", "--reason", String(repeating: "why ", count: 200)],
             "qm: The reason is 800 characters long; at most 500.\n"),
            (["move", "adjust", "--db", db, "--sku", "NOPE", "--location", loc, "--qty", "1", "--reason", "x"], "qm: Unknown SKU NOPE.\n"),
            (["move", "status", "--db", db, "--sku", sku, "--location", loc, "--from", "sellable", "--to", "lost", "--qty", "1", "--reason", "x"],
             "'lost' is not a stock status"),
            (["stock", "--db", path("missing.sqlite")], "No database at"),
        ]
        for (args, message) in cases {
            let r = try QMBinary.run(qm, args)
            #expect(r.status != 0, "\(args)")
            #expect(r.stderr.contains(message), "\(r.stderr)")
            #expect(r.stderr.split(separator: "\n").count == 1, "not one line: \(r.stderr)")
        }
        #expect(try ok(["stock", "--db", db, "--format", "csv"]) == stockBefore)
        #expect(!FileManager.default.fileExists(atPath: path("missing.sqlite")))
    }

    @Test func twoProcessesChangingTheSameStockAtOnceKeepTheLedgerExact() throws {
        let db = path("busy.sqlite")
        try ok(["demo", "--db", db, "--skus", "30", "--locations", "4"])
        let row = try ok(["stock", "--db", db, "--status", "sellable", "--limit", "1", "--format", "csv"]).split(separator: "\n")[1].split(separator: ",")
        let (sku, loc, start) = (String(row[0]), String(row[2]), Int(row[3])!)
        let rounds = 25
        let results = ResultBox()
        // One process adds a unit at a time while another takes units away, both at once.
        DispatchQueue.concurrentPerform(iterations: 2) { worker in
            var applied = 0
            for _ in 0..<rounds {
                let r = try? QMBinary.run(qm, ["move", "adjust", "--db", db, "--sku", sku, "--location", loc,
                                               "--qty", worker == 0 ? "1" : "-2", "--reason", "race \(worker)"])
                if r?.status == 0 { applied += 1 }
            }
            results.add(worker: worker, applied: applied)
        }
        let (added, removed) = (results.applied(0), results.applied(1))
        #expect(added == rounds)   // adding never fails, however busy the database is
        let final = try ok(["stock", "--db", db, "--sku", sku, "--location", loc, "--format", "csv"]).split(separator: "\n")[1].split(separator: ",")
        #expect(Int(final[3])! == start + added - 2 * removed)
        #expect(try ok(["verify", "--db", db]).hasPrefix("OK"))
    }
}

final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private var counts: [Int: Int] = [:]
    func add(worker: Int, applied: Int) { lock.lock(); counts[worker] = applied; lock.unlock() }
    func applied(_ worker: Int) -> Int { lock.lock(); defer { lock.unlock() }; return counts[worker] ?? 0 }
}
