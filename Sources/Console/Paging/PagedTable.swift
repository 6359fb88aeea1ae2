import TerminalKit

/// A request for rows `range` of a keyset-paged listing. `anchor` is a row already loaded
/// whose index is known, so the store can continue from it instead of counting from the top.
public struct PageRequest<Key: Hashable & Sendable>: Sendable, Equatable {
    public var requestID: Int
    /// The listing generation it belongs to; a page or count of an older one is dropped.
    public var generation: Int
    public var range: Range<Int>
    public var anchor: PageAnchor<Key>?
    /// Known total; without it the page is read forwards and the count comes separately.
    public var knownTotal: Int?
}

public struct PageAnchor<Key: Hashable & Sendable>: Sendable, Equatable {
    public var index: Int
    public var key: Key
}

/// A virtualised table over a listing too long to load whole (the stock pane's paging, for
/// any keyset-ordered listing): what is loaded, the page on its way, what the count said.
struct PagedTable<Key: Hashable & Sendable> {
    var table = TableState<Key>()
    /// Bumped when the listing changes, so pages and counts of the old one are dropped.
    var generation = 0
    var nextRequestID = 0
    var inFlight: (id: Int, range: Range<Int>)?
    /// The count stopped at its cap: at least this many rows (the table scrolls on without a total).
    var atLeast: Int?
    /// End was pressed before the exact count was known; jump once it arrives.
    var endPending = false

    /// A different listing: forget the rows, keep request ids growing so no old page matches.
    mutating func reset() {
        generation += 1
        table.reset()
        inFlight = nil
        atLeast = nil
        endPending = false
    }

    /// The page the viewport needs, unless it is loaded or already on its way. `force`
    /// rereads the visible rows from the top (after a change, indices may have moved).
    mutating func request(viewportHeight h: Int, force: Bool = false) -> PageRequest<Key>? {
        guard h > 0 else { return nil }
        guard let range = table.rangeToLoad(viewportHeight: h, force: force) else { return nil }
        if let inFlight, !force, inFlight.range == range { return nil }
        let id = nextRequestID
        nextRequestID += 1
        inFlight = (id, range)
        return PageRequest(requestID: id, generation: generation, range: range,
                           anchor: force ? nil : table.loadedRow(nearest: range.lowerBound),
                           knownTotal: force ? nil : table.totalRows)
    }

    /// Installs a page if it is the one awaited; returns whether it was.
    mutating func receive(requestID: Int, start: Int, rows: [TableState<Key>.Row], total: Int?) -> Bool {
        guard let inFlight, inFlight.id == requestID else { return false }
        self.inFlight = nil
        table.replaceWindow(start: start, rows: rows, total: total ?? table.totalRows)
        return true
    }

    /// Installs a count of this generation; returns whether it was one.
    mutating func counted(generation: Int, total: Int, exact: Bool, viewportHeight h: Int) -> Bool {
        guard generation == self.generation else { return false }
        guard exact else {
            // Too many to count: any exact total from before is stale now.
            atLeast = total
            if table.totalRows != nil { table.replaceWindow(start: table.windowStart, rows: table.rows, total: nil) }
            return true
        }
        atLeast = nil
        table.replaceWindow(start: table.windowStart, rows: table.rows, total: total)
        if endPending {
            endPending = false
            table.end(viewportHeight: h)
        }
        return true
    }

    /// "1 order", "N orders", "N+ orders" or "counting…".
    func countText(_ noun: String, singular: String) -> String {
        table.totalRows.map { "\($0) \($0 == 1 ? singular : noun)" } ?? atLeast.map { "\($0)+ \(noun)" } ?? "counting…"
    }
}

extension TableState {
    /// The rows a viewport needs loaded, or nil when they are. `force` rereads the visible
    /// rows (after a change, indices may have moved).
    func rangeToLoad(viewportHeight h: Int, force: Bool) -> Range<Int>? {
        if force { return fetchRange(viewportHeight: h) }
        if let needed = neededRange(viewportHeight: h) { return needed }
        // Uncounted: the selection can't pass the loaded rows, so keep a margin loaded below.
        if totalRows == nil, !rows.isEmpty, fetchRange(viewportHeight: h).upperBound > windowRange.upperBound {
            return fetchRange(viewportHeight: h)
        }
        return nil
    }

    /// The loaded row (first or last of the window) nearest `index`, for the store to page from.
    func loadedRow(nearest index: Int) -> PageAnchor<RowID>? {
        guard !rows.isEmpty else { return nil }
        let best = [windowStart, windowStart + rows.count - 1].min { abs($0 - index) < abs($1 - index) }!
        return row(at: best).map { PageAnchor(index: best, key: $0.id) }
    }
}

/// The service side of `PagedTable`: reads a page the cheapest way the listing allows.
enum PageReader {
    /// Reads `query.range`: forwards from the top, backwards from the end, or a short keyset
    /// hop from the anchor, whichever reads fewest rows. `read(after, descending, offset, limit)`
    /// is the listing's keyset query.
    static func read<Key, Row>(_ query: PageRequest<Key>,
                               _ read: (_ after: Key?, _ descending: Bool, _ offset: Int, _ limit: Int) throws -> [Row])
        rethrows -> (start: Int, rows: [Row], total: Int?) {
        guard let total = query.knownTotal else {
            // Uncounted: read forwards, from a loaded row above the range when there is one;
            // a short page tells the total anyway.
            let rows: [Row]
            if let anchor = query.anchor, anchor.index < query.range.lowerBound {
                rows = try read(anchor.key, false, query.range.lowerBound - anchor.index - 1, query.range.count)
            } else {
                rows = try read(nil, false, query.range.lowerBound, query.range.count)
            }
            // A short page ends the list, unless it came back empty past the top (rows may
            // have gone above it; the count will tell).
            let ended = rows.count < query.range.count && (!rows.isEmpty || query.range.lowerBound == 0)
            return (query.range.lowerBound, rows, ended ? query.range.lowerBound + rows.count : nil)
        }
        let range = query.range.clamped(to: 0..<max(0, total))
        guard !range.isEmpty else { return (range.lowerBound, [], total) }
        let limit = range.count
        let fromEnd = total - range.upperBound
        let rows: [Row]
        if let anchor = query.anchor, anchor.index < range.lowerBound,
           range.lowerBound - anchor.index - 1 < min(range.lowerBound, fromEnd) {
            rows = try read(anchor.key, false, range.lowerBound - anchor.index - 1, limit)
        } else if let anchor = query.anchor, anchor.index >= range.upperBound,
                  anchor.index - range.upperBound < min(range.lowerBound, fromEnd) {
            rows = try read(anchor.key, true, anchor.index - range.upperBound, limit).reversed()
        } else if fromEnd < range.lowerBound {
            rows = try read(nil, true, fromEnd, limit).reversed()
        } else {
            rows = try read(nil, false, range.lowerBound, limit)
        }
        return (range.lowerBound, rows, total)
    }
}
