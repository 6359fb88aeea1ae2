import Domain
import Operations
import TerminalKit

/// The replenishment pane: every suggestion with its arithmetic, or one suggestion's in full.
struct ReplenishmentPaneState {
    var plan: ReplenishmentPlan?
    /// When the plan was read.
    var at = ""
    var stale = true
    var table = TableState<String>()
    var filter = ""
    var sort = ListSort()
    /// Suggestions marked with Space ("SKU@LOCATION"): Enter approves them together.
    var marked: Set<String> = []
    /// Quantities the planner changed (`e`), by suggestion; approving buys these instead.
    var quantities: [String: Int] = [:]
    /// The suggestion shown in full, and how far it is scrolled.
    var detail: String?
    var scroll = 0
    /// What the open form is for: a changed quantity or a rejection's reason, of a suggestion.
    var form: ReplenishmentForm?

    /// The suggestions the action keys apply to: the marked ones, else the one shown or under the cursor.
    var targets: [String] {
        if detail == nil, !marked.isEmpty { return marked.sorted() }
        return (detail ?? table.selectedRow?.id).map { [$0] } ?? []
    }

    func line(_ key: String) -> ReplenishmentLine? { plan?.lines.first { Self.key($0) == key } }

    /// The quantity approving buys: the planner's, else the suggestion's.
    func quantity(_ line: ReplenishmentLine) -> Int { quantities[Self.key(line)] ?? line.suggestedQuantity }

    static func key(_ line: ReplenishmentLine) -> String { "\(line.sku)@\(line.location)" }
}

enum ReplenishmentForm: Equatable {
    case quantity(String)
    case reject(String)
}

extension ConsoleState {
    /// The replenishment pane's state.
    var replenishment: ReplenishmentPaneState {
        get { panes[ReplenishmentPaneController.self] }
        _modify { yield &panes[ReplenishmentPaneController.self] }
    }
}
