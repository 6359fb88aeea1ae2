/// A yes/no question in a centred box: only y confirms (so a stray Enter or a pasted line
/// can't), n or Esc cancels.
public struct ConfirmDialog: Sendable, Equatable {
    public enum Result: Sendable, Equatable { case confirmed, cancelled }

    public var title: String
    public var message: [String]
    public var confirmLabel: String
    public var cancelLabel: String

    public init(title: String, message: [String], confirmLabel: String = "Yes", cancelLabel: String = "No") {
        self.title = title; self.message = message
        self.confirmLabel = confirmLabel; self.cancelLabel = cancelLabel
    }

    /// The answer, or nil if the key means neither (the dialog stays open).
    public func handle(_ key: Key) -> Result? {
        switch key {
        case .char("y"), .char("Y"): return .confirmed
        case .char("n"), .char("N"), .escape: return .cancelled
        default: return nil
        }
    }

    var buttonsLine: String { "[y] \(confirmLabel)   [n] \(cancelLabel)" }

    /// The widest a line of the question is drawn; longer ones wrap.
    public static let maxTextWidth = 64

    /// Draws the box centred in `rect`, never outside it. Too small for a box
    /// (under 3 lines or 10 columns), it falls back to one line: "title? [y/n]".
    public func draw(in rect: Rect, buffer: inout Buffer) {
        guard !rect.isEmpty else { return }
        if rect.height < 3 || rect.width < 10 {
            let line = rect.row(rect.height / 2)
            buffer.fill(line, style: Style(.text))
            buffer.put(title + "? [y/n]", x: line.x, y: line.y, style: Style(.title, bold: true), maxWidth: line.width)
            return
        }
        // Wrapped to the screen at each draw, so a resize re-wraps the question (never cuts it).
        let wrapWidth = max(20, min(Self.maxTextWidth, rect.width - 8))
        let texts = message.flatMap { DisplayWidth.wrap(Sanitize.forDisplay($0), to: wrapWidth) }
        let contentWidth = ([DisplayWidth.of(Sanitize.forDisplay(title)) + 2, DisplayWidth.of(buttonsLine)]
                            + texts.map { DisplayWidth.of($0) }).max() ?? 0
        let box = rect.centered(width: contentWidth + 4, height: texts.count + 4)
        buffer.fill(box, style: Style(.text))
        buffer.box(box, style: Style(.border), title: title)
        let inner = box.inset(dx: 2, dy: 1)
        guard inner.height > 0 && inner.width > 0 else { return }
        // Message lines first; the buttons always keep the last inner line.
        let messageRows = max(0, inner.height - 2)
        for (i, text) in texts.prefix(messageRows).enumerated() {
            buffer.put(DisplayWidth.truncate(text, to: inner.width), x: inner.x, y: inner.y + i,
                       style: Style(.text), maxWidth: inner.width)
        }
        let buttons = DisplayWidth.truncate(buttonsLine, to: inner.width)
        let bx = inner.x + max(0, (inner.width - DisplayWidth.of(buttons)) / 2)
        buffer.put(buttons, x: bx, y: inner.maxY - 1, style: Style(.accent, bold: true), maxWidth: inner.maxX - bx)
    }
}
