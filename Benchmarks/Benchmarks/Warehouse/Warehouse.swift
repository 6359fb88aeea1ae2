import Benchmark
import Foundation
import Domain
import Store
import Operations

// Bulk warehouse execution: pick (a wave), confirm the picks, ship the confirmations, and the
// whole order path from capture to shipment. Network: 10k SKUs over 7 locations with ample
// stock (demo stock x1000), so nearly every order allocates in full.

let admin = Actor(name: "bench", role: .admin)
let folder = ProcessInfo.processInfo.environment["QM_BENCH_DIR"] ?? FileManager.default.temporaryDirectory.path
let network = DemoNetwork.generate(skus: 10_000, locations: 7, seed: 42)

/// The network with ample stock and `orders` captured (and allocated when `allocated`).
func template(_ name: String, orders: Int, allocated: Bool) -> String {
    let path = "\(folder)/qm-bench-\(name).sqlite"
    guard !FileManager.default.fileExists(atPath: path) else { return path }
    let partial = path + ".partial"
    for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: partial + suffix) }
    do {
        let ops = Operations(store: try! LedgerStore(path: partial, create: true))
        try! ops.bootstrap(osUser: "bench")
        _ = try! DemoBuilder(skus: 10_000, locations: 7, seed: 42, orders: 0).build(into: ops, admin: admin)
        let rows = try! ops.read { try $0.positionRows(PositionFilter(status: .sellable), limit: 1_000_000) }
        let levels = rows.enumerated().map { ImportRow(line: $0 + 1, value: StockLevel(sku: $1.skuCode, location: $1.locationCode,
                                                                                      status: .sellable, quantity: $1.position.sellable * 1_000)) }
        for start in stride(from: 0, to: levels.count, by: 10_000) {
            _ = try! ops.importStock(Array(levels[start..<min(start + 10_000, levels.count)]), source: "bench", by: admin)
        }
        capture(ops, count: orders)
        if allocated { _ = try! ops.allocate(AllocationOptions(chunk: 2_000), by: admin) }
        try! ops.checkpoint()
    }
    try! FileManager.default.moveItem(atPath: partial, toPath: path)
    for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: partial + suffix) }
    return path
}

func drafts(_ count: Int, today: String) -> [OrderDraft] {
    DemoOrders.generate(count: count, network: network, seed: 7, today: today, firstNumber: 0)
}

func capture(_ ops: Operations, count: Int) {
    let all = drafts(count, today: ops.today)
    for start in stride(from: 0, to: all.count, by: 50_000) {
        let rows = all[start..<min(start + 50_000, all.count)].enumerated().map { ImportRow(line: start + $0 + 1, value: $1) }
        _ = try! ops.captureOrders(rows, source: "bench", by: admin)
    }
}

func copy(_ template: String, to name: String) -> Operations {
    let path = "\(folder)/qm-bench-work-\(name).sqlite"
    for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    try! FileManager.default.copyItem(atPath: template, toPath: path)
    return Operations(store: try! LedgerStore(path: path, create: false))
}

/// Pick, confirm in full and ship every allocated order; returns how many shipped.
func pickConfirmShip(_ ops: Operations) -> Int {
    let t0 = Date()
    let (wave, picks) = try! ops.createWave(location: nil, maxOrders: 1_000_000, carrier: nil, by: admin)
    let t1 = Date()
    let confirmations = picks.enumerated().map { ImportRow(line: $0 + 2, value: PickConfirmation(
        wave: wave, order: $1.order, line: $1.line, sku: $1.sku, location: $1.location, picked: $1.quantity)) }
    _ = try! ops.confirmWave(confirmations, source: "bench", by: admin)
    let t2 = Date()
    let orders = Array(Set(picks.map(\.order))).sorted()
    let shipments = orders.enumerated().map { ImportRow(line: $0 + 2, value: ShipmentConfirmation(
        order: String($1), location: nil, carrier: "DPD", tracking: "B\($1)", shippedAt: nil)) }
    let shipped = try! ops.importShipments(shipments, source: "bench", by: admin).shipped
    // Each step's share, for docs/PERFORMANCE.md.
    let seconds = { (from: Date, to: Date) in String(format: "%.2f s", to.timeIntervalSince(from)) }
    print("  wave \(seconds(t0, t1)), confirm \(seconds(t1, t2)), ship \(seconds(t2, Date()))")
    return shipped
}

let benchmarks: @Sendable () -> Void = {
    let slow = Benchmark.Configuration(metrics: [.wallClock, .peakMemoryResident], timeUnits: .milliseconds,
                                       maxDuration: .seconds(600), maxIterations: 3)

    Benchmark("Pick, confirm and ship every allocated order of 100k (ample stock)", configuration: slow) { benchmark in
        let source = template("wave-100k", orders: 100_000, allocated: true)
        for _ in benchmark.scaledIterations {
            let ops = copy(source, to: "wave-100k")
            benchmark.startMeasurement()
            let shipped = pickConfirmShip(ops)
            benchmark.stopMeasurement()
            print("  \(shipped) orders picked, confirmed and shipped")
        }
    }

    Benchmark("Order path end to end: capture, allocate, wave, confirm, ship 10k orders (ample stock)", configuration: slow) { benchmark in
        let source = template("wave-empty", orders: 0, allocated: false)
        for _ in benchmark.scaledIterations {
            let ops = copy(source, to: "wave-e2e")
            let batch = drafts(10_000, today: ops.today).enumerated().map { ImportRow(line: $0 + 2, value: $1) }
            benchmark.startMeasurement()
            _ = try! ops.captureOrders(batch, source: "bench", by: admin)
            _ = try! ops.allocate(AllocationOptions(chunk: 2_000), by: admin)
            let shipped = pickConfirmShip(ops)
            benchmark.stopMeasurement()
            print("  \(shipped) of 10,000 orders shipped")
        }
    }
}
