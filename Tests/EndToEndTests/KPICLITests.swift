import Testing
import Foundation

/// `qm kpi` through the real binary on a demo: every KPI with its basis, breakdowns, formats,
/// and bad input refused in a sentence.
@Suite final class KPICLITests {
    let folder: URL
    let qm: String
    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("qm-kpi-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        qm = try QMBinary.path()
    }
    deinit { try? FileManager.default.removeItem(at: folder) }

    func ok(_ args: [String]) throws -> String {
        let r = try QMBinary.run(qm, args)
        guard r.status == 0 else { throw E2EError("qm \(args.joined(separator: " ")) exited \(r.status): \(r.stderr)") }
        return r.stdout
    }

    @Test func theDemosFiguresComeWithTheirBasisInEveryFormat() throws {
        let db = folder.appendingPathComponent("demo.sqlite").path
        _ = try ok(["demo", "--db", db, "--skus", "40", "--locations", "4", "--orders", "300"])
        let table = try ok(["kpi", "--db", db])
        #expect(table.hasPrefix("KPIs from "), "\(table)")
        for name in ["fillRate", "stockouts", "agedInventory", "exceptionQueues", "backorders"] {
            #expect(table.contains(name), "\(name) missing:\n\(table)")
        }
        let csv = try ok(["kpi", "--db", db, "--format", "csv"]).split(separator: "\n").map(String.init)
        #expect(csv.first == "kpi,group,measure,value,unit,basis")
        // The fill rate is a rate of the lines planned: its value is basis points out of a basis of lines.
        let lines = try #require(csv.first { $0.hasPrefix("fillRate,all,lines,") }).split(separator: ",").map(String.init)
        #expect(lines[4] == "basisPoints" && Int(lines[3])! <= 10_000 && Int(lines[5])! > 0, "\(lines)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(ok(["kpi", "fillRate", "--db", db, "--by", "channel", "--format", "json"]).utf8))
                                as? [String: Any])
        #expect(json["by"] as? String == "channel")
        let figures = try #require(json["figures"] as? [[String: Any]])
        #expect(!figures.isEmpty && figures.allSatisfy { $0["kpi"] as? String == "fillRate" && $0["group"] as? String != "all" })

        for (args, words) in [(["kpi", "fill"], "KPI fill is not recognised; use one of fillRate,"),
                              (["kpi", "fillRate", "--by", "supplier"], "fillRate breaks down by channel or day, not by supplier."),
                              (["kpi", "--from", "2026-02-30"], "--from 2026-02-30 is not a day like 2026-12-31."),
                              (["kpi", "--to", "2999-01-01"], "after today")] {
            let r = try QMBinary.run(qm, args + ["--db", db])
            #expect(r.status != 0 && r.stderr.contains(words), "\(args): \(r.stderr)")
        }
    }

    @Test func alertsAreListedAcknowledgedAndTheirRulesChangedFromAFile() throws {
        let db = folder.appendingPathComponent("alerts.sqlite").path
        _ = try ok(["demo", "--db", db, "--skus", "40", "--locations", "4", "--orders", "300"])
        let csv = try ok(["alerts", "--db", db, "--format", "csv"]).split(separator: "\n").map(String.init)
        #expect(csv.first == "rule,key,owner,age,since,document,message,acknowledged")
        // The demo's backorders past their promise dates: each an alert for the planners.
        let promise = try #require(csv.first { $0.hasPrefix("pastPromise,") }).split(separator: ",").map(String.init)
        #expect(promise[2] == "planner" && promise[5].hasPrefix("order "), "\(promise)")
        let key = promise[1]
        #expect(try ok(["alerts", "ack", key, "--db", db, "--note", "supply chased"]).contains("Acknowledged \(key)."))
        #expect(!(try ok(["alerts", "--db", db, "--format", "csv"]).contains(key + ",")))
        #expect(try ok(["alerts", "--all", "--db", db, "--format", "csv"]).contains(key + ","))
        #expect(try ok(["audit", "--db", db, "--entity", "alert:\(key)"]).contains("alert.ack"))

        let rules = folder.appendingPathComponent("rules.csv").path
        try "rule,scope,threshold\npastPromise,,3650\nqueueSLA,fraud holds,1\nlateness,,2\n".write(toFile: rules, atomically: true, encoding: .utf8)
        let refused = try QMBinary.run(qm, ["alerts", "rules", "import", rules, "--db", db])
        #expect(refused.status != 0 && refused.stderr.contains("rules.csv:4: rule 'lateness' is not one of ledgerDrift,"), "\(refused.stderr)")
        try "rule,scope,threshold\npastPromise,,3650\nqueueSLA,fraud holds,1\n".write(toFile: rules, atomically: true, encoding: .utf8)
        _ = try ok(["alerts", "rules", "import", rules, "--db", db])
        #expect(try ok(["alerts", "rules", "--db", db, "--format", "csv"]).contains("pastPromise,,3650,days,rules file"))
        #expect(!(try ok(["alerts", "--all", "--db", db, "--format", "csv"]).contains("pastPromise,")))
    }
}
