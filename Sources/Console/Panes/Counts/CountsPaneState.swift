import Domain
import Store
import Operations
import TerminalKit

/// The counts pane: the variance queue (the supervisor's), the live counts, and the entry
/// screen where a counter enters what is on the shelves of one location, blind.
struct CountsPaneState {
    var view: CountsView = .variances
    /// The variance queue as read (oldest first, as far as `reach`), and how many wait in all.
    var variances: [CountVarianceRow] = []
    var waiting = 0
    /// Counts open, being counted and waiting for a decision, as read.
    var tasks: [CountTaskSummary] = []
    /// The rows the two lists draw, made once per read: a filter key only filters them.
    var varianceRows: [TableState<String>.Row] = []
    var taskRows: [TableState<Int64>.Row] = []
    var stale = true
    /// How far down the queue and the counts list are read.
    var reach = QueueReach()
    var queue = TableState<String>()
    var taskTable = TableState<Int64>()
    var filter = ""
    var sort = ListSort()
    /// Variances marked with Space ("count:SKU:bucket"): a and x decide them together.
    var marked: Set<String> = []
    /// The entry screen, once a location is chosen.
    var entry: CountEntryState?
    /// What the open form is for.
    var form: CountsForm?

    /// The variances the decision keys apply to: the marked ones, else the one under the cursor.
    var targets: [CountVarianceRow] {
        let keys = marked.isEmpty ? (queue.selectedRow.map { [$0.id] } ?? []) : marked.sorted()
        return keys.compactMap { key in variances.first { Self.key($0) == key } }
    }

    static func key(_ v: CountVarianceRow) -> String { CountsPane.entryID(task: v.task, sku: v.line.sku, bucket: v.line.bucket) }
}

enum CountsView: Equatable {
    case variances, tasks, entry
}

enum CountsForm: Equatable {
    /// The location a counter is at.
    case location
    /// A line counted on the entry screen.
    case countedLine
    /// Why the picked variances are recounted.
    case rejection([CountPick])
}

/// A counter at one location: the counts being counted there and their lines, blind.
struct CountEntryState {
    var location: String
    var tasks: [CountTaskRecord] = []
    var table = TableState<String>()

    /// The counts whose every line waiting for a figure has one: `s` completes these.
    var complete: [CountTaskRecord] {
        tasks.filter { $0.state == .counting && $0.lines.contains { $0.state == .pending }
                       && $0.lines.allSatisfy { $0.state != .pending || $0.counted != nil } }
    }

    /// Lines still without a figure, over every count here.
    var uncounted: Int { tasks.reduce(0) { $0 + $1.lines.filter { $0.state == .pending && $0.counted == nil }.count } }
}

extension ConsoleState {
    /// The counts pane's state.
    var counts: CountsPaneState {
        get { panes[CountsPaneController.self] }
        _modify { yield &panes[CountsPaneController.self] }
    }
}
