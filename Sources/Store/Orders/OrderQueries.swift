import GRDB
import Domain

extension StoreReading {
    static var orderColumns: String {
        """
        o.id, o.channel, o.external_ref, o.kind, o.state, o.on_hold, o.customer, o.ship_name, o.ship_line1, o.ship_city,
        o.ship_postcode, o.ship_country, o.ship_region, o.service_level, o.promise_date, o.payment_status, o.fraud_score,
        o.currency, o.freight, o.refers_to, o.ordered_at, o.captured_at, o.state_since
        """
    }

    static func orderHeader(from r: Row) -> OrderHeader {
        OrderHeader(id: r[0], channel: r[1], externalRef: r[2], kind: OrderKind(rawValue: r[3]) ?? .sale,
                    state: OrderState(rawValue: r[4]) ?? .captured, openHolds: r[5], customer: r[6],
                    shipTo: Address(name: r[7], line1: r[8], city: r[9], postcode: r[10], country: r[11], region: r[12]),
                    serviceLevel: ServiceLevel(rawValue: r[13]) ?? .standard, promiseDate: r[14],
                    paymentStatus: PaymentStatus(rawValue: r[15]) ?? .pending, fraudScore: r[16], currency: r[17],
                    freight: r[18], refersTo: r[19], orderedAt: r[20], capturedAt: r[21], stateSince: r[22])
    }

    public func orderHeader(_ id: Int64) throws -> OrderHeader? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT \(Self.orderColumns) FROM sales_order o WHERE o.id = ?"),
                         arguments: [id]).map(Self.orderHeader(from:))
    }

    /// The order a channel's reference names and the fingerprint of its content (nil for
    /// orders stored before fingerprints).
    public func orderContent(channel: String, externalRef: String) throws -> (id: Int64, hash: String?)? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT id, content_hash FROM sales_order WHERE channel = ? AND external_ref = ?"),
                         arguments: [channel, externalRef]).map { ($0[0], $0[1]) }
    }

    public func orderID(channel: String, externalRef: String) throws -> Int64? {
        try Int64.fetchOne(db.cachedStatement(sql: "SELECT id FROM sales_order WHERE channel = ? AND external_ref = ?"),
                           arguments: [channel, externalRef])
    }

    /// Orders with this external reference, on whichever channels use it.
    public func orders(externalRef: String, limit: Int) throws -> [(id: Int64, channel: String)] {
        try Row.fetchAll(db.cachedStatement(sql: "SELECT id, channel FROM sales_order WHERE external_ref = ? ORDER BY id LIMIT ?"),
                         arguments: [externalRef, limit]).map { (id: $0[0], channel: $0[1]) }
    }

    public func orderCount(kind: OrderKind? = nil) throws -> Int {
        if let kind {
            return try Int.fetchOne(db, sql: "SELECT count(*) FROM sales_order WHERE kind = ?", arguments: [kind.rawValue]) ?? 0
        }
        return try Int.fetchOne(db, sql: "SELECT count(*) FROM sales_order") ?? 0
    }

    static func orderLine(from r: Row) -> OrderLineRow {
        OrderLineRow(lineNo: r[0], sku: r[1], skuID: r[2], description: r[3], quantity: r[4], unitPrice: r[5],
                     discount: r[6], tax: r[7], allocated: r[8], backordered: r[9], cancelled: r[10], shipped: r[11],
                     expectedDate: r[12], backorderedSince: r[13])
    }

    public func orderLines(_ orderID: Int64) throws -> [OrderLineRow] {
        try Row.fetchAll(db.cachedStatement(sql: """
            SELECT l.line_no, s.code, l.sku_id, l.description, l.quantity, l.unit_price, l.discount, l.tax, l.allocated,
              l.backordered, l.cancelled, l.shipped, l.expected_date, l.backordered_since
            FROM order_line l JOIN sku s ON s.id = l.sku_id WHERE l.order_id = ? ORDER BY l.line_no
            """), arguments: [orderID]).map(Self.orderLine(from:))
    }

    public func orderHolds(_ orderID: Int64) throws -> [HoldRow] {
        try Row.fetchAll(db.cachedStatement(sql: """
            SELECT id, reason, owner_role, note, placed_by, placed_at, released_by, released_at FROM order_hold
            WHERE order_id = ? ORDER BY id
            """), arguments: [orderID]).map {
            HoldRow(id: $0[0], reason: HoldReason(rawValue: $0[1]) ?? .customer, owner: Role(rawValue: $0[2]) ?? .supervisor,
                    note: $0[3], placedBy: $0[4], placedAt: $0[5], releasedBy: $0[6], releasedAt: $0[7])
        }
    }

    public func orderAllocations(_ orderID: Int64, liveOnly: Bool = false) throws -> [AllocationRow] {
        try Row.fetchAll(db.cachedStatement(sql: """
            SELECT a.id, a.line_no, s.code, l.code, a.quantity, a.line_units, a.status, a.shipment_id, a.created_at,
              a.sku_id, a.location_id
            FROM allocation a JOIN sku s ON s.id = a.sku_id JOIN location l ON l.id = a.location_id
            WHERE a.order_id = ? \(liveOnly ? "AND a.status = 'live'" : "") ORDER BY a.id
            """), arguments: [orderID]).map(Self.allocation(from:))
    }

    static func allocation(from r: Row) -> AllocationRow {
        AllocationRow(id: r[0], lineNo: r[1], sku: r[2], location: r[3], skuID: r[9], locationID: r[10],
                      quantity: r[4], lineUnits: r[5], status: r[6], shipmentID: r[7], createdAt: r[8])
    }

    public func orderCharges(_ id: Int64) throws -> [OrderCharge] {
        try Row.fetchAll(db.cachedStatement(sql: "SELECT code, description, amount FROM order_charge WHERE order_id = ? ORDER BY seq"),
                         arguments: [id]).map { OrderCharge(code: $0[0], description: $0[1], amount: $0[2]) }
    }

    public func order(_ id: Int64) throws -> OrderRecord? {
        guard let header = try orderHeader(id) else { return nil }
        let charges = try orderCharges(id)
        let shipments = try Row.fetchAll(db, sql: """
            SELECT sh.id, l.code, sh.carrier, sh.tracking, sh.shipped_at, sh.shipped_by FROM shipment sh
            JOIN location l ON l.id = sh.location_id WHERE sh.order_id = ? ORDER BY sh.id
            """, arguments: [id]).map {
            ShipmentRow(id: $0[0], location: $0[1], carrier: $0[2], tracking: $0[3], shippedAt: $0[4], shippedBy: $0[5])
        }
        let decision = try orderDecision(id)
        return OrderRecord(header: header, lines: try orderLines(id), charges: charges, holds: try orderHolds(id),
                           allocations: try orderAllocations(id), shipments: shipments, decision: decision)
    }

    public func orderDecision(_ orderID: Int64) throws -> DecisionRow? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT policy, decided_at, detail FROM allocation_decision WHERE order_id = ?"),
                         arguments: [orderID]).map { DecisionRow(policy: $0[0], decidedAt: $0[1], detail: $0[2]) }
    }

    // MARK: Listings and queues

    static func orderWhere(_ f: OrderFilter) -> (String, StatementArguments) {
        var clauses: [String] = [], args: StatementArguments = []
        if let kind = f.kind { clauses.append("o.kind = ?"); args += [kind.rawValue] }
        if let state = f.state { clauses.append("o.state = ?"); args += [state.rawValue] }
        if let channel = f.channel { clauses.append("o.channel = ?"); args += [channel] }
        if let hold = f.hold {
            // Probe from the open holds (few) rather than test every order.
            clauses.append("o.id IN (SELECT h.order_id FROM order_hold h WHERE h.reason = ? AND h.released_at IS NULL)")
            args += [hold.rawValue]
        } else if f.onHold {
            clauses.append("o.on_hold > 0")
        }
        return (clauses.isEmpty ? "1=1" : clauses.joined(separator: " AND "), args)
    }

    /// Orders matching `filter`, oldest in their state first (the console pages queues with
    /// `orderQueueRows`; this serves `qm orders`).
    public func orderSummaries(_ filter: OrderFilter, limit: Int) throws -> [OrderSummary] {
        let (clause, args) = Self.orderWhere(filter)
        return try Row.fetchAll(db, sql: """
            \(Self.summaryColumns) FROM sales_order o WHERE \(clause) ORDER BY o.state_since, o.id LIMIT ?
            """, arguments: args + [limit]).map(Self.orderSummary(from:))
    }

    /// Just the ids of the matching orders, oldest in their state first.
    public func orderIDs(_ filter: OrderFilter) throws -> [Int64] {
        let (clause, args) = Self.orderWhere(filter)
        return try Int64.fetchAll(db, sql: "SELECT o.id FROM sales_order o WHERE \(clause) ORDER BY o.state_since, o.id", arguments: args)
    }

    /// The sales ordered on `day` that may still be cancelled, by channel, by number.
    public func cancellableSaleIDs(orderedOn day: String) throws -> [String: [Int64]] {
        let states = OrderState.allCases.filter(\.isCancellable).map(\.rawValue)
        var ids: [String: [Int64]] = [:]
        for r in try Row.fetchAll(db, sql: """
            SELECT channel, id FROM sales_order WHERE kind = 'sale' AND ordered_at >= ? AND ordered_at < ? || '~'
              AND state IN (SELECT value FROM json_each(?)) ORDER BY id
            """, arguments: [day, day, Self.jsonArray(states)]) {
            ids[r[0], default: []].append(r[1])
        }
        return ids
    }

    /// The SKUs with sellable stock at a location, the last codes first, at most `limit`.
    public func sellableSKUs(at location: String, limit: Int) throws -> [String] {
        try String.fetchAll(db, sql: """
            SELECT s.code FROM stock_position p JOIN sku s ON s.id = p.sku_id JOIN location l ON l.id = p.location_id
            WHERE l.code = ? AND p.sellable > 0 ORDER BY s.code DESC LIMIT ?
            """, arguments: [location, limit])
    }

    public func orderSummaryCount(_ filter: OrderFilter) throws -> Int {
        let (clause, args) = Self.orderWhere(filter)
        return try Int.fetchOne(db, sql: "SELECT count(*) FROM sales_order o WHERE \(clause)", arguments: args) ?? 0
    }

    /// Sales orders per state with the oldest time-in-state, from the state index.
    public func stateQueues() throws -> [QueueCount] {
        try Row.fetchAll(db, sql: """
            SELECT state, count(*), min(state_since) FROM sales_order WHERE kind = 'sale' GROUP BY state
            """).compactMap { r in
            guard let state = OrderState(rawValue: r[0]) else { return nil }
            return QueueCount(state: state, hold: nil, count: r[1], oldest: r[2])
        }
    }

    /// Open holds per reason with the oldest placement.
    public func holdQueues() throws -> [QueueCount] {
        try Row.fetchAll(db, sql: """
            SELECT reason, count(DISTINCT order_id), min(placed_at) FROM order_hold WHERE released_at IS NULL GROUP BY reason
            """).compactMap { r in
            guard let reason = HoldReason(rawValue: r[0]) else { return nil }
            return QueueCount(state: nil, hold: reason, count: r[1], oldest: r[2])
        }
    }

    /// Orders whose reference or customer is `text`, or whose number it is; newest first.
    /// Orders matching what a person types to find one, in any case: the order number, then
    /// exact references and customers, then references, customers and order numbers that
    /// start with it. At most `limit`, best matches first.
    public func findOrders(_ text: String, limit: Int) throws -> [OrderSummary] {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, limit > 0 else { return [] }
        let digits = trimmed.hasPrefix("#") ? String(trimmed.dropFirst()) : trimmed
        let prefix = Self.likePrefix(trimmed)
        var ids: [Int64] = []
        if let number = Int64(digits), number > 0, try orderHeader(number) != nil { ids.append(number) }
        ids += try Int64.fetchAll(db, sql: """
            SELECT id FROM sales_order WHERE external_ref = ? COLLATE NOCASE ORDER BY id LIMIT ?
            """, arguments: [trimmed, limit])
        ids += try Int64.fetchAll(db, sql: """
            SELECT id FROM sales_order WHERE customer = ? COLLATE NOCASE ORDER BY customer COLLATE NOCASE, id DESC LIMIT ?
            """, arguments: [trimmed, limit])
        ids += try Int64.fetchAll(db, sql: """
            SELECT id FROM sales_order WHERE external_ref LIKE ? ESCAPE '\\' ORDER BY external_ref COLLATE NOCASE, id LIMIT ?
            """, arguments: [prefix, limit])
        ids += try Int64.fetchAll(db, sql: """
            SELECT id FROM sales_order WHERE customer LIKE ? ESCAPE '\\' ORDER BY customer COLLATE NOCASE, id LIMIT ?
            """, arguments: [prefix, limit])
        if digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber), digits.count <= 17, let stem = Int64(digits), stem > 0 {
            // Numbers that start with the digits typed: stem, stem0..stem9, stem00..stem99, ...
            var low = stem, span: Int64 = 1
            while ids.count < limit * 5, low <= Int64.max / 10 {
                ids += try Int64.fetchAll(db, sql: "SELECT id FROM sales_order WHERE id >= ? AND id < ? ORDER BY id LIMIT ?",
                                          arguments: [low, low + span, limit])
                guard let last = try Int64.fetchOne(db, sql: "SELECT max(id) FROM sales_order"), low * 10 <= last else { break }
                low *= 10; span *= 10
            }
        }
        var seen: Set<Int64> = [], result: [OrderSummary] = []
        for id in ids where result.count < limit && seen.insert(id).inserted {
            if let s = try orderSummary(id) { result.append(s) }
        }
        return result
    }

    public func orderSummary(_ id: Int64) throws -> OrderSummary? {
        try Row.fetchOne(db, sql: "\(Self.summaryColumns) FROM sales_order o WHERE o.id = ?", arguments: [id])
            .map(Self.orderSummary(from:))
    }

    /// A listing row: the header's key columns, the first open hold, line count and value.
    static var summaryColumns: String {
        """
            SELECT o.id, o.channel, o.external_ref, o.kind, o.state, o.on_hold,
              (SELECT h.reason FROM order_hold h WHERE h.order_id = o.id AND h.released_at IS NULL ORDER BY h.id LIMIT 1),
              o.customer, o.ship_region, o.promise_date, o.ordered_at, o.state_since,
              (SELECT count(*) FROM order_line l WHERE l.order_id = o.id),
              (SELECT coalesce(sum(l.quantity * l.unit_price - l.discount + coalesce(l.tax, 0)), 0) FROM order_line l WHERE l.order_id = o.id) + o.freight,
              o.currency
        """
    }

    static func orderSummary(from r: Row) -> OrderSummary {
        OrderSummary(id: r[0], channel: r[1], externalRef: r[2], kind: OrderKind(rawValue: r[3]) ?? .sale,
                     state: OrderState(rawValue: r[4]) ?? .captured, openHolds: r[5],
                     holdReason: (r[6] as String?).flatMap(HoldReason.init(rawValue:)), customer: r[7], region: r[8],
                     promiseDate: r[9], orderedAt: r[10], stateSince: r[11], lines: r[12], value: r[13], currency: r[14])
    }

    // MARK: Allocation inputs

    /// The next orders to plan, in allocation priority order (promise date, channel priority,
    /// age), keyset-paged after `after`: every released order not on hold, and the waiting ones
    /// something has happened to since they were last planned (`allocation_retry`, filled by
    /// triggers when stock grows, an order comes off hold, or the network changes). Neither
    /// side walks the orders that are only waiting, so a run with nothing new costs little
    /// however many wait.
    ///
    /// A listed backorder is worth planning only if one of its short lines could now take
    /// something at a fulfilling node that serves the order's region and is in its channel's
    /// pool (a channel without a pool may use every node): sellable stock of the SKU there, or
    /// for a kit, a kit's worth of every component. The rest come back marked not worth it:
    /// the run takes them off the list without planning them.
    /// `shortList`: how long the retry list may be and still be read from itself.
    public func ordersToAllocate(limit: Int, after: AllocationCursor? = nil, shortList: Int = 20_000) throws -> [AllocationCursor] {
        let keyset = after == nil ? "" : "AND (o.promise_date, o.priority, o.ordered_at, o.id) > (:promise, :priority, :ordered, :id)"
        var args: StatementArguments = ["limit": limit]
        if let after {
            args += ["promise": after.promiseDate, "priority": after.priority, "ordered": after.orderedAt, "id": after.id]
        }
        let columns = "o.id, o.promise_date, o.priority, o.ordered_at"
        func cursors(_ sql: String) throws -> [AllocationCursor] {
            try Row.fetchAll(db.cachedStatement(sql: sql), arguments: args).map {
                AllocationCursor(id: $0[0], promiseDate: $0[1], priority: $0[2], orderedAt: $0[3], worthPlanning: $0[4])
            }
        }
        // Each side is read in priority order up to the limit and the two are merged: one
        // query over both would sort every released order for each chunk.
        let released = try cursors("""
            SELECT \(columns), 1 FROM sales_order o INDEXED BY sales_order_released
            WHERE o.state = 'released' AND o.on_hold = 0 \(keyset)
            ORDER BY o.promise_date, o.priority, o.ordered_at, o.id LIMIT :limit
            """)
        // A short list is read from the list itself; a long one (after the network changed)
        // by walking the waiting orders in order, so neither sorts more than it must.
        let retrying = try Int.fetchOne(db.cachedStatement(sql: "SELECT count(*) FROM allocation_retry")) ?? 0
        let waiting = retrying == 0 ? [] : try cursors(retrying <= shortList ? """
            SELECT \(columns), \(Self.worthPlanning) FROM allocation_retry q CROSS JOIN sales_order o ON o.id = q.order_id
            WHERE o.state IN ('backordered','partiallyAllocated','partiallyShipped') AND o.on_hold = 0 \(keyset)
            ORDER BY o.promise_date, o.priority, o.ordered_at, o.id LIMIT :limit
            """ : """
            SELECT \(columns), \(Self.worthPlanning) FROM sales_order o INDEXED BY sales_order_to_allocate
            WHERE o.state IN ('released','backordered','partiallyAllocated','partiallyShipped') AND o.on_hold = 0
              AND o.state <> 'released' \(keyset)
              AND EXISTS (SELECT 1 FROM allocation_retry q WHERE q.order_id = o.id)
            ORDER BY o.promise_date, o.priority, o.ordered_at, o.id LIMIT :limit
            """)
        func key(_ c: AllocationCursor) -> (String, Int, String, Int64) { (c.promiseDate, c.priority, c.orderedAt, c.id) }
        return Array((released + waiting).sorted { key($0) < key($1) }.prefix(limit))
    }

    /// Whether a listed backorder is worth planning (see `ordersToAllocate`), as a column.
    private static var worthPlanning: String {
        let inPool = { (location: String) in
            "(NOT EXISTS (SELECT 1 FROM channel_pool cp WHERE cp.channel = o.channel) OR EXISTS (SELECT 1 FROM channel_pool cp WHERE cp.channel = o.channel AND cp.location_id = \(location)))"
        }
        return """
            EXISTS (
                SELECT 1 FROM order_line l WHERE l.order_id = o.id AND l.backordered > 0 AND (
                  EXISTS (SELECT 1 FROM stock_position p
                          JOIN location_region r ON r.location_id = p.location_id AND r.region = o.ship_region
                          JOIN location n ON n.id = p.location_id AND n.fulfils = 1
                          WHERE p.sku_id = l.sku_id AND p.sellable > 0 AND \(inPool("p.location_id")))
                  OR (EXISTS (SELECT 1 FROM kit_component k WHERE k.kit_id = l.sku_id) AND EXISTS (
                        SELECT 1 FROM location_region r JOIN location n ON n.id = r.location_id AND n.fulfils = 1
                        WHERE r.region = o.ship_region AND \(inPool("n.id")) AND NOT EXISTS (
                          SELECT 1 FROM kit_component k WHERE k.kit_id = l.sku_id AND NOT EXISTS (
                            SELECT 1 FROM stock_position p
                            WHERE p.sku_id = k.component_id AND p.location_id = n.id AND p.sellable >= k.quantity))))))
            """
    }

    /// Waiting orders listed for the next allocation run to look at again.
    public func allocationRetryCount() throws -> Int {
        try Int.fetchOne(db, sql: "SELECT count(*) FROM allocation_retry") ?? 0
    }

    /// Sellable stock of a SKU by location id.
    public func sellable(skuID: Int64) throws -> [(locationID: Int64, quantity: Int)] {
        try Row.fetchAll(db.cachedStatement(sql: "SELECT location_id, sellable FROM stock_position WHERE sku_id = ? AND sellable > 0"),
                         arguments: [skuID]).map { (locationID: $0[0], quantity: $0[1]) }
    }

    /// Kit bills of materials by kit id: component id, code and quantity.
    public func kitBills() throws -> [Int64: [(componentID: Int64, code: String, quantity: Int)]] {
        var result: [Int64: [(componentID: Int64, code: String, quantity: Int)]] = [:]
        for r in try Row.fetchAll(db, sql: """
            SELECT k.kit_id, k.component_id, s.code, k.quantity FROM kit_component k JOIN sku s ON s.id = k.component_id
            ORDER BY k.kit_id, s.code
            """) {
            result[r[0], default: []].append((componentID: r[1], code: r[2], quantity: r[3]))
        }
        return result
    }

    /// Fulfilling locations per region: (location id, transit days, shipping cost).
    public func regionOffers() throws -> [String: [(locationID: Int64, transitDays: Int, shippingCost: Int64)]] {
        var result: [String: [(locationID: Int64, transitDays: Int, shippingCost: Int64)]] = [:]
        for r in try Row.fetchAll(db, sql: """
            SELECT lr.region, lr.location_id, lr.transit_days, lr.shipping_cost FROM location_region lr
            JOIN location l ON l.id = lr.location_id WHERE l.fulfils = 1 ORDER BY lr.region, l.code
            """) {
            result[r[0], default: []].append((locationID: r[1], transitDays: r[2], shippingCost: r[3]))
        }
        return result
    }

    /// Channel stock pools: channel -> location ids (a channel with none may use every node).
    public func channelPools() throws -> [String: Set<Int64>] {
        var result: [String: Set<Int64>] = [:]
        for r in try Row.fetchAll(db, sql: "SELECT channel, location_id FROM channel_pool") {
            result[r[0], default: []].insert(r[1])
        }
        return result
    }

    public func locationCodes() throws -> [Int64: String] {
        var result: [Int64: String] = [:]
        for r in try Row.fetchAll(db, sql: "SELECT id, code FROM location") { result[r[0]] = r[1] }
        return result
    }

    /// Open inbound of a SKU across locations, earliest first.
    public func openInbound(skuID: Int64) throws -> [(document: String, locationID: Int64, quantity: Int, expectedDate: String)] {
        try Row.fetchAll(db.cachedStatement(sql: """
            SELECT document, location_id, quantity_open, expected_date FROM inbound_supply
            WHERE sku_id = ? AND quantity_open > 0 ORDER BY expected_date, document
            """), arguments: [skuID]).map { (document: $0[0], locationID: $0[1], quantity: $0[2], expectedDate: $0[3]) }
    }

    /// Units backordered of each of these SKUs (those with none are absent), in one read.
    public func backorderedQuantities(skuIDs: [Int64]) throws -> [Int64: Int] {
        var units: [Int64: Int] = [:]
        let rows = try Row.fetchCursor(db.cachedStatement(sql: """
            SELECT sku_id, sum(backordered) FROM order_line
            WHERE sku_id IN (SELECT value FROM json_each(?)) AND backordered > 0 GROUP BY sku_id
            """), arguments: [Self.jsonArray(skuIDs)])
        while let r = try rows.next() { units[r[0]] = r[1] }
        return units
    }

    /// Units of a SKU already backordered (the queue ahead of a new shortfall).
    public func backorderedQuantity(skuID: Int64) throws -> Int {
        try Int.fetchOne(db.cachedStatement(sql: "SELECT coalesce(sum(backordered), 0) FROM order_line WHERE sku_id = ? AND backordered > 0"),
                         arguments: [skuID]) ?? 0
    }

    /// Stock of a SKU reserved for orders, per location: units and how many live allocations
    /// (order lines) hold them.
    public func reservedForOrders(skuID: Int64) throws -> [Int64: (units: Int, lines: Int)] {
        var result: [Int64: (units: Int, lines: Int)] = [:]
        for r in try Row.fetchAll(db.cachedStatement(sql: """
            SELECT location_id, order_reserved, order_allocations FROM stock_position WHERE sku_id = ? AND order_allocations > 0
            """), arguments: [skuID]) {
            result[r[0]] = (units: r[1], lines: r[2])
        }
        return result
    }

    // MARK: Backorders

    /// Backordered lines grouped by SKU, the largest shortfall first.
    /// Backordered lines grouped by SKU, the largest shortfall first. Inbound counts as cover
    /// only at a fulfilling location that serves a region the waiting orders ship to; inbound
    /// elsewhere is named as such, never shown as cover.
    public func backorderGroups(limit: Int) throws -> [BackorderGroup] {
        try Row.fetchAll(db, sql: """
            SELECT s.code, s.name, sum(l.backordered), count(*), min(l.backordered_since),
              CASE WHEN count(l.expected_date) = count(*) THEN max(l.expected_date) END,
              l.sku_id
            FROM order_line l JOIN sku s ON s.id = l.sku_id
            WHERE l.backordered > 0 GROUP BY l.sku_id ORDER BY sum(l.backordered) DESC, s.code LIMIT ?
            """, arguments: [limit]).map { r in
            let skuID: Int64 = r[6]
            let regions = try String.fetchAll(db, sql: """
                SELECT DISTINCT o.ship_region FROM order_line l JOIN sales_order o ON o.id = l.order_id
                WHERE l.sku_id = ? AND l.backordered > 0 ORDER BY o.ship_region
                """, arguments: [skuID])
            let marks = databaseQuestionMarks(count: max(1, regions.count))
            let serves = """
                EXISTS (SELECT 1 FROM location lo JOIN location_region lr ON lr.location_id = lo.id
                        WHERE lo.id = i.location_id AND lo.fulfils = 1 AND lr.region IN (\(marks)))
                """
            let regionArgs = StatementArguments(regions.isEmpty ? [""] : regions)
            func inbound(serving: Bool) throws -> InboundRow? {
                try Row.fetchOne(db, sql: """
                    SELECT i.document, s.code, lo.code, i.quantity_open, i.expected_date FROM inbound_supply i
                    JOIN sku s ON s.id = i.sku_id JOIN location lo ON lo.id = i.location_id
                    WHERE i.sku_id = ? AND i.quantity_open > 0 AND \(serving ? "" : "NOT ")\(serves)
                    ORDER BY i.expected_date, i.document LIMIT 1
                    """, arguments: [skuID] + regionArgs).map {
                    InboundRow(document: $0[0], skuCode: $0[1], locationCode: $0[2], quantityOpen: $0[3], expectedDate: $0[4])
                }
            }
            let covering = try Int.fetchOne(db, sql: """
                SELECT coalesce(sum(i.quantity_open), 0) FROM inbound_supply i WHERE i.sku_id = ? AND \(serves)
                """, arguments: [skuID] + regionArgs) ?? 0
            let next = try inbound(serving: true)
            return BackorderGroup(sku: r[0], skuName: r[1], quantity: r[2], lines: r[3], oldestSince: r[4] ?? "",
                                  expectedRecovery: r[5], inboundOpen: covering, nextInbound: next, regions: regions,
                                  inboundElsewhere: next == nil ? try inbound(serving: false) : nil)
        }
    }

    /// How many SKUs have backordered lines (the groups `backorderGroups` lists).
    public func backorderGroupCount() throws -> Int {
        try Int.fetchOne(db, sql: "SELECT count(DISTINCT sku_id) FROM order_line WHERE backordered > 0") ?? 0
    }

    public func backorderLines(sku: String, limit: Int) throws -> [BackorderLine] {
        try Row.fetchAll(db, sql: """
            SELECT o.id, o.external_ref, l.line_no, l.backordered, l.backordered_since, l.expected_date
            FROM order_line l JOIN sku s ON s.id = l.sku_id JOIN sales_order o ON o.id = l.order_id
            WHERE s.code = ? AND l.backordered > 0 ORDER BY l.backordered_since, o.id LIMIT ?
            """, arguments: [sku, limit]).map {
            BackorderLine(orderID: $0[0], externalRef: $0[1], lineNo: $0[2], quantity: $0[3], since: $0[4] ?? "",
                          expectedDate: $0[5])
        }
    }

    // MARK: Invariants

    /// Order lines whose live allocations do not add up to what the line says is allocated
    /// (per component for kits), and positions whose counts of stock reserved for orders
    /// disagree with the live allocations there.
    public func allocationMismatches() throws -> [String] {
        var problems: [String] = []
        for r in try Row.fetchAll(db, sql: """
            SELECT a.order_id, a.line_no, s.code, sum(a.line_units), l.allocated
            FROM allocation a JOIN order_line l ON l.order_id = a.order_id AND l.line_no = a.line_no
            JOIN sku s ON s.id = a.sku_id WHERE a.status = 'live'
            GROUP BY a.order_id, a.line_no, a.sku_id HAVING sum(a.line_units) <> l.allocated
            """) {
            problems.append("order \(r[0] as Int64) line \(r[1] as Int): live allocations of \(r[2] as String) cover \(r[3] as Int) but the line says \(r[4] as Int) allocated")
        }
        for r in try Row.fetchAll(db, sql: """
            SELECT s.code, l.code, p.order_reserved, p.order_allocations, coalesce(a.units, 0), coalesce(a.count, 0)
            FROM stock_position p
            LEFT JOIN (SELECT sku_id, location_id, sum(quantity) AS units, count(*) AS count FROM allocation
                       WHERE status = 'live' GROUP BY sku_id, location_id) a
              ON a.sku_id = p.sku_id AND a.location_id = p.location_id
            JOIN sku s ON s.id = p.sku_id JOIN location l ON l.id = p.location_id
            WHERE p.order_reserved <> coalesce(a.units, 0) OR p.order_allocations <> coalesce(a.count, 0)
            """) {
            problems.append("\(r[0] as String) at \(r[1] as String): \(r[2] as Int) units in \(r[3] as Int) allocations counted as reserved for orders, but the live allocations hold \(r[4] as Int) in \(r[5] as Int)")
        }
        for r in try Row.fetchAll(db, sql: """
            SELECT l.order_id, l.line_no FROM order_line l WHERE l.allocated > 0
            AND NOT EXISTS (SELECT 1 FROM allocation a WHERE a.order_id = l.order_id AND a.line_no = l.line_no AND a.status = 'live')
            AND NOT EXISTS (SELECT 1 FROM purchase_order p WHERE p.drop_ship_order_id = l.order_id AND p.drop_ship_line_no = l.line_no
                            AND p.state = 'sent')
            """) {
            problems.append("order \(r[0] as Int64) line \(r[1] as Int): allocated but no live allocation or drop-ship order")
        }
        // A drop-ship line's allocated units are what its open drop-ship order holds.
        problems += try dropShipMismatches()
        return problems
    }

    /// Sales orders whose state disagrees with their lines (`OrderState.derived`): shipped,
    /// invoiced or closed with units still outstanding or none shipped; cancelled with units
    /// shipped or outstanding; partially shipped without both; any earlier state with units
    /// shipped or none outstanding. (The sums' names are not columns' names: in HAVING a
    /// column's name would mean the column, one line's value, not the sum.)
    public func orderStateMismatches(limit: Int = 20) throws -> (count: Int, first: [String]) {
        let rows = try Row.fetchAll(db, sql: """
            SELECT o.id, o.state, sum(l.quantity - l.cancelled - l.shipped) AS outstanding, sum(l.shipped) AS units_shipped
            FROM sales_order o JOIN order_line l ON l.order_id = o.id WHERE o.kind = 'sale'
            GROUP BY o.id HAVING CASE
              WHEN o.state IN ('shipped', 'invoiced', 'closed') THEN NOT (outstanding = 0 AND units_shipped > 0)
              WHEN o.state = 'cancelled' THEN NOT (outstanding = 0 AND units_shipped = 0)
              WHEN o.state = 'partiallyShipped' THEN NOT (outstanding > 0 AND units_shipped > 0)
              ELSE NOT (outstanding > 0 AND units_shipped = 0) END
            """)
        let first = rows.prefix(limit).map { r in
            "order \(r[0] as Int64) is \(r[1] as String) but its lines have \(r[2] as Int) units outstanding and \(r[3] as Int) shipped"
        }
        return (rows.count, Array(first))
    }
}
