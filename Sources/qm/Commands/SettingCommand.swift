import ArgumentParser
import Foundation
import Domain
import Operations

struct SettingCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "setting", abstract: "Settings: list them, or change one (admins).",
                                                    subcommands: [List.self, Set.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Every setting, its value and what it decides.")
        @OptionGroup var global: GlobalOptions
        @Option var format: OutputFormat = .table

        func run() throws {
            let (ops, _) = try global.open()
            let settings = try CLI.run { try ops.settings() }
            emit(Listing(columns: ["key", "value", "default", "meaning"],
                         rows: SettingKey.allCases.map { [$0.rawValue, settings.value($0), $0.defaultValue, $0.meaning] }).render(format))
        }
    }

    struct Set: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Change a setting, saying why.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "\(SettingKey.spellings)") var key: String
        @Argument var value: String
        @Option(help: "Why (required).") var reason: String

        func run() throws {
            let key = parseOption(key, "setting", SettingKey.init(parsing:), spellings: SettingKey.spellings)
            let (ops, actor) = try global.open()
            let stored = try CLI.run { try ops.changeSetting(key, to: value, reason: reason, by: actor) }
            emit("\(key.rawValue) = \(stored)\n")
        }
    }
}
