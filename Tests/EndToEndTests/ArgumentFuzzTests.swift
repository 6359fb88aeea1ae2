import Testing
import Foundation

/// Hostile values in every option of the commands that take values, from a fixed seed: no
/// command crashes, each exits with a documented status, a refusal is one line on stderr
/// with nothing raw from the input in it, and the ledger stays clean.
@Suite struct ArgumentFuzzTests {
    static let values = ["", " ", "0", "-1", "-0", "1", "-9223372036854775808", "9223372036854775807", "9223372036854775808",
                         "99999999999999999999", "1.5", "1e3", "abc", "\u{1B}[2J\u{1B}]0;t\u{7}", "\u{9B}31m", "\u{202E}cba",
                         "日本語", "--", "-", "--db", "QM10000", "WH-UK-N", "fastest", "sellable", "customer-request",
                         String(repeating: "x", count: 100_000)]

    static let commands: [[String]] = [
        ["move", "adjust", "--sku", "$", "--location", "WH-UK-N", "--status", "$", "--qty", "$", "--reason", "$"],
        ["move", "transfer", "--sku", "QM10000", "--from", "$", "--to", "WH-UK-M", "--qty", "$", "--reason", "count"],
        ["allocate", "--chunk", "$", "--limit", "$", "--policy", "$"],
        ["allocate", "--dry-run", "--orders", "$"],
        ["orders", "--limit", "$", "--state", "$"],
        ["stock", "--limit", "$", "--sku", "$", "--location", "$"],
        ["order", "hold", "$", "--reason", "$", "--note", "$"],
        ["order", "cancel", "$", "--reason", "customer-request", "--line", "$"],
        ["order", "show", "$"],
        ["wave", "create", "--max-orders", "$", "--location", "$"],
        ["explain", "$", "--policy", "$"],
        ["sku", "show", "$"],
        ["sku", "list", "--filter", "$", "--limit", "$", "--offset", "$"],
        ["audit", "--limit", "$", "--entity", "$"],
        ["backorders", "--limit", "$"],
        ["user", "add", "$", "--role", "$"],
    ]

    @Test func hostileArgumentsNeverCrashAnyCommand() throws {
        let scratch = try Scratch("argfuzz")
        defer { scratch.remove() }
        let (qm, db) = (scratch.qm, scratch.path("fuzz.sqlite"))
        #expect(try QMBinary.run(qm, ["demo", "--db", db, "--skus", "30", "--locations", "3", "--orders", "100"]).status == 0)
        var state: UInt64 = 20261203   // a fixed sequence, so a failure repeats
        func pick() -> String {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Self.values[Int((state >> 33) % UInt64(Self.values.count))]
        }
        for template in Self.commands {
            for _ in 0..<5 {
                let args = template.map { $0 == "$" ? pick() : $0 } + ["--db", db]
                let r = try QMBinary.run(qm, args)
                let shown = args.map { $0.count > 40 ? "\($0.prefix(40))…" : $0 }.joined(separator: " ")
                #expect(!r.crashed, "crashed: qm \(shown)")
                #expect([0, 1, 2, 3, 64].contains(r.status), "status \(r.status): qm \(shown)")
                if r.status == 1 {
                    #expect(r.stderr.hasPrefix("qm: ") && r.stderr.split(separator: "\n").count == 1, "qm \(shown): \(r.stderr.prefix(300))")
                }
                #expect(!r.stderr.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x9B || $0.value == 0x202E }, "raw control in: qm \(shown)")
            }
        }
        #expect(try QMBinary.run(qm, ["verify", "--db", db]).status == 0)
    }
}
