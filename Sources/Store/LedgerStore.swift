import Foundation
import GRDB
import Synchronization
import Domain

/// A storage failure phrased for a person (the path, the constraint, the reason).
public struct StoreError: Error, Sendable, CustomStringConvertible {
    /// A write waited 10 s for another process's write lock and gave up.
    public static let busy = "The database stayed busy: another process held its write lock for 10 s; nothing was changed, try again."
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// The SQLite database behind Quartermaster: WAL, foreign keys, a busy timeout so that
/// several terminals can share it; GRDB writes take the lock up front (BEGIN IMMEDIATE).
public final class LedgerStore: Sendable {
    public let path: String
    /// The writer's pool. Opened with the store; or, when another process held the write lock
    /// at that moment, at the first write (opening a pool writes, and reads must not wait).
    /// Always nil when this user may only read the file.
    private let pool: Mutex<DatabasePool?>
    private let writerConfiguration: Configuration?
    /// Where reads go; nil for a user who may only read the file, whose every read opens its
    /// own read-only connection (an immutable one must not outlive a change its owner makes).
    let reader: (any DatabaseReader)?
    /// The file is not writable by this user: reads work, changes are refused, and nothing is
    /// created beside the file (`readOnlyConnection`).
    public var isReadOnly: Bool { writerConfiguration == nil }

    /// Opens (and migrates) the database at `path`. With `create: false` a missing file is
    /// an error naming the path rather than a silently created empty database. `whileWaiting`
    /// is called once a write has waited a second for another process's lock (it waits 10 s).
    public init(path: String, create: Bool, whileWaiting: (@Sendable () -> Void)? = nil) throws {
        self.path = path
        let exists = FileManager.default.fileExists(atPath: path)
        if !create && !exists {
            throw StoreError("No database at \(path): run `qm init` or `qm demo` first, or pass --db.")
        }
        let writable = !exists || access(path, W_OK) == 0
        // Read once: what the file is, and whether it has every migration this qm knows.
        let applied = exists ? try Self.checkIsOurs(path, orEmptyFor: create, writable: writable) : []
        let upToDate = Migrations.migrator.migrations.allSatisfy(applied.contains)
        guard writable else {
            guard upToDate else { throw Self.needsUpgrade(path) }
            pool = Mutex(nil)
            (writerConfiguration, reader) = (nil, nil)
            return
        }
        var config = Self.waitingConfiguration(whileWaiting: whileWaiting)
        config.foreignKeysEnabled = true
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            // The one writer touches many indexes per order (moves, reservations, allocations,
            // lines, audit): a 64 MB page cache keeps them in memory instead of re-reading
            // pages from the OS. Readers keep SQLite's small default, so consoles stay lean.
            // Checkpoint every 40 MB of WAL rather than 4 MB: bulk work (imports, allocation
            // runs) then pays for far fewer fsyncs.
            if !db.configuration.readonly {
                try db.execute(sql: "PRAGMA cache_size = \(-LedgerStore.writerCacheKB)")
                try db.execute(sql: "PRAGMA wal_autocheckpoint = 10000")
            }
        }
        writerConfiguration = config
        if exists, upToDate, Self.writeLockIsHeld(path), let connection = try? Self.readOnlyConnection(path, writable: true) {
            // Another process is writing and opening a pool now would wait for it (below): read
            // through a read-only connection, and open the pool at the first write.
            pool = Mutex(nil)
            reader = connection
            return
        }
        do {
            let pool = try DatabasePool(path: path, configuration: config)
            // Migrating takes the write lock even when there is nothing to do: only when needed.
            if !upToDate { try Migrations.migrator.migrate(pool) }
            self.pool = Mutex(pool)
            reader = pool
        } catch let error as DatabaseError where [.SQLITE_BUSY, .SQLITE_LOCKED].contains(error.resultCode) && exists {
            // Another process has held the write lock for 10 s (an open pool writes when the
            // WAL is empty). Reads go on through a read-only connection; a write opens the pool
            // then, and waits for the lock as any write does.
            guard upToDate, let connection = try? Self.readOnlyConnection(path, writable: true) else { throw StoreError(StoreError.busy) }
            pool = Mutex(nil)
            reader = connection
        } catch let error as DatabaseError {
            throw StoreError("Cannot open the database at \(path): \(error.message ?? error.description).")
        }
    }

    /// Whether opening a pool now would wait for another process's write lock. GRDB writes
    /// when it opens a pool on an empty WAL (so that reads find one), so only then is it asked,
    /// once and without waiting.
    static func writeLockIsHeld(_ path: String) -> Bool {
        let wal = (try? FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? NSNumber)?.intValue ?? 0
        guard wal == 0 else { return false }
        var config = Configuration()
        config.busyMode = .immediateError
        guard let probe = try? DatabaseQueue(path: path, configuration: config) else { return false }
        do {
            try probe.inDatabase { try $0.execute(sql: "BEGIN IMMEDIATE; ROLLBACK") }
            return false
        } catch {
            return true
        }
    }

    /// The writer's pool, opened now if the store could not open it at first.
    private func writerPool() throws -> DatabasePool {
        guard let config = writerConfiguration else { throw StoreError(readOnlyRefusal) }
        return try pool.withLock { pool in
            if let pool { return pool }
            let opened = try DatabasePool(path: path, configuration: config)
            pool = opened
            return opened
        }
    }

    /// A connection that reads and never creates a file beside the database. For its writer,
    /// an ordinary read-only one. For a user who may not write the file, creating the -wal
    /// and -shm files would leave files the owner cannot write (locking the owner out), so:
    /// with the writer's -wal and -shm present it reads through them (`mode=ro`); without them
    /// (no writer is running) it reads the file as it is (`immutable`).
    static func readOnlyConnection(_ path: String, writable: Bool) throws -> DatabaseQueue {
        let config = waitingConfiguration(readonly: true)
        // Without URI filenames (a SQLite built without USE_URI) the modes cannot be asked for:
        // an ordinary read-only connection is the best there is.
        guard !writable, sqliteTakesURIs else { return try DatabaseQueue(path: path, configuration: config) }
        let fm = FileManager.default
        let live = fm.fileExists(atPath: path + "-wal") && fm.fileExists(atPath: path + "-shm")
        // An absolute path after "file://", so a path starting "//" is not read as a host.
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        let escaped = absolute.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? absolute
        return try DatabaseQueue(path: "file://\(escaped)?\(live ? "mode=ro" : "immutable=1")", configuration: config)
    }

    /// Whether this SQLite reads "file:" names as URIs (built with USE_URI), asked once.
    static let sqliteTakesURIs: Bool = {
        guard let options = try? DatabaseQueue().read({ try String.fetchAll($0, sql: "PRAGMA compile_options") }) else { return false }
        return options.contains("USE_URI")
    }()

    /// The writer's page cache, KB (see `prepareDatabase` above).
    static let writerCacheKB = 65_536
    /// The writer's page cache while an import runs, KB (`StoreTransaction.asImport`).
    static let importCacheKB = 24_576

    /// A reader cannot upgrade a database: one that needs it waits for someone who may write.
    static func needsUpgrade(_ path: String) -> StoreError {
        StoreError("\(path) needs an upgrade to schema \(Migrations.schema(Migrations.migrator.migrations.last ?? "")) that only "
                   + "someone who may write it can make (run any qm command as its owner); you may only read it.")
    }

    /// Why a change is refused when the file is read-only for this user.
    var readOnlyRefusal: String {
        "\(path) is read-only for you: you may look, but not change anything (its owner or a member of its group with write access can)."
    }

    /// Wait up to 10 s for a lock, polling every millisecond. SQLite's own timeout sleeps up to
    /// 100 ms between tries, so a terminal waiting to place one hold keeps losing the lock to
    /// an allocation run that commits chunk after chunk.
    static func waitingConfiguration(readonly: Bool = false, whileWaiting: (@Sendable () -> Void)? = nil) -> Configuration {
        var config = Configuration()
        config.readonly = readonly
        config.busyMode = .callback { tries in
            guard tries < 10_000 else { return false }
            if tries == 1_000 { whileWaiting?() }
            usleep(1_000)
            return true
        }
        return config
    }

    /// Refuses, before anything is written to it, a file that is not a qm database (unless it
    /// is empty and `create` asks for one) or was made by a newer qm (its migrations are not
    /// all ours: opening it would write with rules that no longer hold).
    /// Returns the migrations it has (none for an empty file that `create` may make one).
    static func checkIsOurs(_ path: String, orEmptyFor create: Bool, writable: Bool) throws -> [String] {
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0
        if size == 0 {
            if create { return [] }
            throw StoreError("\(path) is an empty file, not a qm database: run `qm init --db \(path)` to make it one.")
        }
        let applied: [String]
        do {
            applied = try readOnlyConnection(path, writable: writable).read { db in
                try db.tableExists("grdb_migrations") ? try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations") : []
            }
        } catch let error as DatabaseError {
            throw StoreError("\(path) is not a qm database (\(error.message ?? error.description)).")
        }
        if applied.isEmpty {
            if create && (try? Self.isEmptySQLite(path)) == true { return [] }
            throw StoreError("\(path) is not a qm database (it has no qm tables); nothing was changed.")
        }
        let known = Migrations.migrator.migrations
        if let newer = applied.filter({ !known.contains($0) }).max(by: { Migrations.schema($0) < Migrations.schema($1) }) {
            throw StoreError("\(path) was made by a newer qm (schema \(Migrations.schema(newer))); this qm knows up to schema "
                             + "\(Migrations.schema(known.last ?? "")). Use the newer qm; nothing was changed.")
        }
        return applied
    }

    /// A SQLite file with no tables at all (what `sqlite3 FILE` leaves behind).
    static func isEmptySQLite(_ path: String) throws -> Bool {
        try readOnlyConnection(path, writable: true).read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master") == 0
        }
    }

    /// One short write transaction. Everything in `body` commits together or not at all.
    /// Package-wide: outside the package, state changes go through Operations.
    package func write<T>(_ body: (StoreTransaction) throws -> T) throws -> T {
        do {
            return try writerPool().write { db in
                let tx = StoreTransaction(db: db)
                let result = try body(tx)
                // What the work did to the books, in the same transaction; then the KPIs' rows
                // of the orders it touched, from the moves' values the books just wrote.
                try tx.books.post(db)
                try tx.refreshKeptOrders()
                return result
            }
        } catch let error as DatabaseError {
            throw StoreError(Self.explain(error))
        }
    }

    /// A consistent snapshot for reading.
    public func read<T>(_ body: (StoreReader) throws -> T) throws -> T {
        do {
            let connection = try reader ?? Self.readOnlyConnection(path, writable: false)
            return try connection.read { db in try body(StoreReader(db: db)) }
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
        guard !isReadOnly else { return }
        try writerPool().writeWithoutTransaction { db in _ = try db.checkpoint(.truncate) }
    }

    static func explain(_ error: DatabaseError) -> String {
        switch error.resultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return StoreError.busy
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
