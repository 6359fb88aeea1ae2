import ArgumentParser
import Foundation
import Domain
import Store
import Operations

struct PurchaseOrderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "po", abstract: "Purchase orders: create, add lines, approve, send, cancel, close, show and list them; record a drop-ship order's shipment.",
        subcommands: [Create.self, AddLine.self, Approve.self, Send.self, Cancel.self, Close.self, Reschedule.self, Ship.self, Show.self, List.self])

    struct Ship: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The supplier shipped a drop-ship order to the customer: its order line ships (no stock moves), the order takes its next state.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The drop-ship order's reference (DS-ORDER-LINE).") var po: String
        @Option var carrier: String
        @Option var tracking: String

        func run() throws {
            let (ops, actor) = try global.open()
            let (order, shipment) = try CLI.run { try ops.shipDropShip(po, carrier: carrier, tracking: tracking, by: actor) }
            emit("Shipped \(po) (shipment \(shipment)); order \(order.id) is \(order.state.rawValue).\n")
        }
    }

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Start a draft purchase order from a supplier, delivered to a location.")
        @OptionGroup var global: GlobalOptions
        @Option var supplier: String
        @Option(help: "Where the goods are delivered.") var location: String
        @Option(help: "The currency of its costs (default GBP).") var currency = "GBP"
        @Option(help: "Its reference (default: the next PO- number).") var ref = ""
        @Option var note = ""

        func run() throws {
            let (ops, actor) = try global.open()
            let record = try CLI.run {
                try ops.createPurchaseOrder(PurchaseOrder(code: ref, supplier: supplier, location: location, currency: currency, note: note),
                                            by: actor)
            }
            emit("Created \(record.order.code) (draft): \(supplier) to \(location), in \(currency). Add lines with qm po add-line \(record.order.code).\n")
        }
    }

    struct AddLine: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add-line", abstract: "Add a line to a draft purchase order.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The purchase order's reference.") var po: String
        @Option var sku: String
        @Option(parsing: .unconditional, transform: WholeNumber.positiveQuantity("--qty")) var qty: Int
        @Option(help: "Cost of one unit in the order's currency, like 4.25.") var cost: String
        @Option(help: "When it is expected, yyyy-mm-dd.") var expected: String

        func run() throws {
            guard let minor = Money.parseMinorUnits(cost), minor >= 0, FixedPoint.parse(cost, decimals: 2) != .tooPrecise else {
                CLI.fail(OperationError("--cost \(cost) is not an amount like 4.25 (at most two decimal places, not negative)."))
            }
            let (ops, actor) = try global.open()
            let record = try CLI.run {
                let currency = try ops.purchaseOrder(po).order.currency
                return try ops.addPurchaseOrderLine(po, PurchaseOrderLine(sku: sku, quantity: qty, unitCost: Money(minorUnits: minor, currency: currency),
                                                                          expectedDate: expected), by: actor)
            }
            emit("\(record.order.code): line \(record.order.lines.count) \(qty.grouped) x \(sku); "
                 + "\(record.order.lines.count) lines worth \(record.order.value).\n")
        }
    }

    /// approve, send, cancel and close: one step each.
    struct StepOptions: ParsableArguments {
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The purchase order's reference.") var po: String

        func run(_ step: PurchaseOrderStep, reason: String) throws {
            let (ops, actor) = try global.open()
            let before = try CLI.run { try ops.purchaseOrder(po) }
            func openNotices() throws -> Set<String> {
                try CLI.run { try ops.read { try $0.openShippingNotices(purchaseOrder: before.id).map(\.ref) } }.reduce(into: []) { $0.insert($1) }
            }
            let noticesBefore = try openNotices()
            let after = try CLI.run { try ops.advancePurchaseOrder(po, step, reason: reason, by: actor) }
            var said = "\(after.order.code) \(before.order.state.rawValue) -> \(after.order.state.rawValue)"
            if before.order.state.countsAsInbound != after.order.state.countsAsInbound {
                let open = after.order.open
                said += after.order.state.countsAsInbound
                    ? "; \(open.grouped) units now inbound at \(after.order.location)"
                    : "; \(open.grouped) units no longer inbound at \(after.order.location)"
            }
            let dismissed = noticesBefore.subtracting(try openNotices()).sorted()
            if !dismissed.isEmpty { said += "; shipping notice\(dismissed.count == 1 ? "" : "s") \(dismissed.joined(separator: ", ")) dismissed with it" }
            emit(said + ".\n")
        }
    }

    struct Approve: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Approve a draft: its open lines count as inbound. Above the planners' limit (qm setting list), a supervisor or an admin approves.")
        @OptionGroup var step: StepOptions
        @Option var note = ""
        func run() throws { try step.run(.approve, reason: note) }
    }

    struct Send: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Mark an approved purchase order as sent to the supplier.")
        @OptionGroup var step: StepOptions
        @Option var note = ""
        func run() throws { try step.run(.send, reason: note) }
    }

    struct Cancel: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Cancel a purchase order before anything arrives: its open quantity is no longer inbound.")
        @OptionGroup var step: StepOptions
        @Option(help: "Why (required).") var reason: String
        func run() throws { try step.run(.cancel, reason: reason) }
    }

    struct Close: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Close a (partially) received purchase order: stop expecting the rest.")
        @OptionGroup var step: StepOptions
        @Option(help: "Why (required).") var reason: String
        func run() throws { try step.run(.close, reason: reason) }
    }

    struct Reschedule: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Move the expected date of a line, or of every line still open; backorders take it at the next qm allocate.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The purchase order's reference.") var po: String
        @Option(help: "Only this SKU's line.") var sku: String?
        @Option(help: "The new expected date, yyyy-mm-dd.") var expected: String
        @Option(help: "Why (required).") var reason: String

        func run() throws {
            let (ops, actor) = try global.open()
            let before = try CLI.run { try ops.purchaseOrder(po) }
            let after = try CLI.run { try ops.reschedulePurchaseOrder(po, sku: sku, to: expected, reason: reason, by: actor) }
            let moved = zip(before.order.lines, after.order.lines).filter { $0.expectedDate != $1.expectedDate }
            emit("\(after.order.code): " + moved.map { "\($0.sku) \($0.expectedDate) -> \($1.expectedDate)" }.joined(separator: ", ") + ".\n")
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A purchase order: its lines, what is still open and late, and its history.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The purchase order's reference.") var po: String
        @Option(help: "table or json") var format: DocumentFormat = .table

        func run() throws {
            let (ops, _) = try global.open()
            let (record, history) = try CLI.run {
                let record = try ops.purchaseOrder(po)
                return (record, try ops.read { try $0.auditEntries(entity: "po:\(record.order.code)", limit: 200) })
            }
            let shown = PurchaseOrderView(record, today: ops.today)
            if format == .json {
                struct Shown: Encodable { var purchaseOrder: PurchaseOrderView; var history: [AuditRow] }
                emit(JSON.encode(Shown(purchaseOrder: shown, history: history)))
                return
            }
            var text = "\(shown.code)  \(shown.state)  \(shown.supplier) -> \(shown.location)  value \(Money.format(shown.value)) \(shown.currency)"
                + "  open \(shown.open.grouped) units\(shown.lateLines > 0 ? "  LATE (\(shown.lateLines) lines)" : "")\n"
            text += "created \(record.createdAt) by \(record.createdBy); \(shown.state) since \(record.stateSince)\n"
            if let link = record.dropShipFor {
                text += "drop-ship: \(shown.supplier) ships it to the customer of order \(link.order) line \(link.line); qm po ship \(shown.code) records that\n"
            }
            if !shown.note.isEmpty { text += "note: \(shown.note)\n" }
            text += "\n" + Listing(columns: ["line", "sku", "ordered", "received", "open", "unitCost", "expected", "late"],
                                   rows: shown.lines.map { l in
                                       [String(l.line), l.sku, String(l.ordered), String(l.received), String(l.open),
                                        Money.format(l.unitCost), l.expected, l.late ? "late" : ""]
                                   }, numeric: ["line", "ordered", "received", "open", "unitCost"]).render(.table)
            if !history.isEmpty { text += "\n" + HistoryText.lines(history).joined(separator: "\n") + "\n" }
            emit(text)
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List purchase orders, oldest first.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Only this state: \(PurchaseOrderState.spellings).") var state: String?
        @Option(help: "Only this supplier.") var supplier: String?
        @Flag(help: "Only orders with a line still open past its expected date.") var late = false
        @OptionGroup var limit: ListingLimit
        @Option var format: OutputFormat = .table

        func run() throws {
            var filter = PurchaseOrderFilter(supplier: supplier)
            if let state {
                filter.state = parseOption(state, "--state", PurchaseOrderState.init(parsing:), spellings: PurchaseOrderState.spellings)
            }
            let (ops, _) = try global.open()
            if late { filter.lateOn = ops.today }
            let rows = try limit.fetch(format, tablePage: 1_000, noun: "purchase orders") { n in
                try ops.read { try $0.purchaseOrders(filter, limit: n) }
            } count: {
                try ops.read { try $0.purchaseOrderCount(filter) }
            }
            emit(Listing(columns: ["po", "state", "supplier", "location", "lines", "value", "currency", "open", "nextExpected", "lateLines",
                                   "daysLate", "since"],
                         rows: rows.map { record in
                             let v = PurchaseOrderView(record, today: ops.today)
                             return [v.code, v.state, v.supplier, v.location, String(v.lines.count), Money.format(v.value), v.currency,
                                     String(v.open), v.nextExpected ?? "", String(v.lateLines), v.daysLate.map(String.init) ?? "", record.stateSince]
                         }, numeric: ["lines", "value", "open", "lateLines", "daysLate"]).render(format))
        }
    }
}

/// A purchase order as `qm po show` and `list` give it.
struct PurchaseOrderView: Encodable {
    struct Line: Encodable {
        var line: Int, sku: String, ordered: Int, received: Int, open: Int, unitCost: Int64, expected: String, late: Bool
    }
    var code: String, state: String, supplier: String, location: String, currency: String, note: String
    /// Minor units of `currency`.
    var value: Int64
    var open: Int
    /// The earliest expected date of a line still open.
    var nextExpected: String?
    var lateLines: Int
    /// Days since the earliest line still open was due, when one is late.
    var daysLate: Int?
    var lines: [Line]

    init(_ record: PurchaseOrderRecord, today: String) {
        let o = record.order
        let late = Set(o.lateLines(today: today).map(\.sku))
        code = o.code; state = o.state.rawValue; supplier = o.supplier; location = o.location; currency = o.currency; note = o.note
        value = o.value.minorUnits; open = o.open; lateLines = late.count
        daysLate = o.lateLines(today: today).map(\.expectedDate).min().map { OrderDate.days(from: $0, to: today) }
        nextExpected = o.lines.filter { $0.open > 0 }.map(\.expectedDate).min()
        lines = o.lines.enumerated().map { i, l in
            Line(line: i + 1, sku: l.sku, ordered: l.quantity, received: l.received, open: l.open, unitCost: l.unitCost.minorUnits,
                 expected: l.expectedDate, late: late.contains(l.sku))
        }
    }
}
