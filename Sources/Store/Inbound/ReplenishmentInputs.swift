import GRDB
import Domain

/// Everything replenishment reads, in a few whole-table queries: per SKU and fulfilling
/// location, stock, inbound and the demand of a window.
public struct ReplenishmentInputs: Sendable {
    public struct Key: Hashable, Sendable {
        public var sku: Int64
        public var location: Int64
        public init(sku: Int64, location: Int64) { self.sku = sku; self.location = location }
    }
    public struct SKUFacts: Sendable {
        public var code: String
        public var velocity: VelocityClass
        public var packSize: Int
        public var supplier: String?
        public var unitCost: Money
    }
    /// Active SKUs that hold stock (not kits, not drop-shipped).
    public var skus: [Int64: SKUFacts]
    /// Fulfilling locations by id.
    public var locations: [Int64: String]
    public var positions: [Key: (sellable: Int, inbound: Int)]
    /// Units allocated at the location to orders placed in the window, and the sum of each
    /// day's units squared.
    public var demand: [Key: (units: Int64, squares: Int64)]
    /// Units backordered per SKU (backorders wait for the SKU, not for a location).
    public var backordered: [Int64: Int]
    /// Pairs already on a draft purchase order (waiting for a planner), with its reference.
    public var drafted: [Key: String]
    /// Pairs a planner rejected, with the day they come back (after `since`'s window: today).
    public var rejected: [Key: String]
}

extension StoreReading {
    /// `today` (yyyy-mm-dd): rejections that end on or before it are over. `only`: just these
    /// SKU codes (an approval or a rejection reads a few, not the catalogue, inside its write).
    public func replenishmentInputs(since: String, today: String, only: Set<String>? = nil) throws -> ReplenishmentInputs {
        var skus: [Int64: ReplenishmentInputs.SKUFacts] = [:]
        let chosen = only.map { " AND s.code IN (\(databaseQuestionMarks(count: $0.count)))" } ?? ""
        let skuRows = try Row.fetchCursor(db, sql: """
            SELECT s.id, s.code, s.velocity, s.pack_size, sup.code, s.unit_cost, s.currency FROM sku s
            LEFT JOIN supplier sup ON sup.id = s.preferred_supplier_id
            WHERE s.active = 1 AND s.is_kit = 0 AND s.drop_ship = 0\(chosen)
            """, arguments: StatementArguments(only.map { Array($0) } ?? []))
        while let r = try skuRows.next() {
            skus[r[0]] = ReplenishmentInputs.SKUFacts(code: r[1], velocity: VelocityClass(rawValue: r[2]) ?? .c, packSize: r[3], supplier: r[4],
                                                      unitCost: Money(minorUnits: r[5], currency: r[6]))
        }
        // The other reads keep to the SKUs read (ids are integers the store gave: written in).
        let ids = only == nil ? "" : " IN (\(skus.keys.map(String.init).joined(separator: ",")))"
        var locations: [Int64: String] = [:]
        for r in try Row.fetchAll(db, sql: "SELECT id, code FROM location WHERE fulfils = 1") { locations[r[0]] = r[1] }
        var positions: [ReplenishmentInputs.Key: (sellable: Int, inbound: Int)] = [:]
        let positionRows = try Row.fetchCursor(db, sql: "SELECT sku_id, location_id, sellable, inbound FROM stock_position" + (ids.isEmpty ? "" : " WHERE sku_id\(ids)"))
        while let r = try positionRows.next() {
            positions[ReplenishmentInputs.Key(sku: r[0], location: r[1])] = (r[2], r[3])
        }
        // Allocations are where demand was served (live or shipped; released ones were not).
        var demand: [ReplenishmentInputs.Key: (units: Int64, squares: Int64)] = [:]
        let demandRows = try Row.fetchCursor(db, sql: """
            SELECT sku_id, location_id, sum(units), sum(units * units) FROM (
              SELECT a.sku_id, a.location_id, substr(o.ordered_at, 1, 10) AS day, sum(a.quantity) AS units
              FROM allocation a JOIN sales_order o ON o.id = a.order_id
              WHERE a.status <> 'released' AND o.ordered_at >= ?\(ids.isEmpty ? "" : " AND a.sku_id\(ids)")
              GROUP BY a.sku_id, a.location_id, day)
            GROUP BY sku_id, location_id
            """, arguments: [since])
        while let r = try demandRows.next() {
            demand[ReplenishmentInputs.Key(sku: r[0], location: r[1])] = (r[2], r[3])
        }
        var backordered: [Int64: Int] = [:]
        for r in try Row.fetchAll(db, sql: "SELECT sku_id, sum(backordered) FROM order_line WHERE backordered > 0"
                                     + (ids.isEmpty ? "" : " AND sku_id\(ids)") + " GROUP BY sku_id") {
            backordered[r[0]] = r[1]
        }
        var drafted: [ReplenishmentInputs.Key: String] = [:]
        for r in try Row.fetchAll(db, sql: """
            SELECT l.sku_id, p.location_id, p.code FROM purchase_order_line l JOIN purchase_order p ON p.id = l.po_id WHERE p.state = 'draft'
            \(ids.isEmpty ? "" : "AND l.sku_id\(ids)")
            """) {
            drafted[ReplenishmentInputs.Key(sku: r[0], location: r[1])] = r[2]
        }
        var rejected: [ReplenishmentInputs.Key: String] = [:]
        for r in try Row.fetchAll(db, sql: "SELECT sku_id, location_id, until FROM replenishment_rejection WHERE until > ?"
                                     + (ids.isEmpty ? "" : " AND sku_id\(ids)"), arguments: [today]) {
            rejected[ReplenishmentInputs.Key(sku: r[0], location: r[1])] = r[2]
        }
        return ReplenishmentInputs(skus: skus, locations: locations, positions: positions, demand: demand, backordered: backordered,
                                   drafted: drafted, rejected: rejected)
    }
}

extension StoreTransaction {
    /// Keeps a pair out of the plan until `until` (a second rejection replaces the first).
    public func rejectReplenishment(skuID: Int64, locationID: Int64, until: String, reason: String, by actor: String, at: String) throws {
        try db.execute(sql: """
            INSERT INTO replenishment_rejection (sku_id, location_id, until, reason, rejected_by, rejected_at) VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (sku_id, location_id) DO UPDATE SET until = excluded.until, reason = excluded.reason,
              rejected_by = excluded.rejected_by, rejected_at = excluded.rejected_at
            """, arguments: [skuID, locationID, until, reason, actor, at])
    }
}
