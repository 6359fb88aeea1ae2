import Domain
import Store
import Operations
import TerminalKit

/// The returns pane: the returns someone still has work on (to receive, to inspect, a refund
/// to release), worked with single keys.
struct ReturnsPaneState {
    var returns: [CustomerReturnRecord] = []
    /// The rows the list draws, made once per read: a filter key only filters them.
    var rows: [TableState<String>.Row] = []
    var total = 0
    var stale = true
    /// How far down the queue is read.
    var reach = QueueReach()
    var table = TableState<String>()
    var filter = ""
    var sort = ListSort()
    /// The inspection being asked for (its form is open).
    var inspecting: (code: String, disposition: Disposition)?

    var selected: CustomerReturnRecord? { table.selectedRow.flatMap { row in returns.first { $0.code == row.id } } }
}

extension ConsoleState {
    /// The returns pane's state.
    var returns: ReturnsPaneState {
        get { panes[ReturnsPaneController.self] }
        _modify { yield &panes[ReturnsPaneController.self] }
    }
}

/// What the returns pane asks for: its queue, and each step (checked before it is confirmed).
enum ReturnsEffect: PaneEffect {
    case loadQueue(limit: Int)
    /// Where a return would be received, for the confirmation (refused at once if nowhere).
    case planReceipt(String)
    case receive(String, location: String)
    case inspect(String, ReturnCondition, Disposition)
    case releaseRefund(String)

    var coalesces: Bool { if case .loadQueue = self { true } else { false } }

    var progress: String? {
        switch self {
        case .receive(let code, _): "Receiving \(code)…"
        case .inspect(let code, _, _): "Inspecting \(code)…"
        case .releaseRefund(let code): "Releasing the refund of \(code)…"
        default: nil
        }
    }

    func perform(_ services: ConsoleServices) throws -> ConsoleEvent? {
        let ops = services.ops, actor = services.actor
        switch self {
        case .loadQueue(let limit):
            let (rows, total) = try ops.read { r in (try r.liveCustomerReturns(limit: limit), try r.liveCustomerReturnCount()) }
            return .returns(.queueLoaded(rows, total: total, at: services.now))
        case .planReceipt(let code):
            return .returns(.receiptPlanned(code, location: try ops.returnReceiptLocation(code)))
        case let .receive(code, location):
            return .returns(.done(try ops.receiveReturn(code, location: location, by: actor)))
        case let .inspect(code, condition, disposition):
            return .returns(.done(try ops.inspectReturn(code, condition: condition, disposition: disposition, by: actor)))
        case .releaseRefund(let code):
            return .returns(.done(try ops.releaseRefund(code, by: actor)))
        }
    }
}

/// What comes back to the returns pane.
enum ReturnsEvent: PaneEvent {
    case queueLoaded([CustomerReturnRecord], total: Int, at: String)
    case receiptPlanned(String, location: String)
    case done(ReturnOutcome)

    func apply(_ state: inout ConsoleState) -> [ConsoleEffect] {
        switch self {
        case let .queueLoaded(rows, total, at): ConsoleUpdate.receiveReturns(rows, total: total, at: at, &state)
        case let .receiptPlanned(code, location): ConsoleUpdate.confirmReturnReceipt(code, location: location, &state)
        case .done(let outcome): ConsoleUpdate.returnStepDone(outcome, &state)
        }
    }
}

extension ConsoleEffect {
    static func returns(_ effect: ReturnsEffect) -> ConsoleEffect { .pane(AnyPaneEffect(effect)) }
}

extension ConsoleEvent {
    static func returns(_ event: ReturnsEvent) -> ConsoleEvent { .pane(AnyPaneEvent(event)) }
}

extension ConsoleCommand {
    static func returns(_ effect: ReturnsEffect) -> ConsoleCommand { .pane(AnyPaneEffect(effect)) }
}
