import Domain
import Operations
import TerminalKit

/// The sentences stock changes speak: what one is doing, and what its plan will change.
enum StockWords {
    static func progress(_ change: StockChange) -> String {
        switch change {
        case let .adjust(sku, location, _, _, _): "Adjusting \(sku) at \(location)…"
        case let .transfer(sku, from, to, _, _, _): "Transferring \(sku) from \(from) to \(to)…"
        case let .status(sku, location, _, _, _, _): "Changing the status of \(sku) at \(location)…"
        }
    }

    /// The confirmation, from the plan: what moves, and each balance before and after.
    static func confirmation(_ change: StockChange, _ plan: [PlannedPosition]) -> ConfirmDialog {
        var lines: [String]
        let title: String
        switch change {
        case let .adjust(sku, location, status, delta, _):
            title = "Adjust stock"
            lines = ["\(delta > 0 ? "Add" : "Remove") \(abs(delta)) \(status.rawValue) \(sku) at \(location):"]
            lines += plan.map { "\($0.location): \(status.rawValue) \($0.before[status]) → \($0.after[status])" }
        case let .transfer(sku, from, to, status, quantity, _):
            title = "Transfer stock"
            lines = ["Move \(quantity) \(status.rawValue) \(sku) from \(from) to \(to):"]
            lines += plan.map { "\($0.location): \(status.rawValue) \($0.before[status]) → \($0.after[status])" }
        case let .status(sku, location, from, to, quantity, _):
            title = "Change stock status"
            lines = ["Move \(quantity) \(sku) at \(location) from \(from.rawValue) to \(to.rawValue):"]
            lines += plan.flatMap { p in [from, to].map { "\(p.location): \($0.rawValue) \(p.before[$0]) → \(p.after[$0])" } }
        }
        lines.append("Reason: \(change.reason)")
        return ConfirmDialog(title: title, message: lines, confirmLabel: title.components(separatedBy: " ")[0], cancelLabel: "Cancel")
    }

    /// What the change did, from the positions after it.
    static func done(_ change: StockChange, _ after: [StockPosition]) -> String {
        switch change {
        case let .adjust(sku, location, status, _, _):
            "\(sku) at \(location): \(status.rawValue) now \(after.first?[status] ?? 0)"
        case let .transfer(sku, from, to, status, quantity, _):
            "Moved \(quantity) \(status.rawValue) \(sku) from \(from) to \(to)"
        case let .status(sku, location, from, to, _, _):
            "\(sku) at \(location): \(from.rawValue) now \(after.first?[from] ?? 0), \(to.rawValue) now \(after.first?[to] ?? 0)"
        }
    }
}
