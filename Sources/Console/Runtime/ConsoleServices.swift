import Foundation
import Domain
import Store
import Operations

/// Performs effects against the database. Reads go through read snapshots, changes through
/// Operations (so roles and audit apply exactly as on the command line).
public struct ConsoleServices: Sendable {
    public let ops: Operations
    public let actor: Actor
    /// "Now" for the ages shown (time in state, on hold, on backorder); tests fix it.
    public let clock: @Sendable () -> Date

    public init(ops: Operations, actor: Actor, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.ops = ops; self.actor = actor; self.clock = clock
    }

    public func perform(_ effect: ConsoleEffect) -> ConsoleEvent? {
        do {
            switch effect {
            case .pane(let effect): return try effect.base.perform(self)
            case .loadLocations: return .locationsLoaded(try locationCodes())
            case .run(let command): return try run(command)
            case .quit: return nil
            }
        } catch {
            return .failed((error as? OperationError)?.message ?? String(describing: error))
        }
    }

    public func lastAuditID() -> Int64? { try? ops.read { try $0.lastAuditID() } }

    public func locationCodes() throws -> [String] { try ops.read { try $0.locations().map(\.code) } }

    func run(_ command: ConsoleCommand) throws -> ConsoleEvent {
        switch command {
        case let .stock(change):
            return .commandFinished(StockWords.done(change, try ops.perform(change, by: actor)))
        case let .hold(orders, reason, note):
            return .actionFinished(OrderWords.report("held", ops.apply(.hold(reason, note: note), to: orders, by: actor)))
        case let .release(request):
            return .actionFinished(release(request))
        case let .cancel(request):
            return .actionFinished(cancel(request))
        case let .allocate(orders, policy):
            return .actionFinished(allocate(orders, policy: policy))
        case let .reallocateBackorders(sku):
            // Oldest backorder first: the order the lines have waited in.
            var seen: Set<Int64> = []
            let orders = try ops.read { try $0.backorderLines(sku: sku, limit: 100_000) }.map(\.orderID).filter { seen.insert($0).inserted }
            return .actionFinished(allocate(orders, what: " for \(sku)"))
        case .pane(let effect):
            return try effect.base.perform(self) ?? .commandFinished("Done")
        }
    }
}
