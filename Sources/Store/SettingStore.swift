import GRDB
import Domain

extension StoreReading {
    /// The settings an admin has changed; the rest take their defaults.
    public func settings() throws -> Settings {
        var stored: [SettingKey: String] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT key, value FROM setting") {
            if let key = SettingKey(rawValue: row[0]) { stored[key] = row[1] }
        }
        return Settings(stored: stored)
    }
}

extension StoreTransaction {
    public func setSetting(_ key: SettingKey, value: String, by actor: String, at: String) throws {
        try db.execute(sql: """
            INSERT INTO setting (key, value, changed_at, changed_by) VALUES (?, ?, ?, ?)
            ON CONFLICT (key) DO UPDATE SET value = excluded.value, changed_at = excluded.changed_at, changed_by = excluded.changed_by
            """, arguments: [key.rawValue, value, at, actor])
    }
}
