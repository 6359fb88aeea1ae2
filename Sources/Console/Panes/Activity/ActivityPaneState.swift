import Domain
import Store
import TerminalKit

/// The activity pane: the newest audit entries, filtered and sorted in memory.
struct ActivityPaneState {
    var rows: [AuditRow] = []
    var table = TableState<Int64>()
    var loaded = false
    /// `/`: entries whose user, entity or command starts with it, or whose reason holds it.
    var filter = ""
    /// Entries that arrived above the cursor while the user read further down.
    var unseen = 0
    var sort = ListSort()
}

extension ConsoleState {
    /// The activity pane's state.
    var activity: ActivityPaneState {
        get { panes[ActivityPaneController.self] }
        _modify { yield &panes[ActivityPaneController.self] }
    }
}
