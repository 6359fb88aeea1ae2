/// What the stockouts KPI keeps as things happen (docs/KPIS.md, "Kept as it happens"): the
/// days each SKU was ordered, since when each SKU has waited backordered, and each SKU's net
/// change of sellable stock per location and day. Triggers write them in the transaction of
/// the line or move that changes them; `qm verify` recomputes them (`kpiSumMismatches`).
///
/// This text is migration v23 (and v26, `oldestBackorderBySeek`): it never changes once landed
/// (a later change is a new migration).
enum KPIStockoutSums {
    /// What one line (`NEW` or `OLD`) adds to its SKU's day ordered, signed.
    private static func demand(_ l: String, _ sign: String) -> String {
        """
        INSERT INTO kpi_demand_day (sku_id, day, lines)
        SELECT \(l).sku_id, substr(o.ordered_at, 1, 10), \(sign)1 FROM sales_order o WHERE o.id = \(l).order_id AND o.kind = 'sale'
        ON CONFLICT (sku_id, day) DO UPDATE SET lines = lines + excluded.lines;
        """
    }

    /// The SKU's oldest backorder read again (the index on the backordered lines finds it).
    private static func oldestBackorder(_ sku: String) -> String {
        """
        DELETE FROM kpi_backorder_sku WHERE sku_id = \(sku);
        INSERT INTO kpi_backorder_sku (sku_id, since)
        SELECT \(sku), min(backordered_since) FROM order_line WHERE sku_id = \(sku) AND backordered > 0 AND backordered_since IS NOT NULL
        GROUP BY 1;
        """
    }

    static let schema = """
        -- Sale lines ordered per SKU and day ordered: the days a SKU had demand.
        CREATE TABLE kpi_demand_day (
          sku_id INTEGER NOT NULL,
          day TEXT NOT NULL,
          lines INTEGER NOT NULL,
          PRIMARY KEY (sku_id, day)
        ) WITHOUT ROWID;
        -- Per SKU with a line backordered now: since when the oldest has waited.
        CREATE TABLE kpi_backorder_sku (
          sku_id INTEGER PRIMARY KEY,
          since TEXT NOT NULL
        );
        -- The net change of sellable stock per SKU, location and day.
        CREATE TABLE kpi_sellable_day (
          sku_id INTEGER NOT NULL,
          location_id INTEGER NOT NULL,
          day TEXT NOT NULL,
          change INTEGER NOT NULL,
          PRIMARY KEY (sku_id, location_id, day)
        ) WITHOUT ROWID;
        CREATE INDEX kpi_sellable_day_by_day ON kpi_sellable_day(day);

        CREATE TRIGGER kpi_demand_line_insert AFTER INSERT ON order_line BEGIN
          \(demand("NEW", "+"))
        END;
        CREATE TRIGGER kpi_demand_line_delete AFTER DELETE ON order_line BEGIN
          \(demand("OLD", "-"))
        END;
        CREATE TRIGGER kpi_demand_line_sku AFTER UPDATE OF sku_id ON order_line WHEN OLD.sku_id IS NOT NEW.sku_id BEGIN
          \(demand("OLD", "-"))
          \(demand("NEW", "+"))
        END;
        CREATE TRIGGER kpi_demand_order_regroup AFTER UPDATE OF ordered_at, kind ON sales_order
        WHEN OLD.ordered_at IS NOT NEW.ordered_at OR OLD.kind IS NOT NEW.kind BEGIN
          INSERT INTO kpi_demand_day (sku_id, day, lines)
          SELECT l.sku_id, substr(OLD.ordered_at, 1, 10), -count(*) FROM order_line l WHERE l.order_id = OLD.id AND OLD.kind = 'sale' GROUP BY 1, 2
          ON CONFLICT (sku_id, day) DO UPDATE SET lines = lines + excluded.lines;
          INSERT INTO kpi_demand_day (sku_id, day, lines)
          SELECT l.sku_id, substr(NEW.ordered_at, 1, 10), count(*) FROM order_line l WHERE l.order_id = NEW.id AND NEW.kind = 'sale' GROUP BY 1, 2
          ON CONFLICT (sku_id, day) DO UPDATE SET lines = lines + excluded.lines;
        END;
        CREATE TRIGGER kpi_demand_day_empty AFTER UPDATE OF lines ON kpi_demand_day WHEN NEW.lines = 0 BEGIN
          DELETE FROM kpi_demand_day WHERE sku_id = NEW.sku_id AND day = NEW.day;
        END;

        CREATE TRIGGER kpi_backorder_sku_insert AFTER INSERT ON order_line WHEN NEW.backordered > 0 BEGIN
          \(oldestBackorder("NEW.sku_id"))
        END;
        CREATE TRIGGER kpi_backorder_sku_delete AFTER DELETE ON order_line WHEN OLD.backordered > 0 BEGIN
          \(oldestBackorder("OLD.sku_id"))
        END;
        CREATE TRIGGER kpi_backorder_sku_update AFTER UPDATE OF backordered, backordered_since, sku_id ON order_line
        WHEN (OLD.backordered > 0 OR NEW.backordered > 0)
          AND (OLD.backordered IS NOT NEW.backordered OR OLD.backordered_since IS NOT NEW.backordered_since OR OLD.sku_id IS NOT NEW.sku_id) BEGIN
          \(oldestBackorder("OLD.sku_id"))
          \(oldestBackorder("NEW.sku_id"))
        END;

        -- Stock moves are never changed or deleted: an insert is all there is to follow.
        CREATE TRIGGER kpi_sellable_move AFTER INSERT ON stock_move WHEN NEW.to_status = 'sellable' OR NEW.from_status = 'sellable' BEGIN
          INSERT INTO kpi_sellable_day (sku_id, location_id, day, change)
          VALUES (NEW.sku_id, NEW.location_id, substr(NEW.at, 1, 10),
                  (CASE WHEN NEW.to_status = 'sellable' THEN NEW.quantity ELSE 0 END) - (CASE WHEN NEW.from_status = 'sellable' THEN NEW.quantity ELSE 0 END))
          ON CONFLICT (sku_id, location_id, day) DO UPDATE SET change = change + excluded.change;
        END;
        """

    /// Migration v26: v23's oldest-backorder triggers read the minimum under a GROUP BY, which
    /// keeps SQLite from seeking it in the index: each backordered line changed scanned all
    /// its SKU's. The same triggers, the minimum read alone (one index seek), the SKU a line
    /// left (never, today) in a trigger of its own.
    static let oldestBackorderBySeek: String = {
        func oldest(_ sku: String) -> String {
            """
            DELETE FROM kpi_backorder_sku WHERE sku_id = \(sku);
              INSERT INTO kpi_backorder_sku (sku_id, since)
              SELECT \(sku), since FROM (SELECT min(backordered_since) AS since FROM order_line
                                        WHERE sku_id = \(sku) AND backordered > 0 AND backordered_since IS NOT NULL)
              WHERE since IS NOT NULL;
            """
        }
        return """
            DROP TRIGGER kpi_backorder_sku_insert;
            DROP TRIGGER kpi_backorder_sku_delete;
            DROP TRIGGER kpi_backorder_sku_update;
            CREATE TRIGGER kpi_backorder_sku_insert AFTER INSERT ON order_line WHEN NEW.backordered > 0 BEGIN
              \(oldest("NEW.sku_id"))
            END;
            CREATE TRIGGER kpi_backorder_sku_delete AFTER DELETE ON order_line WHEN OLD.backordered > 0 BEGIN
              \(oldest("OLD.sku_id"))
            END;
            CREATE TRIGGER kpi_backorder_sku_update AFTER UPDATE OF backordered, backordered_since, sku_id ON order_line
            WHEN (OLD.backordered > 0 OR NEW.backordered > 0)
              AND (OLD.backordered IS NOT NEW.backordered OR OLD.backordered_since IS NOT NEW.backordered_since OR OLD.sku_id IS NOT NEW.sku_id) BEGIN
              \(oldest("NEW.sku_id"))
            END;
            CREATE TRIGGER kpi_backorder_sku_moved AFTER UPDATE OF sku_id ON order_line
            WHEN OLD.backordered > 0 AND OLD.sku_id IS NOT NEW.sku_id BEGIN
              \(oldest("OLD.sku_id"))
            END;
            """
    }()

    /// The sums of the lines and moves already there.
    static let backfill = """
        INSERT INTO kpi_demand_day (sku_id, day, lines)
        SELECT l.sku_id, substr(o.ordered_at, 1, 10), count(*) FROM sales_order o JOIN order_line l ON l.order_id = o.id
        WHERE o.kind = 'sale' GROUP BY 1, 2;
        INSERT INTO kpi_backorder_sku (sku_id, since)
        SELECT sku_id, min(backordered_since) FROM order_line WHERE backordered > 0 AND backordered_since IS NOT NULL GROUP BY 1;
        INSERT INTO kpi_sellable_day (sku_id, location_id, day, change)
        SELECT sku_id, location_id, substr(at, 1, 10),
               sum(CASE WHEN to_status = 'sellable' THEN quantity ELSE 0 END) - sum(CASE WHEN from_status = 'sellable' THEN quantity ELSE 0 END)
        FROM stock_move WHERE to_status = 'sellable' OR from_status = 'sellable' GROUP BY 1, 2, 3;
        """
}
