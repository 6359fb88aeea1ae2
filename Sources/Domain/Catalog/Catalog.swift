/// ABC/velocity class: A sells fast, C slowly. Drives count frequency and safety stock.
public enum VelocityClass: String, CaseIterable, Sendable, Codable {
    case a = "A", b = "B", c = "C"
}

/// A stock-keeping unit: the governed product record.
public struct SKU: Hashable, Sendable, Codable {
    public var code: String
    public var name: String
    public var unitOfMeasure: String
    public var packSize: Int
    public var unitCost: Money
    public var listPrice: Money
    public var preferredSupplier: String?
    public var velocity: VelocityClass
    public var weightGrams: Int
    public var active: Bool
    public var isKit: Bool
    /// Goods received go to quarantine until a supervisor has inspected them.
    public var inspectOnReceipt: Bool
    /// Its preferred supplier ships it to the customer: allocation places such lines with the
    /// supplier (a drop-ship purchase order), never with our stock.
    public var dropShip: Bool
    /// The channels whose orders of it are drop-shipped though it is stocked for the rest
    /// (sorted; empty: none beyond `dropShip`).
    public var dropShipChannels: [String]

    /// Whether a line of it on an order from `channel` is drop-shipped.
    public func isDropShipped(on channel: String) -> Bool { dropShip || dropShipChannels.contains(channel) }

    public init(code: String, name: String, unitOfMeasure: String = "EA", packSize: Int = 1,
                unitCost: Money, listPrice: Money, preferredSupplier: String? = nil,
                velocity: VelocityClass = .c, weightGrams: Int = 0, active: Bool = true, isKit: Bool = false,
                inspectOnReceipt: Bool = false, dropShip: Bool = false, dropShipChannels: [String] = []) {
        self.code = code; self.name = name; self.unitOfMeasure = unitOfMeasure; self.packSize = packSize
        self.unitCost = unitCost; self.listPrice = listPrice; self.preferredSupplier = preferredSupplier
        self.velocity = velocity; self.weightGrams = weightGrams; self.active = active; self.isKit = isKit
        self.inspectOnReceipt = inspectOnReceipt; self.dropShip = dropShip; self.dropShipChannels = dropShipChannels.sorted()
    }

    /// Rules a SKU record obeys wherever it comes from (import, CLI, demo).
    public func validate() throws(DomainError) {
        guard SKU.isValidCode(code) else {
            throw DomainError("SKU code '\(code)' must be 1-40 characters of letters, digits, '-', '_', '.' or '/'.")
        }
        guard !name.isEmpty else { throw DomainError("SKU \(code) needs a name.") }
        if let problem = TextRules.problem(name, "the name", maxLength: TextRules.maxName) { throw DomainError("SKU \(code): \(problem)") }
        if let problem = TextRules.problem(unitOfMeasure, "the unit of measure", maxLength: 20) { throw DomainError("SKU \(code): \(problem)") }
        try Limits.check(packSize, in: Limits.packSize, "SKU \(code): pack size")
        try Limits.check(unitCost, "SKU \(code): unit cost")
        try Limits.check(listPrice, "SKU \(code): list price")
        try Limits.check(weightGrams, in: Limits.weightGrams, "SKU \(code): weight in grams")
        guard Currency.isValid(unitCost.currency), Currency.isValid(listPrice.currency) else {
            throw DomainError("SKU \(code): currency must be a three-letter ISO code.")
        }
        guard unitCost.currency == listPrice.currency else {
            throw DomainError("SKU \(code): cost and price must be in one currency (\(unitCost.currency) vs \(listPrice.currency)).")
        }
    }

    public static func isValidCode(_ code: String) -> Bool {
        // Bytes, not Unicode properties: imports check every line's code.
        let bytes = code.utf8
        return !bytes.isEmpty && bytes.count <= 40 && bytes.allSatisfy { b in
            (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || (b >= 0x30 && b <= 0x39)
                || b == 0x2D || b == 0x5F || b == 0x2E || b == 0x2F
        }
    }
}

/// What free text (names, reasons, notes, references, addresses) may hold: no characters that
/// drive a terminal or reorder what is shown, and a documented length (docs/FORMATS.md).
public enum TextRules {
    /// Names of SKUs, locations, suppliers; address lines.
    public static let maxName = 200
    /// Reasons, notes, descriptions.
    public static let maxReason = 500
    /// External references, carriers, tracking numbers.
    public static let maxReference = 80

    /// C0/C1 controls and DEL (they could drive a terminal), and the format characters that
    /// reorder or break text on screen: bidirectional embeddings, overrides and isolates
    /// (U+202A-U+202E, U+2066-U+2069) and the line and paragraph separators (U+2028, U+2029).
    public static func hasControlCharacters(_ text: String) -> Bool {
        text.unicodeScalars.contains { s in
            s.value < 0x20 || (0x7F...0x9F).contains(s.value) || (0x202A...0x202E).contains(s.value)
                || (0x2066...0x2069).contains(s.value) || s.value == 0x2028 || s.value == 0x2029
        }
    }

    /// Why `text` may not be `what` ("the reason contains control characters", "the name is
    /// 50000000 characters long; at most 200"), or nil.
    public static func problem(_ text: String, _ what: String, maxLength: Int) -> String? {
        let length = text.unicodeScalars.count
        if length > maxLength { return "\(what) is \(length) characters long; at most \(maxLength)." }
        if hasControlCharacters(text) { return "\(what) contains control characters." }
        return nil
    }
}

public enum Currency {
    public static func isValid(_ code: String) -> Bool {
        code.count == 3 && code.unicodeScalars.allSatisfy { ("A"..."Z").contains($0) }
    }
}

/// How a SKU is listed on one sales channel.
public struct ChannelListing: Hashable, Sendable, Codable {
    public var channel: String
    public var listingID: String
    public var price: Money
    public var enabled: Bool
    public init(channel: String, listingID: String, price: Money, enabled: Bool) {
        self.channel = channel; self.listingID = listingID; self.price = price; self.enabled = enabled
    }
}

/// One component of a kit: the kit holds no stock, it is made of these.
public struct KitComponent: Hashable, Sendable, Codable {
    public var component: String
    public var quantity: Int
    public init(component: String, quantity: Int) { self.component = component; self.quantity = quantity }
}

public enum LocationKind: String, CaseIterable, Sendable, Codable {
    case warehouse, store, thirdParty = "3pl", inTransit = "in-transit"
    /// A supplier shipping to our customers: drop-ship purchase orders are addressed to it. It
    /// holds no stock and fulfils nothing from the network; qm makes one per supplier as needed.
    case dropShip = "drop-ship"

    /// The code of a supplier's drop-ship node: "DS-SUP-02".
    public static func dropShipNode(of supplier: String) -> String { "DS-\(supplier)" }
}

/// A region a fulfilment node ships to, and what that costs.
public struct ServiceRegion: Hashable, Sendable, Codable {
    public var region: String
    public var transitDays: Int
    public var shippingCost: Money
    public init(region: String, transitDays: Int, shippingCost: Money) {
        self.region = region; self.transitDays = transitDays; self.shippingCost = shippingCost
    }
}

public struct Location: Hashable, Sendable, Codable {
    public var code: String
    public var name: String
    public var kind: LocationKind
    /// Fulfilment nodes ship orders; in-transit and non-shipping stores do not.
    public var fulfils: Bool
    public var regions: [ServiceRegion]

    public init(code: String, name: String, kind: LocationKind, fulfils: Bool, regions: [ServiceRegion] = []) {
        self.code = code; self.name = name; self.kind = kind; self.fulfils = fulfils; self.regions = regions
    }

    public func validate() throws(DomainError) {
        guard SKU.isValidCode(code) else { throw DomainError("Location code '\(code)' must be 1-40 letters, digits, '-', '_', '.' or '/'.") }
        guard !name.isEmpty else { throw DomainError("Location \(code) needs a name.") }
        if let problem = TextRules.problem(name, "the name", maxLength: TextRules.maxName) { throw DomainError("Location \(code): \(problem)") }
        if kind == .inTransit && fulfils { throw DomainError("Location \(code) is in-transit and cannot fulfil orders.") }
        for r in regions {
            try Limits.check(r.transitDays, in: Limits.transitDays, "Location \(code): region \(r.region) transit days")
            try Limits.check(r.shippingCost, "Location \(code): region \(r.region) shipping cost")
        }
    }
}

public struct Supplier: Hashable, Sendable, Codable {
    public var code: String
    public var name: String
    public var leadTimeMeanDays: Int
    public var leadTimeSpreadDays: Int
    /// On-time deliveries per thousand (integer, so no floating point in the record).
    public var onTimePerMille: Int
    /// The fewest units of a SKU the supplier takes on one order line.
    public var minimumOrder: Int
    /// The supplier sells whole packs only: order quantities round up to the SKU's pack size.
    public var roundsToPack: Bool
    /// How far a delivery may stray from what was ordered.
    public var tolerance: ReceivingTolerance

    public init(code: String, name: String, leadTimeMeanDays: Int, leadTimeSpreadDays: Int, onTimePerMille: Int,
                minimumOrder: Int = 1, roundsToPack: Bool = false, tolerance: ReceivingTolerance = ReceivingTolerance()) {
        self.code = code; self.name = name; self.leadTimeMeanDays = leadTimeMeanDays
        self.leadTimeSpreadDays = leadTimeSpreadDays; self.onTimePerMille = onTimePerMille
        self.minimumOrder = minimumOrder; self.roundsToPack = roundsToPack; self.tolerance = tolerance
    }

    public func validate() throws(DomainError) {
        guard SKU.isValidCode(code) else { throw DomainError("Supplier code '\(code)' must be 1-40 letters, digits, '-', '_', '.' or '/'.") }
        guard !name.isEmpty else { throw DomainError("Supplier \(code) needs a name.") }
        if let problem = TextRules.problem(name, "the name", maxLength: TextRules.maxName) { throw DomainError("Supplier \(code): \(problem)") }
        try Limits.check(leadTimeMeanDays, in: Limits.leadTimeDays, "Supplier \(code): lead time in days")
        try Limits.check(leadTimeSpreadDays, in: Limits.leadTimeDays, "Supplier \(code): lead time spread in days")
        guard (0...1000).contains(onTimePerMille) else { throw DomainError("Supplier \(code): on-time rate must be 0-100%.") }
        try Limits.check(minimumOrder, in: Limits.quantity, "Supplier \(code): minimum order quantity")
        try tolerance.validate("Supplier \(code)")
    }

    /// The pack a line rounds up to with this supplier, for a SKU packed `packSize` to a pack.
    public func pack(of packSize: Int) -> Int { roundsToPack ? packSize : 1 }

    /// Refuses a line quantity the supplier does not sell: below its minimum, or not a whole
    /// number of packs.
    public func checkOrderQuantity(_ quantity: Int, of sku: SKU, order: String) throws(DomainError) {
        try Self.checkOrderQuantity(quantity, supplier: code, minimumOrder: minimumOrder, pack: pack(of: sku.packSize), sku: sku.code,
                                    what: "\(order) line \(sku.code)")
    }

    /// The same rule from its terms, `what` naming the line in the sentence ("PO-7 line MUG",
    /// "MUG@WH-1").
    public static func checkOrderQuantity(_ quantity: Int, supplier: String, minimumOrder: Int, pack: Int, sku: String,
                                          what: String) throws(DomainError) {
        guard quantity >= minimumOrder else {
            throw DomainError("\(what): \(quantity.grouped) is below \(supplier)'s minimum order of \(minimumOrder.grouped).")
        }
        guard quantity % pack == 0 else {
            let down = quantity / pack * pack, up = down + pack
            throw DomainError("\(what): \(supplier) sells \(sku) in packs of \(pack.grouped); "
                              + "order \(down > 0 ? "\(down.grouped) or " : "")\(up.grouped), not \(quantity.grouped).")
        }
    }
}
