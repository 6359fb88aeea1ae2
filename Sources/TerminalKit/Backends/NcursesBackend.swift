import CNcursesw
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The real terminal, through ncursesw. One per process: ncurses is global.
public final class NcursesBackend: TerminalBackend {
    /// How colour is shown, decided once at start-up.
    public enum ColorMode: Sendable, Equatable {
        case monochrome
        case palette(Int)   // 8, 16 or 256 colours
    }

    public let colorMode: ColorMode
    private let theme: Theme
    private var previous: Buffer?
    private var needsClear = false
    /// Whether a click's press was seen, so that its release is not a second click.
    private var buttonDown = false
    private var attributeCache: [Style: (attrs: attr_t, pair: Int16)] = [:]

    /// Box drawing and other non-ASCII text fall back to ASCII (the locale is not UTF-8).
    private let asciiOnly: Bool

    /// Why the console cannot run in this terminal, or nil when it can: no TERM, or a
    /// terminal that cannot address the screen.
    public static func unusableTerminal(_ environment: [String: String]) -> String? {
        let term = environment["TERM"] ?? ""
        if term.isEmpty { return "The console needs a terminal, and TERM is not set; use the qm commands (qm --help) instead." }
        if term == "dumb" {
            return "TERM=dumb cannot show the console (it cannot move the cursor); use a full-screen terminal (e.g. TERM=xterm-256color) or the qm commands (qm --help)."
        }
        return nil
    }

    /// Takes over the terminal; throws a one-sentence reason when it cannot.
    public init(theme: Theme) throws(TerminalError) {
        self.theme = theme
        setlocale(LC_ALL, "")
        asciiOnly = qm_locale_is_utf8() == 0
        guard qm_start_curses() != 0 else {
            let term = String(cString: getenv("TERM"))
            throw TerminalError("The terminal type TERM=\(term) is not known here; try TERM=xterm-256color.")
        }
        qm_curses_began()
        qm_register_atexit()
        qm_install_restore_handlers()   // after initscr, so ours replace ncurses' own
        raw()                           // Ctrl-C arrives as a key; the app decides
        noecho()
        nonl()                          // Enter arrives as 13 without translation
        _ = qm_keypad_on()
        _ = qm_mouse_on()
        curs_set(0)
        set_escdelay(25)

        if has_colors() && !NcursesBackend.noColorRequested() {
            start_color()
            let defaultsOK = qm_use_default_colors() != qm_err()
            let count = Int(qm_colors())
            let palette = count >= 256 ? 256 : (count >= 16 ? 16 : 8)
            colorMode = .palette(palette)
            for (index, role) in ColorRole.allCases.enumerated() where index + 1 < Int(qm_color_pairs()) {
                let resolved = theme.resolve(role, colorCount: palette)
                // Without use_default_colors, -1 is not allowed: use white on black.
                let fg = resolved.fg < 0 && !defaultsOK ? Int(COLOR_WHITE) : resolved.fg
                let bg = resolved.bg < 0 && !defaultsOK ? Int(COLOR_BLACK) : resolved.bg
                _ = qm_init_pair(Int32(index + 1), Int32(fg), Int32(bg))
            }
        } else {
            colorMode = .monochrome
        }
    }

    /// NO_COLOR (https://no-color.org): set and non-empty means no colour.
    static func noColorRequested() -> Bool {
        guard let value = getenv("NO_COLOR") else { return false }
        return value.pointee != 0
    }

    public var size: (width: Int, height: Int) {
        (Int(qm_cols()), Int(qm_lines()))
    }

    public func present(_ buffer: Buffer) {
        guard qm_curses_is_active() != 0 else { return }
        if needsClear {
            // After a resize the screen contents are unknown: wipe and redraw all.
            _ = qm_erase()
            _ = qm_clear_ok()
            previous = nil
            needsClear = false
        }
        for change in FrameDiff.changes(from: previous, to: buffer) where !change.cell.isContinuation {
            draw(change.cell, x: change.x, y: change.y, wide: buffer[x: change.x + 1, y: change.y].isContinuation)
        }
        _ = qm_refresh()
        previous = buffer
    }

    public func readEvent(timeoutMilliseconds: Int) -> InputEvent? {
        guard qm_curses_is_active() != 0 else { return nil }
        var value: UInt32 = 0
        let kind = qm_read_key(Int32(clamping: timeoutMilliseconds), &value)
        if kind < 0 { return nil }
        if kind == 1 && Int32(bitPattern: value) == qm_key_resize() {
            needsClear = true
            return .resize(width: Int(qm_cols()), height: Int(qm_lines()))
        }
        if kind == 1 && Int32(bitPattern: value) == qm_key_mouse() {
            var x: Int32 = 0, y: Int32 = 0
            switch qm_read_mouse(&x, &y) {
            case 1:
                buttonDown = true
                return .mouse(MouseEvent(.click, x: Int(x), y: Int(y)))
            case 2: return .mouse(MouseEvent(.wheelUp, x: Int(x), y: Int(y)))
            case 3: return .mouse(MouseEvent(.wheelDown, x: Int(x), y: Int(y)))
            case 4:
                // A release with no press before it: the press came in the same read and
                // ncurses handed over only the release. It is still a click.
                defer { buttonDown = false }
                return buttonDown ? nil : .mouse(MouseEvent(.click, x: Int(x), y: Int(y)))
            default: return nil
            }
        }
        guard let key = NcursesBackend.decode(value, isKeyCode: kind == 1) else { return nil }
        return .key(key)
    }

    public func shutdown() {
        _ = qm_curses_end()
    }

    // MARK: Keys

    /// Maps what wget_wch delivered to a `Key`; nil for keys the app has no use for.
    static func decode(_ value: UInt32, isKeyCode: Bool) -> Key? {
        if isKeyCode {
            switch Int32(bitPattern: value) {
            case qm_key_up(): return .up
            case qm_key_down(): return .down
            case qm_key_left(), qm_key_sleft(): return .left
            case qm_key_right(), qm_key_sright(): return .right
            case qm_key_home(), qm_key_shome(), qm_key_a1(): return .home
            case qm_key_end(), qm_key_send(), qm_key_c1(): return .end
            case qm_key_ppage(), qm_key_a3(): return .pageUp
            case qm_key_npage(), qm_key_c3(): return .pageDown
            case qm_key_enter(): return .enter
            case qm_key_backspace(): return .backspace
            case qm_key_dc(): return .delete
            case qm_key_btab(): return .backTab
            case let code where code > qm_key_f0() && code <= qm_key_f0() + 63:
                return .function(Int(code - qm_key_f0()))
            default: return nil
            }
        }
        return decodeCharacter(value)
    }

    /// Plain characters and control codes (shared with tests: no ncurses needed).
    static func decodeCharacter(_ value: UInt32) -> Key? {
        switch value {
        case 9: return .tab
        case 10, 13: return .enter
        case 27: return .escape
        case 8, 127: return .backspace
        case 1...26: return .ctrl(Character(Unicode.Scalar(UInt8(0x60 + value))))
        case 0, 28...31, 0x80...0x9F: return nil
        default:
            guard let scalar = Unicode.Scalar(value) else { return nil }
            return .char(Character(scalar))
        }
    }

    // MARK: Drawing

    private func draw(_ cell: Cell, x: Int, y: Int, wide: Bool) {
        let (attrs, pair) = attributes(for: cell.style)
        if asciiOnly {
            // Outside UTF-8 a box drawn in Unicode would come out as "?": draw it in ASCII.
            let ascii = ASCIIFallback.character(for: cell.text)
            for i in 0..<(wide ? 2 : 1) { putCell([wchar_t(ascii.value)], x: x + i, y: y, attrs: attrs, pair: pair) }
            return
        }
        let expected = wide ? 2 : 1
        var chars: [wchar_t] = []
        for scalar in cell.text.unicodeScalars {
            if chars.isEmpty {
                chars.append(wchar_t(bitPattern: scalar.value))
            } else if DisplayWidth.of(scalar) == 0 && chars.count < 5 {
                chars.append(wchar_t(bitPattern: scalar.value))   // combining marks ride along
            }
        }
        // Keep ncurses' idea of the width (wcwidth, from the locale) in step
        // with ours, or the rest of the line would shift.
        let base = chars.first ?? 32
        let theirs = base < 0x7F ? (base >= 0x20 ? 1 : -1) : Int(wcwidth(base))
        if theirs != expected && !(theirs == 1 && expected == 2) {
            chars = expected == 2 ? [0x3F, 0x3F] : [0x3F]   // "?" stands in
            for (i, c) in chars.enumerated() { putCell([c], x: x + i, y: y, attrs: attrs, pair: pair) }
            return
        }
        putCell(chars, x: x, y: y, attrs: attrs, pair: pair)
        if theirs == 1 && expected == 2 {
            putCell([32], x: x + 1, y: y, attrs: attrs, pair: pair)   // we reserved two cells, it took one
        }
    }

    private func putCell(_ chars: [wchar_t], x: Int, y: Int, attrs: attr_t, pair: Int16) {
        var text = chars
        text.append(0)
        _ = text.withUnsafeBufferPointer { qm_put_cell(Int32(y), Int32(x), $0.baseAddress, attrs, pair) }
    }

    private func attributes(for style: Style) -> (attrs: attr_t, pair: Int16) {
        if let cached = attributeCache[style] { return cached }
        var attrs = qm_a_normal()
        var pair: Int16 = 0
        let resolved: ResolvedColor
        switch colorMode {
        case .monochrome:
            resolved = theme.resolve(style.role, colorCount: 0)
        case .palette(let n):
            resolved = theme.resolve(style.role, colorCount: n)
            if let index = ColorRole.allCases.firstIndex(of: style.role), index + 1 < Int(qm_color_pairs()) {
                pair = Int16(index + 1)
            }
            if resolved.dim || style.dim { attrs |= qm_a_dim() }
        }
        if resolved.bold || style.bold { attrs |= qm_a_bold() }
        if style.reverse { attrs |= qm_a_reverse() }
        if style.underline { attrs |= qm_a_underline() }
        attributeCache[style] = (attrs, pair)
        return (attrs, pair)
    }
}

/// The terminal cannot run the console; the message is one sentence for the person.
public struct TerminalError: Error, Sendable, Equatable {
    public var message: String
    public init(_ message: String) { self.message = message }
}
