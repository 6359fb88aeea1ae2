import Testing
import Foundation

/// Returns end to end with the real binary: two returns authorized and received through the
/// CLI; in the console one is disposed of as resell and the other as scrap (each r or s,
/// Enter, y); stock, returns and audit checked through the CLI.
@Suite(.serialized) struct TmuxReturnTests {
    @Test func oneReturnResoldAnotherScrappedFromTheConsole() throws {
        let t = try TmuxSession()
        defer { t.close() }
        let db = t.database
        try t.qm(["demo", "--db", db, "--skus", "40", "--locations", "4", "--orders", "200"])
        let shipped = try t.qm(["orders", "--state", "shipped", "--limit", "0", "--format", "csv", "--db", db])
            .split(separator: "\n").dropFirst().map { String($0.split(separator: ",")[0]) }
        try #require(shipped.count >= 2)
        var returned: [(rma: String, sku: String, location: String, before: [String])] = []
        for (i, order) in shipped.prefix(2).enumerated() {
            try t.qm(["return", "create", order, "--line", "1", "--qty", "1", "--reason", "defective", "--as", "cora", "--db", db])
            let received = try t.qm(["return", "receive", "RMA-\(i + 1)", "--db", db])
            // "RMA-1 received: 1 x QM10007 -> returnPending @ WH-UK-N."
            let sku = String(received.split(separator: " ")[4])
            let location = String(received.split(separator: "@ ")[1].prefix { $0 != "." && $0 != ";" })
            let row = try t.qm(["stock", "--sku", sku, "--location", location, "--format", "csv", "--db", db])
                .split(separator: "\n")[1].split(separator: ",").map(String.init)
            returned.append(("RMA-\(i + 1)", sku, location, row))
        }

        try t.start(width: 140, height: 30, command: "\(t.binary) --db \(db) --pane returns")
        try t.waitFor("0 to receive · 2 to inspect")
        try t.keys("r")
        try t.waitFor("Inspect RMA-1")
        try t.keys("Enter")
        // The dialog's own words, not its title: a busy machine's capture can catch a frame half drawn.
        try t.waitFor("RMA-1: 1 x \(returned[0].sku) found asNew → sellable @ \(returned[0].location).")
        try t.keys("y")
        try t.waitFor("RMA-1: 1 x \(returned[0].sku) -> sellable @ \(returned[0].location)")
        try t.keys("j", "s")
        try t.waitFor("Inspect RMA-2")
        try t.keys("Enter")
        try t.waitFor("found damaged → written off")
        try t.keys("y")
        try t.waitFor("RMA-2: 1 x \(returned[1].sku) -> written off @ \(returned[1].location)")
        try t.keys("q")
        #expect(try t.waitForExit() == 0)

        func row(_ r: (rma: String, sku: String, location: String, before: [String])) throws -> [String] {
            try t.qm(["stock", "--sku", r.sku, "--location", r.location, "--format", "csv", "--db", db])
                .split(separator: "\n")[1].split(separator: ",").map(String.init)
        }
        // Resold: out of returnPending into sellable. Scrapped: out of returnPending and the books.
        let resold = try row(returned[0]), scrapped = try row(returned[1])
        #expect(Int(resold[3])! == Int(returned[0].before[3])! + 1 && Int(resold[7])! == Int(returned[0].before[7])! - 1)
        #expect(Int(scrapped[3])! == Int(returned[1].before[3])! && Int(scrapped[7])! == Int(returned[1].before[7])! - 1)
        let list = try t.qm(["return", "list", "--format", "csv", "--db", db])
        #expect(list.contains("RMA-1,inspected,") && list.contains("RMA-2,inspected,"), "\(list)")
        let audit = try t.qm(["audit", "--db", db, "--entity", "return:RMA-2", "--format", "csv"])
        #expect(audit.contains("return.inspect") && audit.contains("written off"), "\(audit)")
        #expect(try t.qm(["verify", "--db", db]).hasPrefix("OK:"))
    }
}
