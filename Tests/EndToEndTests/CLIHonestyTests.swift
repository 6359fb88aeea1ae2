import Testing
import Foundation

/// The command line scripts can trust: listings never cut silently, exports cannot smuggle
/// formulas into a spreadsheet, every text reaching a terminal is sanitised, numbers parse
/// the same everywhere, and users are managed without surprises.
@Suite struct CLIHonestyTests {
    let folder: URL
    let qm: String
    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("qm-honest-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        qm = try QMBinary.path()
    }
    func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    @discardableResult
    func ok(_ args: [String]) throws -> QMBinary.Result {
        let r = try QMBinary.run(qm, args)
        guard r.status == 0 else { throw E2EError("qm \(args.joined(separator: " ")) exited \(r.status): \(r.stderr)") }
        return r
    }

    func dataLines(_ csv: String) -> Int { csv.split(separator: "\n").count - 1 }

    @Test func listingsReturnEveryRowToScriptsAndSayWhatATableLeftOut() throws {
        let db = path("demo.sqlite")
        try ok(["demo", "--db", db, "--skus", "40", "--locations", "4", "--orders", "1200"])
        // csv and json: every row, nothing on stderr.
        let csv = try ok(["orders", "--db", db, "--format", "csv"])
        #expect(dataLines(csv.stdout) == 1_200 && csv.stderr.isEmpty)
        let json = try ok(["orders", "--db", db, "--format", "json"])
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(rows.count == 1_200)
        // A table pages, and says so on stderr.
        let table = try ok(["orders", "--db", db])
        #expect(table.stdout.split(separator: "\n").count == 1 + 1_000)
        #expect(table.stderr == "qm: showing 1,000 of 1,200 orders (use --limit 0 for all)\n")
        #expect(try ok(["orders", "--db", db, "--limit", "0"]).stdout.split(separator: "\n").count == 1 + 1_200)
        // An explicit limit is obeyed in any format, and the cut is still said.
        let cut = try ok(["orders", "--db", db, "--format", "csv", "--limit", "5"])
        #expect(dataLines(cut.stdout) == 5 && cut.stderr == "qm: showing 5 of 1,200 orders (use --limit 0 for all)\n")
        // The same for the other listings.
        let audit = try ok(["audit", "--db", db, "--format", "csv"])
        let auditCount = dataLines(audit.stdout)
        #expect(auditCount > 1_200 && audit.stderr.isEmpty)
        #expect(try ok(["audit", "--db", db]).stderr == "qm: showing 50 of \(auditCount.grouped) entries (use --limit 0 for all)\n")
        #expect(dataLines(try ok(["sku", "list", "--db", db, "--format", "csv"]).stdout) == 40)
        #expect(try ok(["sku", "list", "--db", db, "--limit", "3"]).stderr == "qm: showing 3 of 40 SKUs (use --limit 0 for all)\n")
        let stock = try ok(["stock", "--db", db, "--format", "csv", "--limit", "0"])
        #expect(dataLines(stock.stdout) > 0 && stock.stderr.isEmpty)
        #expect(try ok(["backorders", "--db", db, "--format", "csv"]).stderr.isEmpty)
    }

    @Test func exportsNeutraliseFormulasAndErrorsReachTheTerminalSanitised() throws {
        let db = path("shop.sqlite")
        try ok(["init", "--db", db])
        let file = path("orders.csv")
        try """
            channel,order_ref,ordered_at,customer,ship_region,sku,quantity,unit_price,tax
            web,"=HYPERLINK(""http://x"")",2026-11-20 10:00:00,C1,UK-N,MUG,2,12.50,2.08
            web,@SUM(A1),2026-11-20 10:00:00,C2,UK-N,MUG,1,12.50,2.08
            web,W-3,2026-11-20 10:00:00,has space,UK-N,MUG,1,12.50,2.08
            """.write(toFile: file, atomically: true, encoding: .utf8)
        // A customer id not in the channel's format is refused, naming it.
        let refused = try QMBinary.run(qm, ["import", "orders", file, "--input", "csv", "--db", db])
        #expect(refused.status == 1 && refused.stderr.contains("customer 'has space' must be 1-60 letters"), "\(refused.stderr)")
        try String(contentsOfFile: file, encoding: .utf8).replacingOccurrences(of: "has space", with: "C3")
            .write(toFile: file, atomically: true, encoding: .utf8)
        try ok(["import", "orders", file, "--input", "csv", "--db", db])
        let csv = try ok(["orders", "--db", db, "--format", "csv"]).stdout
        #expect(csv.contains("\"'=HYPERLINK(\"\"http://x\"\")\""), "\(csv)")
        #expect(csv.contains(",'@SUM(A1),"), "\(csv)")
        // Plain numbers are not formulas: values stay numbers.
        #expect(!csv.contains("'2") && !csv.contains("'-"))
        // An error quoting hostile input names it without passing its escape sequences on.
        let r = try QMBinary.run(qm, ["order", "show", "\u{1B}]0;pwned\u{07}X\u{1B}[2J", "--db", db])
        #expect(r.status != 0 && !r.stderr.contains("\u{1B}") && !r.stderr.contains("\u{07}"), "\(r.stderr)")
        #expect(r.stderr.hasPrefix("qm: No order X"))
    }

    @Test func numbersParseTheSameInEveryOption() throws {
        let db = path("demo.sqlite")
        try ok(["demo", "--db", db, "--skus", "20", "--locations", "3"])
        let cases: [([String], String)] = [
            (["move", "transfer", "--sku", "QM10000", "--from", "A", "--to", "B", "--qty", "-2", "--reason", "x"], "--qty must be positive, got -2."),
            (["move", "status", "--sku", "QM10000", "--location", "A", "--from", "sellable", "--to", "damaged", "--qty", "0", "--reason", "x"],
             "--qty must be positive, got 0."),
            (["move", "adjust", "--sku", "QM10000", "--location", "A", "--qty", "99999999999999999999", "--reason", "x"],
             "--qty 99999999999999999999 is too large (at most 1,000,000,000)."),
            (["move", "adjust", "--sku", "QM10000", "--location", "A", "--qty", "2x", "--reason", "x"], "--qty 2x is not a whole number."),
            (["orders", "--limit", "-1"], "--limit must be 0 or more, got -1."),
            (["allocate", "--limit", "-5"], "--limit must be at least 1, got -5."),
        ]
        for (args, message) in cases {
            let r = try QMBinary.run(qm, args + ["--db", db])
            #expect(r.status != 0, "\(args)")
            #expect(r.stderr.contains(message), "\(args): \(r.stderr)")
        }
    }

    /// Who acts is the effective uid's account, whatever `$USER` and `$LOGNAME` say: a viewer's
    /// name in them neither lowers nor raises anyone's rights, and the audit names the real account.
    @Test func identityComesFromTheOperatingSystemNotTheEnvironment() throws {
        let db = path("demo.sqlite")
        try ok(["demo", "--db", db, "--skus", "20", "--locations", "3"])
        let me = try #require(getpwuid(geteuid()).flatMap { String(validatingCString: $0.pointee.pw_name) })
        #expect(try ok(["user", "list", "--db", db, "--format", "csv"]).stdout.contains("vic,viewer"))   // the demo's viewer
        let adjust = ["move", "adjust", "--sku", "QM10000", "--location", "WH-UK-N", "--qty", "1", "--reason", "count", "--db", db]
        let asVic = try QMBinary.run(qm, adjust, environment: ["USER": "vic", "LOGNAME": "vic"])
        #expect(asVic.status == 0, "\(asVic.stderr)")
        let audit = try ok(["audit", "--db", db, "--limit", "1", "--format", "csv"]).stdout
        #expect(audit.split(separator: "\n").dropFirst().first?.contains(",\(me),admin,") == true, "\(audit)")
        #expect(!audit.contains(",vic,"))
    }

    @Test func usersAreAddedOnceChangedBySetRoleAndRemoved() throws {
        let db = path("demo.sqlite")
        try ok(["demo", "--db", db, "--skus", "20", "--locations", "3"])
        let again = try QMBinary.run(qm, ["user", "add", "sam", "--role", "admin", "--db", db])
        #expect(again.status != 0)
        #expect(again.stderr == "qm: User sam already exists (supervisor); change a role with `qm user set-role sam ROLE`.\n")
        #expect(try ok(["user", "set-role", "sam", "planner", "--db", db]).stdout == "sam: supervisor → planner.\n")
        #expect(try ok(["user", "set-role", "sam", "planner", "--db", db]).stdout == "sam is already planner; nothing changed.\n")
        #expect(try ok(["user", "remove", "sam", "--db", db]).stdout == "sam removed.\n")
        #expect(!(try ok(["user", "list", "--db", db, "--format", "csv"]).stdout.contains("sam,")))
        // Removed: nobody acts as sam any more.
        let refused = try QMBinary.run(qm, ["move", "adjust", "--sku", "QM10000", "--location", "WH-UK-S", "--qty", "1", "--reason", "x", "--db", db, "--as", "sam"])
        #expect(refused.stderr.hasPrefix("qm: --as sam: no such user"), "\(refused.stderr)")
        #expect(try ok(["--version"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ".").count == 3)
        let suppliers = try ok(["supplier", "list", "--db", db, "--format", "csv"]).stdout
        #expect(suppliers.hasPrefix("code,name,leadTimeDays,leadTimeSpreadDays,onTimePercent,receipts,learntLeadTimeDays,learntLeadTimeSpreadDays,learntOnTimePercent,minimumOrder,wholePacks,overTolerancePercent,underTolerancePercent\n") && dataLines(suppliers) > 0)
    }

    /// Zero-width characters are valid in a name (some scripts need joiners) but hide in it on
    /// screen: tables and CSV drop them, JSON writes them as escapes that decode unchanged.
    @Test func everyOutputFormatShowsNothingHidden() throws {
        let db = path("shop.sqlite")
        try ok(["init", "--db", db])
        let name = "Pay\u{200B}pal Mug\u{2060}"
        try "code,name,unit_cost,list_price,currency\nZW-1,\(name),1.00,2.00,GBP\n".write(toFile: path("skus.csv"), atomically: true, encoding: .utf8)
        try ok(["import", "skus", path("skus.csv"), "--db", db])
        let hidden: Set<UInt32> = [0x200B, 0x2060]
        for format in ["table", "csv", "json"] {
            let out = try ok(["sku", "list", "--db", db, "--format", format]).stdout
            #expect(!out.unicodeScalars.contains { hidden.contains($0.value) }, "\(format)")
            #expect(out.contains(format == "json" ? #"Pay\u200bpal Mug\u2060"# : "Paypal Mug"), "\(format): \(out)")
        }
        // Text written into a pipe is sanitised as on a terminal (`qm ... | tee log`).
        let shown = try ok(["sku", "show", "ZW-1", "--db", db]).stdout
        #expect(shown.contains("Paypal Mug") && !shown.unicodeScalars.contains { hidden.contains($0.value) })
        let json = try ok(["sku", "list", "--db", db, "--format", "json"]).stdout
        let rows = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]]
        #expect(rows?.first?["name"] as? String == name)
    }

    @Test func skusAnOrderImportCreatedAreListedForReview() throws {
        let db = path("shop.sqlite")
        try ok(["init", "--db", db])
        let file = path("orders.csv")
        try """
            channel,order_ref,ordered_at,customer,ship_region,sku,quantity,unit_price,tax
            web,W-1,2026-11-20 10:00:00,C1,UK-N,NEW-THING,2,12.50,2.08
            """.write(toFile: file, atomically: true, encoding: .utf8)
        try ok(["import", "orders", file, "--input", "csv", "--db", db])
        let review = try ok(["sku", "list", "--needs-review", "--db", db, "--format", "csv"]).stdout
        #expect(review.split(separator: "\n").dropFirst().map { $0.split(separator: ",")[0] } == ["NEW-THING"])
    }
}

extension Int {
    var grouped: String {
        let digits = String(self)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return out
    }
}

extension CLIHonestyTests {
    @Test func formatIsOfferedOnlyWhereItWorks() throws {
        let db = path("demo.sqlite")
        try ok(["demo", "--db", db, "--skus", "20", "--locations", "3", "--orders", "30"])
        // Documents: table or json; csv is refused by the parser, naming the choices.
        for args in [["order", "show", "1"], ["sku", "show", "QM10000"], ["explain", "1"], ["allocate", "--dry-run"], ["verify"]] {
            let r = try QMBinary.run(qm, args + ["--db", db, "--format", "csv"])
            #expect(r.status == 64, "\(args)")
            #expect(r.stderr.contains("'csv'") && r.stderr.contains("table") && r.stderr.contains("json"), "\(args): \(r.stderr)")
            let json = try ok(args + ["--db", db, "--format", "json"]).stdout
            #expect((try? JSONSerialization.jsonObject(with: Data(json.utf8))) != nil, "\(args): \(json.prefix(200))")
        }
        let verify = try #require(try JSONSerialization.jsonObject(with: Data(try ok(["verify", "--db", db, "--format", "json"]).stdout.utf8)) as? [String: Any])
        #expect(verify["clean"] as? Bool == true && (verify["violations"] as? [[String: String]])?.isEmpty == true)
        let chains = try #require(verify["chains"] as? [[String: Any]])
        #expect(chains.map { $0["log"] as? String } == ["audit", "stock_move"] && chains.allSatisfy { ($0["head"] as? String)?.count == 64 })
    }
}

extension CLIHonestyTests {
    @Test func aChangedReSendIsAConflictUntilAmended() throws {
        let db = path("shop.sqlite")
        try ok(["init", "--db", db])
        let file = path("orders.csv")
        func write(_ quantity: Int) throws {
            try """
                channel,order_ref,ordered_at,customer,ship_region,sku,quantity,unit_price,tax
                web,W-1,2026-11-20 10:00:00,C1,UK-N,MUG,\(quantity),12.50,2.08
                """.write(toFile: file, atomically: true, encoding: .utf8)
        }
        try write(2)
        try ok(["import", "orders", file, "--input", "csv", "--db", db])
        try write(4)
        let conflict = try QMBinary.run(qm, ["import", "orders", file, "--input", "csv", "--db", db])
        #expect(conflict.status == 1 && conflict.stderr.contains("line 1 quantity 2 → 4"), "\(conflict.stderr)")
        let listed = try QMBinary.run(qm, ["import", "orders", file, "--input", "csv", "--db", db, "--partial"])
        #expect(listed.status == 3 && listed.stdout.contains("1 conflicts") && listed.stdout.contains("conflict"), "\(listed.stdout)")
        let amended = try ok(["import", "orders", file, "--input", "csv", "--db", db, "--amend"]).stdout
        #expect(amended.contains("1 amended"), "\(amended)")
        let shown = try ok(["order", "show", "W-1", "--db", db, "--format", "json"]).stdout
        #expect(shown.contains("\"quantity\" : 4"), "\(shown.prefix(400))")
        #expect(try ok(["import", "orders", file, "--input", "csv", "--db", db]).stdout.contains("1 duplicates"))
    }
}

/// A carrier or WMS confirmation feed ships in bulk, all or nothing, and a re-sent feed
/// changes nothing.
extension CLIHonestyTests {
    @Test func shipmentConfirmationsShipInBulkAllOrNothingAndIdempotently() throws {
        let db = path("demo.sqlite")
        try ok(["demo", "--db", db, "--skus", "60", "--locations", "4", "--orders", "200"])
        let allocated = try ok(["orders", "--db", db, "--state", "allocated", "--format", "csv"]).stdout.split(separator: "\n")
            .dropFirst().compactMap { Int64($0.split(separator: ",")[0]) }
        let (a, b) = (allocated[0], allocated[1])
        let file = path("shipped.csv")
        // A bad row (an order that does not exist) ships nothing, naming its line.
        try """
            order,carrier,tracking,shipped_at
            \(a),DPD,TRK-\(a),2026-11-20 14:05:00
            999999,DPD,TRK-X,
            """.write(toFile: file, atomically: true, encoding: .utf8)
        let bad = try QMBinary.run(qm, ["import", "shipments", file, "--db", db])
        #expect(bad.status == 1 && bad.stderr.contains("shipped.csv:3") && bad.stderr.contains("No order 999999") && bad.stderr.hasSuffix("Nothing was shipped.\n"), "\(bad.stderr)")
        // Order-only flags are refused for a shipment feed, before anything is read.
        let flagged = try QMBinary.run(qm, ["import", "shipments", file, "--db", db, "--partial"])
        #expect(flagged.status == 1 && flagged.stderr.contains("apply to orders only"), "\(flagged.stderr)")
        #expect(try OrderJSON(ok(["order", "show", String(a), "--db", db, "--format", "json"]).stdout).state == "allocated")
        try """
            order,carrier,tracking,shipped_at
            \(a),DPD,TRK-\(a),2026-11-20 14:05:00
            #\(b),UPS,TRK-\(b),
            """.write(toFile: file, atomically: true, encoding: .utf8)
        let shipped = try ok(["import", "shipments", file, "--db", db, "--format", "json"]).stdout
        let outcome = try #require(try JSONSerialization.jsonObject(with: Data(shipped.utf8)) as? [String: Any])
        #expect(outcome["shipped"] as? Int == 2 && outcome["duplicates"] as? Int == 0)
        for id in [a, b] {
            let order = try OrderJSON(ok(["order", "show", String(id), "--db", db, "--format", "json"]).stdout)
            #expect(order.state == "shipped" && order.liveAllocations.isEmpty)
        }
        // When it shipped is the feed's time, not the import's.
        #expect(try ok(["order", "show", String(a), "--db", db, "--format", "json"]).stdout.contains("\"shippedAt\" : \"2026-11-20T14:05:00Z\""))
        // The same feed again: duplicates, nothing changes.
        #expect(try ok(["import", "shipments", file, "--db", db]).stdout.contains("0 confirmations, 0 shipments, 2 already recorded"))
        #expect(try ok(["verify", "--db", db]).stdout.hasPrefix("OK"))
        // A file with several bad rows lists each on its own line.
        try "order,carrier,tracking,shipped_at\n1,,T1,\n2,DPD,T2,2024-02-30 10:00:00\n".write(toFile: file, atomically: true, encoding: .utf8)
        let rows = try QMBinary.run(qm, ["import", "shipments", file, "--db", db])
        #expect(rows.status == 1 && rows.stderr.split(separator: "\n").count >= 2, "\(rows.stderr)")
    }
}

/// Waves: allocated orders grouped into a pick list, the picks taken back, short picks held
/// for a count, then shipped by the confirmation feed.
extension CLIHonestyTests {
    @Test func aWaveIsPickedWithAShortPickPackedAndShipped() throws {
        let db = path("demo.sqlite")
        try ok(["demo", "--db", db, "--skus", "60", "--locations", "4", "--orders", "300"])
        let created = try ok(["wave", "create", "--db", db, "--max-orders", "3"])
        #expect(created.stderr.hasPrefix("qm: wave 1: 3 orders picking"), "\(created.stderr)")
        var rows = created.stdout.split(separator: "\n").map(String.init)
        #expect(rows[0] == "wave,order,line,sku,location,quantity,picked")
        let picks = rows.dropFirst().map { $0.split(separator: ",").map(String.init) }
        #expect(picks.map { "\($0[4]) \($0[3])" } == picks.map { "\($0[4]) \($0[3])" }.sorted())   // the walk: location, SKU
        let orders = Set(picks.map { $0[1] })
        for order in orders { #expect(try OrderJSON(ok(["order", "show", order, "--db", db, "--format", "json"]).stdout).state == "picking") }
        // The floor found one unit fewer on the first line.
        let first = picks[0]
        let quantity = Int(first[5])!
        rows[1] = (first.prefix(6) + [String(quantity - 1)]).joined(separator: ",")
        let file = path("picked.csv")
        try (rows.joined(separator: "\n") + "\n").write(toFile: file, atomically: true, encoding: .utf8)
        let quarantineBefore = try quarantine(db, sku: first[3], location: first[4])
        let confirmed = try ok(["wave", "confirm", file, "--db", db, "--format", "json"]).stdout
        let outcome = try #require(try JSONSerialization.jsonObject(with: Data(confirmed.utf8)) as? [String: Any])
        #expect(outcome["shortPicks"] as? Int == 1 && outcome["shortUnits"] as? Int == 1)
        #expect((outcome["packed"] as? Int ?? 0) + (outcome["backordered"] as? Int ?? 0) == orders.count)
        #expect(try quarantine(db, sku: first[3], location: first[4]) == quarantineBefore + 1)
        let short = try OrderJSON(ok(["order", "show", first[1], "--db", db, "--format", "json"]).stdout)
        let line = try #require(short.lines.first { $0["lineNo"] as? Int == Int(first[2]) })
        #expect((line["backordered"] as? Int ?? 0) >= 1)
        #expect(try ok(["verify", "--db", db]).stdout.hasPrefix("OK"))
        // The same confirmation again is refused: the wave is confirmed.
        let again = try QMBinary.run(qm, ["wave", "confirm", file, "--db", db])
        #expect(again.status == 1 && again.stderr.contains("wave 1 is not open"), "\(again.stderr)")
        // Packed orders ship through the confirmation feed.
        let packed = try ok(["orders", "--db", db, "--state", "packed", "--format", "csv"]).stdout.split(separator: "\n").dropFirst()
            .map { String($0.split(separator: ",")[0]) }.filter { orders.contains($0) }
        try ("order,carrier,tracking\n" + packed.map { "\($0),DPD,W-\($0)" }.joined(separator: "\n") + "\n")
            .write(toFile: path("ship.csv"), atomically: true, encoding: .utf8)
        try ok(["import", "shipments", path("ship.csv"), "--db", db])
        for order in packed { #expect(try OrderJSON(ok(["order", "show", order, "--db", db, "--format", "json"]).stdout).state != "packed") }
        #expect(try ok(["verify", "--db", db]).stdout.hasPrefix("OK"))
        // The short pick's remainder is not forgotten: once stock is there, allocation takes it,
        // even from an order already partly shipped.
        if quantity > 1 {
            #expect(try OrderJSON(ok(["order", "show", first[1], "--db", db, "--format", "json"]).stdout).state == "partiallyShipped")
        }
        try ok(["move", "adjust", "--sku", first[3], "--location", first[4], "--qty", "5", "--reason", "found after the count", "--db", db])
        try ok(["allocate", "--db", db, "--orders", first[1]])
        let retried = try OrderJSON(ok(["order", "show", first[1], "--db", db, "--format", "json"]).stdout)
        let remainder = try #require(retried.lines.first { $0["lineNo"] as? Int == Int(first[2]) })
        #expect(remainder["backordered"] as? Int == 0 && (remainder["allocated"] as? Int ?? 0) >= 1, "\(remainder)")
        #expect(try ok(["verify", "--db", db]).stdout.hasPrefix("OK"))
    }

    func quarantine(_ db: String, sku: String, location: String) throws -> Int {
        let rows = try ok(["stock", "--db", db, "--sku", sku, "--location", location, "--format", "csv"]).stdout.split(separator: "\n")
        let header = rows[0].split(separator: ",").map(String.init)
        return Int(rows[1].split(separator: ",", omittingEmptySubsequences: false)[header.firstIndex(of: "quarantine")!]) ?? -1
    }
}
