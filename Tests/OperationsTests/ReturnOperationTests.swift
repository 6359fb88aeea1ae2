import Testing
import Foundation
import Domain
import Store
@testable import Operations

/// Customer returns on the order fixture: an order of 4 A (2.50 each, 0.50 tax a line... as
/// the fixture drafts them) and 2 B, freight 5.00, shipped from L1.
@Suite struct ReturnOperationTests {
    static let service = OrderFixture.service
    static let sam = OrderFixture.supervisor
    static let finance = OrderFixture.finance

    /// The shipped order's number.
    func shipped(_ f: OrderFixture, _ ref: String = "W-1", lines: [(String, Int)] = [("A", 4), ("B", 2)], freight: Int64 = 500) throws -> String {
        try f.capture([OrderFixture.draft(ref, lines) { $0.freight = freight }])
        let id = String(try f.id(ref))
        _ = try f.ops.allocate(AllocationOptions(), by: OrderFixture.planner)
        _ = try f.ops.advance(order: id, .pick, by: Self.sam)
        _ = try f.ops.advance(order: id, .pack, by: Self.sam)
        _ = try f.ops.ship(order: id, carrier: "DPD", tracking: "T-\(ref)", by: Self.sam)
        return id
    }

    @Test func aReturnIsReceivedInspectedAndRefundedByItsPolicy() throws {
        let f = try OrderFixture()
        defer { f.db.remove() }
        let order = try shipped(f)
        // Line 1: 4 x 2.50 + 0.50 tax = 10.50 paid; goods 10.00 of the order's 15.00, so 1 unit's
        // freight share is 5.00 x 2.50 / 15.00 = 0.83. Changed mind: 15% kept, no freight back.
        let rma = try f.ops.createReturn(ReturnRequest(order: order, line: 1, quantity: 1, reason: .changedMind), by: Self.service)
        #expect(rma.code == "RMA-1" && rma.state == .authorized && rma.paid == 262 && rma.freightShare == 83)
        #expect(rma.refundDue == 222 && rma.refundState == .held && rma.refundCap == 345)
        #expect(throws: OperationError("RMA-1 is authorized: its refund (changed their mind) is released after inspection.")) {
            try f.ops.releaseRefund("RMA-1", by: Self.service)
        }
        let sellable = try f.position("A", "L1").sellable
        let received = try f.ops.receiveReturn("RMA-1", by: Self.sam)
        #expect(received.summary == "1 x A -> returnPending @ L1" && received.record.location == "L1")
        #expect(try f.position("A", "L1").returnPending == 1)
        let inspected = try f.ops.inspectReturn("RMA-1", condition: .asNew, disposition: .resell, by: Self.sam)
        #expect(inspected.summary == "1 x A -> sellable @ L1; refund 2.22 GBP to release")
        #expect(try f.position("A", "L1").sellable == sellable + 1 && f.position("A", "L1").returnPending == 0)
        let refunded = try f.ops.releaseRefund("RMA-1", by: Self.service)
        #expect(refunded.summary == "refund 2.22 GBP released" && refunded.record.refundAmount == 222)
        let history = try f.ops.read { try $0.auditEntries(entity: "return:RMA-1", limit: 10) }
        #expect(history.map(\.command) == ["return.refund", "return.inspect", "return.receive", "return.create"])
        #expect(try f.ops.verify().isClean)
    }

    @Test func transitDamageIsRefundedOnReceiptFreightIncludedAndScrapped() throws {
        let f = try OrderFixture()
        defer { f.db.remove() }
        let order = try shipped(f)
        let rma = try f.ops.createReturn(ReturnRequest(order: order, line: 2, quantity: 2, reason: .damagedInTransit), by: Self.service)
        // Line 2: 2 x 2.50 + 0.50 = 5.50; its freight share 5.00 x 5.00 / 15.00 = 1.66.
        #expect(rma.paid == 550 && rma.freightShare == 166 && rma.refundDue == 716)
        let received = try f.ops.receiveReturn(rma.code, by: Self.sam)
        #expect(received.summary == "2 x B -> returnPending @ L1; refund 7.16 GBP released")
        let before = try f.position("B", "L1")
        let scrapped = try f.ops.inspectReturn(rma.code, condition: .damaged, disposition: .scrap, by: Self.sam)
        #expect(scrapped.summary == "2 x B -> written off @ L1")
        #expect(try f.position("B", "L1").onHand == before.onHand - 2)
        let moves = try f.ops.read { try $0.auditEntries(entity: "stock:B@L1", limit: 1) }
        #expect(moves.first?.reason == "\(rma.code) inspected: damaged, scrap")
        #expect(try f.ops.verify().isClean)
    }

    @Test func customerDamageRefundsNothingUnlessFinanceOverridesWithinWhatWasPaid() throws {
        let f = try OrderFixture()
        defer { f.db.remove() }
        let order = try shipped(f)
        let rma = try f.ops.createReturn(ReturnRequest(order: order, line: 1, quantity: 2, reason: .defective), by: Self.service)
        _ = try f.ops.receiveReturn(rma.code, by: Self.sam)
        let inspected = try f.ops.inspectReturn(rma.code, condition: .customerDamaged, disposition: .refurbish, by: Self.sam)
        #expect(inspected.record.refundState == .none && inspected.summary == "2 x A -> quarantine @ L1; no refund (customerDamaged)")
        #expect(throws: OperationError("Nothing is due on \(rma.code) (customerDamaged); finance may override with an amount and a reason.")) {
            try f.ops.releaseRefund(rma.code, by: Self.service)
        }
        #expect(throws: OperationError("A customer-service agent may not override refunds (cora is a customer-service agent; a finance user or an admin may).")) {
            try f.ops.releaseRefund(rma.code, amount: 100, reason: "goodwill", by: Self.service)
        }
        #expect(throws: OperationError("Overriding a refund needs a reason (--reason): what finance agreed and why.")) {
            try f.ops.releaseRefund(rma.code, amount: 100, by: Self.finance)
        }
        // 2 units: 5.25 paid and 1.66 of freight; 7.00 is more.
        #expect(throws: OperationError("7.00 GBP is more than was paid for the 2 x A of \(rma.code) (6.91 GBP with their share of freight).")) {
            try f.ops.releaseRefund(rma.code, amount: 700, reason: "goodwill", by: Self.finance)
        }
        let goodwill = try f.ops.releaseRefund(rma.code, amount: 300, reason: "goodwill, long-standing customer", by: Self.finance)
        #expect(goodwill.summary == "refund 3.00 GBP released (override: goodwill, long-standing customer)")
        #expect(try f.ops.verify().isClean)
    }

    @Test func badReturnsAreRefusedWithOneSentenceAndChangeNothing() throws {
        let f = try OrderFixture()
        defer { f.db.remove() }
        let order = try shipped(f)
        try f.capture([OrderFixture.draft("W-2", [("A", 1)])])
        let unshipped = String(try f.id("W-2"))
        _ = try f.ops.createReturn(ReturnRequest(order: order, line: 1, quantity: 3, reason: .wrongItem), by: Self.service)
        let before = try f.auditCount()
        let refusals: [(String, () throws -> Void)] = [
            ("Order \(order) line 1 (A): 4 shipped, 3 returned already; at most 1 more can be returned, not 2.",
             { _ = try f.ops.createReturn(ReturnRequest(order: order, line: 1, quantity: 2, reason: .defective), by: Self.service) }),
            ("Order \(unshipped) line 1 (A) has shipped nothing: only shipped units are returned (cancel what has not shipped).",
             { _ = try f.ops.createReturn(ReturnRequest(order: unshipped, line: 1, quantity: 1, reason: .defective), by: Self.service) }),
            ("Order \(order) has no line 9 (its lines are 1 to 2).",
             { _ = try f.ops.createReturn(ReturnRequest(order: order, line: 9, quantity: 1, reason: .defective), by: Self.service) }),
            ("A return is of 1 to 1,000,000,000 units, not 0.",
             { _ = try f.ops.createReturn(ReturnRequest(order: order, line: 1, quantity: 0, reason: .defective), by: Self.service) }),
            ("RMA-1 has not been received: inspect it once it arrives (qm return receive RMA-1).",
             { _ = try f.ops.inspectReturn("RMA-1", condition: .asNew, disposition: .resell, by: Self.sam) }),
            ("A customer-service agent may not receive returns (cora is a customer-service agent; a supervisor or an admin may).",
             { _ = try f.ops.receiveReturn("RMA-1", by: Self.service) }),
            ("No return RMA-9: qm return list shows them.", { _ = try f.ops.receiveReturn("RMA-9", by: Self.sam) }),
            ("Unknown location L9.", { _ = try f.ops.receiveReturn("RMA-1", location: "L9", by: Self.sam) }),
        ]
        for (message, attempt) in refusals { #expect(throws: OperationError(message)) { try attempt() } }
        #expect(try f.auditCount() == before)
        try f.ops.cancelReturn("RMA-1", reason: "customer kept them", by: Self.service)
        // Cancelled units may be returned again.
        _ = try f.ops.createReturn(ReturnRequest(order: order, line: 1, quantity: 4, reason: .defective), by: Self.service)
        #expect(throws: OperationError("RMA-1 is cancelled: only a return not yet received is cancelled.")) {
            try f.ops.cancelReturn("RMA-1", reason: "again", by: Self.service)
        }
    }

    @Test func anExchangeSendsAReplacementThroughAllocationInsteadOfARefund() throws {
        let f = try OrderFixture()
        defer { f.db.remove() }
        let order = try shipped(f)
        let rma = try f.ops.createReturn(ReturnRequest(order: order, line: 1, quantity: 2, reason: .defective, exchange: true), by: Self.service)
        let replacement = try #require(rma.exchangeOrder)
        #expect(rma.refundDue == 0 && rma.refundState == .none)
        let placed = try f.record(String(replacement))
        #expect(placed.header.state == .released && placed.header.externalRef == rma.code && placed.header.refersTo == "W-1")
        #expect(placed.lines.map { "\($0.sku) \($0.quantity) \($0.unitPrice)" } == ["A 2 0"] && placed.header.freight == 0)
        _ = try f.ops.allocate(AllocationOptions(), by: OrderFixture.planner)
        #expect(try f.record(String(replacement)).header.state == .allocated)
        let audit = try f.ops.read { try $0.auditEntries(entity: "return:\(rma.code)", limit: 1) }.first
        #expect(audit?.reason == "authorized: 2 x A of order \(order) line 1, defective; exchanged: replacement order \(replacement)")
        #expect(try f.ops.verify().isClean)
    }

    @Test func returnToVendorGoesOutAgainstTheSupplier() throws {
        let f = try OrderFixture()
        defer { f.db.remove() }
        let order = try shipped(f)
        let rma = try f.ops.createReturn(ReturnRequest(order: order, line: 1, quantity: 1, reason: .defective), by: Self.service)
        _ = try f.ops.receiveReturn(rma.code, by: Self.sam)
        #expect(throws: OperationError("A has no supplier to return it to: scrap it or resell it.")) {
            try f.ops.inspectReturn(rma.code, condition: .damaged, disposition: .returnToVendor, by: Self.sam)
        }
        try f.db.inbound("PO-1", sku: "A", location: "L1", quantity: 1, expected: "2026-12-24")   // makes supplier SUP
        var sku = try #require(try f.ops.read { try $0.sku("A") })
        sku.preferredSupplier = "SUP"
        _ = try f.ops.importSKUs([ImportRow(line: 1, value: SKURecord(sku: sku))], source: "test", by: OrderFixture.admin)
        let out = try f.ops.inspectReturn(rma.code, condition: .damaged, disposition: .returnToVendor, by: Self.sam)
        #expect(out.summary.hasPrefix("1 x A -> SUP (returned to vendor)"))
        let move = try f.ops.read { try $0.recentMoves(sku: "A", limit: 1) }.first
        #expect(move?.reason == MoveReason.returnToVendor.rawValue && move?.document == "return \(rma.code) to SUP" && move?.to == nil)
        #expect(try f.ops.verify().isClean)
    }

    @Test func theRefundArithmeticNeverGivesBackMoreThanWasPaid() {
        // Shares round down, so the parts of a whole never add up to more than it.
        #expect(Refund.share(1_000, part: 1, of: 3) == 333 && Refund.share(1_000, part: 3, of: 3) == 1_000)
        #expect(Refund.share(100_000_000_000, part: 999_999_999, of: 1_000_000_000) == 99_999_999_900)
        for quantity in 1...7 {
            let shares = (0..<quantity).map { _ in Refund.paid(quantity: quantity, unitPrice: 333, discount: 10, tax: 67, units: 1) }
            #expect(shares.reduce(0, +) <= Int64(quantity) * 333 - 10 + 67)
        }
        let changedMind = ReturnReason.changedMind.policy
        #expect(Refund.due(changedMind, condition: .asNew, paid: 1_000, freight: 200) == 850)
        #expect(Refund.due(ReturnReason.damagedInTransit.policy, condition: .damaged, paid: 1_000, freight: 200) == 1_200)
        #expect(Refund.due(ReturnReason.defective.policy, condition: .customerDamaged, paid: 1_000, freight: 200) == 0)
    }

    /// Random returns, receipts, dispositions and refunds over several shipped orders keep
    /// every `qm verify` invariant, and refunds never exceed what was paid.
    @Test(arguments: [UInt64(3), 17, 99]) func randomReturnSequencesKeepTheLedgerAndTheMoneyTrue(seed: UInt64) throws {
        let f = try OrderFixture(stockA: (40, 40), stockB: (30, 30))
        defer { f.db.remove() }
        var random = SeededRandom(seed: seed)
        var orders: [String] = []
        for i in 0..<4 {
            orders.append(try shipped(f, "S-\(i)", lines: [("A", Int.random(in: 1...4, using: &random)), ("B", Int.random(in: 1...3, using: &random))],
                                      freight: Int64.random(in: 0...900, using: &random)))
        }
        for _ in 0..<60 {
            let returns = try f.ops.read { try $0.customerReturns(state: nil, limit: nil) }
            switch Int.random(in: 0..<6, using: &random) {
            case 0, 1:
                let request = ReturnRequest(order: orders.randomElement(using: &random)!, line: Int.random(in: 1...2, using: &random),
                                            quantity: Int.random(in: 1...3, using: &random), reason: ReturnReason.allCases.randomElement(using: &random)!)
                _ = try? f.ops.createReturn(request, by: Self.service)   // refused when more than is left to return
            case 2:
                if let r = returns.filter({ $0.state == .authorized }).randomElement(using: &random) {
                    if random.chance(20) { try f.ops.cancelReturn(r.code, reason: "random", by: Self.service) } else {
                        _ = try f.ops.receiveReturn(r.code, by: Self.sam)
                    }
                }
            case 3:
                if let r = returns.filter({ $0.state == .received }).randomElement(using: &random) {
                    let disposition = [Disposition.resell, .refurbish, .scrap].randomElement(using: &random)!
                    _ = try f.ops.inspectReturn(r.code, condition: ReturnCondition.allCases.randomElement(using: &random)!, disposition: disposition, by: Self.sam)
                }
            case 4:
                if let r = returns.filter({ $0.refundState == .held && ($0.state == .inspected || $0.reason.policy.releasedAtOnce) }).randomElement(using: &random) {
                    _ = try f.ops.releaseRefund(r.code, by: Self.service)
                }
            default:
                if let r = returns.filter({ $0.state == .inspected && $0.refundState != .released }).randomElement(using: &random) {
                    _ = try f.ops.releaseRefund(r.code, amount: Int64.random(in: 0...r.refundCap, using: &random), reason: "agreed", by: Self.finance)
                }
            }
            let report = try f.ops.verify()
            #expect(report.isClean, "seed \(seed): \(report.violations)")
            if !report.isClean { return }
        }
        let all = try f.ops.read { try $0.customerReturns(state: nil, limit: nil) }
        #expect(all.allSatisfy { ($0.refundAmount ?? 0) <= $0.paid + $0.freightShare })
        #expect(all.contains { $0.refundState == .released } && all.contains { $0.state == .inspected })
        // A refund above what the order was paid is reported.
        let released = try #require(all.first { $0.refundState == .released })
        try f.ops.store.write { try $0.db.execute(sql: "UPDATE customer_return SET paid = paid + 100000000, refund_amount = refund_amount + 100000000 WHERE id = ?",
                                                  arguments: [released.id]) }
        #expect(try f.ops.verify().findings.contains { $0.check == "return" && $0.message.hasPrefix("order \(released.order): ") })
    }
}
