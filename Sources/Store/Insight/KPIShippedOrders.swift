import GRDB
import Domain

/// What the margin and the cycle time keep per shipped sale, and the return rate's units
/// shipped per channel and day (docs/KPIS.md, "Kept as it happens").
///
/// An order's money depends on its lines, charges, shipments, carriage rates, the moves'
/// values and drop-ship purchase orders, so triggers only mark the orders a write touched,
/// and every write transaction ends by working those orders out again with the one
/// `orderMoney` (`refreshKeptOrders`, after the books have valued the moves).
///
/// The schema text is migration v24: it never changes once landed (a later change is a new migration).
enum KPIShippedOrders {
    /// Marks an order (an SQL expression for its id) as touched.
    private static func mark(_ order: String) -> String {
        "INSERT OR IGNORE INTO kpi_order_touched (order_id) VALUES (\(order));"
    }

    private static let shipped = "('partiallyShipped', 'shipped', 'invoiced', 'closed')"

    static let schema = """
        -- Per sale that has shipped something: its channel, currency and day ordered, its money
        -- (Domain's OrderMoney: revenue, cost of goods, cost of carrying them, margin), when it
        -- was captured, when and from where its last shipment left, and whether it has shipped
        -- all it will (shipped, invoiced or closed).
        CREATE TABLE kpi_shipped_order (
          order_id INTEGER PRIMARY KEY REFERENCES sales_order(id),
          channel TEXT NOT NULL,
          currency TEXT NOT NULL,
          day TEXT NOT NULL,
          revenue INTEGER NOT NULL,
          goods INTEGER NOT NULL,
          freight INTEGER NOT NULL,
          margin INTEGER NOT NULL,
          captured_at TEXT NOT NULL,
          last_shipped_at TEXT,
          last_location TEXT,
          complete INTEGER NOT NULL
        );
        CREATE INDEX kpi_shipped_order_by_day ON kpi_shipped_order(day);
        CREATE INDEX kpi_shipped_order_by_last_shipment ON kpi_shipped_order(last_shipped_at) WHERE complete = 1;
        -- Orders a write touched, to be worked out again before the write commits.
        CREATE TABLE kpi_order_touched (order_id INTEGER PRIMARY KEY);
        -- Units shipped per channel and day shipped.
        CREATE TABLE kpi_shipped_day (
          channel TEXT NOT NULL,
          day TEXT NOT NULL,
          units INTEGER NOT NULL,
          PRIMARY KEY (channel, day)
        ) WITHOUT ROWID;

        CREATE TRIGGER kpi_touch_shipment_insert AFTER INSERT ON shipment BEGIN \(mark("NEW.order_id")) END;
        CREATE TRIGGER kpi_touch_shipment_delete AFTER DELETE ON shipment BEGIN \(mark("OLD.order_id")) END;
        CREATE TRIGGER kpi_touch_line_insert AFTER INSERT ON order_line WHEN NEW.shipped > 0 BEGIN \(mark("NEW.order_id")) END;
        CREATE TRIGGER kpi_touch_line_delete AFTER DELETE ON order_line WHEN OLD.shipped > 0 BEGIN \(mark("OLD.order_id")) END;
        CREATE TRIGGER kpi_touch_line_update AFTER UPDATE OF shipped, quantity, unit_price, discount, tax ON order_line
        WHEN (OLD.shipped > 0 OR NEW.shipped > 0)
          AND (OLD.shipped IS NOT NEW.shipped OR OLD.quantity IS NOT NEW.quantity OR OLD.unit_price IS NOT NEW.unit_price
               OR OLD.discount IS NOT NEW.discount OR OLD.tax IS NOT NEW.tax) BEGIN \(mark("NEW.order_id")) END;
        CREATE TRIGGER kpi_touch_charge_insert AFTER INSERT ON order_charge BEGIN \(mark("NEW.order_id")) END;
        CREATE TRIGGER kpi_touch_charge_update AFTER UPDATE ON order_charge BEGIN \(mark("NEW.order_id")) END;
        CREATE TRIGGER kpi_touch_charge_delete AFTER DELETE ON order_charge BEGIN \(mark("OLD.order_id")) END;
        CREATE TRIGGER kpi_touch_order_update AFTER UPDATE OF state, kind, channel, currency, ordered_at, captured_at, freight, ship_region ON sales_order
        WHEN (OLD.state IN \(shipped) OR NEW.state IN \(shipped))
          AND (OLD.state IS NOT NEW.state OR OLD.kind IS NOT NEW.kind OR OLD.channel IS NOT NEW.channel OR OLD.currency IS NOT NEW.currency
               OR OLD.ordered_at IS NOT NEW.ordered_at OR OLD.captured_at IS NOT NEW.captured_at OR OLD.freight IS NOT NEW.freight
               OR OLD.ship_region IS NOT NEW.ship_region)
          BEGIN \(mark("NEW.id")) END;
        CREATE TRIGGER kpi_touch_drop_ship AFTER UPDATE OF state ON purchase_order WHEN NEW.drop_ship_order_id IS NOT NULL
          BEGIN \(mark("NEW.drop_ship_order_id")) END;
        CREATE TRIGGER kpi_touch_drop_ship_line AFTER UPDATE OF quantity, unit_cost ON purchase_order_line BEGIN
          INSERT OR IGNORE INTO kpi_order_touched (order_id)
          SELECT drop_ship_order_id FROM purchase_order WHERE id = NEW.po_id AND drop_ship_order_id IS NOT NULL;
        END;
        -- A carriage rate changed: every order shipped from the location to the region.
        CREATE TRIGGER kpi_touch_rate_update AFTER UPDATE OF shipping_cost ON location_region BEGIN
          INSERT OR IGNORE INTO kpi_order_touched (order_id)
          SELECT s.order_id FROM shipment s JOIN sales_order o ON o.id = s.order_id WHERE s.location_id = NEW.location_id AND o.ship_region = NEW.region;
        END;
        CREATE TRIGGER kpi_touch_rate_insert AFTER INSERT ON location_region BEGIN
          INSERT OR IGNORE INTO kpi_order_touched (order_id)
          SELECT s.order_id FROM shipment s JOIN sales_order o ON o.id = s.order_id WHERE s.location_id = NEW.location_id AND o.ship_region = NEW.region;
        END;
        CREATE TRIGGER kpi_touch_rate_delete AFTER DELETE ON location_region BEGIN
          INSERT OR IGNORE INTO kpi_order_touched (order_id)
          SELECT s.order_id FROM shipment s JOIN sales_order o ON o.id = s.order_id WHERE s.location_id = OLD.location_id AND o.ship_region = OLD.region;
        END;

        -- An allocation leaves with a shipment once: its units count on the shipment's day.
        CREATE TRIGGER kpi_shipped_units AFTER UPDATE OF shipment_id ON allocation
        WHEN OLD.shipment_id IS NULL AND NEW.shipment_id IS NOT NULL BEGIN
          INSERT INTO kpi_shipped_day (channel, day, units)
          SELECT o.channel, substr(s.shipped_at, 1, 10), NEW.quantity FROM shipment s JOIN sales_order o ON o.id = s.order_id WHERE s.id = NEW.shipment_id
          ON CONFLICT (channel, day) DO UPDATE SET units = units + excluded.units;
        END;
        """

    /// Every sale that has shipped something, to be worked out by the migration, and the
    /// units shipped so far.
    static let backfill = """
        INSERT INTO kpi_order_touched (order_id) SELECT id FROM sales_order WHERE kind = 'sale' AND state IN \(shipped);
        INSERT INTO kpi_shipped_day (channel, day, units)
        SELECT o.channel, substr(s.shipped_at, 1, 10), sum(a.quantity)
        FROM shipment s JOIN allocation a ON a.order_id = s.order_id AND a.shipment_id = s.id JOIN sales_order o ON o.id = s.order_id GROUP BY 1, 2;
        """
}

extension StoreReading {
    /// The shipped sales among `ids` as the margin and the cycle time keep them, by id (any
    /// other order is absent), read together.
    func shippedOrderRows(_ ids: [Int64]) throws -> [Int64: [DatabaseValueConvertible?]] {
        let sales = try orderHeaders(ids).values.filter { $0.kind == .sale && Self.shippedStates.contains($0.state) }
        guard !sales.isEmpty else { return [:] }
        let money = try orderMoney(sales)
        // Each order's last shipment: the latest, the last recorded among shipments of one second.
        var last: [Int64: (at: String, location: String)] = [:]
        let shipments = try Row.fetchCursor(db.cachedStatement(sql: """
            SELECT s.order_id, s.shipped_at, l.code FROM shipment s JOIN location l ON l.id = s.location_id
            WHERE s.order_id IN (SELECT value FROM json_each(?)) ORDER BY s.order_id, s.shipped_at, s.id
            """), arguments: [Self.jsonArray(sales.map(\.id))])
        while let r = try shipments.next() { last[r[0]] = (r[1], r[2]) }
        var rows: [Int64: [DatabaseValueConvertible?]] = [:]
        for order in sales {
            let money = money[order.id]!, last = last[order.id]
            let complete = [OrderState.shipped, .invoiced, .closed].contains(order.state)
            rows[order.id] = [order.id, order.channel, order.currency, String(order.orderedAt.prefix(10)), money.revenue, money.costOfGoods,
                              money.freightCost, money.margin, order.capturedAt, last?.at, last?.location, complete ? 1 : 0]
        }
        return rows
    }
}

extension StoreTransaction {
    /// Works out again the orders this transaction touched (kpi_order_touched): a sale that
    /// has shipped something keeps its row, any other order has none.
    func refreshKeptOrders() throws {
        let touched = try Int64.fetchAll(db.cachedStatement(sql: "SELECT order_id FROM kpi_order_touched"))
        guard !touched.isEmpty else { return }
        let upsert = try db.cachedStatement(sql: """
            INSERT OR REPLACE INTO kpi_shipped_order (order_id, channel, currency, day, revenue, goods, freight, margin,
              captured_at, last_shipped_at, last_location, complete) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        let remove = try db.cachedStatement(sql: "DELETE FROM kpi_shipped_order WHERE order_id = ?")
        try Self.inChunks(touched) { chunk in
            let rows = try shippedOrderRows(chunk)
            for id in chunk {
                if let row = rows[id] {
                    try upsert.execute(arguments: StatementArguments(row))
                } else {
                    try remove.execute(arguments: [id])
                }
            }
        }
        try db.execute(sql: "DELETE FROM kpi_order_touched")
    }
}
