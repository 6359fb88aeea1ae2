import Foundation
import Domain
import Store
import Operations

/// What the orders pane asks for (its reads and plans; its changes are `ConsoleCommand`s).
enum OrdersEffect: PaneEffect {
    case loadOrderQueues
    case loadOrderPage(OrderPageQuery)
    /// Counts a queue listing, stopping at `cap` when one is given.
    case countOrders(generation: Int, queue: OrderQueue, text: String, cap: Int?)
    /// Orders by number, external reference or customer; `refresh` reloads a pick list
    /// already on screen rather than answering a new search.
    case findOrders(String, refresh: Bool)
    case loadOrderDetail(Int64)
    /// Reads the orders an action is for, so it can be refused or worded before anything is asked.
    case prepareOrderAction(PendingOrderAction, orders: [Int64])
    /// Orders of a queue to mark, in queue order: a range (`from` through `through`) or the whole
    /// queue, at most `limit`; `generation` is the listing's.
    case markOrders(generation: Int, queue: OrderQueue, text: String, from: OrderQueueKey?, through: OrderQueueKey?,
                    newestFirst: Bool, limit: Int)
    /// Which marked orders are still in the queue (after a change).
    case checkMarks(generation: Int, queue: OrderQueue, orders: [Int64])
    /// Allocation's dry run: what it would do, for the confirmation.
    case planAllocation(orders: [Int64]?, policy: AllocationPolicy)

    var coalesces: Bool {
        switch self {
        case .loadOrderQueues, .countOrders, .loadOrderDetail: true
        default: false
        }
    }

    func perform(_ services: ConsoleServices) throws -> ConsoleEvent? {
        switch self {
        case .loadOrderQueues: return try services.loadOrderQueues()
        case .loadOrderPage(let query): return try services.loadOrderPage(query)
        case let .countOrders(generation, queue, text, cap):
            return try services.countOrders(generation: generation, queue: queue, text: text, cap: cap)
        case .findOrders(let text, let refresh):
            return .ordersFound(text: text, try services.ops.read { try $0.findOrders(text, limit: ConsoleUpdate.findLimit) },
                                at: services.now, refresh: refresh)
        case .loadOrderDetail(let id): return services.loadOrderDetail(id)
        case .prepareOrderAction(let action, let orders): return try services.prepareOrderAction(action, orders: orders)
        case let .markOrders(generation, queue, text, from, through, newestFirst, limit):
            return try services.markOrders(generation: generation, queue: queue, text: text, from: from, through: through,
                                           newestFirst: newestFirst, limit: limit)
        case let .checkMarks(generation, queue, orders):
            return .marksChecked(generation: generation, stillIn: try services.ops.read { try $0.ordersInQueue(queue, among: orders) })
        case let .planAllocation(orders, policy):
            let summary = try services.ops.allocate(AllocationOptions(policy: policy, dryRun: true, orders: orders), by: services.actor)
            return .allocationPlanned(orders: orders, policy: policy, summary)
        }
    }
}

/// What comes back to the orders pane.
enum OrdersEvent: PaneEvent {
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
    /// The orders an action is for, as they are now (those still there, in the order asked).
    case orderActionPrepared(PendingOrderAction, orders: [Int64], records: [OrderRecord])

    func apply(_ state: inout ConsoleState) -> [ConsoleEffect] {
        switch self {
        case .orderQueuesLoaded(let snapshot): ConsoleUpdate.receiveQueues(snapshot, &state)
        case .orderPageLoaded(let page): ConsoleUpdate.receiveOrderPage(page, &state)
        case let .ordersCounted(generation, total, exact):
            ConsoleUpdate.receiveOrderCount(generation: generation, total: total, exact: exact, &state)
        case let .ordersFound(text, found, at, refresh): ConsoleUpdate.receiveFound(text, found, at: at, refresh: refresh, &state)
        case .orderDetailLoaded(let data): ConsoleUpdate.receiveOrderDetail(data, &state)
        case let .orderDetailFailed(id, message): ConsoleUpdate.orderDetailFailed(id: id, message: message, &state)
        case let .ordersToMark(generation, ids, whole, total):
            ConsoleUpdate.receiveOrdersToMark(generation: generation, ids, whole: whole, total: total, &state)
        case let .marksChecked(generation, stillIn): ConsoleUpdate.receiveMarksChecked(generation: generation, stillIn: stillIn, &state)
        case let .allocationPlanned(orders, policy, summary):
            ConsoleUpdate.allocationPlanned(orders: orders, policy: policy, summary, &state)
        case let .orderActionPrepared(action, orders, records):
            ConsoleUpdate.orderActionPrepared(action, orders: orders, records: records, &state)
        }
    }
}

// The orders pane's effects and events, spelt as the console's own.
extension ConsoleEffect {
    /// The orders pane's effect inside, if that is what this is.
    var ordersEffect: OrdersEffect? { if case .pane(let effect) = self { effect.base as? OrdersEffect } else { nil } }

    static var loadOrderQueues: ConsoleEffect { .pane(AnyPaneEffect(OrdersEffect.loadOrderQueues)) }
    static func loadOrderPage(_ query: OrderPageQuery) -> ConsoleEffect { .pane(AnyPaneEffect(OrdersEffect.loadOrderPage(query))) }
    static func countOrders(generation: Int, queue: OrderQueue, text: String, cap: Int?) -> ConsoleEffect {
        .pane(AnyPaneEffect(OrdersEffect.countOrders(generation: generation, queue: queue, text: text, cap: cap)))
    }
    static func findOrders(_ text: String, refresh: Bool) -> ConsoleEffect { .pane(AnyPaneEffect(OrdersEffect.findOrders(text, refresh: refresh))) }
    static func loadOrderDetail(_ id: Int64) -> ConsoleEffect { .pane(AnyPaneEffect(OrdersEffect.loadOrderDetail(id))) }
    static func prepareOrderAction(_ action: PendingOrderAction, orders: [Int64]) -> ConsoleEffect {
        .pane(AnyPaneEffect(OrdersEffect.prepareOrderAction(action, orders: orders)))
    }
    static func markOrders(generation: Int, queue: OrderQueue, text: String, from: OrderQueueKey?, through: OrderQueueKey?,
                           newestFirst: Bool, limit: Int) -> ConsoleEffect {
        .pane(AnyPaneEffect(OrdersEffect.markOrders(generation: generation, queue: queue, text: text, from: from, through: through,
                                                    newestFirst: newestFirst, limit: limit)))
    }
    static func checkMarks(generation: Int, queue: OrderQueue, orders: [Int64]) -> ConsoleEffect {
        .pane(AnyPaneEffect(OrdersEffect.checkMarks(generation: generation, queue: queue, orders: orders)))
    }
    static func planAllocation(orders: [Int64]?, policy: AllocationPolicy) -> ConsoleEffect {
        .pane(AnyPaneEffect(OrdersEffect.planAllocation(orders: orders, policy: policy)))
    }
}

extension ConsoleEvent {
    static func orderQueuesLoaded(_ snapshot: OrderQueuesSnapshot) -> ConsoleEvent { .pane(AnyPaneEvent(OrdersEvent.orderQueuesLoaded(snapshot))) }
    static func orderPageLoaded(_ page: OrderPage) -> ConsoleEvent { .pane(AnyPaneEvent(OrdersEvent.orderPageLoaded(page))) }
    static func ordersCounted(generation: Int, total: Int, exact: Bool) -> ConsoleEvent {
        .pane(AnyPaneEvent(OrdersEvent.ordersCounted(generation: generation, total: total, exact: exact)))
    }
    static func ordersFound(text: String, _ found: [OrderSummary], at: String, refresh: Bool) -> ConsoleEvent {
        .pane(AnyPaneEvent(OrdersEvent.ordersFound(text: text, found, at: at, refresh: refresh)))
    }
    static func orderDetailLoaded(_ data: OrderDetailData) -> ConsoleEvent { .pane(AnyPaneEvent(OrdersEvent.orderDetailLoaded(data))) }
    static func orderDetailFailed(id: Int64, message: String) -> ConsoleEvent {
        .pane(AnyPaneEvent(OrdersEvent.orderDetailFailed(id: id, message: message)))
    }
    static func ordersToMark(generation: Int, _ ids: [Int64], whole: Bool, total: Int) -> ConsoleEvent {
        .pane(AnyPaneEvent(OrdersEvent.ordersToMark(generation: generation, ids, whole: whole, total: total)))
    }
    static func marksChecked(generation: Int, stillIn: Set<Int64>) -> ConsoleEvent {
        .pane(AnyPaneEvent(OrdersEvent.marksChecked(generation: generation, stillIn: stillIn)))
    }
    static func allocationPlanned(orders: [Int64]?, policy: AllocationPolicy, _ summary: AllocationSummary) -> ConsoleEvent {
        .pane(AnyPaneEvent(OrdersEvent.allocationPlanned(orders: orders, policy: policy, summary)))
    }
    static func orderActionPrepared(_ action: PendingOrderAction, orders: [Int64], records: [OrderRecord]) -> ConsoleEvent {
        .pane(AnyPaneEvent(OrdersEvent.orderActionPrepared(action, orders: orders, records: records)))
    }
}
