import Benchmark
import Foundation
import TerminalKit
import Console
import ConsoleBench

// The order queues pane on a database with a million orders: each measured key press ends
// in a settled frame. Build the database first (a few minutes):
//   qm demo --db /tmp/qm-orders-1m.sqlite --skus 10000 --locations 8 --orders 1000000
// or point QM_BENCH_ORDERS_DB at one.

let ordersDatabase = benchmarkDatabase("QM_BENCH_ORDERS_DB", default: "/tmp/qm-orders-1m.sqlite") { "qm demo --db \($0) --skus 10000 --locations 8 --orders 1000000" }

/// A console showing the largest queue's orders, kept across samples so the key sequence
/// continues where the last sample stopped.
nonisolated(unsafe) let browsing: (VirtualBackend, ConsoleRuntime) = {
    let (backend, runtime) = openConsole(database: ordersDatabase, pane: .orders)
    runtime.start()
    // The queue list starts at "captured"; the backordered queue is the sixth.
    backend.enqueue([.down, .down, .down, .down, .down, .enter])
    runtime.processPendingInput()
    return (backend, runtime)
}()
nonisolated(unsafe) var browseStep = 0

let benchmarks: @Sendable () -> Void = {
    Benchmark("Orders pane (1M orders): open database to first frame with queue counts",
              configuration: .init(metrics: [.wallClock, .peakMemoryResident], timeUnits: .milliseconds,
                                   maxDuration: .seconds(20), maxIterations: 30)) { benchmark in
        measureFirstFrame(benchmark, database: ordersDatabase, pane: .orders)
    }

    Benchmark("Orders pane (1M orders): key to frame in the largest queue", configuration: keyLatency) { benchmark in
        measureKeys(benchmark, browsingKeys, step: &browseStep, on: browsing)
    }

    Benchmark("Orders pane (1M orders): open an order and go back", configuration: keyLatency) { benchmark in
        // One sample is three keys: open the order, back to the list, on to the next one.
        let (backend, runtime) = browsing
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            for key: Key in [.enter, .escape, .down] {
                backend.enqueue([key])
                runtime.processPendingInput()
            }
        }
        benchmark.stopMeasurement()
        blackHole(backend.lastFrame)
    }
}
