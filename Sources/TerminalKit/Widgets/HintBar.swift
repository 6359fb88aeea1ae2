/// A one-line strip of key hints: "q Quit  / Search  ? Help". Hints that do
/// not fit whole are left out rather than cut in half.
public enum HintBar {
    public static func draw(_ hints: [(key: String, label: String)], in rect: Rect, buffer: inout Buffer) {
        guard !rect.isEmpty else { return }
        let line = rect.row(0)
        buffer.fill(line, style: Style(.hint))
        var x = line.x
        for hint in hints {
            let key = Sanitize.forDisplay(hint.key)
            let label = Sanitize.forDisplay(hint.label)
            let gap = x == line.x ? 0 : 2
            let width = DisplayWidth.of(key) + (label.isEmpty ? 0 : 1 + DisplayWidth.of(label))
            guard x + gap + width <= line.maxX else { break }
            x += gap
            x += buffer.put(key, x: x, y: line.y, style: Style(.accent, bold: true))
            if !label.isEmpty {
                x += buffer.put(" " + label, x: x, y: line.y, style: Style(.hint))
            }
        }
    }
}
