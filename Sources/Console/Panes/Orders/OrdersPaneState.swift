import Domain
import Store
import TerminalKit

/// The orders pane: the queues, one queue's orders (or the matches of a find), one order.
/// Each view shows over the one before it; Esc goes back.
struct OrdersPaneState {
    var queues = TableState<OrderQueue>()
    var queuesLoaded = false
    /// The database changed since the queues were read: read them when they show again.
    var queuesStale = true
    /// "300 sales orders, 41 open holds", from the last queue counts.
    var queuesSummary = ""
    var list = OrderListState()
    var detail: OrderDetailState?

    /// The list shows when it has a source and no order is open over it.
    var showsList: Bool { detail == nil && list.source != nil }
    var showsQueues: Bool { detail == nil && list.source == nil }
}

/// What an order listing lists.
enum OrderListSource: Equatable {
    case queue(OrderQueue)
    /// The orders a find matched (a short list, loaded whole).
    case matches(String)
}

struct OrderListState {
    var source: OrderListSource?
    var rows = PagedTable<OrderRowID>()
    var marked: Set<Int64> = []
    /// `/`: a queue keeps the orders whose number this is or whose reference or customer
    /// starts with it; a find's matches keep those with the text in any column.
    var filter = ""
    /// A find's matches in full (the table shows those the filter keeps, sorted).
    var matchRows: [TableState<OrderRowID>.Row] = []
    /// `o`/`O`: a find's matches by a column; a queue oldest or newest first.
    var sort = ListSort()
    /// Where the last Space was pressed: `V` marks from there through the cursor.
    var markAnchor: PageAnchor<OrderRowID>?
    /// The pane to go back to on Esc, when a find opened the list from another pane.
    var returnPane: Pane?
    var stale = false

    var showsMatches: Bool { if case .matches? = source { true } else { false } }

    /// Orders the action keys apply to: the marked ones, else the one under the cursor.
    var targets: [Int64] {
        if !marked.isEmpty { return marked.sorted() }
        return rows.table.selectedRow.map { [$0.id.order] } ?? []
    }

    /// Shows another listing: its rows are read afresh and nothing is marked.
    mutating func show(_ source: OrderListSource, returnPane: Pane?) {
        self.source = source
        self.returnPane = returnPane
        rows.reset()
        marked = []
        markAnchor = nil
        filter = ""
        matchRows = []
        sort = ListSort()
        stale = false
    }
}

struct OrderDetailState {
    var id: Int64
    var data: OrderDetailData?
    var scroll = 0
    /// The pane to go back to on Esc, when the order was opened from another pane.
    var returnPane: Pane?
    var stale = false
}

extension ConsoleState {
    /// The orders pane's state.
    var orders: OrdersPaneState {
        get { panes[OrdersPaneController.self] }
        _modify { yield &panes[OrdersPaneController.self] }
    }
}
