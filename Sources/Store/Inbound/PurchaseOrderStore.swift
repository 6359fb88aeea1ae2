import GRDB
import Domain

/// A stored purchase order: the Domain record with its number and history.
public struct PurchaseOrderRecord: Sendable, Equatable {
    public var id: Int64
    public var order: PurchaseOrder
    public var createdAt: String
    public var createdBy: String
    /// When it entered its current state.
    public var stateSince: String
    /// When it went to the supplier (nil before).
    public var sentAt: String?
    /// A drop-ship order: the sales order line its supplier ships to the customer.
    public var dropShipFor: (order: Int64, line: Int)?

    public init(id: Int64, order: PurchaseOrder, createdAt: String, createdBy: String, stateSince: String, sentAt: String? = nil,
                dropShipFor: (order: Int64, line: Int)? = nil) {
        self.id = id; self.order = order; self.createdAt = createdAt; self.createdBy = createdBy; self.stateSince = stateSince
        self.sentAt = sentAt; self.dropShipFor = dropShipFor
    }

    public static func == (a: PurchaseOrderRecord, b: PurchaseOrderRecord) -> Bool {
        a.id == b.id && a.order == b.order && a.createdAt == b.createdAt && a.createdBy == b.createdBy && a.stateSince == b.stateSince
            && a.sentAt == b.sentAt && a.dropShipFor?.order == b.dropShipFor?.order && a.dropShipFor?.line == b.dropShipFor?.line
    }
}

/// Which purchase orders a listing shows.
public struct PurchaseOrderFilter: Sendable, Equatable {
    public var state: PurchaseOrderState?
    public var supplier: String?
    /// Only orders with a line still open past its expected date on this day (yyyy-mm-dd).
    public var lateOn: String?
    /// Only drop-ship orders (true), only the rest (false), or both (nil).
    public var dropShip: Bool?

    public init(state: PurchaseOrderState? = nil, supplier: String? = nil, lateOn: String? = nil, dropShip: Bool? = nil) {
        self.state = state; self.supplier = supplier; self.lateOn = lateOn; self.dropShip = dropShip
    }
}

extension StoreReading {
    /// The purchase order with this reference, lines in line order.
    public func purchaseOrder(_ code: String) throws -> PurchaseOrderRecord? {
        try purchaseOrders(where: "p.code = ?", [code], limit: 1, offset: 0).first
    }

    /// A page of purchase orders, oldest first, each with its lines.
    public func purchaseOrders(_ filter: PurchaseOrderFilter, limit: Int?, offset: Int = 0) throws -> [PurchaseOrderRecord] {
        let (clause, arguments) = Self.purchaseOrderClause(filter)
        return try purchaseOrders(where: clause, arguments, limit: limit, offset: offset)
    }

    public func purchaseOrderCount(_ filter: PurchaseOrderFilter) throws -> Int {
        let (clause, arguments) = Self.purchaseOrderClause(filter)
        return try Int.fetchOne(db, sql: """
            SELECT count(*) FROM purchase_order p JOIN supplier s ON s.id = p.supplier_id WHERE \(clause)
            """, arguments: StatementArguments(arguments)) ?? 0
    }

    private static func purchaseOrderClause(_ filter: PurchaseOrderFilter) -> (String, [any DatabaseValueConvertible]) {
        var clauses = ["1 = 1"], arguments: [any DatabaseValueConvertible] = []
        if let state = filter.state { clauses.append("p.state = ?"); arguments.append(state.rawValue) }
        if let supplier = filter.supplier { clauses.append("s.code = ?"); arguments.append(supplier) }
        if let dropShip = filter.dropShip { clauses.append(dropShip ? "p.drop_ship_order_id IS NOT NULL" : "p.drop_ship_order_id IS NULL") }
        if let day = filter.lateOn {
            let inbound = PurchaseOrderState.allCases.filter(\.countsAsInbound).map { "'\($0.rawValue)'" }.joined(separator: ", ")
            clauses.append("""
                p.state IN (\(inbound)) AND EXISTS (SELECT 1 FROM purchase_order_line l
                  WHERE l.po_id = p.id AND l.received < l.quantity AND l.expected_date < ?)
                """)
            arguments.append(day)
        }
        return (clauses.joined(separator: " AND "), arguments)
    }

    private func purchaseOrders(where clause: String, _ arguments: [any DatabaseValueConvertible], limit: Int?,
                                offset: Int) throws -> [PurchaseOrderRecord] {
        // Cached: receiving reads an order per receipt, and the same few filters repeat.
        let headers = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT p.id, p.code, s.code, l.code, p.currency, p.state, p.note, p.created_at, p.created_by, p.state_since, p.sent_at,
                   p.drop_ship_order_id, p.drop_ship_line_no
            FROM purchase_order p JOIN supplier s ON s.id = p.supplier_id JOIN location l ON l.id = p.location_id
            WHERE \(clause) ORDER BY p.id LIMIT ? OFFSET ?
            """), arguments: StatementArguments(arguments + [limit ?? -1, offset]))
        var lines: [Int64: [PurchaseOrderLine]] = [:]
        let ids = headers.map { $0[0] as Int64 }
        for start in stride(from: 0, to: ids.count, by: 500) {
            let chunk = Array(ids[start..<min(start + 500, ids.count)])
            let rows = try Row.fetchCursor(db.cachedStatement(sql: """
                SELECT l.po_id, k.code, l.quantity, l.unit_cost, p.currency, l.expected_date, l.received
                FROM purchase_order_line l JOIN sku k ON k.id = l.sku_id JOIN purchase_order p ON p.id = l.po_id
                WHERE l.po_id IN (\(databaseQuestionMarks(count: chunk.count))) ORDER BY l.po_id, l.line_no
                """), arguments: StatementArguments(chunk))
            while let r = try rows.next() {
                lines[r[0], default: []].append(PurchaseOrderLine(sku: r[1], quantity: r[2],
                                                                  unitCost: Money(minorUnits: r[3], currency: r[4]),
                                                                  expectedDate: r[5], received: r[6]))
            }
        }
        return headers.map { h in
            let id: Int64 = h[0]
            let order = PurchaseOrder(code: h[1], supplier: h[2], location: h[3], currency: h[4],
                                      state: PurchaseOrderState(rawValue: h[5]) ?? .draft, note: h[6], lines: lines[id] ?? [])
            let dropShip: (Int64, Int)? = (h[11] as Int64?).map { ($0, h[12] as Int? ?? 0) }
            return PurchaseOrderRecord(id: id, order: order, createdAt: h[7], createdBy: h[8], stateSince: h[9], sentAt: h[10],
                                       dropShipFor: dropShip)
        }
    }
}

/// Purchase-order writes. The inbound figure follows them: `shiftInbound` keeps
/// `stock_position.inbound` equal to what the `inbound_supply` view derives.
extension StoreTransaction {
    /// A reference no order has: PO- and the next number, skipping any an import took.
    public func nextPurchaseOrderCode() throws -> String {
        var n = (try Int64.fetchOne(db, sql: "SELECT coalesce(max(id), 0) + 1 FROM purchase_order") ?? 1)
        while true {
            let code = "PO-\(String(n).leftPadded(to: 6))"
            if try Int.fetchOne(db, sql: "SELECT 1 FROM purchase_order WHERE code = ?", arguments: [code]) == nil { return code }
            n += 1
        }
    }

    public func insertPurchaseOrder(_ order: PurchaseOrder, supplierID: Int64, locationID: Int64,
                                    by actor: String, at: String) throws -> Int64 {
        try db.cachedStatement(sql: """
            INSERT INTO purchase_order (code, supplier_id, location_id, currency, state, note, created_at, created_by, state_since)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [order.code, supplierID, locationID, order.currency, order.state.rawValue, order.note,
                                     at, actor, at])
        return db.lastInsertedRowID
    }

    public func insertPurchaseOrderLine(_ line: PurchaseOrderLine, order id: Int64, lineNo: Int, skuID: Int64) throws {
        try db.cachedStatement(sql: """
            INSERT INTO purchase_order_line (po_id, line_no, sku_id, quantity, unit_cost, expected_date, received)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [id, lineNo, skuID, line.quantity, line.unitCost.minorUnits, line.expectedDate, line.received])
    }

    public func setPurchaseOrderState(_ id: Int64, _ state: PurchaseOrderState, at: String) throws {
        try db.cachedStatement(sql: "UPDATE purchase_order SET state = ?, state_since = ? WHERE id = ?")
            .execute(arguments: [state.rawValue, at, id])
        if state == .sent {
            try db.cachedStatement(sql: "UPDATE purchase_order SET sent_at = ? WHERE id = ?").execute(arguments: [at, id])
        }
    }

    /// Adds (`sign` 1) or takes away (-1) the order's open quantities from the inbound figure
    /// of its location: when it starts or stops counting as inbound.
    public func shiftInbound(order id: Int64, sign: Int) throws {
        try db.cachedStatement(sql: """
            INSERT INTO stock_position (sku_id, location_id)
            SELECT l.sku_id, p.location_id FROM purchase_order_line l JOIN purchase_order p ON p.id = l.po_id
            WHERE l.po_id = ? AND l.received < l.quantity
            ON CONFLICT DO NOTHING
            """).execute(arguments: [id])
        try db.cachedStatement(sql: """
            UPDATE stock_position SET inbound = inbound + ? * o.open
            FROM (SELECT l.sku_id, p.location_id, l.quantity - l.received AS open
                  FROM purchase_order_line l JOIN purchase_order p ON p.id = l.po_id
                  WHERE l.po_id = ? AND l.received < l.quantity) AS o
            WHERE stock_position.sku_id = o.sku_id AND stock_position.location_id = o.location_id
            """).execute(arguments: [sign, id])
    }

    public func setExpectedDate(order id: Int64, sku: String, to date: String) throws {
        try db.cachedStatement(sql: """
            UPDATE purchase_order_line SET expected_date = ? WHERE po_id = ? AND sku_id = (SELECT id FROM sku WHERE code = ?)
            """).execute(arguments: [date, id, sku])
    }
}

private extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
