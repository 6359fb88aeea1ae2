import GRDB

/// The schema, one migration per change. Never edit a shipped migration: add a new one.
enum Migrations {
    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1-ledger") { db in
            try db.execute(sql: """
            CREATE TABLE supplier (
              id INTEGER PRIMARY KEY,
              code TEXT NOT NULL UNIQUE,
              name TEXT NOT NULL,
              lead_mean_days INTEGER NOT NULL CHECK (lead_mean_days >= 0),
              lead_spread_days INTEGER NOT NULL CHECK (lead_spread_days >= 0),
              on_time_per_mille INTEGER NOT NULL CHECK (on_time_per_mille BETWEEN 0 AND 1000)
            );
            CREATE TABLE sku (
              id INTEGER PRIMARY KEY,
              code TEXT NOT NULL UNIQUE,
              name TEXT NOT NULL,
              uom TEXT NOT NULL,
              pack_size INTEGER NOT NULL CHECK (pack_size > 0),
              unit_cost INTEGER NOT NULL CHECK (unit_cost >= 0),
              list_price INTEGER NOT NULL CHECK (list_price >= 0),
              currency TEXT NOT NULL,
              preferred_supplier_id INTEGER REFERENCES supplier(id),
              velocity TEXT NOT NULL CHECK (velocity IN ('A','B','C')),
              weight_g INTEGER NOT NULL CHECK (weight_g >= 0),
              active INTEGER NOT NULL,
              is_kit INTEGER NOT NULL,
              needs_review INTEGER NOT NULL DEFAULT 0
            );
            -- Case-insensitive code prefixes (short filters) use this through SQLite's LIKE optimisation.
            CREATE INDEX sku_code_nocase ON sku(code COLLATE NOCASE);
            -- Substring search over code and name for the console's filter: a trigram index
            -- kept in step with sku by triggers (an external-content FTS5 table).
            CREATE VIRTUAL TABLE sku_search USING fts5(code, name, content='sku', content_rowid='id', tokenize='trigram');
            CREATE TRIGGER sku_search_insert AFTER INSERT ON sku BEGIN
              INSERT INTO sku_search(rowid, code, name) VALUES (new.id, new.code, new.name);
            END;
            CREATE TRIGGER sku_search_delete AFTER DELETE ON sku BEGIN
              INSERT INTO sku_search(sku_search, rowid, code, name) VALUES ('delete', old.id, old.code, old.name);
            END;
            CREATE TRIGGER sku_search_update AFTER UPDATE OF code, name ON sku BEGIN
              INSERT INTO sku_search(sku_search, rowid, code, name) VALUES ('delete', old.id, old.code, old.name);
              INSERT INTO sku_search(rowid, code, name) VALUES (new.id, new.code, new.name);
            END;
            CREATE TABLE sku_channel (
              sku_id INTEGER NOT NULL REFERENCES sku(id),
              channel TEXT NOT NULL,
              listing_id TEXT NOT NULL,
              price INTEGER NOT NULL CHECK (price >= 0),
              currency TEXT NOT NULL,
              enabled INTEGER NOT NULL,
              PRIMARY KEY (sku_id, channel)
            ) WITHOUT ROWID;
            CREATE TABLE kit_component (
              kit_id INTEGER NOT NULL REFERENCES sku(id),
              component_id INTEGER NOT NULL REFERENCES sku(id),
              quantity INTEGER NOT NULL CHECK (quantity > 0),
              PRIMARY KEY (kit_id, component_id),
              CHECK (kit_id <> component_id)
            ) WITHOUT ROWID;
            CREATE INDEX kit_component_by_component ON kit_component(component_id);
            CREATE TABLE location (
              id INTEGER PRIMARY KEY,
              code TEXT NOT NULL UNIQUE,
              name TEXT NOT NULL,
              kind TEXT NOT NULL,
              fulfils INTEGER NOT NULL
            );
            CREATE TABLE location_region (
              location_id INTEGER NOT NULL REFERENCES location(id),
              region TEXT NOT NULL,
              transit_days INTEGER NOT NULL CHECK (transit_days >= 0),
              shipping_cost INTEGER NOT NULL CHECK (shipping_cost >= 0),
              currency TEXT NOT NULL,
              PRIMARY KEY (location_id, region)
            ) WITHOUT ROWID;
            CREATE INDEX location_region_by_region ON location_region(region);
            CREATE TABLE channel_pool (
              channel TEXT NOT NULL,
              location_id INTEGER NOT NULL REFERENCES location(id),
              PRIMARY KEY (channel, location_id)
            ) WITHOUT ROWID;

            -- Balances by (sku, location, status), one row per (sku, location) with a column
            -- per status so the stock pane reads one row. The CHECKs make a negative balance
            -- impossible even for a buggy writer: SQLite aborts the transaction.
            -- `inbound` is not a status: it caches the open quantity of inbound_supply.
            CREATE TABLE stock_position (
              sku_id INTEGER NOT NULL REFERENCES sku(id),
              location_id INTEGER NOT NULL REFERENCES location(id),
              sellable INTEGER NOT NULL DEFAULT 0 CHECK (sellable >= 0),
              reserved INTEGER NOT NULL DEFAULT 0 CHECK (reserved >= 0),
              quarantine INTEGER NOT NULL DEFAULT 0 CHECK (quarantine >= 0),
              damaged INTEGER NOT NULL DEFAULT 0 CHECK (damaged >= 0),
              return_pending INTEGER NOT NULL DEFAULT 0 CHECK (return_pending >= 0),
              inbound INTEGER NOT NULL DEFAULT 0 CHECK (inbound >= 0),
              PRIMARY KEY (sku_id, location_id)
            ) WITHOUT ROWID;
            CREATE INDEX stock_position_by_location ON stock_position(location_id, sku_id);

            CREATE TABLE stock_move (
              id INTEGER PRIMARY KEY,
              sku_id INTEGER NOT NULL REFERENCES sku(id),
              location_id INTEGER NOT NULL REFERENCES location(id),
              from_status TEXT,
              to_status TEXT,
              quantity INTEGER NOT NULL CHECK (quantity > 0),
              reason TEXT NOT NULL,
              note TEXT NOT NULL,
              document TEXT,
              actor TEXT NOT NULL,
              at TEXT NOT NULL,
              CHECK (from_status IS NOT NULL OR to_status IS NOT NULL)
            );
            CREATE INDEX stock_move_by_sku ON stock_move(sku_id, id);
            CREATE TRIGGER stock_move_no_update BEFORE UPDATE ON stock_move
              BEGIN SELECT RAISE(ABORT, 'stock moves are immutable'); END;
            CREATE TRIGGER stock_move_no_delete BEFORE DELETE ON stock_move
              BEGIN SELECT RAISE(ABORT, 'stock moves are immutable'); END;

            -- A reservation ties reserved stock to a document (an order line later on).
            CREATE TABLE reservation (
              id INTEGER PRIMARY KEY,
              sku_id INTEGER NOT NULL REFERENCES sku(id),
              location_id INTEGER NOT NULL REFERENCES location(id),
              quantity INTEGER NOT NULL CHECK (quantity > 0),
              document TEXT NOT NULL,
              live INTEGER NOT NULL DEFAULT 1,
              created_at TEXT NOT NULL
            );
            CREATE INDEX reservation_live ON reservation(sku_id, location_id) WHERE live = 1;
            CREATE INDEX reservation_by_document ON reservation(document);

            CREATE TABLE inbound_supply (
              id INTEGER PRIMARY KEY,
              sku_id INTEGER NOT NULL REFERENCES sku(id),
              location_id INTEGER NOT NULL REFERENCES location(id),
              document TEXT NOT NULL,
              quantity_open INTEGER NOT NULL CHECK (quantity_open >= 0),
              expected_date TEXT NOT NULL
            );
            CREATE INDEX inbound_by_sku ON inbound_supply(sku_id, location_id, expected_date);

            CREATE TABLE app_user (
              name TEXT PRIMARY KEY,
              role TEXT NOT NULL,
              created_at TEXT NOT NULL,
              created_by TEXT NOT NULL
            );

            -- History cannot be rewritten: the triggers refuse UPDATE and DELETE.
            CREATE TABLE audit (
              id INTEGER PRIMARY KEY,
              at TEXT NOT NULL,
              actor TEXT NOT NULL,
              role TEXT NOT NULL,
              command TEXT NOT NULL,
              entity TEXT NOT NULL,
              reason TEXT NOT NULL,
              before TEXT,
              after TEXT
            );
            CREATE INDEX audit_by_entity ON audit(entity, id);
            CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
              BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
            CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
              BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
            """)
        }
        m.registerMigration("v2-orders") { db in
            try db.execute(sql: """
            -- One order model for every channel. Money is integer minor units of `currency`.
            -- `on_hold` counts open holds so queues and allocation filter on one column.
            CREATE TABLE sales_order (
              id INTEGER PRIMARY KEY,
              channel TEXT NOT NULL,
              external_ref TEXT NOT NULL,
              kind TEXT NOT NULL CHECK (kind IN ('sale','return','writeOff','adjustment')),
              state TEXT NOT NULL,
              on_hold INTEGER NOT NULL DEFAULT 0 CHECK (on_hold >= 0),
              priority INTEGER NOT NULL,
              customer TEXT NOT NULL,
              ship_name TEXT NOT NULL, ship_line1 TEXT NOT NULL, ship_city TEXT NOT NULL,
              ship_postcode TEXT NOT NULL, ship_country TEXT NOT NULL, ship_region TEXT NOT NULL,
              service_level TEXT NOT NULL,
              promise_date TEXT NOT NULL,
              payment_status TEXT NOT NULL,
              fraud_score INTEGER NOT NULL CHECK (fraud_score BETWEEN 0 AND 100),
              currency TEXT NOT NULL,
              freight INTEGER NOT NULL CHECK (freight >= 0),
              refers_to TEXT,
              ordered_at TEXT NOT NULL,
              captured_at TEXT NOT NULL,
              -- When the order entered its current state: queue age.
              state_since TEXT NOT NULL,
              UNIQUE (channel, external_ref)
            );
            -- Queues: orders of a state, oldest first; counts and oldest age per state.
            CREATE INDEX sales_order_by_state ON sales_order(kind, state, state_since, id);
            CREATE INDEX sales_order_by_customer ON sales_order(customer, id);
            CREATE INDEX sales_order_by_ref ON sales_order(external_ref);
            -- What allocation takes next: promise date, then channel priority, then age.
            CREATE INDEX sales_order_to_allocate ON sales_order(promise_date, priority, ordered_at, id)
              WHERE state IN ('released','backordered','partiallyAllocated') AND on_hold = 0;

            -- Quantities per line always add up: ordered = allocated + backordered + cancelled
            -- + shipped + (not yet planned). Kit lines count whole kits.
            CREATE TABLE order_line (
              order_id INTEGER NOT NULL REFERENCES sales_order(id),
              line_no INTEGER NOT NULL,
              sku_id INTEGER NOT NULL REFERENCES sku(id),
              description TEXT NOT NULL,
              quantity INTEGER NOT NULL CHECK (quantity > 0),
              unit_price INTEGER NOT NULL CHECK (unit_price >= 0),
              discount INTEGER NOT NULL CHECK (discount >= 0),
              tax INTEGER CHECK (tax >= 0),
              allocated INTEGER NOT NULL DEFAULT 0 CHECK (allocated >= 0),
              backordered INTEGER NOT NULL DEFAULT 0 CHECK (backordered >= 0),
              cancelled INTEGER NOT NULL DEFAULT 0 CHECK (cancelled >= 0),
              shipped INTEGER NOT NULL DEFAULT 0 CHECK (shipped >= 0),
              expected_date TEXT,
              backordered_since TEXT,
              CHECK (allocated + backordered + cancelled + shipped <= quantity),
              PRIMARY KEY (order_id, line_no)
            ) WITHOUT ROWID;
            -- Covering for the backorder pane: it groups every backordered line by SKU.
            CREATE INDEX order_line_backordered ON order_line(sku_id, backordered_since, backordered, expected_date)
              WHERE backordered > 0;

            CREATE TABLE order_charge (
              order_id INTEGER NOT NULL REFERENCES sales_order(id),
              seq INTEGER NOT NULL,
              code TEXT NOT NULL,
              description TEXT NOT NULL,
              amount INTEGER NOT NULL,
              PRIMARY KEY (order_id, seq)
            ) WITHOUT ROWID;

            CREATE TABLE order_hold (
              id INTEGER PRIMARY KEY,
              order_id INTEGER NOT NULL REFERENCES sales_order(id),
              reason TEXT NOT NULL,
              owner_role TEXT NOT NULL,
              note TEXT NOT NULL,
              placed_by TEXT NOT NULL,
              placed_at TEXT NOT NULL,
              released_by TEXT,
              released_at TEXT
            );
            CREATE INDEX order_hold_by_order ON order_hold(order_id);
            CREATE INDEX order_hold_open ON order_hold(reason, placed_at) WHERE released_at IS NULL;

            -- Which stock serves which line: one row per reservation (kits: per component).
            CREATE TABLE allocation (
              id INTEGER PRIMARY KEY,
              order_id INTEGER NOT NULL REFERENCES sales_order(id),
              line_no INTEGER NOT NULL,
              sku_id INTEGER NOT NULL REFERENCES sku(id),
              location_id INTEGER NOT NULL REFERENCES location(id),
              quantity INTEGER NOT NULL CHECK (quantity > 0),
              -- Units of the line this serves (kits: whole kits; components share it).
              line_units INTEGER NOT NULL CHECK (line_units > 0),
              reservation_id INTEGER NOT NULL REFERENCES reservation(id),
              status TEXT NOT NULL CHECK (status IN ('live','shipped','released')),
              shipment_id INTEGER REFERENCES shipment(id),
              created_at TEXT NOT NULL
            );
            CREATE INDEX allocation_by_order ON allocation(order_id, line_no);
            -- Every allocation writes a reservation beside it; fewer indexes on either mean fewer
            -- scattered page writes per unit allocated. Live reservations by SKU and location
            -- (reservation_live) answer "reserved by how many orders", and a document's
            -- reservations are found through them too, so the document index goes.
            DROP INDEX reservation_by_document;

            CREATE TABLE shipment (
              id INTEGER PRIMARY KEY,
              order_id INTEGER NOT NULL REFERENCES sales_order(id),
              location_id INTEGER NOT NULL REFERENCES location(id),
              carrier TEXT NOT NULL,
              tracking TEXT NOT NULL,
              shipped_at TEXT NOT NULL,
              shipped_by TEXT NOT NULL
            );
            CREATE INDEX shipment_by_order ON shipment(order_id);

            -- Why each line went where it did (or did not) at the order's latest allocation:
            -- the planner's candidates and constraints, compact JSON (LineDecision.storage).
            CREATE TABLE allocation_decision (
              order_id INTEGER PRIMARY KEY REFERENCES sales_order(id),
              policy TEXT NOT NULL,
              decided_at TEXT NOT NULL,
              detail TEXT NOT NULL
            );
            """)
        }
        m.registerMigration("v3-allocations-reserve") { db in
            try db.execute(sql: """
            -- An order's reserved stock is held by its live allocations themselves: allocation
            -- wrote a reservation row beside every allocation row, and that table's index by SKU
            -- took a page write per allocation all over a large index. The reservation table
            -- keeps reservations for other documents.
            CREATE TABLE allocation_v3 (
              id INTEGER PRIMARY KEY,
              order_id INTEGER NOT NULL REFERENCES sales_order(id),
              line_no INTEGER NOT NULL,
              sku_id INTEGER NOT NULL REFERENCES sku(id),
              location_id INTEGER NOT NULL REFERENCES location(id),
              quantity INTEGER NOT NULL CHECK (quantity > 0),
              -- Units of the line this serves (kits: whole kits; components share it).
              line_units INTEGER NOT NULL CHECK (line_units > 0),
              -- live: holds reserved stock; shipped or released: history.
              status TEXT NOT NULL CHECK (status IN ('live','shipped','released')),
              shipment_id INTEGER REFERENCES shipment(id),
              created_at TEXT NOT NULL
            );
            INSERT INTO allocation_v3 (id, order_id, line_no, sku_id, location_id, quantity, line_units, status, shipment_id, created_at)
              SELECT id, order_id, line_no, sku_id, location_id, quantity, line_units, status, shipment_id, created_at FROM allocation;
            DELETE FROM reservation WHERE id IN (SELECT reservation_id FROM allocation);
            DROP TABLE allocation;
            ALTER TABLE allocation_v3 RENAME TO allocation;
            CREATE INDEX allocation_by_order ON allocation(order_id, line_no);

            -- Stock reserved for orders at a position, and by how many live allocations (order
            -- lines; kits count per component), kept in step by the writes that allocate and end
            -- allocations. Explaining a shortfall reads one row, not every allocation of the SKU.
            ALTER TABLE stock_position ADD COLUMN order_reserved INTEGER NOT NULL DEFAULT 0 CHECK (order_reserved >= 0);
            ALTER TABLE stock_position ADD COLUMN order_allocations INTEGER NOT NULL DEFAULT 0 CHECK (order_allocations >= 0);
            UPDATE stock_position SET order_reserved = a.units, order_allocations = a.count
            FROM (SELECT sku_id, location_id, sum(quantity) AS units, count(*) AS count FROM allocation
                  WHERE status = 'live' GROUP BY sku_id, location_id) AS a
            WHERE a.sku_id = stock_position.sku_id AND a.location_id = stock_position.location_id;

            -- A SKU's move history leaves out order allocations (move reason 'allocation'): the
            -- orders show those, a busy SKU's would bury its receipts, counts and transfers, and
            -- indexing them took a page write per allocation all over a large index.
            DROP INDEX stock_move_by_sku;
            CREATE INDEX stock_move_by_sku ON stock_move(sku_id, id) WHERE reason <> 'allocation';
            """)
        }
        m.registerMigration("v4-find-any-case") { db in
            try db.execute(sql: """
            -- Finding an order matches the start of a reference or a customer in any case: these
            -- indexes serve LIKE 'prefix%' (SQLite's LIKE ignores ASCII case, so it needs NOCASE
            -- indexes). The customer's replaces the exact one; exact references keep theirs.
            DROP INDEX sales_order_by_customer;
            CREATE INDEX sales_order_by_customer ON sales_order(customer COLLATE NOCASE, id);
            CREATE INDEX sales_order_by_ref_nocase ON sales_order(external_ref COLLATE NOCASE);
            """)
        }
        m.registerMigration("v5-order-content") { db in
            try db.execute(sql: """
            -- A fingerprint of what the channel sent (OrderDraft.contentHash): a re-send with the
            -- same one is a duplicate at the cost of one indexed read; orders stored before have
            -- none and are compared field by field.
            ALTER TABLE sales_order ADD COLUMN content_hash TEXT;
            """)
        }
        m.registerMigration("v6-waves") { db in
            try db.execute(sql: """
            -- A wave groups allocated orders into one pick list; its orders are picking until
            -- the pickers' confirmation comes back.
            CREATE TABLE wave (
              id INTEGER PRIMARY KEY,
              location_id INTEGER REFERENCES location(id),
              carrier TEXT,
              state TEXT NOT NULL CHECK (state IN ('open','confirmed')),
              created_at TEXT NOT NULL,
              created_by TEXT NOT NULL
            );
            CREATE TABLE wave_order (
              wave_id INTEGER NOT NULL REFERENCES wave(id),
              order_id INTEGER NOT NULL REFERENCES sales_order(id),
              PRIMARY KEY (wave_id, order_id)
            ) WITHOUT ROWID;
            CREATE INDEX wave_order_by_order ON wave_order(order_id);
            -- A partly shipped order whose remainder is backordered (a short pick) waits for
            -- allocation too.
            DROP INDEX sales_order_to_allocate;
            CREATE INDEX sales_order_to_allocate ON sales_order(promise_date, priority, ordered_at, id)
              WHERE state IN ('released','backordered','partiallyAllocated','partiallyShipped') AND on_hold = 0;
            -- Units a picker did not find: an exception for a count (the units wait in quarantine).
            CREATE TABLE short_pick (
              id INTEGER PRIMARY KEY,
              wave_id INTEGER NOT NULL REFERENCES wave(id),
              order_id INTEGER NOT NULL REFERENCES sales_order(id),
              line_no INTEGER NOT NULL,
              sku_id INTEGER NOT NULL REFERENCES sku(id),
              location_id INTEGER NOT NULL REFERENCES location(id),
              quantity INTEGER NOT NULL CHECK (quantity > 0),
              reported_by TEXT NOT NULL,
              at TEXT NOT NULL
            );
            """)
        }
        m.registerMigration("v7-no-replace") { db in
            try db.execute(sql: """
            -- REPLACE deletes the row it replaces without firing delete triggers (unless
            -- recursive_triggers is on in the writer's connection), so an insert whose key is
            -- taken is refused outright: history is appended to, never rewritten.
            CREATE TRIGGER stock_move_no_replace BEFORE INSERT ON stock_move
              WHEN EXISTS (SELECT 1 FROM stock_move WHERE id = NEW.id)
              BEGIN SELECT RAISE(ABORT, 'stock moves are immutable'); END;
            CREATE TRIGGER audit_no_replace BEFORE INSERT ON audit
              WHEN EXISTS (SELECT 1 FROM audit WHERE id = NEW.id)
              BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
            """)
        }
        m.registerMigration("v8-hash-chains") { db in
            // Every audit entry and stock move carries its link in a hash chain (LedgerChain);
            // rows from before are chained now, in id order. Rows must arrive chained: a
            // writer that does not chain (an old qm, a hand-written INSERT) is refused.
            try db.execute(sql: """
            ALTER TABLE audit ADD COLUMN hash TEXT;
            ALTER TABLE stock_move ADD COLUMN hash TEXT;
            DROP TRIGGER audit_no_update;
            DROP TRIGGER stock_move_no_update;
            """)
            try LedgerChain.backfill(db, .audit)
            try LedgerChain.backfill(db, .stockMove)
            try db.execute(sql: """
            CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
              BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
            CREATE TRIGGER stock_move_no_update BEFORE UPDATE ON stock_move
              BEGIN SELECT RAISE(ABORT, 'stock moves are immutable'); END;
            CREATE TRIGGER audit_chained BEFORE INSERT ON audit WHEN NEW.hash IS NULL
              BEGIN SELECT RAISE(ABORT, 'audit entries are hash-chained: only qm writes them'); END;
            CREATE TRIGGER stock_move_chained BEFORE INSERT ON stock_move WHEN NEW.hash IS NULL
              BEGIN SELECT RAISE(ABORT, 'stock moves are hash-chained: only qm writes them'); END;
            """)
        }
        m.registerMigration("v9-purchase-orders") { db in
            try db.execute(sql: """
            -- A supplier's terms: the fewest units per line, whole packs only, and how far a
            -- delivery may stray from what was ordered (whole percent of a line).
            ALTER TABLE supplier ADD COLUMN minimum_order INTEGER NOT NULL DEFAULT 1 CHECK (minimum_order > 0);
            ALTER TABLE supplier ADD COLUMN rounds_to_pack INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE supplier ADD COLUMN over_tolerance_pct INTEGER NOT NULL DEFAULT 0 CHECK (over_tolerance_pct BETWEEN 0 AND 100);
            ALTER TABLE supplier ADD COLUMN under_tolerance_pct INTEGER NOT NULL DEFAULT 0 CHECK (under_tolerance_pct BETWEEN 0 AND 100);

            -- What an admin changed from the defaults (Domain's SettingKey).
            CREATE TABLE setting (
              key TEXT PRIMARY KEY,
              value TEXT NOT NULL,
              changed_at TEXT NOT NULL,
              changed_by TEXT NOT NULL
            ) WITHOUT ROWID;

            CREATE TABLE purchase_order (
              id INTEGER PRIMARY KEY,
              code TEXT NOT NULL UNIQUE,
              supplier_id INTEGER NOT NULL REFERENCES supplier(id),
              location_id INTEGER NOT NULL REFERENCES location(id),
              currency TEXT NOT NULL,
              state TEXT NOT NULL CHECK (state IN ('draft','approved','sent','partiallyReceived','received','closed','cancelled')),
              note TEXT NOT NULL,
              created_at TEXT NOT NULL,
              created_by TEXT NOT NULL,
              state_since TEXT NOT NULL,
              -- When it went to the supplier: where a receipt's lead time is counted from.
              sent_at TEXT
            );
            CREATE INDEX purchase_order_by_state ON purchase_order(state, id);
            CREATE INDEX purchase_order_by_supplier ON purchase_order(supplier_id, id);
            CREATE TABLE purchase_order_line (
              po_id INTEGER NOT NULL REFERENCES purchase_order(id),
              line_no INTEGER NOT NULL,
              sku_id INTEGER NOT NULL REFERENCES sku(id),
              quantity INTEGER NOT NULL CHECK (quantity > 0),
              unit_cost INTEGER NOT NULL CHECK (unit_cost >= 0),
              expected_date TEXT NOT NULL,
              received INTEGER NOT NULL DEFAULT 0 CHECK (received >= 0),
              PRIMARY KEY (po_id, line_no),
              UNIQUE (po_id, sku_id)
            ) WITHOUT ROWID;
            -- Lines with units still to come, by SKU and date: the inbound figure's source.
            CREATE INDEX purchase_order_line_open ON purchase_order_line(sku_id, expected_date) WHERE received < quantity;

            -- Goods received against a purchase order: when they arrived, who took them in, and
            -- per line what arrived in which condition and which status it went to.
            CREATE TABLE receipt (
              id INTEGER PRIMARY KEY,
              po_id INTEGER NOT NULL REFERENCES purchase_order(id),
              arrived_on TEXT NOT NULL,
              received_at TEXT NOT NULL,
              received_by TEXT NOT NULL,
              note TEXT NOT NULL
            );
            CREATE INDEX receipt_by_order ON receipt(po_id, id);
            CREATE TABLE receipt_line (
              receipt_id INTEGER NOT NULL REFERENCES receipt(id),
              line_no INTEGER NOT NULL,
              sku_id INTEGER NOT NULL REFERENCES sku(id),
              quantity INTEGER NOT NULL CHECK (quantity > 0),
              condition TEXT NOT NULL CHECK (condition IN ('good','damaged')),
              to_status TEXT NOT NULL CHECK (to_status IN ('sellable','quarantine','damaged')),
              PRIMARY KEY (receipt_id, line_no)
            ) WITHOUT ROWID;
            -- Goods of a SKU flagged for inspection wait in quarantine when they arrive.
            ALTER TABLE sku ADD COLUMN inspect_on_receipt INTEGER NOT NULL DEFAULT 0;

            -- Stock sent between locations: shipped, it waits at an in-transit location and
            -- counts as inbound at its destination until received.
            CREATE TABLE transfer (
              id INTEGER PRIMARY KEY,
              code TEXT NOT NULL UNIQUE,
              from_location_id INTEGER NOT NULL REFERENCES location(id),
              to_location_id INTEGER NOT NULL REFERENCES location(id),
              via_location_id INTEGER REFERENCES location(id),
              state TEXT NOT NULL CHECK (state IN ('created','shipped','received','cancelled')),
              lead_days INTEGER NOT NULL CHECK (lead_days >= 0),
              expected_date TEXT,
              note TEXT NOT NULL,
              created_at TEXT NOT NULL,
              created_by TEXT NOT NULL,
              state_since TEXT NOT NULL,
              CHECK (from_location_id <> to_location_id)
            );
            CREATE INDEX transfer_by_state ON transfer(state, id);
            CREATE TABLE transfer_line (
              transfer_id INTEGER NOT NULL REFERENCES transfer(id),
              line_no INTEGER NOT NULL,
              sku_id INTEGER NOT NULL REFERENCES sku(id),
              quantity INTEGER NOT NULL CHECK (quantity > 0),
              PRIMARY KEY (transfer_id, line_no),
              UNIQUE (transfer_id, sku_id)
            ) WITHOUT ROWID;
            CREATE INDEX transfer_line_by_sku ON transfer_line(sku_id);

            -- Advance shipping notices: what a supplier says is on its way against which order.
            -- Matched against the order when imported; what does not match is an exception for
            -- the receiving supervisor (asn_exception), never silently accepted.
            CREATE TABLE asn (
              id INTEGER PRIMARY KEY,
              ref TEXT NOT NULL UNIQUE,
              po_ref TEXT NOT NULL,
              po_id INTEGER REFERENCES purchase_order(id),
              expected_arrival TEXT NOT NULL,
              state TEXT NOT NULL CHECK (state IN ('open','received')),
              source TEXT NOT NULL,
              imported_at TEXT NOT NULL,
              imported_by TEXT NOT NULL
            );
            CREATE INDEX asn_by_order ON asn(po_id);
            CREATE TABLE asn_line (
              asn_id INTEGER NOT NULL REFERENCES asn(id),
              line_no INTEGER NOT NULL,
              sku TEXT NOT NULL,
              quantity INTEGER NOT NULL CHECK (quantity > 0),
              PRIMARY KEY (asn_id, line_no),
              UNIQUE (asn_id, sku)
            ) WITHOUT ROWID;
            CREATE TABLE asn_exception (
              id INTEGER PRIMARY KEY,
              asn_id INTEGER NOT NULL REFERENCES asn(id),
              sku TEXT,
              problem TEXT NOT NULL,
              raised_at TEXT NOT NULL
            );
            CREATE INDEX asn_exception_by_asn ON asn_exception(asn_id);
            """)
            try migrateInboundSupply(db)
            try db.execute(sql: """
            DROP TABLE inbound_supply;
            -- Open inbound supply: what approved purchase orders still expect, and what shipped
            -- transfers carry to their destination. It is derived, never written, so there is
            -- one source of truth; stock_position.inbound caches its sum per position, kept in
            -- step by the purchase-order and transfer writes and checked by verify.
            CREATE VIEW inbound_supply AS
              SELECT p.code AS document, l.sku_id AS sku_id, p.location_id AS location_id,
                     l.quantity - l.received AS quantity_open, l.expected_date AS expected_date
              FROM purchase_order_line l JOIN purchase_order p ON p.id = l.po_id
              WHERE l.received < l.quantity AND p.state IN ('approved','sent','partiallyReceived')
              UNION ALL
              SELECT t.code, tl.sku_id, t.to_location_id, tl.quantity, t.expected_date
              FROM transfer_line tl JOIN transfer t ON t.id = tl.transfer_id
              WHERE t.state = 'shipped';
            """)
        }
        m.registerMigration("v10-allocation-retry") { db in
            let waiting = "('backordered','partiallyAllocated','partiallyShipped')"
            try db.execute(sql: """
            -- Backorders worth planning again: an order lands here when something it waits for may
            -- have changed (sellable stock of a short SKU, or of a kit's component, grew; it came
            -- off hold or into a waiting state other than by allocation; the network or a pool
            -- changed), and leaves when allocation plans it. A run with nothing arrived reads
            -- only new orders and this table, never every waiting order.
            CREATE TABLE allocation_retry (order_id INTEGER PRIMARY KEY) WITHOUT ROWID;
            INSERT INTO allocation_retry SELECT id FROM sales_order WHERE state IN \(waiting) AND on_hold = 0;
            -- New orders in allocation order, apart from the waiting ones.
            CREATE INDEX sales_order_released ON sales_order(promise_date, priority, ordered_at, id)
              WHERE state = 'released' AND on_hold = 0;

            """)
            // The triggers skip orders already listed rather than rely on OR IGNORE, which the
            // statement firing them (an UPSERT) would override.
            let unlisted = "NOT EXISTS (SELECT 1 FROM allocation_retry r WHERE r.order_id = l.order_id)"
            let forSKU = """
                INSERT INTO allocation_retry SELECT DISTINCT l.order_id FROM order_line l
                  WHERE l.sku_id = NEW.sku_id AND l.backordered > 0 AND \(unlisted);
                INSERT INTO allocation_retry SELECT DISTINCT l.order_id FROM kit_component k
                  JOIN order_line l ON l.sku_id = k.kit_id AND l.backordered > 0 WHERE k.component_id = NEW.sku_id AND \(unlisted);
                """
            try db.execute(sql: """
            CREATE TRIGGER retry_when_sellable_grows AFTER UPDATE OF sellable ON stock_position
              WHEN NEW.sellable > OLD.sellable BEGIN \(forSKU) END;
            CREATE TRIGGER retry_when_sellable_appears AFTER INSERT ON stock_position
              WHEN NEW.sellable > 0 BEGIN \(forSKU) END;
            CREATE TRIGGER retry_when_order_waits AFTER UPDATE OF state, on_hold ON sales_order
              WHEN NEW.on_hold = 0 AND NEW.state IN \(waiting)
                AND NOT EXISTS (SELECT 1 FROM allocation_retry r WHERE r.order_id = NEW.id) BEGIN
              INSERT INTO allocation_retry VALUES (NEW.id);
            END;
            """)
            // A change to the network or a channel's pool may open a new way to serve any order.
            let everyWaiting = """
                INSERT INTO allocation_retry SELECT o.id FROM sales_order o WHERE o.state IN \(waiting) AND o.on_hold = 0
                  AND NOT EXISTS (SELECT 1 FROM allocation_retry r WHERE r.order_id = o.id);
                """
            for (name, event) in [("pool_added", "AFTER INSERT ON channel_pool"), ("pool_removed", "AFTER DELETE ON channel_pool"),
                                  ("region_added", "AFTER INSERT ON location_region"), ("region_changed", "AFTER UPDATE ON location_region"),
                                  ("region_removed", "AFTER DELETE ON location_region"), ("location_changed", "AFTER UPDATE OF fulfils ON location")] {
                try db.execute(sql: "CREATE TRIGGER retry_when_\(name) \(event) BEGIN \(everyWaiting) END;")
            }
        }
        m.registerMigration("v11-replenishment-rejections") { db in
            try db.execute(sql: """
            -- A suggestion a planner turned down stays out of the plan until the day named.
            CREATE TABLE replenishment_rejection (
              sku_id INTEGER NOT NULL REFERENCES sku(id),
              location_id INTEGER NOT NULL REFERENCES location(id),
              until TEXT NOT NULL,
              reason TEXT NOT NULL,
              rejected_by TEXT NOT NULL,
              rejected_at TEXT NOT NULL,
              PRIMARY KEY (sku_id, location_id)
            ) WITHOUT ROWID;
            """)
        }
        m.registerMigration("v12-notice-resolution") { db in
            try repairInboundTables(db)
            // A notice is received (as announced, or counted against its order) or dismissed
            // by the receiving supervisor with a reason; who closed it, when and why are kept.
            // SQLite cannot widen a CHECK in place: the table is rebuilt, ids kept.
            try db.execute(sql: """
            CREATE TABLE asn_resolved (
              id INTEGER PRIMARY KEY,
              ref TEXT NOT NULL UNIQUE,
              po_ref TEXT NOT NULL,
              po_id INTEGER REFERENCES purchase_order(id),
              expected_arrival TEXT NOT NULL,
              state TEXT NOT NULL CHECK (state IN ('open','received','dismissed')),
              source TEXT NOT NULL,
              imported_at TEXT NOT NULL,
              imported_by TEXT NOT NULL,
              closed_at TEXT,
              closed_by TEXT,
              close_note TEXT
            );
            INSERT INTO asn_resolved (id, ref, po_ref, po_id, expected_arrival, state, source, imported_at, imported_by)
              SELECT id, ref, po_ref, po_id, expected_arrival, state, source, imported_at, imported_by FROM asn;
            DROP TABLE asn;
            ALTER TABLE asn_resolved RENAME TO asn;
            CREATE INDEX asn_by_order ON asn(po_id);
            -- The open ones by arrival: the late queue and its count read only these.
            CREATE INDEX asn_open ON asn(expected_arrival) WHERE state = 'open';
            """)
        }
        m.registerMigration("v13-drop-ship") { db in
            try db.execute(sql: """
            -- A drop-ship SKU is shipped to the customer by its supplier: allocation places its
            -- lines on a drop-ship purchase order (one per order line) instead of our stock.
            ALTER TABLE sku ADD COLUMN drop_ship INTEGER NOT NULL DEFAULT 0;
            -- Or only on some channels (codes separated by ';'): their orders of it are drop-shipped.
            ALTER TABLE sku ADD COLUMN drop_ship_channels TEXT NOT NULL DEFAULT '';
            ALTER TABLE purchase_order ADD COLUMN drop_ship_order_id INTEGER REFERENCES sales_order(id);
            ALTER TABLE purchase_order ADD COLUMN drop_ship_line_no INTEGER;
            CREATE UNIQUE INDEX purchase_order_drop_ship ON purchase_order(drop_ship_order_id, drop_ship_line_no)
              WHERE drop_ship_order_id IS NOT NULL AND state <> 'cancelled';
            -- Drop-ship goods never come to our stock: their orders are not inbound.
            DROP VIEW inbound_supply;
            CREATE VIEW inbound_supply AS
              SELECT p.code AS document, l.sku_id AS sku_id, p.location_id AS location_id,
                     l.quantity - l.received AS quantity_open, l.expected_date AS expected_date
              FROM purchase_order_line l JOIN purchase_order p ON p.id = l.po_id
              WHERE l.received < l.quantity AND p.state IN ('approved','sent','partiallyReceived') AND p.drop_ship_order_id IS NULL
              UNION ALL
              SELECT t.code, tl.sku_id, t.to_location_id, tl.quantity, t.expected_date
              FROM transfer_line tl JOIN transfer t ON t.id = tl.transfer_id
              WHERE t.state = 'shipped';
            """)
        }
        m.registerMigration("v14-cycle-counts") { db in
            try db.execute(sql: """
            -- A count of one SKU at a location, or of a whole location (sku_id NULL). When
            -- counting starts, start_move_id marks the ledger's last move: a move after it
            -- happened during the count, and the line it touches says so.
            CREATE TABLE count_task (
              id INTEGER PRIMARY KEY,
              location_id INTEGER NOT NULL REFERENCES location(id),
              sku_id INTEGER REFERENCES sku(id),
              origin TEXT NOT NULL CHECK (origin IN ('scheduled','adhoc','exception')),
              why TEXT NOT NULL,
              state TEXT NOT NULL CHECK (state IN ('open','counting','review','closed','cancelled')),
              due_on TEXT NOT NULL,
              created_at TEXT NOT NULL,
              created_by TEXT NOT NULL,
              started_at TEXT,
              started_by TEXT,
              start_move_id INTEGER,
              state_since TEXT NOT NULL,
              note TEXT NOT NULL DEFAULT ''
            );
            CREATE INDEX count_task_by_state ON count_task(state, id);
            -- One live count of a SKU at a location: an exception does not raise a second.
            CREATE UNIQUE INDEX count_task_live ON count_task(sku_id, location_id)
              WHERE sku_id IS NOT NULL AND state IN ('open','counting','review');

            -- What was expected of each (SKU, bucket) when counting started, what the counter
            -- found (blind: never shown the expected figure) and what became of the variance.
            -- expected is the snapshot plus the moves between the start and the count.
            CREATE TABLE count_line (
              task_id INTEGER NOT NULL REFERENCES count_task(id),
              sku_id INTEGER NOT NULL REFERENCES sku(id),
              bucket TEXT NOT NULL CHECK (bucket IN ('shelf','quarantine','damaged','returnPending')),
              snapshot INTEGER NOT NULL CHECK (snapshot >= 0),
              found INTEGER NOT NULL DEFAULT 0,
              round INTEGER NOT NULL DEFAULT 1 CHECK (round >= 1),
              counted INTEGER CHECK (counted >= 0),
              expected INTEGER CHECK (expected >= 0),
              moved_during INTEGER NOT NULL DEFAULT 0,
              counted_by TEXT,
              counted_at TEXT,
              earlier_counter TEXT,
              state TEXT NOT NULL CHECK (state IN ('pending','review','approved')),
              decided_by TEXT,
              decided_at TEXT,
              decision TEXT,
              PRIMARY KEY (task_id, sku_id, bucket)
            ) WITHOUT ROWID;
            CREATE INDEX count_line_in_review ON count_line(task_id) WHERE state = 'review';

            -- When each SKU at each location was last counted, and the day its first scheduled
            -- count fell due (spread over the first interval when the scheduler first saw it).
            CREATE TABLE count_cycle (
              sku_id INTEGER NOT NULL REFERENCES sku(id),
              location_id INTEGER NOT NULL REFERENCES location(id),
              first_due_on TEXT NOT NULL,
              last_counted_on TEXT,
              PRIMARY KEY (sku_id, location_id)
            ) WITHOUT ROWID;
            """)
        }
        m.registerMigration("v15-customer-returns") { db in
            try db.execute(sql: """
            -- A customer return (RMA) of units of one order line: authorized, received into
            -- returnPending at a location, inspected and disposed of. paid is what the customer
            -- paid for the units (net and tax), freight_share their share of the order's
            -- freight; no refund may exceed the two together.
            -- An imported return document (an online-retail C invoice) is tied to the sales it
            -- returns, a return per sale line (source 'import', document_id and document_line
            -- naming the document's line); one of the past is 'history' (it moves no stock).
            CREATE TABLE customer_return (
              id INTEGER PRIMARY KEY,
              code TEXT NOT NULL UNIQUE,
              order_id INTEGER NOT NULL REFERENCES sales_order(id),
              line_no INTEGER NOT NULL,
              sku_id INTEGER NOT NULL REFERENCES sku(id),
              quantity INTEGER NOT NULL CHECK (quantity > 0),
              reason TEXT NOT NULL,
              state TEXT NOT NULL CHECK (state IN ('authorized','received','inspected','cancelled','history')),
              source TEXT NOT NULL DEFAULT 'rma' CHECK (source IN ('rma','import')),
              document_id INTEGER REFERENCES sales_order(id),
              document_line INTEGER,
              exchange_order_id INTEGER REFERENCES sales_order(id),
              location_id INTEGER REFERENCES location(id),
              condition TEXT,
              disposition TEXT,
              currency TEXT NOT NULL,
              paid INTEGER NOT NULL CHECK (paid >= 0),
              freight_share INTEGER NOT NULL CHECK (freight_share >= 0),
              refund_due INTEGER NOT NULL CHECK (refund_due >= 0),
              refund_state TEXT NOT NULL CHECK (refund_state IN ('none','held','released')),
              refund_amount INTEGER CHECK (refund_amount >= 0),
              refund_note TEXT NOT NULL DEFAULT '',
              note TEXT NOT NULL,
              created_at TEXT NOT NULL,
              created_by TEXT NOT NULL,
              state_since TEXT NOT NULL,
              received_at TEXT,
              received_by TEXT,
              inspected_at TEXT,
              inspected_by TEXT,
              released_at TEXT,
              released_by TEXT,
              CHECK (refund_due <= paid + freight_share),
              CHECK (refund_amount IS NULL OR refund_amount <= paid + freight_share)
            );
            CREATE INDEX customer_return_by_order ON customer_return(order_id, line_no);
            CREATE INDEX customer_return_by_state ON customer_return(state, id);
            CREATE INDEX customer_return_by_document ON customer_return(document_id, document_line) WHERE document_id IS NOT NULL;

            -- The units of an imported return document's line that no earlier sale could take
            -- back, and why: listed, never dropped.
            CREATE TABLE unmatched_return (
              document_id INTEGER NOT NULL REFERENCES sales_order(id),
              line_no INTEGER NOT NULL,
              sku_id INTEGER NOT NULL REFERENCES sku(id),
              quantity INTEGER NOT NULL CHECK (quantity > 0),
              reason TEXT NOT NULL,
              PRIMARY KEY (document_id, line_no)
            ) WITHOUT ROWID;
            """)
        }
        m.registerMigration("v16-write-off-posting") { db in
            try db.execute(sql: """
            -- A write-off document (stock thrown away, damaged, lost: an online-retail invoice
            -- of unpriced negative lines) posted by a supervisor: its lines left this location's
            -- stock of this status, as moves with the document 'write-off <id>'. A write-off of
            -- the past (imported as history) moves no stock and has no posting.
            CREATE TABLE write_off_posting (
              document_id INTEGER PRIMARY KEY REFERENCES sales_order(id),
              location_id INTEGER NOT NULL REFERENCES location(id),
              from_status TEXT NOT NULL,
              posted_by TEXT NOT NULL,
              posted_at TEXT NOT NULL
            );
            """)
        }
        m.registerMigration("v17-books") { db in
            try db.execute(sql: """
            -- The books (docs/MONEY.md). A chart of accounts, each account playing at most one
            -- role the postings name (AccountRole); journal entries of balanced lines in integer
            -- minor units of one currency, append-only like the audit log.
            CREATE TABLE account (
              code TEXT PRIMARY KEY,
              name TEXT NOT NULL,
              type TEXT NOT NULL CHECK (type IN ('asset','liability','equity','income','expense')),
              role TEXT UNIQUE
            );
            CREATE TABLE journal_entry (
              id INTEGER PRIMARY KEY,
              at TEXT NOT NULL,
              period TEXT NOT NULL,
              event TEXT NOT NULL,
              documents TEXT NOT NULL,
              currency TEXT NOT NULL,
              actor TEXT NOT NULL,
              memo TEXT NOT NULL,
              reverses INTEGER REFERENCES journal_entry(id)
            );
            CREATE INDEX journal_entry_by_period ON journal_entry(period, id);
            CREATE TABLE journal_line (
              entry_id INTEGER NOT NULL REFERENCES journal_entry(id),
              line_no INTEGER NOT NULL,
              account TEXT NOT NULL REFERENCES account(code),
              debit INTEGER NOT NULL CHECK (debit >= 0),
              credit INTEGER NOT NULL CHECK (credit >= 0),
              location_id INTEGER REFERENCES location(id),
              channel TEXT,
              PRIMARY KEY (entry_id, line_no),
              CHECK (debit = 0 OR credit = 0)
            ) WITHOUT ROWID;
            CREATE INDEX journal_line_by_account ON journal_line(account, entry_id);
            CREATE TRIGGER journal_entry_no_update BEFORE UPDATE ON journal_entry
              BEGIN SELECT RAISE(ABORT, 'journal entries are append-only: post a reversing entry'); END;
            CREATE TRIGGER journal_entry_no_delete BEFORE DELETE ON journal_entry
              BEGIN SELECT RAISE(ABORT, 'journal entries are append-only: post a reversing entry'); END;
            CREATE TRIGGER journal_line_no_update BEFORE UPDATE ON journal_line
              BEGIN SELECT RAISE(ABORT, 'journal entries are append-only: post a reversing entry'); END;
            CREATE TRIGGER journal_line_no_delete BEFORE DELETE ON journal_line
              BEGIN SELECT RAISE(ABORT, 'journal entries are append-only: post a reversing entry'); END;

            -- Each SKU's stock on hand (every location and status) and its value: the moving
            -- weighted average (Domain StockValue).
            CREATE TABLE sku_valuation (
              sku_id INTEGER PRIMARY KEY REFERENCES sku(id),
              quantity INTEGER NOT NULL CHECK (quantity >= 0),
              value INTEGER NOT NULL CHECK (value >= 0)
            );
            -- What each move that changed value was worth, and the entry that posted it.
            CREATE TABLE move_value (
              move_id INTEGER PRIMARY KEY REFERENCES stock_move(id),
              entry_id INTEGER NOT NULL REFERENCES journal_entry(id),
              value INTEGER NOT NULL CHECK (value >= 0)
            );
            CREATE TRIGGER move_value_no_update BEFORE UPDATE ON move_value
              BEGIN SELECT RAISE(ABORT, 'move values are immutable'); END;
            CREATE TRIGGER move_value_no_delete BEFORE DELETE ON move_value
              BEGIN SELECT RAISE(ABORT, 'move values are immutable'); END;
            -- Accounting months closed for posting, in order (qm period close): an entry made
            -- later for a closed month posts in the first open one.
            CREATE TABLE period_close (
              period TEXT PRIMARY KEY,
              closed_at TEXT NOT NULL,
              closed_by TEXT NOT NULL
            );
            -- When the books opened: moves up to opened_after_move are in the opening balance.
            CREATE TABLE books (
              id INTEGER PRIMARY KEY CHECK (id = 1),
              opened_at TEXT NOT NULL,
              opened_after_move INTEGER NOT NULL
            );
            """)
            try Books.open(db)
        }
        m.registerMigration("v18-fifo-layers") { db in
            try db.execute(sql: """
            -- How each SKU's outbound moves are valued (ValuationMethod), and the layers stock
            -- came in by for the FIFO ones, oldest first (seq); their sum is the SKU's valuation.
            ALTER TABLE sku ADD COLUMN valuation TEXT NOT NULL DEFAULT 'average' CHECK (valuation IN ('average','fifo'));
            -- Debts written off (the retail export's "Adjust bad debt" invoices) have an account.
            INSERT OR IGNORE INTO account (code, name, type, role) VALUES ('5500', 'Bad debts', 'expense', 'badDebts');
            CREATE TABLE cost_layer (
              sku_id INTEGER NOT NULL REFERENCES sku(id),
              seq INTEGER NOT NULL,
              quantity INTEGER NOT NULL CHECK (quantity > 0),
              value INTEGER NOT NULL CHECK (value >= 0),
              PRIMARY KEY (sku_id, seq)
            ) WITHOUT ROWID;
            """)
        }
        m.registerMigration("v19-account-mappings") { db in
            try db.execute(sql: """
            -- Roles played for the postings of one channel, location or move reason (docs/MONEY.md,
            -- AccountMap): '' where the mapping names none. account.role stays the role's account
            -- for every posting no mapping names.
            CREATE TABLE account_mapping (
              role TEXT NOT NULL,
              channel TEXT NOT NULL DEFAULT '',
              location TEXT NOT NULL DEFAULT '',
              reason TEXT NOT NULL DEFAULT '',
              account TEXT NOT NULL REFERENCES account(code),
              PRIMARY KEY (role, channel, location, reason)
            ) WITHOUT ROWID;
            """)
        }
        m.registerMigration("v20-first-allocation") { db in
            try db.execute(sql: """
            -- What a line's first allocation allocated (the rest it backordered): the fill rate
            -- (docs/KPIS.md). Set once, by the first write that plans the line; unknown (NULL)
            -- for lines planned before this column or never planned.
            ALTER TABLE order_line ADD COLUMN first_allocated INTEGER CHECK (first_allocated >= 0);
            """)
        }
        m.registerMigration("v21-alerts") { db in
            try db.execute(sql: """
            -- Alert thresholds a rules file set over the shipped defaults (AlertRules); scope ''
            -- is the rule's own threshold, else the queue a queueSLA threshold is for.
            CREATE TABLE alert_rule (
              rule TEXT NOT NULL,
              scope TEXT NOT NULL DEFAULT '',
              threshold INTEGER NOT NULL CHECK (threshold >= 0),
              PRIMARY KEY (rule, scope)
            ) WITHOUT ROWID;
            -- Alerts acknowledged: an alert is derived, so what is kept is who looked at which
            -- one (its key, and since when it held: the same condition coming back is new).
            CREATE TABLE alert_ack (
              key TEXT NOT NULL,
              since TEXT NOT NULL,
              acked_by TEXT NOT NULL,
              acked_at TEXT NOT NULL,
              note TEXT NOT NULL,
              PRIMARY KEY (key, since)
            ) WITHOUT ROWID;
            """)
        }
        // v22-v24 add tables, indexes and triggers and fill them from what is there: checking
        // every foreign key of a large database afterwards (GRDB's default) would take half a
        // minute and prove nothing they changed.
        m.registerMigration("v22-kpi-sums", foreignKeyChecks: .immediate) { db in
            try db.execute(sql: KPISums.schema)
            try db.execute(sql: KPISums.backfill)
        }
        m.registerMigration("v23-stockout-sums", foreignKeyChecks: .immediate) { db in
            try db.execute(sql: KPIStockoutSums.schema)
            try db.execute(sql: KPIStockoutSums.backfill)
        }
        m.registerMigration("v24-shipped-orders", foreignKeyChecks: .immediate) { db in
            try db.execute(sql: KPIShippedOrders.schema)
            try db.execute(sql: KPIShippedOrders.backfill)
            // The sales already shipped, worked out as every write works out those it touches.
            try StoreTransaction(db: db).refreshKeptOrders()
        }
        m.registerMigration("v25-inbound-moves-index", foreignKeyChecks: .immediate) { db in
            try db.execute(sql: """
            -- The moves that brought stock in, per SKU and location, newest last: the aged
            -- inventory reads these and not every move.
            CREATE INDEX stock_move_inbound ON stock_move(sku_id, location_id, id) WHERE from_status IS NULL AND to_status IS NOT NULL;
            """)
        }
        m.registerMigration("v26-oldest-backorder-by-seek", foreignKeyChecks: .immediate) { db in
            try db.execute(sql: KPIStockoutSums.oldestBackorderBySeek)
        }
        m.registerMigration("v27-shipment-moves-index", foreignKeyChecks: .immediate) { db in
            try db.execute(sql: """
            -- An order's shipment moves, per SKU: what its shipped goods cost (the margin kept
            -- for every shipped sale, worked out again as each write ends) reads these, and
            -- through the SKU index it read every shipment of each of its SKUs.
            CREATE INDEX stock_move_shipped ON stock_move(document, sku_id) WHERE reason = 'shipment';
            """)
        }
        m.registerMigration("v28-orders-by-day", foreignKeyChecks: .immediate) { db in
            try db.execute(sql: """
            -- Sales by the day they were ordered, oldest first: the fill rate's drill lists the
            -- first of a window's short orders in this order and stops at its limit (it grouped
            -- and sorted every order of the window, seconds on a million).
            CREATE INDEX sales_order_by_day ON sales_order(kind, ordered_at);
            """)
        }
        return m
    }

    /// v9 grew while it was written: a database that took it early lacks receipts, transfers
    /// and shipping notices, the inspection flag, the sent date and the transfers' part of the
    /// inbound view. They are added here (as v9 now makes them) before anything builds on them;
    /// on a database that has them this changes nothing.
    private static func repairInboundTables(_ db: Database) throws {
        if try !db.columns(in: "purchase_order").contains(where: { $0.name == "sent_at" }) {
            try db.execute(sql: "ALTER TABLE purchase_order ADD COLUMN sent_at TEXT")
        }
        if try !db.columns(in: "sku").contains(where: { $0.name == "inspect_on_receipt" }) {
            try db.execute(sql: "ALTER TABLE sku ADD COLUMN inspect_on_receipt INTEGER NOT NULL DEFAULT 0")
        }
        let hadTransfers = try db.tableExists("transfer")
        try db.execute(sql: """
            -- Goods received against a purchase order: when they arrived, who took them in, and
            -- per line what arrived in which condition and which status it went to.
            CREATE TABLE IF NOT EXISTS receipt (
              id INTEGER PRIMARY KEY,
              po_id INTEGER NOT NULL REFERENCES purchase_order(id),
              arrived_on TEXT NOT NULL,
              received_at TEXT NOT NULL,
              received_by TEXT NOT NULL,
              note TEXT NOT NULL
            );
            CREATE INDEX IF NOT EXISTS receipt_by_order ON receipt(po_id, id);
            CREATE TABLE IF NOT EXISTS receipt_line (
              receipt_id INTEGER NOT NULL REFERENCES receipt(id),
              line_no INTEGER NOT NULL,
              sku_id INTEGER NOT NULL REFERENCES sku(id),
              quantity INTEGER NOT NULL CHECK (quantity > 0),
              condition TEXT NOT NULL CHECK (condition IN ('good','damaged')),
              to_status TEXT NOT NULL CHECK (to_status IN ('sellable','quarantine','damaged')),
              PRIMARY KEY (receipt_id, line_no)
            ) WITHOUT ROWID;

            -- Stock sent between locations: shipped, it waits at an in-transit location and
            -- counts as inbound at its destination until received.
            CREATE TABLE IF NOT EXISTS transfer (
              id INTEGER PRIMARY KEY,
              code TEXT NOT NULL UNIQUE,
              from_location_id INTEGER NOT NULL REFERENCES location(id),
              to_location_id INTEGER NOT NULL REFERENCES location(id),
              via_location_id INTEGER REFERENCES location(id),
              state TEXT NOT NULL CHECK (state IN ('created','shipped','received','cancelled')),
              lead_days INTEGER NOT NULL CHECK (lead_days >= 0),
              expected_date TEXT,
              note TEXT NOT NULL,
              created_at TEXT NOT NULL,
              created_by TEXT NOT NULL,
              state_since TEXT NOT NULL,
              CHECK (from_location_id <> to_location_id)
            );
            CREATE INDEX IF NOT EXISTS transfer_by_state ON transfer(state, id);
            CREATE TABLE IF NOT EXISTS transfer_line (
              transfer_id INTEGER NOT NULL REFERENCES transfer(id),
              line_no INTEGER NOT NULL,
              sku_id INTEGER NOT NULL REFERENCES sku(id),
              quantity INTEGER NOT NULL CHECK (quantity > 0),
              PRIMARY KEY (transfer_id, line_no),
              UNIQUE (transfer_id, sku_id)
            ) WITHOUT ROWID;
            CREATE INDEX IF NOT EXISTS transfer_line_by_sku ON transfer_line(sku_id);

            -- Advance shipping notices: what a supplier says is on its way against which order.
            -- Matched against the order when imported; what does not match is an exception for
            -- the receiving supervisor (asn_exception), never silently accepted.
            CREATE TABLE IF NOT EXISTS asn (
              id INTEGER PRIMARY KEY,
              ref TEXT NOT NULL UNIQUE,
              po_ref TEXT NOT NULL,
              po_id INTEGER REFERENCES purchase_order(id),
              expected_arrival TEXT NOT NULL,
              state TEXT NOT NULL CHECK (state IN ('open','received')),
              source TEXT NOT NULL,
              imported_at TEXT NOT NULL,
              imported_by TEXT NOT NULL
            );
            CREATE INDEX IF NOT EXISTS asn_by_order ON asn(po_id);
            CREATE TABLE IF NOT EXISTS asn_line (
              asn_id INTEGER NOT NULL REFERENCES asn(id),
              line_no INTEGER NOT NULL,
              sku TEXT NOT NULL,
              quantity INTEGER NOT NULL CHECK (quantity > 0),
              PRIMARY KEY (asn_id, line_no),
              UNIQUE (asn_id, sku)
            ) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS asn_exception (
              id INTEGER PRIMARY KEY,
              asn_id INTEGER NOT NULL REFERENCES asn(id),
              sku TEXT,
              problem TEXT NOT NULL,
              raised_at TEXT NOT NULL
            );
            CREATE INDEX IF NOT EXISTS asn_exception_by_asn ON asn_exception(asn_id);
            """)
        guard !hadTransfers else { return }
        try db.execute(sql: """
            DROP VIEW inbound_supply;
            CREATE VIEW inbound_supply AS
              SELECT p.code AS document, l.sku_id AS sku_id, p.location_id AS location_id,
                     l.quantity - l.received AS quantity_open, l.expected_date AS expected_date
              FROM purchase_order_line l JOIN purchase_order p ON p.id = l.po_id
              WHERE l.received < l.quantity AND p.state IN ('approved','sent','partiallyReceived')
              UNION ALL
              SELECT t.code, tl.sku_id, t.to_location_id, tl.quantity, t.expected_date
              FROM transfer_line tl JOIN transfer t ON t.id = tl.transfer_id
              WHERE t.state = 'shipped';
            """)
    }

    /// Open inbound rows from before purchase orders (the demo's) become sent purchase orders
    /// from the SKU's preferred supplier, so the inbound figure stays what it was. A SKU with
    /// none is bought from a supplier named for the purpose. A document keeps its reference;
    /// when its rows need more than one order (another supplier, location or currency, or the
    /// same SKU twice) the others are numbered after it.
    private static func migrateInboundSupply(_ db: Database) throws {
        let rows = try Row.fetchAll(db, sql: """
            SELECT i.document, i.sku_id, i.location_id, i.quantity_open, i.expected_date, s.preferred_supplier_id, s.unit_cost, s.currency
            FROM inbound_supply i JOIN sku s ON s.id = i.sku_id WHERE i.quantity_open > 0 ORDER BY i.document, i.id
            """)
        guard !rows.isEmpty else { return }
        var orders: [String: (id: Int64, skus: Set<Int64>)] = [:]   // by document, supplier and location
        var codes = Set<String>()
        var unrecorded: Int64?
        for row in rows {
            let document: String = row[0], skuID: Int64 = row[1], locationID: Int64 = row[2]
            let supplierID: Int64
            if let preferred: Int64 = row[5] {
                supplierID = preferred
            } else if let id = unrecorded {
                supplierID = id
            } else {
                try db.execute(sql: """
                    INSERT INTO supplier (code, name, lead_mean_days, lead_spread_days, on_time_per_mille)
                    VALUES ('UNRECORDED', 'Supplier not recorded (inbound from before purchase orders)', 0, 0, 0)
                    ON CONFLICT (code) DO NOTHING
                    """)
                supplierID = try Int64.fetchOne(db, sql: "SELECT id FROM supplier WHERE code = 'UNRECORDED'")!
                unrecorded = supplierID
            }
            let currency: String = row[7]
            var n = 1
            var key = "\(document)|\(supplierID)|\(locationID)|\(currency)|1"
            while let existing = orders[key], existing.skus.contains(skuID) {
                n += 1
                key = "\(document)|\(supplierID)|\(locationID)|\(currency)|\(n)"
            }
            if orders[key] == nil {
                var code = document, suffix = 1
                while codes.contains(code) { suffix += 1; code = "\(document)-\(suffix)" }
                codes.insert(code)
                try db.execute(sql: """
                    INSERT INTO purchase_order (code, supplier_id, location_id, currency, state, note, created_at, created_by, state_since, sent_at)
                    VALUES (?, ?, ?, ?, 'sent', 'open inbound from before purchase orders', strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), 'migration',
                            strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
                    """, arguments: [code, supplierID, locationID, currency])
                orders[key] = (db.lastInsertedRowID, [])
            }
            let order = orders[key]!
            try db.execute(sql: """
                INSERT INTO purchase_order_line (po_id, line_no, sku_id, quantity, unit_cost, expected_date)
                VALUES (?, ?, ?, ?, ?, ?)
                """, arguments: [order.id, order.skus.count + 1, skuID, row[3] as Int, row[6] as Int64, row[4] as String])
            orders[key]!.skus.insert(skuID)
        }
    }

    /// The schema number of a migration ("v7-no-replace": 7), as the refusal of a newer
    /// database names it.
    static func schema(_ identifier: String) -> Int {
        Int(identifier.dropFirst().prefix { $0.isNumber }) ?? 0
    }
}
