/// An advance shipping notice: what a supplier says it has sent against one purchase order,
/// and when it should arrive.
public struct AdvanceShippingNotice: Hashable, Sendable, Codable {
    public struct Line: Hashable, Sendable, Codable {
        public var sku: String
        public var quantity: Int
        public init(sku: String, quantity: Int) { self.sku = sku; self.quantity = quantity }
    }

    /// The supplier's shipment reference.
    public var ref: String
    public var purchaseOrder: String
    /// yyyy-mm-dd.
    public var expectedArrival: String
    public var lines: [Line]

    public init(ref: String, purchaseOrder: String, expectedArrival: String, lines: [Line]) {
        self.ref = ref; self.purchaseOrder = purchaseOrder; self.expectedArrival = expectedArrival; self.lines = lines
    }

    /// The notice's own rules: a SKU once (a second line of it is a malformed notice, not an
    /// exception to work).
    public func validate() throws(DomainError) {
        guard SKU.isValidCode(ref) else { throw DomainError("ASN reference '\(ref)' must be 1-40 letters, digits, '-', '_', '.' or '/'.") }
        guard SKU.isValidCode(purchaseOrder) else { throw DomainError("ASN \(ref): purchase order '\(purchaseOrder)' is not a valid reference.") }
        guard OrderDate.isDate(expectedArrival) else {
            throw DomainError("ASN \(ref): expected arrival '\(expectedArrival)' is not a date like 2026-12-24.")
        }
        guard !lines.isEmpty else { throw DomainError("ASN \(ref) has no lines.") }
        guard lines.count <= PurchaseOrder.maxLines else { throw DomainError("ASN \(ref) has \(lines.count.grouped) lines; at most \(PurchaseOrder.maxLines.grouped).") }
        var seen = Set<String>()
        for line in lines {
            guard SKU.isValidCode(line.sku) else { throw DomainError("ASN \(ref): '\(line.sku)' is not a valid SKU code.") }
            try Limits.check(line.quantity, in: Limits.quantity, "ASN \(ref) line \(line.sku): quantity")
            guard seen.insert(line.sku).inserted else { throw DomainError("ASN \(ref): \(line.sku) is on the notice twice; one line per SKU.") }
        }
    }

    /// Where the notice does not match its order: each a sentence for the receiving
    /// supervisor, with the SKU it is about (nil for the whole notice). Empty when it matches.
    /// `known` holds the SKU codes the catalogue has.
    public func exceptions(against order: PurchaseOrder?, tolerance: ReceivingTolerance,
                           known: Set<String>) -> [(sku: String?, problem: String)] {
        guard let order else { return [(nil, "purchase order \(purchaseOrder) is unknown")] }
        var found: [(sku: String?, problem: String)] = []
        if !order.state.isReceivable {
            found.append((nil, "\(order.code) is \(order.state.rawValue): nothing can be received against it"))
        }
        for line in lines {
            guard known.contains(line.sku) else { found.append((line.sku, "\(line.sku) is not a known SKU")); continue }
            guard let ordered = order.lines.first(where: { $0.sku == line.sku }) else {
                found.append((line.sku, "\(line.sku) is not on \(order.code)"))
                continue
            }
            let room = max(0, tolerance.maximum(of: ordered.quantity) - ordered.received)
            if line.quantity > room {
                found.append((line.sku, "\(line.quantity.grouped) of \(line.sku) announced, but \(order.code) takes at most \(room.grouped) more "
                              + "(\(ordered.quantity.grouped) ordered, \(ordered.received.grouped) received, \(tolerance.overPercent)% over allowed)"))
            }
        }
        return found
    }
}
