import TerminalKit

/// `o` on a list: the sort column, cycled. Lists loaded whole (the audit log on screen, a
/// find's matches, backorders) sort by any column, numbers as numbers; `O` turns the order
/// round. A list paged through the store (an order queue) turns round between oldest and
/// newest first; the stock listing sorts in the store (`PositionOrder`).
struct ListSort: Equatable {
    /// The column sorted by; nil: the list's own order.
    var column: Int?
    var descending = false

    /// The next column, past the last back to the list's own order.
    mutating func cycle(columns: Int) {
        let next = (column ?? -1) + 1
        column = next < columns ? next : nil
        descending = false
    }

    func apply<ID>(_ rows: [TableState<ID>.Row]) -> [TableState<ID>.Row] {
        guard let column else { return descending ? rows.reversed() : rows }
        let sorted = rows.enumerated().sorted { a, b in
            let (x, y) = (a.element.cells.indices.contains(column) ? a.element.cells[column] : "",
                          b.element.cells.indices.contains(column) ? b.element.cells[column] : "")
            let order = Self.compare(x, y)
            return order != 0 ? (descending ? order > 0 : order < 0) : a.offset < b.offset   // stable
        }
        return sorted.map(\.element)
    }

    /// Numbers (money, counts) compare as numbers, anything else as text in any case.
    static func compare(_ a: String, _ b: String) -> Int {
        if let x = Self.number(a), let y = Self.number(b) { return x < y ? -1 : x > y ? 1 : 0 }
        let (x, y) = (a.lowercased(), b.lowercased())
        return x < y ? -1 : x > y ? 1 : 0
    }

    /// "1,234.50" -> 123450 (hundredths), so money sorts exactly without floating point.
    static func number(_ text: String) -> Int64? {
        let cleaned = text.replacingOccurrences(of: ",", with: "")
        let parts = cleaned.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let whole = Int64(parts[0]) else { return nil }
        var fraction: Int64 = 0
        if parts.count == 2 {
            let digits = String(parts[1].prefix(2)).padding(toLength: 2, withPad: "0", startingAt: 0)
            guard let f = Int64(digits), parts[1].allSatisfy(\.isNumber) else { return nil }
            fraction = f
        }
        return whole * 100 + (cleaned.hasPrefix("-") ? -fraction : fraction)
    }

    /// "sorted by Value ↓" for a header; empty in the list's own order.
    func label(_ titles: [String]) -> String {
        guard let column, titles.indices.contains(column) else { return descending ? "reversed" : "" }
        return "sorted by \(titles[column].isEmpty ? "column \(column + 1)" : titles[column]) \(descending ? "↓" : "↑")"
    }
}

extension ListSort {
    /// `o` takes the next column, `O` turns the order round.
    mutating func change(_ action: ConsoleAction, columns: Int) {
        if action == .sortReverse { descending.toggle() } else { cycle(columns: columns) }
    }
}

extension ConsoleUpdate {
    /// `o` (next column) and `O` (the other way round) on the list on screen.
    static func sortList(_ action: ConsoleAction, _ state: inout ConsoleState) -> [ConsoleEffect] {
        Panes.current(state).sort(action, &state)
    }

    /// The find's matches the filter keeps, in the chosen order.
    static func showMatches(_ state: inout ConsoleState) {
        let rows = state.orders.list.sort.apply(ListFilter.rows(state.orders.list.matchRows, state.orders.list.filter))
        state.orders.list.rows.table.replaceWindow(start: 0, rows: rows, total: rows.count)
    }
}
