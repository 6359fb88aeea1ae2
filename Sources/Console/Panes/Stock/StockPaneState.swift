import Domain
import Store
import Operations
import TerminalKit

/// The stock pane: a virtualised table over (SKU, location) rows, or one SKU's drill-down.
struct StockPaneState {
    var filter = PositionFilter()
    var table = TableState<SkuLocation>()
    /// Bumped whenever the filter changes, so pages of an older query are dropped.
    var generation = 0
    var nextRequestID = 0
    var inFlight: (id: Int, range: Range<Int>)?
    var detail: DetailState?
    /// The count stopped at its cap: at least this many rows (the table scrolls on without a total).
    var atLeast: Int?
    /// End was pressed before the exact count was known; jump once it arrives.
    var endPending = false
    /// The stock form on screen (`InputMode.form`): what it changes and of which SKU.
    var openForm: OpenStockForm?
}

struct OpenStockForm: Equatable {
    var kind: StockForm
    var sku: String
}

struct DetailState {
    var sku: String
    /// The location of the row it was opened from: the stock forms start there.
    var location: String?
    /// The pane to go back to on Esc, when it was opened from elsewhere (an order's line).
    var returnPane: Pane?
    var data: SKUDetail?
    var scroll = 0
}

extension ConsoleState {
    /// The stock pane's state.
    var stock: StockPaneState {
        get { panes[StockPaneController.self] }
        _modify { yield &panes[StockPaneController.self] }
    }

    /// The first screenful of stock rows has arrived (or there are none).
    public var hasStockRows: Bool { !stock.table.rows.isEmpty || stock.table.totalRows == 0 }
}
