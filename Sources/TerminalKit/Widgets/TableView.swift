public enum TableAlignment: Sendable, Hashable {
    case left, right
}

/// A table column. `width` is in cells; a `flexible` column also shares out
/// whatever width the fixed columns leave (with `width` as its minimum, and `maxWidth`, when
/// given, as its cap: a reference is not 120 cells wide on a wide screen).
///
/// When the columns do not fit, those with the lowest `priority` are hidden first (the
/// header says how many); a table whose columns have no priority is clipped at the right.
public struct TableColumn: Sendable, Hashable {
    public var title: String
    public var width: Int
    public var alignment: TableAlignment
    public var flexible: Bool
    public var maxWidth: Int?
    public var priority: Int?

    public init(title: String, width: Int, alignment: TableAlignment = .left, flexible: Bool = false,
                maxWidth: Int? = nil, priority: Int? = nil) {
        self.title = title; self.width = max(0, width); self.alignment = alignment; self.flexible = flexible
        self.maxWidth = maxWidth.map { max(self.width, $0) }; self.priority = priority
    }
}

/// Draws a `TableState`: a header row, then one line per row, the selection
/// highlighted. Rows not loaded yet show as "…".
public enum TableView {
    /// Data rows that fit in `rect` (one line goes to the header).
    public static func viewportHeight(for rect: Rect) -> Int { max(0, rect.height - 1) }

    /// Column widths for a total width: fixed columns as given, flexible ones
    /// sharing the rest up to their caps; one space between columns. A hidden column gets
    /// width 0 (see `visible`).
    public static func layout(_ columns: [TableColumn], width: Int) -> [Int] {
        let shown = visible(columns, width: width)
        var widths = columns.indices.map { shown.contains($0) ? columns[$0].width : 0 }
        var spare = width - widths.reduce(0, +) - max(0, shown.count - 1) - (shown.count < columns.count ? marker(columns.count - shown.count).count + 1 : 0)
        // Share the spare among the flexible columns, a cell at a time round the ones not yet capped.
        var growing = shown.filter { columns[$0].flexible }
        while spare > 0 && !growing.isEmpty {
            let share = max(1, spare / growing.count)
            for i in growing where spare > 0 {
                let room = (columns[i].maxWidth ?? Int.max) - widths[i]
                let add = min(share, room, spare)
                widths[i] += add
                spare -= add
            }
            growing = growing.filter { widths[$0] < (columns[$0].maxWidth ?? Int.max) }
        }
        return widths
    }

    /// The columns shown at `width`: all that fit, the lowest priority (then the rightmost)
    /// hidden first. Without priorities every column is kept (and clipped at the right).
    public static func visible(_ columns: [TableColumn], width: Int) -> [Int] {
        var shown = Array(columns.indices)
        guard columns.contains(where: { $0.priority != nil }) else { return shown }
        func needed(_ set: [Int]) -> Int {
            set.reduce(0) { $0 + columns[$1].width } + max(0, set.count - 1)
                + (set.count < columns.count ? marker(columns.count - set.count).count + 1 : 0)
        }
        while shown.count > 1 && needed(shown) > width {
            let drop = shown.min { a, b in
                let (pa, pb) = (columns[a].priority ?? 0, columns[b].priority ?? 0)
                return pa != pb ? pa < pb : a > b
            }!
            shown.removeAll { $0 == drop }
        }
        return shown
    }

    /// What the header says about hidden columns: "+2".
    static func marker(_ hidden: Int) -> String { "+\(hidden)" }

    public static func draw<RowID>(state: TableState<RowID>, columns: [TableColumn], in rect: Rect,
                                   buffer: inout Buffer, focused: Bool) {
        guard !rect.isEmpty else { return }
        let widths = layout(columns, width: rect.width)

        // Header; when columns are hidden, its right end says how many (wider shows them).
        let headerStyle = Style(.header, bold: true)
        buffer.fill(rect.row(0), style: headerStyle)
        drawLine(columns.map(\.title), columns: columns, widths: widths, x: rect.x, y: rect.y,
                 maxWidth: rect.width, style: headerStyle, buffer: &buffer)
        let hidden = columns.count - visible(columns, width: rect.width).count
        if hidden > 0 {
            let text = marker(hidden)
            buffer.put(text, x: rect.maxX - DisplayWidth.of(text), y: rect.y, style: Style(.accent, bold: true), maxWidth: DisplayWidth.of(text))
        }

        let height = viewportHeight(for: rect)
        guard height > 0 else { return }
        if state.rowCount == 0 {
            buffer.fill(rect.row(1), style: .plain)
            buffer.put(state.totalRows == nil ? "Loading…" : "(no rows)", x: rect.x + 1, y: rect.y + 1, style: Style(.muted), maxWidth: rect.width - 1)
            for i in 2..<max(2, rect.height) { buffer.fill(rect.row(i), style: .plain) }
            return
        }

        let top = state.effectiveScrollTop(viewportHeight: height)
        for line in 0..<height {
            let index = top + line
            let y = rect.y + 1 + line
            let selected = index == state.selectedIndex && index < state.rowCount
            let style = selected ? (focused ? Style(.selection, reverse: true) : Style(.muted, reverse: true)) : Style(.text)
            buffer.fill(rect.row(1 + line), style: style)
            guard index < state.rowCount else { continue }
            if let row = state.row(at: index) {
                drawLine(row.cells, columns: columns, widths: widths, x: rect.x, y: y,
                         maxWidth: rect.width, style: style, buffer: &buffer)
            } else {
                buffer.put("…", x: rect.x, y: y, style: selected ? style : Style(.muted), maxWidth: rect.width)
            }
        }
    }

    private static func drawLine(_ texts: [String], columns: [TableColumn], widths: [Int], x: Int, y: Int,
                                 maxWidth: Int, style: Style, buffer: inout Buffer) {
        var col = x
        let right = x + maxWidth
        for (i, column) in columns.enumerated() where widths[i] > 0 || column.width == 0 {
            guard col < right else { break }
            let w = widths[i]
            let raw = i < texts.count ? Sanitize.forDisplay(texts[i]) : ""
            let fitted = DisplayWidth.truncate(raw, to: w)
            let text = column.alignment == .right ? DisplayWidth.padLeft(fitted, to: w) : DisplayWidth.pad(fitted, to: w)
            buffer.put(text, x: col, y: y, style: style, maxWidth: right - col)
            col += w + 1
        }
    }
}
