import Domain
import Store
import TerminalKit

/// What releasing holds on some orders would do, from the orders as they are now: which kind
/// of hold goes from which orders, which orders stay on other holds (and for whom), which are
/// then free of holds. Pure, so each wording is tested on its own.
struct ReleasePlan: Equatable {
    /// The orders found, in the order asked.
    var records: [OrderRecord]
    /// Orders asked for that no longer exist.
    var missing: [Int64]
    /// The hold reasons open on the orders, in `HoldReason.allCases` order (or those offered).
    var reasons: [HoldReason]

    init(asked: [Int64], records: [OrderRecord]) {
        var byID: [Int64: OrderRecord] = [:]
        for record in records { byID[record.header.id] = record }
        self.records = asked.compactMap { byID[$0] }
        missing = asked.filter { byID[$0] == nil }
        let open = Set(self.records.flatMap { $0.openHolds.map(\.reason) })
        reasons = HoldReason.allCases.filter(open.contains)
    }

    /// The same plan offering only `reasons`.
    func restricted(to reasons: [HoldReason]) -> ReleasePlan {
        var plan = self
        plan.reasons = reasons
        return plan
    }

    /// The orders with an open hold of `reason`.
    func orders(with reason: HoldReason) -> [Int64] {
        records.filter { $0.openHolds.contains { $0.reason == reason } }.map(\.header.id)
    }

    /// Why nothing can be released, when nothing is on hold.
    var nothingOnHold: String {
        if records.isEmpty { return "No order \(OrderWords.list(missing)) any more: nothing to release." }
        if records.count == 1 { return "Order \(records[0].header.id) is not on hold: nothing to release." }
        return "None of the \(records.count) orders is on hold: nothing to release."
    }

    /// The confirmation: exactly which holds go from which orders, and what stays.
    func confirmation(_ reason: HoldReason, note: String) -> [String] {
        let going = records.filter { $0.openHolds.contains { $0.reason == reason } }
        let ids = going.map(\.header.id)
        var lines: [String]
        if going.count == 1 {
            let h = going[0].header
            lines = ["Release the \(reason.title) hold on order \(h.id) (\(h.channel) \(h.externalRef))."]
        } else {
            lines = ["Release the \(reason.title) hold on \(going.count) orders: \(OrderWords.list(ids, shown: 8))."]
        }
        // Every other open hold stays, named with whose it is.
        var staying: [HoldReason: [Int64]] = [:]
        var cleared: [Int64] = []
        for record in going {
            let others = record.openHolds.map(\.reason).filter { $0 != reason }
            if others.isEmpty { cleared.append(record.header.id) }
            for other in Set(others) { staying[other, default: []].append(record.header.id) }
        }
        for other in HoldReason.allCases {
            guard let on = staying[other] else { continue }
            let whose = "\(other.title) (\(other.owner.words))"
            lines.append(on.count == 1 ? "Order \(on[0]) stays on its \(whose) hold."
                         : "\(on.count) orders stay on their \(whose) hold: \(OrderWords.list(on)).")
        }
        if !cleared.isEmpty, going.count > 1 || !staying.isEmpty {
            lines.append("No hold left on \(cleared.count == 1 ? "order \(cleared[0])" : "\(cleared.count) orders: \(OrderWords.list(cleared))").")
        } else if !cleared.isEmpty {
            lines.append("No hold is left on it.")
        }
        let untouched = records.filter { !ids.contains($0.header.id) }.map(\.header.id)
        if !untouched.isEmpty {
            lines.append("Not on a \(reason.rawValue) hold, left alone: \(OrderWords.list(untouched)).")
        }
        if !missing.isEmpty { lines.append("No order \(OrderWords.list(missing)) any more.") }
        if !note.isEmpty { lines.append("Note: \(note)") }
        return lines
    }
}
