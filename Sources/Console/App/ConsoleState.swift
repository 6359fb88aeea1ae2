import Domain
import Store
import Operations
import TerminalKit

/// What has the keyboard: the pane itself, or something drawn over it.
enum InputMode {
    case normal
    case filter(TextInput, previous: String)
    case prompt(TextInput)
    case help(HelpOverlay)
    /// A change waits for y/n: the dialog says exactly what will happen.
    case confirm(ConfirmDialog, ConsoleCommand)
    /// Typing what order to find: a number, an external reference or a customer.
    case findOrder(TextInput)
    /// Choosing why (a hold or cancel reason), with an optional note.
    case pick(ReasonPicker)
    /// The refusals of an action, listed (more than fit in a flash).
    case report(HelpOverlay)
    /// A short form a pane opened (a stock change, a received line): the pane reads it on
    /// Enter (`ConsolePane.submitForm`).
    case form(FormDialog, owner: Pane)
    /// `q` with something unfinished (marked orders, an open question): quit only on y; n goes
    /// back to what was open.
    indirect case confirmQuit(ConfirmDialog, previous: InputMode)

    /// Typing happens on the message line (a filter, the `:` prompt, a find).
    var holdsMessageLine: Bool {
        switch self {
        case .filter, .prompt, .findOrder: true
        default: false
        }
    }
}

/// The whole console state. `update` changes it, `view` draws it; nothing else does either.
public struct ConsoleState {
    public var width: Int
    public var height: Int
    public var pane: Pane = .first
    var mode: InputMode = .normal
    /// Each pane's own state (`ConsolePane.State`).
    var panes = PaneStates()
    var flash: FlashMessage?
    /// Lines run at the `:` prompt, for ↑/↓.
    var promptHistory = PromptHistory()
    var tick = 0
    public var user: String
    public var role: Role
    public var databasePath: String
    /// Location codes, for cycling the location filter.
    public var locations: [String]
    var lastAuditID: Int64 = 0
    /// Counts stop here so that a broad filter costs no more than a narrow one; End asks for
    /// the exact figure.
    public var countCap = 10_000
    /// Alerts holding now that nobody has acknowledged, as the dashboard last read them (the
    /// title line's badge).
    var openAlerts: Int?
    public internal(set) var quitRequested = false

    /// Smallest screen the console lays out; below it a "too small" screen shows and keys are ignored.
    public static let minWidth = 50
    public static let minHeight = 10

    public init(width: Int, height: Int, user: String, role: Role, databasePath: String, locations: [String],
                notice: String? = nil) {
        self.width = width; self.height = height; self.user = user; self.role = role
        self.databasePath = databasePath; self.locations = locations
        if let notice { flash = FlashMessage(notice, expiresAt: 40) }
    }

    var isTooSmall: Bool { width < Self.minWidth || height < Self.minHeight }

    /// The pane the console opened on has its first data on screen.
    public var hasFirstScreenful: Bool { Panes.current(self).hasFirstScreenful(self) }

    // Screen layout: title, filter line, table (header + rows), message line, hint bar.
    var tableRect: Rect { Rect(x: 0, y: 2, width: width, height: max(0, height - 4)) }
    var viewportHeight: Int { TableView.viewportHeight(for: tableRect) }
}
