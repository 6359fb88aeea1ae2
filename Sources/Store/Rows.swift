import Domain

/// One row of the stock pane: a SKU at a location with quantities by status.
public struct PositionRow: Hashable, Sendable, Codable {
    public var skuCode: String
    public var skuName: String
    public var locationCode: String
    public var position: StockPosition
    public var inbound: Int
    public var key: SkuLocation { SkuLocation(sku: skuCode, location: locationCode) }

    public init(skuCode: String, skuName: String, locationCode: String, position: StockPosition, inbound: Int) {
        self.skuCode = skuCode; self.skuName = skuName; self.locationCode = locationCode
        self.position = position; self.inbound = inbound
    }
}

/// The order of the stock listing. SKU code then location walks the code index (pages by key,
/// cheap however deep); any other column reads the filter's rows and sorts them (a scan of
/// them, measured in docs/PERFORMANCE.md), ties going by SKU code then location.
public struct PositionOrder: Hashable, Sendable {
    /// The stock pane's columns, in its order.
    public enum Column: Int, CaseIterable, Sendable {
        case sku, name, location, sellable, reserved, quarantine, damaged, returnPending, inbound
    }
    public var column: Column
    public var descending: Bool

    public init(_ column: Column = .sku, descending: Bool = false) { self.column = column; self.descending = descending }

    /// Pages can continue from a row (keyset paging) only along the code index.
    public var walksCodeIndex: Bool { column == .sku }
}

/// What the stock listing is narrowed to, and in what order. Empty fields do not filter.
public struct PositionFilter: Hashable, Sendable {
    /// Ignoring case: 3+ characters match any part of the SKU code or name, 1-2 the start of the code.
    public var text: String
    public var location: String?
    /// Only rows holding a non-zero quantity in this status.
    public var status: StockStatus?
    public var sku: String?
    public var order: PositionOrder

    public init(text: String = "", location: String? = nil, status: StockStatus? = nil, sku: String? = nil,
                order: PositionOrder = PositionOrder()) {
        self.text = text; self.location = location; self.status = status; self.sku = sku; self.order = order
    }
}

public struct MoveRow: Hashable, Sendable, Codable {
    public var id: Int64
    public var at: String
    public var skuCode: String
    public var locationCode: String
    public var from: StockStatus?
    public var to: StockStatus?
    public var quantity: Int
    public var reason: String
    public var note: String
    public var document: String?
    public var actor: String
}

public struct AuditRow: Hashable, Sendable, Codable {
    public var id: Int64
    public var at: String
    public var actor: String
    public var role: String
    public var command: String
    public var entity: String
    public var reason: String
    public var before: String?
    public var after: String?
}

/// An audit entry to append: who, in which role, did what to which entity and why.
public struct AuditEntry: Sendable {
    public var actor: String
    public var role: Role
    public var command: String
    public var entity: String
    public var reason: String
    public var before: String?
    public var after: String?
    public init(actor: String, role: Role, command: String, entity: String, reason: String,
                before: String? = nil, after: String? = nil) {
        self.actor = actor; self.role = role; self.command = command; self.entity = entity
        self.reason = reason; self.before = before; self.after = after
    }
}

public struct UserRow: Hashable, Sendable, Codable {
    public var name: String
    public var role: Role
    public var createdAt: String
    public var createdBy: String
}

public struct InboundRow: Hashable, Sendable, Codable {
    public var document: String
    public var skuCode: String
    public var locationCode: String
    public var quantityOpen: Int
    public var expectedDate: String
}

/// Everything `qm verify` needs, read in one snapshot.
public struct LedgerSnapshot: Sendable {
    public var stored: [SkuLocation: StockPosition]
    public var netFromMoves: [SkuLocation: StockPosition]
    /// Stock held by live reservations and live order allocations, per position.
    public var liveReservations: [SkuLocation: Int]
    public var kits: Set<String>
    public var storedInbound: [SkuLocation: Int]
    public var openInbound: [SkuLocation: Int]
}
