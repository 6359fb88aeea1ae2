import Testing
import Foundation
@testable import TerminalKit

@Suite struct SanitizeTests {
    @Test func plainTextIsUntouched() {
        #expect(Sanitize.forDisplay("Widget 42 (blue)") == "Widget 42 (blue)")
        #expect(Sanitize.forDisplay("日本語 café") == "日本語 café")
    }

    @Test func stripsCSISequences() {
        #expect(Sanitize.forDisplay("\u{1B}[31mred\u{1B}[0m") == "red")
        #expect(Sanitize.forDisplay("a\u{1B}[2J\u{1B}[Hb") == "ab")
        #expect(Sanitize.forDisplay("x\u{1B}[?1049hy") == "xy")
        #expect(Sanitize.forDisplay("\u{9B}31mC1 CSI") == "C1 CSI")
    }

    @Test func stripsOSCTitleSequences() {
        #expect(Sanitize.forDisplay("\u{1B}]0;pwned\u{07}ok") == "ok")            // BEL-terminated
        #expect(Sanitize.forDisplay("\u{1B}]2;pwned\u{1B}\\ok") == "ok")          // ST-terminated
        #expect(Sanitize.forDisplay("\u{1B}]8;;http://x\u{1B}\\link\u{1B}]8;;\u{1B}\\") == "link")
        #expect(Sanitize.forDisplay("before\u{1B}]0;never terminated") == "before")
        #expect(Sanitize.forDisplay("\u{1B}P1$r\u{1B}\\dcs") == "dcs")
    }

    @Test func stripsOtherEscapes() {
        #expect(Sanitize.forDisplay("a\u{1B}cb") == "ab")        // RIS, full reset
        #expect(Sanitize.forDisplay("a\u{1B}(0b") == "ab")       // charset switch
        #expect(Sanitize.forDisplay("trailing\u{1B}") == "trailing")
    }

    @Test func stripsC0C1AndDEL() {
        #expect(Sanitize.forDisplay("a\u{00}b\u{07}c\u{08}d\u{0D}e\u{7F}f") == "abcdef")
        #expect(Sanitize.forDisplay("a\u{85}b\u{9C}c\u{80}d") == "abcd")
    }

    @Test func dropsZeroWidthAndBidiMarksAndSpacesLineSeparators() {
        #expect(Sanitize.forDisplay("pay\u{200B}pal\u{2060}\u{FEFF}") == "paypal")
        #expect(Sanitize.forDisplay("a\u{200E}b\u{200F}c\u{202E}d\u{2066}e") == "abcde")
        #expect(Sanitize.forDisplay("one\u{2028}two\u{2029}three") == "one two three")
        #expect(Sanitize.forDisplay("a\u{061C}b\u{2062}c\u{E0041}\u{E007F}d") == "abcd")
    }

    /// JSON keeps the value (it decodes unchanged) but nothing in the text acts on a terminal.
    @Test func jsonEscapesWhatATerminalWouldActOn() throws {
        let hostile = "\u{9B}31mred \u{202E}txt.exe \u{200B}zw \u{2028}ls \u{7F}del café \u{E0041}tag"
        let json = Sanitize.escapingForJSON(#"{"name":""# + hostile + #""}"#)
        #expect(!json.unicodeScalars.contains { [0x9B, 0x202E, 0x200B, 0x2028, 0x7F, 0xE0041].contains($0.value) })
        #expect(json.contains(#"\udb40\udc41tag"#))
        #expect(json.contains(#"\u009b31mred \u202etxt.exe \u200bzw \u2028ls \u007fdel café"#))
        let decoded = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: String]
        #expect(decoded?["name"] == hostile)
        #expect(Sanitize.escapingForJSON("[1, \"plain\"]") == "[1, \"plain\"]")
    }

    @Test func tabAndNewlineBecomeOneSpace() {
        #expect(Sanitize.forDisplay("a\tb\nc") == "a b c")
        #expect(Sanitize.forDisplay("line1\r\nline2") == "line1 line2")
    }

    @Test func stripsBidiOverridesAndIsolates() {
        #expect(Sanitize.forDisplay("abc\u{202E}fed") == "abcfed")
        #expect(Sanitize.forDisplay("\u{202A}\u{202B}\u{202C}\u{202D}x") == "x")
        #expect(Sanitize.forDisplay("\u{2066}a\u{2067}b\u{2068}c\u{2069}") == "abc")
    }
}
