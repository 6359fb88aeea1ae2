import Foundation
import Domain
import Store
import Operations

/// What the inbound pane asks for: its queue counts, a queue's rows, a purchase order, and
/// receiving (planned first, written after the confirmation).
enum InboundEffect: PaneEffect {
    case loadQueues
    case loadList(InboundQueue, limit: Int)
    /// A purchase order; `receive` starts receiving against it once read.
    case loadOrder(code: String, receive: Bool)
    case planReceipt(ReceiptRequest)
    case receive(ReceiptRequest)
    /// Plans receiving a notice as announced, for its confirmation.
    case planNotice(ShippingNoticeRecord)
    /// Receives what a notice announced, as announced.
    case receiveNotice(ref: String)
    case receiveTransfer(code: String)
    case dismissNotice(ref: String, reason: String)

    var coalesces: Bool {
        switch self {
        case .loadQueues, .loadList, .loadOrder(_, false): true
        default: false
        }
    }

    var progress: String? {
        switch self {
        case .receive(let request): "Receiving on \(request.purchaseOrder)…"
        case .receiveNotice(let ref): "Receiving shipping notice \(ref)…"
        case .receiveTransfer(let code): "Receiving transfer \(code)…"
        case .dismissNotice(let ref, _): "Dismissing shipping notice \(ref)…"
        default: nil
        }
    }

    func perform(_ services: ConsoleServices) throws -> ConsoleEvent? {
        let now = services.now, today = String(services.now.prefix(10))
        switch self {
        case .loadQueues:
            return .inbound(.queuesLoaded(try services.ops.read { try $0.inboundQueueCounts(today: today) }, at: now))
        case let .loadList(queue, limit):
            let (rows, total) = try services.ops.read { r -> (InboundListRows, Int) in
                switch queue {
                case .latePurchaseOrders, .purchaseOrders, .dropShips:
                    var filter = PurchaseOrderFilter(dropShip: queue == .dropShips)
                    switch queue {
                    case .purchaseOrders(let state): filter.state = state
                    case .dropShips: filter.state = .sent
                    default: filter.lateOn = today
                    }
                    return (.purchaseOrders(try r.purchaseOrders(filter, limit: limit)), try r.purchaseOrderCount(filter))
                case .lateNotices:
                    return (.notices(try r.shippingNotices(lateOn: today, limit: limit)), try r.shippingNoticeCount(lateOn: today))
                case .noticeExceptions:
                    return (.notices(try r.shippingNotices(withExceptions: true, openOnly: true, limit: limit)),
                            try r.shippingNoticeCount(withExceptions: true, openOnly: true))
                case .transfers(let state):
                    return (.transfers(try r.transfers(state: state, limit: limit)), try r.transferCount(state: state))
                }
            }
            return .inbound(.listLoaded(queue, rows, total: total, at: now))
        case let .loadOrder(code, receive):
            do { return .inbound(.orderLoaded(try services.ops.purchaseOrderDetail(code), receive: receive)) } catch {
                return .inbound(.orderFailed(code: code, message: error.message))
            }
        case .planReceipt(let request):
            return .inbound(.receiptPlanned(request, try services.ops.planReceipt(request, by: services.actor)))
        case .receive(let request):
            return .inbound(.received(try services.ops.receive([request], by: services.actor)[0]))
        case .planNotice(let n):
            let request = ReceiptRequest(purchaseOrder: n.notice.purchaseOrder, lines: n.notice.lines.map { ReceivedLine(sku: $0.sku, quantity: $0.quantity) },
                                         notice: n.notice.ref)
            return .inbound(.noticePlanned(n, try services.ops.planReceipt(request, by: services.actor)))
        case .receiveNotice(let ref):
            return .inbound(.received(try services.ops.receiveShippingNotice(ref, arrivedOn: nil, note: "", by: services.actor)))
        case .receiveTransfer(let code):
            let record = try services.ops.advanceTransfer(code, .receive, by: services.actor)
            let units = record.transfer.lines.reduce(0) { $0 + $1.quantity }
            return .commandFinished("Received transfer \(code): \(OrderWords.units(units)) into sellable at \(record.transfer.to)")
        case let .dismissNotice(ref, reason):
            try services.ops.dismissShippingNotice(ref, reason: reason, by: services.actor)
            return .commandFinished("Dismissed shipping notice \(ref)")
        }
    }
}

/// What comes back to the inbound pane.
enum InboundEvent: PaneEvent {
    case queuesLoaded(InboundQueueCounts, at: String)
    case listLoaded(InboundQueue, InboundListRows, total: Int, at: String)
    case orderLoaded(PurchaseOrderDetail, receive: Bool)
    case orderFailed(code: String, message: String)
    /// A receipt passed its checks: where each line goes, for the confirmation.
    case receiptPlanned(ReceiptRequest, ReceiptPlan)
    /// A notice can be received as announced: what that does, for the confirmation.
    case noticePlanned(ShippingNoticeRecord, ReceiptPlan)
    case received(ReceiptOutcome)

    func apply(_ state: inout ConsoleState) -> [ConsoleEffect] {
        switch self {
        case let .queuesLoaded(counts, at): ConsoleUpdate.receiveInboundQueues(counts, at: at, &state)
        case let .listLoaded(queue, rows, total, at): ConsoleUpdate.receiveInboundList(queue, rows, total: total, at: at, &state)
        case let .orderLoaded(detail, receive): ConsoleUpdate.receivePurchaseOrder(detail, receive: receive, &state)
        case let .orderFailed(code, message): ConsoleUpdate.purchaseOrderFailed(code, message, &state)
        case let .receiptPlanned(request, plan): ConsoleUpdate.confirmReceipt(request, plan, &state)
        case let .noticePlanned(notice, plan): ConsoleUpdate.confirmNoticeReceipt(notice, plan, &state)
        case .received(let outcome): ConsoleUpdate.receiptDone(outcome, &state)
        }
    }
}

extension ConsoleEffect {
    static func inbound(_ effect: InboundEffect) -> ConsoleEffect { .pane(AnyPaneEffect(effect)) }
}

extension ConsoleEvent {
    static func inbound(_ event: InboundEvent) -> ConsoleEvent { .pane(AnyPaneEvent(event)) }
}

extension ConsoleCommand {
    /// An inbound change, run once confirmed.
    static func inbound(_ effect: InboundEffect) -> ConsoleCommand { .pane(AnyPaneEffect(effect)) }
}
