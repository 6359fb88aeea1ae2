import ArgumentParser
import Foundation
import Domain
import Operations

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "init", abstract: "Create an empty database; you become its admin.")
    @OptionGroup var global: GlobalOptions

    func run() throws {
        let (ops, _) = try global.open(create: true)
        let created = try CLI.run { try ops.bootstrap(osUser: CLI.osUser) }
        emit(created ? "Created \(global.databasePath); \(CLI.osUser) is its admin.\n"
                     : "\(global.databasePath) is already initialised; nothing changed.\n")
    }
}

struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "demo", abstract: "Create a deterministic demo: locations, suppliers, SKUs, kits, stock and orders in every state.")
    @OptionGroup var global: GlobalOptions
    @Option(parsing: .unconditional, help: "Number of SKUs.", transform: WholeNumber.any("--skus")) var skus = 2_000
    @Option(parsing: .unconditional, help: "Number of locations (warehouses, a 3PL, stores, in-transit).",
            transform: WholeNumber.any("--locations")) var locations = 8
    @Option(help: "Random seed: the same seed builds the same database.") var seed: UInt64 = 42
    @Option(help: "Number of sales orders (0 to 1,000,000).") var orders = DemoCommand.defaultOrders
    static let defaultOrders = DemoBuilder.defaultOrders

    func run() throws {
        if FileManager.default.fileExists(atPath: global.databasePath) {
            CLI.fail(OperationError("\(global.databasePath) already exists; demo data goes into a new database (choose another --db or remove it)."))
        }
        let started = Date()
        let outcome = try DemoCommand.create(at: global, skus: skus, locations: locations, seed: seed, orders: orders)
        let seconds = Date().timeIntervalSince(started)
        emit("Demo database \(global.databasePath): \(outcome.skus) SKUs, \(outcome.locations) locations, "
             + "\(outcome.positions) stock positions, \(outcome.moves) moves, \(outcome.reservations) reservations, "
             + "\(outcome.inbound) inbound lines on \(outcome.purchaseOrders) purchase orders, \(outcome.shippingNotices) shipping notices, \(outcome.transfers) transfers, \(outcome.orders) orders in \(String(format: "%.1f", seconds)) s.\n")
        if !outcome.ordersByState.isEmpty {
            emit("Orders by state: " + OrderState.allCases.compactMap { s in outcome.ordersByState[s].map { "\(s.rawValue) \($0)" } }
                .joined(separator: ", ") + ".\n")
        }
    }

    /// Builds the demo in `PATH.partial` and renames it into place only when complete, so an
    /// interrupted or failed demo never leaves a half-made database at PATH.
    static func create(at global: GlobalOptions, skus: Int, locations: Int, seed: UInt64,
                       orders: Int = defaultOrders) throws -> DemoBuilder.Outcome {
        let builder = DemoBuilder(skus: skus, locations: locations, seed: seed, orders: orders)
        try CLI.run { try builder.validate() }
        let final = global.databasePath
        var partial = global
        partial.db = final + ".partial"
        let fm = FileManager.default
        func removePartial() { for suffix in ["", "-wal", "-shm"] { try? fm.removeItem(atPath: partial.databasePath + suffix) } }
        removePartial()
        // A journal left beside a missing database would be replayed into the new one.
        for suffix in ["-wal", "-shm"] { try? fm.removeItem(atPath: final + suffix) }
        let outcome = try CLI.run {
            do {
                let (ops, _) = try partial.open(create: true)
                try ops.bootstrap(osUser: CLI.osUser)
                let admin = try ops.resolveActor(osUser: CLI.osUser, requested: nil)
                let outcome = try builder.build(into: ops, admin: admin, progress: { CLI.progress($0, $1, $2) })
                try ops.checkpoint()
                return outcome
            } catch {
                removePartial()
                throw error
            }
        }
        // The store is closed here (its last reference is gone), so the file is complete.
        try CLI.run { try fm.moveItem(atPath: partial.databasePath, toPath: final) }
        removePartial()
        return outcome
    }
}
