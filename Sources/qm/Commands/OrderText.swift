import Domain
import Store
import Operations
import TerminalKit

/// `qm order show` and `qm explain` as text.
enum OrderText {
    static func describe(_ r: OrderRecord, money: OrderMoney? = nil, history: [AuditRow]) -> String {
        let h = r.header
        var out: [String] = []
        out.append("Order \(h.id)  \(h.channel) \(h.externalRef)  \(h.kind.rawValue)  \(h.state.rawValue)\(h.onHold ? "  ON HOLD" : "")")
        out.append("Customer \(h.customer.isEmpty ? "(guest)" : h.customer); ship to \(h.shipTo.name), \(h.shipTo.line1), \(h.shipTo.city) \(h.shipTo.postcode), \(h.shipTo.country) [\(h.shipTo.region)]")
        out.append("Ordered \(h.orderedAt); \(h.serviceLevel.rawValue), promised \(h.promiseDate); payment \(h.paymentStatus.rawValue); fraud score \(h.fraudScore); freight \(Money.format(h.freight)) \(h.currency)")
        var text = out.map(Sanitize.forDisplay).joined(separator: "\n") + "\n\n"
        out = []
        let lines = Listing(columns: ["line", "sku", "description", "qty", "price", "discount", "tax", "allocated", "backordered", "cancelled", "shipped", "expected"],
                            rows: r.lines.map { l in
                                [String(l.lineNo), l.sku, l.description, String(l.quantity), Money.format(l.unitPrice), Money.format(l.discount),
                                 l.tax.map { Money.format($0) } ?? "missing", String(l.allocated), String(l.backordered), String(l.cancelled),
                                 String(l.shipped), l.expectedDate ?? ""]
                            }, numeric: ["line", "qty", "allocated", "backordered", "cancelled", "shipped"])
        text += lines.render(.table)   // the listing sanitises its own cells
        if !r.charges.isEmpty {
            out.append("Charges: " + r.charges.map { "\($0.code) \(Money.format($0.amount))" }.joined(separator: ", "))
        }
        if !r.holds.isEmpty {
            out.append("Holds:")
            for hold in r.holds {
                out.append("  \(hold.reason.rawValue) (owner \(hold.owner.rawValue)) placed \(hold.placedAt) by \(hold.placedBy): \(hold.note)"
                           + (hold.releasedAt.map { "; released \($0) by \(hold.releasedBy ?? "?")" } ?? "  OPEN"))
            }
        }
        if !r.allocations.isEmpty {
            out.append("Allocations:")
            for a in r.allocations { out.append("  line \(a.lineNo): \(a.quantity) \(a.sku) at \(a.location) (\(a.status))") }
        }
        for s in r.shipments { out.append("Shipment \(s.id): from \(s.location) by \(s.carrier) \(s.tracking) at \(s.shippedAt)") }
        if money != nil, r.header.kind == .sale, r.lines.allSatisfy({ $0.shipped == 0 }) {
            out.append("Money: nothing has shipped yet.")
        } else if let m = money, r.header.kind == .sale {
            let f = { (n: Int64) in Money.format(n) }
            out.append("Money (\(r.header.currency)), of what has shipped: goods \(f(m.billed.goods)), charges \(f(m.billed.charges)), "
                       + "freight \(f(m.billed.freight)), tax \(f(m.billed.tax)); cost of goods \(f(m.costOfGoods)), freight cost \(f(m.freightCost)); "
                       + "margin after freight \(f(m.margin))" + (m.refunded == 0 ? "" : "; refunded \(f(m.refunded))"))
        }
        out += HistoryText.lines(history)
        return text + out.map { Sanitize.forDisplay($0) + "\n" }.joined()
    }

    static func explain(_ e: OrderExplanation) -> [String] { e.lines.map(Sanitize.forDisplay) }
}
