import Benchmark
import Foundation
import TerminalKit
import Console
import ConsoleBench

// The dashboard on a database with a million orders (issue 13's budget: key to frame p99
// under 16 ms). Each measured key press ends in a settled frame: with a breakdown's keys that
// includes reading the breakdown, which the real console does off the key's path (measured
// too, on a console running its effects on its own queues). The first
// frame is measured on the real binary (docs/PERFORMANCE.md, Insight): opened here, the
// console also counts the alerts before it settles. Build the database first (a few minutes):
//   qm demo --db /tmp/qm-orders-1m.sqlite --skus 10000 --locations 8 --orders 1000000
// or point QM_BENCH_ORDERS_DB at one.

let ordersDatabase = benchmarkDatabase("QM_BENCH_ORDERS_DB", default: "/tmp/qm-orders-1m.sqlite") { "qm demo --db \($0) --skus 10000 --locations 8 --orders 1000000" }

/// A console on the dashboard, its figures read, kept across samples.
nonisolated(unsafe) let dashboard = startedConsole(database: ordersDatabase, pane: .dashboard)
/// The same on the console's own queues: a breakdown's read runs off the key's path.
nonisolated(unsafe) let queued: (VirtualBackend, ConsoleRuntime) = {
    let console = startedConsole(database: ordersDatabase, pane: .dashboard, inline: false)
    // Its figures read before the first key.
    while !console.1.state.hasFirstScreenful { console.1.pollForChanges(); usleep(10_000) }
    return console
}()
nonisolated(unsafe) var figureStep = 0
nonisolated(unsafe) var breakdownStep = 0
nonisolated(unsafe) var queuedStep = 0

/// Up and down the figures.
let figureKeys: [Key] = [.down, .down, .down, .down, .down, .down, .up, .up, .up, .up, .up, .up]
/// Into a figure's breakdown, through its ways (each a read), and back, then the next figure.
let breakdownKeys: [Key] = [.enter, .down, .down, .char("b"), .down, .char("b"), .escape, .down]

let benchmarks: @Sendable () -> Void = {
    Benchmark("Dashboard (1M orders): key to frame over the figures", configuration: keyLatency) { benchmark in
        measureKeys(benchmark, figureKeys, step: &figureStep, on: dashboard)
    }

    Benchmark("Dashboard (1M orders): a figure's breakdown, key to settled frame (reads included)",
              configuration: .init(metrics: [.wallClock, .peakMemoryResident], timeUnits: .milliseconds,
                                   maxDuration: .seconds(20), maxIterations: 400)) { benchmark in
        measureKeys(benchmark, breakdownKeys, step: &breakdownStep, on: dashboard)
    }

    Benchmark("Dashboard (1M orders): a figure's breakdown, key to its frame (reads on the console's queue)", configuration: keyLatency) { benchmark in
        measureKeys(benchmark, breakdownKeys, step: &queuedStep, on: queued)
    }
}
