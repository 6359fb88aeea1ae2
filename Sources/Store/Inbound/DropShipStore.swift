import GRDB
import Domain

/// A supplier's terms for shipping a drop-ship SKU to a customer.
public struct DropShipTerms: Sendable, Equatable {
    public var supplier: String
    public var supplierID: Int64
    public var leadTimeDays: Int
    public var unitCost: Money
}

/// A drop-ship purchase order as a sales order line sees it.
public struct DropShipRow: Sendable, Equatable {
    public var purchaseOrderID: Int64
    public var purchaseOrder: String
    public var orderID: Int64
    public var lineNo: Int
    public var sku: String
    public var quantity: Int
    public var state: PurchaseOrderState
    public var supplier: String
    public var locationID: Int64
}

extension StoreReading {
    /// The SKUs shipped by their suppliers (few, if any): on every channel, and per channel
    /// where only some channels' orders are. Allocation reads them once a run.
    public func dropShipSKUs() throws -> (everywhere: Set<Int64>, byChannel: [String: Set<Int64>]) {
        var everywhere: Set<Int64> = [], byChannel: [String: Set<Int64>] = [:]
        for r in try Row.fetchAll(db, sql: "SELECT id, drop_ship, drop_ship_channels FROM sku WHERE (drop_ship = 1 OR drop_ship_channels <> '') AND is_kit = 0") {
            let id: Int64 = r[0]
            if r[1] as Bool { everywhere.insert(id) }
            for channel in (r[2] as String).split(separator: ";") { byChannel[String(channel), default: []].insert(id) }
        }
        return (everywhere, byChannel)
    }

    /// Who ships a drop-ship SKU, in how long, at what cost; nil without a preferred supplier.
    public func dropShipTerms(skuID: Int64) throws -> DropShipTerms? {
        try Row.fetchOne(db.cachedStatement(sql: """
            SELECT sup.code, sup.id, sup.lead_mean_days, s.unit_cost, s.currency FROM sku s JOIN supplier sup ON sup.id = s.preferred_supplier_id
            WHERE s.id = ?
            """), arguments: [skuID]).map { DropShipTerms(supplier: $0[0], supplierID: $0[1], leadTimeDays: $0[2], unitCost: Money(minorUnits: $0[3], currency: $0[4])) }
    }

    /// A sales order's drop-ship purchase orders (all states), by line.
    public func dropShips(salesOrder id: Int64) throws -> [DropShipRow] {
        try dropShips(where: "p.drop_ship_order_id = ?", [id])
    }

    /// The drop-ship purchase order with this reference, if it is one.
    public func dropShip(purchaseOrder code: String) throws -> DropShipRow? {
        try dropShips(where: "p.code = ? AND p.drop_ship_order_id IS NOT NULL", [code]).first
    }

    private func dropShips(where clause: String, _ arguments: [any DatabaseValueConvertible]) throws -> [DropShipRow] {
        try Row.fetchAll(db.cachedStatement(sql: """
            SELECT p.id, p.code, p.drop_ship_order_id, p.drop_ship_line_no, k.code, l.quantity, p.state, sup.code, p.location_id
            FROM purchase_order p JOIN purchase_order_line l ON l.po_id = p.id JOIN sku k ON k.id = l.sku_id
            JOIN supplier sup ON sup.id = p.supplier_id
            WHERE \(clause) ORDER BY p.drop_ship_line_no, p.id
            """), arguments: StatementArguments(arguments)).map {
            DropShipRow(purchaseOrderID: $0[0], purchaseOrder: $0[1], orderID: $0[2], lineNo: $0[3], sku: $0[4], quantity: $0[5],
                        state: PurchaseOrderState(rawValue: $0[6]) ?? .sent, supplier: $0[7], locationID: $0[8])
        }
    }

    /// Order lines whose allocated units are not what their live allocations and open
    /// drop-ship orders hold together (for `qm verify`).
    public func dropShipMismatches(limit: Int = 20) throws -> [String] {
        try Row.fetchAll(db, sql: """
            SELECT p.drop_ship_order_id, p.drop_ship_line_no, l.quantity, ol.allocated,
                   coalesce((SELECT sum(a.line_units) FROM allocation a
                             WHERE a.order_id = ol.order_id AND a.line_no = ol.line_no AND a.status = 'live'), 0)
            FROM purchase_order p JOIN purchase_order_line l ON l.po_id = p.id
            JOIN order_line ol ON ol.order_id = p.drop_ship_order_id AND ol.line_no = p.drop_ship_line_no
            WHERE p.drop_ship_order_id IS NOT NULL AND p.state = 'sent' AND ol.allocated <> l.quantity +
                  coalesce((SELECT sum(a.line_units) FROM allocation a
                            WHERE a.order_id = ol.order_id AND a.line_no = ol.line_no AND a.status = 'live'), 0)
            LIMIT ?
            """, arguments: [limit]).map {
            "order \($0[0] as Int64) line \($0[1] as Int): \($0[2] as Int) with the supplier and \($0[4] as Int) in live allocations, but the line says \($0[3] as Int) allocated"
        }
    }
}

extension StoreTransaction {
    /// The supplier's drop-ship node (DS-SUPPLIER): where its drop-ship orders are addressed and
    /// its shipments leave from. Made the first time it is needed.
    public func dropShipNode(supplier: String) throws -> Int64 {
        let code = LocationKind.dropShipNode(of: supplier)
        if let id = try locationID(code) { return id }
        return try upsert(Location(code: code, name: "Drop-ship by \(supplier)", kind: .dropShip, fulfils: false))
    }

    /// Marks an order as drop-ship for a sales order line.
    public func linkDropShip(purchaseOrder id: Int64, order: Int64, line: Int) throws {
        try db.cachedStatement(sql: "UPDATE purchase_order SET drop_ship_order_id = ?, drop_ship_line_no = ? WHERE id = ?")
            .execute(arguments: [order, line, id])
    }

    /// The supplier shipped it: every line counts as delivered (to the customer).
    public func completeDropShip(purchaseOrder id: Int64, at: String) throws {
        try db.cachedStatement(sql: "UPDATE purchase_order_line SET received = quantity WHERE po_id = ?").execute(arguments: [id])
        try setPurchaseOrderState(id, .received, at: at)
    }
}
