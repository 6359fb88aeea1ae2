import Testing
@testable import TerminalKit

@Suite struct FrameDiffTests {
    @Test func fullRepaintWithoutPreviousFrameOrOnResize() {
        let new = Buffer(width: 4, height: 3)
        #expect(FrameDiff.changes(from: nil, to: new).count == 12)
        #expect(FrameDiff.changes(from: Buffer(width: 3, height: 3), to: new).count == 12)
    }

    @Test func findsExactlyTheChangedCells() {
        var a = Buffer(width: 10, height: 3)
        a.put("hello", x: 0, y: 0)
        var b = a
        b.put("J", x: 0, y: 0)
        b.put("!", x: 9, y: 2)
        b.put("l", x: 3, y: 0)                 // same text, same style: not a change
        b.put("o", x: 4, y: 0, style: Style(.danger))  // same text, new style: a change
        let changes = FrameDiff.changes(from: a, to: b)
        #expect(changes.map { "\($0.x),\($0.y)" } == ["0,0", "4,0", "9,2"])
        #expect(changes[0].cell.text == "J")
        #expect(FrameDiff.changes(from: b, to: b).isEmpty)
    }

    @Test func virtualBackendCountsDiffedCells() {
        let backend = VirtualBackend(width: 5, height: 2)
        var frame = Buffer(width: 5, height: 2)
        backend.present(frame)
        #expect(backend.frameCount == 1)
        #expect(backend.lastDiffCellCount == 10)
        frame.put("ab", x: 0, y: 1)
        backend.present(frame)
        #expect(backend.lastDiffCellCount == 2)
        #expect(backend.screenText == "\nab")
        backend.present(frame)
        #expect(backend.lastDiffCellCount == 0)
        #expect(backend.frameCount == 3)
    }

    @Test func virtualBackendScriptsInput() {
        let backend = VirtualBackend(width: 20, height: 5)
        backend.type("hi\n")
        backend.enqueue([.escape, .ctrl("c")])
        backend.resize(width: 30, height: 6)
        var events: [InputEvent] = []
        while let e = backend.readEvent(timeoutMilliseconds: 0) { events.append(e) }
        #expect(events == [.key(.char("h")), .key(.char("i")), .key(.enter), .key(.escape), .key(.ctrl("c")),
                           .resize(width: 30, height: 6)])
        #expect(backend.size.width == 30)
        #expect(backend.size.height == 6)
        #expect(backend.readEvent(timeoutMilliseconds: 10) == nil)
        backend.shutdown()
        #expect(backend.isShutDown)
    }

    @Test func ncursesControlCodesDecode() {
        #expect(NcursesBackend.decodeCharacter(9) == .tab)
        #expect(NcursesBackend.decodeCharacter(10) == .enter)
        #expect(NcursesBackend.decodeCharacter(13) == .enter)
        #expect(NcursesBackend.decodeCharacter(27) == .escape)
        #expect(NcursesBackend.decodeCharacter(127) == .backspace)
        #expect(NcursesBackend.decodeCharacter(8) == .backspace)
        #expect(NcursesBackend.decodeCharacter(3) == .ctrl("c"))
        #expect(NcursesBackend.decodeCharacter(1) == .ctrl("a"))
        #expect(NcursesBackend.decodeCharacter(26) == .ctrl("z"))
        #expect(NcursesBackend.decodeCharacter(0x41) == .char("A"))
        #expect(NcursesBackend.decodeCharacter(0x65E5) == .char("日"))
        #expect(NcursesBackend.decodeCharacter(0x9B) == nil)
        #expect(NcursesBackend.decodeCharacter(0xD800) == nil)
    }
}
