/// What to show instead of the app when the terminal is below the minimum size.
public enum TooSmallScreen {
    public static func message(minWidth: Int, minHeight: Int, width: Int, height: Int) -> String {
        "Terminal too small: need at least \(minWidth)×\(minHeight), have \(width)×\(height)"
    }

    /// Clears `rect` and shows the message word-wrapped and centred; whatever
    /// does not fit is cut. "have" is the size of `rect`.
    public static func draw(minWidth: Int, minHeight: Int, in rect: Rect, buffer: inout Buffer) {
        guard !rect.isEmpty else { return }
        buffer.fill(rect, style: Style(.text))
        let text = message(minWidth: minWidth, minHeight: minHeight, width: rect.width, height: rect.height)
        let lines = Array(DisplayWidth.wrap(text, to: rect.width).prefix(rect.height))
        let top = rect.y + (rect.height - lines.count) / 2
        for (i, line) in lines.enumerated() {
            let x = rect.x + max(0, (rect.width - DisplayWidth.of(line)) / 2)
            buffer.put(line, x: x, y: top + i, style: Style(.warning, bold: true), maxWidth: rect.maxX - x)
        }
    }
}
