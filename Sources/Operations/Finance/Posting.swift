import Foundation
import Domain
import Store

/// Money that moves without stock, posted with the event's entry (docs/MONEY.md). Stock
/// moves post themselves as they are written (Store's BookKeeper).
extension Operations {
    /// An invoiced sale: the customer owes the shipped lines' net and tax, the charges and
    /// the freight.
    func postInvoice(_ order: OrderHeader, in tx: StoreTransaction) throws {
        post(try tx.billed(order), currency: order.currency, channel: order.channel, document: "order \(order.id)", in: tx)
    }

    /// A document of the past as a history import captures it: a sale invoiced whole, a
    /// return refunded what it says, a financial adjustment (a bad debt) written off. A write-off
    /// of the past moved stock before the books began: nothing.
    func postHistory(_ draft: OrderDraft, document id: Int64, in tx: StoreTransaction) {
        var owed = InvoiceAmounts()
        for line in draft.lines {
            owed.add(quantity: line.quantity, shipped: line.quantity, unitPrice: line.unitPrice, discount: line.discount, tax: line.tax)
        }
        owed.charges = draft.charges.reduce(Int64(0)) { Saturating.add($0, $1.amount) }
        owed.freight = draft.freight
        let document = "order \(id)"
        switch draft.kind {
        case .sale: post(owed, currency: draft.currency, channel: draft.channel, document: document, in: tx)
        // "Adjust bad debt": what the customer owed is written off, not sold back.
        case .adjustment: tx.postMoney([(.receivable, owed.total), (.badDebts, -owed.total)], currency: draft.currency, channel: draft.channel,
                                       document: document)
        // A return document lists what comes back as positive lines; its charges keep the file's
        // sign, negative for money given back (docs/FORMATS.md), so they add to the refund.
        case .return: postRefund(Saturating.subtract(Saturating.add(owed.goods, owed.tax), owed.charges), currency: draft.currency,
                                 channel: draft.channel, document: document, in: tx)
        case .writeOff: break
        }
    }

    /// A refund paid: charged to returns and refunds, off what the customer owes.
    func postRefund(_ amount: Int64, currency: String, channel: String, document: String, in tx: StoreTransaction) {
        tx.postMoney([(.refundsPayable, amount), (.receivable, -amount)], currency: currency, channel: channel, document: document)
    }

    private func post(_ owed: InvoiceAmounts, currency: String, channel: String, document: String, in tx: StoreTransaction) {
        tx.postMoney([(.receivable, owed.total), (.revenue, -Saturating.add(owed.goods, owed.charges)), (.salesTaxPayable, -owed.tax),
                      (.freightIncome, -owed.freight)], currency: currency, channel: channel, document: document)
    }
}

extension Operations {
    /// An order's money: what its shipped units bill (all its units, for a document of the
    /// past), refunds, the cost of its goods and of carrying them, the margin after freight.
    public func orderMoney(_ reference: String) throws(OperationError) -> OrderMoney {
        try read { r in try orderMoney(try resolveOrder(reference, in: r), in: r) }
    }

    func orderMoney(_ order: OrderHeader, in r: some StoreReading) throws -> OrderMoney { try r.orderMoney(order) }

    /// The margin of each sale that has shipped (on `channel`, ordered between the days given),
    /// oldest first.
    public func margins(channel: String?, from: String?, to: String?) throws(OperationError) -> [(order: OrderHeader, money: OrderMoney)] {
        try read { r in try margins(channel: channel, from: from, to: to, in: r) }
    }

    func margins(channel: String?, from: String?, to: String?, in r: some StoreReading) throws -> [(order: OrderHeader, money: OrderMoney)] {
        var margins: [(order: OrderHeader, money: OrderMoney)] = []
        // Their money worked out a chunk at a time, together.
        try StoreReader.inChunks(try r.shippedSaleIDs(channel: channel, from: from, to: to)) { chunk in
            let headers = try r.orderHeaders(chunk)
            let money = try r.orderMoney(Array(headers.values))
            margins += chunk.compactMap { id in headers[id].map { ($0, money[id]!) } }
        }
        return margins
    }
}
