import Domain
import Store
import TerminalKit

/// A request for one slice of the stock listing. `anchor` is a row already on screen whose
/// index is known, so the store can continue from it (keyset paging) instead of counting
/// rows from the top.
public struct StockQuery: Sendable, Equatable {
    public var requestID: Int
    public var filter: PositionFilter
    public var range: Range<Int>
    public var anchor: StockAnchor?
    /// Known total, when the count need not be taken again.
    public var knownTotal: Int?
}

public struct StockAnchor: Sendable, Equatable {
    public var index: Int
    public var key: SkuLocation
}

public struct StockPage: Sendable, Equatable {
    public var requestID: Int
    public var start: Int
    public var rows: [PositionRow]
    public var total: Int
}

/// Everything the SKU drill-down shows.
public struct SKUDetailData: Sendable, Equatable {
    public var sku: SKU
    public var components: [KitComponent]
    public var positions: [PositionRow]
    public var moves: [MoveRow]
    public var inbound: [InboundRow]
    public var availableToPromise: Int
}

/// A change the console asks Operations to make.
public enum ConsoleCommand: Sendable, Equatable {
    case adjust(sku: String, location: String, status: StockStatus, delta: Int, reason: String)
}

/// Work the update function asks for; the runtime performs it and answers with an event.
public enum ConsoleEffect: Sendable, Equatable {
    case loadStock(StockQuery)
    case loadDetail(sku: String)
    case loadActivity(limit: Int)
    case run(ConsoleCommand)
    case quit
}

public enum ConsoleEvent: Sendable, Equatable {
    case input(InputEvent)
    case stockLoaded(StockPage)
    case detailLoaded(SKUDetailData)
    case activityLoaded([AuditRow])
    case commandFinished(String)
    case failed(String)
    /// Another terminal (or this one) committed a change: the audit log grew.
    case databaseChanged(lastAuditID: Int64)
    case tick
}
