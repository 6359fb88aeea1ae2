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

    static func headerLine(_ state: ConsoleState) -> String {
        let a = state.activity
        var line = "Audit log, newest first (\(a.rows.count) shown"
            + (a.rows.count >= limit ? ", the newest \(limit)" : "") + ")"
        if !a.filter.isEmpty { line += " · matching “\(a.filter)”" }
        let sort = a.sort.label(columns.map(\.title))
        if !sort.isEmpty { line += " · " + sort }
        if a.unseen > 0 { line += " · \(a.unseen) new above (Home)" }
        return line
    }

    static func draw(_ state: ConsoleState, in rect: Rect, buffer: inout Buffer) {
        TableView.draw(state: state.activity.table, columns: columns, in: rect, buffer: &buffer, focused: true)
    }
}

extension ConsoleUpdate {
    /// New entries arrive: a reader at the top sees them; one further down keeps their place,
    /// and the header counts what arrived above.
    static func receiveActivity(_ rows: [AuditRow], text: String, _ state: inout ConsoleState) -> [ConsoleEffect] {
        guard text == state.activity.filter else { return [] }   // a newer filter is on its way
        let previousNewest = state.activity.rows.first?.id
        let reading = state.activity.loaded && state.activity.table.selectedIndex > 0 ? state.activity.table.selectedID : nil
        state.activity.rows = rows
        state.activity.loaded = true
        showActivity(&state)
        if let reading, let previousNewest, state.activity.table.select(id: reading, viewportHeight: state.viewportHeight) {
            state.activity.unseen += rows.prefix { $0.id > previousNewest }.count
        } else {
            state.activity.table.home(viewportHeight: state.viewportHeight)
            state.activity.unseen = 0
        }
        return []
    }

    /// The loaded entries in the chosen order.
    static func showActivity(_ state: inout ConsoleState) {
        let rows = state.activity.sort.apply(state.activity.rows.map { ($0.id, ActivityPane.cells($0)) })
        state.activity.table.replaceWindow(start: 0, rows: rows, total: rows.count)
    }
}
