import Testing
import Foundation

/// Count variances end to end with the real binary: two counts entered short by sam through
/// the CLI; in the console (run as the OS user, an admin) one variance is approved and the
/// other sent to a recount; stock, counts and audit checked through the CLI.
@Suite(.serialized) struct TmuxCountTests {
    @Test func oneVarianceApprovedAnotherRecountedFromTheConsole() throws {
        let t = try TmuxSession()
        defer { t.close() }
        let db = t.database
        try t.qm(["demo", "--db", db, "--skus", "40", "--locations", "4", "--orders", "0"])
        func shelf(_ sku: String) throws -> (sellable: Int, shelf: Int) {
            let csv = try t.qm(["stock", "--db", db, "--sku", sku, "--location", "WH-UK-N", "--format", "csv"])
            let row = try #require(csv.split(separator: "\n").dropFirst().first).split(separator: ",").map(String.init)
            return (Int(row[3])!, Int(row[3])! + Int(row[4])!)
        }
        // Two SKUs with shelf stock at WH-UK-N and nothing in quarantine, damaged or returns.
        let rows = try t.qm(["stock", "--db", db, "--location", "WH-UK-N", "--limit", "0", "--format", "csv"])
            .split(separator: "\n").dropFirst().map { $0.split(separator: ",").map(String.init) }
        let skus = rows.filter { Int($0[3])! >= 10 && $0[5] == "0" && $0[6] == "0" && $0[7] == "0" }.prefix(2).map { $0[0] }
        try #require(skus.count == 2)
        var before: [Int] = []
        for (i, sku) in skus.enumerated() {
            try t.qm(["count", "create", "--location", "WH-UK-N", "--sku", sku, "--db", db])
            try t.qm(["count", "start", String(i + 1), "--as", "sam", "--db", db])
            let s = try shelf(sku)
            before.append(s.sellable)
            try t.qm(["count", "enter", String(i + 1), "--line", "\(sku):\(s.shelf - 5)", "--as", "sam", "--db", db])
        }

        try t.start(width: 140, height: 30, command: "\(t.binary) --db \(db) --pane counts")
        try t.waitFor("2 waiting for a supervisor")
        try t.keys("a")
        try t.waitFor("Approve count variances")
        #expect(t.screen.contains("count 1 · \(skus[0]) at WH-UK-N (shelf)"), "\(t.screen)")
        try t.keys("y")
        try t.waitFor("count 1: \(skus[0]) -5 sellable @ WH-UK-N")
        try t.waitFor("1 waiting for a supervisor")
        try t.keys("x")
        try t.waitFor("Recount 1 variance")
        try t.type("label was torn")
        try t.keys("Enter")
        try t.waitFor("Send 1 variance to a blind recount")
        try t.keys("y")
        try t.waitFor("count 2: \(skus[1]) (shelf) to a recount")
        try t.keys("q")
        #expect(try t.waitForExit() == 0)

        #expect(try shelf(skus[0]).sellable == before[0] - 5)
        #expect(try shelf(skus[1]).sellable == before[1])
        let counts = try t.qm(["count", "list", "--db", db, "--format", "csv"]).split(separator: "\n").dropFirst().map { $0.split(separator: ",").map(String.init) }
        #expect(counts.map { $0[1] } == ["closed", "counting"])
        let audit = try t.qm(["audit", "--db", db, "--entity", "count:2", "--format", "csv"])
        #expect(audit.contains("rejected 1 variance for a recount; \(skus[1]) -5") && audit.contains("label was torn"), "\(audit)")
        #expect(try t.qm(["verify", "--db", db]).hasPrefix("OK:"))
    }
}
