import Domain
import Store
import Operations
import TerminalKit

/// The sentences order actions speak: what a cancellation will do, what an action did.
/// Pure, so each wording is tested on its own.
enum OrderWords {
    /// "order 42", "3 orders".
    static func orders(_ ids: [Int64]) -> String {
        ids.count == 1 ? "order \(ids[0])" : "\(ids.count) orders"
    }

    /// "1 unit", "7 units"; "1 reserved unit", "7 reserved units".
    static func units(_ n: Int, _ kind: String = "") -> String {
        "\(n) " + (kind.isEmpty ? "" : kind + " ") + (n == 1 ? "unit" : "units")
    }

    /// A camel-case code in words: "customerRequest" -> "customer request".
    static func words(_ code: String) -> String {
        var out = ""
        for c in code {
            if c.isUppercase { out += " " + c.lowercased() } else { out.append(c) }
        }
        return out
    }

    /// "42, 57, 90" with at most `shown` numbers, then "and N more".
    static func list(_ ids: [Int64], shown: Int = 5) -> String {
        let head = ids.prefix(shown).map(String.init).joined(separator: ", ")
        return ids.count > shown ? "\(head) and \(ids.count - shown) more" : head
    }

    /// "2 held, 1 refused: cora (customerService) may not place a fraud hold; …"
    static func report(_ verb: String, _ result: OrderBatchResult) -> ActionReport {
        let refusals = result.refused.map { ActionReport.Refusal(order: $0.id, reason: $0.reason) }
        var summary: String
        if result.refused.isEmpty, result.done.count == 1 {
            summary = "Order \(result.done[0]) \(verb)"
        } else {
            summary = "\(result.done.count) \(verb)"
        }
        if let first = refusals.first {
            summary += ", \(refusals.count) refused: "
                + (refusals.count == 1 ? first.reason : "#\(first.order) \(first.reason) (+\(refusals.count - 1) more, listed)")
        }
        // Done, but not all of it: say what is left and for whom.
        if let note = result.notes.first {
            summary += "; #\(note.id) \(note.note)" + (result.notes.count > 1 ? " (+\(result.notes.count - 1) more)" : "")
        }
        return ActionReport(summary: summary, refusals: refusals)
    }

    /// What an allocation's dry run says it would do, for its confirmation.
    static func planned(_ s: AllocationSummary, orders: [Int64]?) -> [String] {
        let what = orders.map { self.orders($0) } ?? "every waiting order"
        let skipped = s.skipped.isEmpty ? []
            : ["\(s.skipped.count == 1 ? "Order" : "Orders") \(list(s.skipped)) not waiting for stock or on hold: left alone."]
        guard s.orders > 0 else {
            return ["Nothing to allocate for \(what): " + (s.skipped.isEmpty ? "no order is waiting for stock." : "none of them is waiting for stock.")]
                + skipped
        }
        var lines = ["Under \(s.policy.rawValue), \(s.orders == 1 ? "1 order" : "\(s.orders) orders") would be planned:",
                     "\(s.allocated) allocated in full, \(s.partiallyAllocated) in part, \(s.backordered) backordered;",
                     "\(units(s.unitsAllocated)) reserved" + (s.unitsBackordered > 0 ? ", \(units(s.unitsBackordered)) still short" : "")
                         + "; \(s.shipments) shipment\(s.shipments == 1 ? "" : "s"), \(s.split) split;",
                     "freight about \(Money.format(s.freight))" + (s.promiseMissed > 0 ? "; \(s.promiseMissed) would miss the promise date." : ".")]
        if s.unchanged > 0 { lines.append("\(s.unchanged) backordered with nothing new for them: unchanged.") }
        lines += skipped
        lines.append("The run plans again against the stock as it is then.")
        return lines
    }

    /// What "allocate now" did for the chosen orders. Orders no longer waiting for stock (or
    /// on hold) are skipped by allocation, and the report names them.
    static func allocated(_ s: AllocationSummary, what: String = "") -> ActionReport {
        let skippedText = s.skipped.isEmpty ? ""
            : "\(s.skipped.count == 1 ? "order" : "orders") \(list(s.skipped)) not waiting for stock or on hold, skipped"
        guard s.orders > 0 else {
            return ActionReport(summary: "Nothing allocated\(what): \(skippedText.isEmpty ? "no order waiting" : skippedText)",
                                refusals: [], nothingDone: true)
        }
        var parts = ["\(s.allocated) allocated", "\(s.partiallyAllocated) partly", "\(s.backordered) backordered"]
        parts.append("\(units(s.unitsAllocated)) reserved")
        if s.unitsBackordered > 0 { parts.append("\(units(s.unitsBackordered)) still short") }
        if !skippedText.isEmpty { parts.append(skippedText) }
        return ActionReport(summary: "Allocation ran for \(s.orders == 1 ? "1 order" : "\(s.orders) orders")\(what): " + parts.joined(separator: ", "),
                            refusals: [])
    }
}

/// The confirmation of a cancellation, from the orders as they are now: which reserved
/// units go back to sellable where, which holds go with them, which orders will be refused.
enum CancelPreview {
    static func message(_ records: [OrderRecord], _ request: CancelRequest) -> [String] {
        var byID: [Int64: OrderRecord] = [:]
        for record in records { byID[record.header.id] = record }
        let found: [OrderRecord] = request.orders.compactMap { byID[$0] }
        let missing: [Int64] = request.orders.filter { byID[$0] == nil }
        let going: [OrderRecord] = found.filter { isCancellable($0, line: request.line) }
        let refused: [OrderRecord] = found.filter { !isCancellable($0, line: request.line) }

        var question = self.question(found, line: request.line)
        // The live allocations of what is cancelled are the reserved units it frees.
        var freed: [String: Int] = [:]
        var backordered = 0
        for record in going {
            for a in record.allocations where a.status == "live" && (request.line == nil || a.lineNo == request.line) {
                freed[a.location, default: 0] += a.quantity
            }
            for line in record.lines where request.line == nil || line.lineNo == request.line {
                backordered += line.backordered
            }
        }
        let total = freed.values.reduce(0, +)
        let places = freed.sorted { $0.key < $1.key }
        if going.isEmpty {
            question += " Nothing can be cancelled."
        } else if total == 0 {
            question += " Nothing is reserved for \(going.count == 1 ? "it" : "them"), so no stock moves."
        } else if places.count == 1 {
            question += " \(OrderWords.units(total, "reserved")) at \(places[0].key) go\(total == 1 ? "es" : "") back to sellable."
        } else {
            let split = places.map { "\($0.value) at \($0.key)" }.joined(separator: ", ")
            question += " \(OrderWords.units(total, "reserved")) go back to sellable: \(split)."
        }
        var lines = [question]
        if backordered > 0 { lines.append("\(OrderWords.units(backordered, "backordered")) will no longer be awaited.") }
        // A whole order's open holds are released with it (cancelling a line leaves them).
        if request.line == nil {
            let reasons = Set(going.flatMap { $0.openHolds.map(\.reason) })
            if !reasons.isEmpty {
                let names = reasons.sorted { $0.rawValue < $1.rawValue }.map(\.title).joined(separator: ", ")
                lines.append("Open holds released with \(going.count == 1 ? "it" : "them"): \(names).")
            }
        }
        for record in refused {
            lines.append("Order \(record.header.id) is \(record.header.state.rawValue): it will be refused.")
        }
        if !missing.isEmpty { lines.append("No order \(OrderWords.list(missing)) any more.") }
        lines.append("Reason: \(OrderWords.words(request.reason.rawValue))" + (request.note.isEmpty ? "" : " (\(request.note))"))
        return lines
    }

    /// "Cancel order 42 (web W-100041)?", "Cancel 3 orders (42, 57, 90)?",
    /// "Cancel line 2 of order 42 (web W-100041), 5 x QM10199?"
    static func question(_ found: [OrderRecord], line lineNo: Int?) -> String {
        guard let first = found.first else { return "Cancel?" }
        let h = first.header
        if let lineNo {
            let outstanding = first.lines.first { $0.lineNo == lineNo }.map { ", \($0.outstanding) x \($0.sku)" } ?? ""
            return "Cancel line \(lineNo) of order \(h.id) (\(h.channel) \(h.externalRef))\(outstanding)?"
        }
        if found.count == 1 { return "Cancel order \(h.id) (\(h.channel) \(h.externalRef))?" }
        return "Cancel \(found.count) orders (\(OrderWords.list(found.map(\.header.id))))?"
    }

    /// Why nothing asked can be cancelled, said before any reason is asked for; nil when
    /// something can.
    static func refusal(_ records: [OrderRecord], asked: [Int64], line: Int?) -> String? {
        guard !records.contains(where: { isCancellable($0, line: line) }) else { return nil }
        guard let first = records.first else { return "No order \(OrderWords.list(asked)) any more: nothing to cancel." }
        if records.count == 1 {
            let h = first.header
            if h.state == .cancelled { return "Order \(h.id) is already cancelled: there is nothing to cancel." }
            if let line, h.state.isCancellable || h.state == .partiallyShipped {
                return first.lines.contains(where: { $0.lineNo == line })
                    ? "Order \(h.id) line \(line) has nothing left to cancel."
                    : "Order \(h.id) has no line \(line)."
            }
            return "Order \(h.id) is \(OrderWords.words(h.state.rawValue)): only orders not yet shipped can be cancelled."
        }
        var byState: [OrderState: Int] = [:]
        for record in records { byState[record.header.state, default: 0] += 1 }
        let parts = OrderState.allCases.compactMap { state in
            byState[state].map { "\($0) \(state == .cancelled ? "already cancelled" : OrderWords.words(state.rawValue))" }
        }
        return "None of the \(records.count) orders can be cancelled: \(parts.joined(separator: ", "))."
    }

    /// Whether Operations would take the cancellation on, as far as state goes (roles it
    /// checks itself, and a refusal is reported).
    static func isCancellable(_ record: OrderRecord, line: Int?) -> Bool {
        let state = record.header.state
        guard let line else { return state.isCancellable }
        guard state.isCancellable || state == .partiallyShipped else { return false }
        return (record.lines.first { $0.lineNo == line }?.outstanding ?? 0) > 0
    }
}
