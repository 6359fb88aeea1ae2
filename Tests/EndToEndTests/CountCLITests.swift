import Testing
import Foundation

/// Cycle counts through the real binary: a count created and started, shown blind, a file
/// with a bad row refused whole, the good file counted, the variance queue, and a supervisor
/// other than the counter approving it.
@Suite struct CountCLITests {
    @Test func aCountIsEnteredFromAFileAndApprovedBySomeoneElse() throws {
        let s = try Scratch("count")
        defer { s.remove() }
        let db = s.path("count.sqlite")
        func run(_ args: [String]) throws -> QMBinary.Result { try QMBinary.run(s.qm, args + ["--db", db]) }
        func ok(_ args: [String]) throws -> String {
            let r = try run(args)
            guard r.status == 0 else { throw E2EError("qm \(args.joined(separator: " ")) exited \(r.status): \(r.stderr)") }
            return r.stdout
        }
        _ = try ok(["demo", "--skus", "20", "--locations", "3"])
        // A SKU with sellable stock and nothing reserved at a location.
        let rows = try ok(["stock", "--limit", "0", "--format", "csv"]).split(separator: "\n").dropFirst().map { $0.split(separator: ",") }
        let row = try #require(rows.first { Int($0[3])! >= 10 && $0[4] == "0" && $0[5] == "0" && $0[6] == "0" && $0[7] == "0" })
        let (sku, location, sellable) = (String(row[0]), String(row[2]), Int(row[3])!)

        #expect(try ok(["count", "create", "--location", location, "--sku", sku, "--reason", "spot check"])
                .hasPrefix("Created count 1: \(sku) at \(location), due "))
        #expect(try ok(["count", "start", "1", "--as", "sam"]) == "Count 1 started: \(sku) at \(location) (\(sku) shelf).\n")
        // Blind: the line to count shows no expected figure.
        let shown = try ok(["count", "show", "1"])
        let blindRow = try #require(shown.split(separator: "\n").first { $0.hasPrefix("\(sku) ") })
        #expect(blindRow.split(separator: " ") == ["\(sku)", "shelf", "pending", "1", "-", "-", "-"], "\(shown)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(ok(["count", "show", "1", "--format", "json"]).utf8)) as? [String: Any])
        let blindLine = try #require(((json["count"] as? [String: Any])?["lines"] as? [[String: Any]])?.first)
        #expect(blindLine["expected"] == nil && blindLine["counted"] == nil && blindLine["snapshot"] as? Int == 0)   // nothing of what is held

        let bad = s.path("bad.csv")
        try "count,sku,quantity\n1,\(sku),4\n1,\(sku),-2\n".write(toFile: bad, atomically: true, encoding: .utf8)
        let refused = try run(["count", "enter", "--file", bad, "--as", "sam"])
        #expect(refused.status == 1 && refused.stderr.contains("bad.csv:3: quantity -2 must be between 0") && refused.stderr.contains("Nothing was counted."), "\(refused.stderr)")
        #expect(try ok(["count", "list", "--format", "csv"]).contains(",counting,"))

        let good = s.path("good.csv")
        try "count,sku,quantity\n1,\(sku),4\n1,\(sku),\(sellable - 10)\n".write(toFile: good, atomically: true, encoding: .utf8)
        let counted = try ok(["count", "enter", "--file", good, "--as", "sam"])
        #expect(counted.hasPrefix("Count 1 (\(sku) at \(location)): counting -> review.\n"), "\(counted)")
        let line = try #require(counted.split(separator: "\n").first { $0.hasPrefix("\(sku) ") })
        #expect(line.split(separator: " ").prefix(5) == ["\(sku)", "shelf", "\(sellable)", "\(sellable - 6)", "-6"])
        #expect(line.hasSuffix("waits for a supervisor"))
        let queue = try ok(["count", "list", "--variances", "--format", "csv"])
        #expect(queue.contains("1,\(sku),\(location),shelf,\(sellable),\(sellable - 6),-6,"), "\(queue)")

        let own = try run(["count", "approve", "1", "--as", "sam"])
        #expect(own.status == 1 && own.stderr.contains("sam counted \(sku) on count 1 and may not approve their own count"), "\(own.stderr)")
        let approved = try ok(["count", "approve", "1", "--note", "shelf checked"])
        #expect(approved.hasPrefix("Count 1 (\(sku) at \(location)): review -> closed.\n"))
        let after = try ok(["stock", "--sku", sku, "--location", location, "--format", "csv"]).split(separator: "\n")[1].split(separator: ",")
        #expect(Int(after[3]) == sellable - 6)
        #expect(try ok(["verify"]).hasPrefix("OK:"))
        let history = try ok(["count", "show", "1"])
        #expect(history.contains("count.decide  approved 1 variance; \(sku) -6"))
    }
}
