import Domain
import Store
import Operations
import TerminalKit

/// The stock pane's part of the update: its paged rows and filter, and stock changes.
extension ConsoleUpdate {
    /// A stock change, refused before anything is asked: the role and unknown locations at
    /// once, the rest (SKU, balances) from Operations' plan; a plan that passes is confirmed.
    static func startStockChange(_ change: StockChange, _ state: inout ConsoleState) -> [ConsoleEffect] {
        if let refusal = AccessPolicy.refusal(state.role, change.command, user: state.user) {
            flash(&state, refusal, kind: .error)
            return []
        }
        let places: [String] = switch change {
        case let .adjust(_, location, _, _, _), let .status(_, location, _, _, _, _): [location]
        case let .transfer(_, from, to, _, _, _): [from, to]
        }
        if let unknown = places.first(where: { !state.locations.contains($0) }) {
            flash(&state, "Unknown location \(unknown)", kind: .error)
            return []
        }
        return [.planStockChange(change)]
    }

    // MARK: Stock data

    static func setFilter(_ state: inout ConsoleState, _ change: (inout PositionFilter) -> Void) -> [ConsoleEffect] {
        var filter = state.stock.filter
        change(&filter)
        guard filter != state.stock.filter else { return [] }
        state.stock.filter = filter
        state.stock.generation += 1
        state.stock.table.reset()
        state.stock.inFlight = nil
        state.stock.atLeast = nil
        state.stock.endPending = false
        return requestStock(&state, force: true) + [count(state)]
    }

    /// Counts the stock filter's rows (up to the cap).
    static func count(_ state: ConsoleState) -> ConsoleEffect {
        .countStock(generation: state.stock.generation, filter: state.stock.filter, cap: state.countCap)
    }

    /// Asks for the rows the viewport needs, unless they are loaded or already on their way.
    static func requestStock(_ state: inout ConsoleState, force: Bool = false) -> [ConsoleEffect] {
        guard state.pane == .stock || force, state.viewportHeight > 0 else { return [] }
        let table = state.stock.table
        guard let range = table.rangeToLoad(viewportHeight: state.viewportHeight, force: force) else { return [] }
        if let inFlight = state.stock.inFlight, !force, inFlight.range == range { return [] }
        let id = state.stock.nextRequestID
        state.stock.nextRequestID += 1
        state.stock.inFlight = (id, range)
        // After a change elsewhere the old total may be wrong: read from the top until recounted.
        return [.loadStock(StockQuery(requestID: id, generation: state.stock.generation, filter: state.stock.filter,
                                      range: range, anchor: force ? nil : table.loadedRow(nearest: range.lowerBound),
                                      knownTotal: force ? nil : table.totalRows))]
    }

    static func receive(_ page: StockPage, _ state: inout ConsoleState) -> [ConsoleEffect] {
        guard let inFlight = state.stock.inFlight, inFlight.id == page.requestID else { return [] }
        state.stock.inFlight = nil
        state.stock.table.replaceWindow(start: page.start, rows: page.rows.map { ($0.key, StockPane.cells($0)) },
                                        total: page.total ?? state.stock.table.totalRows)
        return requestStock(&state)
    }

    /// The count arrived: exact (the table knows its end; a pending End jumps there), or capped
    /// ("10000+ rows": any exact total from before is stale now).
    static func receiveCount(generation: Int, total: Int, exact: Bool, _ state: inout ConsoleState) -> [ConsoleEffect] {
        guard generation == state.stock.generation else { return [] }
        guard exact else {
            state.stock.atLeast = total
            let table = state.stock.table
            if table.totalRows != nil { state.stock.table.replaceWindow(start: table.windowStart, rows: table.rows, total: nil) }
            return requestStock(&state)
        }
        state.stock.atLeast = nil
        let table = state.stock.table
        state.stock.table.replaceWindow(start: table.windowStart, rows: table.rows, total: total)
        if state.stock.endPending {
            state.stock.endPending = false
            state.stock.table.end(viewportHeight: state.viewportHeight)
        }
        return requestStock(&state)
    }
}

extension ConsoleUpdate {
    /// Quarantine released after inspection: the status form with the units filled in (To may
    /// be changed to damaged), refused at once when the role may not or nothing is there.
    static func openQuarantineRelease(sku: String, location: String, quantity: Int, reason: String,
                                      _ state: inout ConsoleState) -> [ConsoleEffect] {
        if let refusal = AccessPolicy.refusal(state.role, .changeStockStatus, user: state.user) {
            flash(&state, refusal, kind: .error)
            return []
        }
        guard quantity > 0 else {
            flash(&state, "No \(sku) is in quarantine at \(location).", kind: .error)
            return []
        }
        state.stock.openForm = OpenStockForm(kind: .status, sku: sku)
        state.mode = .form(StockForm.quarantineRelease(sku: sku, location: location, quantity: quantity, reason: reason), owner: .stock)
        return []
    }
}
