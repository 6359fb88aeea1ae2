/// Why one line went where it did, or why it could not: what `qm explain` and the console
/// show. Written by allocation for every line it plans.
public struct LineDecision: Hashable, Sendable, Codable {
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

    public init(policy: AllocationPolicy, sku: String, region: String, quantity: Int, candidates: [CandidateScore],
                picks: [LinePlan.Pick], backordered: Int, constraint: String?, expectedDate: String?) {
        self.policy = policy; self.sku = sku; self.region = region; self.quantity = quantity
        self.candidates = candidates; self.picks = picks; self.backordered = backordered
        self.constraint = constraint; self.expectedDate = expectedDate
    }

    /// Compact JSON written by hand: allocation writes one per line, and a general encoder
    /// would dominate its cost. Decodes with JSONDecoder (the keys match the properties).
    public var json: String {
        var out = "{\"policy\":\"\(policy.rawValue)\",\"sku\":\(Self.quote(sku)),\"region\":\(Self.quote(region))"
        out += ",\"quantity\":\(quantity),\"backordered\":\(backordered),\"candidates\":["
        for (i, c) in candidates.enumerated() {
            if i > 0 { out += "," }
            out += "{\"location\":\(Self.quote(c.location)),\"atp\":\(c.atp),\"transitDays\":\(c.transitDays)"
            out += ",\"shippingCost\":\(c.shippingCost),\"coverageAfter\":\(c.coverageAfter),\"splitPenalty\":\(c.splitPenalty)"
            out += ",\"score\":\(c.score),\"taken\":\(c.taken)}"
        }
        out += "],\"picks\":["
        for (i, p) in picks.enumerated() {
            if i > 0 { out += "," }
            out += "{\"location\":\(Self.quote(p.location)),\"quantity\":\(p.quantity)}"
        }
        out += "]"
        if let constraint { out += ",\"constraint\":\(Self.quote(constraint))" }
        if let expectedDate { out += ",\"expectedDate\":\(Self.quote(expectedDate))" }
        return out + "}"
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
