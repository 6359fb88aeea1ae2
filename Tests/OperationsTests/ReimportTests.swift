import Testing
import Foundation
import Domain
import Store
@testable import Operations

/// Importing the same data twice changes nothing, even when the second file drops things.
@Suite struct ReimportTests {
    let db: TestDatabase
    init() throws { db = try TestDatabase() }
    var ops: Operations { db.ops }
    let gbp = { (n: Int64) in Money(minorUnits: n, currency: "GBP") }

    func rows(_ records: [SKURecord]) -> [ImportRow<SKURecord>] {
        records.enumerated().map { ImportRow(line: $0 + 1, value: $1) }
    }

    func auditCount() throws -> Int { try ops.read { try $0.auditEntries(limit: 100_000).count } }

    @Test func droppedListingsAndComponentsAreReplacedOnceThenStable() throws {
        let admin = TestDatabase.admin
        let web = ChannelListing(channel: "web", listingID: "W-A", price: gbp(250), enabled: true)
        let market = ChannelListing(channel: "marketplace", listingID: "M-A", price: gbp(270), enabled: true)
        let a = SKU(code: "A", name: "Item A", unitCost: gbp(100), listPrice: gbp(200))
        _ = try ops.importSKUs(rows([SKURecord(sku: a, listings: [web, market])]), source: "f1", by: admin)
        // The second file drops the marketplace listing and turns KIT into an ordinary SKU.
        var plain = try #require(try ops.read { try $0.sku("KIT") })
        plain.isKit = false
        let second = rows([SKURecord(sku: a, listings: [web]), SKURecord(sku: plain)])
        let first = try ops.importSKUs(second, source: "f2", by: admin)
        #expect(first.updated == 2)
        #expect(try ops.read { try $0.channelListings(sku: "A") } == [web])
        #expect(try ops.read { try $0.kitComponents(kit: "KIT") } == [])
        let audits = try auditCount()
        let again = try ops.importSKUs(second, source: "f2", by: admin)
        #expect(again.unchanged == 2 && again.updated == 0 && again.created == 0)
        #expect(try auditCount() == audits)
    }

    @Test func aComponentCannotBecomeAKit() throws {
        var b = try #require(try ops.read { try $0.sku("B") })
        b.isKit = true
        #expect { try ops.importSKUs(rows([SKURecord(sku: b, components: [KitComponent(component: "A", quantity: 1)])]), source: "f", by: TestDatabase.admin) }
            throws: { ($0 as? OperationError)?.message == "line 1: SKU B is a component of a kit and cannot become a kit itself." }
    }

    @Test func stockImportAuditsEachPositionAndReimportAddsNothing() throws {
        let levels = [StockLevel(sku: "A", location: "L1", status: .sellable, quantity: 7),
                      StockLevel(sku: "B", location: "L2", status: .quarantine, quantity: 2)]
        let rows = levels.enumerated().map { ImportRow(line: $0 + 2, value: $1) }
        let summary = try ops.importStock(rows, source: "stock.csv", by: TestDatabase.admin)
        #expect(summary.moves == 2)
        let entry = try ops.read { try $0.auditEntries(entity: "stock:A@L1", limit: 5) }
        #expect(entry.count == 1 && entry[0].after?.contains(#""sellable":7"#) == true)
        let audits = try auditCount()
        #expect(try ops.importStock(rows, source: "stock.csv", by: TestDatabase.admin).unchanged == 2)
        #expect(try auditCount() == audits)
        #expect(try ops.verify().isClean)
    }
}
