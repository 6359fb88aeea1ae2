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
        return m
    }
}
