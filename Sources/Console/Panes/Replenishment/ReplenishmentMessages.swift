import Foundation
import Domain
import Operations

/// What the replenishment pane asks for: the plan (a slow read on a big catalogue: its own
/// queue), and approving or rejecting suggestions (confirmed first).
enum ReplenishmentEffect: PaneEffect {
    case loadPlan
    case approve([ReplenishmentChoice])
    case reject(sku: String, location: String, reason: String)

    var coalesces: Bool { self == .loadPlan }
    var isSlowRead: Bool { self == .loadPlan }

    var progress: String? {
        switch self {
        case .loadPlan: nil
        case .approve(let choices): "Creating draft purchase orders for \(InboundWords.count(choices.count, "suggestion"))…"
        case let .reject(sku, location, _): "Rejecting \(sku)@\(location)…"
        }
    }

    func perform(_ services: ConsoleServices) throws -> ConsoleEvent? {
        switch self {
        case .loadPlan:
            return .replenishment(.planLoaded(try services.ops.replenishmentPlan(), at: services.now))
        case .approve(let choices):
            return .replenishment(.approved(try services.ops.approveReplenishment(choices, by: services.actor)))
        case let .reject(sku, location, reason):
            let until = try services.ops.rejectReplenishment(sku: sku, location: location, reason: reason, by: services.actor)
            return .replenishment(.rejected(key: "\(sku)@\(location)", until: until))
        }
    }
}

/// What comes back to the replenishment pane.
enum ReplenishmentEvent: PaneEvent {
    case planLoaded(ReplenishmentPlan, at: String)
    case approved(ReplenishmentPlan)
    case rejected(key: String, until: String)

    func apply(_ state: inout ConsoleState) -> [ConsoleEffect] {
        switch self {
        case let .planLoaded(plan, at): ConsoleUpdate.receiveReplenishmentPlan(plan, at: at, &state)
        case .approved(let plan): ConsoleUpdate.replenishmentApproved(plan, &state)
        case let .rejected(key, until): ConsoleUpdate.replenishmentRejected(key, until: until, &state)
        }
    }
}

extension ConsoleEffect {
    static func replenishment(_ effect: ReplenishmentEffect) -> ConsoleEffect { .pane(AnyPaneEffect(effect)) }
}

extension ConsoleEvent {
    static func replenishment(_ event: ReplenishmentEvent) -> ConsoleEvent { .pane(AnyPaneEvent(event)) }
}

extension ConsoleCommand {
    static func replenishment(_ effect: ReplenishmentEffect) -> ConsoleCommand { .pane(AnyPaneEffect(effect)) }
}
