import Benchmark
import Foundation
import Domain
import Store
import Operations
import TerminalKit
import Console

// The order queues pane on a database with a million orders, driven through the
// VirtualBackend with effects run inline: each measured key press ends in a settled frame.
// Build the database first (about ten minutes):
//   qm demo --db /tmp/qm-orders-1m.sqlite --skus 10000 --locations 8 --orders 1000000
// or point QM_BENCH_ORDERS_DB at one.

let ordersDatabase: String = {
    let path = ProcessInfo.processInfo.environment["QM_BENCH_ORDERS_DB"] ?? "/tmp/qm-orders-1m.sqlite"
    guard FileManager.default.fileExists(atPath: path) else {
        fatalError("No database at \(path): build it with `qm demo --db \(path) --skus 10000 --locations 8 --orders 1000000`.")
    }
    return path
}()

func openOrdersPane(width: Int = 120, height: Int = 40) -> (VirtualBackend, ConsoleRuntime) {
    let ops = Operations(store: try! LedgerStore(path: ordersDatabase, create: false))
    let services = ConsoleServices(ops: ops, actor: Actor(name: "bench", role: .viewer))
    let backend = VirtualBackend(width: width, height: height)
    var state = ConsoleState(width: width, height: height, user: "bench", role: .viewer,
                             databasePath: ordersDatabase, locations: try! services.locationCodes())
    state.pane = .orders
    return (backend, ConsoleRuntime(backend: backend, services: services, state: state, runsEffectsInline: true))
}

/// A console showing the largest queue's orders, kept across samples so the key sequence
/// continues where the last sample stopped.
nonisolated(unsafe) let browsing: (VirtualBackend, ConsoleRuntime) = {
    let (backend, runtime) = openOrdersPane()
    runtime.start()
    // The queue list starts at "captured"; the backordered queue is the sixth.
    backend.enqueue([.down, .down, .down, .down, .down, .enter])
    runtime.processPendingInput()
    return (backend, runtime)
}()
nonisolated(unsafe) var browseStep = 0

let benchmarks: @Sendable () -> Void = {
    let latency = Benchmark.Configuration(metrics: [.wallClock, .peakMemoryResident], timeUnits: .microseconds,
                                          maxDuration: .seconds(10), maxIterations: 2_000)

    Benchmark("Orders pane (1M orders): open database to first frame with queue counts",
              configuration: .init(metrics: [.wallClock, .peakMemoryResident], timeUnits: .milliseconds,
                                   maxDuration: .seconds(20), maxIterations: 30)) { benchmark in
        for _ in benchmark.scaledIterations {
            let (backend, runtime) = openOrdersPane()
            runtime.start()
            blackHole(backend.lastFrame)
        }
    }

    Benchmark("Orders pane (1M orders): key to frame in the largest queue", configuration: latency) { benchmark in
        let (backend, runtime) = browsing
        // Mostly arrows and pages, now and then a jump to either end of the queue.
        let keys: [Key] = [.down, .down, .down, .down, .pageDown, .pageDown, .down, .up, .pageUp, .pageDown,
                           .pageDown, .pageDown, .end, .up, .up, .pageUp, .home]
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            backend.enqueue([keys[browseStep % keys.count]])
            runtime.processPendingInput()
            browseStep += 1
        }
        benchmark.stopMeasurement()
        blackHole(backend.lastFrame)
    }

    Benchmark("Orders pane (1M orders): open an order and go back", configuration: latency) { benchmark in
        let (backend, runtime) = browsing
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            backend.enqueue([.enter])
            runtime.processPendingInput()
            backend.enqueue([.escape])
            runtime.processPendingInput()
            backend.enqueue([.down])
            runtime.processPendingInput()
        }
        benchmark.stopMeasurement()
        blackHole(backend.lastFrame)
    }
}
