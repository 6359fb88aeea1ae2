import Foundation
import Crypto
import GRDB

/// The hash chains that make the audit log and the stock ledger tamper-evident. Every row
/// stores `hash`: SHA-256 over the previous row's hash, its own id and its fields (the first
/// row chains from 32 zero bytes). `qm verify` recomputes both chains, so a row changed,
/// deleted or inserted anywhere, even by someone who dropped the triggers, breaks the chain at
/// or just after it. Someone who can write the file can recompute a whole chain; the head
/// `qm verify` prints, noted down elsewhere, shows that too (docs/SECURITY.md).
enum LedgerChain {
    enum Log: String, CaseIterable, Sendable {
        case audit, stockMove = "stock_move"

        /// Its fields in the order they are hashed (after the id).
        var fields: [String] {
            switch self {
            case .audit: ["at", "actor", "role", "command", "entity", "reason", "before", "after"]
            case .stockMove: ["sku_id", "location_id", "from_status", "to_status", "quantity", "reason", "note", "document", "actor", "at"]
            }
        }
        var noun: String { self == .audit ? "audit entry" : "stock move" }
    }

    static let genesis = String(repeating: "0", count: 64)

    /// The next link: the hash of a row with `id` and `fields` (as stored: numbers in decimal,
    /// NULL as nil) following a row whose hash was `previous`.
    static func link(after previous: String, id: Int64, _ fields: [String?]) -> String {
        var hasher = SHA256()
        // Each value tagged and length-prefixed, so no two rows encode alike.
        func put(_ text: String?) {
            guard var text else { hasher.update(data: [0]); return }
            text.withUTF8 { bytes in
                let n = UInt32(truncatingIfNeeded: bytes.count)
                hasher.update(data: [1, UInt8(n >> 24), UInt8(truncatingIfNeeded: n >> 16), UInt8(truncatingIfNeeded: n >> 8),
                                     UInt8(truncatingIfNeeded: n)])
                hasher.update(bufferPointer: UnsafeRawBufferPointer(bytes))
            }
        }
        put(previous)
        put(String(id))
        fields.forEach(put)
        return hex(hasher.finalize())
    }

    /// Lower-case hex, two digits a byte.
    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for b in bytes { out.append(digits[Int(b >> 4)]); out.append(digits[Int(b & 0x0F)]) }
        return String(decoding: out, as: UTF8.self)
    }

    /// Where a write transaction's chains end: read once, then advanced by each row it writes
    /// (only this transaction writes while it holds the lock).
    final class Heads {
        private var heads: [Log: (id: Int64, hash: String)] = [:]

        func head(_ db: Database, _ log: Log) throws -> (id: Int64, hash: String) {
            if let head = heads[log] { return head }
            let head = try LedgerChain.head(db, log)
            heads[log] = head
            return head
        }

        func advance(_ log: Log, to id: Int64, hash: String) { heads[log] = (id, hash) }
    }

    /// The last row of a log: its id and hash (0 and the genesis before the first row).
    static func head(_ db: Database, _ log: Log) throws -> (id: Int64, hash: String) {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT id, hash FROM \(log.rawValue) ORDER BY id DESC LIMIT 1")) else {
            return (0, genesis)
        }
        return (row[0], row[1] ?? genesis)
    }

    /// Walks a log in id order recomputing every link; the first row whose stored hash is not
    /// the one its content and its predecessor give, or nil when the chain holds.
    static func firstBreak(_ db: Database, _ log: Log) throws -> (id: Int64, rows: Int, head: String)? {
        let cursor = try Row.fetchCursor(db, sql: "SELECT id, hash, \(log.fields.joined(separator: ", ")) FROM \(log.rawValue) ORDER BY id")
        var previous = genesis, rows = 0
        while let row = try cursor.next() {
            let id: Int64 = row[0]
            let stored: String? = row[1]
            let expected = link(after: previous, id: id, (2..<row.count).map { text(row[$0]) })
            guard stored == expected else { return (id, rows, previous) }
            previous = expected
            rows += 1
        }
        return nil
    }

    /// A stored value as the chain hashes it.
    static func text(_ value: DatabaseValue) -> String? {
        switch value.storage {
        case .null: nil
        case .int64(let n): String(n)
        case .double(let d): String(d)
        case .string(let s): s
        case .blob(let b): hex(b)
        }
    }

    /// The whole log's rows and its last hash, when the chain holds.
    static func summary(_ db: Database, _ log: Log) throws -> (rows: Int, head: String) {
        let head = try head(db, log)
        let rows = try Int.fetchOne(db, sql: "SELECT count(*) FROM \(log.rawValue)") ?? 0
        return (rows, head.hash)
    }

    /// Hashes every row of a log written before the chain existed, in id order (migration v8).
    static func backfill(_ db: Database, _ log: Log) throws {
        var previous = genesis, after: Int64 = 0
        while true {
            let rows = try Row.fetchAll(db, sql: "SELECT id, \(log.fields.joined(separator: ", ")) FROM \(log.rawValue) WHERE id > ? ORDER BY id LIMIT 10000",
                                        arguments: [after])
            guard let last = rows.last else { return }
            let update = try db.makeStatement(sql: "UPDATE \(log.rawValue) SET hash = ? WHERE id = ?")
            for row in rows {
                let id: Int64 = row[0]
                previous = link(after: previous, id: id, (1..<row.count).map { text(row[$0]) })
                try update.execute(arguments: [previous, id])
            }
            after = last[0]
        }
    }
}

/// A chain's length and last link, as `qm verify` reports it.
public struct ChainHead: Sendable, Equatable {
    /// "audit" or "stock_move".
    public var log: String
    public var rows: Int
    public var hash: String
}

extension StoreReading {
    /// Where each hash chain breaks, phrased for `qm verify` (empty when both hold).
    public func chainViolations() throws -> [String] {
        try LedgerChain.Log.allCases.compactMap { log in
            guard let broken = try LedgerChain.firstBreak(db, log) else { return nil }
            return "the \(log.noun) chain breaks at \(log.noun) \(broken.id), after \(broken.rows) intact: that row, or one just before it, was changed, deleted or inserted outside qm"
        }
    }

    /// Each chain's length and last hash: noted down elsewhere, they show a chain later rewritten whole.
    public func chainHeads() throws -> [ChainHead] {
        try LedgerChain.Log.allCases.map { log in
            let summary = try LedgerChain.summary(db, log)
            return ChainHead(log: log.rawValue, rows: summary.rows, hash: summary.head)
        }
    }
}
