import Foundation
import Domain
import Store

/// Fills a database with the demo network through the ordinary commands, in short
/// transactions of `chunk` rows so a console opened meanwhile is never blocked for long.
public struct DemoBuilder: Sendable {
    public var skus: Int
    public var locations: Int
    public var seed: UInt64
    /// Sales orders to capture and walk through the lifecycle (0: stock only).
    public var orders: Int
    public var chunk = 5_000

    public init(skus: Int = 2_000, locations: Int = 8, seed: UInt64 = 42, orders: Int = 0) {
        self.skus = skus; self.locations = locations; self.seed = seed; self.orders = orders
    }

    public struct Outcome: Sendable {
        public var skus = 0, locations = 0, positions = 0, moves = 0, reservations = 0, inbound = 0, purchaseOrders = 0
        public var transfers = 0, shippingNotices = 0
        public var orders = 0
        public var ordersByState: [OrderState: Int] = [:]
    }

    /// The orders a demo has unless told: enough for the anomalies it plants to stand out.
    public static let defaultOrders = 3_000

    /// The demo's people, one per role; the OS user running `qm demo` is the admin.
    public static let people: [(String, Role)] = [("sam", .supervisor), ("cora", .customerService),
                                                  ("pat", .planner), ("fin", .finance), ("vic", .viewer)]

    /// Checks the size before anything is written.
    public func validate() throws(OperationError) {
        guard (1...2_000_000).contains(skus) else { throw OperationError("--skus must be between 1 and 2,000,000, got \(skus).") }
        guard (3...500).contains(locations) else { throw OperationError("--locations must be between 3 and 500, got \(locations).") }
        guard (0...1_000_000).contains(orders) else { throw OperationError("--orders must be between 0 and 1,000,000, got \(orders).") }
    }

    public func build(into ops: Operations, admin: Actor,
                      progress: (_ step: String, _ done: Int, _ total: Int) -> Void = { _, _, _ in }) throws(OperationError) -> Outcome {
        try validate()
        var outcome = Outcome()
        for (name, role) in Self.people { try ops.addUser(name: name, role: role, by: admin) }

        let network = DemoNetwork.generate(skus: skus, locations: locations, seed: seed)
        _ = try ops.importSuppliers(network.suppliers.enumerated().map { ImportRow(line: $0 + 1, value: $1) }, source: "demo", by: admin)
        _ = try ops.importLocations(network.locations.enumerated().map { ImportRow(line: $0 + 1, value: $1) }, source: "demo", by: admin)
        for (channel, location) in network.pools { try ops.addToPool(channel: channel, location: location, by: admin) }
        outcome.locations = network.locations.count

        // Components refer to earlier SKUs only, so chunks in order always resolve.
        let skuRows = network.skus.enumerated().map { ImportRow(line: $0 + 1, value: $1) }
        for start in stride(from: 0, to: skuRows.count, by: chunk) {
            _ = try ops.importSKUs(Array(skuRows[start..<min(start + chunk, skuRows.count)]), source: "demo", by: admin)
            progress("SKUs", min(start + chunk, skuRows.count), skuRows.count)
        }
        outcome.skus = skuRows.count

        var rng = SeededRandom(seed: seed &+ 1)
        let (levels, looseReservations, inbound) = Self.stock(for: network, today: ops.today, rng: &rng)
        for start in stride(from: 0, to: levels.count, by: chunk) {
            let rows = levels[start..<min(start + chunk, levels.count)].enumerated().map { ImportRow(line: start + $0 + 1, value: $1) }
            outcome.moves += try ops.importStock(rows, source: "demo", by: admin).moves
            progress("stock", min(start + chunk, levels.count), levels.count)
        }
        // With orders, reserved stock comes from their allocations rather than loose reservations.
        let reservations = orders > 0 ? [] : looseReservations
        for start in stride(from: 0, to: reservations.count, by: chunk) {
            try ops.reserve(Array(reservations[start..<min(start + chunk, reservations.count)]), by: admin)
            progress("reservations", min(start + chunk, reservations.count), reservations.count)
        }
        outcome.reservations = reservations.count
        outcome.moves += reservations.count
        let purchaseOrders = Self.purchaseOrders(for: inbound, network: network).enumerated().map { ImportRow(line: $0 + 1, value: $1) }
        for start in stride(from: 0, to: purchaseOrders.count, by: max(1, chunk / 20)) {
            _ = try ops.importPurchaseOrders(Array(purchaseOrders[start..<min(start + max(1, chunk / 20), purchaseOrders.count)]),
                                             source: "demo", by: admin)
        }
        outcome.inbound = inbound.count
        outcome.purchaseOrders = purchaseOrders.count
        if orders > 0 {
            try buildOrders(network: network, into: ops, admin: admin, outcome: &outcome, progress: progress)
            // Allocation and shipment added moves and reservations of their own.
            (outcome.moves, outcome.reservations) = try ops.read { (try $0.moveCount(), try $0.liveReservationCount()) }
        }
        try buildInboundWork(network: network, levels: levels, purchaseOrders: purchaseOrders.map(\.value), into: ops, admin: admin,
                             outcome: &outcome)
        if orders > 0 { try plantAnomalies(network: network, into: ops, admin: admin) }
        outcome.moves = try ops.read { try $0.moveCount() }
        outcome.positions = try ops.read { try $0.positionCount(PositionFilter()) }
        return outcome
    }

    /// Days out of line for `qm anomalies` and a new user to find (docs/KPIS.md, Anomalies):
    /// two days ago the channel with the most open orders lost two in five of that day's to a
    /// pricing error, and today sam wrote stock off by hand eight times at one warehouse (each
    /// adjustment raises a count, as any would).
    func plantAnomalies(network: DemoNetwork, into ops: Operations, admin: Actor) throws(OperationError) {
        var rng = SeededRandom(seed: seed &+ 13)
        let day = OrderDate.adding(days: -2, to: ops.today)
        let open = try ops.read { try $0.cancellableSaleIDs(orderedOn: day) }
        if let (_, ids) = open.max(by: { ($0.value.count, $1.key) < ($1.value.count, $0.key) }) {
            let toCancel = ids.filter { _ in rng.chance(40) }
            try ops.applyAll(.cancel(.pricingError, note: "demo: listed at the wrong price"), to: toCancel, by: admin)
        }
        // The last warehouse and SKUs: out of the way of whoever tries the first ones.
        guard let location = network.locations.last(where: \.fulfils)?.code else { return }
        let sam = Actor(name: "sam", role: .supervisor)
        // Eight or none: fewer would not stand out, and would only raise counts.
        let skus = try ops.read { try $0.sellableSKUs(at: location, limit: 8) }
        guard skus.count == 8 else { return }
        for sku in skus {
            _ = try ops.adjust(sku: sku, location: location, status: .sellable, delta: -1, reason: "found broken on the shelf", by: sam)
        }
    }

    /// Work for the inbound screens, after the orders so their allocation is as it was: a few
    /// transfers between warehouses (half of them on the way), and shipping notices for some
    /// sent purchase orders, one in four announcing more than its order takes (an exception).
    func buildInboundWork(network: DemoNetwork, levels: [StockLevel], purchaseOrders: [PurchaseOrder], into ops: Operations, admin: Actor,
                          outcome: inout Outcome) throws(OperationError) {
        let nodes = network.locations.filter(\.fulfils).map(\.code)
        // From fulfilling nodes only: the demo also keeps stock at the in-transit location.
        let movable = levels.filter { $0.status == .sellable && $0.quantity >= 20 && nodes.contains($0.location) }
        for (i, level) in stride(from: 0, to: movable.count, by: max(1, movable.count / 12)).map({ movable[$0] }).enumerated() {
            let others = nodes.filter { $0 != level.location }
            guard !others.isEmpty else { continue }
            let to = others[i % others.count]
            let sellable = try ops.read { r in try r.position(skuID: r.skuID(level.sku)!, locationID: r.locationID(level.location)!).sellable }
            guard sellable >= 10 else { continue }
            let record = try ops.createTransfer(Transfer(code: "", from: level.location, to: to, leadDays: 2 + i % 4,
                                                         lines: [Transfer.Line(sku: level.sku, quantity: 10)]), by: admin)
            // Goods on their way need an in-transit location (a network of three has none).
            if i % 2 == 0 && network.locations.contains(where: { $0.kind == .inTransit }) {
                _ = try ops.advanceTransfer(record.transfer.code, .ship, by: admin)
            }
            outcome.transfers += 1
        }
        let sent = purchaseOrders.filter { $0.state == .sent }
        let notices = stride(from: 0, to: sent.count, by: 3).map { sent[$0] }.enumerated().map { i, order in
            ImportRow(line: i + 1, value: AdvanceShippingNotice(
                ref: "ASN-\(order.code)", purchaseOrder: order.code, expectedArrival: order.lines.map(\.expectedDate).max()!,
                lines: order.lines.map { AdvanceShippingNotice.Line(sku: $0.sku, quantity: i % 4 == 3 ? $0.quantity * 2 : $0.quantity) }))
        }
        if !notices.isEmpty { outcome.shippingNotices = try ops.importShippingNotices(notices, source: "demo", by: admin).created }
    }

    /// Captures the demo orders, allocates most of them, and walks some on through picking,
    /// packing, shipping, invoicing and closing; a few are cancelled or held at the
    /// customer's request. Each step is an ordinary command, in chunks.
    func buildOrders(network: DemoNetwork, into ops: Operations, admin: Actor, outcome: inout Outcome,
                     progress: (_ step: String, _ done: Int, _ total: Int) -> Void) throws(OperationError) {
        // Generated and captured a chunk at a time: a million drafts at once would take gigabytes.
        var stream = DemoOrderStream(count: orders, network: network, seed: seed, today: ops.today)
        var captured = 0
        while captured < orders {
            var rows: [ImportRow<OrderDraft>] = []
            while rows.count < chunk, let draft = stream.next() { rows.append(ImportRow(line: captured + rows.count + 1, value: draft)) }
            guard !rows.isEmpty else { break }
            _ = try ops.captureOrders(rows, source: "demo", by: admin)
            captured += rows.count
            progress("orders", captured, orders)
        }
        outcome.orders = captured
        // A tenth of what waits stays released, for "allocate now".
        let waiting = try ops.read { try $0.orderSummaryCount(OrderFilter(state: .released)) }
        _ = try ops.allocate(AllocationOptions(policy: .fastest, limit: waiting * 9 / 10), by: admin)
        progress("allocation", 1, 1)

        var rng = SeededRandom(seed: seed &+ 11)
        // By number, not by time in state: allocation chunks that straddle a second on the
        // clock would otherwise reorder the lists, and the seeded picks below with them.
        func ids(_ state: OrderState) throws(OperationError) -> [Int64] {
            try ops.read { try $0.orderIDs(OrderFilter(state: state)) }.sorted()
        }
        func some(_ list: [Int64], percent: Int) -> [Int64] { list.filter { _ in rng.chance(percent) } }
        let allocated = try ids(.allocated)
        let toShip = some(allocated, percent: 40)
        let shipping = Set(toShip)
        let toPick = some(allocated.filter { !shipping.contains($0) }, percent: 20)
        try ops.applyAll(.advance(.pick), to: toPick, by: admin)
        try ops.applyAll(.advance(.pack), to: some(toPick, percent: 50), by: admin)
        try ops.applyAll(.ship(carrier: "DPD", tracking: "DEMO-TRACK"), to: toShip, by: admin)
        let toInvoice = some(toShip, percent: 60)
        try ops.applyAll(.advance(.invoice), to: toInvoice, by: admin)
        try ops.applyAll(.advance(.close), to: some(toInvoice, percent: 50), by: admin)
        progress("fulfilment", 1, 1)
        let open = try ids(.released) + ids(.backordered) + ids(.allocated).filter { !shipping.contains($0) }
        let toCancel = some(open, percent: 3)
        let cancelling = Set(toCancel)
        try ops.applyAll(.cancel(.customerRequest, note: "demo"), to: toCancel, by: admin)
        try ops.applyAll(.hold(.customer, note: "customer asked us to wait"),
                         to: some(open.filter { !cancelling.contains($0) }, percent: 2), by: admin)
        for row in try ops.read({ try $0.stateQueues() }) { if let s = row.state { outcome.ordersByState[s] = row.count } }
    }

    /// Stock in every status: fast movers sit in most warehouses, slow ones in one or two;
    /// some stock waits in quarantine, some is damaged or awaiting return inspection.
    static func stock(for network: DemoNetwork, today: String, rng: inout SeededRandom)
        -> ([StockLevel], [ReservationRequest], [DemoInbound]) {
        let nodes = network.locations.filter { $0.fulfils }.map(\.code)
        let transit = network.locations.first { $0.kind == .inTransit }?.code
        var levels: [StockLevel] = [], reservations: [ReservationRequest] = [], inbound: [DemoInbound] = []
        var order = 1
        for record in network.skus where !record.sku.isKit {
            let sku = record.sku.code
            let spread = switch record.sku.velocity { case .a: 4; case .b: 3; case .c: 2 }
            let count = min(nodes.count, Int.random(in: 1...spread, using: &rng))
            let base = switch record.sku.velocity { case .a: 400; case .b: 120; case .c: 30 }
            for location in nodes.shuffled(using: &rng).prefix(count) {
                let sellable = rng.chance(6) ? 0 : Int.random(in: 1...base, using: &rng)
                levels.append(StockLevel(sku: sku, location: location, status: .sellable, quantity: sellable))
                if rng.chance(10) { levels.append(StockLevel(sku: sku, location: location, status: .quarantine, quantity: Int.random(in: 1...20, using: &rng))) }
                if rng.chance(5) { levels.append(StockLevel(sku: sku, location: location, status: .damaged, quantity: Int.random(in: 1...5, using: &rng))) }
                if rng.chance(5) { levels.append(StockLevel(sku: sku, location: location, status: .returnPending, quantity: Int.random(in: 1...4, using: &rng))) }
                if sellable > 2 && rng.chance(15) {
                    reservations.append(ReservationRequest(sku: sku, location: location, quantity: Int.random(in: 1...max(1, sellable / 3), using: &rng),
                                                           document: "DEMO-ORD-\(order)"))
                    order += 1
                }
                if rng.chance(8) {
                    let day = Int.random(in: 1...28, using: &rng)
                    // From a week late to three weeks out.
                    inbound.append(DemoInbound(sku: record.sku, location: location, quantity: Int.random(in: 10...base, using: &rng),
                                               expectedDate: OrderDate.adding(days: day - 8, to: today)))
                }
            }
            if let transit, rng.chance(2) {
                levels.append(StockLevel(sku: sku, location: transit, status: .sellable, quantity: Int.random(in: 5...50, using: &rng)))
            }
        }
        return (levels, reservations, inbound)
    }

    /// The demo's open supply as purchase orders: by supplier and delivery location, twenty
    /// lines at most, most of them sent, some only approved and a few still drafts.
    static func purchaseOrders(for inbound: [DemoInbound], network: DemoNetwork) -> [PurchaseOrder] {
        var groups: [String: [DemoInbound]] = [:], keys: [String] = []
        for line in inbound {
            let key = "\(line.sku.preferredSupplier ?? "")|\(line.location)"
            if groups[key] == nil { keys.append(key) }
            groups[key, default: []].append(line)
        }
        var orders: [PurchaseOrder] = []
        for key in keys {
            let lines = groups[key]!
            for start in stride(from: 0, to: lines.count, by: 20) {
                let part = lines[start..<min(start + 20, lines.count)]
                let state: PurchaseOrderState = switch orders.count % 10 { case 0: .draft; case 1: .approved; default: .sent }
                orders.append(PurchaseOrder(code: "PO-\(1000 + orders.count)", supplier: part.first!.sku.preferredSupplier ?? "",
                                            location: part.first!.location, currency: part.first!.sku.unitCost.currency, state: state,
                                            lines: part.map { PurchaseOrderLine(sku: $0.sku.code, quantity: $0.quantity, unitCost: $0.sku.unitCost,
                                                                                expectedDate: $0.expectedDate) }))
            }
        }
        return orders
    }
}

/// A line of the demo's open supply, before it is grouped into purchase orders.
struct DemoInbound {
    var sku: SKU
    var location: String
    var quantity: Int
    var expectedDate: String
}
