import Foundation
import Domain
import Store

public struct AllocationOptions: Sendable {
    public var policy: AllocationPolicy
    /// Plan against one snapshot and report; write nothing.
    public var dryRun: Bool
    /// Only these orders (the console's "allocate now"); nil means every waiting order.
    public var orders: [Int64]?
    /// Stop after this many orders.
    public var limit: Int?
    /// Orders per write transaction: short, so consoles and other writers are not blocked.
    public var chunk: Int
    public init(policy: AllocationPolicy = .fastest, dryRun: Bool = false, orders: [Int64]? = nil, limit: Int? = nil,
                chunk: Int = 2_000) {
        self.policy = policy; self.dryRun = dryRun; self.orders = orders; self.limit = limit; self.chunk = chunk
    }
}

/// What an allocation run did (or, dry, would do).
public struct AllocationSummary: Sendable, Equatable, Codable {
    public var policy: AllocationPolicy
    public var dryRun: Bool
    public var orders = 0
    public var allocated = 0
    public var partiallyAllocated = 0
    public var backordered = 0
    /// Orders served from more than one location.
    public var split = 0
    public var shipments = 0
    public var unitsAllocated = 0
    public var unitsBackordered = 0
    /// Shipping cost of the planned shipments plus split penalties, minor units.
    public var freight: Int64 = 0
    /// Orders that will miss their promise date: a transit time or an expected recovery too late.
    public var promiseMissed = 0
    /// Of `orders`: backorders retried with nothing new (nothing written for them).
    public var unchanged = 0
    /// Listed orders (`AllocationOptions.orders`) left alone: not waiting for stock, on hold or unknown.
    public var skipped: [Int64] = []
    public init(policy: AllocationPolicy, dryRun: Bool) { self.policy = policy; self.dryRun = dryRun }
}

extension Operations {
    /// Allocates waiting orders (released, backordered, partially allocated; not on hold) in
    /// priority order. Each chunk is one transaction that reads stock under the write lock,
    /// so two allocators and a console working at once never promise a unit twice.
    public func allocate(_ options: AllocationOptions, by actor: Actor) throws(OperationError) -> AllocationSummary {
        var summary = AllocationSummary(policy: options.policy, dryRun: options.dryRun)
        guard options.chunk > 0 else { throw OperationError("The allocation chunk must be at least 1.") }
        var queue = AllocationQueue(options: options)
        if options.dryRun {
            // One snapshot and one working view, so later orders see what earlier ones took.
            try read { r in
                var run = try AllocationRun(options: options, reader: r, today: today)
                let at = now
                while let batch = try queue.next(from: r) {
                    try run.prefetch(batch, headers: queue.headers)
                    for id in batch { try run.plan(id, into: &summary, writer: nil, actor: actor, at: at) }
                }
            }
            summary.skipped = queue.skipped
            return summary
        }
        var more = true
        var run: AllocationRun?
        while more {
            // Between chunks, a moment with the lock free so other terminals' writes get in.
            if summary.orders > 0 { usleep(2_000) }
            // Planned into a copy: a chunk counts only once its transaction has committed.
            var chunk = summary
            do {
                more = try perform(.allocateOrders, by: actor) { tx, actor -> Bool in
                    guard let batch = try queue.next(from: tx) else { return false }
                    // What the run read stays good while nobody else has written since its last chunk.
                    if try run?.resume(on: tx, today: today) != true { run = try AllocationRun(options: options, reader: tx, today: today) }
                    try run!.prefetch(batch, headers: queue.headers)
                    let at = now   // one timestamp per transaction
                    for id in batch { try run!.plan(id, into: &chunk, writer: tx, actor: actor, at: at) }
                    // Planned, or not worth it: off the retry list until something they wait for changes again.
                    try tx.forgetAllocationRetries(queue.considered)
                    try run!.noteOwnWrites(tx)
                    return true
                }
            } catch {
                // Earlier chunks are committed: say exactly what is done and what is not.
                guard summary.orders > 0 else { throw error }
                let why = error.message.hasSuffix(".") ? error.message : error.message + "."
                throw OperationError("\(summary.orders.grouped) orders were planned and committed (\(summary.allocated.grouped) allocated, "
                                     + "\(summary.backordered.grouped) backordered); the rest were not. \(why) Run the allocation again for them.")
            }
            summary = chunk
        }
        summary.skipped = queue.skipped
        return summary
    }

    /// The allocation explanation of an order: the decisions stored when it was last planned,
    /// or (for an order not planned yet) what the planner would decide now.
    public func explain(order reference: String, policy: AllocationPolicy = .fastest) throws(OperationError) -> OrderExplanation {
        try read { r in
            let header = try resolveOrder(reference, in: r)
            let record = try r.order(header.id)!
            var stored: [Int: LineDecision] = [:]
            for d in record.decision.flatMap({ LineDecision.decode(storage: $0.detail) }) ?? [] { stored[d.lineNo] = d }
            var preview: [Int: LineDecision] = [:]
            if header.kind == .sale && !header.state.isFinished && record.lines.contains(where: { $0.outstanding - $0.allocated > 0 }) {
                var run = try AllocationRun(options: AllocationOptions(policy: policy, dryRun: true), reader: r, today: today)
                var scratch = AllocationSummary(policy: policy, dryRun: true)
                preview = try run.plan(header.id, into: &scratch, writer: nil, actor: Actor(name: "explain", role: .viewer), at: now)
            }
            return OrderExplanation(record: record, stored: stored, preview: preview, dropShips: try r.dropShips(salesOrder: header.id))
        }
    }

    /// The clock's date, yyyy-mm-dd.
    public var today: String { String(now.prefix(10)) }
}

/// An order with the why of each line: the stored decision of its last allocation and, for
/// what is still waiting, the planner's view now.
public struct OrderExplanation: Sendable {
    public var record: OrderRecord
    public var stored: [Int: LineDecision]
    public var preview: [Int: LineDecision]
    /// Its drop-ship orders: lines its suppliers ship to the customer.
    public var dropShips: [DropShipRow] = []
}

/// Which orders an allocation run takes next: every waiting order in priority order
/// (keyset-paged), or an explicit list; at most `limit`.
struct AllocationQueue {
    let options: AllocationOptions
    var cursor: AllocationCursor?
    var pending: [Int64]?
    var taken = 0
    /// Headers of the listed orders of the last chunk, read to filter them: the run needs them too.
    var headers: [Int64: OrderHeader]?
    /// Listed orders not waiting for stock (or on hold, or unknown), in the order listed.
    var skipped: [Int64] = []

    init(options: AllocationOptions) {
        self.options = options
        pending = options.orders
    }

    /// Every order the last chunk looked at, planned or not: the ones to take off the retry list.
    private(set) var considered: [Int64] = []

    /// The next chunk, or nil when there is nothing left. Listed orders no longer waiting
    /// (or on hold) are skipped, so a chunk may be empty without the run being over.
    mutating func next(from reader: some StoreReading) throws -> [Int64]? {
        var size = options.chunk
        if let limit = options.limit { size = min(size, limit - taken) }
        guard size > 0 else { return nil }
        if var ids = pending {
            guard !ids.isEmpty else { return nil }
            let chunk = Array(ids.prefix(size))
            ids.removeFirst(chunk.count)
            pending = ids
            taken += chunk.count
            let headers = try reader.orderHeaders(chunk)
            self.headers = headers
            let (waiting, left) = chunk.reduce(into: ([Int64](), [Int64]())) { split, id in
                if let h = headers[id], h.kind == .sale, h.state.awaitsAllocation, !h.onHold { split.0.append(id) } else { split.1.append(id) }
            }
            skipped += left
            considered = chunk
            return waiting
        }
        let batch = try reader.ordersToAllocate(limit: size, after: cursor)
        guard let last = batch.last else { return nil }
        cursor = last
        considered = batch.map(\.id)
        let worth = batch.filter(\.worthPlanning)
        taken += worth.count
        return worth.map(\.id)
    }
}

/// One allocation run over one snapshot (a dry run) or over a run of chunk transactions that
/// no other connection wrote between: the cached network, a working view of sellable stock
/// kept up to date by the run's own allocations, and the queue ahead of each backordered SKU.
struct AllocationRun {
    let options: AllocationOptions
    private(set) var reader: any StoreReading
    /// Where the database stood after the run's last read or write.
    var stamp: ChangeStamp
    let today: String
    let offersByRegion: [String: [(locationID: Int64, transitDays: Int, shippingCost: Int64)]]
    let pools: [String: Set<Int64>]
    let locationCodes: [Int64: String]
    let locationIDs: [String: Int64]
    let kits: [Int64: [(componentID: Int64, code: String, quantity: Int)]]
    /// SKUs their suppliers ship to the customer, and (read when first needed) who and how:
    /// nil where a drop-ship SKU has no preferred supplier (its lines are planned on stock).
    let dropShipSKUs: (everywhere: Set<Int64>, byChannel: [String: Set<Int64>])
    var dropShipTerms: [Int64: DropShipTerms?] = [:]
    var planner: AllocationPlanner
    var loadedSKUs: Set<Int64> = []
    var skuIDs: [String: Int64] = [:]
    var backorderAhead: [Int64: Int] = [:]
    // Per-SKU facts read once per run and kept up to date by the run's own allocations.
    var inbound: [Int64: [(document: String, locationID: Int64, quantity: Int, expectedDate: String)]] = [:]
    var reservedForOrders: [Int64: [Int64: (units: Int, lines: Int)]] = [:]
    // The chunk's orders, read together.
    var headers: [Int64: OrderHeader] = [:]
    var orderLines: [Int64: [OrderLineRow]] = [:]
    /// Locations the chunk's orders planned before already ship from (live allocations).
    var shipping: [Int64: [Int64]] = [:]

    init(options: AllocationOptions, reader: any StoreReading, today: String) throws {
        self.options = options
        self.reader = reader
        self.today = today
        offersByRegion = try reader.regionOffers()
        pools = try reader.channelPools()
        locationCodes = try reader.locationCodes()
        locationIDs = Dictionary(uniqueKeysWithValues: locationCodes.map { ($1, $0) })
        kits = try reader.kitBills()
        dropShipSKUs = try reader.dropShipSKUs()
        planner = AllocationPlanner(policy: options.policy)
        stamp = try reader.changeStamp()
    }

    /// Carries the run on into the next chunk's transaction; false when anyone else has written
    /// since (what the run read may be stale) or the day has changed.
    mutating func resume(on next: any StoreReading, today: String) throws -> Bool {
        guard today == self.today, try next.changeStamp() == stamp else { return false }
        reader = next
        return true
    }

    /// After the run's own writes in a chunk, which its working view already accounts for.
    mutating func noteOwnWrites(_ tx: any StoreReading) throws {
        stamp = try tx.changeStamp()
    }

    func offers(region: String, channel: String) -> [NodeOffer] {
        let pool = pools[channel]
        return (offersByRegion[region] ?? []).compactMap { o in
            guard pool == nil || pool!.contains(o.locationID), let code = locationCodes[o.locationID] else { return nil }
            return NodeOffer(location: code, transitDays: o.transitDays, shippingCost: o.shippingCost)
        }
    }

    /// Reads a chunk's headers (unless already read) and lines in two queries instead of two per order.
    mutating func prefetch(_ ids: [Int64], headers known: [Int64: OrderHeader]? = nil) throws {
        headers = try known ?? reader.orderHeaders(ids)
        orderLines = try reader.orderLines(ids)
        // Only an order planned before can hold allocations: a released one has none.
        let plannedBefore = ids.filter { headers[$0].map { $0.state != .released } ?? false }
        shipping = try reader.shippingLocations(plannedBefore)
        for id in plannedBefore where shipping[id] == nil { shipping[id] = [] }
    }

    /// Loads a SKU's sellable stock into the working view, once per run.
    mutating func load(skuID: Int64, code: String) throws {
        guard loadedSKUs.insert(skuID).inserted else { return }
        skuIDs[code] = skuID
        for p in try reader.sellable(skuID: skuID) {
            if let loc = locationCodes[p.locationID] { planner.available[SkuLocation(sku: code, location: loc)] = p.quantity }
        }
    }

    /// Plans one order; with a writer, reserves the stock, updates the lines and state, stores
    /// the decisions and audits. Returns the decision per line.
    @discardableResult
    mutating func plan(_ orderID: Int64, into summary: inout AllocationSummary, writer: StoreTransaction?,
                       actor: Actor, at: String) throws -> [Int: LineDecision] {
        guard let header = try headers.removeValue(forKey: orderID) ?? reader.orderHeader(orderID) else { return [:] }
        var lines = try orderLines.removeValue(forKey: orderID) ?? reader.orderLines(orderID)
        var demands: [LineDemand] = []
        var dropShips: [(index: Int, quantity: Int, terms: DropShipTerms)] = []
        for (index, line) in lines.enumerated() where line.outstanding - line.allocated > 0 {
            if !dropShipSKUs.everywhere.isEmpty || !dropShipSKUs.byChannel.isEmpty,
               dropShipSKUs.everywhere.contains(line.skuID) || dropShipSKUs.byChannel[header.channel]?.contains(line.skuID) == true,
               let terms = try dropShipTerms(line.skuID) {
                dropShips.append((index, line.outstanding - line.allocated, terms))
                continue
            }
            let bill = kits[line.skuID] ?? []
            if bill.isEmpty {
                try load(skuID: line.skuID, code: line.sku)
            } else {
                for c in bill { try load(skuID: c.componentID, code: c.code) }
            }
            demands.append(LineDemand(lineNo: line.lineNo, sku: line.sku, quantity: line.outstanding - line.allocated,
                                      components: bill.map { KitComponent(component: $0.code, quantity: $0.quantity) }))
        }
        guard !demands.isEmpty || !dropShips.isEmpty else { return [:] }
        let offers = offers(region: header.shipTo.region, channel: header.channel)
        let shippingFrom = try shipping.removeValue(forKey: orderID)
            ?? (header.state == .released ? [] : reader.shippingLocations([orderID])[orderID] ?? [])
        let plan = planner.plan(demands, offers: offers, shipping: shippingFrom.compactMap { locationCodes[$0] })

        var missed = false
        var decisions: [Int: LineDecision] = [:]
        var changed = plan.allocated > 0 || !dropShips.isEmpty
        // Drop-ship lines go to their suppliers whole: the supplier's node is the one pick.
        for d in dropShips {
            let line = lines[d.index]
            let node = LocationKind.dropShipNode(of: d.terms.supplier)
            decisions[line.lineNo] = LineDecision(lineNo: line.lineNo, policy: options.policy, sku: line.sku, region: header.shipTo.region,
                                                  quantity: d.quantity, candidates: [], picks: [LinePlan.Pick(location: node, quantity: d.quantity)],
                                                  backordered: 0,
                                                  constraint: "drop-shipped: \(d.terms.supplier) ships it to the customer from \(node) "
                                                      + "(lead time \(d.terms.leadTimeDays) days)",
                                                  expectedDate: nil)
            if OrderDate.adding(days: d.terms.leadTimeDays, to: today) > header.promiseDate { missed = true }
            backorderAhead[line.skuID, default: 0] -= line.backordered
            lines[d.index].allocated += d.quantity
            lines[d.index].backordered = 0
            lines[d.index].expectedDate = nil
            lines[d.index].backorderedSince = nil
        }
        var planned: [(index: Int, demand: LineDemand, plan: LinePlan)] = []
        for (demand, linePlan) in zip(demands, plan.lines) {
            let index = lines.firstIndex { $0.lineNo == demand.lineNo }!
            var expected: String?
            var constraint: String?
            if linePlan.backordered > 0 {
                expected = try expectedDate(demand, shortfall: linePlan.backordered, previously: lines[index].backordered, offers: offers)
                constraint = try explainShortfall(demand, linePlan, offers: offers, region: header.shipTo.region, channel: header.channel)
                if expected.map({ OrderDate.adding(days: offers.map(\.transitDays).min() ?? 0, to: $0) > header.promiseDate }) ?? true {
                    missed = true
                }
            }
            for pick in linePlan.picks {
                let transit = offers.first { $0.location == pick.location }?.transitDays ?? 0
                if OrderDate.adding(days: transit, to: today) > header.promiseDate { missed = true }
            }
            decisions[demand.lineNo] = LineDecision(lineNo: demand.lineNo, policy: options.policy, sku: demand.sku,
                                                    region: header.shipTo.region, quantity: demand.quantity,
                                                    candidates: linePlan.candidates, picks: linePlan.picks,
                                                    backordered: linePlan.backordered, constraint: constraint, expectedDate: expected)
            let old = lines[index]
            backorderAhead[old.skuID, default: 0] += linePlan.backordered - old.backordered
            lines[index].allocated += linePlan.allocated
            lines[index].backordered = linePlan.backordered
            lines[index].expectedDate = expected
            lines[index].backorderedSince = linePlan.backordered > 0 ? (old.backorderedSince ?? at) : nil
            if lines[index] != old { changed = true }
            planned.append((index, demand, linePlan))
        }
        let state = OrderState.derived(from: lines.map(\.quantities), current: header.state)
        if state != header.state { changed = true }

        summary.orders += 1
        guard changed else {
            // A backorder retried with nothing new: no writes, no audit entry, the stored why stands.
            summary.unchanged += 1
            summary.unitsBackordered += plan.backordered
            summary.backordered += state == .backordered ? 1 : 0
            summary.partiallyAllocated += state == .partiallyAllocated ? 1 : 0
            if missed { summary.promiseMissed += 1 }
            return decisions
        }
        summary.freight += plan.freight
        summary.shipments += plan.shipments.count
        if plan.shipments.count > 1 { summary.split += 1 }
        summary.unitsAllocated += plan.allocated + dropShips.reduce(0) { $0 + $1.quantity }
        summary.unitsBackordered += plan.backordered
        if missed { summary.promiseMissed += 1 }
        switch state {
        case .allocated: summary.allocated += 1
        case .partiallyAllocated: summary.partiallyAllocated += 1
        default: summary.backordered += 1
        }
        guard let tx = writer else { return decisions }

        let document = "order \(orderID)"
        var placed: [String] = []
        for d in dropShips {
            placed.append(try Operations.placeDropShip(order: orderID, line: lines[d.index].lineNo, skuID: lines[d.index].skuID,
                                                       sku: lines[d.index].sku, quantity: d.quantity, terms: d.terms, today: today,
                                                       in: tx, actor: actor, at: at))
            try tx.updateLine(lines[d.index], orderID: orderID)
        }
        for (index, demand, linePlan) in planned {
            for pick in linePlan.picks {
                let locationID = locationIDs[pick.location]!
                if demand.isKit {
                    for c in kits[lines[index].skuID]! {
                        try tx.allocate(orderID: orderID, lineNo: demand.lineNo, skuID: c.componentID, locationID: locationID,
                                        quantity: pick.quantity * c.quantity, lineUnits: pick.quantity, document: document,
                                        actor: actor.name, at: at)
                        noteReserved(c.componentID, at: locationID, units: pick.quantity * c.quantity)
                    }
                } else {
                    try tx.allocate(orderID: orderID, lineNo: demand.lineNo, skuID: lines[index].skuID, locationID: locationID,
                                    quantity: pick.quantity, lineUnits: pick.quantity, document: document, actor: actor.name, at: at)
                    noteReserved(lines[index].skuID, at: locationID, units: pick.quantity)
                }
            }
            try tx.updateLine(lines[index], orderID: orderID)
        }
        // A re-planned order keeps the decisions of lines not planned this time.
        var all = decisions
        if header.state != .released, let old = try reader.orderDecision(orderID),
           let earlier = LineDecision.decode(storage: old.detail) {
            for d in earlier where all[d.lineNo] == nil { all[d.lineNo] = d }
        }
        try tx.saveDecision(orderID: orderID, policy: options.policy.rawValue,
                            detail: LineDecision.storage(all.values.sorted { $0.lineNo < $1.lineNo }), at: at)
        try tx.setOrderState(orderID, state, at: at)
        var after = header
        after.state = state
        let from = (plan.shipments.isEmpty ? "" : " from \(plan.shipments.joined(separator: ", "))")
            + (placed.isEmpty ? "" : "; drop-shipped on \(placed.joined(separator: ", "))")
        try tx.append(AuditEntry(actor: actor.name, role: actor.role, command: Command.allocateOrders.rawValue,
                                 entity: "order:\(orderID)",
                                 reason: "\(options.policy.rawValue): \(plan.allocated) allocated\(from), \(plan.backordered) backordered",
                                 before: Operations.orderImage(header), after: Operations.orderImage(after)), at: at)
        return decisions
    }

    /// Who ships a drop-ship SKU, read once a run.
    mutating func dropShipTerms(_ skuID: Int64) throws -> DropShipTerms? {
        if let known = dropShipTerms[skuID] { return known }
        let terms = try reader.dropShipTerms(skuID: skuID)
        dropShipTerms[skuID] = terms
        return terms
    }

    mutating func openInbound(_ skuID: Int64) throws -> [(document: String, locationID: Int64, quantity: Int, expectedDate: String)] {
        if let known = inbound[skuID] { return known }
        let rows = try reader.openInbound(skuID: skuID)
        inbound[skuID] = rows
        return rows
    }

    mutating func reserved(_ skuID: Int64) throws -> [Int64: (units: Int, lines: Int)] {
        if let known = reservedForOrders[skuID] { return known }
        let rows = try reader.reservedForOrders(skuID: skuID)
        reservedForOrders[skuID] = rows
        return rows
    }

    /// Counts a reservation this run made, if the SKU's reservations were already read.
    mutating func noteReserved(_ skuID: Int64, at locationID: Int64, units: Int) {
        guard reservedForOrders[skuID] != nil else { return }
        let old = reservedForOrders[skuID]![locationID] ?? (units: 0, lines: 0)
        reservedForOrders[skuID]![locationID] = (units: old.units + units, lines: old.lines + 1)
    }

    /// When the shortfall should be served: walking open inbound at the nodes that serve the
    /// order, earliest first, after the units already backordered ahead of it. Kits: the
    /// latest of their components. nil when open inbound does not cover it.
    mutating func expectedDate(_ demand: LineDemand, shortfall: Int, previously: Int, offers: [NodeOffer]) throws -> String? {
        let parts: [(code: String, units: Int)] = demand.isKit
            ? demand.components.map { ($0.component, Saturating.multiply(shortfall, $0.quantity)) } : [(demand.sku, shortfall)]
        var latest: String?
        let serving = Set(offers.compactMap { locationIDs[$0.location] })
        for part in parts {
            guard let skuID = skuIDs[part.code] else { return nil }
            if backorderAhead[skuID] == nil { backorderAhead[skuID] = try reader.backorderedQuantity(skuID: skuID) }
            let ahead = max(0, backorderAhead[skuID]! - (demand.isKit ? 0 : previously))
            var cumulative = 0
            var found: String?
            for inbound in try openInbound(skuID) where serving.contains(inbound.locationID) {
                cumulative += inbound.quantity
                if cumulative >= ahead + part.units { found = inbound.expectedDate; break }
            }
            guard let date = found else { return nil }
            if latest == nil || date > latest! { latest = date }
        }
        return latest
    }

    /// The limiting constraint in words, e.g. "22423: 0 sellable at the 3 nodes serving UK-S;
    /// 40 reserved for 6 earlier order lines; next inbound: PO-1042, 40 units at WH-UK-S, expected 2026-12-03".
    mutating func explainShortfall(_ demand: LineDemand, _ plan: LinePlan, offers: [NodeOffer], region: String,
                                   channel: String) throws -> String {
        guard !offers.isEmpty else {
            return "\(demand.sku): no fulfilment node in the \(channel) pool ships to region \(region.isEmpty ? "(none given)" : region)"
        }
        if !plan.heldBackByShipmentLimit.isEmpty {
            // The stock is there; the policy's limit on shipments stopped it.
            let policy = planner.policy
            return "\(demand.sku): stock is at \(plan.heldBackByShipmentLimit.joined(separator: ", ")), but the order already ships from "
                + "\(plan.shipments.count) location\(plan.shipments.count == 1 ? "" : "s") (\(plan.shipments.joined(separator: ", "))), "
                + "the most \(policy.rawValue) allows; a policy allowing more shipments, or stock there, would serve it"
        }
        let serving = offers.compactMap { locationIDs[$0.location] }
        let parts = demand.isKit ? demand.components.map(\.component) : [demand.sku]
        var clauses: [String] = []
        for code in parts {
            guard let skuID = skuIDs[code] else { continue }
            let sellable = offers.reduce(0) { $0 + max(0, planner.available[SkuLocation(sku: code, location: $1.location)] ?? 0) }
            var text = "\(code): \(sellable) sellable at the \(offers.count) node\(offers.count == 1 ? "" : "s") serving \(region)"
            let byLocation = try reserved(skuID)
            let reserved = serving.reduce((units: 0, lines: 0)) { sum, loc in
                (sum.units + (byLocation[loc]?.units ?? 0), sum.lines + (byLocation[loc]?.lines ?? 0))
            }
            if reserved.units > 0 {
                text += "; \(reserved.units) reserved for \(reserved.lines) earlier order line\(reserved.lines == 1 ? "" : "s")"
            }
            let servingSet = Set(serving)
            if let next = try openInbound(skuID).first(where: { servingSet.contains($0.locationID) }) {
                text += "; next inbound: \(next.document), \(next.quantity) units at \(locationCodes[next.locationID] ?? "?"), expected \(next.expectedDate)"
            } else {
                text += "; no open inbound"
            }
            clauses.append(text)
        }
        return (demand.isKit ? "kit \(demand.sku) needs its components together: " : "") + clauses.joined(separator: " | ")
    }
}

extension OrderExplanation {
    /// The explanation in words, one line per fact: what `qm explain` prints and the console shows.
    public var lines: [String] {
        let h = record.header
        var out = ["Order \(h.id) (\(h.channel) \(h.externalRef)) is \(h.state.rawValue), ships to \(h.shipTo.region.isEmpty ? "(no region)" : h.shipTo.region), promised \(h.promiseDate)."]
        for hold in record.openHolds {
            out.append("On \(hold.reason.rawValue) hold (\(hold.reason.owner.rawValue)): \(hold.note.isEmpty ? hold.reason.title : hold.note). Allocation skips it until released.")
        }
        for line in record.lines {
            var head = "Line \(line.lineNo) \(line.sku) x\(line.quantity): "
            var parts: [String] = []
            if line.shipped > 0 { parts.append("\(line.shipped) shipped") }
            if line.allocated > 0 { parts.append("\(line.allocated) allocated") }
            if line.backordered > 0 { parts.append("\(line.backordered) backordered" + (line.expectedDate.map { ", expected \($0)" } ?? ", no expected date")) }
            if line.cancelled > 0 { parts.append("\(line.cancelled) cancelled") }
            if line.open > 0 { parts.append("\(line.open) not planned yet") }
            head += parts.joined(separator: "; ")
            out.append(head)
            let here = record.allocations.filter { $0.lineNo == line.lineNo && $0.status == "live" }
            for a in here { out.append("  reserved \(a.quantity) \(a.sku) at \(a.location)") }
            for ds in dropShips where ds.lineNo == line.lineNo {
                let stage = switch ds.state {
                case .sent: "to ship to the customer"
                case .received: "shipped by the supplier"
                default: "cancelled"
                }
                out.append("  drop-ship \(ds.purchaseOrder): \(ds.quantity) \(ds.sku) with \(ds.supplier), \(stage)")
            }
            if let d = stored[line.lineNo] { out += Self.describe(d, label: "decided (\(d.policy.rawValue))") }
            if let d = preview[line.lineNo] { out += Self.describe(d, label: "now (\(d.policy.rawValue), not applied)") }
        }
        return out
    }

    static func describe(_ d: LineDecision, label: String) -> [String] {
        // A drop-shipped line has no candidates: its supplier is the one pick, and says so.
        if d.candidates.isEmpty, !d.picks.isEmpty, let how = d.constraint { return ["  \(label): \(how)"] }
        var out: [String] = []
        if d.candidates.isEmpty {
            out.append("  \(label): no candidate location")
        } else {
            out.append("  \(label): candidates")
            for c in d.candidates {
                let chosen = c.taken > 0 ? "  <- takes \(c.taken)" : ""
                out.append("    \(c.location): atp \(c.atp), \(c.transitDays) d, ship \(Money.format(c.shippingCost))"
                           + (c.splitPenalty > 0 ? " + split \(Money.format(c.splitPenalty))" : "")
                           + ", left \(c.coverageAfter), score \(c.score)\(chosen)")
            }
        }
        if let constraint = d.constraint { out.append("  why backordered: \(constraint)") }
        return out
    }
}
