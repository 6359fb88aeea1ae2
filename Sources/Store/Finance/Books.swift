import Foundation
import GRDB
import Domain

/// Opening the books on a database (migration v17): the default chart, each SKU's stock
/// valued at its unit cost, and per currency one opening entry (inventory by location
/// against opening balance equity). Moves before this point are in the opening balance.
enum Books {
    static func open(_ db: Database) throws {
        for (role, account) in DefaultChart.accounts {
            try db.execute(sql: "INSERT INTO account (code, name, type, role) VALUES (?, ?, ?, ?)",
                           arguments: [account.code, account.name, account.type.rawValue, role.rawValue])
        }
        let at = Timestamp.string(Date())
        let lastMove = try Int64.fetchOne(db, sql: "SELECT coalesce(max(id), 0) FROM stock_move") ?? 0
        try db.execute(sql: "INSERT INTO books (id, opened_at, opened_after_move) VALUES (1, ?, ?)", arguments: [at, lastMove])
        let onHand = "p.sellable + p.reserved + p.quarantine + p.damaged + p.return_pending"
        try db.execute(sql: """
            INSERT INTO sku_valuation (sku_id, quantity, value)
            SELECT p.sku_id, sum(\(onHand)), sum(\(onHand)) * s.unit_cost FROM stock_position p JOIN sku s ON s.id = p.sku_id
            GROUP BY p.sku_id HAVING sum(\(onHand)) > 0
            """)
        let inventory = DefaultChart.accounts.first { $0.role == .inventory }!.account.code
        let opening = DefaultChart.accounts.first { $0.role == .openingBalance }!.account.code
        let byLocation = try Row.fetchAll(db, sql: """
            SELECT s.currency, p.location_id, sum((\(onHand)) * s.unit_cost) FROM stock_position p JOIN sku s ON s.id = p.sku_id
            GROUP BY s.currency, p.location_id HAVING sum((\(onHand)) * s.unit_cost) > 0 ORDER BY s.currency, p.location_id
            """)
        for (currency, rows) in Dictionary(grouping: byLocation, by: { $0[0] as String }).sorted(by: { $0.key < $1.key }) {
            try db.execute(sql: """
                INSERT INTO journal_entry (at, period, event, documents, currency, actor, memo)
                VALUES (?, ?, 'books.open', '["opening balance"]', ?, 'system', 'stock on hand at SKU unit cost when the books opened')
                """, arguments: [at, String(at.prefix(7)), currency])
            let entry = db.lastInsertedRowID
            var total: Int64 = 0
            for (i, row) in rows.enumerated() {
                let value: Int64 = row[2]
                total += value
                try db.execute(sql: "INSERT INTO journal_line (entry_id, line_no, account, debit, credit, location_id) VALUES (?, ?, ?, ?, 0, ?)",
                               arguments: [entry, i + 1, inventory, value, row[1] as Int64])
            }
            try db.execute(sql: "INSERT INTO journal_line (entry_id, line_no, account, debit, credit) VALUES (?, ?, ?, 0, ?)",
                           arguments: [entry, rows.count + 1, opening, total])
        }
    }

    /// A FIFO SKU's layers, oldest first.
    static func layers(of skuID: Int64, _ db: Database) throws -> [StockValue] {
        try Row.fetchAll(db.cachedStatement(sql: "SELECT quantity, value FROM cost_layer WHERE sku_id = ? ORDER BY seq"), arguments: [skuID])
            .map { StockValue(quantity: $0[0], value: $0[1]) }
    }

    static func replaceLayers(of skuID: Int64, with layers: CostLayers, _ db: Database) throws {
        try db.cachedStatement(sql: "DELETE FROM cost_layer WHERE sku_id = ?").execute(arguments: [skuID])
        for (i, layer) in layers.layers.enumerated() where layer.quantity > 0 {
            try db.cachedStatement(sql: "INSERT INTO cost_layer (sku_id, seq, quantity, value) VALUES (?, ?, ?, ?)")
                .execute(arguments: [skuID, i + 1, layer.quantity, layer.value])
        }
    }
}
