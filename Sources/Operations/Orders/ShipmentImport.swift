import Foundation
import Domain
import Store

/// One shipment confirmation from a carrier or WMS feed: an order shipped from a location (or
/// from everywhere it is allocated), with carrier, tracking and when.
public struct ShipmentConfirmation: Sendable, Equatable {
    public var order: String
    public var location: String?
    public var carrier: String
    public var tracking: String
    /// "yyyy-mm-ddThh:mm:ssZ"; nil: now.
    public var shippedAt: String?
    public init(order: String, location: String?, carrier: String, tracking: String, shippedAt: String?) {
        self.order = order; self.location = location; self.carrier = carrier; self.tracking = tracking; self.shippedAt = shippedAt
    }
}

public struct ShipmentImportOutcome: Sendable, Equatable, Codable {
    /// Confirmations that shipped an order (or part of one).
    public var shipped = 0
    /// Shipments recorded (one per order and location).
    public var shipments = 0
    /// Confirmations already recorded (same order and tracking): left alone.
    public var duplicates = 0
    public init() {}
}

extension Operations {
    /// Ships in bulk, all or nothing: each confirmation ships what the order has allocated at
    /// its location (or everywhere), as `ship` does, in one transaction; any row that cannot
    /// ship stops the import, naming its line. A confirmation already recorded is a duplicate,
    /// so a re-sent feed changes nothing; one given twice in the same feed is refused. Rows
    /// are planned a chunk at a time from what the chunk reads in a few queries, then written
    /// together.
    public func importShipments(_ rows: [ImportRow<ShipmentConfirmation>], source: String, by actor: Actor,
                                progress: ImportProgress? = nil) throws(OperationError) -> ShipmentImportOutcome {
        try importShipments(source: source, by: actor, progress: progress, produce: Self.each(rows))
    }

    /// The same, with the rows handed over one at a time by `produce` (a feed read as it is
    /// imported): a chunk is held at a time, however long the feed.
    public func importShipments(source: String, by actor: Actor, progress: ImportProgress? = nil,
                                produce: ImportProducer<ShipmentConfirmation>) throws(OperationError) -> ShipmentImportOutcome {
        try perform(.shipOrder, by: actor) { tx, actor in
            var outcome = ShipmentImportOutcome()
            var locations: [String: Int64] = [:]
            let now = self.now
            var chunk: [ImportRow<ShipmentConfirmation>] = []
            var count = 0
            func ship() throws {
                progress?(count - chunk.count, 0)
                var feed = try FeedOrders(chunk[...], in: tx, resolve: resolveOrder)
                var plans: [ShipmentPlan] = []
                for (row, resolved) in zip(chunk, feed.resolved) {
                    let c = row.value
                    do {
                        let id = try resolved.get()
                        let locationID = try c.location.map { code in
                            if let id = locations[code] { return id }
                            guard let id = try tx.locationID(code) else { throw OperationError("Unknown location \(code).") }
                            locations[code] = id
                            return id
                        }
                        if feed.tracking[id, default: []].contains(where: { $0.tracking == c.tracking && (locationID == nil || $0.locationID == locationID) }) {
                            outcome.duplicates += 1
                            continue
                        }
                        let plan = try ShipmentPlan(order: feed.headers[id]!, live: feed.live[id] ?? [], lines: feed.lines[id] ?? [],
                                                    carrier: c.carrier, tracking: c.tracking, location: c.location,
                                                    at: c.shippedAt ?? now)
                        feed.headers[id] = plan.after
                        feed.live[id] = plan.liveLeft
                        feed.lines[id] = plan.lines
                        feed.tracking[id, default: []] += plan.shipments.map { (c.tracking, $0.locationID) }
                        plans.append(plan)
                        outcome.shipped += 1
                        outcome.shipments += plan.shipments.count
                    } catch {
                        throw OperationError("line \(row.line): \(OperationError.wrap(error).message)")
                    }
                }
                _ = try write(plans, in: tx, actor: actor)
                chunk.removeAll(keepingCapacity: true)
            }
            try tx.startImportKeys()
            try produce { row in
                let c = row.value
                let key = "\(c.order)\u{1F}\(c.location ?? "")\u{1F}\(c.tracking)"
                if let first = try tx.importKeySeen(key, line: row.line) {
                    throw OperationError("line \(row.line): order \(c.order) with tracking \(c.tracking) is confirmed twice (first on line \(first)).")
                }
                chunk.append(row)
                count += 1
                if chunk.count == Self.shipmentChunk { try ship() }
            }
            if !chunk.isEmpty { try ship() }
            progress?(count, count)
            if outcome.shipped > 0 {
                try tx.append(AuditEntry(actor: actor.name, role: actor.role, command: Command.shipOrder.rawValue,
                                         entity: "import:\(source)", reason: "shipment confirmations from \(source)",
                                         after: AuditJSON.encode(outcome)), at: now)
            }
            return outcome
        }
    }

    /// Confirmations planned and written together.
    static let shipmentChunk = 2_000
}

/// What a chunk of a shipment feed reads up front: its orders (numbers in one query, other
/// references one by one), their live allocations, lines and recorded tracking numbers. The
/// planner keeps it current row by row, since a feed may name an order twice (once per location).
private struct FeedOrders {
    /// Each row's order, or why it has none (thrown when its row's turn comes, so the first
    /// bad line is the one reported).
    var resolved: [Result<Int64, any Error>] = []
    var headers: [Int64: OrderHeader]
    var live: [Int64: [AllocationRow]]
    var lines: [Int64: [OrderLineRow]]
    var tracking: [Int64: [(tracking: String, locationID: Int64)]]

    init(_ rows: ArraySlice<ImportRow<ShipmentConfirmation>>, in tx: StoreTransaction,
         resolve: (String, StoreTransaction) throws -> OrderHeader) throws {
        var headers = try tx.orderHeaders(rows.compactMap { Operations.orderNumber($0.value.order) })
        for row in rows {
            if let id = Operations.orderNumber(row.value.order), headers[id] != nil {
                resolved.append(.success(id))
                continue
            }
            resolved.append(Result {
                let header = try resolve(row.value.order, tx)
                headers[header.id] = header
                return header.id
            })
        }
        self.headers = headers
        let ids = Array(headers.keys)
        live = try tx.liveAllocations(ids)
        lines = try tx.orderLines(ids)
        tracking = try tx.shipmentTracking(ids)
    }
}
