import TerminalKit

/// How far down a queue a pane reads. A queue is read from its oldest row up to `limit`;
/// when the cursor comes within a screen of the last row shown and the store may hold more,
/// the limit grows by a page and the queue is read again (the cursor keeps its row), so every
/// row can be reached without reading 100,000 rows to draw 30.
struct QueueReach: Equatable {
    static let page = 1_000
    private(set) var limit = page

    /// Grows the limit by a page when the cursor is within `viewportHeight` of the end of
    /// `table` (the rows read, as the filter keeps them), the last read filled the limit, and
    /// the store holds more than was read (`total`, when known). Returns whether it grew.
    mutating func extend<ID>(past table: TableState<ID>, read: Int, total: Int?, viewportHeight: Int) -> Bool {
        guard read >= limit, total.map({ $0 > read }) ?? true,
              table.selectedIndex >= table.rowCount - max(viewportHeight, 1) else { return false }
        limit += Self.page
        return true
    }

    /// Words for a header: "the first 1,000 of 5,210 read; more as you scroll" (first in the
    /// queue's own order: oldest, largest).
    static func words(read: Int, total: Int?) -> String {
        "the first \(read.grouped)" + (total.map { " of \($0.grouped)" } ?? "") + " read; more as you scroll"
    }
}
