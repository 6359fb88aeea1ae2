import Testing
import Foundation
import GRDB
import Domain
@testable import Store
@testable import Operations

/// The books on a real database: every move in or out posts as it happens, the inventory
/// account holds the value of the stock on hand, and `qm verify` proves it (docs/MONEY.md).
@Suite struct BooksTests {
    static let sam = OrderFixture.supervisor

    func balances(_ f: OrderFixture) throws -> [String: Int64] {
        Dictionary(uniqueKeysWithValues: try f.ops.read { try $0.trialBalance() }.map { ($0.account, $0.balance) })
    }

    @Test func aReceiptPostsAtItsPriceAndAShipmentAtTheMovingAverage() throws {
        // A: 10 on hand at L1 at its unit cost, 1.00: worth 10.00.
        let f = try ReceivingOperationTests.fixture(stockA: (10, 0))
        defer { f.db.remove() }
        #expect(try balances(f) == ["1300": 1_000, "3000": -1_000])
        // 20 received at the order's price, 0.10: 30 worth 12.00, a rate of 0.40.
        _ = try f.ops.importPurchaseOrders([ImportRow(line: 1, value: ReceivingOperationTests.order("PO-1", [("A", 20)]))],
                                           source: "test", by: OrderFixture.admin)
        _ = try f.ops.receive([ReceiptRequest(purchaseOrder: "PO-1", lines: [ReceivedLine(sku: "A", quantity: 20)])], by: Self.sam)
        #expect(try balances(f) == ["1300": 1_200, "2100": -200, "3000": -1_000])

        // 4 shipped: 12.00 x 4 / 30 = 1.60 to the cost of goods sold.
        let order = try ReturnOperationTests().shipped(f, "W-1", lines: [("A", 4)], freight: 0)
        let after = try balances(f)
        #expect(after == ["1300": 1_040, "2100": -200, "3000": -1_000, "5000": 160])
        #expect(after.values.reduce(0, +) == 0)

        let shipped = try f.ops.read { try $0.journal(JournalFilter(document: "order \(order)"), limit: nil) }
        #expect(shipped.map(\.account) == ["1300", "5000"] && shipped.map(\.credit) == [160, 0] && shipped.map(\.debit) == [0, 160])
        #expect(shipped.allSatisfy { $0.event == "order.ship" && $0.location == "L1" && $0.actor == "sam" })
        let valued = try f.ops.read { try $0.valuation(limit: nil) }.filter { $0.sku == "A" }
        #expect(valued.map(\.quantity) == [26] && valued.map(\.value) == [1_040] && valued.map(\.rate) == [40])
        #expect(try f.ops.verify().isClean)

        // Invoiced (finance): the customer owes 4 x 2.50 and the line's tax of 0.50, on its channel.
        _ = try f.ops.advance(order: order, .invoice, by: OrderFixture.finance)
        #expect(try balances(f) == ["1200": 1_050, "1300": 1_040, "2100": -200, "2200": -50, "3000": -1_000, "4000": -1_000, "5000": 160])
        let invoice = try f.ops.read { try $0.journal(JournalFilter(document: "order \(order)"), limit: nil) }.filter { $0.event == "order.invoice" }
        #expect(invoice.map(\.account) == ["1200", "4000", "2200"] && invoice.allSatisfy { $0.channel == "web" && $0.actor == "fin" })

        // Its money: 10.00 of goods billed, 1.60 cost of goods, 5.00 to carry it from L1 to region R.
        let money = try f.ops.orderMoney(order)
        #expect(money.billed.goods == 1_000 && money.billed.tax == 50 && money.revenue == 1_000)
        #expect(money.costOfGoods == 160 && money.freightCost == 500 && money.margin == 340 && money.refunded == 0)
        let margins = try f.ops.margins(channel: "web", from: "2026-11-20", to: "2026-11-20")
        #expect(margins.map(\.order.id) == [Int64(order)!] && margins.first?.money == money)
        #expect(try f.ops.margins(channel: "web", from: "2026-11-21", to: nil).isEmpty)
    }

    @Test func aPartlyCancelledOrderIsInvoicedForWhatShippedWithItsChargesAndFreight() throws {
        var owed = InvoiceAmounts()
        // 3 of 4 shipped (one cancelled) at 2.50 less a 1.00 discount on the line: 9.00 x 3 / 4 = 6.75;
        // its tax 1.01 x 3 / 4 = 0.7575, half up 0.76.
        owed.add(quantity: 4, shipped: 3, unitPrice: 250, discount: 100, tax: 101)
        owed.add(quantity: 2, shipped: 0, unitPrice: 999, discount: 0, tax: 10)
        owed.charges = -50
        owed.freight = 495
        #expect(owed.goods == 675 && owed.tax == 76 && owed.total == 675 + 76 - 50 + 495)
    }

    @Test func aTransferMovesValueBetweenLocationsAndChangesNoSKUsValue() throws {
        let f = try OrderFixture()
        defer { f.db.remove() }
        try f.ops.transfer(sku: "A", from: "L1", to: "L2", status: .sellable, quantity: 3, reason: "rebalance", by: Self.sam)
        let lines = try f.ops.read { try $0.journal(JournalFilter(), limit: nil) }.filter { $0.event == "stock.transfer" }
        #expect(lines.map { "\($0.account)@\($0.location ?? "-") \($0.debit)/\($0.credit)" } == ["1300@L1 0/300", "1300@L2 300/0"])
        #expect(try balances(f)["1300"] == 3_000)
        #expect(try f.ops.verify().isClean)
    }

    @Test func verifyFindsBooksThatDisagreeWithTheStock() throws {
        let f = try OrderFixture()
        defer { f.db.remove() }
        try f.ops.adjust(sku: "A", location: "L1", status: .sellable, delta: -2, reason: "broken", by: Self.sam)
        #expect(try balances(f)["5200"] == 200 && f.ops.verify().isClean)
        try f.ops.store.write { try $0.db.execute(sql: "UPDATE sku_valuation SET value = value + 1, quantity = quantity + 1 WHERE sku_id = (SELECT id FROM sku WHERE code = 'A')") }
        let found = try f.ops.verify().findings.filter { $0.check == "books" }.map(\.message)
        #expect(found == ["A: 18 on hand but 19 valued", "inventory (GBP) stands at 28.00 in the books but the stock on hand is valued at 28.01"])
    }

    @Test func aDatabaseFromBeforeTheBooksOpensThemAtItsStockOnHand() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("qm-books-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("qm.sqlite").path
        let queue = try DatabaseQueue(path: path)
        try Migrations.migrator.migrate(queue, upTo: "v16-write-off-posting")
        try queue.write { db in
            try db.execute(sql: """
                INSERT INTO location (code, name, kind, fulfils) VALUES ('L1', 'L', 'warehouse', 1), ('L2', 'M', 'warehouse', 1);
                INSERT INTO sku (code, name, uom, pack_size, unit_cost, list_price, currency, velocity, weight_g, active, is_kit)
                  VALUES ('A', 'A', 'EA', 1, 150, 300, 'GBP', 'C', 0, 1, 0), ('E', 'E', 'EA', 1, 1000, 2000, 'EUR', 'C', 0, 1, 0);
                INSERT INTO stock_position (sku_id, location_id, sellable, damaged) VALUES (1, 1, 4, 1), (1, 2, 2, 0), (2, 1, 3, 0);
                """)
        }
        try queue.close()
        let ops = Operations(store: try LedgerStore(path: path, create: false))
        let rows = try ops.read { try $0.trialBalance() }.map { "\($0.currency) \($0.account) \($0.balance)" }
        #expect(rows == ["EUR 1300 3000", "EUR 3000 -3000", "GBP 1300 1050", "GBP 3000 -1050"])
        let valued = try ops.read { try $0.valuation(limit: nil) }.map { "\($0.sku)@\($0.location) \($0.quantity) \($0.value)" }
        #expect(valued == ["A@L1 5 750", "A@L2 2 300", "E@L1 3 3000"])
        #expect(try ops.read { try $0.bookMismatches() }.isEmpty)
    }

    @Test func theValuationAtADayTakesBackEveryMoveSinceAtTheValueItPosted() throws {
        // A: 10 at L1 worth 10.00.
        let f = try ReceivingOperationTests.fixture(stockA: (10, 0))
        defer { f.db.remove() }
        let day = { (d: String) in Operations(store: f.ops.store, clock: { ISO8601DateFormatter().date(from: d + "T12:00:00Z")! }) }
        // 20 more at 0.10 on the 1st (30 worth 12.00), 6 to L2 on the 2nd, 3 broken there on the 3rd.
        _ = try day("2030-01-01").importPurchaseOrders([ImportRow(line: 1, value: ReceivingOperationTests.order("PO-1", [("A", 20)]))],
                                                       source: "test", by: OrderFixture.admin)
        _ = try day("2030-01-01").receive([ReceiptRequest(purchaseOrder: "PO-1", lines: [ReceivedLine(sku: "A", quantity: 20)])], by: Self.sam)
        try day("2030-01-02").transfer(sku: "A", from: "L1", to: "L2", status: .sellable, quantity: 6, reason: "rebalance", by: Self.sam)
        try day("2030-01-03").adjust(sku: "A", location: "L2", status: .sellable, delta: -3, reason: "broken", by: Self.sam)
        func valued(_ day: String) throws -> [String]? {
            try f.ops.read { try $0.valuation(at: day + "~") }?.map { "\($0.sku)@\($0.location) \($0.quantity) \($0.value)" }
        }
        let now = try f.ops.read { try $0.valuation(limit: nil) }.map { "\($0.sku)@\($0.location) \($0.quantity) \($0.value)" }
        #expect(now == ["A@L1 24 960", "A@L2 3 120"])
        #expect(try valued("2030-01-03") == now)
        #expect(try valued("2030-01-02") == ["A@L1 24 960", "A@L2 6 240"])
        #expect(try valued("2030-01-01") == ["A@L1 30 1200"])
        #expect(try valued("2029-12-31") == ["A@L1 10 1000"])
        // Each day's valuation is what the inventory account held that day.
        for d in ["2029-12-31", "2030-01-01", "2030-01-02", "2030-01-03"] {
            let books = try f.ops.read { try $0.trialBalance(at: d + "~") }.first { $0.account == "1300" }?.balance
            let stock = try f.ops.read { try $0.valuation(at: d + "~") }?.reduce(Int64(0)) { $0 + $1.value }
            #expect(books == stock, "\(d)")
        }
        // Had the books opened after the transfer, its moves would carry no value to take back:
        // the days before it have no valuation.
        try DatabaseQueue(path: f.db.path).write { db in
            try db.execute(sql: """
                UPDATE books SET opened_at = '2030-01-02T13:00:00Z', opened_after_move = (SELECT max(id) FROM stock_move WHERE reason = 'transfer')
                """)
        }
        #expect(try valued("2030-01-01") == nil)
        #expect(try valued("2030-01-02") == ["A@L1 24 960", "A@L2 6 240"])
    }

    @Test func anEntryIsCorrectedByAReversingEntryNeverByChangingIt() throws {
        let f = try OrderFixture()
        defer { f.db.remove() }
        let fin = OrderFixture.finance
        let order = try ReturnOperationTests().shipped(f, "W-1", lines: [("B", 1)], freight: 0)
        let before = try balances(f)
        _ = try f.ops.advance(order: order, .invoice, by: fin)
        let entries = try f.ops.read { try $0.journal(JournalFilter(document: "order \(order)"), limit: nil) }
        let shipped = try #require(entries.first { $0.event == "order.ship" }?.entry)
        let invoice = try #require(entries.first { $0.event == "order.invoice" }?.entry)

        #expect { try f.ops.reverseEntry(invoice, reason: "billed twice", by: Self.sam) } throws: { "\($0)".contains("may not reverse journal entries") }
        #expect(throws: OperationError("No journal entry 9999: qm journal lists them.")) { try f.ops.reverseEntry(9999, reason: "x", by: fin) }
        #expect(throws: OperationError("Entry \(shipped) (order.ship) moves inventory: the stock's value follows the stock, so it is corrected by "
                                       + "undoing the event (a return, an adjustment, a voided write-off), not in the journal.")) {
            try f.ops.reverseEntry(shipped, reason: "wrong", by: fin)
        }
        let outcome = try f.ops.reverseEntry(invoice, reason: "billed in error", by: fin)
        // The invoice stands as it was; the reversal takes its amounts back off every account.
        #expect(try balances(f).filter { $0.value != 0 } == before.filter { $0.value != 0 })
        let reversal = try #require(try f.ops.read { try $0.journalEntry(outcome.entry) })
        let original = try #require(try f.ops.read { try $0.journalEntry(invoice) })
        #expect(reversal.reverses == invoice && reversal.draft.memo == "billed in error" && reversal.draft.event == "journal.reverse")
        #expect(reversal.draft.documents == ["entry \(invoice)", "order \(order)"])
        #expect(reversal.draft.lines.map(\.debit) == original.draft.lines.map(\.credit) && reversal.draft.lines.map(\.channel) == original.draft.lines.map(\.channel))
        #expect(throws: OperationError("Entry \(invoice) was reversed by entry \(outcome.entry) already.")) {
            try f.ops.reverseEntry(invoice, reason: "again", by: fin)
        }
        #expect(throws: OperationError("Entry \(outcome.entry) is the reversal of entry \(invoice): a reversal is not reversed (post the correction it needs instead).")) {
            try f.ops.reverseEntry(outcome.entry, reason: "undo", by: fin)
        }
        #expect(try f.ops.read { try $0.auditEntries(entity: "journal:\(invoice)", limit: 5) }.map(\.command) == ["journal.reverse"])
        #expect(try f.ops.verify().isClean)
    }

    @Test func aClosedMonthTakesNoMoreEntriesTheyPostInTheFirstOpenOne() throws {
        let f = try OrderFixture()
        defer { f.db.remove() }
        let november = Operations(store: f.ops.store, clock: { ISO8601DateFormatter().date(from: "2026-11-30T16:00:00Z")! })
        let december = Operations(store: f.ops.store, clock: { ISO8601DateFormatter().date(from: "2026-12-02T09:00:00Z")! })
        try november.adjust(sku: "A", location: "L1", status: .sellable, delta: -1, reason: "broken", by: Self.sam)
        let fin = OrderFixture.finance
        for (month, refusal) in [("2026-13", "2026-13 is not a month like 2026-11."),
                                 ("2027-01", "2027-01 has not begun (today is 2026-12-02): a month closes once it has.")] {
            #expect(throws: OperationError(refusal)) { try december.closePeriod(month, by: fin) }
        }
        #expect { try december.closePeriod("2026-11", by: Self.sam) } throws: { "\($0)".contains("may not close accounting periods") }
        try december.closePeriod("2026-11", by: fin)
        #expect(throws: OperationError("2026-11 is closed already (by fin, 2026-12-02).")) { try december.closePeriod("2026-11", by: fin) }
        #expect(throws: OperationError("Months close in order: 2026-10 comes before 2026-11, closed already.")) {
            try december.closePeriod("2026-10", by: fin)
        }
        // A correction made for November after it closed (a clock still in November) posts in December.
        try november.adjust(sku: "A", location: "L1", status: .sellable, delta: 1, reason: "found it", by: Self.sam)
        let periods = try f.ops.read { r in try String.fetchAll(r.db, sql: "SELECT period FROM journal_entry ORDER BY id") }
        #expect(periods.suffix(2) == ["2026-11", "2026-12"])
        #expect(try f.ops.read { try $0.auditEntries(entity: "period:2026-11", limit: 5) }.map(\.command) == ["period.close"])
    }

    @Test func anAccountWithPostingsKeepsItsTypeAndRolesMoveWhole() throws {
        let f = try OrderFixture()
        defer { f.db.remove() }
        let fin = OrderFixture.finance
        #expect(throws: OperationError("test: nothing was imported:\n  line 2: account 1300 has postings as asset; it cannot become expense.")) {
            try f.ops.importAccounts([ImportRow(line: 2, value: AccountChange(code: "1300", name: "Stock", type: .expense))], source: "test", by: fin)
        }
        #expect(throws: OperationError("test: nothing was imported:\n  line 2: inventory posts to 1300, which holds postings: the role stays with it (rename the account instead).")) {
            try f.ops.importAccounts([ImportRow(line: 2, value: AccountChange(code: "1310", name: "Stock in hand", type: .asset, role: .inventory))],
                                     source: "test", by: fin)
        }
        let outcome = try f.ops.importAccounts([ImportRow(line: 2, value: AccountChange(code: "1300", name: "Stock in hand", type: .asset)),
                                                ImportRow(line: 3, value: AccountChange(code: "5210", name: "Breakage", type: .expense, role: .shrinkage))],
                                               source: "test", by: fin)
        #expect(outcome == AccountsImportOutcome(added: 1, changed: 1, rolesMapped: 1))
        // Shrinkage posts to 5210 from now on; the books still prove out.
        try f.ops.adjust(sku: "A", location: "L1", status: .sellable, delta: -1, reason: "broken", by: Self.sam)
        #expect(try balances(f)["5210"] == 100 && f.ops.verify().isClean)
    }

    @Test func aRoleMappedForAChannelLocationOrReasonTakesThosePostingsOnly() throws {
        let f = try OrderFixture()
        defer { f.db.remove() }
        let fin = OrderFixture.finance
        func row(_ line: Int, _ change: AccountChange) -> ImportRow<AccountChange> { ImportRow(line: line, value: change) }
        // Mappings that could never apply, to a location that is not one, or given twice: refused, each by line.
        #expect(throws: OperationError("""
            test: nothing was imported:
              line 2: postings to revenue carry no location, so that mapping would never apply (it maps by channel).
              line 3: postings to inventory carry no location, so that mapping would never apply (inventory is one account for everything).
              line 4: location L9 is not a location (qm location list shows them).
              line 6: that mapping of shrinkage is on line 5 already.
            """)) {
            try f.ops.importAccounts([row(2, AccountChange(code: "4000", role: .revenue, location: "L1")),
                                      row(3, AccountChange(code: "1300", role: .inventory, location: "L1")),
                                      row(4, AccountChange(code: "5200", role: .shrinkage, location: "L9")),
                                      row(5, AccountChange(code: "5200", role: .shrinkage, location: "L2", reason: .adjustment)),
                                      row(6, AccountChange(code: "5300", role: .shrinkage, location: "L2", reason: .adjustment))],
                                     source: "test", by: fin)
        }
        let outcome = try f.ops.importAccounts([
            row(2, AccountChange(code: "4010", name: "Web sales", type: .income, role: .revenue, channel: "web")),
            row(3, AccountChange(code: "5210", name: "South shrinkage", type: .expense, role: .shrinkage, location: "L2")),
            row(4, AccountChange(code: "5220", name: "South count losses", type: .expense, role: .shrinkage, location: "L2", reason: .adjustment)),
            row(5, AccountChange(code: "5230", name: "Other losses", type: .expense, role: .shrinkage, reason: .writeOff)),
        ], source: "test", by: fin)
        #expect(outcome == AccountsImportOutcome(added: 4, changed: 0, rolesMapped: 4))
        #expect(try f.ops.read { try $0.accountMappings() }.count == 4)

        // At L1 an adjustment finds no mapping and posts to shrinkage's own account, 5200; at L2
        // the mapping by location and reason beats the one by location alone.
        try f.ops.adjust(sku: "A", location: "L1", status: .sellable, delta: -1, reason: "broken", by: Self.sam)
        try f.ops.adjust(sku: "A", location: "L2", status: .sellable, delta: -2, reason: "broken", by: Self.sam)
        var b = try balances(f)
        #expect(b["5200"] == 100 && b["5220"] == 200 && b["5210"] == nil)
        // A sale on the web channel earns into 4010; another channel's into 4000.
        let web = try ReturnOperationTests().shipped(f, "W-1", lines: [("B", 1)], freight: 0)
        _ = try f.ops.advance(order: web, .invoice, by: fin)
        b = try balances(f)
        #expect(b["4010"] == -250 && b["4000"] == nil)
        #expect(try f.ops.verify().isClean)
        // Mapping again changes the account, and counts as one role mapped.
        let again = try f.ops.importAccounts([row(2, AccountChange(code: "5210", role: .shrinkage, location: "L2", reason: .adjustment))],
                                             source: "test", by: fin)
        #expect(again.rolesMapped == 1)
        try f.ops.adjust(sku: "A", location: "L2", status: .sellable, delta: -1, reason: "broken", by: Self.sam)
        #expect(try balances(f)["5210"] == 100)
    }

    @Test func aReceiptsLandedCostIsSpreadIntoItsLinesValue() throws {
        let f = try ReceivingOperationTests.fixture()
        defer { f.db.remove() }
        _ = try f.ops.importPurchaseOrders([ImportRow(line: 1, value: ReceivingOperationTests.order("PO-1", [("A", 20), ("B", 10)]))],
                                           source: "test", by: OrderFixture.admin)
        let lines = [ReceivedLine(sku: "A", quantity: 20), ReceivedLine(sku: "B", quantity: 10)]
        // The SKUs weigh nothing: by weight is refused, and nothing moves.
        #expect(throws: OperationError("The receipt's SKUs have no weight: spread its landed cost by value or quantity.")) {
            try f.ops.receive([ReceiptRequest(purchaseOrder: "PO-1", lines: lines, landed: [LandedCharge(kind: .freight, amount: 300)],
                                              spread: .weight)], by: Self.sam)
        }
        #expect(try f.position("A", "L1") == StockPosition() && balances(f).isEmpty)
        // By value: A's 2.00 and B's 1.00 take 2.00 and 1.00 of the 3.00 freight and duty.
        _ = try f.ops.receive([ReceiptRequest(purchaseOrder: "PO-1", lines: lines,
                                              landed: [LandedCharge(kind: .freight, amount: 250), LandedCharge(kind: .duty, amount: 50)])],
                              by: Self.sam)
        #expect(try balances(f) == ["1300": 600, "1400": -300, "2100": -300])
        let valued = try f.ops.read { try $0.valuation(limit: nil) }.map { "\($0.sku) \($0.quantity) \($0.value)" }
        #expect(valued == ["A 20 400", "B 10 200"])
        #expect(try f.ops.verify().isClean)
    }

    /// Random receipts (with landed costs), shipments and invoices, transfers, adjustments and
    /// write-offs, one SKU FIFO and one averaged: after each, every entry balances, the trial balance sums to nothing, and the
    /// inventory account is the value of the stock on hand (verify).
    @Test(arguments: [UInt64(5), 23, 71]) func randomSequencesKeepTheBooksBalancedAndInventoryAtValue(seed: UInt64) throws {
        let f = try ReceivingOperationTests.fixture(stockA: (20, 20))
        defer { f.db.remove() }
        var random = SeededRandom(seed: seed)
        // A is valued first in, first out; B by the moving average.
        try f.ops.setValuationMethod(sku: "A", .fifo, reason: "test", by: OrderFixture.finance)
        let skus = ["A", "B"], locations = ["L1", "L2"]
        for step in 0..<40 {
            let sku = skus.randomElement(using: &random)!, location = locations.randomElement(using: &random)!
            switch Int.random(in: 0..<6, using: &random) {
            case 0:
                let po = "PO-\(step)", qty = Int.random(in: 1...9, using: &random)
                _ = try f.ops.importPurchaseOrders([ImportRow(line: 1, value: ReceivingOperationTests.order(po, [(sku, qty)], location: location))],
                                                   source: "test", by: OrderFixture.admin)
                let landed = random.chance(50) ? [LandedCharge(kind: .freight, amount: Int64.random(in: 1...999, using: &random))] : []
                _ = try f.ops.receive([ReceiptRequest(purchaseOrder: po, lines: [ReceivedLine(sku: sku, quantity: qty)], landed: landed,
                                                      spread: random.chance(50) ? .value : .quantity)], by: Self.sam)
            case 1:
                let ref = "W-\(step)"
                try f.capture([OrderFixture.draft(ref, [(sku, Int.random(in: 1...3, using: &random))]) { $0.freight = Int64.random(in: 0...500, using: &random) }])
                let id = String(try f.id(ref))
                _ = try f.ops.allocate(AllocationOptions(orders: [Int64(id)!]), by: OrderFixture.planner)
                guard try f.record(ref).header.state == .allocated else { break }
                _ = try f.ops.advance(order: id, .pick, by: Self.sam)
                _ = try f.ops.advance(order: id, .pack, by: Self.sam)
                _ = try f.ops.ship(order: id, carrier: "DPD", tracking: "T-\(step)", by: Self.sam)
                if random.chance(70) { _ = try f.ops.advance(order: id, .invoice, by: OrderFixture.finance) }
            case 2:
                try? f.ops.transfer(sku: sku, from: location, to: location == "L1" ? "L2" : "L1", status: .sellable,
                                    quantity: Int.random(in: 1...5, using: &random), reason: "rebalance", by: Self.sam)
            case 3:
                _ = try? f.ops.adjust(sku: sku, location: location, status: .sellable, delta: Int.random(in: -4...4, using: &random) | 1,
                                      reason: "random", by: Self.sam)
            default:
                try f.capture([WriteOffTests.writeOff("WO-\(step)", [(sku, Int.random(in: 1...3, using: &random), "damaged")])])
                _ = try? f.ops.postWriteOff("WO-\(step)", location: location, by: Self.sam)
            }
            let report = try f.ops.verify()
            let sums = Dictionary(grouping: try f.ops.read { try $0.trialBalance() }, by: \.currency).mapValues { $0.reduce(0) { $0 + $1.balance } }
            #expect(report.isClean && sums.values.allSatisfy { $0 == 0 }, "seed \(seed) step \(step): \(report.violations) \(sums)")
            if !report.isClean { return }
        }
        let moved = try f.ops.read { try $0.journal(JournalFilter(), limit: nil) }.map(\.event)
        #expect(Set(moved).isSuperset(of: ["po.receive", "order.ship"]))
    }

    @Test func aFIFOSKUShipsItsOldestLayersFirst() throws {
        // A: 10 on hand at 1.00; then FIFO: one layer, 10 worth 10.00.
        let f = try ReceivingOperationTests.fixture(stockA: (10, 0))
        defer { f.db.remove() }
        #expect(throws: OperationError("A reason is required (--reason): every stock change says why.")) {
            try f.ops.setValuationMethod(sku: "A", .fifo, reason: "", by: OrderFixture.finance)
        }
        #expect { try f.ops.setValuationMethod(sku: "A", .fifo, reason: "policy", by: Self.sam) } throws: { "\($0)".contains("may not change how SKUs are valued") }
        try f.ops.setValuationMethod(sku: "A", .fifo, reason: "policy", by: OrderFixture.finance)
        #expect(throws: OperationError("A is valued by fifo already.")) { try f.ops.setValuationMethod(sku: "A", .fifo, reason: "again", by: OrderFixture.finance) }
        // 20 more at 0.10: a second layer worth 2.00.
        _ = try f.ops.importPurchaseOrders([ImportRow(line: 1, value: ReceivingOperationTests.order("PO-1", [("A", 20)]))], source: "test", by: OrderFixture.admin)
        _ = try f.ops.receive([ReceiptRequest(purchaseOrder: "PO-1", lines: [ReceivedLine(sku: "A", quantity: 20)])], by: Self.sam)
        // 12 shipped: the first layer whole (10.00) and 2 of the second (0.20): 10.20, where the average would say 4.80.
        let order = try ReturnOperationTests().shipped(f, "W-1", lines: [("A", 12)], freight: 0)
        #expect(try balances(f)["5000"] == 1_020 && f.ops.orderMoney(order).costOfGoods == 1_020)
        #expect(try f.ops.read { try $0.valuation(limit: nil) }.map(\.value) == [180])
        #expect(try f.ops.verify().isClean)
        // Back to the average: the value stands (18 worth 1.80), the layers go.
        try f.ops.setValuationMethod(sku: "A", .average, reason: "policy", by: OrderFixture.finance)
        #expect(try f.ops.read { try $0.valuation(limit: nil) }.map(\.value) == [180] && f.ops.verify().isClean)
        // Layers that no longer add up to the valuation are reported.
        try f.ops.setValuationMethod(sku: "A", .fifo, reason: "policy", by: OrderFixture.finance)
        try f.ops.store.write { try $0.db.execute(sql: "UPDATE cost_layer SET value = value + 5") }
        #expect(try f.ops.verify().findings.map(\.message).contains("A: valued at 18 units worth 1.80 but its FIFO layers hold 18 worth 1.85"))
    }

    @Test func aReturnComesBackAtWhatItCostWhenItShipped() throws {
        // A: 10 at 1.00; 4 ship at 1.00 each.
        let f = try ReceivingOperationTests.fixture(stockA: (10, 0))
        defer { f.db.remove() }
        let order = try ReturnOperationTests().shipped(f, "W-1", lines: [("A", 4)], freight: 0)
        // 20 more at 0.10: 26 worth 8.00, a rate of 0.31 or so.
        _ = try f.ops.importPurchaseOrders([ImportRow(line: 1, value: ReceivingOperationTests.order("PO-1", [("A", 20)]))], source: "test", by: OrderFixture.admin)
        _ = try f.ops.receive([ReceiptRequest(purchaseOrder: "PO-1", lines: [ReceivedLine(sku: "A", quantity: 20)])], by: Self.sam)
        // One unit back: at its 1.00, not at today's rate; the cost of goods sold gives it back.
        let rma = try f.ops.createReturn(ReturnRequest(order: order, line: 1, quantity: 1, reason: .defective), by: OrderFixture.service)
        _ = try f.ops.receiveReturn(rma.code, by: Self.sam)
        #expect(try balances(f)["5000"] == 300 && f.ops.read { try $0.valuation(limit: nil) }.map(\.value) == [900])
        #expect(try f.ops.verify().isClean)
    }
}
