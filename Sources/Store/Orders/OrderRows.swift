import Domain

/// An order's header as stored.
public struct OrderHeader: Hashable, Sendable, Codable {
    public var id: Int64
    public var channel: String
    public var externalRef: String
    public var kind: OrderKind
    public var state: OrderState
    /// Open holds; the order is on hold when this is above zero.
    public var openHolds: Int
    public var customer: String
    public var shipTo: Address
    public var serviceLevel: ServiceLevel
    public var promiseDate: String
    public var paymentStatus: PaymentStatus
    public var fraudScore: Int
    public var currency: String
    public var freight: Int64
    public var refersTo: String?
    public var orderedAt: String
    public var capturedAt: String
    public var stateSince: String
    public var onHold: Bool { openHolds > 0 }
}

public struct OrderLineRow: Hashable, Sendable, Codable {
    public var lineNo: Int
    public var sku: String
    public var skuID: Int64
    public var description: String
    public var quantity: Int
    public var unitPrice: Int64
    public var discount: Int64
    public var tax: Int64?
    public var allocated: Int
    public var backordered: Int
    public var cancelled: Int
    public var shipped: Int
    public var expectedDate: String?
    public var backorderedSince: String?
    /// Not yet planned: neither allocated, backordered, cancelled nor shipped.
    public var open: Int { quantity - allocated - backordered - cancelled - shipped }
    /// Still to serve: not cancelled and not shipped.
    public var outstanding: Int { quantity - cancelled - shipped }
}

public struct HoldRow: Hashable, Sendable, Codable {
    public var id: Int64
    public var reason: HoldReason
    public var owner: Role
    public var note: String
    public var placedBy: String
    public var placedAt: String
    public var releasedBy: String?
    public var releasedAt: String?
    public var isOpen: Bool { releasedAt == nil }
}

public struct AllocationRow: Hashable, Sendable, Codable {
    public var id: Int64
    public var lineNo: Int
    public var sku: String
    public var location: String
    public var skuID: Int64
    public var locationID: Int64
    public var quantity: Int
    public var lineUnits: Int
    /// live (holds reserved stock), shipped or released.
    public var status: String
    public var shipmentID: Int64?
    public var createdAt: String
}

public struct ShipmentRow: Hashable, Sendable, Codable {
    public var id: Int64
    public var location: String
    public var carrier: String
    public var tracking: String
    public var shippedAt: String
    public var shippedBy: String
}

/// An order's latest allocation decisions as stored (`LineDecision.decode(storage:)` reads `detail`).
public struct DecisionRow: Hashable, Sendable, Codable {
    public var policy: String
    public var decidedAt: String
    public var detail: String
}

/// Everything known about one order.
public struct OrderRecord: Hashable, Sendable, Codable {
    public var header: OrderHeader
    public var lines: [OrderLineRow]
    public var charges: [OrderCharge]
    public var holds: [HoldRow]
    public var allocations: [AllocationRow]
    public var shipments: [ShipmentRow]
    public var decision: DecisionRow?
    public var openHolds: [HoldRow] { holds.filter(\.isOpen) }
}

/// One row of an order listing or queue.
public struct OrderSummary: Hashable, Sendable, Codable {
    public var id: Int64
    public var channel: String
    public var externalRef: String
    public var kind: OrderKind
    public var state: OrderState
    public var openHolds: Int
    /// The oldest open hold's reason, if any.
    public var holdReason: HoldReason?
    public var customer: String
    public var region: String
    public var promiseDate: String
    public var orderedAt: String
    public var stateSince: String
    public var lines: Int
    public var value: Int64
    public var currency: String
}

/// What an order listing is narrowed to; nil fields do not filter.
public struct OrderFilter: Hashable, Sendable {
    public var state: OrderState?
    public var hold: HoldReason?
    /// Only orders with at least one open hold (any reason).
    public var onHold: Bool
    public var channel: String?
    public var kind: OrderKind?
    public init(state: OrderState? = nil, hold: HoldReason? = nil, onHold: Bool = false, channel: String? = nil,
                kind: OrderKind? = .sale) {
        self.state = state; self.hold = hold; self.onHold = onHold; self.channel = channel; self.kind = kind
    }
}

/// A queue of the order-queues pane: how many orders and since when the oldest waits.
public struct QueueCount: Hashable, Sendable, Codable {
    public var state: OrderState?
    public var hold: HoldReason?
    public var count: Int
    public var oldest: String?
}

/// Backordered lines of one SKU, for planners.
public struct BackorderGroup: Hashable, Sendable, Codable {
    public var sku: String
    public var skuName: String
    public var quantity: Int
    public var lines: Int
    public var oldestSince: String
    /// The latest expected date among its lines (when all of them recover); nil if any has none.
    public var expectedRecovery: String?
    /// Open inbound at fulfilling locations that serve a region the waiting orders ship to:
    /// what can cover them.
    public var inboundOpen: Int
    public var nextInbound: InboundRow?
    /// The regions the waiting orders ship to.
    public var regions: [String] = []
    /// When no inbound covers them: the next inbound elsewhere, which cannot serve them.
    public var inboundElsewhere: InboundRow?
}

/// A backordered line, for the backorder pane's drill-down.
public struct BackorderLine: Hashable, Sendable, Codable {
    public var orderID: Int64
    public var externalRef: String
    public var lineNo: Int
    public var quantity: Int
    public var since: String
    public var expectedDate: String?
}

/// Where an allocation run is in its priority order.
public struct AllocationCursor: Hashable, Sendable {
    public var id: Int64
    public var promiseDate: String
    public var priority: Int
    public var orderedAt: String
    /// A new order, or a backorder that could now take something (`ordersToAllocate`).
    public var worthPlanning = true
}
