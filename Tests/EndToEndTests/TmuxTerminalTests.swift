import Testing
import Foundation

/// Terminals of every kind: a plain C locale gets ASCII boxes, a dumb terminal a clear
/// refusal, and the mouse selects and opens rows instead of arriving as stray keys.
@Suite(.serialized) struct TmuxTerminalTests {
    @Test func aCLocaleDrawsBoxesInASCII() throws {
        let t = try TmuxSession()
        defer { t.stopConsole() }
        try t.qm(["demo", "--db", t.database, "--skus", "60", "--locations", "4", "--orders", "50"])
        try t.start(width: 100, height: 30, command: "LANG=C LC_ALL=C \(t.binary) --db \(t.database)")
        try t.waitFor("rows")
        try t.keys("?")
        try t.waitFor("Quartermaster keys")
        let box = t.lines.filter { $0.contains("Quartermaster keys") }.first ?? ""
        #expect(box.contains("+ Quartermaster keys -") && !box.contains("?"), "\(box)")
        #expect(t.lines.contains { $0.contains("|   q ") }, "\(t.screen)")
    }

    @Test func aDumbTerminalIsRefusedWithASentence() throws {
        let qm = try QMBinary.path()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("qm-dumb-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = folder.appendingPathComponent("d.sqlite").path
        _ = try QMBinary.run(qm, ["demo", "--db", db, "--skus", "20", "--locations", "3"])
        let r = try QMBinary.run(qm, ["--db", db], environment: ["TERM": "dumb"])
        #expect(r.status != 0)
        #expect(r.stderr == "qm: TERM=dumb cannot show the console (it cannot move the cursor); use a full-screen terminal (e.g. TERM=xterm-256color) or the qm commands (qm --help).\n")
        let unknown = try QMBinary.run(qm, ["--db", db], environment: ["TERM": "no-such-terminal"])
        #expect(unknown.status != 0 && unknown.stderr.contains("TERM=no-such-terminal is not known here"), "\(unknown.stderr)")
    }

    @Test func aClickSelectsARowAndASecondOpensIt() throws {
        let t = try TmuxSession()
        defer { t.stopConsole() }
        try t.qm(["demo", "--db", t.database, "--skus", "60", "--locations", "4", "--orders", "50"])
        try t.start(width: 100, height: 30, command: "\(t.binary) --db \(t.database)")
        try t.waitFor("rows")
        let row = 6   // the fourth stock row (title, filter line, header, then rows)
        let sku = try #require(t.lines[row].split(separator: " ").first.map(String.init))
        // An xterm mouse report: ESC [ M, then button, column and row, each plus 32 (1-based).
        let at = String(UnicodeScalar(UInt8(32 + 10 + 1))) + String(UnicodeScalar(UInt8(32 + row + 1)))
        func click() throws {
            try t.type("\u{1B}[M " + at)      // press
            try t.type("\u{1B}[M#" + at)      // release
        }
        try click()
        // The row shows selected (reverse video) before the second click, which opens it.
        try t.waitUntil("the clicked row selected") { _ in
            let styled = (try? t.tmux(["capture-pane", "-e", "-p", "-t", "t"]))?.split(separator: "\n", omittingEmptySubsequences: false) ?? []
            return styled.count > row && styled[row].hasPrefix("\u{1B}[7m")
        }
        // The second click's press and release come in one write: the console may read them
        // together, and then ncurses hands over only the release. It must still open the row.
        try t.type("\u{1B}[M " + at + "\u{1B}[M#" + at)
        try t.waitFor("Available to promise")
        #expect(t.lines[2].contains(sku), "\(t.screen)")
        // Nothing arrived as keys: still on the stock pane, no pane switched, no filter typed.
        #expect(!t.screen.contains("Filter: M"))
        // A click on a pane's name shows it.
        let x = try #require(t.lines[0].range(of: "3 Orders").map { t.lines[0].distance(from: t.lines[0].startIndex, to: $0.lowerBound) })
        try t.type("\u{1B}[M " + String(UnicodeScalar(UInt8(32 + x + 1))) + String(UnicodeScalar(UInt8(32 + 1))))
        try t.waitFor("Order queues:")
    }
}
