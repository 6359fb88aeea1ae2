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
    /// A change a pane makes itself (its own effect, through Operations), confirmed first.
    case pane(AnyPaneEffect)

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
        case .pane(let effect): effect.base.progress ?? "Working…"
        }
    }
}

/// Work the update function asks for; the runtime performs it and answers with an event.
public enum ConsoleEffect: Sendable, Equatable {

    /// A read whose answer depends only on when it runs: one already waiting to run answers
    /// for an identical second, so a slow read asked for on every change never piles up.
    public var coalesces: Bool {
        switch self {
        case .loadLocations: true
        case .pane(let effect): effect.base.coalesces
        default: false
        }
    }
    /// A read that can take seconds on a big database (grouping every backordered line): it
    /// runs on its own queue so page loads and commands never wait behind it.
    public var isSlowRead: Bool {
        if case .pane(let effect) = self { effect.base.isSlowRead } else { false }
    }
    /// What the message line says while it runs: a change under way (nil for reads).
    var progress: String? {
        switch self {
        case .run(let command): command.progress
        case .pane(let effect): effect.base.progress
        default: nil
        }
    }
    /// A pane's own effect (`PaneEffect`).
    case pane(AnyPaneEffect)
    case loadLocations
    case run(ConsoleCommand)
    case quit
}

public enum ConsoleEvent: Sendable, Equatable {
    case input(InputEvent)
    /// A pane's own event (`PaneEvent`).
    case pane(AnyPaneEvent)
    case locationsLoaded([String])
    case commandFinished(String)
    case failed(String)
    /// Another terminal (or this one) committed a change: the audit log grew.
    case databaseChanged(lastAuditID: Int64)
    case tick
    /// An order action ran: what was done and every refusal.
    case actionFinished(ActionReport)
}
