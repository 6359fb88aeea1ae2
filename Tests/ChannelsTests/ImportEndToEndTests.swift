import Testing
import Foundation
import Domain
import Store
import Operations
@testable import Channels

/// A real SQLite database in its own temporary folder.
struct ScratchDatabase {
    let folder: URL
    let ops: Operations
    static let admin = Actor(name: "tester", role: .admin)

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("qm-channels-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        ops = Operations(store: try LedgerStore(path: folder.appendingPathComponent("qm.sqlite").path, create: true))
    }

    func write(_ name: String, _ text: String) throws -> String {
        let url = folder.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    func remove() { try? FileManager.default.removeItem(at: folder) }

    static let sampleData = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("SampleData")

    static func sample(_ kind: MasterDataKind) -> String {
        sampleData.appendingPathComponent("\(kind.rawValue).csv").path
    }

    /// The sample files in the order they import.
    static let order: [MasterDataKind] = [.suppliers, .locations, .skus, .stock]
}

@Suite struct ImportEndToEndTests {
    @Test func sampleDataImportsAndReimportingChangesNothing() throws {
        let db = try ScratchDatabase()
        defer { db.remove() }
        let ops = db.ops
        var firstRun: [MasterDataKind: ImportSummary] = [:]
        for kind in ScratchDatabase.order {
            firstRun[kind] = try MasterDataFile.importFile(kind, path: ScratchDatabase.sample(kind), into: ops, by: ScratchDatabase.admin)
        }
        #expect(firstRun[.suppliers]?.created == 3)
        #expect(firstRun[.locations]?.created == 5)
        #expect(firstRun[.skus]?.created == 6)
        #expect(firstRun[.stock]?.moves == 11)

        // What landed is what the files say.
        let (skuCount, kit, listings, supplier, manchester) = try ops.read { r in
            (try r.skuCount(), try r.kitComponents(kit: "SET-TEA"), try r.channelListings(sku: "MUG-RED"),
             try r.supplier("SUP-HART"), try r.location("WH-MAN"))
        }
        #expect(skuCount == 6)
        #expect(kit == [KitComponent(component: "MUG-RED", quantity: 2), KitComponent(component: "TEAPOT-VIC", quantity: 1),
                        KitComponent(component: "TOWEL-STR", quantity: 1)])
        #expect(listings.map(\.channel) == ["marketplace", "web"])
        #expect(supplier?.onTimePerMille == 955)
        #expect(manchester?.regions.count == 4)
        let mugs = try ops.read { try $0.position(skuID: $0.skuID("MUG-RED")!, locationID: $0.locationID("WH-MAN")!) }
        #expect(mugs.sellable == 240 && mugs.damaged == 3)

        // Re-import: nothing created or updated, no audit entries, no stock moves.
        let auditBefore = try ops.read { try $0.auditEntries(limit: 1000).count }
        let movesBefore = try ops.read { try $0.moveCount() }
        for kind in ScratchDatabase.order {
            let again = try MasterDataFile.importFile(kind, path: ScratchDatabase.sample(kind), into: ops, by: ScratchDatabase.admin)
            #expect(again.created == 0 && again.updated == 0 && again.moves == 0, "re-importing \(kind.rawValue)")
            #expect(again.unchanged > 0)
        }
        #expect(try ops.read { try $0.auditEntries(limit: 1000).count } == auditBefore)
        #expect(try ops.read { try $0.moveCount() } == movesBefore)
    }

    @Test func aFileWithOneBadRowImportsNothing() throws {
        let db = try ScratchDatabase()
        defer { db.remove() }
        let ops = db.ops
        for kind in ScratchDatabase.order {
            _ = try MasterDataFile.importFile(kind, path: ScratchDatabase.sample(kind), into: ops, by: ScratchDatabase.admin)
        }
        let countBefore = try ops.read { try $0.skuCount() }
        let auditBefore = try ops.read { try $0.auditEntries(limit: 1000).count }
        let path = try db.write("more-skus.csv", """
            code,name,unit_cost,list_price,velocity
            NEW-1,New one,1.00,2.00,A
            NEW-2,New two,1.00,2.00,Z
            NEW-3,New three,1.00,2.00,B
            """)
        do {
            _ = try MasterDataFile.importFile(.skus, path: path, into: ops, by: ScratchDatabase.admin)
            Issue.record("expected the file to be refused")
        } catch let error as ImportFileError {
            #expect(error.errors.map(\.line) == [3])
            #expect(error.description.hasPrefix("\(path):3: velocity 'Z'"))
        }
        #expect(try ops.read { try $0.skuCount() } == countBefore)
        #expect(try ops.read { try $0.sku("NEW-1") } == nil)
        #expect(try ops.read { try $0.auditEntries(limit: 1000).count } == auditBefore)
    }

    @Test func aRowTheImportRefusesIsNamedByFileAndLineAndNothingIsImported() throws {
        let db = try ScratchDatabase()
        defer { db.remove() }
        let ops = db.ops
        _ = try MasterDataFile.importFile(.suppliers, path: ScratchDatabase.sample(.suppliers), into: ops, by: ScratchDatabase.admin)
        let path = try db.write("skus.csv", """
            code,name,unit_cost,list_price,supplier
            A,Fine,1.00,2.00,SUP-HART
            B,Unknown supplier,1.00,2.00,SUP-NOPE
            """)
        do {
            _ = try MasterDataFile.importFile(.skus, path: path, into: ops, by: ScratchDatabase.admin)
            Issue.record("expected the import to be refused")
        } catch let error as ImportFileError {
            #expect(error.errors.count == 1 && error.errors[0].line == 3)
            #expect(error.errors[0].reason.contains("SUP-NOPE"))
        }
        #expect(try ops.read { try $0.skuCount() } == 0)
    }

    /// The file is read as it is imported: a row the import refuses is reported with the
    /// problems of the rows after it, and nothing is imported.
    @Test func aRefusedRowIsReportedWithTheFileProblemsAfterIt() throws {
        let db = try ScratchDatabase()
        defer { db.remove() }
        _ = try MasterDataFile.importFile(.suppliers, path: ScratchDatabase.sample(.suppliers), into: db.ops, by: ScratchDatabase.admin)
        let path = try db.write("skus.csv", """
            code,name,unit_cost,list_price,supplier
            A,Fine,1.00,2.00,SUP-HART
            B,Unknown supplier,1.00,2.00,SUP-NOPE
            C,Fine too,1.00,2.00,
            D,Bad price,1.00,two,
            """)
        let errors = importErrors { _ = try MasterDataFile.importFile(.skus, path: path, into: db.ops, by: ScratchDatabase.admin) }
        #expect(errors.map(\.line) == [3, 5])
        #expect(errors.first?.reason.contains("SUP-NOPE") == true)
        #expect(errors.last?.reason.contains("list_price 'two' is not an amount") == true)
        #expect(try db.ops.read { try $0.skuCount() } == 0)
    }

    /// A key may come once per file, whatever its length (the import keeps the keys it has
    /// seen on disk): the second is refused, naming the first's line.
    @Test func aKeyGivenTwiceIsRefusedNamingTheFirstLine() throws {
        let db = try ScratchDatabase()
        defer { db.remove() }
        let ops = db.ops
        let files: [(MasterDataKind, String, Int, String)] = [
            (.suppliers, "code,name,lead_time_days,on_time_percent\nS1,One,1,90\nS2,Two,1,90\nS1,Again,2,90\n",
             4, "supplier S1 is already on line 2; each may appear only once."),
            (.locations, "code,name,kind,fulfils\nL1,One,warehouse,yes\nL1,Again,store,no\n",
             3, "location L1 is already on line 2; each may appear only once."),
            (.skus, "code,name,unit_cost,list_price\nA,One,1.00,2.00\nB,Two,1.00,2.00\nA,Again,1.00,2.00\n",
             4, "SKU A is already on line 2; each may appear only once."),
            (.stock, "sku,location,status,quantity\nA,L1,return-pending,1\nA,L1,sellable,1\nA,L1,Return_Pending,2\n",
             4, "A at L1 return-pending is already on line 2; each may appear only once."),
        ]
        for (kind, text, line, reason) in files {
            let path = try db.write("\(kind).csv", text)
            let errors = importErrors { _ = try MasterDataFile.importFile(kind, path: path, into: ops, by: ScratchDatabase.admin) }
            #expect(errors.map(\.line) == [line], "\(kind)")
            #expect(errors.first?.reason == reason, "\(kind)")
            // Without the second row, the file imports (so the next kind has what it needs).
            let fixed = text.split(separator: "\n").enumerated().filter { $0.offset + 1 != line }.map { $0.element + "\n" }.joined()
            _ = try MasterDataFile.importFile(kind, path: try db.write("\(kind).csv", fixed), into: ops, by: ScratchDatabase.admin)
        }
        #expect(try ops.read { try $0.skuCount() } == 2)
    }

    @Test func changedStockFileBecomesTheDifferenceInMoves() throws {
        let db = try ScratchDatabase()
        defer { db.remove() }
        let ops = db.ops
        for kind in ScratchDatabase.order {
            _ = try MasterDataFile.importFile(kind, path: ScratchDatabase.sample(kind), into: ops, by: ScratchDatabase.admin)
        }
        let movesBefore = try ops.read { try $0.moveCount() }
        let path = try db.write("count.csv", """
            sku,location,status,quantity
            MUG-RED,WH-MAN,sellable,250
            MUG-RED,WH-BRS,sellable,96
            MUG-BLUE,WH-BRS,sellable,5
            """)
        let summary = try MasterDataFile.importFile(.stock, path: path, into: ops, by: ScratchDatabase.admin)
        #expect(summary.moves == 2 && summary.updated == 1 && summary.created == 1 && summary.unchanged == 1)
        #expect(try ops.read { try $0.moveCount() } == movesBefore + 2)
        let mugs = try ops.read { try $0.position(skuID: $0.skuID("MUG-RED")!, locationID: $0.locationID("WH-MAN")!) }
        #expect(mugs.sellable == 250)
    }

    @Test func lowerStockFileBecomesAMoveOutOfTheBooks() throws {
        let db = try ScratchDatabase()
        defer { db.remove() }
        let ops = db.ops
        for kind in ScratchDatabase.order {
            _ = try MasterDataFile.importFile(kind, path: ScratchDatabase.sample(kind), into: ops, by: ScratchDatabase.admin)
        }
        let path = try db.write("count.csv", """
            sku,location,status,quantity
            MUG-RED,WH-MAN,sellable,230
            """)
        let summary = try MasterDataFile.importFile(.stock, path: path, into: ops, by: ScratchDatabase.admin)
        #expect(summary.moves == 1 && summary.updated == 1)
        let mugs = try ops.read { try $0.position(skuID: $0.skuID("MUG-RED")!, locationID: $0.locationID("WH-MAN")!) }
        #expect(mugs.sellable == 230 && mugs.damaged == 3)
        let last = try ops.read { try $0.recentMoves(sku: "MUG-RED", limit: 1) }.first
        #expect(last?.from == .sellable && last?.to == nil && last?.quantity == 10 && last?.document == "count.csv")
        #expect(try ops.verify().isClean)
    }

    @Test func aRoleThatMayNotImportIsRefused() throws {
        let db = try ScratchDatabase()
        defer { db.remove() }
        #expect(throws: OperationError.self) {
            _ = try MasterDataFile.importFile(.suppliers, path: ScratchDatabase.sample(.suppliers), into: db.ops,
                                              by: Actor(name: "vic", role: .viewer))
        }
    }

    @Test func lineAndReasonSplitsTheImportMessages() {
        #expect(MasterDataFile.lineAndReason("line 12: SKU X: preferred supplier Y does not exist.")! == (12, "SKU X: preferred supplier Y does not exist."))
        #expect(MasterDataFile.lineAndReason("tester (viewer) may not run import.master") == nil)
    }
}

/// A shipment feed is shipped as it is read, a chunk at a time: a row the import refuses in
/// one chunk is reported with the bad rows found after it, in line order, and nothing ships.
@Suite struct ShipmentFeedStreamingTests {
    @Test func aRefusalInAnEarlierChunkIsReportedWithLaterProblems() throws {
        let db = try ScratchDatabase()
        defer { db.remove() }
        try db.ops.bootstrap(osUser: ScratchDatabase.admin.name)
        let rows = (2...2_600).map { line in line == 2_400 ? "\(line),,T\(line)," : "\(line),DPD,T\(line)," }
        let path = try db.write("feed.csv", "order,carrier,tracking,shipped_at\n" + rows.joined(separator: "\n") + "\n")
        let errors = importErrors { _ = try ShipmentFile.importFile(path: path, into: db.ops, by: ScratchDatabase.admin) }
        #expect(errors.map(\.line) == [2, 2_400])
        #expect(errors.first?.reason.contains("No order 2") == true, "\(errors)")
        #expect(errors.last?.reason == "carrier is required but empty.")
    }
}

/// A receiving file is checked row by row against the order as the rows before left it, and
/// received all together or not at all.
@Suite struct ReceiptFileTests {
    static func database() throws -> ScratchDatabase {
        let db = try ScratchDatabase()
        try db.ops.bootstrap(osUser: ScratchDatabase.admin.name)
        for kind in ScratchDatabase.order {
            _ = try MasterDataFile.importFile(kind, path: ScratchDatabase.sample(kind), into: db.ops, by: ScratchDatabase.admin)
        }
        // SUP-HART: 5% over and under, whole packs of the SKU's pack size (MUG-RED: 6), so 102
        // ordered takes 97 to 107.
        let line = PurchaseOrderLine(sku: "MUG-RED", quantity: 102, unitCost: Money(minorUnits: 120, currency: "GBP"), expectedDate: "2026-12-01")
        _ = try db.ops.importPurchaseOrders([ImportRow(line: 1, value: PurchaseOrder(code: "PO-1", supplier: "SUP-HART", location: "WH-MAN",
                                                                                     currency: "GBP", state: .sent, lines: [line]))],
                                            source: "test", by: ScratchDatabase.admin)
        return db
    }

    @Test func scansAddUpToOneReceiptAndEveryBadRowIsReportedByLine() throws {
        let db = try Self.database()
        defer { db.remove() }
        let before = try db.ops.read { try $0.position(skuID: $0.skuID("MUG-RED")!, locationID: $0.locationID("WH-MAN")!) }
        // The first row the receipt refuses is reported with the malformed rows after it.
        let bad = try db.write("bad.csv", """
            sku,quantity,condition
            MUG-RED,60,
            TEAPOT-VIC,1,good
            MUG-RED,4,good
            MUG-RED,40,broken
            """)
        let errors = importErrors { _ = try ReceiptFile.receiveFile(path: bad, purchaseOrder: "PO-1", arrivedOn: nil, note: "", into: db.ops, by: ScratchDatabase.admin) }
        #expect(errors.map(\.line) == [3, 5], "\(errors)")
        #expect(errors[0].reason == "TEAPOT-VIC is not on PO-1 (it orders MUG-RED).")
        #expect(errors[1].reason == "condition 'broken' must be good, damaged.")
        // Tolerance counts every row before: 60 + 48 passes 107.
        let over = try db.write("over.csv", "sku,quantity\nMUG-RED,60\nMUG-RED,48\n")
        let overErrors = importErrors { _ = try ReceiptFile.receiveFile(path: over, purchaseOrder: "PO-1", arrivedOn: nil, note: "", into: db.ops, by: ScratchDatabase.admin) }
        #expect(overErrors.map(\.line) == [3] && overErrors.first?.reason.contains("108 would have arrived against 102 ordered") == true, "\(overErrors)")
        #expect(try db.ops.purchaseOrder("PO-1").order.lines[0].received == 0)

        // A landed cost is spread over one receipt: a file of two orders is refused with one.
        let line = PurchaseOrderLine(sku: "MUG-RED", quantity: 12, unitCost: Money(minorUnits: 120, currency: "GBP"), expectedDate: "2026-12-01")
        _ = try db.ops.importPurchaseOrders([ImportRow(line: 1, value: PurchaseOrder(code: "PO-2", supplier: "SUP-HART", location: "WH-MAN",
                                                                                     currency: "GBP", state: .sent, lines: [line]))],
                                            source: "test", by: ScratchDatabase.admin)
        let freight = [LandedCharge(kind: .freight, amount: 980)]
        let two = try db.write("two.csv", "po,sku,quantity\nPO-1,MUG-RED,96\nPO-2,MUG-RED,12\n")
        #expect(throws: OperationError("two.csv holds goods of 2 purchase orders (PO-1, PO-2): a landed cost is spread over one receipt; receive each order's file with its own.")) {
            try ReceiptFile.receiveFile(path: two, purchaseOrder: nil, arrivedOn: nil, note: "", landed: freight, into: db.ops, by: ScratchDatabase.admin)
        }
        let good = try db.write("scans.csv", "po,sku,quantity,condition\n" + String(repeating: "PO-1,MUG-RED,1,\n", count: 96) + "PO-1,MUG-RED,2,damaged\n")
        let outcomes = try ReceiptFile.receiveFile(path: good, purchaseOrder: nil, arrivedOn: nil, note: "", landed: freight,
                                                   into: db.ops, by: ScratchDatabase.admin)
        #expect(outcomes.count == 1 && outcomes[0].stateAfter == .received)   // 98 of 102 is within 5% under
        #expect(outcomes[0].lines.map { "\($0.quantity) \($0.status.rawValue)" } == ["96 sellable", "2 damaged"])
        let after = try db.ops.read { try $0.position(skuID: $0.skuID("MUG-RED")!, locationID: $0.locationID("WH-MAN")!) }
        #expect(after.sellable == before.sellable + 96 && after.damaged == before.damaged + 2)
        // 98 at 1.20 with 9.80 of freight: 11.76 + 9.80 to inventory, the freight from landed cost clearing.
        let receipt = try db.ops.read { try $0.journal(JournalFilter(document: "PO-1"), limit: nil) }
        #expect(receipt.map { "\($0.account) \($0.debit - $0.credit)" } == ["1300 12740", "2100 -11760", "1400 -980"])
        #expect(try db.ops.verify().isClean)
    }
}

/// Purchase-order files: an order's rows gathered into one order, taken to the state it asks
/// for, a re-import changing nothing, and every problem reported by line.
@Suite struct PurchaseOrderFileTests {
    static func database() throws -> ScratchDatabase {
        let db = try ScratchDatabase()
        try db.ops.bootstrap(osUser: ScratchDatabase.admin.name)
        for kind in ScratchDatabase.order {
            _ = try MasterDataFile.importFile(kind, path: ScratchDatabase.sample(kind), into: db.ops, by: ScratchDatabase.admin)
        }
        return db
    }

    @Test func theSampleImportsOnceAndAgainChangesNothing() throws {
        let db = try Self.database()
        defer { db.remove() }
        let sample = ScratchDatabase.sampleData.appendingPathComponent("purchase-orders.csv").path
        let first = try PurchaseOrderFile.importFile(path: sample, into: db.ops, by: ScratchDatabase.admin)
        #expect(first.created == 2)
        let hart = try db.ops.purchaseOrder("PO-HART-1")
        #expect(hart.order.state == .sent && hart.order.lines.map(\.sku) == ["MUG-RED", "MUG-BLUE"] && hart.order.note == "winter restock")
        #expect(hart.order.value == Money(minorUnits: 32_400, currency: "GBP"))
        #expect(try db.ops.purchaseOrder("PO-ORCH-1").order.state == .draft)
        let again = try PurchaseOrderFile.importFile(path: sample, into: db.ops, by: ScratchDatabase.admin)
        #expect(again.created == 0 && again.unchanged == 2)
        #expect(try db.ops.verify().isClean)
    }

    @Test func everyProblemIsReportedByLineAndNothingIsImported() throws {
        let db = try Self.database()
        defer { db.remove() }
        let header = "po,supplier,location,state,sku,quantity,unit_cost,expected_date\n"
        // Malformed rows, all reported.
        let malformed = try db.write("bad.csv", header + """
            PO-1,SUP-HART,WH-MAN,sent,MUG-RED,12,1.80,2026-12-18
            PO-1,SUP-HART,WH-MAN,sent,MUG-BLUE,twelve,1.80,2026-12-18
            PO-2,SUP-ORCH,WH-BRS,received,TEAPOT-VIC,5,7.40,2026-12-40
            """)
        let errors = importErrors { _ = try PurchaseOrderFile.importFile(path: malformed, into: db.ops, by: ScratchDatabase.admin) }
        #expect(errors.map(\.line) == [3, 4, 4], "\(errors)")
        #expect(errors[0].reason == "quantity 'twelve' is not a whole number.")
        // A row disagreeing with its order's first row; an order the import refuses, at its first line.
        let refused = try db.write("refused.csv", header + """
            PO-1,SUP-HART,WH-MAN,sent,MUG-RED,12,1.80,2026-12-18
            PO-1,SUP-HART,WH-BRS,sent,MUG-BLUE,12,1.80,2026-12-18
            """)
        let refusal = importErrors { _ = try PurchaseOrderFile.importFile(path: refused, into: db.ops, by: ScratchDatabase.admin) }
        #expect(refusal.map(\.line) == [3] && refusal[0].reason.contains("must be those of its first row (line 2)"), "\(refusal)")
        let terms = try db.write("terms.csv", header + """
            PO-1,SUP-ORCH,WH-MAN,sent,TEAPOT-VIC,5,7.40,2026-12-18
            PO-2,SUP-HART,WH-MAN,sent,LANTERN-WHT,1,1.00,2026-12-18
            PO-2,SUP-HART,WH-MAN,sent,MUG-RED,13,1.80,2026-12-18
            """)
        let termErrors = importErrors { _ = try PurchaseOrderFile.importFile(path: terms, into: db.ops, by: ScratchDatabase.admin) }
        #expect(termErrors.map(\.line) == [3], "\(termErrors)")
        #expect(termErrors.first?.reason == "PO-2 line LANTERN-WHT: 1 is below SUP-HART's minimum order of 12.")
        #expect(try db.ops.read { try $0.purchaseOrderCount(PurchaseOrderFilter()) } == 0)
        // An order's rows apart: the second group is refused as a repeat.
        let apart = try db.write("apart.csv", header + """
            PO-1,SUP-ORCH,WH-MAN,draft,TEAPOT-VIC,5,7.40,2026-12-18
            PO-2,SUP-ORCH,WH-MAN,draft,TEAPOT-VIC,5,7.40,2026-12-18
            PO-1,SUP-ORCH,WH-MAN,draft,LANTERN-WHT,5,7.40,2026-12-18
            """)
        let apartErrors = importErrors { _ = try PurchaseOrderFile.importFile(path: apart, into: db.ops, by: ScratchDatabase.admin) }
        #expect(apartErrors.map(\.line) == [4] && apartErrors[0].reason.contains("already on line 2"), "\(apartErrors)")
    }
}

/// Purchase orders and notices as JSON: the same orders as the CSV sample, the CSV's rules
/// and messages on the line each line object starts, structure problems refused by line.
@Suite struct InboundJSONFileTests {
    @Test func jsonOrdersAndNoticesImportAsTheirCSVDo() throws {
        let csv = try PurchaseOrderFileTests.database(), json = try PurchaseOrderFileTests.database()
        defer { csv.remove(); json.remove() }
        _ = try PurchaseOrderFile.importFile(path: ScratchDatabase.sampleData.appendingPathComponent("purchase-orders.csv").path,
                                             into: csv.ops, by: ScratchDatabase.admin)
        let file = try json.write("pos.json", """
            [{"po": "PO-HART-1", "supplier": "SUP-HART", "location": "WH-MAN", "currency": "GBP", "state": "sent", "note": "winter restock",
              "lines": [{"sku": "MUG-RED", "quantity": 120, "unitCost": "1.80", "expectedDate": "2026-12-18"},
                        {"sku": "MUG-BLUE", "quantity": "60", "unitCost": 1.80, "expectedDate": "2026-12-18"}]}]
            """)
        #expect(try PurchaseOrderFile.importFile(path: file, input: .json, into: json.ops, by: ScratchDatabase.admin).created == 1)
        #expect(try json.ops.purchaseOrder("PO-HART-1").order == csv.ops.purchaseOrder("PO-HART-1").order)
        #expect(try PurchaseOrderFile.importFile(path: file, input: .json, into: json.ops, by: ScratchDatabase.admin).unchanged == 1)

        let notices = try json.write("asn.jsonl", """
            {"asn": "SH-1", "po": "PO-HART-1", "expectedArrival": "2026-12-18", "lines": [{"sku": "MUG-RED", "quantity": 120}]}
            {"asn": "SH-2", "po": "PO-HART-1", "expectedArrival": "2026-12-18", "lines": [{"sku": "TEAPOT-VIC", "quantity": 5}]}
            """)
        let summary = try ShippingNoticeFile.importFile(path: notices, input: .json, into: json.ops, by: ScratchDatabase.admin)
        #expect(summary.created == 2 && summary.withExceptions == 1)
        #expect(InboundInput.of(path: notices, given: nil) == .json && InboundInput.of(path: "x.csv", given: nil) == .csv
                && InboundInput.of(path: "x.json", given: "CSV") == .csv && InboundInput.of(path: "x", given: "xml") == nil)
    }

    @Test func everyProblemIsReportedByTheLineOfItsObjectAndNothingIsImported() throws {
        let db = try PurchaseOrderFileTests.database()
        defer { db.remove() }
        let structure = try db.write("structure.json", """
            [{"po": "PO-1", "supplier": "SUP-HART", "location": "WH-MAN", "colour": "red",
              "lines": [{"sku": "MUG-RED", "quantity": 12, "unitCost": "1.80", "expectedDate": "2026-12-18", "size": 2}]},
             {"po": "PO-2", "supplier": "SUP-HART", "location": "WH-MAN", "lines": []},
             {"po": "PO-3", "supplier": "SUP-HART", "location": "WH-MAN"},
             {"po": {"nested": 1}, "supplier": "SUP-HART", "location": "WH-MAN", "lines": [3]},
             7]
            """)
        let errors = importErrors { _ = try PurchaseOrderFile.importFile(path: structure, input: .json, into: db.ops, by: ScratchDatabase.admin) }
        #expect(errors.map(\.line) == [1, 2, 3, 4, 5, 5, 6], "\(errors)")
        #expect(errors[0].reason.hasPrefix("unknown key colour in the purchase order; its keys are po, supplier"))
        #expect(errors[2].reason == "\"lines\" of purchase order 2 must be a non-empty array of line objects.")
        #expect(errors[3].reason == "purchase order 3 has no \"lines\": [{...}, ...].")
        #expect(errors[4].reason == "po must be a string or a number, not an object.")
        // Sound structure: the CSV's rules, each on the line its line object starts.
        let rules = try db.write("rules.json", """
            [{"po": "PO-1", "supplier": "SUP-HART", "location": "WH-MAN", "state": "sent",
              "lines": [
                {"sku": "MUG-RED", "quantity": 12, "unitCost": "1.80", "expectedDate": "2026-12-18"},
                {"sku": "MUG-BLUE", "quantity": "twelve", "unitCost": "1.80", "expectedDate": "2026-12-18"},
                {"sku": "TEAPOT-VIC", "quantity": 5, "unitCost": "7.40", "expectedDate": "2026-12-40"}]}]
            """)
        let ruleErrors = importErrors { _ = try PurchaseOrderFile.importFile(path: rules, input: .json, into: db.ops, by: ScratchDatabase.admin) }
        #expect(ruleErrors.map(\.line) == [4, 5], "\(ruleErrors)")
        #expect(ruleErrors[0].reason == "quantity 'twelve' is not a whole number.")
        let broken = try db.write("broken.json", "[{\"po\": \"PO-1\",\n \"lines\": [}]")
        #expect(importErrors { _ = try PurchaseOrderFile.importFile(path: broken, input: .json, into: db.ops, by: ScratchDatabase.admin) }.map(\.line) == [2])
        #expect(try db.ops.read { try $0.purchaseOrderCount(PurchaseOrderFilter()) } == 0)
    }
}

/// Shipping notices: matched against their orders, what does not match kept as an exception
/// (never a silent acceptance), malformed rows refused by line, a re-import changing nothing,
/// and a clean notice received as announced.
@Suite struct ShippingNoticeFileTests {
    @Test func noticesAreMatchedAndTheMismatchesWaitAsExceptions() throws {
        let db = try PurchaseOrderFileTests.database()
        defer { db.remove() }
        _ = try PurchaseOrderFile.importFile(path: ScratchDatabase.sampleData.appendingPathComponent("purchase-orders.csv").path,
                                             into: db.ops, by: ScratchDatabase.admin)
        // PO-HART-1 is sent: 120 MUG-RED and 60 MUG-BLUE, SUP-HART allowing 5% over.
        let file = try db.write("asn.csv", """
            asn,po,sku,quantity,expected_arrival
            SH-1,PO-HART-1,MUG-RED,120,2026-12-18
            SH-1,PO-HART-1,MUG-BLUE,60,2026-12-18
            SH-2,PO-HART-1,MUG-RED,200,2026-12-19
            SH-2,PO-HART-1,TEAPOT-VIC,5,2026-12-19
            SH-2,PO-HART-1,NO-SUCH,1,2026-12-19
            SH-3,PO-NOPE,MUG-RED,1,2026-12-19
            SH-4,PO-ORCH-1,TEAPOT-VIC,25,2026-12-20
            """)
        let summary = try ShippingNoticeFile.importFile(path: file, into: db.ops, by: ScratchDatabase.admin)
        #expect(summary.created == 4 && summary.withExceptions == 3)
        let exceptions = try db.ops.read { try $0.shippingNotices(withExceptions: true) }
        #expect(exceptions.map(\.notice.ref) == ["SH-2", "SH-3", "SH-4"])
        #expect(exceptions[0].exceptions.map(\.problem) == [
            "200 of MUG-RED announced, but PO-HART-1 takes at most 126 more (120 ordered, 0 received, 5% over allowed)",
            "TEAPOT-VIC is not on PO-HART-1", "NO-SUCH is not a known SKU"])
        #expect(exceptions[1].exceptions.map(\.problem) == ["purchase order PO-NOPE is unknown"])
        #expect(exceptions[2].exceptions.map(\.problem) == ["PO-ORCH-1 is draft: nothing can be received against it"])
        #expect(try ShippingNoticeFile.importFile(path: file, into: db.ops, by: ScratchDatabase.admin).unchanged == 4)

        // A notice with exceptions is not received as announced; a clean one is.
        #expect(throws: OperationError.self) { try db.ops.receiveShippingNotice("SH-2", arrivedOn: nil, note: "", by: ScratchDatabase.admin) }
        let outcome = try db.ops.receiveShippingNotice("SH-1", arrivedOn: nil, note: "", landed: [LandedCharge(kind: .duty, amount: 1_800)],
                                                       spread: .quantity, by: ScratchDatabase.admin)
        #expect(outcome.stateAfter == .received && outcome.lines.map(\.quantity) == [120, 60])
        // Its duty spread by units: 12.00 over the 120 mugs, 6.00 over the 60.
        let values = try db.ops.read { r in
            try Int64.fetchAll(r.db, sql: """
                SELECT v.value FROM stock_move m JOIN move_value v ON v.move_id = m.id WHERE m.document = 'PO-HART-1' ORDER BY m.id
                """)
        }
        let prices = try db.ops.purchaseOrder("PO-HART-1").order.lines.map { Int64($0.quantity) * $0.unitCost.minorUnits }
        #expect(values == [prices[0] + 1_200, prices[1] + 600], "\(values) \(prices)")
        #expect(try db.ops.read { try $0.shippingNotice("SH-1") }?.state == "received")
        #expect(throws: OperationError("Shipping notice SH-1 is received already.")) {
            try db.ops.receiveShippingNotice("SH-1", arrivedOn: nil, note: "", by: ScratchDatabase.admin)
        }
        #expect(try db.ops.verify().isClean)
    }

    @Test func malformedNoticesAreRefusedByLineAndNothingIsImported() throws {
        let db = try PurchaseOrderFileTests.database()
        defer { db.remove() }
        let file = try db.write("bad.csv", """
            asn,po,sku,quantity,expected_arrival
            SH-1,PO-1,MUG-RED,12,2026-12-18
            SH-1,PO-1,MUG-RED,6,2026-12-18
            SH-2,PO-1,MUG-BLUE,0,2026-12-18
            SH-3,PO-1,MUG-BLUE,5,18/12/2026
            """)
        let errors = importErrors { _ = try ShippingNoticeFile.importFile(path: file, into: db.ops, by: ScratchDatabase.admin) }
        #expect(errors.map(\.line) == [3, 4, 5], "\(errors)")
        #expect(errors[0].reason == "ASN SH-1: MUG-RED is on the notice twice (line 2); one line per SKU.")
        #expect(try db.ops.read { try $0.shippingNotices() }.isEmpty)
    }
}
