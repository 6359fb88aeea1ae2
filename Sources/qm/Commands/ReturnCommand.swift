import ArgumentParser
import Foundation
import Domain
import Store
import Operations

struct ReturnCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "return",
        abstract: "Customer returns: authorize (RMA), receive into returnPending, inspect and dispose of, release the refund.",
        discussion: """
            A return is of units of one order line that shipped and are not returned yet. The refund follows the reason's \
            policy (docs/FORMATS.md, Return reasons) and never exceeds what was paid for the units, their tax and their share of \
            freight; it is released after inspection unless the policy says at once. Finance may override it with a reason.
            """,
        subcommands: [Create.self, Receive.self, Inspect.self, Refund.self, Cancel.self, List.self, Show.self])

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Authorize a return (an RMA) of shipped units of an order line.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The order: its number or external reference.") var order: String
        @Option(parsing: .unconditional, help: "The order line.", transform: WholeNumber.count("--line")) var line: Int
        @Option(name: .customLong("qty"), parsing: .unconditional, help: "Units coming back.", transform: WholeNumber.positiveQuantity("--qty"))
        var quantity: Int
        @Option(help: "Why: \(ReturnReason.spellings).") var reason: String
        @Flag(help: "Send a replacement instead of a refund: a new order for the same units at no charge.") var exchange = false
        @Option var note = ""

        func run() throws {
            let why = parseOption(reason, "--reason", ReturnReason.init(parsing:), spellings: ReturnReason.spellings)
            let (ops, actor) = try global.open()
            let r = try CLI.run {
                try ops.createReturn(ReturnRequest(order: order, line: line, quantity: quantity, reason: why, exchange: exchange, note: note), by: actor)
            }
            emit("Authorized \(r.code): \(r.quantity) x \(r.sku) of order \(r.order) line \(r.lineNo) (\(r.reason.words)); "
                 + (r.exchangeOrder.map { "replacement order \($0) captured, to be allocated.\n" }
                    ?? "refund \(Money(minorUnits: r.refundDue, currency: r.currency)) held, at most \(Money(minorUnits: r.refundCap, currency: r.currency)).\n"))
        }
    }

    struct Receive: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The returned units arrived: into returnPending.")
        @OptionGroup var global: GlobalOptions
        @Argument var rma: String
        @Option(help: "Where they arrived (default: where the order line shipped from).") var location: String?

        func run() throws {
            let (ops, actor) = try global.open()
            let o = try CLI.run { try ops.receiveReturn(rma, location: location, by: actor) }
            emit("\(rma) received: \(o.summary).\n")
        }
    }

    struct Inspect: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Inspect a received return: its condition and where the units go.")
        @OptionGroup var global: GlobalOptions
        @Argument var rma: String
        @Option(help: "What was found: \(ReturnCondition.spellings).") var condition: String
        @Option(help: "Where the units go: \(Disposition.spellings).") var disposition: String

        func run() throws {
            let found = parseOption(condition, "--condition", ReturnCondition.init(parsing:), spellings: ReturnCondition.spellings)
            let goes = parseOption(disposition, "--disposition", Disposition.init(parsing:), spellings: Disposition.spellings)
            let (ops, actor) = try global.open()
            let o = try CLI.run { try ops.inspectReturn(rma, condition: found, disposition: goes, by: actor) }
            emit("\(rma) inspected: \(o.summary).\n")
        }
    }

    struct Refund: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Release a return's refund; finance may override the amount with a reason.")
        @OptionGroup var global: GlobalOptions
        @Argument var rma: String
        @Option(help: "Release this amount instead (finance), e.g. 12.50; never above what was paid.") var amount: String?
        @Option(help: "Why the amount is overridden (required with --amount).") var reason = ""

        func run() throws {
            let minor = try amount.map { text -> Int64 in
                guard case let .value(minor) = FixedPoint.parse(text, decimals: 2), minor >= 0 else {
                    throw ValidationError("--amount \(text) is not an amount like 12.50.")
                }
                return minor
            }
            let (ops, actor) = try global.open()
            let o = try CLI.run { try ops.releaseRefund(rma, amount: minor, reason: reason, by: actor) }
            emit("\(rma): \(o.summary).\n")
        }
    }

    struct Cancel: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Cancel a return not yet received.")
        @OptionGroup var global: GlobalOptions
        @Argument var rma: String
        @Option(help: "Why (required).") var reason: String

        func run() throws {
            let (ops, actor) = try global.open()
            try CLI.run { try ops.cancelReturn(rma, reason: reason, by: actor) }
            emit("\(rma) cancelled.\n")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Returns, oldest first, with the order they came from.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Only this state: \(ReturnState.spellings).") var state: String?
        @Flag(help: "The lines of imported return documents no earlier sale could take back, and why.") var unmatched = false
        @OptionGroup var limit: ListingLimit
        @Option var format: OutputFormat = .table

        func run() throws {
            let filter = state.map { parseOption($0, "--state", ReturnState.init(parsing:), spellings: ReturnState.spellings) }
            let (ops, _) = try global.open()
            if unmatched {
                guard filter == nil else { CLI.fail(OperationError("--unmatched lists document lines, which have no state: leave out --state.")) }
                let rows = try limit.fetch(format, tablePage: 1_000, noun: "unmatched return lines") { n in
                    try ops.read { try $0.unmatchedReturns(limit: n) }
                } count: {
                    try ops.read { try $0.unmatchedReturnCount() }
                }
                emit(Listing(columns: ["document", "ref", "customer", "date", "line", "sku", "quantity", "reason"],
                             rows: rows.map { [String($0.document), $0.documentRef, $0.customer, $0.orderedAt, String($0.line), $0.sku,
                                               String($0.quantity), $0.reason] },
                             numeric: ["document", "line", "quantity"]).render(format))
                return
            }
            let rows = try limit.fetch(format, tablePage: 1_000, noun: "returns") { n in
                try ops.read { try $0.customerReturns(state: filter, limit: n) }
            } count: {
                try ops.read { try $0.customerReturnCount(state: filter) }
            }
            emit(Listing(columns: ["rma", "state", "order", "orderRef", "customer", "line", "sku", "quantity", "reason", "location", "condition",
                                   "disposition", "refund", "refundState", "currency", "document", "since"],
                         rows: rows.map { r in
                             [r.code, r.state.rawValue, String(r.order), r.orderRef, r.customer, String(r.lineNo), r.sku, String(r.quantity),
                              r.reason.rawValue, r.location ?? "", r.condition?.rawValue ?? "", r.disposition?.rawValue ?? "",
                              Money.format(r.refundAmount ?? r.refundDue), r.refundState.rawValue, r.currency,
                              r.document.map { "\($0) line \(r.documentLine ?? 0)" } ?? "", r.stateSince]
                         }, numeric: ["order", "line", "quantity", "refund"]).render(format))
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A return: what, why, where it went, the refund, and its history.")
        @OptionGroup var global: GlobalOptions
        @Argument var rma: String
        @Option(help: "table or json") var format: DocumentFormat = .table

        func run() throws {
            let (ops, _) = try global.open()
            let (r, history) = try CLI.run {
                guard let r = try ops.read({ try $0.customerReturn(rma) }) else { throw OperationError("No return \(rma): qm return list shows them.") }
                return (r, try ops.read { try $0.auditEntries(entity: "return:\(r.code)", limit: 200) })
            }
            if format == .json {
                struct Shown: Encodable { var `return`: CustomerReturnRecord; var history: [AuditRow] }
                emit(JSON.encode(Shown(return: r, history: history)))
                return
            }
            let money = { (n: Int64) in Money(minorUnits: n, currency: r.currency).description }
            var text = "\(r.code)  \(r.state.rawValue)  \(r.quantity) x \(r.sku)  order \(r.order) (\(r.orderRef)) line \(r.lineNo)  \(r.reason.words)\n"
            if let replacement = r.exchangeOrder { text += "exchanged: replacement order \(replacement)\n" }
            if let location = r.location { text += "received at \(location)\n" }
            if let condition = r.condition, let disposition = r.disposition { text += "inspected: \(condition.rawValue), \(disposition.rawValue)\n" }
            text += "paid for the units \(money(r.paid)), freight share \(money(r.freightShare)); refund \(money(r.refundAmount ?? r.refundDue)) "
                + r.refundState.rawValue + (r.refundNote.isEmpty ? "" : " (\(r.refundNote))") + "\n"
            if !r.note.isEmpty { text += "note: \(r.note)\n" }
            if !history.isEmpty { text += "\n" + HistoryText.lines(history).joined(separator: "\n") + "\n" }
            emit(text)
        }
    }
}
