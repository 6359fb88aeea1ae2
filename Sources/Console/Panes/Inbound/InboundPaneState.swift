import Domain
import Store
import Operations
import TerminalKit

/// A queue of inbound work: purchase orders by state or lateness, shipping notices with
/// exceptions or late, transfers by state.
enum InboundQueue: Hashable, Sendable {
    case latePurchaseOrders
    case purchaseOrders(PurchaseOrderState)
    case noticeExceptions
    case lateNotices
    case transfers(TransferState)
    /// Drop-ship orders their suppliers have still to ship to our customers.
    case dropShips

    /// The queues in the order they are listed: what needs someone first.
    static let all: [InboundQueue] = [.latePurchaseOrders, .noticeExceptions, .lateNotices]
        + [PurchaseOrderState.sent, .partiallyReceived, .approved, .draft, .received, .closed, .cancelled].map { .purchaseOrders($0) }
        + [TransferState.shipped, .created].map { .transfers($0) } + [.dropShips]

    var kind: InboundListKind {
        switch self {
        case .latePurchaseOrders, .purchaseOrders, .dropShips: .purchaseOrders
        case .noticeExceptions, .lateNotices: .notices
        case .transfers: .transfers
        }
    }
}

enum InboundListKind { case purchaseOrders, notices, transfers }

/// The rows of one queue, as read.
enum InboundListRows: Equatable {
    case purchaseOrders([PurchaseOrderRecord])
    case notices([ShippingNoticeRecord])
    case transfers([TransferRecord])

    var count: Int {
        switch self {
        case .purchaseOrders(let rows): rows.count
        case .notices(let rows): rows.count
        case .transfers(let rows): rows.count
        }
    }
}

/// The inbound pane: the queues, one queue's rows, one purchase order, and receiving against
/// it. Each view shows over the one before it; Esc goes back.
struct InboundPaneState {
    var queues = TableState<InboundQueue>()
    var counts: InboundQueueCounts?
    var countsAt = ""
    var stale = true
    var list: InboundListState?
    var order: PurchaseOrderViewState?
    /// A receipt being entered (it stays when the user steps back, until saved or discarded).
    var receiving: ReceivingState?
    /// The receiving view is on screen (over the order).
    var showsReceiving = false
    /// A notice being counted: its announced lines are entered once its order (`purchaseOrder`)
    /// is read (counting a notice with exceptions starts from what it announced).
    var pendingNotice: PendingNotice?
    /// What the open form is for (set by whatever opens it).
    var form: InboundForm?
}

struct PendingNotice {
    var ref: String
    var purchaseOrder: String
    var lines: [ReceivedLine]
}

enum InboundForm: Equatable {
    /// A line of the receipt being entered.
    case receivedLine
    /// The reason a notice is dismissed.
    case dismissal(String)
}

struct InboundListState {
    var queue: InboundQueue
    var table = TableState<String>()
    var rows: InboundListRows?
    /// How many the queue holds, and how far down it is read.
    var total = 0
    var reach = QueueReach()
    var at = ""
    var filter = ""
    var sort = ListSort()
    var stale = false
}

/// One purchase order opened: its detail as read, scrolled.
struct PurchaseOrderViewState {
    var code: String
    var detail: PurchaseOrderDetail?
    var scroll = 0
    var stale = false
}

/// A receipt typed in against an order: the lines so far, checked as each is added, and once
/// saved what it did.
struct ReceivingState {
    var detail: PurchaseOrderDetail
    /// The lines typed, in order (the same SKU and condition again adds to the first).
    var lines: [ReceivedLine] = []
    /// The order's lines (by SKU), with what is received now beside them.
    var table = TableState<String>()
    /// Saved: what went where, and the backorders it can serve (the table then lists these).
    var outcome: ReceiptOutcome?
    var outcomeTable = TableState<Int>()
    /// The shipping notice the goods are counted under: received with the receipt.
    var notice: String?

    var code: String { detail.record.order.code }

    /// Units typed so far of a SKU in a condition.
    func entered(_ sku: String, _ condition: ReceiptCondition) -> Int {
        lines.filter { $0.sku == sku && $0.condition == condition }.reduce(0) { $0 + $1.quantity }
    }
}

extension ConsoleState {
    /// The inbound pane's state.
    var inbound: InboundPaneState {
        get { panes[InboundPaneController.self] }
        _modify { yield &panes[InboundPaneController.self] }
    }
}
