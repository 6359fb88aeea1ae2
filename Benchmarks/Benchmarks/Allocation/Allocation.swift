import Benchmark
import Foundation
import Domain
import Store
import Operations

// Allocation throughput and how it scales with the orders already in the database.
// Network: 10k SKUs; 7 locations of which 6 fulfil (3 regional warehouses, a 3PL, 2 stores).
// Templates are built once into $TMPDIR (the 1M one takes a few minutes) and reused.

let admin = Actor(name: "bench", role: .admin)
let folder = ProcessInfo.processInfo.environment["QM_BENCH_DIR"] ?? FileManager.default.temporaryDirectory.path
let network = DemoNetwork.generate(skus: 10_000, locations: 7, seed: 42)

/// A database with the network, its demo stock times `stockFactor`, and `orders` captured
/// orders; with `allocated` those orders are allocated too (the history a busy shop has).
func template(_ name: String, orders: Int, stockFactor: Int, allocated: Bool) -> String {
    let path = "\(folder)/qm-bench-\(name).sqlite"
    guard !FileManager.default.fileExists(atPath: path) else { return path }
    let partial = path + ".partial"
    for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: partial + suffix) }
    do {   // the store closes at the end of this scope, before the rename
        let ops = Operations(store: try! LedgerStore(path: partial, create: true))
        try! ops.bootstrap(osUser: "bench")
        _ = try! DemoBuilder(skus: 10_000, locations: 7, seed: 42, orders: 0).build(into: ops, admin: admin)
        if stockFactor > 1 {
            let rows = try! ops.read { try $0.positionRows(PositionFilter(status: .sellable), limit: 1_000_000) }
            let levels = rows.enumerated().map { ImportRow(line: $0 + 1, value: StockLevel(sku: $1.skuCode, location: $1.locationCode,
                                                                                          status: .sellable, quantity: $1.position.sellable * stockFactor)) }
            for start in stride(from: 0, to: levels.count, by: 10_000) {
                _ = try! ops.importStock(Array(levels[start..<min(start + 10_000, levels.count)]), source: "bench", by: admin)
            }
        }
        capture(ops, count: orders, firstNumber: 0)
        if allocated { _ = try! ops.allocate(AllocationOptions(chunk: 2_000), by: admin) }
        try! ops.checkpoint()
    }
    try! FileManager.default.moveItem(atPath: partial, toPath: path)
    for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: partial + suffix) }
    return path
}

func capture(_ ops: Operations, count: Int, firstNumber: Int) {
    let drafts = DemoOrders.generate(count: count, network: network, seed: 7, today: ops.today, firstNumber: firstNumber)
    for start in stride(from: 0, to: drafts.count, by: 50_000) {
        let rows = drafts[start..<min(start + 50_000, drafts.count)].enumerated().map { ImportRow(line: start + $0 + 1, value: $1) }
        _ = try! ops.captureOrders(rows, source: "bench", by: admin)
    }
}

/// A fresh copy of a template to work on (allocation changes it).
func copy(_ template: String, to name: String) -> Operations {
    let path = "\(folder)/qm-bench-work-\(name).sqlite"
    for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    try! FileManager.default.copyItem(atPath: template, toPath: path)
    return Operations(store: try! LedgerStore(path: path, create: false))
}

/// The orders just captured and released (every earlier one was allocated or is held): the
/// scaling runs allocate exactly these, so earlier backorders being retried do not blur the
/// per-order cost.
func newOrders(_ ops: Operations) -> [Int64] {
    try! ops.read { try $0.orderIDs(OrderFilter(state: .released)) }
}

/// Orders waiting for allocation that were not on hold when captured.
func waiting(_ ops: Operations) -> Int {
    try! ops.read { try $0.orderSummaryCount(OrderFilter(state: .released)) }
}

nonisolated(unsafe) var bigDatabase: Operations?
nonisolated(unsafe) var nextNumber = 2_000_000

let benchmarks: @Sendable () -> Void = {
    let slow = Benchmark.Configuration(metrics: [.wallClock, .peakMemoryResident], timeUnits: .milliseconds,
                                       maxDuration: .seconds(600), maxIterations: 3)

    Benchmark("Allocate 100k orders, demo stock (10k SKUs x 6 nodes)", configuration: slow) { benchmark in
        let source = template("alloc-100k", orders: 100_000, stockFactor: 1, allocated: false)
        for _ in benchmark.scaledIterations {
            let ops = copy(source, to: "100k")
            let count = waiting(ops)
            benchmark.startMeasurement()
            let summary = try! ops.allocate(AllocationOptions(), by: admin)
            benchmark.stopMeasurement()
            print("  \(summary.orders) orders (\(count) released at start): \(summary.allocated) allocated, "
                  + "\(summary.partiallyAllocated) partial, \(summary.backordered) backordered")
        }
    }

    Benchmark("Allocate 10k new orders, 10k orders already in the database (demo stock x1000)", configuration: slow) { benchmark in
        let source = template("alloc-10k-ample", orders: 10_000, stockFactor: 1_000, allocated: true)
        for _ in benchmark.scaledIterations {
            let ops = copy(source, to: "10k")
            capture(ops, count: 10_000, firstNumber: 1_000_000)
            let new = newOrders(ops)
            benchmark.startMeasurement()
            let summary = try! ops.allocate(AllocationOptions(orders: new), by: admin)
            benchmark.stopMeasurement()
            print("  \(summary.orders) orders: \(summary.allocated) allocated, \(summary.backordered) backordered")
        }
    }

    Benchmark("Allocate 10k new orders, 1M orders already in the database (demo stock x1000)", configuration: slow) { benchmark in
        // Too big to copy per sample: each sample adds its 10k orders to the same database.
        if bigDatabase == nil {
            let source = template("alloc-1m-ample", orders: 1_000_000, stockFactor: 1_000, allocated: true)
            bigDatabase = copy(source, to: "1m")
        }
        let ops = bigDatabase!
        for _ in benchmark.scaledIterations {
            capture(ops, count: 10_000, firstNumber: nextNumber)
            nextNumber += 10_000
            let new = newOrders(ops)
            benchmark.startMeasurement()
            let summary = try! ops.allocate(AllocationOptions(orders: new), by: admin)
            benchmark.stopMeasurement()
            print("  \(summary.orders) orders: \(summary.allocated) allocated, \(summary.backordered) backordered")
        }
    }
}
