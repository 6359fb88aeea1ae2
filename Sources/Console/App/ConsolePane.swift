import Domain
import TerminalKit

/// A pane of the console, registered in `Panes.registered`: it owns its state (kept for it in
/// `ConsoleState.panes`), its views' keys, its header and drawing, what its actions do, how it
/// loads and reloads, how its lists filter, sort and take clicks, and its `:` commands. The app
/// routes to it; the pane keys, the title line, the hint bar, help, the prompt and role-based
/// hiding follow from its registrations. Adding a pane is a folder (its `Pane`, state, update,
/// view, this, and its own effects and events as `PaneEffect` and `PaneEvent`) and a line in
/// `Panes.registered`.
protocol ConsolePane: SendableMetatype {
    /// What the pane keeps between frames.
    associatedtype State
    static var pane: Pane { get }
    /// Its state before anything loaded.
    static func initialState() -> State
    /// How the pane key's help describes it ("Orders pane (queues by state and by hold)").
    static var summary: String { get }
    /// The roles whose work is here: the console opens on it for them.
    static var homeRoles: Set<Role> { get }
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
    /// What it loads when the console opens, even behind another pane.
    static func started(_ state: inout ConsoleState) -> [ConsoleEffect]
    /// The terminal changed size: what a bigger viewport now needs.
    static func resized(_ state: inout ConsoleState) -> [ConsoleEffect]
    /// What `q` would lose (marked rows), each a sentence; empty when nothing.
    static func unfinishedWork(_ state: ConsoleState) -> [String]
    /// Enter in a form the pane opened (`InputMode.form`): what it asks for, or the form again
    /// (the pane sets it back, with a sentence saying what is wrong).
    static func submitForm(_ form: FormDialog, _ state: inout ConsoleState) -> [ConsoleEffect]
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
    static var homeRoles: Set<Role> { [] }
    static func started(_ state: inout ConsoleState) -> [ConsoleEffect] { [] }
    static func resized(_ state: inout ConsoleState) -> [ConsoleEffect] { [] }
    static func unfinishedWork(_ state: ConsoleState) -> [String] { [] }
    static func submitForm(_ form: FormDialog, _ state: inout ConsoleState) -> [ConsoleEffect] { [] }
}

/// Every pane, in tab order (the pane keys `1`–`9` and `0` follow it).
enum Panes {
    /// The registration: one line per pane.
    static let registered: [Pane] = [.stock, .activity, .orders, .backorders, .inbound, .replenishment, .counts, .returns, .finance, .dashboard]

    /// The key of the pane at `index`: 1–9, then 0 for the tenth.
    static func key(_ index: Int) -> String { index == 9 ? "0" : String(index + 1) }

    static var all: [any ConsolePane.Type] { registered.map(\.controller) }

    static func controller(_ pane: Pane) -> any ConsolePane.Type { pane.controller }

    /// The pane on screen.
    static func current(_ state: ConsoleState) -> any ConsolePane.Type { state.pane.controller }

    /// Its place in the tab order: the number its key and its title-line label show, less one.
    static func index(of pane: Pane) -> Int { registered.firstIndex(of: pane) ?? 0 }
}

/// A pane's identity: the name `qm console --pane` takes, its title, and its controller. Each
/// pane declares its own in its folder (`extension Pane { static let stock = ... }`).
public struct Pane: Hashable, Sendable, CustomStringConvertible {
    public let name: String
    let title: String
    let controller: any ConsolePane.Type

    init(_ name: String, title: String, controller: any ConsolePane.Type) {
        self.name = name; self.title = title; self.controller = controller
    }

    public static func == (a: Pane, b: Pane) -> Bool { a.name == b.name }
    public func hash(into hasher: inout Hasher) { hasher.combine(name) }
    public var description: String { name }

    /// The pane named on the command line (`qm console --pane orders`).
    public init?(name: String) {
        guard let pane = Panes.registered.first(where: { $0.name == name.lowercased() }) else { return nil }
        self = pane
    }
    public static var names: String { Panes.registered.map(\.name).joined(separator: ", ") }
    /// The first pane, where the console opens when nothing else is asked for.
    public static var first: Pane { Panes.registered[0] }

    /// Where a role's work is (the pane that names it among its `homeRoles`), else the first.
    public static func home(for role: Role) -> Pane {
        Panes.registered.first { $0.controller.homeRoles.contains(role) } ?? first
    }
}

/// Each pane's state, held for it by the console and reached through the pane's controller
/// (`state.panes[StockPaneController.self]`, which the pane's folder spells `state.stock`).
struct PaneStates {
    private var states: [ObjectIdentifier: Any] = [:]

    subscript<P: ConsolePane>(_ pane: P.Type) -> P.State {
        get { states[ObjectIdentifier(pane)].map { $0 as! P.State } ?? P.initialState() }
        // Taken out while it changes, so the change is made in place rather than on a copy.
        _modify {
            var state = states.removeValue(forKey: ObjectIdentifier(pane)).map { $0 as! P.State } ?? P.initialState()
            defer { states[ObjectIdentifier(pane)] = state }
            yield &state
        }
    }
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
