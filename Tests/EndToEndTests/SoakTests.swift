import Testing
import Foundation

/// Everything at once on scarce stock, briefly (Benchmarks/soak.sh runs it for minutes):
/// eight allocator processes, a process adjusting stock, one cancelling and holding, one
/// importing more orders, and a reader listing and verifying throughout. Nothing is promised
/// twice, no reader ever fails, and the ledger checks out.
@Suite struct SoakTests {
    @Test func eightAllocatorsAndEveryOtherKindOfWriterNeverOversellAndNeverFailAReader() throws {
        let scratch = try Scratch("soak")
        defer { scratch.remove() }
        let (qm, db) = (scratch.qm, scratch.path("soak.sqlite"))
        let demo = try QMBinary.run(qm, ["demo", "--db", db, "--skus", "40", "--locations", "4", "--orders", "600"])
        #expect(demo.status == 0, "\(demo.stderr)")
        var csv = "channel,order_ref,ordered_at,customer,ship_region,sku,quantity,unit_price,tax\n"
        for n in 0..<300 {
            csv += "web,S-\(n),2026-11-20 10:00:00,C\(n % 23),\(["UK-N", "UK-M", "UK-S"][n % 3]),QM1000\(n % 5),\(1 + n % 4),5.00,1.00\n"
        }
        let more = scratch.path("more.csv")
        try csv.write(toFile: more, atomically: true, encoding: .utf8)

        let failures = ResultBox()
        DispatchQueue.concurrentPerform(iterations: 12) { worker in
            var failed = 0
            func run(_ args: [String]) -> QMBinary.Result? { try? QMBinary.run(qm, args + ["--db", db]) }
            switch worker {
            case 0..<8:   // allocators, every policy, small chunks so they interleave
                let policy = ["fastest", "cheapest", "balance", "weighted"][worker % 4]
                for _ in 0..<3 where run(["allocate", "--chunk", String(3 + worker), "--policy", policy])?.status != 0 { failed += 1 }
            case 8:       // stock up and down on the contended SKUs; a take-down may be refused, never fail otherwise
                for n in 0..<12 {
                    let r = run(["move", "adjust", "--sku", "QM1000\(n % 5)", "--location", "WH-UK-N", "--qty", n % 2 == 0 ? "4" : "-2",
                                 "--reason", "soak"])
                    if r?.status != 0 && !(r?.stderr.contains("cannot") ?? false) { failed += 1 }
                }
            case 9:       // cancels and holds: refused only by an order's state
                for n in 1...12 {
                    let r = run(n % 2 == 0 ? ["order", "cancel", String(n * 37), "--reason", "customer-request"]
                                           : ["order", "hold", String(n * 41), "--reason", "customer"])
                    if r == nil || r!.crashed || ![0, 1].contains(r!.status) { failed += 1 }
                }
            case 10:      // more demand arrives
                if run(["import", "orders", more, "--input", "csv"])?.status != 0 { failed += 1 }
            default:      // a reader: listings and verify never fail, whatever is being written
                for _ in 0..<10 {
                    for args in [["stock", "--format", "csv"], ["orders", "--limit", "50"], ["backorders"], ["verify"]] where run(args)?.status != 0 {
                        failed += 1
                    }
                }
            }
            failures.add(worker: worker, applied: failed)
        }
        for worker in 0..<12 { #expect(failures.applied(worker) == 0, "worker \(worker) failed \(failures.applied(worker)) times") }
        let verify = try QMBinary.run(qm, ["verify", "--db", db])
        #expect(verify.status == 0 && verify.stdout.hasPrefix("OK"), "\(verify.stdout)")
    }
}
