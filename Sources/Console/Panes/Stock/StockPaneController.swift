import Domain
import Store
import Operations
import TerminalKit

extension Pane {
    public static let stock = Pane("stock", title: "Stock", controller: StockPaneController.self)
}

extension KeyContext {
    /// The stock listing (and a SKU's drill-down over it).
    static let stock = KeyContext(.stock, "list")
}

extension KeyMap {
    public static let stock: [KeyBinding] = [
        KeyBinding(keys: [.char("/")], label: "/", action: .filter, help: "Filter by SKU code or name", hint: "filter"),
        KeyBinding(keys: [.enter], label: "Enter", action: .open, help: "Drill into the SKU: balances everywhere, recent moves", hint: "open"),
        KeyBinding(keys: [.char("l")], label: "l", action: .cycleLocation, help: "Next location filter", hint: "location"),
        KeyBinding(keys: [.char("s")], label: "s", action: .cycleStatus, help: "Next status filter", hint: "status"),
        KeyBinding(keys: [.char("c")], label: "c", action: .clearFilters, help: "Clear filters", hint: nil),
        KeyBinding(keys: [.char("m")], label: "m", action: .moveStock,
                   help: "Move stock of the SKU here: adjust, transfer, change status", hint: "move", command: .adjustStock),
        KeyBinding(keys: [.char("u")], label: "u", action: .releaseQuarantine,
                   help: "Release quarantined units after inspection (asks first)", hint: "release",
                   command: .changeStockStatus),
    ] + listSort
}

/// The stock pane: SKU x location rows with a column per status, and a SKU's drill-down.
enum StockPaneController: ConsolePane {
    static let pane = Pane.stock
    static func initialState() -> StockPaneState { StockPaneState() }
    static let summary = "Stock pane"
    static let views: [(context: KeyContext, help: String)] = [(.stock, "Stock pane")]
    static func context(_ state: ConsoleState) -> KeyContext { .stock }
    static func bindings(_ context: KeyContext) -> [KeyBinding] { KeyMap.stock }
    static func headerLine(_ state: ConsoleState) -> String { StockPane.filterLine(state) }
    static func draw(_ state: ConsoleState, in rect: Rect, buffer: inout Buffer) { StockPane.draw(state, in: rect, buffer: &buffer) }
    static func hasFirstScreenful(_ state: ConsoleState) -> Bool { state.hasStockRows }
    static func shown(_ state: inout ConsoleState) -> [ConsoleEffect] { [] }
    /// The stock's first page and its count load even when the console opens on another pane.
    static func started(_ state: inout ConsoleState) -> [ConsoleEffect] {
        ConsoleUpdate.requestStock(&state, force: state.pane != .stock) + [ConsoleUpdate.count(state)]
    }
    static func resized(_ state: inout ConsoleState) -> [ConsoleEffect] { ConsoleUpdate.requestStock(&state) }

    static func hints(_ state: ConsoleState) -> [(key: String, label: String)]? {
        guard state.stock.detail != nil else { return nil }
        let move: [(key: String, label: String)] = (AccessPolicy.allows(state.role, .adjustStock) ? [("m", "move")] : [])
            + (AccessPolicy.allows(state.role, .changeStockStatus) ? [("u", "release")] : [])
        return [("Esc", "back"), ("↑↓", "scroll")] + move + [("?", "help"), ("q", "quit")]
    }

    /// The stock form was submitted: the change it asks for, planned; or the form again, saying
    /// what is wrong.
    static func submitForm(_ form: FormDialog, _ state: inout ConsoleState) -> [ConsoleEffect] {
        guard let open = state.stock.openForm else { return [] }
        switch open.kind.change(sku: open.sku, form) {
        case .failure(let error):
            state.mode = .form(form, owner: .stock)
            ConsoleUpdate.flash(&state, error.message, kind: .error)
            return []
        case .success(let change):
            state.stock.openForm = nil
            return ConsoleUpdate.startStockChange(change, &state)
        }
    }

    static func perform(_ action: ConsoleAction, _ state: inout ConsoleState) -> [ConsoleEffect] {
        let h = state.viewportHeight
        if action == .moveStock {
            guard let sku = state.stock.detail?.sku ?? state.stock.table.selectedRow?.id.sku else { return [] }
            let location = state.stock.detail.map { $0.location ?? "" } ?? state.stock.table.selectedRow?.id.location ?? ""
            state.mode = .pick(.stockChange(sku: sku, location: location))
            return []
        }
        if action == .releaseQuarantine { return releaseQuarantine(&state) }
        if var detail = state.stock.detail {
            ConsoleUpdate.scroll(&detail.scroll, action, page: h, lines: StockPane.detailLines(detail).count, height: state.tableRect.height)
            state.stock.detail = detail
            return []
        }
        switch action {
        case .open:
            guard let key = state.stock.table.selectedRow?.id else { return [] }
            state.stock.detail = DetailState(sku: key.sku, location: key.location)
            return [.loadDetail(sku: key.sku)]
        case .cycleStatus:
            let all: [StockStatus?] = [nil] + StockStatus.allCases
            let next = all[((all.firstIndex(of: state.stock.filter.status) ?? 0) + 1) % all.count]
            return ConsoleUpdate.setFilter(&state) { $0.status = next }
        case .cycleLocation:
            let all: [String?] = [nil] + state.locations
            let next = all[((all.firstIndex(of: state.stock.filter.location) ?? 0) + 1) % all.count]
            return ConsoleUpdate.setFilter(&state) { $0.location = next }
        case .clearFilters:
            return ConsoleUpdate.setFilter(&state) { $0 = PositionFilter() }
        case .end where state.stock.table.totalRows == nil:
            // Not counted yet (or too many to count): count exactly now, then jump.
            state.stock.endPending = true
            return [.countStock(generation: state.stock.generation, filter: state.stock.filter, cap: nil)]
        default:
            ConsoleUpdate.moveTable(&state.stock.table, action, h)
            return ConsoleUpdate.requestStock(&state)
        }
    }

    /// `u`: the quarantined units of the row (or, in a drill-down, of its location, else the
    /// first location holding some) into the release form.
    static func releaseQuarantine(_ state: inout ConsoleState) -> [ConsoleEffect] {
        let reason = "released after inspection"
        if let detail = state.stock.detail {
            guard let positions = detail.data?.positions else { return [] }
            let held = positions.filter { $0.position.quarantine > 0 }
            guard let row = held.first(where: { $0.locationCode == detail.location }) ?? held.first else {
                ConsoleUpdate.flash(&state, "No \(detail.sku) is in quarantine anywhere.", kind: .error)
                return []
            }
            return ConsoleUpdate.openQuarantineRelease(sku: detail.sku, location: row.locationCode, quantity: row.position.quarantine,
                                                       reason: reason, &state)
        }
        guard let row = state.stock.table.selectedRow,
              let column = StockPane.columns.firstIndex(where: { $0.title == "Quar" }), let units = Int(row.cells[column]) else { return [] }
        return ConsoleUpdate.openQuarantineRelease(sku: row.id.sku, location: row.id.location, quantity: units, reason: reason, &state)
    }

    static func back(_ state: inout ConsoleState) -> [ConsoleEffect]? {
        guard let detail = state.stock.detail else { return nil }
        state.stock.detail = nil
        if let pane = detail.returnPane { state.pane = pane; return ConsoleUpdate.paneShown(&state) }   // back to the order
        return ConsoleUpdate.requestStock(&state)
    }

    static func databaseChanged(_ state: inout ConsoleState) -> [ConsoleEffect] {
        state.stock.inFlight = nil
        var effects = ConsoleUpdate.requestStock(&state, force: true)
        effects.append(ConsoleUpdate.count(state))
        if let detail = state.stock.detail { effects.append(.loadDetail(sku: detail.sku)) }
        return effects
    }

    /// `o`: the next column (after Inbound, back to SKU code order); `O`: the other way round.
    static func sort(_ action: ConsoleAction, _ state: inout ConsoleState) -> [ConsoleEffect] {
        guard state.stock.detail == nil else { return [] }
        return ConsoleUpdate.setFilter(&state) { filter in
            if action == .sortReverse { filter.order.descending.toggle(); return }
            let columns = PositionOrder.Column.allCases
            filter.order = PositionOrder(columns[(filter.order.column.rawValue + 1) % columns.count])
        }
    }

    static func filterText(_ state: ConsoleState) -> String? { state.stock.filter.text }
    static func filterPlaceholder(_ state: ConsoleState) -> String { "SKU code or name; Enter keeps, Esc restores" }
    static func applyFilter(_ text: String, _ state: inout ConsoleState) -> [ConsoleEffect] {
        ConsoleUpdate.setFilter(&state) { $0.text = text }
    }

    static var promptVerbs: [PromptVerb] {
        [PromptVerb(names: ["loc", "location"], usage: ":loc CODE", help: "Show one location (:loc all for every one)") { rest in
            guard rest.count == 1 else { return .failure(PromptError(":loc needs one location code, or all")) }
            return .success(.pane(StockPrompt.location(rest[0].lowercased() == "all" ? nil : rest[0])))
         },
         PromptVerb(names: ["status"], usage: ":status NAME", help: "Only rows holding that status (:status all)") { rest in
            guard rest.count == 1 else { return .failure(PromptError(":status needs one of \(StockStatus.spellings), or all")) }
            if rest[0].lowercased() == "all" { return .success(.pane(StockPrompt.status(nil))) }
            guard let s = StockStatus(parsing: rest[0]) else {
                return .failure(PromptError("'\(rest[0])' is not a status; use \(StockStatus.spellings)"))
            }
            return .success(.pane(StockPrompt.status(s)))
         },
         PromptVerb(names: ["find", "f"], usage: ":find TEXT", help: "Filter by SKU code or name") { rest in
            .success(.pane(StockPrompt.find(rest.joined(separator: " "))))
         },
         PromptVerb(names: ["adjust"], usage: ":adjust …", help: "SKU LOC STATUS ±QTY REASON: adjust stock") { rest in
            guard rest.count >= 5 else { return .failure(PromptError("usage: :adjust SKU LOC STATUS ±QTY REASON")) }
            guard let status = StockStatus(parsing: rest[2]) else {
                return .failure(PromptError("'\(rest[2])' is not a status; use \(StockStatus.spellings)"))
            }
            guard let qty = Int(rest[3]), qty != 0 else { return .failure(PromptError("'\(rest[3])' is not a non-zero whole number")) }
            return .success(.pane(StockPrompt.change(.adjust(sku: rest[0], location: rest[1], status: status, delta: qty,
                                                              reason: rest[4...].joined(separator: " ")))))
         }]
    }

    static func click(row: Int, _ state: inout ConsoleState) -> [ConsoleEffect] {
        guard state.stock.detail == nil else { return [] }
        if clickSelects(&state.stock.table, row: row, viewportHeight: state.viewportHeight) { return perform(.open, &state) }
        return ConsoleUpdate.requestStock(&state)
    }
}

/// The stock pane's `:` commands, applied to the console when run.
enum StockPrompt: PaneEvent {
    /// `:loc CODE` (nil: every location).
    case location(String?)
    /// `:status NAME` (nil: every status).
    case status(StockStatus?)
    /// `:find TEXT`.
    case find(String)
    /// `:adjust …`: planned and confirmed as `m` would.
    case change(StockChange)

    func apply(_ state: inout ConsoleState) -> [ConsoleEffect] {
        if case .change(let change) = self { return ConsoleUpdate.startStockChange(change, &state) }
        if case .location(let code?) = self, !state.locations.contains(code) {
            ConsoleUpdate.flash(&state, "Unknown location \(code)", kind: .error)
            return []
        }
        state.pane = .stock
        state.stock.detail = nil
        return ConsoleUpdate.setFilter(&state) { filter in
            switch self {
            case .location(let code): filter.location = code
            case .status(let status): filter.status = status
            case .find(let text): filter.text = text
            case .change: break
            }
        }
    }
}
