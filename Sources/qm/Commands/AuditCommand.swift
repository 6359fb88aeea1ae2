import ArgumentParser
import Foundation
import Domain
import Store
import Operations

struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "audit", abstract: "The audit log, newest first.")
    @OptionGroup var global: GlobalOptions
    @Option(help: "Only this entity, e.g. stock:QM10001@WH-UK-N, sku:QM10001, user:sam.") var entity: String?
    @Option var limit = 50
    @Option var format: OutputFormat = .table

    func run() throws {
        let (ops, _) = try global.open()
        let rows = try CLI.run { try ops.read { try $0.auditEntries(entity: entity, limit: limit) } }
        if format == .json {
            // Before and after are JSON documents themselves: nested as such, null when absent.
            func document(_ text: String?) -> Any {
                guard let text else { return NSNull() }
                return (try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])) ?? text
            }
            emit(JSON.string(rows.map { row -> [String: Any] in
                ["id": row.id, "at": row.at, "actor": row.actor, "role": row.role, "command": row.command,
                 "entity": row.entity, "reason": row.reason, "before": document(row.before), "after": document(row.after)]
            }))
            return
        }
        emit(Listing(columns: ["id", "at", "actor", "role", "command", "entity", "reason", "before", "after"],
                     rows: rows.map { [String($0.id), $0.at, $0.actor, $0.role, $0.command, $0.entity, $0.reason, $0.before ?? "", $0.after ?? ""] },
                     numeric: ["id"]).render(format))
    }
}

struct UserCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "user", abstract: "Users and their roles.", subcommands: [Add.self, List.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a user or change their role (admins only).")
        @OptionGroup var global: GlobalOptions
        @Argument var name: String
        @Option(help: "\(Role.spellings)") var role: String

        func run() throws {
            guard let parsed = Role(parsing: role) else {
                CLI.fail(OperationError("--role \(role) is not a role; use one of \(Role.spellings)."))
            }
            let (ops, actor) = try global.open()
            try CLI.run { try ops.addUser(name: name, role: parsed, by: actor) }
            emit("\(name) is \(parsed.rawValue).\n")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List users.")
        @OptionGroup var global: GlobalOptions
        @Option var format: OutputFormat = .table

        func run() throws {
            let (ops, _) = try global.open()
            let users = try CLI.run { try ops.read { try $0.users() } }
            emit(Listing(columns: ["name", "role", "created", "by"],
                         rows: users.map { [$0.name, $0.role.rawValue, $0.createdAt, $0.createdBy] }).render(format))
        }
    }
}
