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
    /// What stopped the line, in words, when anything was backordered.
    public var constraint: String?
    public var expectedDate: String?

    public init(lineNo: Int, policy: AllocationPolicy, sku: String, region: String, quantity: Int, candidates: [CandidateScore],
                picks: [LinePlan.Pick], backordered: Int, constraint: String?, expectedDate: String?) {
        self.lineNo = lineNo; self.policy = policy; self.sku = sku; self.region = region; self.quantity = quantity
        self.candidates = candidates; self.picks = picks; self.backordered = backordered
        self.constraint = constraint; self.expectedDate = expectedDate
    }

    /// An order's decisions as stored: compact JSON written by hand (allocation writes one per
    /// order, and a general encoder would dominate its cost). Locations are listed once and
    /// candidates are positional: [location index, atp, transit days, shipping cost, coverage
    /// after, split penalty, score, taken]. All decisions share the first one's policy and region.
    public static func storage(_ decisions: [LineDecision]) -> String {
        var locations: [String] = []
        func index(_ location: String) -> Int {
            if let i = locations.firstIndex(of: location) { return i }
            locations.append(location)
            return locations.count - 1
        }
        var lines = ""
        for (n, d) in decisions.enumerated() {
            if n > 0 { lines += "," }
            lines += "{\"n\":\(d.lineNo),\"s\":\(quote(d.sku)),\"q\":\(d.quantity),\"b\":\(d.backordered),\"c\":["
            for (i, c) in d.candidates.enumerated() {
                if i > 0 { lines += "," }
                lines += "[\(index(c.location)),\(c.atp),\(c.transitDays),\(c.shippingCost),\(c.coverageAfter),\(c.splitPenalty),\(c.score),\(c.taken)]"
            }
            lines += "],\"k\":["
            for (i, p) in d.picks.enumerated() {
                if i > 0 { lines += "," }
                lines += "[\(index(p.location)),\(p.quantity)]"
            }
            lines += "]"
            if let constraint = d.constraint { lines += ",\"x\":\(quote(constraint))" }
            if let expectedDate = d.expectedDate { lines += ",\"e\":\(quote(expectedDate))" }
            lines += "}"
        }
        let first = decisions.first
        return "{\"p\":\"\((first?.policy ?? .fastest).rawValue)\",\"r\":\(quote(first?.region ?? "")),\"l\":["
            + locations.map(quote).joined(separator: ",") + "],\"d\":[" + lines + "]}"
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
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
