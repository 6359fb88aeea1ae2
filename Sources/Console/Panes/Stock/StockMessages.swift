import Foundation
import Domain
import Store
import Operations

/// What the stock pane asks for: pages of its rows, their count, a SKU's drill-down, and the
/// plan of a stock change (checked as Operations would, written only after the confirmation).
enum StockEffect: PaneEffect {
    case loadStock(StockQuery)
    /// Counts the filter's rows, stopping at `cap` when one is given.
    case countStock(generation: Int, filter: PositionFilter, cap: Int?)
    case loadDetail(sku: String)
    case planStockChange(StockChange)

    var coalesces: Bool {
        switch self {
        case .countStock, .loadDetail: true
        default: false
        }
    }

    /// The filter generation a read was made for: the runtime skips reads a newer filter made
    /// stale (typing queues a load per key; only the newest filter's are worth running).
    var generation: Int? {
        switch self {
        case .loadStock(let query): query.generation
        case .countStock(let generation, _, _): generation
        default: nil
        }
    }

    func perform(_ services: ConsoleServices) throws -> ConsoleEvent? {
        switch self {
        case .loadStock(let query):
            return .stockLoaded(try services.loadStock(query))
        case let .countStock(generation, filter, cap):
            // Count one past the cap to tell "exactly cap" from "more than cap".
            let counted = try services.ops.read { try $0.positionCount(filter, cap: cap.map { $0 + 1 }) }
            if let cap, counted > cap { return .stockCounted(generation: generation, total: cap, exact: false) }
            return .stockCounted(generation: generation, total: counted, exact: true)
        case .loadDetail(let sku):
            do { return .detailLoaded(try services.ops.skuDetail(sku)) } catch {
                return .detailFailed(sku: sku, message: error.message)
            }
        case .planStockChange(let change):
            return .stockChangePlanned(change, try services.ops.plan(change, by: services.actor))
        }
    }
}

/// What comes back to the stock pane.
enum StockEvent: PaneEvent {
    case stockLoaded(StockPage)
    /// `exact` is false when the count reached its cap: there are at least `total` rows.
    case stockCounted(generation: Int, total: Int, exact: Bool)
    case detailLoaded(SKUDetail)
    case detailFailed(sku: String, message: String)
    /// A stock change passed its checks: each position before and after, for the confirmation.
    case stockChangePlanned(StockChange, [PlannedPosition])

    func apply(_ state: inout ConsoleState) -> [ConsoleEffect] {
        switch self {
        case .stockLoaded(let page):
            return ConsoleUpdate.receive(page, &state)
        case let .stockCounted(generation, total, exact):
            return ConsoleUpdate.receiveCount(generation: generation, total: total, exact: exact, &state)
        case .detailLoaded(let data):
            if state.stock.detail?.sku == data.sku.code { state.stock.detail?.data = data }
            return []
        case let .detailFailed(sku, message):
            if state.stock.detail?.sku == sku { state.stock.detail = nil }
            ConsoleUpdate.flash(&state, message, kind: .error)
            return ConsoleUpdate.requestStock(&state)
        case let .stockChangePlanned(change, plan):
            guard case .normal = state.mode else { return [] }
            state.mode = .confirm(StockWords.confirmation(change, plan), .stock(change))
            return []
        }
    }
}

// The stock pane's effects and events, spelt as the console's own.
extension ConsoleEffect {
    /// The stock pane's effect inside, if that is what this is.
    var stockEffect: StockEffect? { if case .pane(let effect) = self { effect.base as? StockEffect } else { nil } }
    /// The stock-filter generation this effect was made for, if it belongs to one.
    public var stockGeneration: Int? { stockEffect?.generation }

    static func loadStock(_ query: StockQuery) -> ConsoleEffect { .pane(AnyPaneEffect(StockEffect.loadStock(query))) }
    static func countStock(generation: Int, filter: PositionFilter, cap: Int?) -> ConsoleEffect {
        .pane(AnyPaneEffect(StockEffect.countStock(generation: generation, filter: filter, cap: cap)))
    }
    static func loadDetail(sku: String) -> ConsoleEffect { .pane(AnyPaneEffect(StockEffect.loadDetail(sku: sku))) }
    static func planStockChange(_ change: StockChange) -> ConsoleEffect { .pane(AnyPaneEffect(StockEffect.planStockChange(change))) }
}

extension ConsoleEvent {
    static func stockLoaded(_ page: StockPage) -> ConsoleEvent { .pane(AnyPaneEvent(StockEvent.stockLoaded(page))) }
    static func stockCounted(generation: Int, total: Int, exact: Bool) -> ConsoleEvent {
        .pane(AnyPaneEvent(StockEvent.stockCounted(generation: generation, total: total, exact: exact)))
    }
    static func detailLoaded(_ data: SKUDetail) -> ConsoleEvent { .pane(AnyPaneEvent(StockEvent.detailLoaded(data))) }
    static func detailFailed(sku: String, message: String) -> ConsoleEvent { .pane(AnyPaneEvent(StockEvent.detailFailed(sku: sku, message: message))) }
    static func stockChangePlanned(_ change: StockChange, _ plan: [PlannedPosition]) -> ConsoleEvent {
        .pane(AnyPaneEvent(StockEvent.stockChangePlanned(change, plan)))
    }
}
