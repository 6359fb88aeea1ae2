import Foundation
import Domain
import Store
import Operations

/// The order and backorder effects: reads through read snapshots, actions through
/// Operations, whose refusals come back in the report (never as a bare failure).
extension ConsoleServices {
    var now: String { Timestamp.string(clock()) }

    func loadOrderQueues() throws -> ConsoleEvent {
        let (states, holds) = try ops.read { r in (try r.stateQueues(), try r.holdQueues()) }
        return .orderQueuesLoaded(OrderQueuesSnapshot(states: states, holds: holds, at: now))
    }

    func loadOrderPage(_ query: OrderPageQuery) throws -> ConsoleEvent {
        let page = try ops.read { r in
            try PageReader.read(query.page) { after, descending, offset, limit in
                // Turned round, reading forwards is reading the queue's index backwards.
                try r.orderQueueRows(query.queue, matching: query.text, after: after?.key, descending: descending != query.newestFirst,
                                     offset: offset, limit: limit)
            }
        }
        return .orderPageLoaded(OrderPage(requestID: query.page.requestID, start: page.start, rows: page.rows,
                                          total: page.total, at: now))
    }

    func countOrders(generation: Int, queue: OrderQueue, text: String, cap: Int?) throws -> ConsoleEvent {
        // Count one past the cap to tell "exactly cap" from "more than cap".
        let counted = try ops.read { try $0.orderQueueCount(queue, matching: text, cap: cap.map { $0 + 1 }) }
        if let cap, counted > cap { return .ordersCounted(generation: generation, total: cap, exact: false) }
        return .ordersCounted(generation: generation, total: counted, exact: true)
    }

    func loadOrderDetail(_ id: Int64) -> ConsoleEvent {
        do {
            let explanation = try ops.explain(order: String(id))
            let history = try ops.read { try $0.auditEntries(entity: "order:\(id)", limit: 200) }
            let money = explanation.record.header.kind == .sale ? try ops.orderMoney(String(id)) : nil
            return .orderDetailLoaded(OrderDetailData(record: explanation.record, explanation: explanation.lines,
                                                      history: history, money: money, at: now))
        } catch {
            return .orderDetailFailed(id: id, message: error.message)
        }
    }

    /// The orders as they are now, so the action is refused or worded from what is really there.
    func prepareOrderAction(_ action: PendingOrderAction, orders: [Int64]) throws -> ConsoleEvent {
        let records = try ops.read { r in try orders.compactMap { try r.order($0) } }
        return .orderActionPrepared(action, orders: orders, records: records)
    }

    func markOrders(generation: Int, queue: OrderQueue, text: String, from: OrderQueueKey?, through: OrderQueueKey?,
                    newestFirst: Bool, limit: Int) throws -> ConsoleEvent {
        let (ids, total) = try ops.read { r in
            let ids = try r.orderQueueOrderIDs(queue, matching: text, from: from, through: through, newestFirst: newestFirst, limit: limit)
            let whole = from == nil && through == nil
            return (ids, whole ? try r.orderQueueCount(queue, matching: text) : ids.count)
        }
        return .ordersToMark(generation: generation, ids, whole: from == nil && through == nil, total: total)
    }

    func release(_ request: ReleaseRequest) -> ActionReport {
        OrderWords.report("released", ops.apply(.release(request.reason, note: request.note), to: request.orders, by: actor))
    }

    func cancel(_ request: CancelRequest) -> ActionReport {
        guard let line = request.line else {
            return OrderWords.report("cancelled", ops.apply(.cancel(request.reason, note: request.note), to: request.orders, by: actor))
        }
        let order = request.orders.first ?? 0
        do {
            _ = try ops.cancel(order: String(order), line: line, reason: request.reason, note: request.note, by: actor)
            return ActionReport(summary: "Order \(order) line \(line) cancelled", refusals: [])
        } catch {
            return ActionReport(summary: "Not cancelled: \(error.message)", refusals: [.init(order: order, reason: error.message)])
        }
    }

    /// Allocates `orders` (nil: every waiting order) under `policy`.
    func allocate(_ orders: [Int64]?, policy: AllocationPolicy = .fastest, what: String = "") -> ActionReport {
        if let orders, orders.isEmpty {
            return ActionReport(summary: "Nothing allocated\(what): no order waits", refusals: [], nothingDone: true)
        }
        do {
            let summary = try ops.allocate(AllocationOptions(policy: policy, orders: orders), by: actor)
            return OrderWords.allocated(summary, what: what)
        } catch {
            return ActionReport(summary: "Not allocated: \(error.message)", refusals: [], nothingDone: true)
        }
    }
}
