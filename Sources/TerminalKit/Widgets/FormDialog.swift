/// A short form in a centred box: labelled one-line fields, one with the focus. Tab or ↓ go
/// to the next field, Shift-Tab or ↑ back, Enter submits, Esc cancels; typing edits the
/// field with the focus. Never draws outside its rect.
public struct FormDialog: Sendable, Equatable {
    public struct Field: Sendable, Equatable {
        public var label: String
        public var input: TextInput
        /// Shown muted while the field is empty: what goes there.
        public var placeholder: String
        public init(_ label: String, _ value: String = "", placeholder: String = "", maxLength: Int = 60) {
            self.label = label; self.input = TextInput(value, maxLength: maxLength); self.placeholder = placeholder
        }
    }

    public enum Outcome: Sendable, Equatable { case submitted, cancelled }

    static let help = "Tab next field · Enter check and confirm · Esc cancel"

    public var title: String
    public var fields: [Field]
    public var focus: Int

    /// The focus starts on the first empty field (what is filled in already is usually right).
    public init(title: String, fields: [Field]) {
        self.title = title; self.fields = fields
        focus = fields.firstIndex { $0.input.isEmpty } ?? 0
    }

    public func value(_ index: Int) -> String { fields[index].input.text.trimmingCharacters(in: .whitespaces) }

    public mutating func handle(_ key: Key) -> Outcome? {
        guard !fields.isEmpty else { return key == .escape ? .cancelled : nil }
        switch key {
        case .enter: return .submitted
        case .escape: return .cancelled
        case .tab, .down: focus = (focus + 1) % fields.count
        case .backTab, .up: focus = (focus + fields.count - 1) % fields.count
        default: _ = fields[focus].input.handle(key)
        }
        return nil
    }

    public func draw(in rect: Rect, buffer: inout Buffer) {
        guard !rect.isEmpty else { return }
        let labelWidth = (fields.map { DisplayWidth.of($0.label) }.max() ?? 0) + 2
        let width = min(rect.width, max(DisplayWidth.of(title) + 6, labelWidth + 36, DisplayWidth.of(Self.help)) + 4)
        let box = rect.centered(width: width, height: fields.count + 4)
        buffer.fill(box, style: Style(.text))
        buffer.box(box, style: Style(.border), title: title)
        let inner = box.inset(dx: 2, dy: 1)
        guard inner.width > 0, inner.height > 0 else { return }
        for (i, field) in fields.enumerated() where i < inner.height - 1 {
            let line = inner.row(i)
            let focused = i == focus
            buffer.put(DisplayWidth.pad(field.label + ":", to: labelWidth), x: line.x, y: line.y,
                       style: focused ? Style(.accent, bold: true) : Style(.text), maxWidth: line.width)
            field.input.draw(in: Rect(x: line.x + labelWidth, y: line.y, width: max(0, line.width - labelWidth), height: 1),
                             buffer: &buffer, focused: focused, placeholder: field.placeholder)
        }
        buffer.put(DisplayWidth.truncate(Self.help, to: inner.width), x: inner.x, y: inner.maxY - 1, style: Style(.muted), maxWidth: inner.width)
    }
}
