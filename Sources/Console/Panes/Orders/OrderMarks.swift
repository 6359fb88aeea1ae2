import Foundation
import Domain
import Store
import Operations
import TerminalKit

/// Marking orders in a list: one at a time, a range, the whole listing; marks follow the data.
extension ConsoleUpdate {
    // MARK: Marks

    /// At most this many orders are marked at once (mark-all on a long queue says so).
    static let markLimit = 10_000

    /// `V`: from the order Space was last pressed on through the cursor. Rows on screen are
    /// marked at once; a range reaching past them is read from the queue by its keys.
    static func markRange(_ state: inout ConsoleState) -> [ConsoleEffect] {
        let list = state.orders.list
        guard let anchor = list.markAnchor, let cursor = list.rows.table.selectedRow else {
            flash(&state, "Mark the first order with Space, move, then V marks everything up to the cursor")
            return []
        }
        let here = list.rows.table.selectedIndex
        let (low, high) = (min(anchor.index, here), max(anchor.index, here))
        let rows = (low...high).compactMap { list.rows.table.row(at: $0) }
        if rows.count == high - low + 1 {
            state.orders.list.marked.formUnion(rows.map(\.id.order))
            flash(&state, "\(rows.count) orders marked from the range (\(state.orders.list.marked.count.grouped) marked in all)")
            return []
        }
        guard case .queue(let queue)? = list.source else { return [] }
        // The range in the queue's own order, whichever way round it is shown.
        let keys = [anchor.key.key, cursor.id.key].sorted { ($0.since, $0.id) < ($1.since, $1.id) }
        return [.markOrders(generation: list.rows.generation, queue: queue, text: list.filter, from: keys[0], through: keys[1],
                            newestFirst: false, limit: markLimit)]
    }

    /// `A`: every order in the listing, up to `markLimit`.
    static func markAll(_ state: inout ConsoleState) -> [ConsoleEffect] {
        switch state.orders.list.source {
        case .queue(let queue)?:
            return [.markOrders(generation: state.orders.list.rows.generation, queue: queue, text: state.orders.list.filter,
                                from: nil, through: nil, newestFirst: state.orders.list.sort.descending, limit: markLimit)]
        case .matches?:
            let ids = state.orders.list.rows.table.rows.map(\.id.order)
            state.orders.list.marked.formUnion(ids)
            flash(&state, "All \(ids.count) orders marked")
            return []
        case nil:
            return []
        }
    }

    static func receiveOrdersToMark(generation: Int, _ ids: [Int64], whole: Bool, total: Int,
                                    _ state: inout ConsoleState) -> [ConsoleEffect] {
        guard state.orders.list.rows.generation == generation, case .queue? = state.orders.list.source else { return [] }
        state.orders.list.marked.formUnion(ids)
        let marked = state.orders.list.marked.count
        if whole && total > ids.count {
            flash(&state, "Marked the first \(ids.count.grouped) of \(total.grouped) orders (at most \(markLimit.grouped) at once)")
        } else {
            flash(&state, (whole ? "All \(ids.count.grouped) orders in the queue marked" : "\(ids.count.grouped) orders marked from the range")
                  + (marked > ids.count ? " (\(marked.grouped) in all)" : ""))
        }
        return []
    }

    /// Marks follow the data: an order that has left the queue is unmarked, and says so.
    static func receiveMarksChecked(generation: Int, stillIn: Set<Int64>, _ state: inout ConsoleState) -> [ConsoleEffect] {
        guard state.orders.list.rows.generation == generation else { return [] }
        let gone = state.orders.list.marked.subtracting(stillIn)
        guard !gone.isEmpty else { return [] }
        state.orders.list.marked.subtract(gone)
        flash(&state, gone.count == 1 ? "Order \(gone.first!) left the queue and is no longer marked"
                                      : "\(gone.count) marked orders left the queue and are no longer marked")
        return []
    }
}
