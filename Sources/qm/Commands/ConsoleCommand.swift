import ArgumentParser
import Foundation
import Operations
import Console

struct ConsoleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "console", abstract: "Open the console (the default).")
    @OptionGroup var global: GlobalOptions
    @Option(help: "Theme: default, high-contrast, mono, or or NAME.theme from ~/.config/qm/themes (default: $QM_THEME).")
    var theme: String?
    @Option(help: "Open on this pane: \(Pane.names) (default: your role's: orders for customer service and supervisors, backorders for planners, else stock).")
    var pane: String?

    @Flag(help: .hidden) var exitAfterFirstFrame = false

    func run() throws {
        let chosen = self.pane.map { name in
            guard let pane = Pane(name: name) else { CLI.fail(OperationError("--pane \(name) is not a pane; use one of \(Pane.names).")) }
            return pane
        }
        var notice: String?
        if !FileManager.default.fileExists(atPath: global.databasePath) {
            FileHandle.standardError.write(Data("No database yet: creating a demo one at \(global.databasePath) ...\n".utf8))
            _ = try DemoCommand.create(at: global, skus: 2_000, locations: 8, seed: 42)
            notice = "Created a demo database at \(global.databasePath)"
        }
        let (ops, actor) = try global.open(noticeWaits: false)
        try ConsoleLauncher.run(ops: ops, actor: actor, themeName: theme, notice: notice, pane: chosen ?? Pane.home(for: actor.role),
                                exitAfterFirstFrame: exitAfterFirstFrame)
    }
}
