import Foundation
import GRDB
import Domain

/// A storage failure phrased for a person (the path, the constraint, the reason).
public struct StoreError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// The SQLite database behind Quartermaster: WAL, foreign keys, a busy timeout so that
/// several terminals can share it; GRDB writes take the lock up front (BEGIN IMMEDIATE).
public final class LedgerStore: Sendable {
    public let path: String
    let pool: DatabasePool

    /// Opens (and migrates) the database at `path`. With `create: false` a missing file is
    /// an error naming the path rather than a silently created empty database.
    public init(path: String, create: Bool) throws {
        self.path = path
        if !create && !FileManager.default.fileExists(atPath: path) {
            throw StoreError("No database at \(path): run `qm init` or `qm demo` first, or pass --db.")
        }
        if FileManager.default.fileExists(atPath: path) { try Self.checkIsOurs(path, orEmptyFor: create) }
        var config = Self.waitingConfiguration()
        config.foreignKeysEnabled = true
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            // The one writer touches many indexes per order (moves, reservations, allocations,
            // lines, audit): a 64 MB page cache keeps them in memory instead of re-reading
            // pages from the OS. Readers keep SQLite's small default, so consoles stay lean.
            // Checkpoint every 40 MB of WAL rather than 4 MB: bulk work (imports, allocation
            // runs) then pays for far fewer fsyncs.
            if !db.configuration.readonly {
                try db.execute(sql: "PRAGMA cache_size = -65536")
                try db.execute(sql: "PRAGMA wal_autocheckpoint = 10000")
            }
        }
        do {
            pool = try DatabasePool(path: path, configuration: config)
            try Migrations.migrator.migrate(pool)
        } catch let error as DatabaseError {
            throw StoreError("Cannot open the database at \(path): \(error.message ?? error.description).")
        }
    }

    /// Wait up to 10 s for a lock, polling every millisecond. SQLite's own timeout sleeps up to
    /// 100 ms between tries, so a terminal waiting to place one hold keeps losing the lock to
    /// an allocation run that commits chunk after chunk.
    static func waitingConfiguration(readonly: Bool = false) -> Configuration {
        var config = Configuration()
        config.readonly = readonly
        config.busyMode = .callback { tries in
            guard tries < 10_000 else { return false }
            usleep(1_000)
            return true
        }
        return config
    }

    /// Refuses, before anything is written to it, a file that is not a qm database (unless it
    /// is empty and `create` asks for one) or was made by a newer qm (its migrations are not
    /// all ours: opening it would write with rules that no longer hold).
    static func checkIsOurs(_ path: String, orEmptyFor create: Bool) throws {
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0
        if size == 0 {
            if create { return }
            throw StoreError("\(path) is an empty file, not a qm database: run `qm init --db \(path)` to make it one.")
        }
        let config = Self.waitingConfiguration(readonly: true)
        let applied: [String]
        do {
            applied = try DatabaseQueue(path: path, configuration: config).read { db in
                try db.tableExists("grdb_migrations") ? try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations") : []
            }
        } catch let error as DatabaseError {
            throw StoreError("\(path) is not a qm database (\(error.message ?? error.description)).")
        }
        if applied.isEmpty {
            if create && (try? Self.isEmptySQLite(path)) == true { return }
            throw StoreError("\(path) is not a qm database (it has no qm tables); nothing was changed.")
        }
        let known = Migrations.migrator.migrations
        if let newer = applied.filter({ !known.contains($0) }).max(by: { Migrations.schema($0) < Migrations.schema($1) }) {
            throw StoreError("\(path) was made by a newer qm (schema \(Migrations.schema(newer))); this qm knows up to schema "
                             + "\(Migrations.schema(known.last ?? "")). Use the newer qm; nothing was changed.")
        }
    }

    /// A SQLite file with no tables at all (what `sqlite3 FILE` leaves behind).
    static func isEmptySQLite(_ path: String) throws -> Bool {
        try DatabaseQueue(path: path, configuration: waitingConfiguration(readonly: true)).read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master") == 0
        }
    }

    /// One short write transaction. Everything in `body` commits together or not at all.
    /// Package-wide: outside the package, state changes go through Operations.
    package func write<T>(_ body: (StoreTransaction) throws -> T) throws -> T {
        do {
            return try pool.write { db in try body(StoreTransaction(db: db)) }
        } catch let error as DatabaseError {
            throw StoreError(Self.explain(error))
        }
    }

    /// A consistent snapshot for reading.
    public func read<T>(_ body: (StoreReader) throws -> T) throws -> T {
        do {
            return try pool.read { db in try body(StoreReader(db: db)) }
        } catch let error as DatabaseError {
            throw StoreError(Self.explain(error))
        }
    }

    /// Bytes on disk, main file plus WAL.
    public func sizeOnDisk() -> Int64 {
        let fm = FileManager.default
        return [path, path + "-wal"].reduce(Int64(0)) { total, file in
            total + ((try? fm.attributesOfItem(atPath: file)[.size] as? NSNumber)?.int64Value ?? 0)
        }
    }

    /// Folds the WAL back into the main file (after bulk loads).
    public func checkpoint() throws {
        try pool.writeWithoutTransaction { db in _ = try db.checkpoint(.truncate) }
    }

    static func explain(_ error: DatabaseError) -> String {
        switch error.resultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return "The database is busy (another process holds the write lock for too long); nothing was changed, try again."
        case .SQLITE_CONSTRAINT:
            return "The database refused the change (\(error.message ?? "constraint failed")); nothing was changed."
        default:
            return "Database error: \(error.message ?? error.description)."
        }
    }
}

/// ISO-8601 UTC timestamps, the one text form of time in the database.
public enum Timestamp {
    public static func string(_ date: Date) -> String {
        date.ISO8601Format()
    }
}
