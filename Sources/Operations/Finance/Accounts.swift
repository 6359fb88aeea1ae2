import Foundation
import Domain
import Store

/// What an accounts import did.
public struct AccountsImportOutcome: Sendable, Equatable, Codable {
    public var added = 0
    public var changed = 0
    public var rolesMapped = 0
}

extension Operations {
    /// Changes the chart of accounts from a file's rows, all or nothing: accounts added or
    /// renamed, roles mapped to accounts (for every posting, or for a channel's, a location's
    /// or a move reason's). Every problem of every row is listed by line: a code or a mapping
    /// given twice, a role mapped to an account that is nowhere, a mapping by something the
    /// role's postings do not carry or to a location that is not one, an account with postings
    /// changing its type.
    public func importAccounts(_ rows: [ImportRow<AccountChange>], source: String, by actor: Actor) throws(OperationError) -> AccountsImportOutcome {
        for row in rows {
            if let name = row.value.name { try Self.refuseUnsafeText(name, what: "account name on line \(row.line)") }
            if let channel = row.value.channel { try Self.refuseUnsafeText(channel, what: "channel on line \(row.line)") }
        }
        return try perform(.importAccounts, by: actor) { tx, actor in
            let chart = Dictionary(uniqueKeysWithValues: try tx.accounts().map { ($0.account.code, $0) })
            let mapped = Dictionary(try tx.accountMappings().map { (MappingKey($0), $0.account) }, uniquingKeysWith: { first, _ in first })
            var problems: [String] = []
            var accountLine: [String: Int] = [:], roleLine: [AccountRole: (line: Int, code: String)] = [:]
            var mappingLine: [MappingKey: Int] = [:]
            for row in rows {
                let c = row.value
                if c.type != nil {
                    if let first = accountLine[c.code] { problems.append("line \(row.line): account \(c.code) is on line \(first) already.") }
                    accountLine[c.code] = accountLine[c.code] ?? row.line
                    if let old = chart[c.code], let type = c.type, old.account.type != type, try tx.accountHasPostings(c.code) {
                        problems.append("line \(row.line): account \(c.code) has postings as \(old.account.type.rawValue); it cannot become \(type.rawValue).")
                    }
                }
                if let mapping = c.mapping {
                    let stray = mapping.qualifiers.subtracting(mapping.role.qualifiers)
                    if !stray.isEmpty {
                        let carried = mapping.role.qualifiers.map(\.rawValue).sorted()
                        problems.append("line \(row.line): postings to \(mapping.role.rawValue) carry no "
                                        + stray.map(\.rawValue).sorted().joined(separator: " or ") + ", so that mapping would never apply ("
                                        + (carried.isEmpty ? "\(mapping.role.rawValue) is one account for everything" : "it maps by " + carried.joined(separator: " and "))
                                        + ").")
                    }
                    if let location = mapping.location, try tx.locationID(location) == nil {
                        problems.append("line \(row.line): location \(location) is not a location (qm location list shows them).")
                    }
                    if let first = mappingLine[MappingKey(mapping)] {
                        problems.append("line \(row.line): that mapping of \(mapping.role.rawValue) is on line \(first) already.")
                    }
                    mappingLine[MappingKey(mapping)] = mappingLine[MappingKey(mapping)] ?? row.line
                } else if let role = c.role {
                    // Verify holds the inventory account to the stock's value: its balance cannot be left behind.
                    if role == .inventory, let held = chart.values.first(where: { $0.role == .inventory })?.account.code, held != c.code,
                       try tx.accountHasPostings(held) {
                        problems.append("line \(row.line): inventory posts to \(held), which holds postings: the role stays with it (rename the account instead).")
                    }
                    if let first = roleLine[role] {
                        problems.append("line \(row.line): role \(role.rawValue) is given to \(first.code) on line \(first.line) already.")
                    }
                    roleLine[role] = roleLine[role] ?? (row.line, c.code)
                }
            }
            for row in rows where row.value.type == nil && chart[row.value.code] == nil && accountLine[row.value.code] == nil {
                problems.append("line \(row.line): role \(row.value.role?.rawValue ?? "") maps to account \(row.value.code), which is neither in the chart nor in this file.")
            }
            guard problems.isEmpty else {
                throw OperationError("\(source): nothing was imported:\n" + problems.map { "  " + $0 }.joined(separator: "\n"))
            }
            var outcome = AccountsImportOutcome()
            for row in rows {
                let c = row.value
                if let name = c.name, let type = c.type {
                    let account = Account(code: c.code, name: name, type: type)
                    if let old = chart[c.code] { if old.account != account { outcome.changed += 1 } } else { outcome.added += 1 }
                    try tx.upsertAccount(account)
                }
            }
            for row in rows {
                if let mapping = row.value.mapping {
                    if mapped[MappingKey(mapping)] != mapping.account { outcome.rolesMapped += 1 }
                    try tx.map(mapping)
                } else if let role = row.value.role {
                    if chart[row.value.code]?.role != role { outcome.rolesMapped += 1 }
                    try tx.mapRole(role, to: row.value.code)
                }
            }
            try tx.append(AuditEntry(actor: actor.name, role: actor.role, command: Command.importAccounts.rawValue, entity: "accounts",
                                     reason: "imported from \(source): \(outcome.added) added, \(outcome.changed) changed, \(outcome.rolesMapped) roles mapped",
                                     after: AuditJSON.encode(rows.map(\.value))), at: now)
            return outcome
        }
    }
}

/// A mapping's role and qualifiers: what two rows may not both map.
private struct MappingKey: Hashable {
    var role: AccountRole, channel: String?, location: String?, reason: MoveReason?
    init(_ m: AccountMapping) { role = m.role; channel = m.channel; location = m.location; reason = m.reason }
}

extension Operations {
    /// Values a SKU's outbound moves by `method` from now on (docs/MONEY.md): turning FIFO on
    /// makes one layer of its stock as valued now; turning it off keeps the value and drops
    /// the layers. Nothing posts: the value of the stock does not change.
    public func setValuationMethod(sku code: String, _ method: ValuationMethod, reason: String, by actor: Actor) throws(OperationError) {
        try Self.requireReason(reason)
        try perform(.setValuationMethod, by: actor) { tx, actor in
            guard let id = try tx.skuID(code) else { throw OperationError("Unknown SKU \(code).") }
            try refuseKit(code, in: tx)
            let before = try tx.setValuationMethod(skuID: id, method)
            guard before != method else { throw OperationError("\(code) is valued by \(method.rawValue) already.") }
            try tx.append(AuditEntry(actor: actor.name, role: actor.role, command: Command.setValuationMethod.rawValue, entity: "sku:\(code)",
                                     reason: "valued by \(method.rawValue) from now on: \(reason)", before: before.rawValue, after: method.rawValue),
                          at: now)
        }
    }
}
