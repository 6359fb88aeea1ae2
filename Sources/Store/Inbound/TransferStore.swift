import GRDB
import Domain

/// A stored transfer: the Domain record with its number, in-transit location and history.
public struct TransferRecord: Sendable, Equatable {
    public var id: Int64
    public var transfer: Transfer
    /// The in-transit location its goods wait at once shipped.
    public var via: String?
    public var createdAt: String
    public var createdBy: String
    public var stateSince: String
}

extension StoreReading {
    public func transfer(_ code: String) throws -> TransferRecord? {
        try transfers(where: "t.code = ?", [code], limit: 1).first
    }

    public func transferCount(state: TransferState?) throws -> Int {
        try Int.fetchOne(db, sql: "SELECT count(*) FROM transfer WHERE ?1 IS NULL OR state = ?1", arguments: [state?.rawValue]) ?? 0
    }

    /// Transfers, oldest first, optionally of one state.
    public func transfers(state: TransferState?, limit: Int?) throws -> [TransferRecord] {
        if let state { return try transfers(where: "t.state = ?", [state.rawValue], limit: limit) }
        return try transfers(where: "1 = 1", [], limit: limit)
    }

    private func transfers(where clause: String, _ arguments: [any DatabaseValueConvertible], limit: Int?) throws -> [TransferRecord] {
        let headers = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT t.id, t.code, f.code, d.code, v.code, t.state, t.lead_days, t.expected_date, t.note, t.created_at, t.created_by, t.state_since
            FROM transfer t JOIN location f ON f.id = t.from_location_id JOIN location d ON d.id = t.to_location_id
            LEFT JOIN location v ON v.id = t.via_location_id
            WHERE \(clause) ORDER BY t.id LIMIT ?
            """), arguments: StatementArguments(arguments + [limit ?? -1]))
        return try headers.map { h in
            let id: Int64 = h[0]
            let lines = try Row.fetchAll(db.cachedStatement(sql: """
                SELECT s.code, l.quantity FROM transfer_line l JOIN sku s ON s.id = l.sku_id WHERE l.transfer_id = ? ORDER BY l.line_no
                """), arguments: [id]).map { Transfer.Line(sku: $0[0], quantity: $0[1]) }
            let transfer = Transfer(code: h[1], from: h[2], to: h[3], state: TransferState(rawValue: h[5]) ?? .created, leadDays: h[6],
                                    expectedDate: h[7], note: h[8], lines: lines)
            return TransferRecord(id: id, transfer: transfer, via: h[4], createdAt: h[9], createdBy: h[10], stateSince: h[11])
        }
    }

    /// The location goods in transit wait at: the first in-transit location by code.
    public func inTransitLocation() throws -> String? {
        try String.fetchOne(db.cachedStatement(sql: "SELECT code FROM location WHERE kind = 'in-transit' ORDER BY code LIMIT 1"))
    }
}

extension StoreTransaction {
    /// A reference no transfer has: TR- and the next number.
    public func nextTransferCode() throws -> String {
        var n = (try Int64.fetchOne(db, sql: "SELECT coalesce(max(id), 0) + 1 FROM transfer") ?? 1)
        while try Int.fetchOne(db, sql: "SELECT 1 FROM transfer WHERE code = ?", arguments: ["TR-\(n)"]) != nil { n += 1 }
        return "TR-\(n)"
    }

    public func insertTransfer(_ t: Transfer, fromID: Int64, toID: Int64, skuIDs: [Int64], by actor: String, at: String) throws -> Int64 {
        try db.cachedStatement(sql: """
            INSERT INTO transfer (code, from_location_id, to_location_id, state, lead_days, note, created_at, created_by, state_since)
            VALUES (?, ?, ?, 'created', ?, ?, ?, ?, ?)
            """).execute(arguments: [t.code, fromID, toID, t.leadDays, t.note, at, actor, at])
        let id = db.lastInsertedRowID
        for (i, line) in t.lines.enumerated() {
            try db.cachedStatement(sql: "INSERT INTO transfer_line (transfer_id, line_no, sku_id, quantity) VALUES (?, ?, ?, ?)")
                .execute(arguments: [id, i + 1, skuIDs[i], line.quantity])
        }
        return id
    }

    /// Moves a transfer to `state`; shipping records where it waits and when it is expected.
    public func setTransferState(_ id: Int64, _ state: TransferState, via: Int64? = nil, expectedDate: String? = nil, at: String) throws {
        try db.cachedStatement(sql: """
            UPDATE transfer SET state = ?, state_since = ?, via_location_id = coalesce(?, via_location_id),
              expected_date = coalesce(?, expected_date) WHERE id = ?
            """).execute(arguments: [state.rawValue, at, via, expectedDate, id])
    }

    /// Adds (`sign` 1) or takes away (-1) the transfer's quantities from its destination's
    /// inbound figure: when it ships and when it arrives.
    public func shiftTransferInbound(_ id: Int64, sign: Int) throws {
        try db.cachedStatement(sql: """
            INSERT INTO stock_position (sku_id, location_id)
            SELECT l.sku_id, t.to_location_id FROM transfer_line l JOIN transfer t ON t.id = l.transfer_id WHERE l.transfer_id = ?
            ON CONFLICT DO NOTHING
            """).execute(arguments: [id])
        try db.cachedStatement(sql: """
            UPDATE stock_position SET inbound = inbound + ? * o.quantity
            FROM (SELECT l.sku_id, t.to_location_id AS location_id, l.quantity FROM transfer_line l JOIN transfer t ON t.id = l.transfer_id
                  WHERE l.transfer_id = ?) AS o
            WHERE stock_position.sku_id = o.sku_id AND stock_position.location_id = o.location_id
            """).execute(arguments: [sign, id])
    }
}
