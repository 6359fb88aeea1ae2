import Testing
@testable import Domain

/// The moving weighted average and journal entries, worked by hand (docs/MONEY.md).
@Suite struct ValuationTests {
    @Test func theMovingAverageWorkedByHand() {
        var stock = StockValue()
        // 10 in at 2.00, 5 in at 3.20: 15 units worth 36.00, a rate of 2.40.
        stock.receive(10, worth: 2_000)
        stock.receive(5, worth: 1_600)
        #expect(stock == StockValue(quantity: 15, value: 3_600))
        // 4 out: 36.00 x 4 / 15 = 9.60 exactly.
        #expect(stock.issue(4, fallback: 0) == 960)
        // 3 out of 11 worth 26.40: 7.2 exactly; then 1 of 8 worth 19.20: 2.40.
        #expect(stock.issue(3, fallback: 0) == 720 && stock.issue(1, fallback: 0) == 240)
        // 7 in worth 7.00 (1.00 each): 14 worth 23.80, a rate of 1.7.
        stock.receive(7, worth: 700)
        #expect(stock == StockValue(quantity: 14, value: 2_380))
        // 3 out: 23.80 x 3 / 14 = 5.10; 11 left worth 18.70.
        #expect(stock.issue(3, fallback: 0) == 510)
        // 1 out of 11 worth 18.70: 1.7. 10 left worth 17.00.
        #expect(stock.issue(1, fallback: 0) == 170)
        // The last units take what is left, whatever the rounding before: nothing drifts.
        #expect(stock.issue(10, fallback: 0) == 1_700 && stock == StockValue(quantity: 0, value: 0))
        // Nothing on hand: units are priced at the standard cost offered.
        #expect(stock.worth(2, fallback: 125) == 250)
    }

    @Test func roundingIsHalfUpAndTheRemainderStaysWithTheStock() {
        // 3 units worth 1.00: one out is 0.333.. -> 0.33, the next 0.67 x 1/2 = 0.335 -> 0.34, the last 0.33.
        var stock = StockValue(quantity: 3, value: 100)
        #expect(stock.issue(1, fallback: 0) == 33)
        #expect(stock.issue(1, fallback: 0) == 34)
        #expect(stock.issue(1, fallback: 0) == 33)
        #expect(stock.value == 0)
        #expect(Proportion.halfUp(Int64.max, part: 2, of: 3) == 6_148_914_691_236_517_205)
        #expect(Proportion.down(100, part: 1, of: 3) == 33 && Proportion.halfUp(100, part: 2, of: 3) == 67)
    }

    @Test func anEntryMustBalanceAndNetsByAccountAndLocation() throws {
        let entry = JournalDraft(event: "order.ship", documents: ["order 1"], currency: "GBP", memo: "", lines: [
            JournalLine(account: "1300", credit: 500, location: "L1"),
            JournalLine(account: "5000", debit: 500, location: "L1"),
            JournalLine(account: "1300", debit: 200, location: "L1"),
            JournalLine(account: "5000", credit: 200, location: "L1"),
            JournalLine(account: "1300", credit: 100, location: "L2"),
            JournalLine(account: "5000", debit: 100, location: "L2"),
        ])
        try entry.validate()
        #expect(entry.netted().lines == [
            JournalLine(account: "1300", credit: 300, location: "L1"), JournalLine(account: "5000", debit: 300, location: "L1"),
            JournalLine(account: "1300", credit: 100, location: "L2"), JournalLine(account: "5000", debit: 100, location: "L2"),
        ])
        var lopsided = entry
        lopsided.lines.append(JournalLine(account: "5900", debit: 1))
        #expect(throws: DomainError("The journal entry of order.ship does not balance: debits 8.01, credits 8.00.")) { try lopsided.validate() }
        var twoSided = entry
        twoSided.lines[0] = JournalLine(account: "1300", debit: 5, credit: 505)
        #expect(throws: DomainError.self) { try twoSided.validate() }
    }

    @Test func aLandedCostIsSharedExactlyByTheLargestRemainders() throws {
        // 10.00 over 7, 7 and 1 units: 4.666.., 4.666.., 0.666.. -> 4.66, 4.66, 0.66 and 2 pence
        // left, to the largest remainders (all equal: the earlier lines first).
        #expect(try LandedCost.spread(1_000, over: [7, 7, 1], basis: .quantity) == [467, 467, 66])
        // By value 6.00, 1.00 and 3.00: exact.
        #expect(try LandedCost.spread(1_000, over: [600, 100, 300], basis: .value) == [600, 100, 300])
        // 1.00 over 3 equal lines: 0.33 each and a penny to the first.
        #expect(try LandedCost.spread(100, over: [5, 5, 5], basis: .weight) == [34, 33, 33])
        #expect(try LandedCost.spread(0, over: [1, 2], basis: .value) == [0, 0])
        #expect(throws: DomainError("The receipt's SKUs have no weight: spread its landed cost by value or quantity.")) {
            try LandedCost.spread(500, over: [0, 0], basis: .weight)
        }
        #expect(throws: DomainError.self) { try LandedCost.spread(-1, over: [1], basis: .value) }
    }

    @Test func firstInFirstOutWorkedByHand() {
        var fifo = CostLayers()
        // 10 in at 2.00, 5 in at 3.20: two layers, 15 units worth 36.00.
        fifo.receive(10, worth: 2_000)
        fifo.receive(5, worth: 1_600)
        // 12 out: the first layer whole (20.00) and 2 of the second (16.00 x 2 / 5 = 6.40): 26.40.
        #expect(fifo.issue(12, fallback: 0) == 2_640)
        #expect(fifo.layers == [StockValue(quantity: 3, value: 960)] && fifo.total == StockValue(quantity: 3, value: 960))
        // 7 in at 1.00, then 4 out: the 3 left of the second layer (9.60) and 1 of the third (1.00).
        fifo.receive(7, worth: 700)
        #expect(fifo.issue(4, fallback: 0) == 1_060)
        // Part of a layer rounds half up; its last units take what it has left.
        var thirds = CostLayers([StockValue(quantity: 3, value: 100)])
        #expect(thirds.issue(1, fallback: 0) == 33 && thirds.issue(2, fallback: 0) == 67 && thirds.layers.isEmpty)
    }
}
