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
