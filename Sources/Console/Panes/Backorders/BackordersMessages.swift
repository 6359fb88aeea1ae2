import Foundation
import Store

/// What the backorders pane asks for: the backordered lines grouped by SKU (a slow read on a
/// big database: it runs on its own queue), or one SKU's lines.
enum BackordersEffect: PaneEffect {
    case loadGroups(limit: Int)
    case loadLines(sku: String, limit: Int)

    var coalesces: Bool { true }
    var isSlowRead: Bool { if case .loadGroups = self { true } else { false } }

    func perform(_ services: ConsoleServices) throws -> ConsoleEvent? {
        switch self {
        case .loadGroups(let limit):
            return .backorders(.groupsLoaded(try services.ops.read { try $0.backorderGroups(limit: limit) }, at: services.now))
        case let .loadLines(sku, limit):
            return .backorders(.linesLoaded(sku: sku, try services.ops.read { try $0.backorderLines(sku: sku, limit: limit) },
                                            at: services.now))
        }
    }
}

/// What comes back to the backorders pane.
enum BackordersEvent: PaneEvent {
    case groupsLoaded([BackorderGroup], at: String)
    case linesLoaded(sku: String, [BackorderLine], at: String)

    func apply(_ state: inout ConsoleState) -> [ConsoleEffect] {
        switch self {
        case let .groupsLoaded(groups, at): ConsoleUpdate.receiveBackorders(groups, at: at, &state)
        case let .linesLoaded(sku, lines, at): ConsoleUpdate.receiveBackorderLines(sku: sku, lines, at: at, &state)
        }
    }
}

extension ConsoleEffect {
    static func backorders(_ effect: BackordersEffect) -> ConsoleEffect { .pane(AnyPaneEffect(effect)) }
}

extension ConsoleEvent {
    static func backorders(_ event: BackordersEvent) -> ConsoleEvent { .pane(AnyPaneEvent(event)) }
}
