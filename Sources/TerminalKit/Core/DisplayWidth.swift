/// Text measured in terminal cells, not Characters: CJK and most emoji take two
/// cells, combining marks and format controls none.
///
/// Pure Swift on Unicode scalar properties, so it needs no `setlocale` and gives
/// the same answer in tests as in the terminal.
public enum DisplayWidth {
    /// Cells taken by one grapheme cluster: 0, 1 or 2.
    public static func of(_ c: Character) -> Int {
        if let ascii = c.asciiValue {          // fast path; "\r\n" also lands here
            return (ascii >= 0x20 && ascii < 0x7F) ? 1 : 0
        }
        var width = 0
        var base: Unicode.Scalar?
        for scalar in c.unicodeScalars {
            if let b = base {
                // VS16 asks for emoji presentation: "❤️" is wide even though "❤" is not.
                if scalar.value == 0xFE0F && b.properties.isEmoji { width = 2 }
                continue
            }
            let w = of(scalar)
            if w > 0 { width = w; base = scalar }
        }
        return width
    }

    /// Cells taken by a string.
    public static func of(_ s: String) -> Int {
        // Printable ASCII is a cell a byte, and most text is just that: no grapheme breaking.
        if s.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return s.utf8.count }
        var total = 0
        for c in s { total += of(c) }
        return total
    }

    /// Cells taken by a single scalar, outside any cluster.
    public static func of(_ scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        if v < 0x7F { return v >= 0x20 ? 1 : 0 }
        if v < 0xA0 { return 0 }                          // DEL, C1 controls
        if v >= 0x1160 && v <= 0x11FF { return 0 }        // Hangul medial vowels / final consonants
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format, .control, .lineSeparator, .paragraphSeparator:
            return 0
        default:
            break
        }
        if isWide(v) || scalar.properties.isEmojiPresentation { return 2 }
        return 1
    }

    /// The longest prefix of `s` that fits in `width` cells. A wide character
    /// that would straddle the edge is left out entirely.
    public static func clip(_ s: String, to width: Int) -> String {
        guard width > 0 else { return "" }
        var used = 0
        var end = s.startIndex
        var i = s.startIndex
        while i < s.endIndex {
            let w = of(s[i])
            if used + w > width { break }
            used += w
            i = s.index(after: i)
            end = i
        }
        return end == s.endIndex ? s : String(s[..<end])
    }

    /// Exactly `width` cells: clipped, then padded with spaces on the right.
    /// A wide character that would straddle the edge becomes a space.
    public static func pad(_ s: String, to width: Int) -> String {
        guard width > 0 else { return "" }
        let clipped = clip(s, to: width)
        let missing = width - of(clipped)
        return missing > 0 ? clipped + String(repeating: " ", count: missing) : clipped
    }

    /// Exactly `width` cells, text pushed to the right (for numbers).
    public static func padLeft(_ s: String, to width: Int) -> String {
        guard width > 0 else { return "" }
        let clipped = clip(s, to: width)
        let missing = width - of(clipped)
        return missing > 0 ? String(repeating: " ", count: missing) + clipped : clipped
    }

    /// Fits `s` into `width` cells, marking a cut with `ellipsis` ("Long na…").
    public static func truncate(_ s: String, to width: Int, ellipsis: String = "…") -> String {
        guard width > 0 else { return "" }
        if of(s) <= width { return s }
        let e = of(ellipsis)
        if e >= width { return clip(ellipsis, to: width) }
        return clip(s, to: width - e) + ellipsis
    }

    /// Greedy word wrap into lines of at most `width` cells; words longer than a
    /// line are cut. Existing newlines start new lines.
    public static func wrap(_ s: String, to width: Int) -> [String] {
        guard width > 0 else { return [] }
        var lines: [String] = []
        for paragraph in s.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = ""
            var lineWidth = 0
            for wordSub in paragraph.split(separator: " ") {
                var word = String(wordSub)
                var w = of(word)
                if lineWidth > 0 && lineWidth + 1 + w <= width {
                    line += " " + word
                    lineWidth += 1 + w
                    continue
                }
                if lineWidth > 0 { lines.append(line); line = ""; lineWidth = 0 }
                while w > width {                      // hard-cut an over-long word
                    var head = clip(word, to: width)
                    if head.isEmpty { head = String(word.first!) }   // a 2-cell char in a 1-cell line
                    lines.append(head)
                    word = String(word.dropFirst(head.count))
                    w = of(word)
                }
                line = word
                lineWidth = w
            }
            lines.append(line)
        }
        return lines
    }

    // East Asian Wide and Fullwidth blocks (UAX #11). Emoji are caught by
    // `isEmojiPresentation`, so the emoji blocks are not repeated here.
    private static let wideRanges: [ClosedRange<UInt32>] = [
        0x1100...0x115F,   // Hangul Jamo initial consonants
        0x2329...0x232A,   // angle brackets
        0x2E80...0x303E,   // CJK radicals, Kangxi, CJK symbols and punctuation
        0x3041...0x33FF,   // Hiragana, Katakana, Bopomofo, Hangul compatibility jamo, CJK compatibility
        0x3400...0x4DBF,   // CJK extension A
        0x4E00...0x9FFF,   // CJK unified ideographs
        0xA000...0xA4CF,   // Yi
        0xA960...0xA97F,   // Hangul Jamo extended A
        0xAC00...0xD7A3,   // Hangul syllables
        0xF900...0xFAFF,   // CJK compatibility ideographs
        0xFE10...0xFE19,   // vertical forms
        0xFE30...0xFE6F,   // CJK compatibility forms, small form variants
        0xFF00...0xFF60,   // fullwidth forms
        0xFFE0...0xFFE6,   // fullwidth signs
        0x16FE0...0x16FE4, 0x16FF0...0x16FF1,
        0x17000...0x18CFF, // Tangut, Khitan
        0x18D00...0x18D08,
        0x1AFF0...0x1B2FF, // Kana supplement and extensions, Nushu
        0x1F200...0x1F2FF, // enclosed ideographic supplement
        0x20000...0x2FFFD, // CJK extensions B-F
        0x30000...0x3FFFD, // CJK extensions G-H
    ]

    private static func isWide(_ v: UInt32) -> Bool {
        if v < 0x1100 { return false }
        var lo = 0, hi = wideRanges.count - 1
        while lo <= hi {
            let mid = (lo + hi) / 2
            let r = wideRanges[mid]
            if v < r.lowerBound { hi = mid - 1 } else if v > r.upperBound { lo = mid + 1 } else { return true }
        }
        return false
    }
}
