import Foundation
import Domain
import Store

extension Operations {
    /// The acting user: the OS user, or `--as NAME` when the OS user is an admin.
    /// Read-only commands may run as an unregistered user (a viewer); changes need a registered one.
    public func resolveActor(osUser: String, requested: String?) throws(OperationError) -> Actor {
        let me = try read { try $0.user(osUser) }
        guard let requested, requested != osUser else {
            return Actor(name: osUser, role: me?.role ?? .viewer)
        }
        guard me?.role == .admin else {
            throw OperationError("--as \(requested) is refused: only an admin may act as another user, and \(osUser) is \(me.map { $0.role.rawValue } ?? "not a registered user").")
        }
        guard let other = try read({ try $0.user(requested) }) else {
            throw OperationError("--as \(requested): no such user; add one with `qm user add \(requested) --role ROLE`.")
        }
        return Actor(name: other.name, role: other.role)
    }

    /// Registers a new user. An existing one is refused (`setRole` changes a role), so a typo
    /// never silently changes someone's rights.
    public func addUser(name: String, role: Role, by actor: Actor) throws(OperationError) {
        guard SKU.isValidCode(name) else {
            throw OperationError("User name '\(name)' must be 1-40 letters, digits, '-', '_', '.' or '/'.")
        }
        try perform(.addUser, by: actor) { tx, actor in
            if let existing = try tx.user(name) {
                throw OperationError("User \(name) already exists (\(existing.role.words)); change a role with `qm user set-role \(name) ROLE`.")
            }
            try tx.addUser(name: name, role: role, by: actor.name, at: now)
            try tx.append(AuditEntry(actor: actor.name, role: actor.role, command: Command.addUser.rawValue,
                                     entity: "user:\(name)", reason: "new user", after: #"{"role":"\#(role.rawValue)"}"#), at: now)
        }
    }

    /// Changes a user's role; returns the role before (equal to `role` when nothing changed).
    @discardableResult
    public func setRole(name: String, role: Role, by actor: Actor) throws(OperationError) -> Role {
        try perform(.addUser, by: actor) { tx, actor in
            guard let before = try tx.user(name) else {
                throw OperationError("No user \(name); add one with `qm user add \(name) --role ROLE`.")
            }
            if before.role == role { return role }
            if before.role == .admin, try tx.users().filter({ $0.role == .admin }).count == 1 {
                throw OperationError("\(name) is the last admin; make someone else admin first.")
            }
            try tx.addUser(name: name, role: role, by: actor.name, at: now)
            try tx.append(AuditEntry(actor: actor.name, role: actor.role, command: Command.addUser.rawValue,
                                     entity: "user:\(name)", reason: "role change",
                                     before: #"{"role":"\#(before.role.rawValue)"}"#, after: #"{"role":"\#(role.rawValue)"}"#), at: now)
            return before.role
        }
    }

    /// Removes a user: they act as an unregistered user (a viewer) from then on. Their name
    /// stays on everything they did. The last admin, and yourself, cannot be removed.
    public func removeUser(name: String, by actor: Actor) throws(OperationError) {
        try perform(.addUser, by: actor) { tx, actor in
            guard let before = try tx.user(name) else { throw OperationError("No user \(name) to remove.") }
            if name == actor.name { throw OperationError("You cannot remove yourself; another admin can.") }
            if before.role == .admin, try tx.users().filter({ $0.role == .admin }).count == 1 {
                throw OperationError("\(name) is the last admin; make someone else admin first.")
            }
            try tx.removeUser(name: name)
            try tx.append(AuditEntry(actor: actor.name, role: actor.role, command: Command.addUser.rawValue,
                                     entity: "user:\(name)", reason: "user removed",
                                     before: #"{"role":"\#(before.role.rawValue)"}"#, after: nil), at: now)
        }
    }

    /// On a database with no users, makes `osUser` its admin (the person who ran `qm init`).
    /// Does nothing when users exist already.
    @discardableResult
    public func bootstrap(osUser: String) throws(OperationError) -> Bool {
        do {
            return try store.write { tx in
                guard try tx.userCount() == 0 else { return false }
                let at = now
                try tx.addUser(name: osUser, role: .admin, by: osUser, at: at)
                try tx.append(AuditEntry(actor: osUser, role: .admin, command: Command.initDatabase.rawValue,
                                         entity: "user:\(osUser)", reason: "database initialised; first user is admin",
                                         after: #"{"role":"admin"}"#), at: at)
                return true
            }
        } catch { throw OperationError.wrap(error) }
    }
}
