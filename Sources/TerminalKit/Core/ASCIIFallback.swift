/// What a cell shows in a terminal whose locale is not UTF-8 (LANG=C): box drawing as
/// `+ - |`, the console's own marks as their nearest ASCII, anything else as `?`.
public enum ASCIIFallback {
    public static func character(for text: String) -> Unicode.Scalar {
        guard let scalar = text.unicodeScalars.first else { return " " }
        if scalar.isASCII { return scalar.value >= 0x20 && scalar.value < 0x7F ? scalar : " " }
        switch scalar.value {
        case 0x2500, 0x2501, 0x2550: return "-"                                  // ─ ━ ═
        case 0x2502, 0x2503, 0x2551: return "|"                                  // │ ┃ ║
        case 0x250C...0x254B, 0x2552...0x256C: return "+"                        // corners, tees, crosses
        case 0x2026: return "."                                                  // …
        case 0x203A, 0x2192, 0x25B8, 0x25B6: return ">"                          // › → ▸ ▶
        case 0x2039, 0x2190, 0x25C2: return "<"                                  // ‹ ← ◂
        case 0x2191, 0x25B4: return "^"                                          // ↑ ▴
        case 0x2193, 0x25BE: return "v"                                          // ↓ ▾
        case 0x00B7, 0x2022: return "."                                          // · •
        case 0x201C, 0x201D: return "\""                                         // “ ”
        case 0x2018, 0x2019: return "'"                                          // ‘ ’
        case 0x00B1: return "+"                                                  // ±
        case 0x2691: return "!"                                                  // ⚑
        case 0x2013, 0x2014: return "-"                                          // – —
        case 0x2265: return ">"                                                  // ≥
        case 0x2264: return "<"                                                  // ≤
        // A sparkline's blocks, lowest to highest, as a ramp of ever denser marks.
        case 0x2581...0x2588: return Array(".:-=+*#@".unicodeScalars)[Int(scalar.value - 0x2581)]
        default: return "?"
        }
    }
}
