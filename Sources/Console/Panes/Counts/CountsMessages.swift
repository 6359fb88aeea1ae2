import Foundation
import Domain
import Store
import Operations

/// What the counts pane asks for: its queue and counts, a location's counts to enter, and
/// decisions (planned first, written after the confirmation).
enum CountsEffect: PaneEffect {
    case loadQueue(limit: Int)
    case loadEntry(location: String)
    case start([Int64], location: String)
    case enter(location: String, CountEntry)
    case complete([Int64], location: String)
    case planDecision([CountPick], approve: Bool)
    case approve([CountPick])
    case reject([CountPick], reason: String)

    var coalesces: Bool {
        switch self {
        case .loadQueue, .loadEntry: true
        default: false
        }
    }

    var progress: String? {
        switch self {
        case .start(let ids, _): "Starting \(InboundWords.count(ids.count, "count"))…"
        case .complete(let ids, _): "Completing \(InboundWords.count(ids.count, "count"))…"
        case .approve(let picks): "Approving \(InboundWords.count(picks.count, "variance"))…"
        case .reject(let picks, _): "Sending \(InboundWords.count(picks.count, "variance")) to a recount…"
        default: nil
        }
    }

    func perform(_ services: ConsoleServices) throws -> ConsoleEvent? {
        let ops = services.ops, actor = services.actor
        switch self {
        case .loadQueue(let limit):
            let (variances, waiting, tasks) = try ops.read { r in
                (try r.countVariances(limit: limit), try r.countVarianceCount(), try r.liveCountTaskSummaries(limit: limit))
            }
            return .counts(.queueLoaded(variances, waiting: waiting, tasks: tasks, at: services.now))
        case .loadEntry(let location):
            return .counts(.entryLoaded(location: location, try ops.read { r in
                guard try r.locationID(location) != nil else { throw OperationError("Unknown location \(location).") }
                return try r.liveCountTasks(location: location)
            }))
        case let .start(ids, location):
            _ = try ops.startCounts(ids, by: actor)
            return .counts(.entryLoaded(location: location, try ops.read { try $0.liveCountTasks(location: location) }))
        case let .enter(location, entry):
            let outcome = try ops.enterCount(at: location, entry, by: actor)
            return .counts(.entered(outcome, entry, location: location, try ops.read { try $0.liveCountTasks(location: location) }))
        case let .complete(ids, location):
            let outcomes = try ops.completeCounts(ids, by: actor)
            return .counts(.completed(outcomes, location: location, try ops.read { try $0.liveCountTasks(location: location) }))
        case let .planDecision(picks, approve):
            return .counts(.decisionPlanned(picks, approve: approve, try ops.planCountDecision(picks, approve: approve, by: actor)))
        case .approve(let picks):
            return .counts(.decided(try ops.approveCounts(picks, by: actor)))
        case let .reject(picks, reason):
            return .counts(.decided(try ops.rejectCounts(picks, reason: reason, by: actor)))
        }
    }
}

/// What comes back to the counts pane.
enum CountsEvent: PaneEvent {
    case queueLoaded([CountVarianceRow], waiting: Int, tasks: [CountTaskSummary], at: String)
    case entryLoaded(location: String, [CountTaskRecord])
    case entered(CountOutcome, CountEntry, location: String, [CountTaskRecord])
    case completed([CountOutcome], location: String, [CountTaskRecord])
    case decisionPlanned([CountPick], approve: Bool, [CountDecisionPlan])
    case decided([CountOutcome])

    func apply(_ state: inout ConsoleState) -> [ConsoleEffect] {
        switch self {
        case let .queueLoaded(variances, waiting, tasks, at): ConsoleUpdate.receiveCountQueue(variances, waiting: waiting, tasks: tasks, at: at, &state)
        case let .entryLoaded(location, tasks): ConsoleUpdate.receiveCountEntry(location, tasks, &state)
        case let .entered(outcome, entry, location, tasks): ConsoleUpdate.countEntered(outcome, entry, location: location, tasks, &state)
        case let .completed(outcomes, location, tasks): ConsoleUpdate.countsCompleted(outcomes, location: location, tasks, &state)
        case let .decisionPlanned(picks, approve, plans): ConsoleUpdate.confirmCountDecision(picks, approve: approve, plans, &state)
        case .decided(let outcomes): ConsoleUpdate.countsDecided(outcomes, &state)
        }
    }
}

extension ConsoleEffect {
    static func counts(_ effect: CountsEffect) -> ConsoleEffect { .pane(AnyPaneEffect(effect)) }
}

extension ConsoleEvent {
    static func counts(_ event: CountsEvent) -> ConsoleEvent { .pane(AnyPaneEvent(event)) }
}

extension ConsoleCommand {
    static func counts(_ effect: CountsEffect) -> ConsoleCommand { .pane(AnyPaneEffect(effect)) }
}
