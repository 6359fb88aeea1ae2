import Testing
@testable import TerminalKit

@Suite struct TerminalFallbackTests {
    @Test func boxDrawingAndMarksFallBackToASCIIAndAnythingElseToAQuestionMark() {
        #expect("┌─┐│└┘├┼".unicodeScalars.map { ASCIIFallback.character(for: String($0)) } == ["+", "-", "+", "|", "+", "+", "+", "+"])
        #expect(ASCIIFallback.character(for: "…") == "." && ASCIIFallback.character(for: "›") == ">")
        #expect(ASCIIFallback.character(for: "a") == "a" && ASCIIFallback.character(for: "") == " ")
        #expect(ASCIIFallback.character(for: "日") == "?" && ASCIIFallback.character(for: "\u{1B}") == " ")
    }

    @Test func aTerminalThatCannotAddressTheScreenIsRefused() {
        #expect(NcursesBackend.unusableTerminal(["TERM": "dumb"])?.hasPrefix("TERM=dumb cannot show the console") == true)
        #expect(NcursesBackend.unusableTerminal([:])?.contains("TERM is not set") == true)
        #expect(NcursesBackend.unusableTerminal(["TERM": "xterm-256color"]) == nil)
    }
}
