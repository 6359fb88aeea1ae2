/// A short-lived status message ("Saved 3 items", "Error: ...") shown on one
/// line until its tick expires.
public struct FlashMessage: Sendable, Equatable {
    public enum Kind: Sendable, Equatable { case info, error }

    public var text: String
    public var kind: Kind
    /// The first tick at which the message is no longer shown.
    public var expiresAt: Int

    public init(_ text: String, kind: Kind = .info, expiresAt: Int) {
        self.text = text; self.kind = kind; self.expiresAt = expiresAt
    }

    public func isExpired(at tick: Int) -> Bool { tick >= expiresAt }

    /// Draws on the first line of `rect`, cut with "…" if too long.
    public func draw(in rect: Rect, buffer: inout Buffer) {
        guard !rect.isEmpty else { return }
        let line = rect.row(0)
        let style = kind == .error ? Style(.danger, bold: true) : Style(.accent)
        buffer.fill(line, style: Style(.text))
        let shown = DisplayWidth.truncate(Sanitize.forDisplay(text), to: line.width)
        buffer.put(shown, x: line.x, y: line.y, style: style, maxWidth: line.width)
    }
}
