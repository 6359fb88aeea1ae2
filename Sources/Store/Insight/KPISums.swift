import GRDB
import Domain

/// The sums the KPIs keep as things happen (docs/KPIS.md, "Kept as it happens"), so the
/// dashboard reads a few hundred rows where the facts are millions: SQLite triggers write them
/// in the same transaction as the line or order that changes them, whichever path writes it.
/// `qm verify` recomputes them from the lines (`kpiSumMismatches`).
///
/// This text is migration v22: it never changes once landed (a later change is a new migration).
enum KPISums {
    /// A line's backordered value: its share of the line's net (quantity x price less
    /// discount), rounded half up; Domain's `BackorderFigures.Line.value`, which verify holds it to.
    private static func backorderValue(_ l: String) -> String {
        """
        CASE WHEN \(l).quantity > 0 AND \(l).quantity * \(l).unit_price - \(l).discount > 0
             THEN ((\(l).quantity * \(l).unit_price - \(l).discount) * min(\(l).backordered, \(l).quantity) * 2 + \(l).quantity) / (2 * \(l).quantity)
             ELSE 0 END
        """
    }

    private static let addFill = """
        ON CONFLICT (channel, day) DO UPDATE SET lines = lines + excluded.lines, filled_lines = filled_lines + excluded.filled_lines,
          units = units + excluded.units, filled_units = filled_units + excluded.filled_units
        """

    private static let addBackorders = """
        ON CONFLICT (channel, currency, expected_day, since_day) DO UPDATE SET lines = lines + excluded.lines,
          units = units + excluded.units, value = value + excluded.value
        """

    /// What one line (`NEW` or `OLD`) adds to the fill rate's day, signed.
    private static func fill(_ l: String, _ sign: String) -> String {
        """
        INSERT INTO kpi_fill_day (channel, day, lines, filled_lines, units, filled_units)
        SELECT o.channel, substr(o.ordered_at, 1, 10), \(sign)1, \(sign)(\(l).first_allocated >= \(l).quantity), \(sign)\(l).quantity,
               \(sign)min(\(l).first_allocated, \(l).quantity)
        FROM sales_order o WHERE o.id = \(l).order_id AND o.kind = 'sale' AND \(l).first_allocated IS NOT NULL
        \(addFill);
        """
    }

    /// What one line (`NEW` or `OLD`) adds to the backorders' group, signed.
    private static func backorders(_ l: String, _ sign: String) -> String {
        """
        INSERT INTO kpi_backorder_group (channel, currency, expected_day, since_day, lines, units, value)
        SELECT o.channel, o.currency, coalesce(substr(\(l).expected_date, 1, 10), ''), coalesce(substr(\(l).backordered_since, 1, 10), ''),
               \(sign)1, \(sign)\(l).backordered, \(sign)(\(backorderValue(l)))
        FROM sales_order o WHERE o.id = \(l).order_id AND \(l).backordered > 0
        \(addBackorders);
        """
    }

    /// What all of an order's lines add, under the order's `OLD` or `NEW` channel, currency and day.
    private static func orderLines(_ o: String, _ sign: String) -> String {
        """
        INSERT INTO kpi_fill_day (channel, day, lines, filled_lines, units, filled_units)
        SELECT \(o).channel, substr(\(o).ordered_at, 1, 10), \(sign)count(*), \(sign)sum(l.first_allocated >= l.quantity), \(sign)sum(l.quantity),
               \(sign)sum(min(l.first_allocated, l.quantity))
        FROM order_line l WHERE l.order_id = \(o).id AND l.first_allocated IS NOT NULL AND \(o).kind = 'sale' GROUP BY 1, 2
        \(addFill);
        INSERT INTO kpi_backorder_group (channel, currency, expected_day, since_day, lines, units, value)
        SELECT \(o).channel, \(o).currency, coalesce(substr(l.expected_date, 1, 10), ''), coalesce(substr(l.backordered_since, 1, 10), ''),
               \(sign)count(*), \(sign)sum(l.backordered), \(sign)sum(\(backorderValue("l")))
        FROM order_line l WHERE l.order_id = \(o).id AND l.backordered > 0 GROUP BY 3, 4
        \(addBackorders);
        """
    }

    static let schema = """
        -- The fill rate's sums per channel and day ordered: sale lines their first allocation
        -- planned, those it served whole, their units and the units it allocated.
        CREATE TABLE kpi_fill_day (
          channel TEXT NOT NULL,
          day TEXT NOT NULL,
          lines INTEGER NOT NULL,
          filled_lines INTEGER NOT NULL,
          units INTEGER NOT NULL,
          filled_units INTEGER NOT NULL,
          PRIMARY KEY (channel, day)
        ) WITHOUT ROWID;
        -- Backordered lines now, per channel, currency, day expected ('' none) and day
        -- backordered since ('' none): how many, their units and value.
        CREATE TABLE kpi_backorder_group (
          channel TEXT NOT NULL,
          currency TEXT NOT NULL,
          expected_day TEXT NOT NULL,
          since_day TEXT NOT NULL,
          lines INTEGER NOT NULL,
          units INTEGER NOT NULL,
          value INTEGER NOT NULL,
          PRIMARY KEY (channel, currency, expected_day, since_day)
        ) WITHOUT ROWID;
        -- The oldest backorder (the exception queue's age) without reading every one.
        CREATE INDEX order_line_backordered_since ON order_line(backordered_since) WHERE backordered > 0;

        CREATE TRIGGER kpi_line_insert AFTER INSERT ON order_line BEGIN
          \(fill("NEW", "+"))
          \(backorders("NEW", "+"))
        END;
        CREATE TRIGGER kpi_line_delete AFTER DELETE ON order_line BEGIN
          \(fill("OLD", "-"))
          \(backorders("OLD", "-"))
        END;
        CREATE TRIGGER kpi_line_fill AFTER UPDATE OF first_allocated, quantity ON order_line
        WHEN OLD.first_allocated IS NOT NEW.first_allocated OR OLD.quantity IS NOT NEW.quantity BEGIN
          \(fill("OLD", "-"))
          \(fill("NEW", "+"))
        END;
        CREATE TRIGGER kpi_line_backorders AFTER UPDATE OF backordered, expected_date, backordered_since, quantity, unit_price, discount ON order_line
        WHEN (OLD.backordered > 0 OR NEW.backordered > 0)
          AND (OLD.backordered IS NOT NEW.backordered OR OLD.expected_date IS NOT NEW.expected_date
               OR OLD.backordered_since IS NOT NEW.backordered_since OR OLD.quantity IS NOT NEW.quantity
               OR OLD.unit_price IS NOT NEW.unit_price OR OLD.discount IS NOT NEW.discount) BEGIN
          \(backorders("OLD", "-"))
          \(backorders("NEW", "+"))
        END;
        -- An order regrouped (amended to another day or currency): its lines move with it.
        CREATE TRIGGER kpi_order_regroup AFTER UPDATE OF channel, currency, ordered_at, kind ON sales_order
        WHEN OLD.channel IS NOT NEW.channel OR OLD.currency IS NOT NEW.currency OR OLD.ordered_at IS NOT NEW.ordered_at
          OR OLD.kind IS NOT NEW.kind BEGIN
          \(orderLines("OLD", "-"))
          \(orderLines("NEW", "+"))
        END;
        -- A group emptied goes, so the tables stay as small as what is there.
        CREATE TRIGGER kpi_fill_day_empty AFTER UPDATE OF lines ON kpi_fill_day WHEN NEW.lines = 0 BEGIN
          DELETE FROM kpi_fill_day WHERE channel = NEW.channel AND day = NEW.day;
        END;
        CREATE TRIGGER kpi_backorder_group_empty AFTER UPDATE OF lines ON kpi_backorder_group WHEN NEW.lines = 0 BEGIN
          DELETE FROM kpi_backorder_group WHERE channel = NEW.channel AND currency = NEW.currency
            AND expected_day = NEW.expected_day AND since_day = NEW.since_day;
        END;
        """

    /// The sums of the lines already there.
    static let backfill = """
        INSERT INTO kpi_fill_day (channel, day, lines, filled_lines, units, filled_units)
        SELECT o.channel, substr(o.ordered_at, 1, 10), count(*), sum(l.first_allocated >= l.quantity), sum(l.quantity),
               sum(min(l.first_allocated, l.quantity))
        FROM sales_order o JOIN order_line l ON l.order_id = o.id WHERE o.kind = 'sale' AND l.first_allocated IS NOT NULL GROUP BY 1, 2;
        INSERT INTO kpi_backorder_group (channel, currency, expected_day, since_day, lines, units, value)
        SELECT o.channel, o.currency, coalesce(substr(l.expected_date, 1, 10), ''), coalesce(substr(l.backordered_since, 1, 10), ''),
               count(*), sum(l.backordered), sum(\(backorderValue("l")))
        FROM sales_order o JOIN order_line l ON l.order_id = o.id WHERE l.backordered > 0 GROUP BY 1, 2, 3, 4;
        """
}
