import Benchmark
import Foundation
import Domain
import Store
import Operations
import TerminalKit
import Console
import ConsoleBench

// The stock pane on the 100k-SKU x 20-location demo database: each measured key press ends
// in a settled frame (rows fetched from SQLite, and counted where the key changed the filter).

/// The demo database every benchmark here reads; built once (about 6 s) and reused.
let benchDatabase: String = {
    let env = ProcessInfo.processInfo.environment
    let path = env["QM_BENCH_DB"] ?? FileManager.default.temporaryDirectory.appendingPathComponent("qm-bench-100k.sqlite").path
    if !FileManager.default.fileExists(atPath: path) {
        let ops = Operations(store: try! LedgerStore(path: path, create: true))
        try! ops.bootstrap(osUser: "bench")
        _ = try! DemoBuilder(skus: 100_000, locations: 20, seed: 42)
            .build(into: ops, admin: Actor(name: "bench", role: .admin))
        try! ops.checkpoint()
    }
    return path
}()

/// One console for each key-press benchmark, kept across samples so the key sequence
/// continues where the last sample stopped (a benchmark process runs one benchmark at a time).
nonisolated(unsafe) let scrolling = startedConsole(database: benchDatabase)
nonisolated(unsafe) let filtering: (VirtualBackend, ConsoleRuntime) = {
    let console = startedConsole(database: benchDatabase)
    console.0.enqueue([.char("/")])
    console.1.processPendingInput()
    return console
}()
nonisolated(unsafe) var scrollStep = 0
nonisolated(unsafe) var filterStep = 0

let benchmarks: @Sendable () -> Void = {
    Benchmark("Stock pane: open database to first frame",
              configuration: .init(metrics: [.wallClock, .peakMemoryResident], timeUnits: .milliseconds,
                                   maxDuration: .seconds(10), maxIterations: 50)) { benchmark in
        measureFirstFrame(benchmark, database: benchDatabase)
    }

    Benchmark("Stock pane: scroll key to frame", configuration: keyLatency) { benchmark in
        measureKeys(benchmark, browsingKeys, step: &scrollStep, on: scrolling)
    }

    Benchmark("Stock pane: filter key to frame (rows and count)", configuration: keyLatency) { benchmark in
        // Type real filters a key at a time, clearing between them (Ctrl-U is a key too).
        let words = ["QM123", "lantern", "QM9", "pink tea", "bunting", "QM10050"]
        measureKeys(benchmark, words.flatMap { $0.map(Key.char) + [.ctrl("u")] }, step: &filterStep, on: filtering)
    }
}
