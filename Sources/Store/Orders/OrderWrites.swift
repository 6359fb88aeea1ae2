import GRDB
import Domain

/// Order writes; like every write they run inside one `LedgerStore.write` transaction.
extension StoreTransaction {
    /// Stores a captured order with its lines and charges. Returns nil (writing nothing)
    /// when the channel already sent this reference: re-imports are idempotent.
    public func insertOrder(_ draft: OrderDraft, skuIDs: [Int64], state: OrderState, at: String) throws -> Int64? {
        try db.cachedStatement(sql: """
            INSERT INTO sales_order (channel, external_ref, kind, state, on_hold, priority, customer,
              ship_name, ship_line1, ship_city, ship_postcode, ship_country, ship_region, service_level, promise_date,
              payment_status, fraud_score, currency, freight, refers_to, ordered_at, captured_at, state_since, content_hash)
            VALUES (?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (channel, external_ref) DO NOTHING
            """).execute(arguments: [draft.channel, draft.externalRef, draft.kind.rawValue, state.rawValue,
                                     ChannelPriority.of(draft.channel), draft.customer, draft.shipTo.name, draft.shipTo.line1,
                                     draft.shipTo.city, draft.shipTo.postcode, draft.shipTo.country, draft.shipTo.region,
                                     draft.serviceLevel.rawValue, draft.promiseDate, draft.paymentStatus.rawValue,
                                     draft.fraudScore, draft.currency, draft.freight, draft.refersTo, draft.orderedAt, at, at,
                                     draft.contentHash])
        guard db.changesCount > 0 else { return nil }
        let id = db.lastInsertedRowID
        try insertLinesAndCharges(id, draft, skuIDs: skuIDs)
        return id
    }

    private func insertLinesAndCharges(_ id: Int64, _ draft: OrderDraft, skuIDs: [Int64]) throws {
        let lineStatement = try db.cachedStatement(sql: """
            INSERT INTO order_line (order_id, line_no, sku_id, description, quantity, unit_price, discount, tax)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for (i, line) in draft.lines.enumerated() {
            try lineStatement.execute(arguments: [id, i + 1, skuIDs[i], line.description, line.quantity, line.unitPrice,
                                                  line.discount, line.tax])
        }
        let chargeStatement = try db.cachedStatement(sql: """
            INSERT INTO order_charge (order_id, seq, code, description, amount) VALUES (?, ?, ?, ?, ?)
            """)
        for (i, charge) in draft.charges.enumerated() {
            try chargeStatement.execute(arguments: [id, i + 1, charge.code, charge.description, charge.amount])
        }
    }

    /// Marks a just-captured order as history: every line shipped, and in its (closed) state
    /// since `at`, the date the channel did the business.
    public func markAsHistory(_ orderID: Int64, since at: String) throws {
        try db.cachedStatement(sql: "UPDATE order_line SET shipped = quantity WHERE order_id = ?").execute(arguments: [orderID])
        try db.cachedStatement(sql: "UPDATE sales_order SET state_since = ? WHERE id = ?").execute(arguments: [at, orderID])
    }

    /// Replaces an order's content (header fields, lines, charges) with an amended draft; its
    /// stored allocation decision goes too (the caller plans it again). The order's live
    /// allocations must have been ended first.
    public func amendOrder(_ id: Int64, _ draft: OrderDraft, skuIDs: [Int64]) throws {
        try db.execute(sql: """
            UPDATE sales_order SET customer = ?, ship_name = ?, ship_line1 = ?, ship_city = ?, ship_postcode = ?,
              ship_country = ?, ship_region = ?, service_level = ?, promise_date = ?, payment_status = ?, fraud_score = ?,
              currency = ?, freight = ?, refers_to = ?, ordered_at = ?, content_hash = ?
            WHERE id = ?
            """, arguments: [draft.customer, draft.shipTo.name, draft.shipTo.line1, draft.shipTo.city, draft.shipTo.postcode,
                             draft.shipTo.country, draft.shipTo.region, draft.serviceLevel.rawValue, draft.promiseDate,
                             draft.paymentStatus.rawValue, draft.fraudScore, draft.currency, draft.freight, draft.refersTo,
                             draft.orderedAt, draft.contentHash, id])
        try db.execute(sql: "DELETE FROM order_line WHERE order_id = ?", arguments: [id])
        try db.execute(sql: "DELETE FROM order_charge WHERE order_id = ?", arguments: [id])
        try db.execute(sql: "DELETE FROM allocation_decision WHERE order_id = ?", arguments: [id])
        try insertLinesAndCharges(id, draft, skuIDs: skuIDs)
    }

    public func setOrderState(_ orderID: Int64, _ state: OrderState, at: String) throws {
        try db.cachedStatement(sql: "UPDATE sales_order SET state = ?, state_since = ? WHERE id = ? AND state <> ?")
            .execute(arguments: [state.rawValue, at, orderID, state.rawValue])
    }

    /// Moves many orders to one state in one statement (a wave's orders to picking). The ids
    /// travel as one JSON array, so any number binds as a single value.
    public func setOrderStates(_ orderIDs: [Int64], _ state: OrderState, at: String) throws {
        try db.execute(sql: """
            UPDATE sales_order SET state = ?1, state_since = ?2 WHERE id IN (SELECT value FROM json_each(?3)) AND state <> ?1
            """, arguments: [state.rawValue, at, Self.jsonArray(orderIDs)])
    }

    @discardableResult
    public func placeHold(_ orderID: Int64, reason: HoldReason, note: String, by actor: String, at: String) throws -> Int64 {
        try db.cachedStatement(sql: """
            INSERT INTO order_hold (order_id, reason, owner_role, note, placed_by, placed_at) VALUES (?, ?, ?, ?, ?, ?)
            """).execute(arguments: [orderID, reason.rawValue, reason.owner.rawValue, note, actor, at])
        let id = db.lastInsertedRowID
        try db.cachedStatement(sql: "UPDATE sales_order SET on_hold = on_hold + 1 WHERE id = ?").execute(arguments: [orderID])
        return id
    }

    public func releaseHold(_ holdID: Int64, orderID: Int64, by actor: String, at: String) throws {
        try db.cachedStatement(sql: "UPDATE order_hold SET released_by = ?, released_at = ? WHERE id = ? AND released_at IS NULL")
            .execute(arguments: [actor, at, holdID])
        guard db.changesCount == 1 else { throw StoreError("Hold \(holdID) is not open.") }
        try db.cachedStatement(sql: "UPDATE sales_order SET on_hold = on_hold - 1 WHERE id = ?").execute(arguments: [orderID])
    }

    /// Writes a line's quantities. The table's CHECKs refuse any that do not add up. The first
    /// write that plans the line (allocates or backorders some of it) keeps what it allocated:
    /// the fill rate's first allocation.
    public func updateLine(_ line: OrderLineRow, orderID: Int64) throws {
        try db.cachedStatement(sql: """
            UPDATE order_line SET allocated = ?1, backordered = ?2, cancelled = ?3, shipped = ?4, expected_date = ?5,
              backordered_since = ?6, first_allocated = coalesce(first_allocated, CASE WHEN ?1 + ?2 > 0 THEN ?1 END)
            WHERE order_id = ?7 AND line_no = ?8
            """).execute(arguments: [line.allocated, line.backordered, line.cancelled, line.shipped, line.expectedDate,
                                     line.backorderedSince, orderID, line.lineNo])
    }

    /// Reserves sellable stock for an order line: the stock move and the allocation record that
    /// holds the reserved stock, together. The position's CHECK refuses going below zero.
    @discardableResult
    public func allocate(orderID: Int64, lineNo: Int, skuID: Int64, locationID: Int64, quantity: Int, lineUnits: Int,
                         document: String, actor: String, at: String) throws -> Int64 {
        try insertMove(skuID: skuID, locationID: locationID, from: "sellable", to: "reserved", quantity: quantity,
                       reason: "allocation", note: "allocated", document: document, actor: actor, at: at)
        try db.cachedStatement(sql: """
            UPDATE stock_position SET sellable = sellable - ?1, reserved = reserved + ?1, order_reserved = order_reserved + ?1,
              order_allocations = order_allocations + 1 WHERE sku_id = ?2 AND location_id = ?3
            """).execute(arguments: [quantity, skuID, locationID])
        guard db.changesCount == 1 else { throw StoreError("No stock position for the allocation of \(document).") }
        try db.cachedStatement(sql: """
            INSERT INTO allocation (order_id, line_no, sku_id, location_id, quantity, line_units, status, created_at)
            VALUES (?, ?, ?, ?, ?, ?, 'live', ?)
            """).execute(arguments: [orderID, lineNo, skuID, locationID, quantity, lineUnits, at])
        return db.lastInsertedRowID
    }

    /// Releases a live allocation: the stock it reserved goes back to sellable. (Shipping ends
    /// allocations too, in `recordShipments`.)
    public func releaseAllocation(_ allocation: AllocationRow, note: String, document: String, actor: String, at: String) throws {
        try db.cachedStatement(sql: "UPDATE allocation SET status = 'released' WHERE id = ? AND status = 'live'")
            .execute(arguments: [allocation.id])
        guard db.changesCount == 1 else { throw StoreError("Allocation \(allocation.id) is no longer live.") }
        let move = StockMove(sku: allocation.sku, location: allocation.location, from: .reserved, to: .sellable,
                             quantity: allocation.quantity, reason: .release, note: note, document: document)
        try record(move, skuID: allocation.skuID, locationID: allocation.locationID, actor: actor, at: at)
        try db.cachedStatement(sql: """
            UPDATE stock_position SET order_reserved = order_reserved - ?, order_allocations = order_allocations - 1
            WHERE sku_id = ? AND location_id = ?
            """).execute(arguments: [allocation.quantity, allocation.skuID, allocation.locationID])
    }

    /// Stores the order's latest allocation decisions (one record per order).
    public func saveDecision(orderID: Int64, policy: String, detail: String, at: String) throws {
        try db.cachedStatement(sql: """
            INSERT INTO allocation_decision (order_id, policy, decided_at, detail) VALUES (?, ?, ?, ?)
            ON CONFLICT (order_id) DO UPDATE SET policy = excluded.policy, decided_at = excluded.decided_at,
              detail = excluded.detail
            """).execute(arguments: [orderID, policy, at, detail])
    }

    /// Creates a SKU an order named that the catalogue lacks, flagged for review.
    public func createReviewSKU(code: String, name: String, price: Int64, currency: String) throws -> Int64 {
        try db.cachedStatement(sql: """
            INSERT INTO sku (code, name, uom, pack_size, unit_cost, list_price, currency, preferred_supplier_id,
                             velocity, weight_g, active, is_kit, needs_review)
            VALUES (?, ?, 'EA', 1, 0, ?, ?, NULL, 'C', 0, 1, 0, 1)
            """).execute(arguments: [code, name, max(0, price), currency])
        return db.lastInsertedRowID
    }

    /// Takes planned orders off the retry list (`allocation_retry`).
    public func forgetAllocationRetries(_ orderIDs: [Int64]) throws {
        for id in orderIDs {
            try db.cachedStatement(sql: "DELETE FROM allocation_retry WHERE order_id = ?").execute(arguments: [id])
        }
    }
}
