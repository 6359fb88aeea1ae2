import Foundation
import Domain
import Store

/// A parsed input row and the file line it came from, so errors can name the line.
public struct ImportRow<Value: Sendable>: Sendable {
    public var line: Int
    public var value: Value
    public init(line: Int, value: Value) { self.line = line; self.value = value }
}

/// A SKU with its per-channel listings and, for kits, its components.
public struct SKURecord: Sendable, Equatable {
    public var sku: SKU
    public var listings: [ChannelListing]
    public var components: [KitComponent]
    public init(sku: SKU, listings: [ChannelListing] = [], components: [KitComponent] = []) {
        self.sku = sku; self.listings = listings; self.components = components
    }
}

/// The absolute quantity of a SKU in one status at one location, as a stock file states it.
public struct StockLevel: Sendable, Equatable {
    public var sku: String
    public var location: String
    public var status: StockStatus
    public var quantity: Int
    public init(sku: String, location: String, status: StockStatus, quantity: Int) {
        self.sku = sku; self.location = location; self.status = status; self.quantity = quantity
    }
}

/// Called now and then with (rows checked so far, rows in all) during a long import; the
/// total is 0 when it is not known (a file read as it is imported).
public typealias ImportProgress = (_ done: Int, _ total: Int) -> Void

/// Hands an import its rows one at a time (a file parsed as it is read); a throw rolls the
/// import back.
public typealias ImportProducer<Value: Sendable> = (_ deliver: (ImportRow<Value>) throws -> Void) throws -> Void

public struct ImportSummary: Sendable, Equatable, Codable {
    public var created = 0
    public var updated = 0
    public var unchanged = 0
    public var moves = 0
    public init() {}
}

/// Imports: every row is checked inside one transaction, and the first bad row (named by its
/// line) rolls the whole file back. Records equal to what is stored are left alone, so
/// re-importing a file changes nothing. A key may come once per import: a second row with it
/// is refused, naming the first one's line.
///
/// Each import takes its rows as an array or from a producer that hands them over one at a
/// time; the second keeps one row in memory however long the file (its keys wait in a
/// temporary table).
extension Operations {
    public func importSuppliers(_ rows: [ImportRow<Supplier>], source: String, by actor: Actor, progress: ImportProgress? = nil) throws(OperationError) -> ImportSummary {
        try importSuppliers(source: source, by: actor, progress: progress, produce: Self.each(rows))
    }

    public func importSuppliers(source: String, by actor: Actor, progress: ImportProgress? = nil,
                                produce: ImportProducer<Supplier>) throws(OperationError) -> ImportSummary {
        try upsertEach(kind: "suppliers", source: source, by: actor, progress: progress, produce: produce,
                       key: { "supplier \($0.code)" }, entity: { "supplier:\($0.code)" }, validate: { try $0.validate() },
                       stored: { tx, s in try tx.supplier(s.code) }, write: { tx, s in try tx.upsert(s) })
    }

    public func importLocations(_ rows: [ImportRow<Location>], source: String, by actor: Actor, progress: ImportProgress? = nil) throws(OperationError) -> ImportSummary {
        try importLocations(source: source, by: actor, progress: progress, produce: Self.each(rows))
    }

    public func importLocations(source: String, by actor: Actor, progress: ImportProgress? = nil,
                                produce: ImportProducer<Location>) throws(OperationError) -> ImportSummary {
        try upsertEach(kind: "locations", source: source, by: actor, progress: progress, produce: produce,
                       key: { "location \($0.code)" }, entity: { "location:\($0.code)" }, validate: { try $0.validate() },
                       stored: { tx, l in try tx.location(l.code) }, write: { tx, l in try tx.upsert(l) })
    }

    public func importSKUs(_ rows: [ImportRow<SKURecord>], source: String, by actor: Actor, progress: ImportProgress? = nil) throws(OperationError) -> ImportSummary {
        try importSKUs(source: source, by: actor, progress: progress, produce: Self.each(rows))
    }

    public func importSKUs(source: String, by actor: Actor, progress: ImportProgress? = nil,
                           produce: ImportProducer<SKURecord>) throws(OperationError) -> ImportSummary {
        try perform(.importMasterData, by: actor) { tx, actor in
            var summary = ImportSummary()
            // Kits whose components changed; few, and kept until every SKU of the file is in.
            var kits: [ImportRow<SKURecord>] = []
            try forEachRow(produce, progress, in: tx, key: { "SKU \($0.sku.code)" }) { row in
                let record = row.value
                try record.sku.validate()
                if !record.components.isEmpty && !record.sku.isKit {
                    throw OperationError("SKU \(record.sku.code) lists components but is not marked as a kit.")
                }
                let before = try tx.sku(record.sku.code)
                let beforeListings = before == nil ? [] : try tx.channelListings(sku: record.sku.code)
                let beforeComponents = before == nil ? [] : try tx.kitComponents(kit: record.sku.code)
                if before == record.sku, beforeListings == record.listings.sorted(by: { $0.channel < $1.channel }),
                   beforeComponents == record.components.sorted(by: { $0.component < $1.component }) {
                    summary.unchanged += 1; return
                }
                if let before, !before.isKit, record.sku.isKit {
                    if try tx.hasStock(sku: record.sku.code) {
                        throw OperationError("SKU \(record.sku.code) holds stock and cannot become a kit.")
                    }
                    if try tx.isKitComponent(sku: record.sku.code) {
                        throw OperationError("SKU \(record.sku.code) is a component of a kit and cannot become a kit itself.")
                    }
                }
                let id = try tx.upsert(record.sku)
                try tx.setListings(sku: id, record.listings)
                // A SKU that stops being a kit keeps no bill of materials.
                if !record.sku.isKit && !beforeComponents.isEmpty { try tx.setComponents(kit: id, []) }
                if record.sku.isKit { kits.append(row) }
                if before == nil { summary.created += 1 } else {
                    summary.updated += 1
                    try auditUpdate(tx, actor, entity: "sku:\(record.sku.code)", source: source, before: before, after: record.sku)
                }
            }
            // Components second, so a kit may name a SKU defined further down the file.
            for row in kits {
                try atLine(row.line) {
                    var parts: [(componentID: Int64, quantity: Int)] = []
                    for c in row.value.components {
                        try Limits.check(c.quantity, in: Limits.kitComponentQuantity, "kit \(row.value.sku.code): component \(c.component) quantity")
                        guard let cid = try tx.skuID(c.component) else {
                            throw OperationError("kit \(row.value.sku.code): component \(c.component) is not a known SKU.")
                        }
                        if try tx.sku(c.component)?.isKit == true {
                            throw OperationError("kit \(row.value.sku.code): component \(c.component) is itself a kit; nest kits by their components.")
                        }
                        parts.append((cid, c.quantity))
                    }
                    try tx.setComponents(kit: tx.skuID(row.value.sku.code)!, parts)
                }
            }
            try auditBatch(tx, actor, .importMasterData, kind: "skus", source: source, summary: summary)
            return summary
        }
    }

    public func importStock(_ rows: [ImportRow<StockLevel>], source: String, by actor: Actor, progress: ImportProgress? = nil) throws(OperationError) -> ImportSummary {
        try importStock(source: source, by: actor, progress: progress, produce: Self.each(rows))
    }

    /// Sets absolute quantities; the difference to what is stored becomes stock moves, each
    /// audited like any other. Reserved stock can't be imported: it follows reservations.
    public func importStock(source: String, by actor: Actor, progress: ImportProgress? = nil,
                            produce: ImportProducer<StockLevel>) throws(OperationError) -> ImportSummary {
        try perform(.importStock, by: actor) { tx, actor in
            var summary = ImportSummary()
            try forEachRow(produce, progress, in: tx, key: { "\($0.sku) at \($0.location) \($0.status.spelling)" }) { row in
                let level = row.value
                try Self.refuseReserved(level.status, verb: "import")
                guard (0...StockMove.maxQuantity).contains(level.quantity) else {
                    throw OperationError("quantity must be between 0 and \(StockMove.maxQuantity), got \(level.quantity).")
                }
                let (skuID, locationID) = try ids(sku: level.sku, location: level.location, in: tx)
                let current = try tx.position(skuID: skuID, locationID: locationID)[level.status]
                let delta = level.quantity - current
                guard delta != 0 else { summary.unchanged += 1; return }
                let move = StockMove(sku: level.sku, location: level.location, from: delta < 0 ? level.status : nil,
                                     to: delta > 0 ? level.status : nil, quantity: abs(delta),
                                     reason: .importOpening, note: "import \(source)", document: source)
                _ = try apply([move], in: tx, actor: actor, command: .importStock, reason: "import of \(source)")
                summary.moves += 1
                if current == 0 { summary.created += 1 } else { summary.updated += 1 }
            }
            try auditBatch(tx, actor, .importStock, kind: "stock", source: source, summary: summary)
            return summary
        }
    }

    /// Adds a location to a channel's stock pool.
    public func addToPool(channel: String, location: String, by actor: Actor) throws(OperationError) {
        try perform(.editChannelPool, by: actor) { tx, actor in
            guard let id = try tx.locationID(location) else { throw OperationError("Unknown location \(location).") }
            try tx.addToPool(channel: channel, locationID: id)
            try tx.append(AuditEntry(actor: actor.name, role: actor.role, command: Command.editChannelPool.rawValue, entity: "pool:\(channel)",
                                     reason: "\(location) serves \(channel)", after: location), at: now)
        }
    }

    // MARK: Helpers

    /// A master-data import of records stored whole: each row is checked, compared with what
    /// is stored under its key, and written only when it differs; updates are audited with
    /// before and after, and the batch once.
    private func upsertEach<Record: Equatable & Encodable & Sendable>(
        kind: String, source: String, by actor: Actor, progress: ImportProgress?, produce: ImportProducer<Record>,
        key: @escaping (Record) -> String, entity: (Record) -> String, validate: (Record) throws -> Void,
        stored: (StoreTransaction, Record) throws -> Record?, write: (StoreTransaction, Record) throws -> Void
    ) throws(OperationError) -> ImportSummary {
        try perform(.importMasterData, by: actor) { tx, actor in
            var summary = ImportSummary()
            try forEachRow(produce, progress, in: tx, key: key) { row in
                try validate(row.value)
                let before = try stored(tx, row.value)
                if before == row.value { summary.unchanged += 1; return }
                try write(tx, row.value)
                if before == nil { summary.created += 1 } else {
                    summary.updated += 1
                    try auditUpdate(tx, actor, entity: entity(row.value), source: source, before: before, after: row.value)
                }
            }
            try auditBatch(tx, actor, .importMasterData, kind: kind, source: source, summary: summary)
            return summary
        }
    }

    /// An array's rows as a producer (the array form of each import).
    static func each<Value>(_ rows: [ImportRow<Value>]) -> ImportProducer<Value> {
        { deliver in for row in rows { try deliver(row) } }
    }

    /// Runs `body` for each row `produce` hands over, after refusing a key already seen in
    /// this import (`key` names the record, as messages do), naming the row's line in any
    /// error; reports progress every thousand rows.
    func forEachRow<Value>(_ produce: ImportProducer<Value>, _ progress: ImportProgress?, in tx: StoreTransaction,
                                   key: @escaping (Value) -> String, _ body: (ImportRow<Value>) throws -> Void) throws {
        try withoutActuallyEscaping(body) { body in try tx.asImport {
            try tx.startImportKeys()
            var count = 0
            try produce { row in
                if count % 1_000 == 0 { progress?(count, 0) }
                count += 1
                try atLine(row.line) {
                    let name = key(row.value)
                    if let first = try tx.importKeySeen(name, line: row.line) {
                        throw OperationError("\(name) is already on line \(first); each may appear only once.")
                    }
                    try body(row)
                }
            }
            progress?(count, count)
        } }
    }

    func atLine(_ line: Int, _ body: () throws -> Void) throws {
        do { try body() } catch {
            throw OperationError("line \(line): \(OperationError.wrap(error).message)")
        }
    }

    private func auditUpdate<T: Encodable>(_ tx: StoreTransaction, _ actor: Actor, entity: String, source: String,
                                           before: T?, after: T) throws {
        try tx.append(AuditEntry(actor: actor.name, role: actor.role, command: Command.importMasterData.rawValue,
                                 entity: entity, reason: "updated by import of \(source)",
                                 before: AuditJSON.encode(before), after: AuditJSON.encode(after)), at: now)
    }

    func auditBatch(_ tx: StoreTransaction, _ actor: Actor, _ command: Command, kind: String, source: String,
                            summary: ImportSummary) throws {
        guard summary.created + summary.updated + summary.moves > 0 else { return }
        try tx.append(AuditEntry(actor: actor.name, role: actor.role, command: command.rawValue, entity: "import:\(source)",
                                 reason: "import of \(kind) from \(source)", after: AuditJSON.encode(summary)), at: now)
    }
}
