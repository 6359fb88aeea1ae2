import Foundation
import Domain
import Store

/// Settings (`qm setting`): values an admin may change, read by the rules that use them.
extension Operations {
    public func settings() throws(OperationError) -> Settings { try read { try $0.settings() } }

    /// Changes a setting (admins), saying why; the value is stored in its normal spelling.
    @discardableResult
    public func changeSetting(_ key: SettingKey, to text: String, reason: String, by actor: Actor) throws(OperationError) -> String {
        try Self.requireReason(reason)
        return try perform(.changeSetting, by: actor) { tx, actor in
            let value = try key.normalise(text)
            var settings = try tx.settings()
            let before = settings.value(key)
            settings.stored[key] = value
            try settings.validate()
            try tx.setSetting(key, value: value, by: actor.name, at: now)
            try tx.append(AuditEntry(actor: actor.name, role: actor.role, command: Command.changeSetting.rawValue,
                                     entity: "setting:\(key.rawValue)", reason: reason, before: before, after: value), at: now)
            return value
        }
    }
}
