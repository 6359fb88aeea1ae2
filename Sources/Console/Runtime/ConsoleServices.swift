import Foundation
import Domain
import Store
import Operations

/// Performs effects against the database. Reads go through read snapshots, changes through
/// Operations (so roles and audit apply exactly as on the command line).
public struct ConsoleServices: Sendable {
    public let ops: Operations
    public let actor: Actor
    /// "Now" for the ages shown (time in state, on hold, on backorder); tests fix it.
    public let clock: @Sendable () -> Date

    public init(ops: Operations, actor: Actor, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.ops = ops; self.actor = actor; self.clock = clock
    }

    public func perform(_ effect: ConsoleEffect) -> ConsoleEvent? {
        do {
            switch effect {
            case .loadStock(let query): return .stockLoaded(try loadStock(query))
            case .countStock(let generation, let filter, let cap):
                // Count one past the cap to tell "exactly cap" from "more than cap".
                let counted = try ops.read { try $0.positionCount(filter, cap: cap.map { $0 + 1 }) }
                if let cap, counted > cap { return .stockCounted(generation: generation, total: cap, exact: false) }
                return .stockCounted(generation: generation, total: counted, exact: true)
            case .loadDetail(let sku):
                do { return .detailLoaded(try ops.skuDetail(sku)) } catch {
                    return .detailFailed(sku: sku, message: error.message)
                }
            case .pane(let effect): return try effect.base.perform(self)
            case .loadLocations: return .locationsLoaded(try locationCodes())
            case .run(let command): return try run(command)
            case .planStockChange(let change): return .stockChangePlanned(change, try ops.plan(change, by: actor))
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
            guard let total = query.knownTotal else {
                // Uncounted (or too many to count): read forwards, from a loaded row when one is
                // above the range, else from the top; a short page tells the total anyway.
                let rows: [PositionRow]
                if let anchor = query.anchor, anchor.index < query.range.lowerBound {
                    rows = try db.positionRows(query.filter, after: anchor.key, offset: query.range.lowerBound - anchor.index - 1,
                                               limit: query.range.count)
                } else {
                    rows = try db.positionRows(query.filter, offset: query.range.lowerBound, limit: query.range.count)
                }
                // A short page ends the list, unless it came back empty past the top (rows may
                // have gone above it; the count will tell).
                let ended = rows.count < query.range.count && (!rows.isEmpty || query.range.lowerBound == 0)
                let total = ended ? query.range.lowerBound + rows.count : nil
                return StockPage(requestID: query.requestID, start: query.range.lowerBound, rows: rows, total: total)
            }
            let range = query.range.clamped(to: 0..<max(0, total))
            guard !range.isEmpty else { return StockPage(requestID: query.requestID, start: range.lowerBound, rows: [], total: total) }
            let limit = range.count
            let rows: [PositionRow]
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

    func run(_ command: ConsoleCommand) throws -> ConsoleEvent {
        switch command {
        case let .stock(change):
            return .commandFinished(StockWords.done(change, try ops.perform(change, by: actor)))
        case let .hold(orders, reason, note):
            return .actionFinished(OrderWords.report("held", ops.apply(.hold(reason, note: note), to: orders, by: actor)))
        case let .release(request):
            return .actionFinished(release(request))
        case let .cancel(request):
            return .actionFinished(cancel(request))
        case let .allocate(orders, policy):
            return .actionFinished(allocate(orders, policy: policy))
        case let .reallocateBackorders(sku):
            // Oldest backorder first: the order the lines have waited in.
            var seen: Set<Int64> = []
            let orders = try ops.read { try $0.backorderLines(sku: sku, limit: 100_000) }.map(\.orderID).filter { seen.insert($0).inserted }
            return .actionFinished(allocate(orders, what: " for \(sku)"))
        }
    }
}
