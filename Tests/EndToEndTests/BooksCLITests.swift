import Testing
import Foundation

/// The books through the real binary: the chart changed from a file (all or nothing), months
/// closed, and the trial balance of what happened.
@Suite final class BooksCLITests {
    let folder: URL
    let qm: String
    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("qm-books-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        qm = try QMBinary.path()
    }
    deinit { try? FileManager.default.removeItem(at: folder) }
    func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    @discardableResult
    func ok(_ args: [String]) throws -> String {
        let r = try QMBinary.run(qm, args)
        guard r.status == 0 else { throw E2EError("qm \(args.joined(separator: " ")) exited \(r.status): \(r.stderr)") }
        return r.stdout
    }

    @Test func theChartChangesFromAFileAllOrNothing() throws {
        let db = path("books.sqlite")
        try ok(["init", "--db", db])
        let bad = path("bad.csv")
        try """
            code,name,type,role
            4000,Web sales,income,
            4010,Marketplace sales,incomes,revenue
            4020,,,freightIncome
            4000,Again,income,
            4030,Other,income,revenue
            4040,Fees,income,
            ,,,
            """.write(toFile: bad, atomically: true, encoding: .utf8)
        let refused = try QMBinary.run(qm, ["accounts", "import", bad, "--db", db])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("bad.csv:3: type 'incomes' is not one of asset, liability, equity, income, expense."), "\(refused.stderr)")
        #expect(refused.stderr.contains("bad.csv:8:"), "\(refused.stderr)")
        // The rows each fine alone, wrong together: refused by the import, each by line.
        try """
            code,name,type,role
            4000,Web sales,income,
            4020,,,freightIncome
            4000,Again,income,
            4030,Other,income,revenue
            4040,Fees,income,revenue
            """.write(toFile: bad, atomically: true, encoding: .utf8)
        let clash = try QMBinary.run(qm, ["accounts", "import", bad, "--db", db])
        #expect(clash.status != 0)
        for line in ["line 3: role freightIncome maps to account 4020, which is neither in the chart nor in this file.",
                     "line 4: account 4000 is on line 2 already.",
                     "line 6: role revenue is given to 4030 on line 5 already."] {
            #expect(clash.stderr.contains(line), "\(clash.stderr)")
        }
        #expect(try ok(["accounts", "--db", db, "--format", "csv"]).contains("4000,Sales revenue,income,revenue"))

        let good = path("good.csv")
        try """
            code,name,type,role,channel,location,reason
            4000,Web sales,income,,,,
            4010,Marketplace sales,income,revenue,,,
            4020,Retail sales,income,revenue,online-retail,,
            5010,Cost of goods returned,expense,costOfGoodsSold,,,return-receipt
            """.write(toFile: good, atomically: true, encoding: .utf8)
        #expect(try ok(["accounts", "import", good, "--db", db]).contains("3 added, 1 changed, 3 roles mapped"))
        let chart = try ok(["accounts", "list", "--db", db, "--format", "csv"])
        #expect(chart.contains("4000,Web sales,income,,,,\n") && chart.contains("4010,Marketplace sales,income,revenue,,,\n"), "\(chart)")
        #expect(chart.contains("4020,Retail sales,income,revenue,online-retail,,\n") && chart.contains("5010,Cost of goods returned,expense,costOfGoodsSold,,,returnReceipt\n"),
                "\(chart)")
        #expect(try ok(["audit", "--db", db, "--entity", "accounts"]).contains("accounts.import"))
    }

    @Test func aMonthIsClosedByFinanceAndTheTrialBalanceBalances() throws {
        let db = path("periods.sqlite")
        try ok(["init", "--db", db])
        let refused = try QMBinary.run(qm, ["period", "close", "2026-13", "--db", db])
        #expect(refused.status != 0 && refused.stderr.contains("2026-13 is not a month like 2026-11."))
        try ok(["period", "close", "2026-01", "--db", db])
        #expect(try ok(["period", "list", "--db", db, "--format", "csv"]).contains("2026-01,"))
        let balance = try #require(try JSONSerialization.jsonObject(with: Data(ok(["trial-balance", "--db", db, "--format", "json"]).utf8)) as? [[String: Any]])
        #expect(balance.isEmpty)   // nothing has moved: no postings, no totals
    }

    @Test func theValuationAtADayTakesTheMovesSinceBack() throws {
        let db = path("demo.sqlite")
        try ok(["demo", "--db", db, "--skus", "20", "--locations", "3", "--orders", "200"])
        let bad = try QMBinary.run(qm, ["valuation", "--db", db, "--at", "2026-02-30"])
        #expect(bad.status != 0 && bad.stderr.contains("--at 2026-02-30 is not a day like 2026-12-31."), "\(bad.stderr)")
        // Today (and any later day) is the valuation as it stands.
        let now = try ok(["valuation", "--db", db, "--format", "csv"])
        #expect(try ok(["valuation", "--db", db, "--format", "csv", "--at", "2999-12-31"]) == now)
        // The day before the demo's first move: nothing was there to value.
        #expect(try ok(["valuation", "--db", db, "--format", "csv", "--at", "2000-01-01"]) == "sku,location,quantity,rate,value,currency\n")
        #expect(now.split(separator: "\n").count > 10)   // the demo has stock to value: the equality above says something
    }
}
