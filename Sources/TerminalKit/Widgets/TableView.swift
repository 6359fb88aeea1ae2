public enum TableAlignment: Sendable, Hashable {
    case left, right
}

/// A table column. `width` is in cells; a `flexible` column also shares out
/// whatever width the fixed columns leave (with `width` as its minimum).
public struct TableColumn: Sendable, Hashable {
    public var title: String
    public var width: Int
    public var alignment: TableAlignment
    public var flexible: Bool

    public init(title: String, width: Int, alignment: TableAlignment = .left, flexible: Bool = false) {
        self.title = title; self.width = max(0, width); self.alignment = alignment; self.flexible = flexible
    }
}

/// Draws a `TableState`: a header row, then one line per row, the selection
/// highlighted. Rows not loaded yet show as "…".
public enum TableView {
    /// Data rows that fit in `rect` (one line goes to the header).
    public static func viewportHeight(for rect: Rect) -> Int { max(0, rect.height - 1) }

    /// Column widths for a total width: fixed columns as given, flexible ones
    /// sharing the rest; one space between columns.
    public static func layout(_ columns: [TableColumn], width: Int) -> [Int] {
        var widths = columns.map(\.width)
        let flexible = columns.indices.filter { columns[$0].flexible }
        let used = widths.reduce(0, +) + max(0, columns.count - 1)
        if !flexible.isEmpty && used < width {
            let spare = width - used
            for (n, i) in flexible.enumerated() {
                widths[i] += spare / flexible.count + (n < spare % flexible.count ? 1 : 0)
            }
        }
        return widths
    }

    public static func draw<RowID>(state: TableState<RowID>, columns: [TableColumn], in rect: Rect,
                                   buffer: inout Buffer, focused: Bool) {
        guard !rect.isEmpty else { return }
        let widths = layout(columns, width: rect.width)

        // Header.
        let headerStyle = Style(.header, bold: true)
        buffer.fill(rect.row(0), style: headerStyle)
        drawLine(columns.map(\.title), columns: columns, widths: widths, x: rect.x, y: rect.y,
                 maxWidth: rect.width, style: headerStyle, buffer: &buffer)

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
        for (i, column) in columns.enumerated() {
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
