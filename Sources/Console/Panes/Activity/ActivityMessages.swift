import Foundation
import Store

/// What the activity pane asks for: the newest audit entries, those matching `text` when it
/// is not empty.
enum ActivityEffect: PaneEffect {
    case load(limit: Int, text: String)

    var coalesces: Bool { true }

    func perform(_ services: ConsoleServices) throws -> ConsoleEvent? {
        switch self {
        case let .load(limit, text):
            let rows = try services.ops.read { try $0.auditEntries(matching: text, limit: limit) }
            return .pane(AnyPaneEvent(ActivityEvent.loaded(rows, text: text)))
        }
    }
}

/// What comes back to the activity pane.
enum ActivityEvent: PaneEvent {
    /// The audit entries for the filter `text`.
    case loaded([AuditRow], text: String)

    func apply(_ state: inout ConsoleState) -> [ConsoleEffect] {
        switch self {
        case let .loaded(rows, text): ConsoleUpdate.receiveActivity(rows, text: text, &state)
        }
    }
}

extension ConsoleEffect {
    static func activity(_ effect: ActivityEffect) -> ConsoleEffect { .pane(AnyPaneEffect(effect)) }
}

extension ConsoleEvent {
    static func activity(_ event: ActivityEvent) -> ConsoleEvent { .pane(AnyPaneEvent(event)) }
}
