import TerminalKit

/// How far down a queue a pane reads. A queue is read from its first row (oldest, largest)
/// up to `limit`; pressing on past the last row read (↓, PgDn or End there) grows the limit
/// by a page and reads the queue again, the cursor keeping its row. So every row can be
/// reached, browsing never waits for a read, and 100,000 rows are not read to draw 30.
struct QueueReach: Equatable {
    static let page = 1_000
    private(set) var limit = page

    /// Whether `action` presses on past the last row of `table` (↓, PgDn or End there): asked
    /// before the cursor moves.
    static func pressesOn<ID>(_ action: ConsoleAction, at table: TableState<ID>) -> Bool {
        (action == .down || action == .pageDown || action == .end) && table.selectedIndex >= table.rowCount - 1
    }

    /// Grows the limit by a page when the last read filled it and the store holds more than
    /// was read (`total`, when known). Returns whether it grew.
    mutating func extend(read: Int, total: Int?) -> Bool {
        guard read >= limit, total.map({ $0 > read }) ?? true else { return false }
        limit += Self.page
        return true
    }

    /// Words for a header: "the first 1,000 of 5,210 read; ↓ at the end reads on" (first in
    /// the queue's own order).
    static func words(read: Int, total: Int?) -> String {
        "the first \(read.grouped)" + (total.map { " of \($0.grouped)" } ?? "") + " read; ↓ at the end reads on"
    }
}
