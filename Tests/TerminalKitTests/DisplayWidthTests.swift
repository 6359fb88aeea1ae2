import Testing
@testable import TerminalKit

@Suite struct DisplayWidthTests {
    @Test func asciiIsOneCellEach() {
        #expect(DisplayWidth.of("hello") == 5)
        #expect(DisplayWidth.of(Character("A")) == 1)
        #expect(DisplayWidth.of("") == 0)
    }

    @Test func cjkHangulAndFullwidthAreTwoCells() {
        #expect(DisplayWidth.of("日本語") == 6)
        #expect(DisplayWidth.of("한국") == 4)
        #expect(DisplayWidth.of("ＡＢ") == 4)      // fullwidth Latin
        #expect(DisplayWidth.of("ｱ") == 1)        // halfwidth katakana stays narrow
        #expect(DisplayWidth.of("a日b") == 4)
    }

    @Test func combiningMarksAndZeroWidthTakeNoCells() {
        #expect(DisplayWidth.of("e\u{301}") == 1)          // e + combining acute, one cluster
        #expect(DisplayWidth.of("Cafe\u{301}") == 4)
        #expect(DisplayWidth.of(Character("\u{301}")) == 0) // a lone combining mark
        #expect(DisplayWidth.of("a\u{200B}b") == 2)         // zero width space
        #expect(DisplayWidth.of("\u{200D}") == 0)
    }

    @Test func emojiAreTwoCells() {
        #expect(DisplayWidth.of("😀") == 2)
        #expect(DisplayWidth.of("👍🏽") == 2)                  // with skin-tone modifier
        #expect(DisplayWidth.of("👨‍👩‍👧") == 2)                  // ZWJ family, one cluster
        #expect(DisplayWidth.of("🇳🇱") == 2)                  // flag
        #expect(DisplayWidth.of("❤\u{FE0F}") == 2)          // emoji presentation selector
        #expect(DisplayWidth.of("❤") == 1)                  // text presentation by default
    }

    @Test func controlsHaveNoWidth() {
        #expect(DisplayWidth.of(Character("\u{1B}")) == 0)
        #expect(DisplayWidth.of(Character("\u{85}")) == 0)
    }

    @Test func clipNeverSplitsAWideCharacter() {
        #expect(DisplayWidth.clip("日本語", to: 5) == "日本")
        #expect(DisplayWidth.clip("日本語", to: 1) == "")
        #expect(DisplayWidth.clip("ab日", to: 3) == "ab")
        #expect(DisplayWidth.clip("hello", to: 0) == "")
        #expect(DisplayWidth.clip("hello", to: -3) == "")
        #expect(DisplayWidth.clip("hello", to: 10) == "hello")
        #expect(DisplayWidth.clip("e\u{301}x", to: 1) == "e\u{301}")  // the mark stays with its letter
    }

    @Test func padGivesExactWidthAndReplacesAStraddlingCharWithASpace() {
        #expect(DisplayWidth.pad("ab", to: 4) == "ab  ")
        #expect(DisplayWidth.pad("日本語", to: 5) == "日本 ")
        #expect(DisplayWidth.of(DisplayWidth.pad("日本語", to: 5)) == 5)
        #expect(DisplayWidth.pad("abc", to: 0) == "")
        #expect(DisplayWidth.padLeft("42", to: 5) == "   42")
    }

    @Test func truncateAddsEllipsis() {
        #expect(DisplayWidth.truncate("Long name", to: 6) == "Long …")
        #expect(DisplayWidth.truncate("short", to: 6) == "short")
        #expect(DisplayWidth.truncate("日本語", to: 4) == "日…")
        #expect(DisplayWidth.truncate("abc", to: 1) == "…")
    }

    @Test func wrapBreaksAtSpacesAndCutsLongWords() {
        #expect(DisplayWidth.wrap("the quick brown fox", to: 10) == ["the quick", "brown fox"])
        #expect(DisplayWidth.wrap("abcdefghij", to: 4) == ["abcd", "efgh", "ij"])
        #expect(DisplayWidth.wrap("anything", to: 0) == [])
    }
}
