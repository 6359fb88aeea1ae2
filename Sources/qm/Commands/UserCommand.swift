import ArgumentParser
import Foundation
import Domain
import Operations

struct UserCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "user", abstract: "Users and their roles (changes: admins only).",
                                                    subcommands: [Add.self, SetRole.self, Remove.self, List.self])

    static func role(_ text: String) -> Role {
        parseOption(text, "ROLE", Role.init(parsing:), spellings: Role.spellings)
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a user; an existing one is refused (see set-role).")
        @OptionGroup var global: GlobalOptions
        @Argument var name: String
        @Option(help: "\(Role.spellings)") var role: String

        func run() throws {
            let parsed = UserCommand.role(role)
            let (ops, actor) = try global.open()
            try CLI.run { try ops.addUser(name: name, role: parsed, by: actor) }
            emit("\(name) added as \(parsed.rawValue).\n")
        }
    }

    struct SetRole: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "set-role", abstract: "Change a user's role.")
        @OptionGroup var global: GlobalOptions
        @Argument var name: String
        @Argument(help: "\(Role.spellings)") var role: String

        func run() throws {
            let parsed = UserCommand.role(role)
            let (ops, actor) = try global.open()
            let before = try CLI.run { try ops.setRole(name: name, role: parsed, by: actor) }
            emit(before == parsed ? "\(name) is already \(parsed.rawValue); nothing changed.\n"
                                  : "\(name): \(before.rawValue) → \(parsed.rawValue).\n")
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove a user (they may still read, as a viewer; their name stays on what they did).")
        @OptionGroup var global: GlobalOptions
        @Argument var name: String

        func run() throws {
            let (ops, actor) = try global.open()
            try CLI.run { try ops.removeUser(name: name, by: actor) }
            emit("\(name) removed.\n")
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
