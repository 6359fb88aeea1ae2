import TerminalKit

/// A pane of the console, registered in `Panes.controller`: it owns its views' keys, its header and
/// drawing, what its actions do, how it loads and reloads, and how its lists filter, sort and
/// take clicks, and its `:` commands. The app routes to it; the hint bar, help, the prompt
/// and role-based hiding follow from its registrations. Adding a pane is a folder (its state, update, view, this, and its own effects
/// and events as `PaneEffect` and `PaneEvent`) and a line in `Panes.controller`. (Its state is still
/// a field of `ConsoleState`, and its id a case of `Pane`.)
protocol ConsolePane {
    static var pane: Pane { get }
    /// The pane's views (key contexts) with the title help gives each, in help's order.
    static var views: [(context: KeyContext, help: String)] { get }
    /// The view on screen.
    static func context(_ state: ConsoleState) -> KeyContext
    static func bindings(_ context: KeyContext) -> [KeyBinding]
    /// The line under the title: where you are and what is there.
    static func headerLine(_ state: ConsoleState) -> String
    static func draw(_ state: ConsoleState, in rect: Rect, buffer: inout Buffer)
    /// An action its bindings (or the shared navigation keys) asked for.
    static func perform(_ action: ConsoleAction, _ state: inout ConsoleState) -> [ConsoleEffect]
    /// Esc: back one view within the pane; nil when there is nothing to go back from.
    static func back(_ state: inout ConsoleState) -> [ConsoleEffect]?
    /// The pane came to the front: load what it shows if it never was, or changed meanwhile.
    static func shown(_ state: inout ConsoleState) -> [ConsoleEffect]
    /// Another terminal (or this one) changed the database.
    static func databaseChanged(_ state: inout ConsoleState) -> [ConsoleEffect]
    /// Its first data is on screen (for the start-up benchmark).
    static func hasFirstScreenful(_ state: ConsoleState) -> Bool
    /// The hint bar, when the view's bindings do not say it (a text view): nil uses them.
    static func hints(_ state: ConsoleState) -> [(key: String, label: String)]?
    /// `/`: the filter of the list on screen (nil: the view does not filter), what the input
    /// says while empty, and setting it.
    static func filterText(_ state: ConsoleState) -> String?
    static func filterPlaceholder(_ state: ConsoleState) -> String
    static func applyFilter(_ text: String, _ state: inout ConsoleState) -> [ConsoleEffect]
    /// `o`/`O` on the list on screen.
    static func sort(_ action: ConsoleAction, _ state: inout ConsoleState) -> [ConsoleEffect]
    /// A click on the `row`-th line of the list on screen (0: the first under the header).
    static func click(row: Int, _ state: inout ConsoleState) -> [ConsoleEffect]
    /// Its `:` commands.
    static var promptVerbs: [PromptVerb] { get }
}

extension ConsolePane {
    static func back(_ state: inout ConsoleState) -> [ConsoleEffect]? { nil }
    static func hints(_ state: ConsoleState) -> [(key: String, label: String)]? { nil }
    static func filterText(_ state: ConsoleState) -> String? { nil }
    static func filterPlaceholder(_ state: ConsoleState) -> String { "text in any column; Enter keeps, Esc restores" }
    static func applyFilter(_ text: String, _ state: inout ConsoleState) -> [ConsoleEffect] { [] }
    static func sort(_ action: ConsoleAction, _ state: inout ConsoleState) -> [ConsoleEffect] { [] }
    static func click(row: Int, _ state: inout ConsoleState) -> [ConsoleEffect] { [] }
    static var promptVerbs: [PromptVerb] { [] }
}

/// Every pane, in tab order (`Pane` numbers them).
enum Panes {
    /// The registration: a pane's id to its controller (asked on every key and frame, so a
    /// switch rather than a search through a list).
    static func controller(_ pane: Pane) -> any ConsolePane.Type {
        switch pane {
        case .stock: StockPaneController.self
        case .activity: ActivityPaneController.self
        case .orders: OrdersPaneController.self
        case .backorders: BackordersPaneController.self
        }
    }

    static var all: [any ConsolePane.Type] { Pane.allCases.map(controller) }

    /// The pane on screen.
    static func current(_ state: ConsoleState) -> any ConsolePane.Type { controller(state.pane) }
}

/// A view of a pane, for its key bindings: the pane and a name within it.
public struct KeyContext: Hashable, Sendable, CustomStringConvertible {
    public let pane: Pane
    public let view: String
    public init(_ pane: Pane, _ view: String) { self.pane = pane; self.view = view }
    public var description: String { "\(pane.name).\(view)" }
}

/// Selects the `row`-th line of a table on screen; true when it was already selected (a
/// second click, which opens it).
func clickSelects<ID>(_ table: inout TableState<ID>, row: Int, viewportHeight h: Int) -> Bool {
    let index = table.effectiveScrollTop(viewportHeight: h) + row
    guard index < table.rowCount else { return false }
    if index == table.selectedIndex { return true }
    table.select(index: index, viewportHeight: h)
    return false
}
