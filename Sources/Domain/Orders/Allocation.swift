/// How allocation chooses a fulfilment location for each line.
public enum AllocationPolicy: String, CaseIterable, Sendable, Codable {
    /// Fewest transit days to the ship-to region, then cheapest.
    case fastest
    /// Lowest shipping cost, then fastest; splits only when nothing else serves.
    case cheapest
    /// Take from where most stock is left, protecting coverage at scarcer nodes.
    case balance
    /// Transit days, shipping cost and coverage weighed together.
    case weighted

    public init?(parsing text: String) {
        guard let p = Spelling.match(text, in: AllocationPolicy.self) else { return nil }
        self = p
    }
    public static var spellings: String { allCases.map(\.rawValue).joined(separator: ", ") }

    /// What the policy does, in a few words for a person choosing one.
    public var summary: String {
        switch self {
        case .fastest: "fewest transit days; up to 3 shipments"
        case .cheapest: "lowest shipping cost; one shipment"
        case .balance: "from where most stock is left; up to 2"
        case .weighted: "days, cost and coverage weighed; up to 2"
        }
    }

    /// At most this many shipments (locations) per order.
    public var maxShipments: Int {
        switch self {
        case .fastest: 3
        case .cheapest: 1
        case .balance, .weighted: 2
        }
    }

    /// Added to a location's score when using it would open another shipment, in minor units
    /// of freight: the cost of splitting.
    public var splitPenalty: Int64 {
        switch self {
        case .fastest: 0
        case .cheapest: 10_000
        case .balance, .weighted: 500
        }
    }
}

/// A fulfilment location that may serve an order: it ships to the order's region and is in
/// the channel's stock pool.
public struct NodeOffer: Hashable, Sendable, Codable {
    public var location: String
    public var transitDays: Int
    public var shippingCost: Int64
    public init(location: String, transitDays: Int, shippingCost: Int64) {
        self.location = location; self.transitDays = transitDays; self.shippingCost = shippingCost
    }
}

/// The open quantity of one order line; kits name their components.
public struct LineDemand: Hashable, Sendable, Codable {
    public var lineNo: Int
    public var sku: String
    public var quantity: Int
    public var components: [KitComponent]
    public init(lineNo: Int, sku: String, quantity: Int, components: [KitComponent] = []) {
        self.lineNo = lineNo; self.sku = sku; self.quantity = quantity; self.components = components
    }
    public var isKit: Bool { !components.isEmpty }
}

/// One candidate location for a line and the terms of its score (lower score is better).
public struct CandidateScore: Hashable, Sendable, Codable {
    public var location: String
    /// Units of the line's SKU (kits: whole kits) promisable there when the line was planned.
    public var atp: Int
    public var transitDays: Int
    public var shippingCost: Int64
    /// Units left at the location after this line takes what it can.
    public var coverageAfter: Int
    /// Freight penalty included because the location would open another shipment.
    public var splitPenalty: Int64
    public var score: Int64
    /// What the line takes from here (0 when not chosen).
    public var taken: Int
}

public struct LinePlan: Hashable, Sendable, Codable {
    public var lineNo: Int
    public var sku: String
    public var quantity: Int
    /// (location, units of the line's SKU) in the order taken.
    public var picks: [Pick]
    public var backordered: Int
    public var candidates: [CandidateScore]
    /// Locations that had stock for the line but were passed over because the order already
    /// ships from as many locations as the policy allows (`shipments`): the real constraint.
    public var heldBackByShipmentLimit: [String] = []
    /// The locations the order ships from when the limit held it back.
    public var shipments: [String] = []

    public struct Pick: Hashable, Sendable, Codable {
        public var location: String
        public var quantity: Int
        public init(location: String, quantity: Int) { self.location = location; self.quantity = quantity }
    }
    public var allocated: Int { picks.reduce(0) { $0 + $1.quantity } }
}

public struct OrderPlan: Hashable, Sendable, Codable {
    public var policy: AllocationPolicy
    public var lines: [LinePlan]
    /// Distinct locations shipping, in the order first used.
    public var shipments: [String]
    /// Shipping cost of the chosen locations plus split penalties.
    public var freight: Int64
    public var allocated: Int { lines.reduce(0) { $0 + $1.allocated } }
    public var backordered: Int { lines.reduce(0) { $0 + $1.backordered } }
}

/// Plans the allocation of one order against a working view of sellable stock, taking from
/// it as it goes so lines of the same order (and later orders planned against the same
/// view) never count a unit twice; kits take their components together from one location.
public struct AllocationPlanner: Sendable {
    public var policy: AllocationPolicy
    /// Sellable units by SKU and location; decremented by every pick.
    public var available: [SkuLocation: Int]

    public init(policy: AllocationPolicy, available: [SkuLocation: Int] = [:]) {
        self.policy = policy; self.available = available
    }

    /// Whole units of `demand` promisable at `location` from the working view.
    public func atp(_ demand: LineDemand, at location: String) -> Int {
        if demand.isKit {
            return ATP.kit(demand.components) { available[SkuLocation(sku: $0, location: location)] ?? 0 }
        }
        return max(0, available[SkuLocation(sku: demand.sku, location: location)] ?? 0)
    }

    func score(_ offer: NodeOffer, atp: Int, taking: Int, opensShipment: Bool) -> CandidateScore {
        let penalty = opensShipment ? policy.splitPenalty : 0
        let after = atp - taking
        // Saturating: a transit time or cost beyond the limits (an old database) ranks last
        // instead of trapping the whole run.
        typealias S = Saturating
        let days = Int64(offer.transitDays), cost = offer.shippingCost
        let base: Int64 = switch policy {
        case .fastest: S.add(S.multiply(days, 1_000_000), cost)
        case .cheapest: S.add(S.multiply(cost, 100), days)
        case .balance: S.add(S.multiply(-Int64(after), 1_000), days)
        case .weighted: S.add(S.add(S.multiply(days, 300), cost), S.multiply(Int64(taking), 500) / Int64(max(atp, 1)))
        }
        return CandidateScore(location: offer.location, atp: atp, transitDays: offer.transitDays,
                              shippingCost: offer.shippingCost, coverageAfter: max(0, after), splitPenalty: penalty,
                              score: S.add(base, penalty), taken: 0)
    }

    /// Plans `lines` for an order shipping to a region served by `offers`, and takes the
    /// picked units out of `available`. `shipping` are the locations the order already ships
    /// from (its live allocations, when it is planned again): they count against the policy's
    /// shipment limit, and taking more from them opens no new shipment.
    public mutating func plan(_ lines: [LineDemand], offers: [NodeOffer], shipping: [String] = []) -> OrderPlan {
        var shipments = shipping
        // One location that serves every line whole is best: no (further) split.
        let roomForAnother = shipping.count < policy.maxShipments
        let singles = roomForAnother ? offers : offers.filter { shipping.contains($0.location) }
        if let single = bestSingleLocation(lines, offers: singles), !shipments.contains(single) { shipments.append(single) }
        var plans: [LinePlan] = []
        for demand in lines {
            var need = demand.quantity
            var candidates = offers.map { offer in
                let atp = atp(demand, at: offer.location)
                return score(offer, atp: atp, taking: min(atp, demand.quantity), opensShipment: !shipments.contains(offer.location))
            }
            candidates.sort { ($0.score, $0.location) < ($1.score, $1.location) }
            // Preference: a location already shipping that fills the line whole (with one
            // location serving everything, that is the only one used), then another that
            // fills it whole, then partial fills; by score within each.
            let order = candidates.indices.sorted {
                func rank(_ c: CandidateScore) -> Int {
                    let whole = c.atp >= demand.quantity, shipping = shipments.contains(c.location)
                    return whole && shipping ? 0 : whole ? 1 : shipping ? 2 : 3
                }
                let (ra, rb) = (rank(candidates[$0]), rank(candidates[$1]))
                return ra != rb ? ra < rb : $0 < $1
            }
            var picks: [LinePlan.Pick] = []
            var heldBack: [String] = []
            for index in order where need > 0 {
                let c = candidates[index]
                guard c.atp > 0 else { continue }
                if !shipments.contains(c.location) {
                    guard shipments.count < policy.maxShipments else { heldBack.append(c.location); continue }
                    shipments.append(c.location)
                }
                let units = min(need, c.atp)
                take(demand, units, at: c.location)
                candidates[index].taken = units
                picks.append(LinePlan.Pick(location: c.location, quantity: units))
                need -= units
            }
            var plan = LinePlan(lineNo: demand.lineNo, sku: demand.sku, quantity: demand.quantity,
                                picks: picks, backordered: need, candidates: candidates)
            if need > 0 && !heldBack.isEmpty { plan.heldBackByShipmentLimit = heldBack; plan.shipments = shipments }
            plans.append(plan)
        }
        let used = shipments.filter { loc in plans.contains { $0.picks.contains { $0.location == loc } } }
        // Freight for the shipments this plan opens; every one after the order's first is a split.
        let opened = used.filter { !shipping.contains($0) }
        let freight = opened.enumerated().reduce(Int64(0)) { total, item in
            let cost = offers.first { $0.location == item.element }?.shippingCost ?? 0
            return Saturating.add(Saturating.add(total, cost), shipping.count + item.offset > 0 ? policy.splitPenalty : 0)
        }
        return OrderPlan(policy: policy, lines: plans, shipments: used, freight: freight)
    }

    /// The best-scoring location that can serve every line in full, if any.
    func bestSingleLocation(_ lines: [LineDemand], offers: [NodeOffer]) -> String? {
        var best: (Int64, String)?
        for offer in offers {
            // What earlier lines of this order took here, so lines sharing a SKU (or a kit's
            // component) are not both counted against the same units. A small overlay rather
            // than a copy of the whole view.
            var taken: [String: Int] = [:]
            func left(_ sku: String) -> Int {
                max(0, (available[SkuLocation(sku: sku, location: offer.location)] ?? 0) - (taken[sku] ?? 0))
            }
            var fits = true
            var total: Int64 = 0
            for demand in lines {
                let atp = demand.isKit ? ATP.kit(demand.components, available: left) : left(demand.sku)
                guard atp >= demand.quantity else { fits = false; break }
                total = Saturating.add(total, score(offer, atp: atp, taking: demand.quantity, opensShipment: false).score)
                if demand.isKit {
                    for c in demand.components {
                        taken[c.component] = Saturating.add(taken[c.component] ?? 0, Saturating.multiply(demand.quantity, c.quantity))
                    }
                } else {
                    taken[demand.sku, default: 0] += demand.quantity
                }
            }
            if fits, best == nil || (total, offer.location) < best! { best = (total, offer.location) }
        }
        return best?.1
    }

    /// Removes `units` of the line's SKU (kits: their components) at `location` from the view.
    mutating func take(_ demand: LineDemand, _ units: Int, at location: String) {
        if demand.isKit {
            for c in demand.components {
                let key = SkuLocation(sku: c.component, location: location)
                available[key] = Saturating.subtract(available[key] ?? 0, Saturating.multiply(units, c.quantity))
            }
        } else {
            available[SkuLocation(sku: demand.sku, location: location), default: 0] -= units
        }
    }
}
