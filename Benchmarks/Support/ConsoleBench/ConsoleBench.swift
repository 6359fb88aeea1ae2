import Foundation
import Benchmark
import Domain
import Store
import Operations
import TerminalKit
import Console

// What the console benchmarks share: a console on a database, driven through the
// VirtualBackend with effects run inline, so each key press ends in a settled frame.

/// A console on `database` as a viewer, showing `pane`; not started yet. Effects run inline
/// (each key ends in a settled frame) unless `inline` is false: then they run on the console's
/// queues as in the real console, and a key's frame is the one it draws at once.
public func openConsole(database: String, pane: Pane = .stock, width: Int = 120, height: Int = 40,
                        inline: Bool = true) -> (VirtualBackend, ConsoleRuntime) {
    let ops = Operations(store: try! LedgerStore(path: database, create: false))
    let services = ConsoleServices(ops: ops, actor: Actor(name: "bench", role: .viewer))
    let backend = VirtualBackend(width: width, height: height)
    var state = ConsoleState(width: width, height: height, user: "bench", role: .viewer,
                             databasePath: database, locations: try! services.locationCodes())
    state.pane = pane
    return (backend, ConsoleRuntime(backend: backend, services: services, state: state, runsEffectsInline: inline))
}

/// `openConsole`, started (its first reads made): a console the samples share.
public func startedConsole(database: String, pane: Pane = .stock, inline: Bool = true) -> (VirtualBackend, ConsoleRuntime) {
    let console = openConsole(database: database, pane: pane, inline: inline)
    console.1.start()
    return console
}

/// Per key press, up to 2,000 samples in 10 s.
public var keyLatency: Benchmark.Configuration {
    .init(metrics: [.wallClock, .peakMemoryResident], timeUnits: .microseconds, maxDuration: .seconds(10), maxIterations: 2_000)
}

/// Browsing a long list: mostly arrows and pages, now and then a jump to either end.
public let browsingKeys: [Key] = [.down, .down, .down, .down, .pageDown, .pageDown, .down, .up, .pageUp, .pageDown,
                                  .pageDown, .pageDown, .end, .up, .up, .pageUp, .home]

/// Measures opening a fresh console on `database` through its first frame, once per iteration.
public func measureFirstFrame(_ benchmark: Benchmark, database: String, pane: Pane = .stock) {
    for _ in benchmark.scaledIterations {
        let (backend, runtime) = openConsole(database: database, pane: pane)
        runtime.start()
        blackHole(backend.lastFrame)
    }
}

/// Measures one key press per iteration, taking `keys` in turn from `step`, so a console kept
/// across samples continues the sequence where the last sample stopped.
public func measureKeys(_ benchmark: Benchmark, _ keys: [Key], step: inout Int, on console: (VirtualBackend, ConsoleRuntime)) {
    let (backend, runtime) = console
    benchmark.startMeasurement()
    for _ in benchmark.scaledIterations {
        backend.enqueue([keys[step % keys.count]])
        runtime.processPendingInput()
        step += 1
    }
    benchmark.stopMeasurement()
    blackHole(backend.lastFrame)
}

/// The database a benchmark reads: the path in the environment variable `variable`, else
/// `path`; a missing one stops the run saying how to build it.
public func benchmarkDatabase(_ variable: String, default path: String, build: (String) -> String) -> String {
    let path = ProcessInfo.processInfo.environment[variable] ?? path
    guard FileManager.default.fileExists(atPath: path) else { fatalError("No database at \(path): build it with `\(build(path))`.") }
    return path
}
