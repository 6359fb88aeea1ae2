import Domain
import Store
import Operations
import TerminalKit

/// A document a journal entry names, as its text spells it ("order 42", "count 7",
/// "return RMA-3", "write-off 12", "entry 9"); anything else is a code (a purchase order's or a
/// transfer's), looked up when read.
enum EntryDocument: Equatable {
    case order(Int64), count(Int64), customerReturn(String), writeOff(Int64), entry(Int64), code(String)

    init(_ text: String) {
        func number(after prefix: String) -> Int64? { text.hasPrefix(prefix) ? Int64(text.dropFirst(prefix.count)) : nil }
        if let id = number(after: "order ") { self = .order(id) }
        else if let id = number(after: "count ") { self = .count(id) }
        else if let id = number(after: "write-off ") { self = .writeOff(id) }
        else if let id = number(after: "entry ") { self = .entry(id) }
        else if text.hasPrefix("return ") { self = .customerReturn(String(text.dropFirst(7))) }
        else { self = .code(text) }
    }
}

/// A journal entry opened from an account's lines: the entry with its lines, and the documents
/// behind it as read (the first few of an entry that names many).
struct EntryView: Sendable, Equatable {
    enum Document: Sendable, Equatable {
        case order(Int64, OrderHeader?)
        case purchaseOrder(PurchaseOrderDetail)
        case transfer(TransferRecord)
        case count(Int64, CountTaskRecord?)
        case customerReturn(String, CustomerReturnRecord?)
        case writeOff(Int64, [WriteOffLineRow])
        case entry(Int64)
        /// A name the books keep that is no document the console reads ("opening balance").
        case other(String)
    }

    var record: JournalEntryRecord
    var reversedBy: Int64?
    var documents: [Document]
    /// Documents the entry names beyond those read.
    var more: Int

    static let documentLimit = 5

    /// The entry, its reversal, and its first documents.
    static func read(_ id: Int64, ops: Operations) throws -> EntryView? {
        guard var view = try readEntry(id, ops: ops) else { return nil }
        // A purchase order reads as the inbound pane shows it (a read of its own).
        for (i, d) in view.documents.enumerated() {
            if case .other(let code) = d, let detail = try? ops.purchaseOrderDetail(code) { view.documents[i] = .purchaseOrder(detail) }
        }
        return view
    }

    private static func readEntry(_ id: Int64, ops: Operations) throws -> EntryView? {
        try ops.read { r in
            guard let record = try r.journalEntry(id) else { return nil }
            let named = record.draft.documents
            var documents: [Document] = []
            for text in named.prefix(documentLimit) {
                switch EntryDocument(text) {
                case .order(let id): documents.append(.order(id, try r.orderHeader(id)))
                case .count(let id): documents.append(.count(id, try r.countTask(id)))
                case .customerReturn(let code): documents.append(.customerReturn(code, try r.customerReturn(code)))
                case .writeOff(let id): documents.append(.writeOff(id, try r.writeOffLines(state: nil, document: id, limit: 50)))
                case .entry(let id): documents.append(.entry(id))
                case .code(let code): documents.append(try r.transfer(code).map { .transfer($0) } ?? .other(code))
                }
            }
            return EntryView(record: record, reversedBy: try r.reversal(of: id), documents: documents, more: max(0, named.count - documentLimit))
        }
    }

    /// What Enter opens from the entry: the first order it names, else the entry it reverses or names.
    var opens: EntryDocument? {
        for d in documents { if case .order(let id, _) = d { return .order(id) } }
        if let of = record.reverses { return .entry(of) }
        for d in documents { if case .entry(let id) = d { return .entry(id) } }
        return nil
    }
}

/// Drawing of an opened entry.
extension FinancePane {
    static func entryLines(_ v: EntryView, width: Int) -> [(String, Style)] {
        let e = v.record, d = e.draft
        let text = Style(.text), muted = Style(.muted), heading = Style(.header, bold: true), warn = Style(.warning, bold: true)
        var lines: [(String, Style)] = []
        lines.append(("Entry \(e.id)  \(d.event)  \(d.currency) \(Money.format(d.debits))  \(OrdersPane.time(e.at)) by \(e.actor)  period \(e.period)",
                      Style(.title, bold: true)))
        if let of = e.reverses { lines.append(("Reverses entry \(of)" + (d.memo.isEmpty ? "" : ": \(d.memo)"), warn)) }
        else if !d.memo.isEmpty { lines.append((d.memo, muted)) }
        if let by = v.reversedBy { lines.append(("Reversed by entry \(by)", warn)) }

        lines.append(("", .plain))
        lines.append(("Lines", heading))
        lines.append(("  " + OrdersPane.columns([("Account", 7, false), ("Location", 8, false), ("Channel", 14, false),
                                                 ("Debit", 14, true), ("Credit", 14, true)]), muted))
        for l in d.lines {
            lines.append(("  " + OrdersPane.columns([(l.account, 7, false), (l.location ?? "", 8, false), (l.channel ?? "", 14, false),
                                                     (l.debit == 0 ? "" : Money.format(l.debit), 14, true),
                                                     (l.credit == 0 ? "" : Money.format(l.credit), 14, true)]), text))
        }

        lines.append(("", .plain))
        lines.append(("Behind it", heading))
        if v.documents.isEmpty { lines.append(("  no document", muted)) }
        for document in v.documents {
            lines.append(("", .plain))
            lines += documentLines(document, width: width)
        }
        if v.more > 0 { lines.append(("  and \(v.more.grouped) more documents: qm journal --document names each", muted)) }
        return lines
    }

    private static func documentLines(_ document: EntryView.Document, width: Int) -> [(String, Style)] {
        let text = Style(.text), muted = Style(.muted), title = Style(.accent, bold: true)
        switch document {
        case let .order(id, header):
            guard let o = header else { return [("Order \(id): not in the database", muted)] }
            return [("Order \(id)  \(o.externalRef)  \(OrderWords.words(o.kind.rawValue))  \(OrderWords.words(o.state.rawValue))", title),
                    ("  \(o.customer) · \(o.channel) · freight \(Money.format(o.freight)) \(o.currency) · Enter opens it", muted)]
        case .purchaseOrder(let detail):
            // The order as the inbound pane shows it, less its audit trail: its receipts are what posted.
            return Array(InboundPane.orderLines(detail, width: width).prefix { !$0.0.hasPrefix("History") })
        case .transfer(let t):
            let units = t.transfer.lines.reduce(0) { $0 + $1.quantity }
            return [("Transfer \(t.transfer.code)  \(t.transfer.from) → \(t.transfer.to)  \(OrderWords.words(t.transfer.state.rawValue))", title),
                    ("  \(OrderWords.units(units)): " + t.transfer.lines.map { "\($0.sku) \($0.quantity)" }.joined(separator: ", "), text),
                    ("  created \(OrdersPane.time(t.createdAt)) by \(t.createdBy)" + (t.via.map { " · via \($0)" } ?? ""), muted)]
        case let .count(id, task):
            guard let t = task else { return [("Count \(id): not in the database", muted)] }
            var lines: [(String, Style)] = [
                ("Count \(t.id)  \(t.scope)  \(OrderWords.words(t.state.rawValue))", title),
                ("  \(OrderWords.words(t.origin.rawValue)): \(t.why) · created \(OrdersPane.time(t.createdAt)) by \(t.createdBy)"
                 + (t.startedBy.map { " · started by \($0)" } ?? ""), muted),
                ("  " + OrdersPane.columns([("SKU", 12, false), ("Status", 10, false), ("Expected", 8, true), ("Counted", 8, true),
                                            ("Variance", 8, true), ("Counted by", 10, false), ("Decision", 24, false)]), muted),
            ]
            for l in t.lines {
                let decision = [l.state.rawValue, l.decidedBy.map { "by \($0)" }].compactMap { $0 }.joined(separator: " ")
                lines.append(("  " + OrdersPane.columns([(l.sku, 12, false), (l.bucket.rawValue, 10, false), (l.expected.map(String.init) ?? "", 8, true),
                                                         (l.counted.map(String.init) ?? "", 8, true), (l.variance.map { $0 > 0 ? "+\($0)" : String($0) } ?? "", 8, true),
                                                         (l.countedBy ?? "", 10, false), (decision, 24, false)]), text))
            }
            return lines
        case let .customerReturn(code, record):
            guard let r = record else { return [("Return \(code): not in the database", muted)] }
            var lines: [(String, Style)] = [
                ("Return \(r.code)  order \(r.order) (\(r.orderRef)) line \(r.lineNo)  \(r.sku) × \(r.quantity)  \(OrderWords.words(r.state.rawValue))", title),
                ("  \(OrderWords.words(r.reason.rawValue)) · \(r.customer) · created \(OrdersPane.time(r.createdAt)) by \(r.createdBy)", muted),
            ]
            if let location = r.location { lines.append(("  received at \(location)" + (r.receivedAt.map { " \(OrdersPane.time($0))" } ?? ""), text)) }
            if let condition = r.condition {
                lines.append(("  inspected: \(OrderWords.words(condition.rawValue))" + (r.disposition.map { " → \(OrderWords.words($0.rawValue))" } ?? "")
                              + (r.inspectedBy.map { " by \($0)" } ?? ""), text))
            }
            lines.append(("  paid \(Money.format(r.paid)) + freight share \(Money.format(r.freightShare)) · refund due \(Money.format(r.refundDue)) "
                          + "· refund \(OrderWords.words(r.refundState.rawValue))" + (r.refundAmount.map { " \(Money.format($0))" } ?? "") + " \(r.currency)", text))
            return lines
        case let .writeOff(id, rows):
            guard let first = rows.first else { return [("Write-off \(id): not in the database", muted)] }
            return [("Write-off \(id)  \(first.ref)  \(OrderWords.words(first.state.rawValue))"
                     + (first.postedBy.map { " by \($0)" } ?? ""), title)]
                + rows.map { r in
                    ("  line \(r.line): \(r.sku) × \(r.quantity) · \(r.reason)" + (r.location.map { " · from \(r.fromStatus ?? "stock") at \($0)" } ?? ""), text)
                }
        case .entry(let id):
            return [("Entry \(id) · Enter opens it", title)]
        case .other(let name):
            return [(name, muted)]
        }
    }
}
