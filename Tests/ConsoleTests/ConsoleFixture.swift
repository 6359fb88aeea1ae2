import Testing
import Foundation
import Domain
import Store
import Operations
import TerminalKit
@testable import Console

/// A small deterministic demo database, a fixed clock, and a console on a VirtualBackend
/// that runs its effects inline, so every key press ends in a settled frame.
struct ConsoleFixture {
    let folder: URL
    let ops: Operations
    let backend: VirtualBackend
    let runtime: ConsoleRuntime
    static let admin = Actor(name: "ada", role: .admin)
    /// When the demo was built (the store's clock).
    static let built = Date(timeIntervalSince1970: 1_795_000_000)
    /// The console's "now": 3 days 4 hours 10 minutes later, so ages read "3d 4h" every run.
    static let consoleNow = built.addingTimeInterval(3 * 86_400 + 4 * 3_600 + 600)

    /// `orders` > 0 captures demo orders in every state; `user` is who the console runs as.
    init(width: Int = 100, height: Int = 24, skus: Int = 40, locations: Int = 4, countCap: Int = 10_000,
         orders: Int = 0, user: Actor = Actor(name: "sam", role: .supervisor), pane: Pane = .stock) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("qm-console-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let fixed = Self.built
        ops = Operations(store: try LedgerStore(path: folder.appendingPathComponent("qm.sqlite").path, create: true),
                         clock: { fixed })
        try ops.bootstrap(osUser: "ada")
        _ = try DemoBuilder(skus: skus, locations: locations, seed: 7, orders: orders).build(into: ops, admin: Self.admin)
        backend = VirtualBackend(width: width, height: height)
        let now = Self.consoleNow
        let services = ConsoleServices(ops: ops, actor: user, clock: { now })
        var state = ConsoleState(width: width, height: height, user: user.name, role: user.role,
                                 databasePath: "test.sqlite", locations: try services.locationCodes())
        state.countCap = countCap
        state.pane = pane
        runtime = ConsoleRuntime(backend: backend, services: services, state: state, runsEffectsInline: true)
        runtime.start()
    }

    /// The orders fixture: 300 orders on 200 SKUs, opened on the orders pane.
    static func withOrders(width: Int = 100, height: Int = 24, countCap: Int = 10_000,
                           user: Actor = Actor(name: "sam", role: .supervisor), pane: Pane = .orders) throws -> ConsoleFixture {
        try ConsoleFixture(width: width, height: height, skus: 200, locations: 5, countCap: countCap, orders: 300, user: user, pane: pane)
    }

    func press(_ keys: Key...) {
        backend.enqueue(keys)
        runtime.processPendingInput()
    }

    func type(_ text: String) {
        backend.type(text)
        runtime.processPendingInput()
    }

    var screen: String { backend.screenText }

    /// Each view in turn (reached at `width` x `height` by its keys), drawn at small, odd and
    /// large sizes: every frame has exactly the terminal's lines, none wider than it.
    func expectEveryViewClips(width: Int, height: Int, _ views: [(name: String, keys: () -> Void)],
                              sourceLocation: SourceLocation = #_sourceLocation) {
        for (name, keys) in views {
            backend.resize(width: width, height: height)
            runtime.processPendingInput()
            keys()
            for (w, h) in [(50, 10), (61, 17), (80, 24), (200, 60), (30, 5)] {
                backend.resize(width: w, height: h)
                runtime.processPendingInput()
                let lines = backend.lastFrame.lines()
                #expect(lines.count == h, "\(name) at \(w)x\(h)", sourceLocation: sourceLocation)
                #expect(lines.allSatisfy { DisplayWidth.of($0) <= w }, "\(name) at \(w)x\(h)", sourceLocation: sourceLocation)
            }
        }
    }

    func remove() { try? FileManager.default.removeItem(at: folder) }
}

/// Golden text files under Snapshots/. A missing file is written and the test fails, so a
/// new snapshot is always looked at once; QM_RECORD_SNAPSHOTS=1 rewrites them all.
func assertSnapshot(_ text: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Snapshots").appendingPathComponent(name + ".txt")
    let record = ProcessInfo.processInfo.environment["QM_RECORD_SNAPSHOTS"] == "1"
    guard !record, let expected = try? String(contentsOf: url, encoding: .utf8) else {
        try? text.write(to: url, atomically: true, encoding: .utf8)
        Issue.record("Recorded snapshot \(name); check it and run again.", sourceLocation: sourceLocation)
        return
    }
    #expect(text == expected, "snapshot \(name) differs:\n\(text)", sourceLocation: sourceLocation)
}
