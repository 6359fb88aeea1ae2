import Foundation
import Operations
import Console
import TerminalKit

/// Opens the real terminal, runs the console until quit, and always gives the terminal back.
enum ConsoleLauncher {
    static func run(ops: Operations, actor: Actor, themeName: String?, notice: String?, pane: Pane = .stock,
                    exitAfterFirstFrame: Bool = false) throws {
        let name = themeName ?? ProcessInfo.processInfo.environment["QM_THEME"].flatMap { $0.isEmpty ? nil : $0 } ?? "default"
        let theme = try CLI.run { try Theme.load(named: name, searchPaths: Theme.standardSearchPaths()) }
        let services = ConsoleServices(ops: ops, actor: actor)
        let locations = try CLI.run { try services.locationCodes() }
        if let reason = NcursesBackend.unusableTerminal(ProcessInfo.processInfo.environment) { CLI.fail(OperationError(reason)) }
        let backend: NcursesBackend
        do { backend = try NcursesBackend(theme: theme) } catch { CLI.fail(OperationError(error.message)) }
        defer { backend.shutdown() }
        var state = ConsoleState(width: backend.size.width, height: backend.size.height, user: actor.name, role: actor.role,
                                 databasePath: ops.store.path, locations: locations, notice: notice)
        state.pane = pane
        // The benchmark's "process start to first frame": stop once rows are on screen.
        ConsoleRuntime(backend: backend, services: services, state: state).run { exitAfterFirstFrame && $0.hasFirstScreenful }
    }
}
