import Testing
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The orders pane of the real console in a real terminal: a customer-service user holds,
/// releases and cancels orders; a supervisor allocates and cancels while two `qm allocate`
/// processes and a stock adjuster race it. The CLI then checks what the console did.
@Suite(.serialized) struct TmuxOrderTests {
    @Test func holdReleaseAndCancelThroughTheConsoleAreRecordedAsTheConsoleUser() throws {
        let t = try TmuxSession()
        defer { t.stopConsole() }
        let db = t.database
        try t.qm(["demo", "--db", db, "--skus", "200", "--locations", "5", "--orders", "300"])

        // Wide enough for the title bar to name the user beside the long temporary path.
        try t.start(width: 170, height: 40, command: "\(t.binary) --db \(db) --pane orders --as cora")
        try t.waitFor("Order queues: 300 sales orders")
        #expect(t.screen.contains("cora (customerService)"))

        // The allocated queue, longest in state first.
        try t.openQueue("allocated")
        let allocated = try #require(t.firstMatch(#"Queue: allocated · (\d+) orders"#).flatMap { Int($0) })
        let first = try #require(t.listedOrders().first)
        let second = try #require(t.listedOrders().dropFirst().first)

        // Hold the first order: a customer hold with a note, through the reason picker.
        try t.keys("h")
        try t.waitFor("Hold order \(first): why?")
        // The picker's reasons may reach the screen a frame after its title on a busy machine.
        try t.waitFor("not for customer service")
        #expect(t.screen.contains("customer request") && t.screen.contains("not for customer service"))
        try t.type("call back Tuesday")
        try t.waitFor("Note: call back Tuesday")
        try t.keys("Enter")
        try t.waitForMessage("Order \(first) held")
        try t.waitUntil("the hold shows in the list") { t.listedRow(first, in: $0)?.contains(" customer ") == true }

        // Release it (the cursor is still on it).
        try t.keys("r")
        try t.waitFor("Release the customer request hold on order \(first)")
        try t.keys("y")
        try t.waitForMessage("Order \(first) released")
        try t.waitUntil("the hold leaves the list") { t.listedRow(first, in: $0).map { !$0.contains(" customer ") } == true }

        // Its detail shows the hold, placed and released by cora.
        try t.keys("Enter")
        try t.waitFor("Order \(first) · ")
        try t.waitUntil("the released hold in the detail") {
            $0.contains("customer request (owner customer service): call back Tuesday")
                && $0.range(of: #"placed [0-9: -]+ by cora · released [0-9: -]+ by cora"#, options: .regularExpression) != nil
        }
        try t.keys("Escape")
        try t.waitFor("Queue: allocated")

        // Cancel the second: reason, then a y/n question naming the reserved units freed.
        let before = try OrderJSON(t.qm(["order", "show", String(second), "--db", db, "--format", "json"]))
        let reservedBefore = try t.reserved(before.liveAllocations.map(\.place), db: db)
        try t.keys("j", "x")
        try t.waitFor("Cancel order \(second): why?")
        try t.keys("Enter")                       // customer request, highlighted first
        try t.waitFor("[y] Cancel it")
        let question = t.dialogText
        #expect(question.contains("Cancel order \(second) (\(before.channel) \(before.ref))?"), "\(question)")
        #expect(question.contains(CancelWording.freed(before.liveAllocations)), "\(question)")
        #expect(question.contains("Reason: customer request"), "\(question)")
        try t.keys("y")
        try t.waitForMessage("Order \(second) cancelled")
        try t.waitUntil("the cancelled order leaves the allocated list") { t.listedRow(second, in: $0) == nil }
        try t.waitFor("Queue: allocated · \(allocated - 1) orders")
        #expect(!t.messageIsError)

        // What the CLI sees. The first order: still allocated, its hold released, both by cora.
        let held = try OrderJSON(t.qm(["order", "show", String(first), "--db", db, "--format", "json"]))
        #expect(held.state == "allocated")
        #expect(held.holds.count == 1)
        let hold = try #require(held.holds.first)
        #expect(hold["reason"] as? String == "customer")
        #expect(hold["note"] as? String == "call back Tuesday")
        #expect(hold["placedBy"] as? String == "cora" && hold["releasedBy"] as? String == "cora")
        #expect(hold["releasedAt"] as? String != nil)
        let firstAudit = try t.audit(order: first, db: db)
        #expect(firstAudit.filter { $0.command == "order.hold" && $0.actor == "cora" && $0.role == "customerService" }.count == 1)
        #expect(firstAudit.filter { $0.command == "order.release" && $0.actor == "cora" }.count == 1)
        #expect(firstAudit.first { $0.command == "order.hold" }?.reason.contains("call back Tuesday") == true)

        // The second: cancelled whole, no live allocation, its reserved units back to sellable.
        let cancelled = try OrderJSON(t.qm(["order", "show", String(second), "--db", db, "--format", "json"]))
        #expect(cancelled.state == "cancelled")
        #expect(!cancelled.lines.isEmpty)
        for line in cancelled.lines {
            #expect(line["cancelled"] as? Int == line["quantity"] as? Int && line["allocated"] as? Int == 0, "\(line)")
        }
        #expect(cancelled.liveAllocations.isEmpty)
        let reservedAfter = try t.reserved(before.liveAllocations.map(\.place), db: db)
        for (place, was) in reservedBefore {
            let freed = before.liveAllocations.filter { $0.place == place }.reduce(0) { $0 + $1.quantity }
            #expect(reservedAfter[place] == was - freed, "\(place)")
        }
        let secondAudit = try t.audit(order: second, db: db)
        #expect(secondAudit.first?.command == "order.cancel" && secondAudit.first?.actor == "cora")

        #expect(try t.qm(["verify", "--db", db]).hasPrefix("OK"))
        try t.keys("q")
        #expect(try t.waitForExit() == 0)
    }

    /// Scarce stock, two allocators with different policies in short transactions, a third
    /// process adding stock, and a supervisor at the console allocating marked orders and
    /// cancelling one, all at once: nothing is promised twice and the console keeps up.
    @Test func twoAllocatorsAndTheConsoleAtOnceNeverOversell() throws {
        let t = try TmuxSession()
        let workers = Workers()
        defer {
            workers.stop()
            t.stopConsole()
        }
        let db = t.database
        try t.qm(["demo", "--db", db, "--skus", "20", "--locations", "4", "--orders", "600"])
        // Stock arrives at one warehouse for the SKUs the most orders wait for.
        let short = try t.qm(["backorders", "--db", db, "--format", "csv"]).split(separator: "\n").dropFirst()
            .prefix(4).map { String($0.split(separator: ",")[0]) }
        #expect(short.count == 4)

        // The console first: tmux's server must not inherit the workers' pipes.
        try t.start(width: 120, height: 40, command: "\(t.binary) --db \(db) --pane orders --as sam")
        try t.waitFor("Order queues: 600 sales orders")

        for policy in ["fastest", "balance"] {
            workers.spawn(policy) { w in
                // At least three runs, and on until the console is done.
                var runs = 0
                while runs < 3 || !w.stopping {
                    w.record(policy, w.run(["allocate", "--db", db, "--chunk", "5", "--policy", policy]))
                    runs += 1
                }
            }
        }
        workers.spawn("adjust") { w in
            var n = 0
            while n < 4 || !w.stopping {
                let sku = short[n % short.count]
                w.record("adjust", w.run(["move", "adjust", "--db", db, "--sku", sku, "--location", "WH-UK-N",
                                          "--qty", "3", "--reason", "found in the race"]))
                n += 1
                Thread.sleep(forTimeInterval: 0.1)
            }
        }

        // Backordered orders: mark three, allocate them now. The marks go when the action is done.
        try t.openQueue("backordered")
        try t.markAndAllocate(3)

        // Partially allocated orders, whose reservations the allocators are adding to: mark two,
        // allocate them, then cancel the first.
        try t.keys("Escape")
        try t.waitFor("Order queues:")
        try t.openQueue("partiallyAllocated")
        try t.markAndAllocate(2)
        try t.keys("g")
        try t.keys("x")
        try t.waitFor(": why?")
        let victim = try #require(t.firstMatch(#"Cancel order (\d+): why\?"#).flatMap { Int64($0) })
        try t.keys("Enter")
        try t.waitFor("[y] Cancel it")
        #expect(t.dialogText.contains("Cancel order \(victim) ("), "\(t.dialogText)")
        try t.keys("y")
        try t.waitForMessage("Order \(victim) cancelled", timeout: 15)

        // Let the others finish, watching the console meanwhile: no error may flash.
        workers.requestStop()
        let deadline = Date().addingTimeInterval(60)
        while !workers.finished, Date() < deadline {
            if t.messageIsError { Issue.record("the console showed an error: \(t.messageLine)") }
            Thread.sleep(forTimeInterval: 0.1)
        }
        #expect(workers.finished, "the allocators did not finish within 60 s")
        let runs = workers.results
        for name in ["fastest", "balance", "adjust"] {
            let mine = runs.filter { $0.worker == name }
            #expect(mine.count >= 3, "\(name) ran \(mine.count) times")
            for r in mine where r.status != 0 { Issue.record("\(name) exited \(r.status): \(r.stderr)") }
        }

        // The ledger is exact and nothing is promised twice.
        let verify = try t.qm(["verify", "--db", db])
        #expect(verify.hasPrefix("OK"), "\(verify)")
        let stock = try t.qm(["stock", "--db", db, "--format", "csv"]).split(separator: "\n")
        let header = stock[0].split(separator: ",").map(String.init)
        let (sellable, reserved) = try (#require(header.firstIndex(of: "sellable")), #require(header.firstIndex(of: "reserved")))
        for row in stock.dropFirst() {
            let cells = row.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            let (s, r) = (Int(cells[sellable]) ?? -1, Int(cells[reserved]) ?? -1)
            // Reserving moves units from sellable to reserved, so an oversold position goes below zero.
            #expect(s >= 0 && r >= 0, "\(row)")
        }
        let gone = try OrderJSON(t.qm(["order", "show", String(victim), "--db", db, "--format", "json"]))
        #expect(gone.state == "cancelled" && gone.liveAllocations.isEmpty)
        #expect(try t.audit(order: victim, db: db).first?.actor == "sam")
        // (Whether sam's "allocate now" changed anything depends on who won the race for the
        // stock: an order retried with nothing new is not written or audited.)

        // The console caught up by itself: its queues count what the CLI counts, and no error shows.
        try t.keys("Escape")
        try t.waitFor("Order queues:")
        var byState: [String: Int] = [:]
        for order in try t.ordersJSON(db: db) { byState[order["state"] as? String ?? "?", default: 0] += 1 }
        try t.waitUntil("the queues match the CLI \(byState)", timeout: 5) { screen in
            byState.allSatisfy { state, count in t.queueCount(state, in: screen) == count }
        }
        #expect(!t.messageIsError, "\(t.messageLine)")
        try t.keys("q")
        #expect(try t.waitForExit() == 0)
    }
}

// MARK: - Helpers

extension TmuxSession {
    /// The qm process the pane's shell runs (nil once it has exited).
    var consolePID: pid_t? {
        guard let pane = try? tmux(["display-message", "-p", "-t", "t", "#{pane_pid}"])
                .trimmingCharacters(in: .whitespacesAndNewlines),
              let children = try? String(contentsOfFile: "/proc/\(pane)/task/\(pane)/children", encoding: .utf8) else { return nil }
        for child in children.split(separator: " ") {
            let comm = (try? String(contentsOfFile: "/proc/\(child)/comm", encoding: .utf8))?
                .trimmingCharacters(in: .whitespacesAndNewlines)
            if comm == "qm", let pid = pid_t(child) { return pid }
        }
        return nil
    }

    /// Ends qm (by its process id) if it still runs, then the tmux server.
    func stopConsole() {
        if let pid = consolePID {
            kill(pid, SIGTERM)
            _ = try? waitForExit(timeout: 3)
        }
        close()
    }

    /// Text typed literally (spaces and all), not as key names.
    func type(_ text: String) throws { try tmux(["send-keys", "-t", "t", "-l", text]) }

    var lines: [String] { screen.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }

    /// The flash line, just above the hint bar.
    var messageLine: String { Self.messageLine(lines) }

    static func messageLine(_ lines: [String]) -> String {
        // capture-pane drops the trailing newline's empty line only sometimes: find the hint bar from the end.
        let trimmed = Array(lines.reversed().drop { $0.isEmpty }.reversed())
        return trimmed.count >= 2 ? trimmed[trimmed.count - 2].trimmingCharacters(in: .whitespaces) : ""
    }

    /// Errors flash in bold (the danger style); information does not.
    var messageIsError: Bool {
        guard let raw = try? tmux(["capture-pane", "-e", "-p", "-t", "t"]) else { return false }
        let styled = raw.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let trimmed = Array(styled.reversed().drop { $0.isEmpty }.reversed())
        guard trimmed.count >= 2, !messageLine.isEmpty else { return false }
        return trimmed[trimmed.count - 2].hasPrefix("\u{1B}[1m")
    }

    func waitForMessage(_ text: String, timeout: Double = 10) throws {
        try waitForMessage(timeout: timeout) { $0.contains(text) }
    }

    func waitForMessage(timeout: Double = 10, _ matches: (String) -> Bool) throws {
        try waitUntil("a message", timeout: timeout) { matches(Self.messageLine($0.split(separator: "\n", omittingEmptySubsequences: false).map(String.init))) }
    }

    /// Polls the screen until `done` holds for it.
    func waitUntil(_ what: String, timeout: Double = 10, _ done: (String) -> Bool) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if done(screen) { return }
            Thread.sleep(forTimeInterval: 0.05)
        }
        throw E2EError("timed out waiting for \(what); screen was:\n\(screen)")
    }

    /// A state as the console words it: "partiallyAllocated" -> "partially allocated".
    static func words(_ state: String) -> String {
        state.reduce(into: "") { out, c in if c.isUppercase { out += " " + c.lowercased() } else { out.append(c) } }
    }

    /// From the queues, opens the state queue named (Home first, then down to it).
    func openQueue(_ state: String) throws {
        let title = Self.words(state)
        try waitUntil("the \(title) queue row") { queueCount(state, in: $0) != nil }
        let row = try #require(lines.dropFirst(3).firstIndex { $0.hasPrefix(title + " ") })
        try keys("g")
        for _ in 0..<(row - 3) { try keys("j") }
        try keys("Enter")
        try waitFor("Queue: \(title) · ")
        try waitUntil("the \(state) orders") { _ in !listedOrders().isEmpty }
    }

    /// Marks the next `count` orders of the open queue and allocates them now; the marks go
    /// when the action is done, which must not be an error.
    func markAndAllocate(_ count: Int) throws {
        for _ in 0..<count { try keys("Space") }
        try waitFor(" marked")
        try keys("a")
        try waitFor("which policy?")
        try keys("Enter")                                   // fastest, then its dry run
        try waitUntil("the dry run", timeout: 15) { $0.contains("[y] Allocate") || Self.messageLine($0.split(separator: "\n").map(String.init)).hasPrefix("Nothing to allocate") }
        if screen.contains("[y] Allocate") { try keys("y") } else { try keys("u") }
        // Finished when the marks are gone and the outcome is on the message line (drawn a frame
        // apart on a busy machine).
        try waitUntil("the allocation to finish", timeout: 15) { screen in
            let line = Self.messageLine(screen.split(separator: "\n").map(String.init))
            return !screen.contains(" marked")
                && ["Allocation ran for ", "Nothing allocated", "Nothing to allocate"].contains { line.hasPrefix($0) }
        }
        #expect(messageLine.hasPrefix("Allocation ran for ") || messageLine.hasPrefix("Nothing allocated")
                || messageLine.hasPrefix("Nothing to allocate"), "\(messageLine)")
        #expect(!messageIsError || messageLine.hasPrefix("Nothing to allocate"), "\(messageLine)")
    }

    /// The orders listed, top to bottom.
    func listedOrders() -> [Int64] {
        lines.dropFirst(3).compactMap { line in
            let cells = line.dropFirst().split(separator: " ")
            return cells.count > 3 ? Int64(cells[0]) : nil
        }
    }

    /// The listing row of an order, if it shows.
    func listedRow(_ order: Int64, in screen: String) -> String? {
        screen.split(separator: "\n").dropFirst(3).first { $0.dropFirst().split(separator: " ").first == "\(order)" }.map(String.init)
    }

    /// A state queue's order count as the queues table shows it.
    func queueCount(_ state: String, in screen: String) -> Int? {
        let title = Self.words(state) + " "
        for line in screen.split(separator: "\n") where line.hasPrefix(title) {
            let cells = line.dropFirst(title.count).split(separator: " ")
            if cells.count >= 2, cells[0] == "state" { return Int(cells[1]) }
        }
        return nil
    }

    /// The text inside a box drawn on the screen (a dialog), lines joined by spaces.
    var dialogText: String {
        lines.compactMap { line -> String? in
            guard let open = line.firstIndex(of: "│"), let close = line.lastIndex(of: "│"), open < close else { return nil }
            let inner = line[line.index(after: open)..<close].trimmingCharacters(in: .whitespaces)
            return inner.isEmpty ? nil : inner
        }.joined(separator: " ")
    }

    /// The first capture group of a pattern on the screen.
    func firstMatch(_ pattern: String) -> String? {
        let text = screen
        guard let regex = try? NSRegularExpression(pattern: pattern),
              let m = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)), m.numberOfRanges > 1,
              let range = Range(m.range(at: 1), in: text) else { return nil }
        return String(text[range])
    }

    struct AuditEntry { var command: String; var actor: String; var role: String; var reason: String }

    /// An order's audit entries, newest first.
    func audit(order: Int64, db: String) throws -> [AuditEntry] {
        let json = try qm(["audit", "--db", db, "--entity", "order:\(order)", "--format", "json"])
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])
        return rows.map { AuditEntry(command: $0["command"] as? String ?? "", actor: $0["actor"] as? String ?? "",
                                     role: $0["role"] as? String ?? "", reason: $0["reason"] as? String ?? "") }
    }

    func ordersJSON(db: String) throws -> [[String: Any]] {
        let json = try qm(["orders", "--db", db, "--kind", "sale", "--limit", "100000", "--format", "json"])
        return try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])
    }

    /// Reserved units at each SKU@location.
    func reserved(_ places: [String], db: String) throws -> [String: Int] {
        var result: [String: Int] = [:]
        for place in Set(places) {
            let parts = place.split(separator: "@").map(String.init)
            let rows = try qm(["stock", "--db", db, "--sku", parts[0], "--location", parts[1], "--format", "csv"]).split(separator: "\n")
            let header = rows[0].split(separator: ",").map(String.init)
            let column = try #require(header.firstIndex(of: "reserved"))
            result[place] = Int(rows[1].split(separator: ",", omittingEmptySubsequences: false)[column])
        }
        return result
    }
}

/// `qm order show --format json`, the parts these tests read.
struct OrderJSON {
    struct Allocation { var sku: String; var location: String; var quantity: Int; var place: String { "\(sku)@\(location)" } }
    var state: String
    var channel: String
    var ref: String
    var lines: [[String: Any]]
    var holds: [[String: Any]]
    var liveAllocations: [Allocation]

    init(_ text: String) throws {
        let root = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let order = try #require(root["order"] as? [String: Any])
        let header = try #require(order["header"] as? [String: Any])
        state = header["state"] as? String ?? ""
        channel = header["channel"] as? String ?? ""
        ref = header["externalRef"] as? String ?? ""
        lines = order["lines"] as? [[String: Any]] ?? []
        holds = order["holds"] as? [[String: Any]] ?? []
        liveAllocations = (order["allocations"] as? [[String: Any]] ?? []).filter { $0["status"] as? String == "live" }.map {
            Allocation(sku: $0["sku"] as? String ?? "", location: $0["location"] as? String ?? "", quantity: $0["quantity"] as? Int ?? 0)
        }
    }
}

/// What the cancel question must say about reserved stock, worked out independently.
enum CancelWording {
    static func freed(_ allocations: [OrderJSON.Allocation]) -> String {
        var at: [String: Int] = [:]
        for a in allocations { at[a.location, default: 0] += a.quantity }
        let total = at.values.reduce(0, +)
        let units = total == 1 ? "1 reserved unit" : "\(total) reserved units"
        if total == 0 { return "Nothing is reserved for it, so no stock moves." }
        if at.count == 1 { return "\(units) at \(at.keys.first!) go\(total == 1 ? "es" : "") back to sellable." }
        return "\(units) go back to sellable: " + at.sorted { $0.key < $1.key }.map { "\($0.value) at \($0.key)" }.joined(separator: ", ") + "."
    }
}

/// Background `qm` runs that race the console: each tracked so it can be waited for or ended.
final class Workers: @unchecked Sendable {
    struct Run { var worker: String; var status: Int32; var stderr: String }
    private let lock = NSLock()
    private let group = DispatchGroup()
    private var running: [Process] = []
    private var runs: [Run] = []
    private var stopRequested = false
    private let binary: String

    init() { binary = (try? QMBinary.path()) ?? "qm" }

    var stopping: Bool { lock.withLock { stopRequested } }
    var results: [Run] { lock.withLock { runs } }

    func spawn(_ name: String, _ body: @escaping @Sendable (Workers) -> Void) {
        group.enter()
        Thread.detachNewThread { [self] in
            body(self)
            group.leave()
        }
    }

    func record(_ worker: String, _ result: QMBinary.Result?) {
        lock.withLock { runs.append(Run(worker: worker, status: result?.status ?? -1, stderr: result?.stderr ?? "could not start")) }
    }

    func requestStop() { lock.withLock { stopRequested = true } }

    var finished: Bool { group.wait(timeout: .now()) == .success }

    /// Asks the workers to finish and waits for them (60 s at most, then ends their runs).
    func stop() {
        requestStop()
        if group.wait(timeout: .now() + 60) == .success { return }
        for p in lock.withLock({ running }) where p.isRunning { p.terminate() }
        _ = group.wait(timeout: .now() + 10)
    }

    /// One `qm` run as the admin, tracked while it runs so `stop` can end it.
    func run(_ args: [String]) -> QMBinary.Result? {
        var process: Process?
        defer { if let p = process { lock.withLock { running.removeAll { $0 === p } } } }
        return try? QMBinary.run(binary, args) { p in
            process = p
            lock.withLock { running.append(p) }
        }
    }
}
