import Foundation
import GRDB
import Domain

/// Read queries, shared by read snapshots and write transactions.
public protocol StoreReading {
    var db: Database { get }
}

public struct StoreReader: StoreReading {
    public let db: Database
}

extension StoreReading {
    /// Ids a thousand at a time: work read for many orders at once holds a bounded share in memory.
    public static func inChunks(_ ids: [Int64], _ body: ([Int64]) throws -> Void) rethrows {
        for start in stride(from: 0, to: ids.count, by: 1_000) { try body(Array(ids[start..<min(start + 1_000, ids.count)])) }
    }

    /// Ids as a JSON array, for `json_each` in set-based reads and writes.
    static func jsonArray(_ ids: [Int64]) -> String { "[" + ids.map(String.init).joined(separator: ",") + "]" }

    /// `["A","B"]` for `json_each`: codes hold no quotes or backslashes, escaped all the same.
    static func jsonArray(_ texts: [String]) -> String {
        "[" + texts.map { text in
            // Codes hold neither, so the escaping is skipped for them (it showed in profiles of receiving).
            guard text.utf8.contains(where: { $0 == UInt8(ascii: "\\") || $0 == UInt8(ascii: "\"") }) else { return "\"" + text + "\"" }
            return "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        }.joined(separator: ",") + "]"
    }

    // MARK: Master data

    public func skuID(_ code: String) throws -> Int64? {
        try Int64.fetchOne(db.cachedStatement(sql: "SELECT id FROM sku WHERE code = ?"), arguments: [code])
    }

    public func locationID(_ code: String) throws -> Int64? {
        try Int64.fetchOne(db.cachedStatement(sql: "SELECT id FROM location WHERE code = ?"), arguments: [code])
    }

    public func supplierID(_ code: String) throws -> Int64? {
        try Int64.fetchOne(db.cachedStatement(sql: "SELECT id FROM supplier WHERE code = ?"), arguments: [code])
    }

    public func sku(_ code: String) throws -> SKU? {
        try Row.fetchOne(db.cachedStatement(sql: Self.skuSelect + " WHERE s.code = ?"), arguments: [code]).map(Self.sku(from:))
    }

    /// SKUs in code order, optionally filtered by text in the code or name, or to those an
    /// import created and nobody has reviewed yet.
    public func skus(matching text: String = "", needsReview: Bool = false, limit: Int = 100, offset: Int = 0) throws -> [SKU] {
        let (clause, args, _) = Self.textClause(text, skuID: "s.id", walk: true)
        let review = needsReview ? " AND s.needs_review = 1" : ""
        return try Row.fetchAll(db, sql: Self.skuSelect + " WHERE 1=1 \(clause)\(review) ORDER BY s.code LIMIT ? OFFSET ?",
                                arguments: args + [limit, offset]).map(Self.sku(from:))
    }

    /// How many SKUs `skus(matching:needsReview:)` lists in all.
    public func skuCount(matching text: String, needsReview: Bool = false) throws -> Int {
        let (clause, args, _) = Self.textClause(text, skuID: "s.id", walk: true)
        let review = needsReview ? " AND s.needs_review = 1" : ""
        return try Int.fetchOne(db, sql: "SELECT count(*) FROM sku s WHERE 1=1 \(clause)\(review)", arguments: args) ?? 0
    }

    /// Codes of SKUs created on the fly (an order named them) that nobody has reviewed yet.
    public func skusNeedingReview(limit: Int) throws -> [String] {
        try String.fetchAll(db, sql: "SELECT code FROM sku WHERE needs_review = 1 ORDER BY code LIMIT ?", arguments: [limit])
    }

    public func skuCount() throws -> Int {
        try Int.fetchOne(db, sql: "SELECT count(*) FROM sku") ?? 0
    }

    public func channelListings(sku code: String) throws -> [ChannelListing] {
        try Row.fetchAll(db.cachedStatement(sql: """
            SELECT c.channel, c.listing_id, c.price, c.currency, c.enabled FROM sku_channel c
            JOIN sku s ON s.id = c.sku_id WHERE s.code = ? ORDER BY c.channel
            """), arguments: [code]).map {
            ChannelListing(channel: $0[0], listingID: $0[1], price: Money(minorUnits: $0[2], currency: $0[3]), enabled: $0[4])
        }
    }

    public func kitComponents(kit code: String) throws -> [KitComponent] {
        try Row.fetchAll(db.cachedStatement(sql: """
            SELECT c.code, k.quantity FROM kit_component k JOIN sku c ON c.id = k.component_id
            JOIN sku s ON s.id = k.kit_id WHERE s.code = ? ORDER BY c.code
            """), arguments: [code]).map { KitComponent(component: $0[0], quantity: $0[1]) }
    }

    public func kitCodes() throws -> Set<String> {
        Set(try String.fetchAll(db, sql: "SELECT code FROM sku WHERE is_kit = 1"))
    }

    public func location(_ code: String) throws -> Location? {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT id, code, name, kind, fulfils FROM location WHERE code = ?"),
                                         arguments: [code]) else { return nil }
        return try location(from: row)
    }

    public func locations() throws -> [Location] {
        try Row.fetchAll(db, sql: "SELECT id, code, name, kind, fulfils FROM location ORDER BY code").map(location(from:))
    }

    private func location(from row: Row) throws -> Location {
        let regions = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT region, transit_days, shipping_cost, currency FROM location_region WHERE location_id = ? ORDER BY region
            """), arguments: [row[0] as Int64]).map {
            ServiceRegion(region: $0[0], transitDays: $0[1], shippingCost: Money(minorUnits: $0[2], currency: $0[3]))
        }
        return Location(code: row[1], name: row[2], kind: LocationKind(rawValue: row[3]) ?? .warehouse,
                        fulfils: row[4], regions: regions)
    }

    /// Locations that serve a channel (its stock pool).
    public func channelPool(_ channel: String) throws -> [String] {
        try String.fetchAll(db, sql: """
            SELECT l.code FROM channel_pool p JOIN location l ON l.id = p.location_id WHERE p.channel = ? ORDER BY l.code
            """, arguments: [channel])
    }

    public func suppliers() throws -> [Supplier] {
        try Row.fetchAll(db, sql: "SELECT \(Self.supplierColumns) FROM supplier ORDER BY code").map(Self.supplier)
    }

    public func supplier(_ code: String) throws -> Supplier? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT \(Self.supplierColumns) FROM supplier WHERE code = ?"), arguments: [code])
            .map(Self.supplier)
    }

    static var supplierColumns: String {
        "code, name, lead_mean_days, lead_spread_days, on_time_per_mille, minimum_order, rounds_to_pack, over_tolerance_pct, under_tolerance_pct"
    }

    static func supplier(_ row: Row) -> Supplier {
        Supplier(code: row[0], name: row[1], leadTimeMeanDays: row[2], leadTimeSpreadDays: row[3], onTimePerMille: row[4],
                 minimumOrder: row[5], roundsToPack: row[6], tolerance: ReceivingTolerance(overPercent: row[7], underPercent: row[8]))
    }

    // MARK: Stock

    public func position(skuID: Int64, locationID: Int64) throws -> StockPosition {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: """
            SELECT sellable, reserved, quarantine, damaged, return_pending FROM stock_position
            WHERE sku_id = ? AND location_id = ?
            """), arguments: [skuID, locationID]) else { return StockPosition() }
        return StockPosition(sellable: row[0], reserved: row[1], quarantine: row[2], damaged: row[3], returnPending: row[4])
    }

    /// A page of stock rows in the filter's order. `after` continues from a row (keyset paging:
    /// cheap however deep; only in code order); `offset` jumps; `descending` reads backwards.
    public func positionRows(_ filter: PositionFilter, after: SkuLocation? = nil, descending: Bool = false,
                             offset: Int = 0, limit: Int) throws -> [PositionRow] {
        let (sql, args) = Self.positionRowsQuery(filter, after: after, descending: descending, offset: offset, limit: limit)
        return try Row.fetchAll(db.cachedStatement(sql: sql), arguments: args).map {
            PositionRow(skuCode: $0[0], skuName: $0[1], locationCode: $0[2],
                        position: StockPosition(sellable: $0[3], reserved: $0[4], quarantine: $0[5], damaged: $0[6], returnPending: $0[7]),
                        inbound: $0[8])
        }
    }

    /// Rows matching `filter`; with `cap`, counting stops there (the answer is then `cap`),
    /// so a broad filter costs no more than a narrow one.
    public func positionCount(_ filter: PositionFilter, cap: Int? = nil) throws -> Int {
        let (sql, args) = Self.positionCountQuery(filter, cap: cap)
        return try Int.fetchOne(db.cachedStatement(sql: sql), arguments: args) ?? 0
    }

    /// CROSS JOIN fixes the loop order: walk SKUs along their code index and look up each
    /// one's positions by primary key, so a page in code order costs its own rows, not a sort
    /// of them all. Another order sorts the filter's rows (ties by code, then location).
    static func positionRowsQuery(_ filter: PositionFilter, after: SkuLocation?, descending: Bool,
                                  offset: Int, limit: Int) -> (String, StatementArguments) {
        precondition(after == nil || filter.order.walksCodeIndex, "keyset pages only along the code index")
        var (whereSQL, args) = positionWhere(filter, walk: true)
        let backwards = descending != filter.order.descending
        if let after {
            let op = backwards ? "<" : ">"
            whereSQL += " AND s.code \(backwards ? "<=" : ">=") ? AND (s.code \(op) ? OR l.code \(op) ?)"
            args += [after.sku, after.sku, after.location]
        }
        let dir = backwards ? "DESC" : "ASC"
        let sortColumn = filter.order.walksCodeIndex ? "" : "\(orderExpression(filter.order.column)) \(dir), "
        let sql = """
            SELECT s.code, s.name, l.code, p.sellable, p.reserved, p.quarantine, p.damaged, p.return_pending, p.inbound
            FROM sku s CROSS JOIN stock_position p ON p.sku_id = s.id CROSS JOIN location l ON l.id = p.location_id
            WHERE \(whereSQL) ORDER BY \(sortColumn)s.code \(dir), l.code \(dir) LIMIT ? OFFSET ?
            """
        return (sql, args + [limit, offset])
    }

    static func orderExpression(_ column: PositionOrder.Column) -> String {
        switch column {
        case .sku: "s.code"
        case .name: "s.name COLLATE NOCASE"
        case .location: "l.code"
        case .sellable: "p.sellable"
        case .reserved: "p.reserved"
        case .quarantine: "p.quarantine"
        case .damaged: "p.damaged"
        case .returnPending: "p.return_pending"
        case .inbound: "p.inbound"
        }
    }

    /// Counts from the positions table alone, unless a short text filter needs SKU names.
    static func positionCountQuery(_ filter: PositionFilter, cap: Int? = nil) -> (String, StatementArguments) {
        let (whereSQL, args) = positionWhere(filter)
        let from = textClause(filter.text).needsSKUTable ? "sku s CROSS JOIN stock_position p ON p.sku_id = s.id" : "stock_position p"
        guard let cap else { return ("SELECT count(*) FROM \(from) WHERE \(whereSQL)", args) }
        return ("SELECT count(*) FROM (SELECT 1 FROM \(from) WHERE \(whereSQL) LIMIT ?)", args + [cap])
    }

    /// The latest moves, or a SKU's latest moves apart from order allocations (sellable ->
    /// reserved for an order line): the orders show those, and the SKU's history index leaves
    /// them out (migration v3).
    public func recentMoves(sku: String? = nil, limit: Int) throws -> [MoveRow] {
        let (sql, args) = Self.recentMovesQuery(sku: sku, limit: limit)
        return try Row.fetchAll(db.cachedStatement(sql: sql), arguments: args).map {
            MoveRow(id: $0[0], at: $0[1], skuCode: $0[2], locationCode: $0[3],
                    from: ($0[4] as String?).flatMap(StockStatus.init(rawValue:)),
                    to: ($0[5] as String?).flatMap(StockStatus.init(rawValue:)),
                    quantity: $0[6], reason: $0[7], note: $0[8], document: $0[9], actor: $0[10])
        }
    }

    static func recentMovesQuery(sku: String?, limit: Int) -> (String, StatementArguments) {
        let filter = sku == nil ? "" : "WHERE m.sku_id = (SELECT id FROM sku WHERE code = ?) AND m.reason <> 'allocation'"
        return ("""
            SELECT m.id, m.at, s.code, l.code, m.from_status, m.to_status, m.quantity, m.reason, m.note, m.document, m.actor
            FROM stock_move m JOIN sku s ON s.id = m.sku_id JOIN location l ON l.id = m.location_id
            \(filter) ORDER BY m.id DESC LIMIT ?
            """, sku.map { [$0, limit] } ?? [limit])
    }

    /// Live holders of reserved stock: reservations and order allocations.
    public func liveReservationCount() throws -> Int {
        try Int.fetchOne(db, sql: """
            SELECT (SELECT count(*) FROM reservation WHERE live = 1) + (SELECT count(*) FROM allocation WHERE status = 'live')
            """) ?? 0
    }

    /// Where the database stands as this connection sees it. While it stays the same, what was
    /// read earlier through this connection is still current.
    public func changeStamp() throws -> ChangeStamp {
        ChangeStamp(dataVersion: try Int.fetchOne(db, sql: "PRAGMA data_version") ?? 0, ownChanges: db.totalChangesCount)
    }

    public func moveCount() throws -> Int { try Int.fetchOne(db, sql: "SELECT count(*) FROM stock_move") ?? 0 }

    public func openInbound(sku: String) throws -> [InboundRow] {
        try Row.fetchAll(db, sql: """
            SELECT i.document, s.code, l.code, i.quantity_open, i.expected_date FROM inbound_supply i
            JOIN sku s ON s.id = i.sku_id JOIN location l ON l.id = i.location_id
            WHERE s.code = ? AND i.quantity_open > 0 ORDER BY i.expected_date, i.document
            """, arguments: [sku]).map {
            InboundRow(document: $0[0], skuCode: $0[1], locationCode: $0[2], quantityOpen: $0[3], expectedDate: $0[4])
        }
    }

    /// Every input of the ledger invariants, read in one snapshot. Sums run in SQL.
    public func ledgerSnapshot() throws -> LedgerSnapshot {
        var stored: [SkuLocation: StockPosition] = [:]
        var storedInbound: [SkuLocation: Int] = [:]
        let positions = try Row.fetchCursor(db, sql: """
            SELECT s.code, l.code, p.sellable, p.reserved, p.quarantine, p.damaged, p.return_pending, p.inbound
            FROM stock_position p JOIN sku s ON s.id = p.sku_id JOIN location l ON l.id = p.location_id
            """)
        while let row = try positions.next() {
            let key = SkuLocation(sku: row[0], location: row[1])
            stored[key] = StockPosition(sellable: row[2], reserved: row[3], quarantine: row[4], damaged: row[5], returnPending: row[6])
            storedInbound[key] = row[7]
        }
        var net: [SkuLocation: StockPosition] = [:]
        // Net per status = what moved into it minus what moved out of it.
        let sums = try Row.fetchCursor(db, sql: """
            SELECT s.code, l.code, t.status, sum(t.qty) FROM (
              SELECT sku_id, location_id, to_status AS status, quantity AS qty FROM stock_move WHERE to_status IS NOT NULL
              UNION ALL
              SELECT sku_id, location_id, from_status, -quantity FROM stock_move WHERE from_status IS NOT NULL
            ) t JOIN sku s ON s.id = t.sku_id JOIN location l ON l.id = t.location_id
            GROUP BY t.sku_id, t.location_id, t.status
            """)
        while let row = try sums.next() {
            guard let status = StockStatus(rawValue: row[2]) else { continue }
            let key = SkuLocation(sku: row[0], location: row[1])
            net[key, default: StockPosition()][status] = row[3]
        }
        var live: [SkuLocation: Int] = [:]
        for row in try Row.fetchAll(db, sql: """
            SELECT s.code, l.code, sum(r.quantity) FROM (
              SELECT sku_id, location_id, quantity FROM reservation WHERE live = 1
              UNION ALL
              SELECT sku_id, location_id, quantity FROM allocation WHERE status = 'live'
            ) r JOIN sku s ON s.id = r.sku_id JOIN location l ON l.id = r.location_id GROUP BY r.sku_id, r.location_id
            """) {
            live[SkuLocation(sku: row[0], location: row[1])] = row[2]
        }
        var open: [SkuLocation: Int] = [:]
        for row in try Row.fetchAll(db, sql: """
            SELECT s.code, l.code, sum(i.quantity_open) FROM inbound_supply i JOIN sku s ON s.id = i.sku_id
            JOIN location l ON l.id = i.location_id GROUP BY i.sku_id, i.location_id
            """) {
            open[SkuLocation(sku: row[0], location: row[1])] = row[2]
        }
        return LedgerSnapshot(stored: stored, netFromMoves: net, liveReservations: live,
                              kits: try kitCodes(), storedInbound: storedInbound, openInbound: open)
    }

    // MARK: Users and audit

    public func user(_ name: String) throws -> UserRow? {
        try Row.fetchOne(db, sql: "SELECT name, role, created_at, created_by FROM app_user WHERE name = ?", arguments: [name])
            .map { UserRow(name: $0[0], role: Role(rawValue: $0[1]) ?? .viewer, createdAt: $0[2], createdBy: $0[3]) }
    }

    public func users() throws -> [UserRow] {
        try Row.fetchAll(db, sql: "SELECT name, role, created_at, created_by FROM app_user ORDER BY name")
            .map { UserRow(name: $0[0], role: Role(rawValue: $0[1]) ?? .viewer, createdAt: $0[2], createdBy: $0[3]) }
    }

    public func userCount() throws -> Int { try Int.fetchOne(db, sql: "SELECT count(*) FROM app_user") ?? 0 }

    /// The newest entries first: of one entity, or (`matching`) those whose user, entity or
    /// command starts with the text, or whose reason holds it (any case).
    public func auditEntries(entity: String? = nil, matching text: String = "", limit: Int) throws -> [AuditRow] {
        var conditions: [String] = []
        var args: StatementArguments = []
        if let entity { conditions.append("entity = ?"); args += [entity] }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if !trimmed.isEmpty {
            let prefix = Self.likePrefix(trimmed)
            conditions.append("(actor LIKE ? ESCAPE '\\' OR entity LIKE ? ESCAPE '\\' OR command LIKE ? ESCAPE '\\' OR reason LIKE ? ESCAPE '\\')")
            args += [prefix, prefix, prefix, "%" + prefix]
        }
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        return try Row.fetchAll(db, sql: """
            SELECT id, at, actor, role, command, entity, reason, before, after FROM audit \(filter) ORDER BY id DESC LIMIT ?
            """, arguments: args + [limit]).map {
            AuditRow(id: $0[0], at: $0[1], actor: $0[2], role: $0[3], command: $0[4], entity: $0[5],
                     reason: $0[6], before: $0[7], after: $0[8])
        }
    }

    public func auditCount(entity: String? = nil) throws -> Int {
        guard let entity else { return try Int.fetchOne(db, sql: "SELECT count(*) FROM audit") ?? 0 }
        return try Int.fetchOne(db, sql: "SELECT count(*) FROM audit WHERE entity = ?", arguments: [entity]) ?? 0
    }

    /// Grows with every committed change (every change writes an audit entry), so a console
    /// can poll it cheaply to notice another process's work.
    public func lastAuditID() throws -> Int64 {
        try Int64.fetchOne(db.cachedStatement(sql: "SELECT coalesce(max(id), 0) FROM audit")) ?? 0
    }

    // MARK: SQL building blocks

    static var skuSelect: String {
        """
        SELECT s.code, s.name, s.uom, s.pack_size, s.unit_cost, s.list_price, s.currency, sup.code,
               s.velocity, s.weight_g, s.active, s.is_kit, s.inspect_on_receipt, s.drop_ship, s.drop_ship_channels
        FROM sku s LEFT JOIN supplier sup ON sup.id = s.preferred_supplier_id
        """
    }

    static func sku(from row: Row) -> SKU {
        let currency: String = row[6]
        return SKU(code: row[0], name: row[1], unitOfMeasure: row[2], packSize: row[3],
                   unitCost: Money(minorUnits: row[4], currency: currency),
                   listPrice: Money(minorUnits: row[5], currency: currency), preferredSupplier: row[7],
                   velocity: VelocityClass(rawValue: row[8]) ?? .c, weightGrams: row[9], active: row[10], isKit: row[11],
                   inspectOnReceipt: row[12], dropShip: row[13],
                   dropShipChannels: (row[14] as String).split(separator: ";").map(String.init))
    }

    /// Text in the SKU code or name, ignoring case. Three characters or more: anywhere in the
    /// code or name, through the trigram index (`sku_search`). One or two: the start of the
    /// code, through the NOCASE code index (a name search that short would match everything).
    ///
    /// `walk` is for queries that read SKUs in code order and stop at a LIMIT: the unary `+`
    /// keeps SQLite walking the code index and testing each SKU, instead of collecting every
    /// match first and sorting them (a broad filter would sort the whole catalogue).
    static func textClause(_ text: String, skuID: String = "p.sku_id", walk: Bool = false)
        -> (sql: String, arguments: StatementArguments, needsSKUTable: Bool) {
        let plus = walk ? "+" : ""
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return ("", [], false) }
        if trimmed.count >= 3 {
            // An FTS5 phrase: quoted, with inner quotes doubled, so no query syntax leaks in.
            let phrase = "\"" + trimmed.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            return (" AND \(plus)\(skuID) IN (SELECT rowid FROM sku_search WHERE sku_search MATCH ?)", [phrase], false)
        }
        return (" AND \(plus)s.code LIKE ? ESCAPE '\\'", [likePrefix(trimmed)], true)
    }

    /// `text%` for LIKE (ESCAPE '\\'), its wildcards taken literally. With a NOCASE index on
    /// the column, SQLite walks only the index range that starts so.
    static func likePrefix(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_") + "%"
    }

    static func positionWhere(_ filter: PositionFilter, walk: Bool = false) -> (String, StatementArguments) {
        var sql = "1=1"
        var args: StatementArguments = []
        let text = textClause(filter.text, skuID: walk ? "s.id" : "p.sku_id", walk: walk)
        sql += text.sql; args += text.arguments
        if let location = filter.location { sql += " AND p.location_id = (SELECT id FROM location WHERE code = ?)"; args += [location] }
        if let sku = filter.sku { sql += " AND p.sku_id = (SELECT id FROM sku WHERE code = ?)"; args += [sku] }
        if let status = filter.status { sql += " AND p.\(column(for: status)) <> 0" }
        return (sql, args)
    }

    static func column(for status: StockStatus) -> String {
        switch status {
        case .sellable: "sellable"
        case .reserved: "reserved"
        case .quarantine: "quarantine"
        case .damaged: "damaged"
        case .returnPending: "return_pending"
        }
    }
}

extension StoreReading {
    /// Whether this SKU is a component of some kit.
    public func isKitComponent(sku code: String) throws -> Bool {
        try Bool.fetchOne(db, sql: """
            SELECT EXISTS (SELECT 1 FROM kit_component k JOIN sku s ON s.id = k.component_id WHERE s.code = ?)
            """, arguments: [code]) ?? false
    }

    /// Whether any stock of this SKU is on the books anywhere.
    public func hasStock(sku code: String) throws -> Bool {
        try Bool.fetchOne(db, sql: """
            SELECT EXISTS (SELECT 1 FROM stock_position p JOIN sku s ON s.id = p.sku_id WHERE s.code = ?
              AND (p.sellable + p.reserved + p.quarantine + p.damaged + p.return_pending) > 0)
            """, arguments: [code]) ?? false
    }
}

/// Another connection's commit changes SQLite's data_version; a write through this same
/// connection (another part of the process) changes its total change count.
public struct ChangeStamp: Equatable, Sendable {
    public var dataVersion: Int
    public var ownChanges: Int
}

extension StoreReading {
    /// Stock moves with no audit entry for them: one of its position's written at the same
    /// time, or, for a move of an order's (its document in qm's form "order N"), one of that
    /// order's. (A shipment feed dates its moves when the goods left and its audit when it was
    /// recorded, so an order's moves are matched by the order alone.) Such a move was written
    /// around qm.
    public func unauditedMoves(limit: Int = 20) throws -> (count: Int, first: [String]) {
        let rows = try Row.fetchAll(db, sql: """
            SELECT m.id, s.code, l.code, m.reason FROM stock_move m
            JOIN sku s ON s.id = m.sku_id JOIN location l ON l.id = m.location_id
            WHERE NOT EXISTS (SELECT 1 FROM audit a WHERE a.entity = 'stock:' || s.code || '@' || l.code AND a.at = m.at)
              AND NOT (m.document GLOB 'order [0-9]*'
                       AND EXISTS (SELECT 1 FROM audit a WHERE a.entity = 'order:' || substr(m.document, 7)))
              -- A receipt's moves are audited by its purchase order's entry, a shipped or received
              -- transfer's by the transfer's, written with them.
              AND NOT (m.reason = 'receipt' AND m.document IS NOT NULL
                       AND EXISTS (SELECT 1 FROM audit a WHERE a.entity = 'po:' || m.document AND a.at = m.at))
              AND NOT (m.reason = 'transfer' AND m.document IS NOT NULL
                       AND EXISTS (SELECT 1 FROM audit a WHERE a.entity = 'transfer:' || m.document AND a.at = m.at))
            ORDER BY m.id
            """)
        let first = rows.prefix(limit).map { r in
            "stock move \(r[0] as Int64) (\(r[1] as String) at \(r[2] as String), \(r[3] as String)) has no audit entry written with it"
        }
        return (rows.count, Array(first))
    }
}
