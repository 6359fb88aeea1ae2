import Domain
import Operations

/// The sentences receiving speaks: what a receipt will do, what it did. Pure, so each wording
/// is tested on its own.
enum InboundWords {
    /// "1 line", "3 lines".
    static func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }

    /// The confirmation: the order's step, then every line and where it goes.
    static func receiptPlan(_ plan: ReceiptPlan) -> [String] {
        let units = plan.lines.reduce(0) { $0 + $1.line.quantity }
        var lines = ["Receive \(OrderWords.units(units)) on \(plan.purchaseOrder) at \(plan.location) "
                     + "(\(OrderWords.words(plan.stateBefore.rawValue)) → \(OrderWords.words(plan.stateAfter.rawValue))):"]
        for (line, status) in plan.lines {
            let why = switch status {
            case .quarantine: " (inspected before sale)"
            case .damaged: " (damaged on arrival)"
            default: ""
            }
            lines.append("\(line.quantity) \(line.condition.rawValue) \(line.sku) → \(status.rawValue)\(why)")
        }
        if let notice = plan.notice { lines.append("Shipping notice \(notice) is received with them (counted).") }
        if let dismissing = dismissing(plan) { lines.append(dismissing) }
        return lines
    }

    /// "PO-7 then takes no more goods: shipping notice SH-2 is dismissed." (nil when none is).
    static func dismissing(_ plan: ReceiptPlan) -> String? {
        guard !plan.dismissing.isEmpty else { return nil }
        return "\(plan.purchaseOrder) then takes no more goods: shipping notice\(plan.dismissing.count == 1 ? "" : "s") "
            + "\(plan.dismissing.joined(separator: ", ")) \(plan.dismissing.count == 1 ? "is" : "are") dismissed."
    }

    /// "Receipt 12 on PO-000004: 40 sellable, 5 quarantine, 2 damaged; 3 SKUs have backorders
    /// these can serve (a allocates)".
    static func received(_ o: ReceiptOutcome) -> String {
        var by: [StockStatus: Int] = [:]
        for l in o.lines { by[l.status, default: 0] += l.quantity }
        let went = [StockStatus.sellable, .quarantine, .damaged].compactMap { s in by[s].map { "\($0) \(s.rawValue)" } }.joined(separator: ", ")
        let waiting = o.waiting.isEmpty ? "" : "; backorders of \(o.waiting.map(\.sku).joined(separator: ", ")) can use them (a allocates)"
        let dismissed = o.dismissedNotices.isEmpty ? "" : "; notice\(o.dismissedNotices.count == 1 ? "" : "s") \(o.dismissedNotices.joined(separator: ", ")) dismissed"
        return "Receipt \(o.receipt) on \(o.purchaseOrder): \(went)\(waiting)\(dismissed)"
    }
}
