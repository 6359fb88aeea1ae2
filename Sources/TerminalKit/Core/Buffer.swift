/// One terminal cell.
public struct Cell: Hashable, Sendable {
    /// One grapheme cluster, or "" for the right half of a wide character.
    public var text: String
    public var style: Style

    public init(text: String, style: Style = .plain) {
        self.text = text; self.style = style
    }

    public static let blank = Cell(text: " ")

    /// The right half of a wide character: drawn by its left neighbour.
    public var isContinuation: Bool { text.isEmpty }
}

/// An off-screen grid of cells that widgets draw into and backends present.
///
/// Invariant: a continuation cell ("") only ever sits right after the cell
/// holding its wide character, and never in column 0. Every write keeps it.
public struct Buffer: Sendable, Equatable {
    public let width: Int
    public let height: Int
    private var cells: [Cell]

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: .blank, count: self.width * self.height)
    }

    /// The cell at (x, y); a blank cell outside the buffer.
    public subscript(x x: Int, y y: Int) -> Cell {
        guard x >= 0, x < width, y >= 0, y < height else { return .blank }
        return cells[y * width + x]
    }

    public var bounds: Rect { Rect(x: 0, y: 0, width: width, height: height) }

    // MARK: Writing text

    /// Writes `text` from (x, y) onwards on one row and returns the number of
    /// cells written. The text is sanitised first. Writing stops at the buffer
    /// edge and after `maxWidth` cells; cells left of column 0 are skipped. A wide
    /// character cut by either edge is drawn as a space.
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, style: Style = .plain, maxWidth: Int? = nil) -> Int {
        guard y >= 0, y < height, width > 0 else { return 0 }
        var right = width
        if let m = maxWidth {
            guard m > 0 else { return 0 }
            right = Buffer.end(of: x, length: m, limit: right)
        }
        guard x < right else { return 0 }

        var col = x
        var written = 0
        for ch in Sanitize.forDisplay(text) {
            if col >= right { break }
            let w = DisplayWidth.of(ch)
            if w == 0 { continue }   // lone zero-width clusters have nothing to attach to
            if col + w > right {     // straddles the right edge
                if col >= 0 { setNarrow(col, y, Cell(text: " ", style: style)); written += 1 }
                break
            }
            if col < 0 {
                if col + w > 0 { setNarrow(0, y, Cell(text: " ", style: style)); written += 1 }
                col += w
                continue
            }
            if w == 1 {
                setNarrow(col, y, Cell(text: String(ch), style: style))
            } else {
                setWide(col, y, Cell(text: String(ch), style: style))
            }
            written += w
            col += w
        }
        return written
    }

    // MARK: Filling and lines

    /// Fills a rectangle with spaces in `style` (clipped to the buffer).
    public mutating func fill(x: Int, y: Int, width w: Int, height h: Int, style: Style = .plain) {
        let r = Rect(x: x, y: y, width: w, height: h).intersection(bounds)
        guard !r.isEmpty else { return }
        let space = Cell(text: " ", style: style)
        for row in r.y..<r.maxY {
            for col in r.x..<r.maxX { setNarrow(col, row, space) }
        }
    }

    public mutating func fill(_ rect: Rect, style: Style = .plain) {
        fill(x: rect.x, y: rect.y, width: rect.width, height: rect.height, style: style)
    }

    /// A horizontal run of `char` (a one-cell character), clipped.
    public mutating func hline(x: Int, y: Int, width w: Int, style: Style = .plain, char: Character = "─") {
        guard y >= 0, y < height, w > 0 else { return }
        let cell = Cell(text: String(char), style: style)
        let start = max(0, x)
        let end = Buffer.end(of: x, length: w, limit: width)
        guard start < end else { return }
        for col in start..<end { setNarrow(col, y, cell) }
    }

    /// A vertical run of `char` (a one-cell character), clipped.
    public mutating func vline(x: Int, y: Int, height h: Int, style: Style = .plain, char: Character = "│") {
        guard x >= 0, x < width, h > 0 else { return }
        let cell = Cell(text: String(char), style: style)
        let start = max(0, y)
        let end = Buffer.end(of: y, length: h, limit: height)
        guard start < end else { return }
        for row in start..<end { setNarrow(x, row, cell) }
    }

    /// A box outline ┌─┐│└─┘ with an optional title in the top edge. Boxes
    /// smaller than 2×2 are not drawn. The inside is left untouched.
    public mutating func box(x: Int, y: Int, width w: Int, height h: Int, style: Style = Style(.border),
                             title: String? = nil, titleStyle: Style? = nil) {
        guard w >= 2, h >= 2 else { return }
        let right = x + w - 1, bottom = y + h - 1
        hline(x: x + 1, y: y, width: w - 2, style: style)
        hline(x: x + 1, y: bottom, width: w - 2, style: style)
        vline(x: x, y: y + 1, height: h - 2, style: style)
        vline(x: right, y: y + 1, height: h - 2, style: style)
        put("┌", x: x, y: y, style: style)
        put("┐", x: right, y: y, style: style)
        put("└", x: x, y: bottom, style: style)
        put("┘", x: right, y: bottom, style: style)
        if let title, !title.isEmpty, w >= 5 {
            let text = " " + DisplayWidth.truncate(Sanitize.forDisplay(title), to: w - 4) + " "
            put(text, x: x + 1, y: y, style: titleStyle ?? Style(.title, bold: true), maxWidth: w - 2)
        }
    }

    public mutating func box(_ rect: Rect, style: Style = Style(.border), title: String? = nil, titleStyle: Style? = nil) {
        box(x: rect.x, y: rect.y, width: rect.width, height: rect.height, style: style, title: title, titleStyle: titleStyle)
    }

    // MARK: Reading back

    /// Plain-text rows, trailing spaces kept; a wide character counts once.
    public func lines() -> [String] {
        (0..<height).map { row in
            var line = ""
            for col in 0..<width { line += cells[row * width + col].text }
            return line
        }
    }

    /// Rows joined with newlines, each right-trimmed: handy for test snapshots.
    public func snapshot() -> String {
        lines().map { line in
            var s = Substring(line)
            while s.last == " " { s = s.dropLast() }
            return String(s)
        }.joined(separator: "\n")
    }

    /// min(start + length, limit) without overflowing for extreme arguments.
    private static func end(of start: Int, length: Int, limit: Int) -> Int {
        let (room, overflow) = limit.subtractingReportingOverflow(start)
        return !overflow && length < room ? start + length : limit
    }

    // MARK: Cell writes that keep wide characters whole

    /// Before overwriting (x, y): if it is half of a wide character, blank the
    /// other half so no orphaned half is left behind.
    private mutating func detachWide(_ x: Int, _ y: Int) {
        let i = y * width + x
        if cells[i].isContinuation && x > 0 {
            cells[i - 1] = Cell(text: " ", style: cells[i - 1].style)
        }
        if x + 1 < width && cells[i + 1].isContinuation {
            cells[i + 1] = Cell(text: " ", style: cells[i + 1].style)
        }
    }

    private mutating func setNarrow(_ x: Int, _ y: Int, _ cell: Cell) {
        detachWide(x, y)
        cells[y * width + x] = cell
    }

    /// Caller guarantees x + 1 < width.
    private mutating func setWide(_ x: Int, _ y: Int, _ cell: Cell) {
        detachWide(x, y)
        detachWide(x + 1, y)
        cells[y * width + x] = cell
        cells[y * width + x + 1] = Cell(text: "", style: cell.style)
    }
}
