import Foundation

/// Why one line went where it did, or why it could not: what `qm explain` and the console
/// show. Written by allocation for every line it plans.
public struct LineDecision: Hashable, Sendable, Codable {
    public var lineNo: Int
    public var policy: AllocationPolicy
    public var sku: String
    public var region: String
    public var quantity: Int
    public var candidates: [CandidateScore]
    public var picks: [LinePlan.Pick]
    public var backordered: Int
    /// What stopped the line, in words, when anything was backordered; for a drop-shipped
    /// line (no candidates, the supplier's node the one pick), how it ships.
    public var constraint: String?
    public var expectedDate: String?

    public init(lineNo: Int, policy: AllocationPolicy, sku: String, region: String, quantity: Int, candidates: [CandidateScore],
                picks: [LinePlan.Pick], backordered: Int, constraint: String?, expectedDate: String?) {
        self.lineNo = lineNo; self.policy = policy; self.sku = sku; self.region = region; self.quantity = quantity
        self.candidates = candidates; self.picks = picks; self.backordered = backordered
        self.constraint = constraint; self.expectedDate = expectedDate
    }

    /// An order's decisions as stored: compact JSON written by hand into bytes (allocation writes
    /// one per order, and a general encoder, or even string interpolation, would dominate its
    /// cost). Locations are listed once and candidates are positional: [location index, atp,
    /// transit days, shipping cost, coverage after, split penalty, score, taken]. All decisions
    /// share the first one's policy and region.
    public static func storage(_ decisions: [LineDecision]) -> String {
        var locations: [String] = []
        func index(_ location: String) -> Int {
            if let i = locations.firstIndex(of: location) { return i }
            locations.append(location)
            return locations.count - 1
        }
        var body = JSONBytes()   // the lines, written while the locations are collected
        for (n, d) in decisions.enumerated() {
            body.raw(n > 0 ? ",{\"n\":" : "{\"n\":"); body.int(d.lineNo)
            body.raw(",\"s\":"); body.string(d.sku)
            body.raw(",\"q\":"); body.int(d.quantity)
            body.raw(",\"b\":"); body.int(d.backordered)
            body.raw(",\"c\":[")
            for (i, c) in d.candidates.enumerated() {
                body.raw(i > 0 ? ",[" : "[")
                body.int(index(c.location)); body.raw(","); body.int(c.atp); body.raw(","); body.int(c.transitDays); body.raw(",")
                body.int(c.shippingCost); body.raw(","); body.int(c.coverageAfter); body.raw(","); body.int(c.splitPenalty); body.raw(",")
                body.int(c.score); body.raw(","); body.int(c.taken)
                body.raw("]")
            }
            body.raw("],\"k\":[")
            for (i, p) in d.picks.enumerated() {
                body.raw(i > 0 ? ",[" : "[")
                body.int(index(p.location)); body.raw(","); body.int(p.quantity)
                body.raw("]")
            }
            body.raw("]")
            if let constraint = d.constraint { body.raw(",\"x\":"); body.string(constraint) }
            if let expectedDate = d.expectedDate { body.raw(",\"e\":"); body.string(expectedDate) }
            body.raw("}")
        }
        var out = JSONBytes()
        let first = decisions.first
        out.raw("{\"p\":"); out.string((first?.policy ?? .fastest).rawValue)
        out.raw(",\"r\":"); out.string(first?.region ?? "")
        out.raw(",\"l\":[")
        for (i, location) in locations.enumerated() {
            if i > 0 { out.raw(",") }
            out.string(location)
        }
        out.raw("],\"d\":[")
        out.bytes += body.bytes
        out.raw("]}")
        return String(decoding: out.bytes, as: UTF8.self)
    }

    /// Reads what `storage` wrote; nil if the text is not such a record.
    public static func decode(storage text: String) -> [LineDecision]? {
        struct Stored: Decodable { var p: AllocationPolicy; var r: String; var l: [String]; var d: [Line] }
        struct Line: Decodable { var n: Int; var s: String; var q: Int; var b: Int; var c: [[Int64]]; var k: [[Int]]; var x: String?; var e: String? }
        guard let stored = try? JSONDecoder().decode(Stored.self, from: Data(text.utf8)) else { return nil }
        func location(_ i: Int64) -> String { Int(i) < stored.l.count && i >= 0 ? stored.l[Int(i)] : "?" }
        return stored.d.map { line in
            LineDecision(lineNo: line.n, policy: stored.p, sku: line.s, region: stored.r, quantity: line.q,
                         candidates: line.c.filter { $0.count == 8 }.map {
                             CandidateScore(location: location($0[0]), atp: Int($0[1]), transitDays: Int($0[2]), shippingCost: $0[3],
                                            coverageAfter: Int($0[4]), splitPenalty: $0[5], score: $0[6], taken: Int($0[7]))
                         },
                         picks: line.k.filter { $0.count == 2 }.map { LinePlan.Pick(location: location(Int64($0[0])), quantity: $0[1]) },
                         backordered: line.b, constraint: line.x, expectedDate: line.e)
        }
    }

    /// A JSON string literal.
    public static func quote(_ s: String) -> String {
        var out = JSONBytes()
        out.string(s)
        return String(decoding: out.bytes, as: UTF8.self)
    }
}

/// A JSON text built byte by byte: integers and escaped strings without going through String.
struct JSONBytes {
    var bytes: [UInt8] = []

    init() { bytes.reserveCapacity(512) }

    /// Text known to need no escaping (punctuation and keys).
    mutating func raw(_ s: StaticString) {
        s.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    mutating func int(_ value: Int) { int(Int64(value)) }

    mutating func int(_ value: Int64) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        let start = bytes.count
        repeat {   // least significant digit first, then turned around
            bytes.append(UInt8(ascii: "0") + UInt8(magnitude % 10))
            magnitude /= 10
        } while magnitude > 0
        bytes[start...].reverse()
    }

    /// A quoted, escaped JSON string (control characters as \u escapes).
    mutating func string(_ s: String) {
        bytes.append(UInt8(ascii: "\""))
        for byte in s.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(UInt8(ascii: "\\")); bytes.append(byte)
            case UInt8(ascii: "\\"): bytes.append(UInt8(ascii: "\\")); bytes.append(byte)
            case UInt8(ascii: "\n"): bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "n"))
            case UInt8(ascii: "\r"): bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "r"))
            case UInt8(ascii: "\t"): bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "t"))
            case 0..<0x20, 0x7F:
                raw("\\u00")
                for nibble in [byte >> 4, byte & 0xF] { bytes.append(nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10) }
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
