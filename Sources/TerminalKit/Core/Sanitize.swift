/// Makes text from the outside world (the database, files, feeds) safe to show: nothing in
/// it can move the cursor, change colours, set the window title, reorder the line or hide in
/// it. The one sanitiser: `Buffer.put` (the console), the CLI's tables, CSV cells, JSON
/// (`escapingForJSON`) and error messages all go through it.
public enum Sanitize {
    /// Removes escape sequences (CSI, OSC, DCS/SOS/PM/APC strings, two-byte ESC x), C0 and C1
    /// controls, DEL, bidi embeddings/overrides/isolates and marks, zero-width and other
    /// invisible characters (word joiner, invisible operators, tag characters).
    /// Tab, newline and the line and paragraph separators each become one space so words stay apart.
    public static func forDisplay(_ s: String) -> String {
        // Printable ASCII needs no work; most text in the app is just that.
        if s.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return s }

        var out = String.UnicodeScalarView()
        let scalars = Array(s.unicodeScalars)
        var i = 0
        while i < scalars.count {
            let v = scalars[i].value
            i += 1
            switch v {
            case 0x09, 0x0A, 0x2028, 0x2029:
                out.append(" ")
            case 0x1B:                                   // ESC
                i = skipEscape(scalars, from: i)
            case 0x9B:                                   // C1 CSI
                i = skipControlSequence(scalars, from: i)
            case 0x9D, 0x90, 0x98, 0x9E, 0x9F:           // C1 OSC, DCS, SOS, PM, APC
                i = skipControlString(scalars, from: i)
            case 0x00...0x1F, 0x7F...0x9F:               // other C0, DEL, C1
                break
            case _ where isHidden(v):
                break
            default:
                out.append(scalars[i - 1])
            }
        }
        return String(out)
    }

    /// JSON text with every scalar `forDisplay` would remove or replace, and that JSON allows
    /// raw (DEL, C1 controls, bidi and zero-width characters, line separators), written as a
    /// `\uXXXX` escape instead: shown on a terminal it does nothing, decoded it is unchanged.
    /// (JSON writers already escape C0 controls; these can only occur inside strings.)
    public static func escapingForJSON(_ json: String) -> String {
        if json.utf8.allSatisfy({ $0 < 0x7F }) { return json }
        var out = ""
        out.reserveCapacity(json.utf8.count)
        for scalar in json.unicodeScalars {
            let v = scalar.value
            guard (0x7F...0x9F).contains(v) || v == 0x2028 || v == 0x2029 || isHidden(v) else {
                out.unicodeScalars.append(scalar)
                continue
            }
            // Past the BMP (the tag characters) JSON writes the UTF-16 surrogate pair.
            for unit in String(scalar).utf16 {
                let hex = String(unit, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            }
        }
        return out
    }

    /// Characters that reorder a line or take no room on it: bidi embeddings, overrides,
    /// isolates and marks, zero-width characters, invisible operators, the BOM and the tag
    /// characters. `forDisplay` drops them; `escapingForJSON` writes them as escapes.
    static func isHidden(_ v: UInt32) -> Bool {
        switch v {
        case 0x061C, 0x200B...0x200F, 0x202A...0x202E, 0x2060...0x2064, 0x2066...0x2069, 0xFEFF, 0xE0000...0xE007F: true
        default: false
        }
    }

    /// `i` points just after ESC. Returns the index after the whole sequence.
    private static func skipEscape(_ s: [Unicode.Scalar], from i: Int) -> Int {
        guard i < s.count else { return i }
        switch s[i].value {
        case 0x5B:                                   // ESC [  -> CSI
            return skipControlSequence(s, from: i + 1)
        case 0x5D, 0x50, 0x58, 0x5E, 0x5F:           // ESC ] P X ^ _  -> string until ST/BEL
            return skipControlString(s, from: i + 1)
        case 0x20...0x2F:                            // intermediates then one final byte, e.g. ESC ( B
            var j = i
            while j < s.count, (0x20...0x2F).contains(s[j].value) { j += 1 }
            if j < s.count, (0x30...0x7E).contains(s[j].value) { j += 1 }
            return j
        case 0x30...0x7E:                            // ESC x (ESC 7, ESC c, ESC M, ...)
            return i + 1
        default:                                     // ESC then something else: drop only the ESC
            return i
        }
    }

    /// CSI: parameter bytes 0x30-0x3F, intermediates 0x20-0x2F, then a final
    /// byte 0x40-0x7E. A byte outside those ranges ends it early (and is kept
    /// for normal processing), as terminals abort malformed sequences.
    private static func skipControlSequence(_ s: [Unicode.Scalar], from i: Int) -> Int {
        var j = i
        while j < s.count {
            let v = s[j].value
            if (0x20...0x3F).contains(v) { j += 1; continue }
            if (0x40...0x7E).contains(v) { return j + 1 }
            return j
        }
        return j
    }

    /// OSC and friends: everything up to BEL, ESC \ or C1 ST (or the end).
    private static func skipControlString(_ s: [Unicode.Scalar], from i: Int) -> Int {
        var j = i
        while j < s.count {
            switch s[j].value {
            case 0x07, 0x9C:
                return j + 1
            case 0x1B:
                return (j + 1 < s.count && s[j + 1].value == 0x5C) ? j + 2 : j + 1
            default:
                j += 1
            }
        }
        return j
    }
}
