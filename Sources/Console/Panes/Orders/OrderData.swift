import Domain
import Store

/// A row of an order listing: its place in the queue (the keyset) and the order it shows.
public struct OrderRowID: Hashable, Sendable {
    public var key: OrderQueueKey
    public var order: Int64
}

public struct OrderPageQuery: Sendable, Equatable {
    public var queue: OrderQueue
    /// Only orders whose number this is, or whose reference or customer starts with it.
    public var text: String = ""
    /// The queue turned round: the newest in it first.
    public var newestFirst = false
    public var page: PageRequest<OrderRowID>
}

public struct OrderPage: Sendable, Equatable {
    public var requestID: Int
    public var start: Int
    public var rows: [OrderQueueRow]
    /// nil while the queue is still being counted.
    public var total: Int?
    /// When it was read, for the ages shown.
    public var at: String
}

/// The queue counts: sales orders per state and open holds per reason.
public struct OrderQueuesSnapshot: Sendable, Equatable {
    public var states: [QueueCount]
    public var holds: [QueueCount]
    public var at: String
}

/// Everything the order detail shows.
public struct OrderDetailData: Sendable, Equatable {
    public var record: OrderRecord
    /// Why the order is where it is (`Operations.explain`), one fact a line.
    public var explanation: [String]
    /// The order's audit entries, newest first.
    public var history: [AuditRow]
    /// What it bills, costs and earns so far (sales).
    public var money: OrderMoney?
    public var at: String
}

/// Release one kind of hold on some orders: the holds named, no others.
public struct ReleaseRequest: Sendable, Equatable {
    public var orders: [Int64]
    public var reason: HoldReason
    public var note: String
}

/// An order action that first reads the orders as they are now, so it can be refused, or
/// worded exactly, before anything is asked.
public enum PendingOrderAction: Sendable, Equatable {
    /// Cancel the orders, or one line of the (single) order.
    case cancel(line: Int?, suggested: CancelReason)
    /// Release holds: the queue's own reason when the list is a hold queue.
    case release(queueReason: HoldReason?)
}

/// Cancel whole orders, or one line of one order.
public struct CancelRequest: Sendable, Equatable {
    public var orders: [Int64]
    public var line: Int?
    public var reason: CancelReason
    public var note: String
}

/// What an order action did, and every refusal with its reason.
public struct ActionReport: Sendable, Equatable {
    public struct Refusal: Sendable, Equatable {
        public var order: Int64
        public var reason: String
    }
    public var summary: String
    public var refusals: [Refusal]
    /// Nothing changed although nothing was refused (say, no chosen order was waiting).
    public var nothingDone = false

    /// Shown as an error: something was refused or nothing happened.
    var isBad: Bool { nothingDone || !refusals.isEmpty }
}
