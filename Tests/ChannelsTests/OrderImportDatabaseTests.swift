import Testing
import Foundation
import Domain
import Store
import Operations
@testable import Channels

/// The December 2010 export captured into a real database, then captured again.
@Suite struct OrderImportDatabaseTests {
    static let december = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../../shared/data/online-retail/online-retail-2010-12.csv").standardizedFileURL.path

    @Test func decemberImportsOnceAndTheReimportIsAllDuplicates() throws {
        let db = try ScratchDatabase()
        defer { db.remove() }
        try db.ops.bootstrap(osUser: "tester")
        let report = try OrderFile.parse(path: Self.december, input: .onlineRetail, channel: nil)
        let rows = report.orders.map { ImportRow(line: $0.line, value: $0.draft) }
        let first = try db.ops.captureOrders(rows, source: "december", by: ScratchDatabase.admin)

        let sales = report.orders.map(\.draft).filter { $0.kind == .sale }
        let guests = sales.filter { $0.customer.isEmpty }.count
        let productCodes = Set(report.orders.flatMap { $0.draft.lines.map(\.sku) })
        #expect(first.created == 1_629 && first.returns == 326 && first.writeOffs == 70 && first.adjustments == 0 && first.duplicates == 0)
        // Guests have no address on file and wait for an address check; account orders are released.
        #expect(first.held == guests && first.released == 1_629 - guests && guests > 0)
        #expect(first.skusCreated == productCodes.count)
        #expect(first.lines == report.orders.reduce(0) { $0 + $1.draft.lines.count })
        let heldOrders = try db.ops.read { try $0.orderSummaryCount(OrderFilter(hold: .address)) }
        #expect(heldOrders == guests)

        let counts = try db.ops.read { r in (try r.orderCount(), try r.auditEntries(limit: 1_000_000).count, try r.skuCount()) }
        let again = try db.ops.captureOrders(rows, source: "december", by: ScratchDatabase.admin)
        #expect(again.duplicates == 2_025 && again.created + again.returns + again.writeOffs + again.adjustments + again.skusCreated == 0)
        let after = try db.ops.read { r in (try r.orderCount(), try r.auditEntries(limit: 1_000_000).count, try r.skuCount()) }
        #expect(after == counts)

        // One invoice in full: 536365, seven lines for customer 17850, released.
        let invoice = try db.ops.findOrder("online-retail:536365")
        #expect(invoice.header.customer == "17850" && invoice.header.state == .released && invoice.lines.count == 7)
        #expect(invoice.lines[0].sku == "85123A" && invoice.lines[0].quantity == 6 && invoice.lines[0].unitPrice == 255)
    }

    /// Every C invoice line is tied to earlier sales of the same SKU to the same customer (as
    /// far as their shipped units are not returned yet) or listed as unmatched with why: the
    /// units reconcile, no sale line takes back more than it shipped, and a re-import adds none.
    @Test func decemberReturnsAreTiedToTheirSalesOrListedAsUnmatched() throws {
        let db = try ScratchDatabase()
        defer { db.remove() }
        try db.ops.bootstrap(osUser: "tester")
        let report = try OrderFile.parse(path: Self.december, input: .onlineRetail, channel: nil)
        let rows = report.orders.map { ImportRow(line: $0.line, value: $0.draft) }
        _ = try db.ops.captureOrders(rows, source: "december", history: true, by: ScratchDatabase.admin)
        let documents = report.orders.map(\.draft).filter { $0.kind == .return }
        let returned = documents.reduce(0) { $0 + $1.lines.reduce(0) { $0 + $1.quantity } }
        let (tied, unmatched) = try db.ops.read { r in (try r.customerReturns(state: nil, limit: nil), try r.unmatchedReturns(limit: nil)) }
        #expect(tied.reduce(0) { $0 + $1.quantity } + unmatched.reduce(0) { $0 + $1.quantity } == returned)
        #expect(!tied.isEmpty && !unmatched.isEmpty && tied.allSatisfy { $0.state == .history && $0.source == "import" })
        // Each document line is accounted for: tied, unmatched, or both for a part each.
        var lines = Set<String>()
        for t in tied { lines.insert("\(t.document!):\(t.documentLine!)") }
        for u in unmatched { lines.insert("\(u.documentRef):\(u.line)") }
        #expect(lines.count == documents.reduce(0) { $0 + $1.lines.count })
        #expect(unmatched.allSatisfy { !$0.reason.isEmpty })
        #expect(unmatched.contains { $0.reason == "no customer (a guest's return): no sale to tie it to" })
        // A tied return's sale is the same customer's, earlier, of the same SKU.
        for t in tied.prefix(50) {
            let sale = try db.ops.findOrder(String(t.order))
            let document = try db.ops.findOrder("online-retail:\(t.document!)")
            #expect(sale.header.customer == document.header.customer && sale.header.orderedAt < document.header.orderedAt)
            #expect(sale.lines.first { $0.lineNo == t.lineNo }?.sku == t.sku)
        }
        #expect(try db.ops.verify().isClean)
        let again = try db.ops.captureOrders(rows, source: "december", history: true, by: ScratchDatabase.admin)
        #expect(again.duplicates == 2_025)
        #expect(try db.ops.read { r in (try r.customerReturnCount(state: nil), try r.unmatchedReturnCount()) } == (tied.count, unmatched.count))
    }

    /// The export's own arithmetic, independent of the importer: per row quantity x price,
    /// the price rounded half up to the penny (docs/FORMATS.md), summed over sales invoices
    /// and over `C` invoices, in pence.
    static func exportTotals() throws -> (sales: Int64, returns: Int64) {
        var sales: Int64 = 0, returns: Int64 = 0
        for line in try String(contentsOfFile: december, encoding: .utf8).split(separator: "\n").dropFirst() {
            // Fields, a quoted one (a description with a comma) kept whole.
            var fields: [String] = [], field = "", quoted = false
            for c in line {
                if c == "\"" { quoted.toggle() } else if c == "," && !quoted { fields.append(field); field = "" } else { field.append(c) }
            }
            fields.append(field)
            var price = Decimal(string: fields[5])!, rounded = Decimal()
            NSDecimalRound(&rounded, &price, 2, .plain)
            let pence = Int64(truncating: NSDecimalNumber(decimal: rounded * 100))
            let amount = Int64(fields[3])! * pence
            switch fields[0].first {
            case "C": returns -= amount
            case "A": break
            default: sales += amount
            }
        }
        return (sales, returns)
    }

    @Test func decemberAsHistoryPostsSalesAndRefundsToThePenny() throws {
        let db = try ScratchDatabase()
        defer { db.remove() }
        try db.ops.bootstrap(osUser: "tester")
        let report = try OrderFile.parse(path: Self.december, input: .onlineRetail, channel: nil)
        _ = try db.ops.captureOrders(report.orders.map { ImportRow(line: $0.line, value: $0.draft) }, source: "december", history: true,
                                     by: ScratchDatabase.admin)
        let rows = try db.ops.read { try $0.trialBalance() }
        let balance = Dictionary(uniqueKeysWithValues: rows.map { ($0.account, $0.balance) })
        let export = try Self.exportTotals()
        #expect(export.sales > 0 && export.returns > 0)
        // Sales revenue and postage income are what the sales invoices add up to; refunds what the C invoices do.
        #expect(-(balance["4000", default: 0] + balance["4100", default: 0]) == export.sales)
        #expect(balance["2300"] == export.returns)
        #expect(balance["1200"] == export.sales - export.returns)
        #expect(rows.reduce(0) { $0 + $1.balance } == 0 && Set(rows.map(\.currency)) == ["GBP"])
        #expect(try db.ops.verify().isClean)
    }
}
