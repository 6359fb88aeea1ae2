import Testing
@testable import Domain

/// The receiving rule in Domain: which orders take goods, where the goods go, and the
/// supplier's tolerance both ways.
@Suite struct ReceivingTests {
    static func order(_ state: PurchaseOrderState = .sent, _ lines: [(String, Int)] = [("MUG", 100), ("JUG", 10)]) -> PurchaseOrder {
        PurchaseOrder(code: "PO-1", supplier: "SUP", location: "WH", currency: "GBP", state: state,
                      lines: lines.map { PurchaseOrderLine(sku: $0.0, quantity: $0.1, unitCost: Money(minorUnits: 100, currency: "GBP"),
                                                           expectedDate: "2026-12-10") })
    }

    @Test func damagedGoesToDamagedInspectedToQuarantineTheRestToSellable() {
        #expect(Receiving.destination(.good, inspect: false) == .sellable)
        #expect(Receiving.destination(.good, inspect: true) == .quarantine)
        #expect(Receiving.destination(.damaged, inspect: true) == .damaged)
        #expect(Receiving.destination(.damaged, inspect: false) == .damaged)
    }

    @Test func onlyASentOrPartlyReceivedOrderTakesGoods() {
        let line = [ReceivedLine(sku: "MUG", quantity: 1)]
        #expect(throws: DomainError("PO-1 is approved: it has not been sent to the supplier, so nothing can arrive against it yet.")) {
            try Receiving.plan(line, against: Self.order(.approved), tolerance: ReceivingTolerance())
        }
        #expect(throws: DomainError("PO-1 is cancelled: nothing can be received against it.")) {
            try Receiving.plan(line, against: Self.order(.cancelled), tolerance: ReceivingTolerance())
        }
        #expect(throws: DomainError("PO-1 is closed: nothing can be received against it.")) {
            try Receiving.plan(line, against: Self.order(.closed), tolerance: ReceivingTolerance())
        }
        #expect(throws: DomainError("PO-1 is received in full: nothing more is expected against it.")) {
            try Receiving.plan(line, against: Self.order(.received), tolerance: ReceivingTolerance())
        }
        #expect(throws: DomainError("A receipt against PO-1 needs at least one line.")) {
            try Receiving.plan([], against: Self.order(), tolerance: ReceivingTolerance())
        }
    }

    @Test func unknownSKUsAndQuantitiesBelowOneAreRefused() {
        #expect(throws: DomainError("CUP is not on PO-1 (it orders MUG, JUG).")) {
            try Receiving.plan([ReceivedLine(sku: "CUP", quantity: 1)], against: Self.order(), tolerance: ReceivingTolerance())
        }
        #expect(throws: DomainError("PO-1 line MUG: a receipt needs a quantity of at least 1, got 0.")) {
            try Receiving.plan([ReceivedLine(sku: "MUG", quantity: 0)], against: Self.order(), tolerance: ReceivingTolerance())
        }
        #expect(throws: DomainError("PO-1 line MUG: a receipt needs a quantity of at least 1, got -3.")) {
            try Receiving.plan([ReceivedLine(sku: "MUG", quantity: -3)], against: Self.order(), tolerance: ReceivingTolerance())
        }
    }

    /// 5% over on 100 allows 105 in all, counting both conditions and earlier receipts; 5%
    /// under completes the line from 95.
    @Test func toleranceHoldsBothWaysAcrossConditionsAndReceipts() throws {
        let terms = ReceivingTolerance(overPercent: 5, underPercent: 5)
        let first = try Receiving.plan([ReceivedLine(sku: "MUG", quantity: 90), ReceivedLine(sku: "MUG", quantity: 4, condition: .damaged)],
                                       against: Self.order(), tolerance: terms)
        #expect(first.after.lines[0].received == 94 && first.after.state == .partiallyReceived)
        let second = try Receiving.plan([ReceivedLine(sku: "MUG", quantity: 1), ReceivedLine(sku: "JUG", quantity: 10)],
                                        against: first.after, tolerance: terms)
        #expect(second.after.lines.map(\.received) == [95, 10] && second.after.state == .received)   // 95 is within 5% under
        #expect(throws: DomainError("PO-1 line MUG: 106 would have arrived against 100 ordered; the supplier's tolerance allows at most 105 (5% over).")) {
            try Receiving.plan([ReceivedLine(sku: "MUG", quantity: 12)], against: first.after, tolerance: terms)
        }
        #expect(throws: DomainError("PO-1 line JUG: 11 would have arrived against 10 ordered; the supplier's tolerance allows no more than was ordered.")) {
            try Receiving.plan([ReceivedLine(sku: "JUG", quantity: 11)], against: Self.order(), tolerance: ReceivingTolerance())
        }
    }

    @Test func theSameSKUAndConditionGivenTwiceIsAddedUp() throws {
        let plan = try Receiving.plan([ReceivedLine(sku: "MUG", quantity: 3), ReceivedLine(sku: "JUG", quantity: 1),
                                       ReceivedLine(sku: "MUG", quantity: 2), ReceivedLine(sku: "MUG", quantity: 1, condition: .damaged)],
                                      against: Self.order(), tolerance: ReceivingTolerance())
        #expect(plan.lines == [ReceivedLine(sku: "MUG", quantity: 5), ReceivedLine(sku: "JUG", quantity: 1),
                               ReceivedLine(sku: "MUG", quantity: 1, condition: .damaged)])
        #expect(plan.after.lines.map(\.received) == [6, 1])
    }
}

/// Backordered lines of a SKU take their dates from open inbound in queue order.
@Suite struct BackorderDatesTests {
    @Test func eachLineWaitsBehindTheOnesAheadAtTheNodesThatServeIt() {
        let inbound = [BackorderDates.Inbound(location: "L2", quantity: 5, date: "2026-12-20"),
                       BackorderDates.Inbound(location: "L1", quantity: 4, date: "2026-12-10"),
                       BackorderDates.Inbound(location: "L1", quantity: 10, date: "2026-12-15")]
        let both: Set<String> = ["L1", "L2"]
        let dates = BackorderDates.expected([BackorderDates.Waiting(units: 3, serving: both),      // 4 on the 10th covers 3
                                             BackorderDates.Waiting(units: 3, serving: both),      // 6 needed: the 15th
                                             BackorderDates.Waiting(units: 10, serving: ["L1"]),   // 16 needed at L1: only 14 come
                                             BackorderDates.Waiting(units: 2, serving: both)],     // 18 needed: 19 by the 20th
                                            inbound: inbound)
        #expect(dates == ["2026-12-10", "2026-12-15", nil, "2026-12-20"])
        #expect(BackorderDates.expected([BackorderDates.Waiting(units: 1, serving: ["L9"])], inbound: inbound) == [nil])
        #expect(BackorderDates.expected([], inbound: inbound).isEmpty)
    }
}
