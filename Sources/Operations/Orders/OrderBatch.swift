import Domain
import Store

/// One customer-service or warehouse action, to apply to several orders at once (the
/// console's marked orders, the demo's bulk steps).
public enum OrderAction: Sendable, Equatable {
    case hold(HoldReason, note: String)
    case release(HoldReason?, note: String = "")
    case cancel(CancelReason, note: String)
    case advance(FulfilmentStep)
    case ship(carrier: String, tracking: String)

    var command: Command {
        switch self {
        case .hold: .holdOrder
        case .release: .releaseHold
        case .cancel: .cancelOrder
        case .advance(let step): step.command
        case .ship: .shipOrder
        }
    }
}

public struct OrderBatchResult: Sendable, Equatable {
    public var done: [Int64] = []
    /// Orders the action was refused for, with the reason.
    public var refused: [(id: Int64, reason: String)] = []
    /// Done, but with something left for someone else (a hold only another role may release).
    public var notes: [(id: Int64, note: String)] = []
    public init() {}
    public static func == (a: OrderBatchResult, b: OrderBatchResult) -> Bool {
        a.done == b.done && a.refused.map(\.id) == b.refused.map(\.id) && a.refused.map(\.reason) == b.refused.map(\.reason)
            && a.notes.map(\.id) == b.notes.map(\.id) && a.notes.map(\.note) == b.notes.map(\.note)
    }
}

extension Operations {
    /// Applies `action` to each order in its own transaction: one refusal (a role, a state)
    /// does not stop the others, and each is reported.
    public func apply(_ action: OrderAction, to orders: [Int64], by actor: Actor) -> OrderBatchResult {
        var result = OrderBatchResult()
        for id in orders {
            do {
                let note = try perform(action.command, by: actor) { tx, actor in try run(action, on: id, in: tx, actor: actor) }
                result.done.append(id)
                if let note { result.notes.append((id, note)) }
            } catch {
                result.refused.append((id, error.message))
            }
        }
        return result
    }

    /// Applies `action` to all `orders` in transactions of `chunk`; any refusal rolls back
    /// its chunk and stops. For bulk work that must all succeed (the demo).
    public func applyAll(_ action: OrderAction, to orders: [Int64], chunk: Int = 2_000, by actor: Actor) throws(OperationError) {
        for start in stride(from: 0, to: orders.count, by: max(1, chunk)) {
            let slice = orders[start..<min(start + chunk, orders.count)]
            try perform(action.command, by: actor) { tx, actor in
                for id in slice { try run(action, on: id, in: tx, actor: actor) }
            }
        }
    }

    /// Runs the action on one order; returns a note when something is left for another role.
    @discardableResult
    func run(_ action: OrderAction, on id: Int64, in tx: StoreTransaction, actor: Actor) throws -> String? {
        let reference = String(id)
        switch action {
        case let .hold(reason, note): _ = try holding(reference, reason: reason, note: note, in: tx, actor: actor)
        case let .release(reason, note):
            let left = try releasingHolds(reference, reason: reason, note: note, in: tx, actor: actor).left
            if !left.isEmpty {
                return "still on " + left.map { "\($0.rawValue) (\($0.owner.rawValue))" }.joined(separator: ", ") + " hold"
            }
        case let .cancel(reason, note): _ = try cancelling(reference, line: nil, reason: reason, note: note, in: tx, actor: actor)
        case let .advance(step): _ = try advancing(reference, step, in: tx, actor: actor)
        case let .ship(carrier, tracking):
            _ = try shipping(reference, carrier: carrier, tracking: tracking, location: nil, in: tx, actor: actor)
        }
        return nil
    }
}
