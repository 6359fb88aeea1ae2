import ArgumentParser
import Foundation
import Domain
import Store
import Operations

/// Parses an enum option, failing with the accepted spellings.
func parseOption<T>(_ text: String, _ name: String, _ parse: (String) -> T?, spellings: String) -> T {
    guard let value = parse(text) else {
        CLI.fail(OperationError("\(name) \(text) is not recognised; use one of \(spellings)."))
    }
    return value
}

struct OrdersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "orders", abstract: "List orders, oldest in their state first.")
    @OptionGroup var global: GlobalOptions
    @Option(help: "Only this state: \(OrderState.spellings).") var state: String?
    @Option(help: "Only orders with an open hold of this reason (\(HoldReason.spellings)), or 'any'.") var hold: String?
    @Option(help: "Only this channel.") var channel: String?
    @Option(help: "sale (default), return, writeOff, adjustment or all.") var kind = "sale"
    @OptionGroup var limit: ListingLimit
    @Option var format: OutputFormat = .table

    func run() throws {
        var filter = OrderFilter(channel: channel)
        if let state { filter.state = parseOption(state, "--state", OrderState.init(parsing:), spellings: OrderState.spellings) }
        if let hold {
            if hold.lowercased() == "any" { filter.onHold = true } else {
                filter.hold = parseOption(hold, "--hold", HoldReason.init(parsing:), spellings: HoldReason.spellings + ", any")
            }
        }
        filter.kind = kind.lowercased() == "all" ? nil
            : parseOption(kind, "--kind", OrderKind.init(parsing:), spellings: "sale, return, writeOff, adjustment, all")
        let (ops, _) = try global.open()
        let rows = try limit.fetch(format, tablePage: 1_000, noun: "orders") { n in
            try ops.read { try $0.orderSummaries(filter, limit: n) }
        } count: {
            try ops.read { try $0.orderSummaryCount(filter) }
        }
        emit(Listing(columns: ["order", "channel", "ref", "state", "hold", "customer", "region", "promise", "ordered", "lines", "value", "currency"],
                     rows: rows.map { r in
                         [String(r.id), r.channel, r.externalRef, r.state.rawValue, r.holdReason?.rawValue ?? "", r.customer,
                          r.region, r.promiseDate, r.orderedAt, String(r.lines), Money.format(r.value), r.currency]
                     }, numeric: ["order", "lines"]).render(format))
    }
}

struct OrderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "order", abstract: "Show one order, or hold, release, cancel, pick, pack, ship, invoice or close it.",
        subcommands: [Show.self, Hold.self, Release.self, Cancel.self, Ship.self, Step.self])

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "An order's header, lines, holds, allocations, shipments and history.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Order number, external reference, or CHANNEL:REF.") var order: String
        @Option(help: "table or json") var format: DocumentFormat = .table

        func run() throws {
            let (ops, _) = try global.open()
            let (record, money, history) = try CLI.run {
                let record = try ops.findOrder(order)
                return (record, try ops.orderMoney(String(record.header.id)),
                        try ops.read { try $0.auditEntries(entity: "order:\(record.header.id)", limit: 200) })
            }
            if format == .json {
                struct Shown: Encodable { var order: OrderRecord; var money: OrderMoney; var history: [AuditRow] }
                emit(JSON.encode(Shown(order: record, money: money, history: history)))
                return
            }
            emit(OrderText.describe(record, money: money, history: history))
        }
    }

    struct Hold: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Place a hold (customer service: customer, address; fraud needs a supervisor).")
        @OptionGroup var global: GlobalOptions
        @Argument var order: String
        @Option(help: "\(HoldReason.spellings)") var reason: String
        @Option var note = ""

        func run() throws {
            let reason = parseOption(reason, "--reason", HoldReason.init(parsing:), spellings: HoldReason.spellings)
            let (ops, actor) = try global.open()
            let after = try CLI.run { try ops.hold(order: order, reason: reason, note: note, by: actor) }
            emit("Order \(after.id) is on \(reason.rawValue) hold (\(after.openHolds) open); state \(after.state.rawValue).\n")
        }
    }

    struct Release: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Release the holds you may release (or only --reason's).")
        @OptionGroup var global: GlobalOptions
        @Argument var order: String
        @Option(help: "Only this hold: \(HoldReason.spellings)") var reason: String?
        @Option(help: "Why (required to release a fraud or credit hold)") var note = ""

        func run() throws {
            let reason = reason.map { parseOption($0, "--reason", HoldReason.init(parsing:), spellings: HoldReason.spellings) }
            let (ops, actor) = try global.open()
            let (after, released) = try CLI.run { try ops.releaseHolds(order: order, reason: reason, note: note, by: actor) }
            emit("Order \(after.id): released \(released.map(\.rawValue).joined(separator: ", ")) hold; "
                 + (after.openHolds > 0 ? "\(after.openHolds) still open; " : "") + "state \(after.state.rawValue).\n")
        }
    }

    struct Cancel: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Cancel an order or one line before it ships; its reservations are freed.")
        @OptionGroup var global: GlobalOptions
        @Argument var order: String
        @Option(parsing: .unconditional, help: "Only this line number.", transform: WholeNumber.positive("--line")) var line: Int?
        @Option(help: "\(CancelReason.spellings)") var reason: String
        @Option var note = ""

        func run() throws {
            let reason = parseOption(reason, "--reason", CancelReason.init(parsing:), spellings: CancelReason.spellings)
            let (ops, actor) = try global.open()
            let after = try CLI.run { try ops.cancel(order: order, line: line, reason: reason, note: note, by: actor) }
            emit("Order \(after.id)" + (line.map { " line \($0)" } ?? "") + " cancelled (\(reason.rawValue)); state \(after.state.rawValue).\n")
        }
    }

    struct Ship: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Confirm a shipment: reserved stock leaves the building.")
        @OptionGroup var global: GlobalOptions
        @Argument var order: String
        @Option var carrier: String
        @Option var tracking: String
        @Option(help: "Only what is allocated at this location.") var location: String?

        func run() throws {
            let (ops, actor) = try global.open()
            let (after, shipments) = try CLI.run {
                try ops.ship(order: order, carrier: carrier, tracking: tracking, location: location, by: actor)
            }
            emit("Order \(after.id): \(shipments.count) shipment(s) confirmed; state \(after.state.rawValue).\n")
        }
    }

    struct Step: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "step", abstract: "Advance an order: pick, pack, invoice or close.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "pick, pack, invoice or close") var step: String
        @Argument var order: String

        func run() throws {
            let step = parseOption(step, "step", { FulfilmentStep(rawValue: $0.lowercased()) }, spellings: "pick, pack, invoice, close")
            let (ops, actor) = try global.open()
            let after = try CLI.run { try ops.advance(order: order, step, by: actor) }
            emit("Order \(after.id) is \(after.state.rawValue).\n")
        }
    }
}

struct AllocateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "allocate", abstract: "Allocate waiting orders to fulfilment locations; backorder what cannot be served.")
    @OptionGroup var global: GlobalOptions
    @Option(help: "\(AllocationPolicy.spellings)") var policy = "fastest"
    @Flag(help: "Report what would happen; change nothing.") var dryRun = false
    @Option(parsing: .unconditional, help: "At most this many orders.", transform: WholeNumber.positive("--limit")) var limit: Int?
    @Option(help: "Only these order numbers (comma-separated).") var orders: String?
    @Option(parsing: .unconditional, help: "Orders per transaction (short transactions keep other terminals responsive).",
            transform: WholeNumber.positive("--chunk")) var chunk = 2_000
    @Option(help: "table or json") var format: DocumentFormat = .table

    func run() throws {
        let policy = parseOption(policy, "--policy", AllocationPolicy.init(parsing:), spellings: AllocationPolicy.spellings)
        var list: [Int64]?
        if let orders {
            list = orders.split(separator: ",").map { part in
                guard let id = Int64(part.trimmingCharacters(in: .whitespaces)) else {
                    CLI.fail(OperationError("--orders \(orders): '\(part)' is not an order number."))
                }
                return id
            }
        }
        guard chunk >= 1 else { CLI.fail(OperationError("--chunk must be at least 1, got \(chunk).")) }
        let (ops, actor) = try global.open()
        let started = Date()
        let s = try CLI.run { try ops.allocate(AllocationOptions(policy: policy, dryRun: dryRun, orders: list, limit: limit, chunk: chunk), by: actor) }
        let seconds = Date().timeIntervalSince(started)
        if format == .json { emit(JSON.encode(s)); return }
        func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }
        emit((dryRun ? "Dry run (nothing changed): policy \(policy.rawValue) would take " : "Policy \(policy.rawValue) took ")
             + count(s.orders, "waiting order") + " in " + String(format: "%.2f s", seconds) + ": \(s.allocated) allocated, "
             + "\(s.partiallyAllocated) partially allocated, \(s.backordered) backordered (\(s.unchanged) retried with nothing new); "
             + "\(count(s.unitsAllocated, "unit")) allocated, \(s.unitsBackordered) backordered; \(count(s.shipments, "shipment")) "
             + "(\(count(s.split, "order")) split), freight \(Money.format(s.freight)); "
             + "\(count(s.promiseMissed, "order")) \(dryRun ? "would miss" : "miss") the promise date.\n"
             + (s.skipped.isEmpty ? "" : "Skipped (not waiting for stock, on hold or unknown): "
                + s.skipped.prefix(20).map(String.init).joined(separator: ", ") + (s.skipped.count > 20 ? " and \(s.skipped.count - 20) more" : "") + ".\n"))
    }
}

struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain", abstract: "Why an order's lines were allocated where they were, or what stopped them.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Order number, external reference, or CHANNEL:REF.") var order: String
    @Option(help: "Policy for the preview of lines still waiting: \(AllocationPolicy.spellings)") var policy = "fastest"
    @Option(help: "table or json") var format: DocumentFormat = .table

    func run() throws {
        let policy = parseOption(policy, "--policy", AllocationPolicy.init(parsing:), spellings: AllocationPolicy.spellings)
        let (ops, _) = try global.open()
        let explanation = try CLI.run { try ops.explain(order: order, policy: policy) }
        if format == .json {
            struct Shown: Encodable { var order: Int64; var state: OrderState; var decided: [String: LineDecision]; var preview: [String: LineDecision] }
            emit(JSON.encode(Shown(order: explanation.record.header.id, state: explanation.record.header.state,
                                   decided: Dictionary(uniqueKeysWithValues: explanation.stored.map { (String($0), $1) }),
                                   preview: Dictionary(uniqueKeysWithValues: explanation.preview.map { (String($0), $1) }))))
            return
        }
        emit(OrderText.explain(explanation).joined(separator: "\n") + "\n")
    }
}

struct BackordersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "backorders", abstract: "Backordered lines grouped by SKU, the largest shortfall first.")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var limit: ListingLimit
    @Option var format: OutputFormat = .table

    func run() throws {
        let (ops, _) = try global.open()
        let groups = try limit.fetch(format, tablePage: 200, noun: "SKUs") { n in
            try ops.read { try $0.backorderGroups(limit: n) }
        } count: {
            try ops.read { try $0.backorderGroupCount() }
        }
        // inbound and nextInbound count only what can serve the waiting orders' regions; note
        // names inbound elsewhere that cannot.
        emit(Listing(columns: ["sku", "name", "backordered", "lines", "since", "expected", "inbound", "nextInbound", "note"],
                     rows: groups.map { g in
                         [g.sku, g.skuName, String(g.quantity), String(g.lines), String(g.oldestSince.prefix(10)),
                          g.expectedRecovery ?? "", String(g.inboundOpen),
                          g.nextInbound.map { "\($0.document) \($0.quantityOpen) @\($0.locationCode) \($0.expectedDate)" } ?? "",
                          g.inboundElsewhere.map { "\($0.document) @\($0.locationCode) cannot serve \(g.regions.joined(separator: " "))" } ?? ""]
                     }, numeric: ["backordered", "lines", "inbound"]).render(format))
    }
}
