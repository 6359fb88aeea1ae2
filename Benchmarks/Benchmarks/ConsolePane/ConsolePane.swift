import Benchmark
import Foundation
import Domain
import Store
import Operations
import TerminalKit
import Console

// The stock pane on the 100k-SKU x 20-location demo database, driven through the
// VirtualBackend with effects run inline: each measured key press ends in a settled frame
// (rows fetched from SQLite, and counted where the key changed the filter).

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

func openConsole(width: Int = 120, height: Int = 40) -> (VirtualBackend, ConsoleRuntime) {
    let ops = Operations(store: try! LedgerStore(path: benchDatabase, create: false))
    let services = ConsoleServices(ops: ops, actor: Actor(name: "bench", role: .viewer))
    let backend = VirtualBackend(width: width, height: height)
    let state = ConsoleState(width: width, height: height, user: "bench", role: .viewer,
                             databasePath: benchDatabase, locations: try! services.locationCodes())
    return (backend, ConsoleRuntime(backend: backend, services: services, state: state, runsEffectsInline: true))
}

/// One console for the key-press benchmarks, kept across samples so the key sequence
/// continues where the last sample stopped (a benchmark process runs one benchmark at a time).
nonisolated(unsafe) let scrolling = openConsole()
nonisolated(unsafe) let filtering = openConsole()
nonisolated(unsafe) var scrollStep = 0
nonisolated(unsafe) var filterStep = 0

let benchmarks: @Sendable () -> Void = {
    let latency = Benchmark.Configuration(metrics: [.wallClock, .peakMemoryResident], timeUnits: .microseconds,
                                          maxDuration: .seconds(10), maxIterations: 2_000)

    Benchmark("Stock pane: open database to first frame",
              configuration: .init(metrics: [.wallClock, .peakMemoryResident], timeUnits: .milliseconds,
                                   maxDuration: .seconds(10), maxIterations: 50)) { benchmark in
        for _ in benchmark.scaledIterations {
            let (backend, runtime) = openConsole()
            runtime.start()
            blackHole(backend.lastFrame)
        }
    }

    Benchmark("Stock pane: scroll key to frame", configuration: latency) { benchmark in
        let (backend, runtime) = scrolling
        if scrollStep == 0 { runtime.start() }
        // Mostly arrows and pages, now and then a jump to either end.
        let keys: [Key] = [.down, .down, .down, .down, .pageDown, .pageDown, .down, .up, .pageUp, .pageDown,
                           .pageDown, .pageDown, .end, .up, .up, .pageUp, .home]
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            backend.enqueue([keys[scrollStep % keys.count]])
            runtime.processPendingInput()
            scrollStep += 1
        }
        benchmark.stopMeasurement()
        blackHole(backend.lastFrame)
    }

    Benchmark("Stock pane: filter key to frame (rows and count)", configuration: latency) { benchmark in
        let (backend, runtime) = filtering
        if filterStep == 0 {
            runtime.start()
            backend.enqueue([.char("/")])
            runtime.processPendingInput()
        }
        // Type real filters a key at a time, clearing between them (Ctrl-U is a key too).
        let words = ["QM123", "lantern", "QM9", "pink tea", "bunting", "QM10050"]
        let keys: [Key] = words.flatMap { $0.map(Key.char) + [.ctrl("u")] }
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            backend.enqueue([keys[filterStep % keys.count]])
            runtime.processPendingInput()
            filterStep += 1
        }
        benchmark.stopMeasurement()
        blackHole(backend.lastFrame)
    }
}
