import Foundation
import Domain
import Store
import Operations

/// The stock pane's reads.
extension ConsoleServices {
    /// Fetches the rows of `query.range` the cheapest way: forwards from the top, backwards from
    /// the end, or a short hop from an anchor row already on screen (keyset paging).
    func loadStock(_ query: StockQuery) throws -> StockPage {
        // Pages continue from a loaded row only along the code index; a sorted listing jumps.
        let anchor = query.filter.order.walksCodeIndex ? query.anchor : nil
        return try ops.read { db in
            guard let total = query.knownTotal else {
                // Uncounted (or too many to count): read forwards, from a loaded row when one is
                // above the range, else from the top; a short page tells the total anyway.
                let rows: [PositionRow]
                if let anchor, anchor.index < query.range.lowerBound {
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
            if let anchor, anchor.index < range.lowerBound, range.lowerBound - anchor.index - 1 < min(range.lowerBound, fromEnd) {
                rows = try db.positionRows(query.filter, after: anchor.key, offset: range.lowerBound - anchor.index - 1, limit: limit)
            } else if let anchor, anchor.index >= range.upperBound, anchor.index - range.upperBound < min(range.lowerBound, fromEnd) {
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
}
