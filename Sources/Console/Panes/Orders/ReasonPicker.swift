import Domain
import TerminalKit

/// Asks why before a hold or a cancellation: a list of reasons (↑↓ chooses) and an optional
/// note (typing goes there). Enter takes the highlighted reason, Esc changes nothing.
struct ReasonPicker: Equatable {
    /// What the chosen reason is for.
    enum Purpose: Equatable {
        case hold(orders: [Int64])
        case cancel(orders: [Int64], line: Int?)
    }

    enum Outcome: Equatable {
        case chosen(index: Int, note: String)
        case cancelled
    }

    struct Option: Equatable {
        var title: String
        var detail: String
        /// Drawn muted: the user's role may not use it (Operations will say so if tried).
        var muted = false
    }

    var title: String
    var purpose: Purpose
    var options: [Option]
    var selected = 0
    var note = TextInput(maxLength: 120)

    /// The hold reasons in `HoldReason.allCases` order, each with its owner.
    static func hold(_ orders: [Int64], role: Role) -> ReasonPicker {
        let options = HoldReason.allCases.map { reason in
            Option(title: reason.title, detail: "owner \(reason.owner.rawValue)"
                       + (reason.handlers.contains(role) ? "" : " · not for \(role.rawValue)"),
                   muted: !reason.handlers.contains(role))
        }
        return ReasonPicker(title: "Hold \(OrderWords.orders(orders)): why?", purpose: .hold(orders: orders), options: options)
    }

    /// The cancel reasons in `CancelReason.allCases` order, `suggested` highlighted.
    static func cancel(_ orders: [Int64], line: Int? = nil, suggested: CancelReason = .customerRequest) -> ReasonPicker {
        let what = line.map { "line \($0) of order \(orders.first ?? 0)" } ?? OrderWords.orders(orders)
        return ReasonPicker(title: "Cancel \(what): why?", purpose: .cancel(orders: orders, line: line),
                            options: CancelReason.allCases.map { Option(title: OrderWords.words($0.rawValue), detail: "") },
                            selected: CancelReason.allCases.firstIndex(of: suggested) ?? 0)
    }

    mutating func handle(_ key: Key) -> Outcome? {
        switch key {
        case .up: selected = max(0, selected - 1)
        case .down: selected = min(options.count - 1, selected + 1)
        case .pageUp: selected = 0
        case .pageDown: selected = options.count - 1
        case .enter: return .chosen(index: selected, note: note.text.trimmingCharacters(in: .whitespaces))
        case .escape: return .cancelled
        default: _ = note.handle(key)
        }
        return nil
    }

    /// A centred box: the options (the chosen one highlighted, scrolled into view when the
    /// screen is short), then the note field on the last line. Never draws outside `rect`.
    func draw(in rect: Rect, buffer: inout Buffer) {
        guard !rect.isEmpty else { return }
        let titleWidth = DisplayWidth.of(title)
        let titles = options.map { DisplayWidth.of($0.title) }.max() ?? 0
        let details = options.map { DisplayWidth.of($0.detail) }.max() ?? 0
        let width = max(titleWidth + 4, titles + details + 6, 44) + 4
        let box = rect.centered(width: width, height: options.count + 4)
        buffer.fill(box, style: Style(.text))
        buffer.box(box, style: Style(.border), title: title)
        let inner = box.inset(dx: 2, dy: 1)
        guard inner.width > 0, inner.height > 0 else { return }
        // The note keeps the last line; the options share what is left above a blank line.
        let noteRow = inner.maxY - 1
        let optionRows = max(0, inner.height - (inner.height >= 3 ? 2 : 1))
        let top = optionRows == 0 ? 0 : min(max(0, selected - optionRows + 1), max(0, options.count - optionRows))
        for row in 0..<optionRows {
            let index = top + row
            guard index < options.count else { break }
            let option = options[index]
            let chosen = index == selected
            let style = chosen ? Style(.selection, reverse: true) : option.muted ? Style(.muted) : Style(.text)
            let line = inner.row(row)
            buffer.fill(line, style: style)
            let text = (chosen ? "› " : "  ") + DisplayWidth.pad(option.title, to: titles) + "  " + option.detail
            buffer.put(DisplayWidth.truncate(text, to: line.width), x: line.x, y: line.y, style: style, maxWidth: line.width)
        }
        let label = buffer.put("Note: ", x: inner.x, y: noteRow, style: Style(.accent, bold: true), maxWidth: inner.width)
        note.draw(in: Rect(x: inner.x + label, y: noteRow, width: inner.width - label, height: 1), buffer: &buffer,
                  focused: true, placeholder: "optional")
    }
}
