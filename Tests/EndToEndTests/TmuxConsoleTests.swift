import Testing
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The real binary in a real terminal: tmux runs `qm`, we type into it and read the screen.
@Suite(.serialized) struct TmuxConsoleTests {
    @Test func filterDrillResizeAndQuitOnADemoDatabase() throws {
        let t = try TmuxSession()
        defer { t.close() }
        try t.qm(["demo", "--db", t.database, "--skus", "500", "--locations", "6"])

        try t.start(width: 120, height: 40, command: "\(t.binary) --db \(t.database)")
        try t.waitFor("rows")
        #expect(t.screen.contains("1 Stock"))

        try t.keys("/", "QM1001", "Enter")
        try t.waitFor("Filter: QM1001")
        // The count on screen is the one the CLI gives for the same filter.
        let expected = try t.qm(["stock", "--db", t.database, "--filter", "QM1001", "--format", "csv"])
            .split(separator: "\n").count - 1
        try t.waitFor("\(expected) rows")
        try t.keys("Enter")
        try t.waitFor("Recent moves")
        #expect(t.screen.contains("QM10010"))

        try t.resize(width: 60, height: 15)
        try t.waitFor("QM10010", lines: 15)
        for line in t.screen.split(separator: "\n", omittingEmptySubsequences: false) {
            #expect(line.count <= 60)
        }
        try t.resize(width: 120, height: 40)
        try t.waitFor("Available to promise")
        try t.keys("Escape")
        try t.waitFor("SKU       Name")

        try t.keys("q")
        let status = try t.waitForExit()
        #expect(status == 0)
        // The terminal was given back: tmux left the alternate screen.
        #expect(try t.tmux(["display-message", "-p", "-t", "t", "#{alternate_on}"]).trimmingCharacters(in: .whitespacesAndNewlines) == "0")
        // And the database is intact.
        #expect(try t.qm(["verify", "--db", t.database]).hasPrefix("OK"))
    }

    @Test(arguments: ["TERM", "SEGV"])
    func theTerminalIsRestoredWhenQmIsKilledOrCrashes(signal: String) throws {
        let t = try TmuxSession()
        defer { t.close() }
        try t.qm(["demo", "--db", t.database, "--skus", "50", "--locations", "4"])
        try t.start(width: 100, height: 30, command: "\(t.binary) --db \(t.database)")
        try t.waitFor("rows")
        #expect(try t.tmux(["display-message", "-p", "-t", "t", "#{alternate_on}"]).trimmingCharacters(in: .whitespacesAndNewlines) == "1")
        let pid = try t.tmux(["display-message", "-p", "-t", "t", "#{pane_pid}"]).trimmingCharacters(in: .whitespacesAndNewlines)
        // The pane runs a shell; qm is its child.
        let r = try QMBinary.run("/usr/bin/pkill", ["-\(signal)", "-P", pid, "-x", "qm"])
        #expect(r.status == 0)
        let status = try t.waitForExit()
        #expect(status == 128 + (signal == "TERM" ? 15 : 11))
        #expect(try t.tmux(["display-message", "-p", "-t", "t", "#{alternate_on}"]).trimmingCharacters(in: .whitespacesAndNewlines) == "0")
    }

    @Test func tooSmallTerminalShowsAClearMessageAndCtrlCQuits() throws {
        let t = try TmuxSession()
        defer { t.close() }
        try t.qm(["demo", "--db", t.database, "--skus", "50", "--locations", "4"])
        try t.start(width: 40, height: 8, command: "\(t.binary) --db \(t.database)")
        try t.waitFor("too small")
        try t.keys("q")            // ignored while too small
        Thread.sleep(forTimeInterval: 0.3)
        #expect(t.exitStatus == nil)
        try t.keys("C-c")
        #expect(try t.waitForExit() == 0)
    }
}

/// A private tmux server (its own socket) running one command, with helpers to poll the screen.
final class TmuxSession {
    let socket = "qmtest-\(UUID().uuidString.prefix(8))"
    let folder: URL
    let binary: String
    var database: String { folder.appendingPathComponent("e2e.sqlite").path }
    var exitFile: String { folder.appendingPathComponent("exit-status").path }

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("qm-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        binary = try QMBinary.path()
    }

    @discardableResult
    func qm(_ args: [String]) throws -> String { try run(binary, args) }

    @discardableResult
    func tmux(_ args: [String]) throws -> String { try run("/usr/bin/env", ["tmux", "-L", socket] + args) }

    func start(width: Int, height: Int, command: String) throws {
        // The shell records qm's exit status, then waits so the pane (and its screen) stays.
        let wrapped = "\(command); echo $? > \(exitFile); sleep 30"
        // The first tmux call forks the server, which inherits (and never closes) whatever
        // descriptors Foundation's Process keeps for watching its child, so that wait never
        // ends. Start it through system(3), which only waits for the shell.
        let command = ["tmux", "-L", socket, "-f", "/dev/null", "new-session", "-d", "-s", "t",
                       "-x", "\(width)", "-y", "\(height)", "-e", "LANG=C.UTF-8", "-e", "TERM=tmux-256color",
                       "-e", "USER=e2e", wrapped].map(Self.shellQuoted).joined(separator: " ")
        let status = system(command + " </dev/null >/dev/null 2>&1")
        guard status == 0 else { throw E2EError("tmux new-session failed with status \(status)") }
    }

    func keys(_ keys: String...) throws { try tmux(["send-keys", "-t", "t"] + keys) }

    func resize(width: Int, height: Int) throws {
        try tmux(["resize-window", "-t", "t", "-x", "\(width)", "-y", "\(height)"])
    }

    var screen: String { (try? tmux(["capture-pane", "-p", "-t", "t"])) ?? "" }

    func waitFor(_ text: String, lines: Int? = nil, timeout: Double = 10) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            let s = screen
            if s.contains(text), lines == nil || s.split(separator: "\n", omittingEmptySubsequences: false).count <= lines! + 1 { return }
            Thread.sleep(forTimeInterval: 0.05)
        }
        throw E2EError("timed out waiting for '\(text)'; screen was:\n\(screen)")
    }

    var exitStatus: Int? {
        (try? String(contentsOfFile: exitFile, encoding: .utf8)).flatMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }

    func waitForExit(timeout: Double = 10) throws -> Int {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let s = exitStatus { return s }
            Thread.sleep(forTimeInterval: 0.05)
        }
        throw E2EError("qm did not exit; screen was:\n\(screen)")
    }

    func close() {
        _ = try? tmux(["kill-server"])
        try? FileManager.default.removeItem(at: folder)
    }

    static func shellQuoted(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }

    @discardableResult
    private func run(_ path: String, _ args: [String]) throws -> String {
        let result = try QMBinary.run(path, args)
        guard result.status == 0 else {
            throw E2EError("\(path) \(args.joined(separator: " ")) exited \(result.status): \(result.stderr)")
        }
        return result.stdout
    }
}

