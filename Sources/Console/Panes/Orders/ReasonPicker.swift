import Domain
import Store
import TerminalKit

/// Asks why before a hold, a cancellation or a release: a list of reasons (↑↓ chooses) and a
/// note (typing goes there; some reasons require one). Enter takes the highlighted reason,
/// Esc changes nothing.
struct ReasonPicker: Equatable {
    /// What the chosen reason is for.
    enum Purpose: Equatable {
        case hold(orders: [Int64])
        /// The orders as read when the action started: the confirmation is worded from them.
        case cancel(orders: [Int64], line: Int?, records: [OrderRecord])
        /// Which of the holds on the orders to release; the options are `plan.reasons`.
        case release(ReleasePlan)
        /// Which policy allocates the orders (nil: every waiting order); the options are
        /// `AllocationPolicy.allCases`.
        case allocation(orders: [Int64]?)
        /// Which of an order's lines to act on; the options are `lines`, in order.
        case orderLine(order: Int64, lines: [OrderLineRow], cancel: Bool)
        /// Which stock change to make for `sku`; the options are `StockForm.all`.
        case stockChange(sku: String, location: String)
    }

    enum Outcome: Equatable {
        case chosen(index: Int, note: String)
        /// Enter on a reason that needs a note, with none typed: the picker stays open.
        case noteNeeded(String)
        case cancelled
    }

    struct Option: Equatable {
        var title: String
        var detail: String
        /// Drawn muted: the user's role may not use it (Operations will say so if tried).
        var muted = false
        /// Choosing it needs a note saying why.
        var needsNote = false
    }

    var title: String
    var purpose: Purpose
    var options: [Option]
    var selected = 0
    var note = TextInput(maxLength: 120)
    /// Whether the picker asks for a note (a policy choice does not).
    var asksNote = true

    /// The hold reasons in `HoldReason.allCases` order, each with its owner.
    static func hold(_ orders: [Int64], role: Role) -> ReasonPicker {
        let options = HoldReason.allCases.map { reason in
            Option(title: reason.title, detail: "owner \(reason.owner.words)"
                       + (reason.handlers.contains(role) ? "" : " · not for \(role.words)"),
                   muted: !reason.handlers.contains(role))
        }
        return ReasonPicker(title: "Hold \(OrderWords.orders(orders)): why?", purpose: .hold(orders: orders), options: options)
    }

    /// The cancel reasons in `CancelReason.allCases` order, `suggested` highlighted.
    static func cancel(_ orders: [Int64], line: Int? = nil, suggested: CancelReason = .customerRequest,
                       records: [OrderRecord] = []) -> ReasonPicker {
        let what = line.map { "line \($0) of order \(orders.first ?? 0)" } ?? OrderWords.orders(orders)
        return ReasonPicker(title: "Cancel \(what): why?", purpose: .cancel(orders: orders, line: line, records: records),
                            options: CancelReason.allCases.map { Option(title: OrderWords.words($0.rawValue), detail: "") },
                            selected: CancelReason.allCases.firstIndex(of: suggested) ?? 0)
    }

    /// The hold reasons open on the orders (`reasons`, a subset of the plan's): how many orders
    /// each is on, who may release it, and whether a note is required.
    static func release(_ plan: ReleasePlan, reasons: [HoldReason], role: Role) -> ReasonPicker {
        let options = reasons.map { reason in
            let on = plan.orders(with: reason).count
            let mayNot = !reason.handlers.contains(role)
            return Option(title: reason.title,
                          detail: (plan.records.count > 1 ? "on \(on) of \(plan.records.count) · " : "") + "owner \(reason.owner.words)"
                              + (mayNot ? " · not for \(role.words)" : reason.releaseNeedsNote ? " · needs a note" : ""),
                          muted: mayNot, needsNote: reason.releaseNeedsNote)
        }
        let title = reasons.count == 1 ? "Release the \(reasons[0].title) hold: why?" : "Release which hold?"
        return ReasonPicker(title: title, purpose: .release(plan.restricted(to: reasons)), options: options)
    }

    /// An order's lines to pick one from: "1  QM10062  Blue Doorstop  4 to ship (2 allocated)".
    static func orderLine(_ order: Int64, lines: [OrderLineRow], cancel: Bool) -> ReasonPicker {
        let options = lines.map { l in
            Option(title: "\(l.lineNo)  \(l.sku)  \(l.description)",
                   detail: l.outstanding > 0 ? "\(l.outstanding) to ship (\(l.allocated) allocated, \(l.backordered) backordered)"
                                             : "\(l.shipped) shipped, \(l.cancelled) cancelled")
        }
        return ReasonPicker(title: cancel ? "Cancel which line of order \(order)?" : "Stock of which line's SKU?",
                            purpose: .orderLine(order: order, lines: lines, cancel: cancel), options: options, asksNote: false)
    }

    /// The stock changes a form can make.
    static func stockChange(sku: String, location: String) -> ReasonPicker {
        ReasonPicker(title: "Move stock of \(sku)", purpose: .stockChange(sku: sku, location: location),
                     options: StockForm.all.map { Option(title: $0.title, detail: $0.detail) }, asksNote: false)
    }

    /// The allocation policies, what each does, `fastest` first.
    static func allocation(_ orders: [Int64]?) -> ReasonPicker {
        let options = AllocationPolicy.allCases.map { policy in
            Option(title: policy.rawValue, detail: policy.summary)
        }
        let what = orders.map { OrderWords.orders($0) } ?? "every waiting order"
        return ReasonPicker(title: "Allocate \(what): which policy? (a dry run first)", purpose: .allocation(orders: orders),
                            options: options, asksNote: false)
    }

    mutating func handle(_ key: Key) -> Outcome? {
        switch key {
        case .up: selected = max(0, selected - 1)
        case .down: selected = min(options.count - 1, selected + 1)
        case .pageUp: selected = 0
        case .pageDown: selected = options.count - 1
        case .enter:
            let text = note.text.trimmingCharacters(in: .whitespaces)
            if options[selected].needsNote && text.isEmpty {
                return .noteNeeded("\(options[selected].title.prefix(1).uppercased() + options[selected].title.dropFirst()): type a note saying why, then Enter")
            }
            return .chosen(index: selected, note: text)
        case .escape: return .cancelled
        default: if asksNote { _ = note.handle(key) }
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
        let box = rect.centered(width: width, height: options.count + (asksNote ? 4 : 2))
        buffer.fill(box, style: Style(.text))
        buffer.box(box, style: Style(.border), title: title)
        let inner = box.inset(dx: 2, dy: 1)
        guard inner.width > 0, inner.height > 0 else { return }
        // The note keeps the last line; the options share what is left above a blank line.
        let noteRow = inner.maxY - 1
        let optionRows = asksNote ? max(0, inner.height - (inner.height >= 3 ? 2 : 1)) : inner.height
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
        guard asksNote else { return }
        let label = buffer.put("Note: ", x: inner.x, y: noteRow, style: Style(.accent, bold: true), maxWidth: inner.width)
        note.draw(in: Rect(x: inner.x + label, y: noteRow, width: inner.width - label, height: 1), buffer: &buffer,
                  focused: true, placeholder: options.indices.contains(selected) && options[selected].needsNote ? "required" : "optional")
    }
}
