import Foundation
import Domain
import Store
import Operations

/// Performs effects against the database. Reads go through read snapshots, changes through
/// Operations (so roles and audit apply exactly as on the command line).
public struct ConsoleServices: Sendable {
    public let ops: Operations
    public let actor: Actor

    public init(ops: Operations, actor: Actor) { self.ops = ops; self.actor = actor }

    public func perform(_ effect: ConsoleEffect) -> ConsoleEvent? {
        do {
            switch effect {
            case .loadStock(let query): return .stockLoaded(try loadStock(query))
            case .loadDetail(let sku): return .detailLoaded(try loadDetail(sku))
            case .loadActivity(let limit): return .activityLoaded(try ops.read { try $0.auditEntries(limit: limit) })
            case .run(let command): return .commandFinished(try run(command))
            case .quit: return nil
            }
        } catch {
            return .failed((error as? OperationError)?.message ?? String(describing: error))
        }
    }

    public func lastAuditID() -> Int64? { try? ops.read { try $0.lastAuditID() } }

    public func locationCodes() throws -> [String] { try ops.read { try $0.locations().map(\.code) } }

    /// Fetches the rows of `query.range` the cheapest way: forwards from the top, backwards from
    /// the end, or a short hop from an anchor row already on screen (keyset paging).
    func loadStock(_ query: StockQuery) throws -> StockPage {
        try ops.read { db in
            let total = try query.knownTotal ?? db.positionCount(query.filter)
            let range = query.range.clamped(to: 0..<max(0, total))
            guard !range.isEmpty else { return StockPage(requestID: query.requestID, start: range.lowerBound, rows: [], total: total) }
            let limit = range.count
            var rows: [PositionRow]
            let fromEnd = total - range.upperBound
            if let anchor = query.anchor, anchor.index < range.lowerBound, range.lowerBound - anchor.index - 1 < min(range.lowerBound, fromEnd) {
                rows = try db.positionRows(query.filter, after: anchor.key, offset: range.lowerBound - anchor.index - 1, limit: limit)
            } else if let anchor = query.anchor, anchor.index >= range.upperBound, anchor.index - range.upperBound < min(range.lowerBound, fromEnd) {
                rows = try db.positionRows(query.filter, after: anchor.key, descending: true,
                                           offset: anchor.index - range.upperBound, limit: limit).reversed()
            } else if fromEnd < range.lowerBound {
                rows = try db.positionRows(query.filter, descending: true, offset: fromEnd, limit: limit).reversed()
            } else {
                rows = try db.positionRows(query.filter, offset: range.lowerBound, limit: limit)
            }
            return StockPage(requestID: query.requestID, start: range.lowerBound, rows: rows, total: total)
        }
    }

    func loadDetail(_ sku: String) throws -> SKUDetailData {
        let atp = try ops.availability(sku: sku).total
        return try ops.read { db in
            guard let record = try db.sku(sku) else { throw OperationError("SKU \(sku) no longer exists.") }
            return SKUDetailData(sku: record, components: try db.kitComponents(kit: sku),
                                 positions: try db.positionRows(PositionFilter(sku: sku), limit: 500),
                                 moves: try db.recentMoves(sku: sku, limit: 20), inbound: try db.openInbound(sku: sku),
                                 availableToPromise: atp)
        }
    }

    func run(_ command: ConsoleCommand) throws -> String {
        switch command {
        case let .adjust(sku, location, status, delta, reason):
            let after = try ops.adjust(sku: sku, location: location, status: status, delta: delta, reason: reason, by: actor)
            return "\(sku) at \(location): \(status.rawValue) now \(after[status])"
        }
    }
}
