import Domain
import Store
import Operations
import TerminalKit

/// A request for one slice of the stock listing. `anchor` is a row already on screen whose
/// index is known, so the store can continue from it (keyset paging) instead of counting
/// rows from the top.
public struct StockQuery: Sendable, Equatable {
    public var requestID: Int
    /// The filter generation it belongs to; the runtime skips queries a newer filter made stale.
    public var generation: Int
    public var filter: PositionFilter
    public var range: Range<Int>
    public var anchor: StockAnchor?
    /// Known total, when there is one; without it the page is read from the top and the
    /// count comes separately (`countStock`), so a new filter shows rows before it is counted.
    public var knownTotal: Int?
}

public typealias StockAnchor = PageAnchor<SkuLocation>

public struct StockPage: Sendable, Equatable {
    public var requestID: Int
    public var start: Int
    public var rows: [PositionRow]
    /// nil while the filter's rows are still being counted.
    public var total: Int?
}

/// A change the console asks Operations to make.
public enum ConsoleCommand: Sendable, Equatable {
    /// Adjust, transfer or change the status of stock (planned and confirmed first).
    case stock(StockChange)
    case hold(orders: [Int64], reason: HoldReason, note: String)
    /// Releases one kind of hold on the orders (planned and confirmed first).
    case release(ReleaseRequest)
    case cancel(CancelRequest)
    /// Allocate the chosen orders (nil: every waiting order) under a policy, after its dry run.
    case allocate(orders: [Int64]?, policy: AllocationPolicy)
    /// Allocates the orders waiting for a backordered SKU.
    case reallocateBackorders(sku: String)

    /// Shown while the command runs.
    var progress: String {
        func orders(_ ids: [Int64]) -> String { ids.count == 1 ? "order \(ids[0])" : "\(ids.count) orders" }
        return switch self {
        case .stock(let change): StockWords.progress(change)
        case .hold(let ids, _, _): "Holding \(orders(ids))…"
        case .release(let request): "Releasing the \(request.reason.rawValue) hold on \(orders(request.orders))…"
        case .cancel(let request): "Cancelling \(orders(request.orders))…"
        case .allocate(let ids, let policy): "Allocating \(ids.map(orders) ?? "every waiting order") (\(policy.rawValue))…"
        case .reallocateBackorders(let sku): "Reallocating the backorders of \(sku)…"
        }
    }
}

/// Work the update function asks for; the runtime performs it and answers with an event.
public enum ConsoleEffect: Sendable, Equatable {
    case loadStock(StockQuery)
    /// Counts the filter's rows, stopping at `cap` when one is given.
    case countStock(generation: Int, filter: PositionFilter, cap: Int?)

    /// The stock-filter generation this effect was made for, if it belongs to one.
    public var stockGeneration: Int? {
        switch self {
        case .loadStock(let q): q.generation
        case .countStock(let g, _, _): g
        default: nil
        }
    }
    /// A read whose answer depends only on when it runs: one already waiting to run answers
    /// for an identical second, so a slow read asked for on every change never piles up.
    public var coalesces: Bool {
        switch self {
        case .countStock, .loadDetail, .loadLocations, .loadOrderQueues, .countOrders, .loadOrderDetail: true
        case .pane(let effect): effect.base.coalesces
        default: false
        }
    }
    /// A read that can take seconds on a big database (grouping every backordered line): it
    /// runs on its own queue so page loads and commands never wait behind it.
    public var isSlowRead: Bool {
        if case .pane(let effect) = self { effect.base.isSlowRead } else { false }
    }
    case loadDetail(sku: String)
    /// A pane's own effect (`PaneEffect`).
    case pane(AnyPaneEffect)
    case loadLocations
    case run(ConsoleCommand)
    case quit
    case loadOrderQueues
    case loadOrderPage(OrderPageQuery)
    /// Counts a queue listing, stopping at `cap` when one is given.
    case countOrders(generation: Int, queue: OrderQueue, text: String, cap: Int?)
    /// Orders by number, external reference or customer; `refresh` reloads a pick list
    /// already on screen rather than answering a new search.
    case findOrders(String, refresh: Bool)
    case loadOrderDetail(Int64)
    /// Orders of a queue to mark, in queue order: a range (`from` through `through`) or the whole
    /// queue, at most `limit`; `generation` is the listing's.
    case markOrders(generation: Int, queue: OrderQueue, text: String, from: OrderQueueKey?, through: OrderQueueKey?,
                    newestFirst: Bool, limit: Int)
    /// Which marked orders are still in the queue (after a change).
    case checkMarks(generation: Int, queue: OrderQueue, orders: [Int64])
    /// Allocation's dry run: what it would do, for the confirmation.
    case planAllocation(orders: [Int64]?, policy: AllocationPolicy)
    /// Checks a stock change as Operations would, without writing it.
    case planStockChange(StockChange)
    /// Reads the orders an action is for, so it can be refused or worded before anything is asked.
    case prepareOrderAction(PendingOrderAction, orders: [Int64])
}

public enum ConsoleEvent: Sendable, Equatable {
    case input(InputEvent)
    case stockLoaded(StockPage)
    /// `exact` is false when the count reached its cap: there are at least `total` rows.
    case stockCounted(generation: Int, total: Int, exact: Bool)
    case detailLoaded(SKUDetail)
    case detailFailed(sku: String, message: String)
    /// A pane's own event (`PaneEvent`).
    case pane(AnyPaneEvent)
    case locationsLoaded([String])
    case commandFinished(String)
    case failed(String)
    /// Another terminal (or this one) committed a change: the audit log grew.
    case databaseChanged(lastAuditID: Int64)
    case tick
    case orderQueuesLoaded(OrderQueuesSnapshot)
    case orderPageLoaded(OrderPage)
    case ordersCounted(generation: Int, total: Int, exact: Bool)
    case ordersFound(text: String, [OrderSummary], at: String, refresh: Bool)
    case orderDetailLoaded(OrderDetailData)
    case orderDetailFailed(id: Int64, message: String)
    /// Orders to mark; `whole` when the queue was asked for whole and `total` is its size.
    case ordersToMark(generation: Int, [Int64], whole: Bool, total: Int)
    /// The marked orders still in the queue.
    case marksChecked(generation: Int, stillIn: Set<Int64>)
    /// What an allocation would do (its dry run), for the confirmation.
    case allocationPlanned(orders: [Int64]?, policy: AllocationPolicy, AllocationSummary)
    /// A stock change passed its checks: the position before and after, for the confirmation.
    case stockChangePlanned(StockChange, [PlannedPosition])
    /// The orders an action is for, as they are now (those still there, in the order asked).
    case orderActionPrepared(PendingOrderAction, orders: [Int64], records: [OrderRecord])
    /// An order action ran: what was done and every refusal.
    case actionFinished(ActionReport)
}
