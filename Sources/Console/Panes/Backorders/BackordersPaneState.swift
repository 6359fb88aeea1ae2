import Store
import TerminalKit

/// The backorders pane: backordered lines grouped by SKU, and one SKU's lines.
struct BackordersPaneState {
    var groups = TableState<String>()
    var groupRows: [BackorderGroup] = []
    /// When the groups were read, for their ages.
    var groupsAt = ""
    /// `/`: the SKUs with the text in some column.
    var filter = ""
    var sort = ListSort()
    var loaded = false
    var stale = true
    /// How far down the SKUs (largest shortfall first) are read.
    var reach = QueueReach()
    var lines: BackorderLinesState?
}

public struct BackorderLineID: Hashable, Sendable {
    public var order: Int64
    public var line: Int
}

struct BackorderLinesState {
    var group: BackorderGroup
    var table = TableState<BackorderLineID>()
    var rows: [BackorderLine] = []
    var at = ""
    /// `/`: the lines with the text in some column.
    var filter = ""
    var sort = ListSort()
    var loaded = false
    var stale = false
    /// How far down the SKU's lines are read.
    var reach = QueueReach()
}

extension ConsoleState {
    /// The backorders pane's state.
    var backorders: BackordersPaneState {
        get { panes[BackordersPaneController.self] }
        _modify { yield &panes[BackordersPaneController.self] }
    }
}
