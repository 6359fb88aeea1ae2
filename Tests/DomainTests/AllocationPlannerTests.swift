import Testing
import Foundation
@testable import Domain

@Suite struct AllocationPlannerTests {
    let offers = [NodeOffer(location: "N", transitDays: 1, shippingCost: 500),
                  NodeOffer(location: "S", transitDays: 3, shippingCost: 300),
                  NodeOffer(location: "W", transitDays: 2, shippingCost: 900)]

    func view(_ entries: [(String, String, Int)]) -> [SkuLocation: Int] {
        Dictionary(uniqueKeysWithValues: entries.map { (SkuLocation(sku: $0.0, location: $0.1), $0.2) })
    }

    @Test func oneLocationServingEveryLineIsPreferredOverAFasterSplit() {
        // N is fastest for A but lacks B; S has both: fastest still ships once, from S.
        var planner = AllocationPlanner(policy: .fastest, available: view([("A", "N", 5), ("A", "S", 5), ("B", "S", 5)]))
        let plan = planner.plan([LineDemand(lineNo: 1, sku: "A", quantity: 2), LineDemand(lineNo: 2, sku: "B", quantity: 1)], offers: offers)
        #expect(plan.shipments == ["S"])
        #expect(plan.lines.map(\.picks) == [[.init(location: "S", quantity: 2)], [.init(location: "S", quantity: 1)]])
        #expect(planner.available[SkuLocation(sku: "A", location: "S")] == 3)
    }

    /// Values far outside the limits (a database from before them) rank last under every
    /// policy instead of trapping: Int64.max transit days and cost, Int.max kit components.
    @Test func outOfRangeValuesRankLastInsteadOfCrashing() {
        let wild = [NodeOffer(location: "X", transitDays: Int.max, shippingCost: Int64.max),
                    NodeOffer(location: "Y", transitDays: 10_000_000_000_000, shippingCost: 0),
                    NodeOffer(location: "N", transitDays: 1, shippingCost: 500)]
        let stock = view([("A", "X", Int.max), ("A", "Y", 10), ("A", "N", 10), ("C", "X", Int.max), ("C", "N", 20)])
        let kit = LineDemand(lineNo: 2, sku: "K", quantity: 3,
                             components: [KitComponent(component: "C", quantity: Int.max), KitComponent(component: "A", quantity: 1)])
        for policy in AllocationPolicy.allCases {
            var planner = AllocationPlanner(policy: policy, available: stock)
            let plan = planner.plan([LineDemand(lineNo: 1, sku: "A", quantity: 4), kit], offers: wild)
            #expect(plan.lines[0].allocated == 4, "\(policy)")
            if policy != .balance { #expect(plan.lines[0].picks.map(\.location) == ["N"], "\(policy)") }
            // Int.max of C per kit: X's Int.max units make one kit, nowhere three.
            #expect(plan.lines[1].allocated + plan.lines[1].backordered == 3, "\(policy)")
            #expect(plan.freight >= 0, "\(policy)")
        }
    }

    @Test func policiesRankLocationsByTheirOwnTerms() {
        let stock = view([("A", "N", 10), ("A", "S", 10), ("A", "W", 50)])
        let demand = [LineDemand(lineNo: 1, sku: "A", quantity: 4)]
        func chosen(_ policy: AllocationPolicy) -> String {
            var p = AllocationPlanner(policy: policy, available: stock)
            return p.plan(demand, offers: offers).shipments.first ?? "-"
        }
        #expect(chosen(.fastest) == "N")    // 1 day
        #expect(chosen(.cheapest) == "S")   // 3.00
        #expect(chosen(.balance) == "W")    // most left after taking
    }

    @Test func splitsStopAtThePolicysShipmentLimitAndTheRestIsBackordered() {
        let stock = view([("A", "N", 2), ("A", "S", 2), ("A", "W", 2)])
        var cheapest = AllocationPlanner(policy: .cheapest, available: stock)
        let one = cheapest.plan([LineDemand(lineNo: 1, sku: "A", quantity: 5)], offers: offers)
        #expect(one.shipments.count == 1 && one.lines[0].allocated == 2 && one.lines[0].backordered == 3)
        var fastest = AllocationPlanner(policy: .fastest, available: stock)
        let three = fastest.plan([LineDemand(lineNo: 1, sku: "A", quantity: 5)], offers: offers)
        #expect(three.shipments.count == 3 && three.lines[0].allocated == 5 && three.lines[0].backordered == 0)
        // The plan says what held the rest back: stock elsewhere, and the limit.
        #expect(one.lines[0].heldBackByShipmentLimit.sorted() == ["N", "W"] && one.lines[0].shipments == ["S"])
        #expect(three.lines[0].heldBackByShipmentLimit.isEmpty)
        // Short for want of stock (not the limit): nothing is said to be held back.
        var short = AllocationPlanner(policy: .cheapest, available: view([("A", "S", 2)]))
        #expect(short.plan([LineDemand(lineNo: 1, sku: "A", quantity: 5)], offers: offers).lines[0].heldBackByShipmentLimit.isEmpty)
    }

    /// Planned again, an order counts the locations it already ships from: more from them
    /// opens nothing, and a new one only while the policy's limit allows.
    @Test func aReplanCountsTheShipmentsTheOrderAlreadyHas() {
        let stock = view([("B", "N", 1), ("B", "W", 4)])
        var balance = AllocationPlanner(policy: .balance, available: stock)   // at most 2 shipments
        let full = balance.plan([LineDemand(lineNo: 2, sku: "B", quantity: 3)], offers: offers, shipping: ["S", "W"])
        #expect(full.lines[0].picks == [.init(location: "W", quantity: 3)] && full.freight == 0)
        #expect(full.lines[0].candidates.first { $0.location == "W" }?.splitPenalty == 0)

        var cheapest = AllocationPlanner(policy: .cheapest, available: stock)  // one shipment
        let none = cheapest.plan([LineDemand(lineNo: 2, sku: "B", quantity: 3)], offers: offers, shipping: ["S"])
        #expect(none.lines[0].allocated == 0 && none.lines[0].backordered == 3 && none.shipments.isEmpty)

        var fastest = AllocationPlanner(policy: .fastest, available: stock)    // three: room for one more
        let more = fastest.plan([LineDemand(lineNo: 2, sku: "B", quantity: 3)], offers: offers, shipping: ["S", "W"])
        #expect(more.lines[0].allocated == 3 && Set(more.shipments).isSubset(of: ["N", "S", "W"]))
        #expect(more.freight == (more.shipments.contains("N") ? 500 : 0))   // only a newly opened shipment costs freight
    }

    @Test func aKitTakesItsComponentsTogetherFromOneLocation() {
        // N has A for 3 kits but B for 1; S has both for 2 kits.
        var planner = AllocationPlanner(policy: .fastest, available: view([("A", "N", 6), ("B", "N", 1), ("A", "S", 4), ("B", "S", 2)]))
        let kit = LineDemand(lineNo: 1, sku: "KIT", quantity: 2, components: [KitComponent(component: "A", quantity: 2),
                                                                             KitComponent(component: "B", quantity: 1)])
        let plan = planner.plan([kit], offers: offers)
        #expect(plan.lines[0].picks == [.init(location: "S", quantity: 2)])
        #expect(planner.available[SkuLocation(sku: "A", location: "S")] == 0)
        #expect(planner.available[SkuLocation(sku: "B", location: "S")] == 0)
        #expect(planner.available[SkuLocation(sku: "A", location: "N")] == 6)
    }

    /// Random orders over random stock, including kits sharing components with plain lines:
    /// no pick ever exceeds what the working view held, components are never promised twice,
    /// and every line's quantity is exactly allocated + backordered.
    @Test(arguments: [1, 2, 3, 4, 5, 6, 7, 8] as [UInt64])
    func allocationNeverExceedsATPAndEveryUnitIsAccountedFor(seed: UInt64) {
        var rng = SeededRandom(seed: seed)
        let skus = ["A", "B", "C", "D"]
        var stock: [SkuLocation: Int] = [:]
        for sku in skus { for o in offers { stock[SkuLocation(sku: sku, location: o.location)] = Int.random(in: 0...8, using: &rng) } }
        let kits = ["K1": [KitComponent(component: "A", quantity: 2), KitComponent(component: "B", quantity: 1)],
                    "K2": [KitComponent(component: "B", quantity: 1), KitComponent(component: "C", quantity: 3)]]
        for policy in AllocationPolicy.allCases {
            var planner = AllocationPlanner(policy: policy, available: stock)
            var taken: [SkuLocation: Int] = [:]
            for _ in 0..<40 {
                var lines: [LineDemand] = []
                for n in 1...Int.random(in: 1...3, using: &rng) {
                    let pick = Int.random(in: 0..<6, using: &rng)
                    let sku = pick < 4 ? skus[pick] : pick == 4 ? "K1" : "K2"
                    lines.append(LineDemand(lineNo: n, sku: sku, quantity: Int.random(in: 1...4, using: &rng), components: kits[sku] ?? []))
                }
                let offered = offers.filter { _ in rng.chance(80) }
                let plan = planner.plan(lines, offers: offered)
                #expect(plan.shipments.count <= policy.maxShipments)
                for (demand, line) in zip(lines, plan.lines) {
                    #expect(line.allocated + line.backordered == demand.quantity)
                    for pick in line.picks {
                        #expect(offered.contains { $0.location == pick.location })
                        let parts = demand.isKit ? demand.components : [KitComponent(component: demand.sku, quantity: 1)]
                        for c in parts { taken[SkuLocation(sku: c.component, location: pick.location), default: 0] += pick.quantity * c.quantity }
                    }
                }
            }
            for (key, units) in taken {
                #expect(units <= stock[key] ?? 0, "\(policy): took \(units) of \(key.sku)@\(key.location), held \(stock[key] ?? 0)")
                #expect(planner.available[key] == (stock[key] ?? 0) - units)
            }
        }
    }
}

@Suite struct OrderRulesTests {
    func draft(_ change: (inout OrderDraft) -> Void = { _ in }) -> OrderDraft {
        var d = OrderDraft(channel: "web", externalRef: "W-1", customer: "C1",
                           shipTo: Address(name: "Ann", line1: "1 High St", city: "Leeds", postcode: "LS1 1AA", country: "GB", region: "UK-N"),
                           orderedAt: "2026-11-20 10:00:00", lines: [OrderLineDraft(sku: "A", quantity: 2, unitPrice: 250, tax: 100)])
        change(&d)
        return d
    }

    @Test func aCleanOrderHasNoHoldsAndEachFailurePlacesOneWithItsOwner() {
        let rules = ValidationRules(fraudThreshold: 70)
        #expect(rules.holds(for: draft()).isEmpty)
        let bad = draft {
            $0.shipTo.postcode = ""; $0.paymentStatus = .pending; $0.fraudScore = 85; $0.lines[0].tax = nil
        }
        let holds = rules.holds(for: bad)
        #expect(holds.map(\.reason) == [.address, .payment, .fraud, .tax])
        #expect(holds[0].note == "ship-to lacks postcode")
        #expect(holds.map(\.reason.owner) == [.customerService, .finance, .supervisor, .finance])
        // A customer account with no street ships to the account's address; a guest may not.
        #expect(rules.holds(for: draft { $0.shipTo = Address(country: "GB", region: "UK-S") }).isEmpty)
        #expect(rules.holds(for: draft { $0.shipTo = Address(country: "GB", region: "UK-S"); $0.customer = "" }).map(\.reason) == [.address])
    }

    @Test func structuralProblemsAreRejectedNamingTheField() {
        #expect(throws: DomainError.self) { try draft { $0.lines[0].quantity = 0 }.validate() }
        #expect(throws: DomainError("Order web/W-1: order date '2026-13-01 10:00:00' is not a calendar date and time yyyy-mm-dd hh:mm:ss.")) {
            try draft { $0.orderedAt = "2026-13-01 10:00:00" }.validate()
        }
        // Calendar-checked: no 30 February, no 24:00:00; a promise cannot come before the order.
        for bad in ["2024-02-30 10:00:00", "2023-02-29 10:00:00", "2024-04-31 10:00:00", "2024-03-01 24:00:00", "2024-03-01 10:60:00"] {
            #expect(throws: DomainError.self, "\(bad)") { try draft { $0.orderedAt = bad; $0.promiseDate = "" }.validate() }
        }
        #expect(throws: Never.self) { try draft { $0.orderedAt = "2024-02-29 23:59:59"; $0.promiseDate = "2024-03-01" }.validate() }
        #expect(throws: DomainError("Order web/W-1: promise date 2024-02-28 is before the order date 2024-02-29.")) {
            try draft { $0.orderedAt = "2024-02-29 10:00:00"; $0.promiseDate = "2024-02-28" }.validate()
        }
        #expect(OrderDate.isDate("2000-02-29") && !OrderDate.isDate("1900-02-29") && !OrderDate.isDate("2024-02-30"))
        #expect(throws: DomainError.self) { try draft { $0.lines[0].discount = 600 }.validate() }
        #expect(throws: DomainError.self) { try draft { $0.customer = "x\u{1B}[2J" }.validate() }
        #expect(throws: DomainError.self) { try draft { $0.fraudScore = 101 }.validate() }
    }

    @Test func stateFollowsTheLinesAndStepsHaveEntryCriteria() throws {
        let q = { (qty: Int, a: Int, b: Int, c: Int, s: Int) in LineQuantities(quantity: qty, allocated: a, backordered: b, cancelled: c, shipped: s) }
        #expect(OrderState.derived(from: [q(4, 4, 0, 0, 0)], current: .released) == .allocated)
        #expect(OrderState.derived(from: [q(4, 1, 3, 0, 0)], current: .released) == .partiallyAllocated)
        #expect(OrderState.derived(from: [q(4, 0, 4, 0, 0)], current: .released) == .backordered)
        #expect(OrderState.derived(from: [q(4, 0, 0, 4, 0)], current: .allocated) == .cancelled)
        #expect(OrderState.derived(from: [q(4, 0, 0, 1, 3)], current: .packed) == .shipped)
        #expect(OrderState.derived(from: [q(4, 1, 0, 0, 3)], current: .packed) == .partiallyShipped)
        #expect(OrderState.derived(from: [q(4, 0, 0, 0, 0)], current: .validated) == .validated)
        #expect(throws: DomainError.self) { try OrderState.released.next(for: .pack) }
        #expect(try OrderState.allocated.next(for: .pick) == .picking)
        #expect(try OrderState.invoiced.next(for: .close) == .closed)
        #expect(!OrderState.shipped.isCancellable && OrderState.packed.isCancellable)
    }

    @Test func datesAddAcrossMonthsYearsAndLeapDays() {
        #expect(OrderDate.adding(days: 5, to: "2026-12-29") == "2027-01-03")
        #expect(OrderDate.adding(days: 1, to: "2028-02-28") == "2028-02-29")
        #expect(OrderDate.adding(days: -1, to: "2026-03-01") == "2026-02-28")
        #expect(OrderDate.days(from: "2026-01-01", to: "2027-01-01") == 365)
    }

    @Test func storedDecisionsRoundTrip() throws {
        let a = LineDecision(lineNo: 1, policy: .weighted, sku: "A\"1", region: "UK-S", quantity: 3,
                             candidates: [CandidateScore(location: "N", atp: 2, transitDays: 1, shippingCost: 500, coverageAfter: 0,
                                                         splitPenalty: 500, score: 1300, taken: 2),
                                          CandidateScore(location: "S", atp: 0, transitDays: 3, shippingCost: 300, coverageAfter: 0,
                                                         splitPenalty: 0, score: -7, taken: 0)],
                             picks: [.init(location: "N", quantity: 2)], backordered: 1, constraint: "A\"1\\: 0 sellable\n\t\u{1b}[31m Köln\u{7f}",
                             expectedDate: "2026-12-03")
        var b = a
        b.lineNo = 2; b.sku = "B"; b.picks = [.init(location: "S", quantity: 3)]; b.backordered = 0; b.constraint = nil; b.expectedDate = nil
        let stored = LineDecision.storage([a, b])
        #expect(LineDecision.decode(storage: stored) == [a, b])
        #expect(!stored.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F })   // escaped, never raw
        #expect(LineDecision.quote("\u{1}é\"") == "\"\\u0001é\\\"\"")
        #expect(LineDecision.decode(storage: "not json") == nil)
    }
}

@Suite struct OrderAmountTests {
    @Test func hugeAmountsAreRefusedInsteadOfOverflowing() {
        let line = OrderLineDraft(sku: "A", quantity: 1_000_000_000, unitPrice: 999_999_999_999_999, tax: 0)
        let draft = OrderDraft(channel: "web", externalRef: "X", orderedAt: "2026-11-20 10:00:00", lines: [line])
        #expect(throws: DomainError("Order web/X line 1 (A): the line is worth more than one order line may carry.")) {
            try draft.validate()
        }
    }
}

@Suite struct CustomerIDTests {
    @Test func eachChannelHasItsCustomerFormat() {
        #expect(CustomerID.problem("", channel: "web") == nil)                       // a guest
        #expect(CustomerID.problem("CUST-52", channel: "web") == nil)
        #expect(CustomerID.problem("ann.lee+shop@example.com", channel: "marketplace") == nil)
        #expect(CustomerID.problem("Ann Lee", channel: "web") != nil)
        #expect(CustomerID.problem(String(repeating: "x", count: 61), channel: "web") != nil)
        #expect(CustomerID.problem("17850", channel: "online-retail") == nil)
        #expect(CustomerID.problem("CUST-1", channel: "online-retail") == "customer 'CUST-1' is not an online-retail customer number (five digits, e.g. 17850).")
        #expect(CustomerID.problem("1785", channel: "online-retail") != nil)
    }
}
