/// A section of the help screen: a heading and its key bindings.
public struct HelpSection: Sendable, Equatable {
    public var title: String
    public var entries: [HelpEntry]

    public init(title: String, entries: [(key: String, description: String)]) {
        self.title = title
        self.entries = entries.map { HelpEntry(key: $0.key, description: $0.description) }
    }
}

public struct HelpEntry: Sendable, Equatable {
    public var key: String
    public var description: String

    public init(key: String, description: String) {
        self.key = key; self.description = description
    }
}

/// A centred box listing key bindings by section. The caller builds the
/// sections from its key map, so help cannot drift from the real bindings.
/// Scrolls with Up/Down/PgUp/PgDn/Home/End when taller than the screen.
public struct HelpOverlay: Sendable, Equatable {
    public var title: String
    public var sections: [HelpSection]
    /// First content line shown; clamped when drawing.
    public private(set) var scrollOffset: Int = 0

    public init(title: String = "Help", sections: [HelpSection]) {
        self.title = title; self.sections = sections
    }

    /// Scrolling keys; returns false for anything else (the caller closes the
    /// overlay on Esc, q or ?). Pass the rect the overlay is drawn in so paging
    /// moves by a screenful and scrolling stops at the last full page.
    public mutating func handle(_ key: Key, in rect: Rect? = nil) -> Bool {
        let page = rect.map { max(1, layout(in: $0).inner.height - 1) } ?? 10
        switch key {
        case .down, .char("j"): scroll(by: 1, in: rect)
        case .up, .char("k"): scroll(by: -1, in: rect)
        case .pageDown, .char(" "): scroll(by: page, in: rect)
        case .pageUp: scroll(by: -page, in: rect)
        case .home, .char("g"): scrollOffset = 0
        case .end, .char("G"): scroll(by: Int.max / 2, in: rect)
        default: return false
        }
        return true
    }

    public mutating func scroll(by delta: Int, in rect: Rect? = nil) {
        let limit = rect.map { layout(in: $0).maxOffset } ?? max(0, contentLines().count - 1)
        scrollOffset = min(max(0, scrollOffset + delta), limit)
    }

    enum LineKind: Equatable { case heading, entry, blank }

    /// The content as lines: headings, "  key   description" entries, blank separators.
    func contentLines() -> [(text: String, kind: LineKind)] {
        let keyWidth = min(16, sections.flatMap(\.entries).map { DisplayWidth.of(Sanitize.forDisplay($0.key)) }.max() ?? 0)
        var lines: [(text: String, kind: LineKind)] = []
        for (i, section) in sections.enumerated() {
            if i > 0 { lines.append(("", .blank)) }
            lines.append((Sanitize.forDisplay(section.title), .heading))
            for entry in section.entries {
                let key = DisplayWidth.pad(Sanitize.forDisplay(entry.key), to: max(keyWidth, DisplayWidth.of(Sanitize.forDisplay(entry.key))))
                lines.append(("  " + key + "  " + Sanitize.forDisplay(entry.description), .entry))
            }
        }
        return lines
    }

    /// Where the box and its text go in `rect`, and how far the text can scroll.
    private func layout(in rect: Rect) -> (box: Rect, inner: Rect, maxOffset: Int) {
        let lines = contentLines()
        let contentWidth = max(DisplayWidth.of(title) + 2, lines.map { DisplayWidth.of($0.text) }.max() ?? 0)
        let box = rect.centered(width: contentWidth + 4, height: lines.count + 2)
        let inner = box.width >= 2 && box.height >= 2 ? box.inset(dx: 2, dy: 1) : Rect(x: box.x, y: box.y, width: 0, height: 0)
        return (box, inner, max(0, lines.count - max(1, inner.height)))
    }

    public func draw(in rect: Rect, buffer: inout Buffer) {
        guard !rect.isEmpty else { return }
        let lines = contentLines()
        let (box, inner, maxOffset) = layout(in: rect)
        buffer.fill(box, style: Style(.text))
        guard box.width >= 2 && box.height >= 2 else {
            buffer.put(title, x: box.x, y: box.y, style: Style(.title, bold: true), maxWidth: box.width)
            return
        }
        buffer.box(box, style: Style(.border), title: title)
        guard inner.width > 0 && inner.height > 0 else { return }
        let offset = min(scrollOffset, maxOffset)
        for row in 0..<inner.height {
            let index = offset + row
            guard index < lines.count else { break }
            let line = lines[index]
            let style = line.kind == .heading ? Style(.accent, bold: true) : Style(.text)
            buffer.put(DisplayWidth.truncate(line.text, to: inner.width), x: inner.x, y: inner.y + row,
                       style: style, maxWidth: inner.width)
        }
        // Say there is more, in the bottom border.
        if maxOffset > 0 && box.width >= 12 {
            let marker = offset == 0 ? " ↓ more " : (offset >= maxOffset ? " ↑ more " : " ↑↓ more ")
            buffer.put(marker, x: box.maxX - 2 - DisplayWidth.of(marker), y: box.maxY - 1, style: Style(.hint))
        }
    }
}
