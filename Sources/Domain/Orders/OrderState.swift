/// Where an order is in its lifecycle (DESIGN.md). Being on hold is a separate flag: a hold
/// blocks the next step without losing the state the order reached.
public enum OrderState: String, CaseIterable, Sendable, Codable {
    case captured, validated, released
    case allocated, partiallyAllocated, backordered
    case picking, packed, partiallyShipped, shipped, invoiced, closed
    case cancelled

    public init?(parsing text: String) {
        guard let s = Spelling.match(text, in: OrderState.self) else { return nil }
        self = s
    }
    public static var spellings: String { allCases.map(\.rawValue).joined(separator: ", ") }

    /// Still waiting for stock: allocation looks at these (backorders are retried).
    /// Waiting for stock: released, backordered, partly allocated, or partly shipped with lines
    /// still backordered (a short pick's remainder).
    public var awaitsAllocation: Bool {
        self == .released || self == .backordered || self == .partiallyAllocated || self == .partiallyShipped
    }

    /// Nothing has left the building yet, so the order (or a line) may still be cancelled.
    public var isCancellable: Bool {
        switch self {
        case .captured, .validated, .released, .allocated, .partiallyAllocated, .backordered, .picking, .packed: true
        case .partiallyShipped, .shipped, .invoiced, .closed, .cancelled: false
        }
    }

    /// Holds make sense only while the order can still be stopped.
    public var acceptsHold: Bool { isCancellable }

    public var isFinished: Bool { self == .closed || self == .cancelled }

    /// The warehouse steps after allocation, with their entry criteria.
    public func next(for step: FulfilmentStep) throws(DomainError) -> OrderState {
        switch (step, self) {
        case (.pick, .allocated), (.pick, .partiallyAllocated): return .picking
        case (.pack, .picking): return .packed
        case (.invoice, .shipped): return .invoiced
        case (.close, .invoiced): return .closed
        default:
            let wanted = switch step {
            case .pick: "allocated or partiallyAllocated"
            case .pack: "picking"
            case .invoice: "shipped"
            case .close: "invoiced"
            }
            throw DomainError("Cannot \(step.rawValue) an order that is \(rawValue); it must be \(wanted).")
        }
    }
}

/// The lifecycle steps that are plain state changes (shipping moves stock and has its own command).
public enum FulfilmentStep: String, CaseIterable, Sendable, Codable {
    case pick, pack, invoice, close
}

/// Sales are the lifecycle's subject; the retail export also carries returns (C invoices),
/// stock write-offs and financial adjustments, kept as documents of their own kind.
public enum OrderKind: String, CaseIterable, Sendable, Codable {
    case sale, `return`, writeOff, adjustment

    public init?(parsing text: String) {
        guard let k = Spelling.match(text, in: OrderKind.self) else { return nil }
        self = k
    }
}

public enum PaymentStatus: String, CaseIterable, Sendable, Codable {
    case captured, authorized, pending, failed

    public init?(parsing text: String) {
        guard let p = Spelling.match(text, in: PaymentStatus.self) else { return nil }
        self = p
    }
    /// Captured or authorized money lets an order go; pending or failed holds it.
    public var clears: Bool { self == .captured || self == .authorized }
}

public enum ServiceLevel: String, CaseIterable, Sendable, Codable {
    case standard, express, nextDay

    public init?(parsing text: String) {
        guard let s = Spelling.match(text, in: ServiceLevel.self) else { return nil }
        self = s
    }
    /// Days from order to promised delivery when the channel gives no promise date.
    public var promiseDays: Int {
        switch self {
        case .standard: 5
        case .express: 2
        case .nextDay: 1
        }
    }
}

/// Which channel goes first when promise dates tie (lower first): contracted B2B/EDI
/// customers, then phone, the web store, and marketplaces last.
public enum ChannelPriority {
    public static func of(_ channel: String) -> Int {
        switch channel.lowercased() {
        case "b2b", "edi": 1
        case "phone": 2
        case "web", "online-retail": 3
        case "marketplace": 4
        default: 5
        }
    }
}

/// A line's quantities; they always add up to no more than what was ordered.
public struct LineQuantities: Hashable, Sendable, Codable {
    public var quantity: Int
    public var allocated = 0, backordered = 0, cancelled = 0, shipped = 0
    public init(quantity: Int, allocated: Int = 0, backordered: Int = 0, cancelled: Int = 0, shipped: Int = 0) {
        self.quantity = quantity; self.allocated = allocated; self.backordered = backordered
        self.cancelled = cancelled; self.shipped = shipped
    }
    /// Not yet planned.
    public var open: Int { quantity - allocated - backordered - cancelled - shipped }
    /// Still to serve.
    public var outstanding: Int { quantity - cancelled - shipped }
    public var isConsistent: Bool { min(allocated, backordered, cancelled, shipped) >= 0 && open >= 0 }
}

extension OrderState {
    /// The state an order's lines put it in after allocation, cancellation or shipment.
    /// States the lines do not decide (captured, validated, picking, packed) stay as they are.
    public static func derived(from lines: [LineQuantities], current: OrderState) -> OrderState {
        let outstanding = lines.reduce(0) { $0 + $1.outstanding }
        let shipped = lines.reduce(0) { $0 + $1.shipped }
        if outstanding == 0 { return shipped > 0 ? .shipped : .cancelled }
        if shipped > 0 { return .partiallyShipped }
        guard current.awaitsAllocation || current == .allocated else { return current }
        let allocated = lines.reduce(0) { $0 + $1.allocated }
        let backordered = lines.reduce(0) { $0 + $1.backordered }
        if allocated == outstanding { return .allocated }
        if allocated > 0 { return .partiallyAllocated }
        if backordered > 0 { return .backordered }
        return .released
    }
}

/// Why an order or line was cancelled.
public enum CancelReason: String, CaseIterable, Sendable, Codable {
    case customerRequest, outOfStock, fraud, duplicate, undeliverable, pricingError, other

    public init?(parsing text: String) {
        guard let r = Spelling.match(text, in: CancelReason.self) else { return nil }
        self = r
    }
    public static var spellings: String { allCases.map(\.rawValue).joined(separator: ", ") }
}
