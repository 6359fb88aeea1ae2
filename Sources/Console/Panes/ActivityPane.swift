import Store
import TerminalKit

/// The audit log, newest first: who changed what and why, from any terminal.
enum ActivityPane {
    static let limit = 500

    static let columns = [
        TableColumn(title: "When", width: 16),
        TableColumn(title: "Who", width: 8),
        TableColumn(title: "Role", width: 10),
        TableColumn(title: "Command", width: 14),
        TableColumn(title: "Entity", width: 22),
        TableColumn(title: "Why", width: 10, flexible: true),
    ]

    static func cells(_ row: AuditRow) -> [String] {
        [String(row.at.prefix(16)).replacingOccurrences(of: "T", with: " "), row.actor, row.role, row.command, row.entity, row.reason]
    }

    static func draw(_ state: ConsoleState, in rect: Rect, buffer: inout Buffer) {
        TableView.draw(state: state.activity.table, columns: columns, in: rect, buffer: &buffer, focused: true)
    }
}
