import Foundation
import Domain
import Operations

/// The accounts file `qm accounts import` reads (docs/MONEY.md): `code,name,type,role`, and
/// `channel,location,reason` to map a role for those postings only.
public enum AccountsFile {
    static let required = ["code"]
    static let optional = ["name", "type", "role", "channel", "location", "reason"]

    /// Every row checked (a code; a name and a type together or neither; known types and
    /// roles); a file with any bad row throws, listing them all by line.
    public static func parse(path: String) throws(ImportFileError) -> [ImportRow<AccountChange>] {
        var table = try HeaderedCSV.open(path: path, required: required, optional: optional)
        return try table.parse(change)
    }

    private static func change(_ row: inout RowContext) -> AccountChange? {
        let code = row.code("code")
        let name = row.optional("name"), typeText = row.optional("type")
        var type: AccountType?
        if let typeText {
            type = AccountType(parsing: typeText)
            if type == nil { row.fail("type \(RowContext.quote(typeText)) is not one of \(AccountType.spellings).") }
        }
        if (name == nil) != (typeText == nil) {
            row.fail("an account needs both a name and a type (or neither, to map a role to an account of the chart).")
        }
        var role: AccountRole?
        if let roleText = row.optional("role") {
            role = AccountRole(parsing: roleText)
            if role == nil { row.fail("role \(RowContext.quote(roleText)) is not one of \(AccountRole.spellings).") }
        }
        if name == nil && typeText == nil && row.optional("role") == nil { row.fail("the row says nothing: give a name and a type, or a role.") }
        let channel = row.optional("channel"), location = row.optional("location")
        var reason: MoveReason?
        if let reasonText = row.optional("reason") {
            reason = MoveReason(parsing: reasonText)
            if reason == nil { row.fail("reason \(RowContext.quote(reasonText)) is not a stock move reason (\(MoveReason.spellings)).") }
        }
        if row.optional("role") == nil && (channel != nil || location != nil || row.optional("reason") != nil) {
            row.fail("a channel, location or reason says which postings a role is mapped for: give the role.")
        }
        guard let code, typeText == nil || type != nil, row.optional("role") == nil || role != nil,
              row.optional("reason") == nil || reason != nil else { return nil }
        return AccountChange(code: code, name: name, type: type, role: role, channel: channel, location: location, reason: reason)
    }
}
