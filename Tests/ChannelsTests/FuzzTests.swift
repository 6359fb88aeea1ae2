import Testing
import Foundation
import Domain
import Store
@testable import Operations
@testable import Channels

/// Hostile files through every import kind, pick confirmations and every allocation policy, from a fixed seed so a
/// failure repeats: boundary numbers, huge and empty text, NUL, invalid UTF-8, control and bidi
/// characters, quotes and line breaks, impossible dates, deep JSON. Whatever comes in, nothing
/// crashes, a refusal is a message naming what is wrong, and `qm verify` stays clean.
@Suite(.serialized) struct FuzzTests {
    /// Values that have broken parsers and arithmetic elsewhere, as the bytes of a field.
    static let hostile: [[UInt8]] = [
        "", " ", "0", "-0", "-1", "1", "-9223372036854775808", "9223372036854775807", "9223372036854775808",
        "18446744073709551616", "99999999999999999999999999", "1e9", "1E400", "NaN", "inf", "0x10", "1.005", "-0.01",
        "12.5.5", "٣", "a\u{0}b", "\u{1B}[2J\u{1B}]0;pwned\u{7}", "\u{9B}31m", "\u{202E}gnp.exe", "line\u{2028}break",
        "\"", "\",\"", "a\nb", "a\r\nb", "日本語", "🧪🧪", "2024-02-30", "2026-12-01 24:00:00", "2026-13-01 10:00:00",
        "9999-99-99", "yes", "no", "maybe", "A", "Z", "sellable", "reserved", "lost", "UK-N", "GBP", "XXXX",
        "WH-UK-N", "QM10000", "QM10001", "../../etc/passwd", "%s%n", "'; DROP TABLE sku; --",
        String(repeating: "x", count: 70_000), String(repeating: "9", count: 400),
    ].map { Array($0.utf8) } + [[0xFF, 0xFE], [0xC3], [0xED, 0xA0, 0x80], [0x00]]

    /// A seeded mutator of rows: each field, sometimes, becomes a hostile value; sometimes a
    /// row loses or gains fields.
    struct Mutator {
        var rng: SeededRandom
        mutating func field(_ value: String) -> [UInt8] {
            rng.chance(35) ? FuzzTests.hostile[Int.random(in: 0..<FuzzTests.hostile.count, using: &rng)] : Array(value.utf8)
        }
        mutating func row(_ fields: [String]) -> [UInt8] {
            var cells = fields.map { field($0) }
            if rng.chance(5) { cells.removeLast() }
            if rng.chance(5) { cells.append(Array("extra".utf8)) }
            return Array(cells.map { cell -> [UInt8] in
                // Quote a field that needs it, unless the fuzz wants it raw.
                guard cell.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }), rng.chance(80) else { return cell }
                return [0x22] + cell.flatMap { $0 == 0x22 ? [0x22, 0x22] : [$0] } + [0x22]
            }.joined(separator: [0x2C])) + [0x0A]
        }
        mutating func file(header: String, rows: [[String]]) -> [UInt8] {
            Array((header + "\n").utf8) + rows.flatMap { row($0) }
        }
    }

    let db: ScratchDatabase
    var ops: Operations { db.ops }
    static let admin = ScratchDatabase.admin

    init() throws {
        db = try ScratchDatabase()
        try ops.bootstrap(osUser: Self.admin.name)
        _ = try DemoBuilder(skus: 40, locations: 4, seed: 3, orders: 150).build(into: ops, admin: Self.admin)
    }

    /// The file as raw bytes (invalid UTF-8 included).
    func write(_ bytes: [UInt8], _ name: String) throws -> String {
        let path = db.folder.appendingPathComponent(name).path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// Runs one import: it succeeds, or it refuses with a message that names something.
    func attempt(_ what: String, _ body: () throws -> Void) {
        do { try body() } catch {
            let message = (error as? OperationError)?.message ?? (error as? ImportFileError)?.description ?? String(describing: error)
            #expect(!message.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "\(what): an empty refusal")
        }
    }

    @Test func hostileMasterDataAndStockFilesNeverCrashAndLeaveTheLedgerClean() throws {
        defer { db.remove() }
        var fuzz = Mutator(rng: SeededRandom(seed: 20261203))
        let templates: [(MasterDataKind, String, [[String]])] = [
            (.suppliers, "code,name,lead_time_days,lead_time_spread_days,on_time_percent",
             [["SUP-F1", "Fuzz Supplies", "21", "4", "95.5"], ["SUP-F2", "Other", "3", "1", "88"]]),
            (.locations, "code,name,kind,fulfils,regions,currency",
             [["WH-F1", "Fuzz DC", "warehouse", "yes", "UK-N:1:2.95;UK-M:10000000000000:3.25", "GBP"],
              ["ST-F2", "Shop", "store", "no", "", "GBP"]]),
            (.skus, "code,name,uom,pack_size,unit_cost,list_price,currency,supplier,velocity,weight_g,active,kit_components,channels",
             [["FZ-1", "Fuzz mug", "EA", "6", "1.80", "5.99", "GBP", "", "A", "320", "yes", "", "web:W-1:5.99:enabled"],
              ["FZ-KIT", "Fuzz kit", "EA", "1", "3.00", "9.99", "GBP", "", "B", "0", "yes", "QM10000*2;QM10001*10000000000", ""]]),
            (.stock, "sku,location,status,quantity",
             [["QM10000", "WH-UK-N", "sellable", "240"], ["QM10001", "WH-UK-M", "quarantine", "9223372036854775807"]]),
        ]
        for round in 0..<25 {
            for (kind, header, rows) in templates {
                let path = try write(fuzz.file(header: header, rows: rows), "\(kind.rawValue)-\(round).csv")
                attempt("\(kind) \(round)") { _ = try MasterDataFile.importFile(kind, path: path, into: ops, by: Self.admin) }
            }
        }
        for policy in AllocationPolicy.allCases {
            attempt("allocate \(policy)") { _ = try ops.allocate(AllocationOptions(policy: policy), by: Self.admin) }
        }
        let report = try ops.verify()
        #expect(report.isClean, "\(report.violations.prefix(5))")
    }

    @Test func hostileOrderFilesAndFeedsNeverCrashAndLeaveTheLedgerClean() throws {
        defer { db.remove() }
        var fuzz = Mutator(rng: SeededRandom(seed: 42))
        let csv = ("channel,order_ref,ordered_at,customer,ship_region,sku,quantity,unit_price,tax,promise_date,fraud_score,freight",
                   [["web", "F-1", "2026-11-20 10:00:00", "C1", "UK-N", "QM10000", "2", "9.99", "1.67", "2026-12-10", "3", "4.95"],
                    ["web", "F-1", "2026-11-20 10:00:00", "C1", "UK-N", "QM10001", "1", "12.50", "2.08", "2026-12-10", "3", "4.95"],
                    ["market", "F-2", "2026-11-21 11:00:00", "C2", "UK-M", "QM10002", "5", "1.00", "0", "", "80", "0"]])
        let retail = ("InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country",
                      [["536365", "85123A", "WHITE HANGING HEART", "6", "2010-12-01 08:26:00", "2.55", "17850.0", "United Kingdom"],
                       ["C536366", "85123A", "WHITE HANGING HEART", "-2", "2010-12-01 08:28:00", "2.55", "17850.0", "United Kingdom"],
                       ["536367", "POST", "POSTAGE", "1", "2010-12-01 08:34:00", "18.00", "", "France"]])
        let shipments = ("order,carrier,tracking,shipped_at", [["1", "DPD", "TRK-1", "2026-11-20 14:05:00"], ["2", "UPS", "TRK-2", ""]])
        let json = #"{"channel": "web", "orderRef": "J-1", "orderedAt": "2026-11-20 10:00:00", "customer": "C-42", "shipTo": {"name": "Ann", "line1": "1 High St", "city": "Leeds", "postcode": "LS1", "country": "GB", "region": "UK-N"}, "freight": "4.95", "lines": [{"sku": "QM10000", "quantity": 2, "unitPrice": "12.50", "tax": "4.17"}]}"#
        for round in 0..<20 {
            for (input, (header, rows)) in [(OrderInput.csv, csv), (.onlineRetail, retail)] {
                let path = try write(fuzz.file(header: header, rows: rows), "orders-\(input.rawValue)-\(round).csv")
                attempt("orders \(input) \(round)") {
                    let report = try OrderFile.parse(path: path, input: input, channel: nil)
                    _ = try ops.captureOrders(report.orders.map { ImportRow(line: $0.line, value: $0.draft) }, source: path,
                                              partial: round % 2 == 0, history: round % 5 == 4, by: Self.admin)
                }
            }
            // JSON: a value swapped for a hostile one (quoted or bare), or the document cut or nested deep.
            var text = Array(json.utf8)
            if let colon = text.indices.filter({ text[$0] == 0x3A }).randomElement(using: &fuzz.rng) {
                let value = fuzz.field("x")
                text.insert(contentsOf: fuzz.rng.chance(50) ? [0x22] + value + [0x22, 0x2C, 0x22, 0x7A, 0x22, 0x3A] : value + [0x2C, 0x22, 0x7A, 0x22, 0x3A], at: colon + 1)
            }
            if fuzz.rng.chance(20) { text = Array(text.prefix(Int.random(in: 0..<text.count, using: &fuzz.rng))) }
            if round == 7 { text = Array(repeating: 0x5B, count: 200_000) }
            let path = try write(text, "orders-\(round).json")
            attempt("orders json \(round)") {
                let report = try OrderFile.parse(path: path, input: .json, channel: nil)
                _ = try ops.captureOrders(report.orders.map { ImportRow(line: $0.line, value: $0.draft) }, source: path, partial: true, by: Self.admin)
            }
            for policy in AllocationPolicy.allCases where round % 4 == 0 {
                attempt("allocate \(policy)") { _ = try ops.allocate(AllocationOptions(policy: policy), by: Self.admin) }
            }
            let feed = try write(fuzz.file(header: shipments.0, rows: shipments.1), "shipments-\(round).csv")
            attempt("shipments \(round)") { _ = try ShipmentFile.importFile(path: feed, into: ops, by: Self.admin) }
            // A wave's pick list coming back mangled.
            if round % 4 == 1, let (_, picks) = try? ops.createWave(location: nil, maxOrders: 10, carrier: nil, by: Self.admin) {
                let rows = picks.map { ["\($0.wave)", "\($0.order)", "\($0.line)", $0.sku, $0.location, "\($0.quantity)", "\(max(0, $0.quantity - 1))"] }
                let file = try write(fuzz.file(header: "wave,order,line,sku,location,quantity,picked", rows: rows), "picks-\(round).csv")
                attempt("picks \(round)") { _ = try PickFile.confirmFile(path: file, into: ops, by: Self.admin) }
            }
        }
        let report = try ops.verify()
        #expect(report.isClean, "\(report.violations.prefix(5))")
    }
}
