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

@Suite struct ConfirmDialogWrapTests {
    @Test func aQuestionReWrapsToTheScreenItIsDrawnOnAndLosesNoWord() {
        let sentence = "Release the fraud review hold on 3 orders: 10, 20, 30. Order 20 stays on its payment pending (finance) hold."
        let dialog = ConfirmDialog(title: "Release holds", message: [sentence])
        for width in [100, 60, 40] {
            var buffer = Buffer(width: width, height: 20)
            dialog.draw(in: buffer.bounds, buffer: &buffer)
            let text = buffer.lines().map { $0.replacingOccurrences(of: "│", with: " ") }.joined(separator: " ")
            let words = text.split(separator: " ").map(String.init)
            for word in sentence.split(separator: " ") { #expect(words.contains(String(word)), "\(word) at width \(width)") }
            #expect(buffer.lines().allSatisfy { DisplayWidth.of($0) <= width })
        }
    }
}
