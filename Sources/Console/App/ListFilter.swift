import Store
import TerminalKit

/// `/` on every list: the text typed filters the list on screen, live. Long listings (stock,
/// an order queue, the audit log) are filtered by the store, so nothing beyond what was loaded
/// is missed; short ones already loaded whole (a find's matches, backorders) are filtered here.
enum ListFilter {
    /// Whether a row shows under `text`: some cell holds it, in any case.
    static func keeps(_ cells: [String], _ text: String) -> Bool {
        let needle = text.trimmingCharacters(in: .whitespaces).lowercased()
        return needle.isEmpty || cells.contains { $0.lowercased().contains(needle) }
    }

    /// The rows of a loaded list that `text` keeps.
    static func rows<ID>(_ all: [TableState<ID>.Row], _ text: String) -> [TableState<ID>.Row] {
        all.filter { keeps($0.cells, text) }
    }

    /// The filter text of the list on screen, or nil where `/` does not filter.
    static func current(_ state: ConsoleState) -> String? { Panes.current(state).filterText(state) }

    /// What the filter input says while empty.
    static func placeholder(_ state: ConsoleState) -> String { Panes.current(state).filterPlaceholder(state) }

}

extension ConsoleUpdate {
    /// Sets the filter of the list on screen and asks for what it now shows.
    static func applyListFilter(_ text: String, _ state: inout ConsoleState) -> [ConsoleEffect] {
        Panes.current(state).applyFilter(text, &state)
    }
}
