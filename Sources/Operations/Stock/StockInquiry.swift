import Foundation
import Domain
import Store

/// A SKU's availability: per location, over a channel's pool, and for kits from components.
public struct Availability: Sendable, Codable, Equatable {
    public var sku: String
    public var isKit: Bool
    public var byLocation: [String: Int]
    public var total: Int
}

public struct SKUDetail: Sendable, Codable, Equatable {
    public var sku: SKU
    public var listings: [ChannelListing]
    public var components: [KitComponent]
    public var positions: [PositionRow]
    public var moves: [MoveRow]
    public var inbound: [InboundRow]
    public var availability: Availability
}

/// What `qm verify` reports.
public struct VerificationReport: Sendable {
    public var positionsChecked: Int
    public var movesChecked: Int
    /// Every violation found, with the check that found it.
    public var findings: [VerificationFinding]
    /// The findings as sentences.
    public var violations: [String] { findings.map(\.message) }
    /// The audit log's and the stock ledger's hash chains: length and last hash.
    public var chains: [ChainHead] = []
    public var isClean: Bool { findings.isEmpty }
}

/// One broken invariant: which check found it (for monitoring to group by) and the sentence.
public struct VerificationFinding: Sendable, Equatable {
    /// balance, reserved, inbound, allocation, wave, receipt, count, return, chain, audit, orderState.
    public var check: String
    public var message: String
}

extension Operations {
    /// Available to promise per location (sellable), and the total over `locations` (a channel
    /// pool) or over every location. A kit's ATP comes from its scarcest component per location.
    public func availability(sku: String, locations: [String]? = nil) throws(OperationError) -> Availability {
        try read { try Self.availability(sku: sku, locations: locations, in: $0) }
    }

    /// ATP over the locations serving a channel (its stock pool).
    public func availability(sku: String, channel: String) throws(OperationError) -> Availability {
        try read { db in
            let pool = try db.channelPool(channel)
            guard !pool.isEmpty else { throw OperationError("Channel \(channel) has no stock pool (no locations serve it).") }
            return try Self.availability(sku: sku, locations: pool, in: db)
        }
    }

    /// Everything known about one SKU, read in one snapshot: the CLI's `sku show` and the
    /// console's drill-down.
    public func skuDetail(_ code: String, moves: Int = 20) throws(OperationError) -> SKUDetail {
        try read { db in
            guard let sku = try db.sku(code) else { throw OperationError("Unknown SKU \(code).") }
            return SKUDetail(sku: sku, listings: try db.channelListings(sku: code), components: try db.kitComponents(kit: code),
                             positions: try db.positionRows(PositionFilter(sku: code), limit: 10_000),
                             moves: try db.recentMoves(sku: code, limit: moves), inbound: try db.openInbound(sku: code),
                             availability: try Self.availability(sku: code, locations: nil, in: db))
        }
    }

    static func availability(sku: String, locations: [String]?, in db: some StoreReading) throws -> Availability {
        guard let record = try db.sku(sku) else { throw OperationError("Unknown SKU \(sku).") }
        let scope = try locations ?? db.locations().map(\.code)
        func sellable(_ code: String, at location: String) throws -> Int {
            guard let s = try db.skuID(code), let l = try db.locationID(location) else { return 0 }
            return try db.position(skuID: s, locationID: l).sellable
        }
        var byLocation: [String: Int] = [:]
        if record.isKit {
            let components = try db.kitComponents(kit: sku)
            for location in scope {
                var levels: [String: Int] = [:]
                for c in components { levels[c.component] = try sellable(c.component, at: location) }
                byLocation[location] = ATP.kit(components) { levels[$0] ?? 0 }
            }
        } else {
            for location in scope { byLocation[location] = try sellable(sku, at: location) }
        }
        return Availability(sku: sku, isKit: record.isKit, byLocation: byLocation, total: byLocation.values.reduce(0, +))
    }

    /// Recomputes every balance from the moves and checks the ledger's invariants.
    public func verify() throws(OperationError) -> VerificationReport {
        try read { db in
            let snapshot = try db.ledgerSnapshot()
            var findings: [VerificationFinding] = []
            func add(_ check: String, _ messages: [String]) { findings += messages.map { VerificationFinding(check: check, message: $0) } }
            for violation in Ledger.verify(stored: snapshot.stored, netFromMoves: snapshot.netFromMoves,
                                           liveReservations: snapshot.liveReservations, kits: snapshot.kits) {
                add(violation.check, [violation.description])
            }
            let inboundKeys = Set(snapshot.storedInbound.keys).union(snapshot.openInbound.keys).sorted()
            add("inbound", inboundKeys.filter { (snapshot.storedInbound[$0] ?? 0) != (snapshot.openInbound[$0] ?? 0) }.map { key in
                "\(key.sku) at \(key.location): inbound shows \(snapshot.storedInbound[key] ?? 0) but open supply totals \(snapshot.openInbound[key] ?? 0)"
            })
            // Reserved stock serves orders: every live allocation matches its line and reservation.
            add("allocation", try db.allocationMismatches())
            add("wave", try db.waveMismatches())
            // What a purchase order says arrived is what its receipts brought.
            add("receipt", try db.receiptMismatches())
            // What a count approved is what it posted.
            add("count", try db.countMismatches())
            // No line returns more than it shipped; no order refunds more than was paid.
            add("return", try db.returnMismatches())
            // What a posted write-off says left is what its moves took out.
            add("writeOff", try db.writeOffMismatches())
            // The books: balanced entries, inventory at the value of the stock on hand.
            add("books", try db.bookMismatches())
            // What the KPIs and alerts keep: first allocations within their lines, known alert rules.
            add("insight", try db.insightMismatches())
            // Tamper evidence: both hash chains recomputed from the first row, and every record
            // agreeing with the ones it implies.
            add("chain", try db.chainViolations())
            for (check, found, what) in [("audit", try db.unauditedMoves(), "stock moves without an audit entry"),
                                         ("orderState", try db.orderStateMismatches(), "orders whose state disagrees with their lines")] {
                add(check, found.first)
                if found.count > found.first.count { add(check, ["… and \(found.count - found.first.count) more \(what)"]) }
            }
            return VerificationReport(positionsChecked: snapshot.stored.count, movesChecked: try db.moveCount(),
                                      findings: findings, chains: try db.chainHeads())
        }
    }
}
