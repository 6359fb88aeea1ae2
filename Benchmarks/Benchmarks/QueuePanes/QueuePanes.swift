import Benchmark
import Foundation
import TerminalKit
import Console
import ConsoleBench

// The supervisor's queues of issue 11 with 100,000 and more open items: the counts pane's
// variance queue and the returns pane's inspection queue. Each measured key press ends in a
// settled frame. Build the database first (a few minutes):
//   Benchmarks/queue-panes-db.sh .build/release/qm /tmp/qm-queues.sqlite
// or point QM_BENCH_QUEUES_DB at one.

let queuesDatabase = benchmarkDatabase("QM_BENCH_QUEUES_DB", default: "/tmp/qm-queues.sqlite") { "Benchmarks/queue-panes-db.sh .build/release/qm \($0)" }

/// A console on each queue, kept across samples so the key sequence continues.
nonisolated(unsafe) let variances = startedConsole(database: queuesDatabase, pane: .counts)
nonisolated(unsafe) let returnsQueue = startedConsole(database: queuesDatabase, pane: .returns)
nonisolated(unsafe) var varianceStep = 0
nonisolated(unsafe) var returnStep = 0
nonisolated(unsafe) var filterStep = 0

/// Browsing, and marking as a supervisor does before approving several at once.
let queueKeys: [Key] = browsingKeys + [.char(" "), .char(" "), .char(" "), .char("u")]

let benchmarks: @Sendable () -> Void = {
    Benchmark("Counts pane (variance queue): open database to first frame",
              configuration: .init(metrics: [.wallClock, .peakMemoryResident], timeUnits: .milliseconds,
                                   maxDuration: .seconds(20), maxIterations: 30)) { benchmark in
        measureFirstFrame(benchmark, database: queuesDatabase, pane: .counts)
    }

    Benchmark("Counts pane (variance queue): key to frame", configuration: keyLatency) { benchmark in
        measureKeys(benchmark, queueKeys, step: &varianceStep, on: variances)
    }

    Benchmark("Counts pane (variance queue): filter key to frame", configuration: keyLatency) { benchmark in
        let words = ["QM100", "WH-UK", "shelf", "QM1234"]
        measureKeys(benchmark, [.char("/")] + words.flatMap { $0.map(Key.char) + [.ctrl("u")] } + [.escape], step: &filterStep, on: variances)
    }

    Benchmark("Returns pane (inspection queue): open database to first frame",
              configuration: .init(metrics: [.wallClock, .peakMemoryResident], timeUnits: .milliseconds,
                                   maxDuration: .seconds(20), maxIterations: 30)) { benchmark in
        measureFirstFrame(benchmark, database: queuesDatabase, pane: .returns)
    }

    Benchmark("Returns pane (inspection queue): key to frame", configuration: keyLatency) { benchmark in
        measureKeys(benchmark, browsingKeys, step: &returnStep, on: returnsQueue)
    }
}
