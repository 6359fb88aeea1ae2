import Testing
@testable import Domain

@Suite struct PurchaseOrderTests {
    func line(_ quantity: Int, received: Int = 0) -> PurchaseOrderLine {
        PurchaseOrderLine(sku: "MUG", quantity: quantity, unitCost: Money(minorUnits: 180, currency: "GBP"),
                          expectedDate: "2026-12-24", received: received)
    }

    /// Every command from every state: the lifecycle's table, and a sentence for the rest.
    @Test func eachStepGoesWhereTheLifecycleSaysAndNowhereElse() throws {
        let allowed: [PurchaseOrderStep: [PurchaseOrderState: PurchaseOrderState]] = [
            .approve: [.draft: .approved],
            .send: [.approved: .sent],
            .cancel: [.draft: .cancelled, .approved: .cancelled, .sent: .cancelled],
            .close: [.partiallyReceived: .closed, .received: .closed],
        ]
        for step in PurchaseOrderStep.allCases {
            for state in PurchaseOrderState.allCases {
                if let expected = allowed[step]?[state] {
                    #expect(try state.next(for: step) == expected, "\(step) from \(state)")
                } else {
                    #expect(throws: DomainError.self, "\(step) from \(state)") { try state.next(for: step) }
                }
            }
        }
        #expect(throws: DomainError("Cannot approve a purchase order that is sent; it must be draft.")) {
            try PurchaseOrderState.sent.next(for: .approve)
        }
        #expect { try PurchaseOrderState.partiallyReceived.next(for: .cancel) } throws: {
            ($0 as? DomainError)?.message.contains("close it to stop expecting the rest") == true
        }
    }

    @Test func onlyApprovedToPartlyReceivedOrdersAreInboundAndOnlySentOnesReceivable() {
        #expect(PurchaseOrderState.allCases.filter(\.countsAsInbound) == [.approved, .sent, .partiallyReceived])
        #expect(PurchaseOrderState.allCases.filter(\.isReceivable) == [.sent, .partiallyReceived])
        #expect(PurchaseOrderState.allCases.filter(\.isEditable) == [.draft])
        #expect(PurchaseOrderState(parsing: "Partially-Received") == .partiallyReceived)
    }

    /// 10% over on 25 units allows 27 in all (2.5 rounds down); 10% under completes at 23.
    @Test func toleranceRoundsDownToWholeUnitsBothWays() throws {
        let terms = ReceivingTolerance(overPercent: 10, underPercent: 10)
        #expect(terms.maximum(of: 25) == 27 && terms.minimum(of: 25) == 23)
        try terms.check(receiving: 27, on: line(25), order: "PO-1")
        try terms.check(receiving: 2, on: line(25, received: 25), order: "PO-1")
        #expect(throws: DomainError("PO-1 line MUG: 28 would have arrived against 25 ordered; the supplier's tolerance allows at most 27 (10% over).")) {
            try terms.check(receiving: 3, on: line(25, received: 25), order: "PO-1")
        }
        #expect(terms.completes(line(25, received: 23)) && !terms.completes(line(25, received: 22)))
        // No tolerance: exactly what was ordered, no more.
        #expect(throws: DomainError("PO-1 line MUG: 1,001 would have arrived against 1,000 ordered; the supplier's tolerance allows no more than was ordered.")) {
            try ReceivingTolerance().check(receiving: 1, on: line(1_000, received: 1_000), order: "PO-1")
        }
        #expect(throws: DomainError.self) { try terms.check(receiving: 0, on: line(5), order: "PO-1") }
        #expect(throws: DomainError.self) { try ReceivingTolerance(overPercent: 101).validate("Supplier S") }
    }

    @Test func aReceiptLeavesTheOrderReceivedOnlyWhenEveryLineIsComplete() {
        let terms = ReceivingTolerance(underPercent: 5)
        #expect(PurchaseOrderState.afterReceipt([line(100, received: 95), line(10, received: 10)], tolerance: terms) == .received)
        #expect(PurchaseOrderState.afterReceipt([line(100, received: 94), line(10, received: 10)], tolerance: terms) == .partiallyReceived)
        #expect(line(10, received: 12).open == 0 && line(10, received: 4).open == 6)
    }

    @Test func linesAreCheckedAgainstTheLimits() throws {
        try line(5).validate(order: "PO-1")
        #expect(throws: DomainError("PO-1 line MUG: quantity 0 is out of range (1-1000000000).")) { try line(0).validate(order: "PO-1") }
        var bad = line(5)
        bad.expectedDate = "2026-02-30"
        #expect(throws: DomainError("PO-1 line MUG: expected date '2026-02-30' is not a date like 2026-12-24.")) { try bad.validate(order: "PO-1") }
        #expect(PurchaseOrderLine(sku: "X", quantity: .max, unitCost: Money(minorUnits: .max, currency: "GBP"), expectedDate: "2026-12-24").value == .max)
    }

    /// A planner approves up to the limit; above it, a supervisor or an admin.
    @Test func approvalAboveThePlannersLimitNeedsASupervisorOrAnAdmin() {
        let big = Money(minorUnits: 1_200_000, currency: "GBP"), limit = Money(minorUnits: 500_000, currency: "GBP")
        #expect(PurchaseOrderApproval.refusal(.planner, value: Money(minorUnits: 500_000, currency: "GBP"), plannerLimit: limit) == nil)
        #expect(PurchaseOrderApproval.refusal(.planner, value: big, plannerLimit: limit)
                == "A planner may approve a purchase order worth up to 5000.00 GBP; this one is worth 12000.00 GBP: a supervisor or an admin approves it.")
        #expect(PurchaseOrderApproval.refusal(.supervisor, value: big, plannerLimit: limit) == nil)
        #expect(PurchaseOrderApproval.refusal(.viewer, value: Money(minorUnits: 1, currency: "GBP"), plannerLimit: limit)
                == "A viewer may not approve purchase orders (a supervisor, a planner or an admin may).")
        // No exchange rates: an order in another currency than the limit's is above it.
        #expect(PurchaseOrderApproval.refusal(.planner, value: Money(minorUnits: 1, currency: "EUR"), plannerLimit: limit)
                == "A planner may approve a purchase order worth up to 5000.00 GBP; this one is worth 0.01 EUR: a supervisor or an admin approves it.")
    }
}
