import ArgumentParser
import Foundation
import Domain
import Store
import Operations
import Channels

/// The books (docs/MONEY.md): every stock move in or out posts to them as it happens.
struct TrialBalanceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trial-balance",
        abstract: "Each account's debits, credits and balance, per currency; the totals balance.")
    @OptionGroup var global: GlobalOptions
    @Option(help: "As at the end of this day, yyyy-mm-dd (default: now).") var at: String?
    @Option var format: OutputFormat = .table

    func run() throws {
        Days.require((name: "--at", day: at))
        let (ops, _) = try global.open()
        let rows = try CLI.run { try ops.read { try $0.trialBalance(at: at.map { $0 + "~" }) } }
        var table = rows.map { r in
            [r.account, r.name, r.type.rawValue, r.currency, Money.format(r.debit), Money.format(r.credit), Money.format(r.balance)]
        }
        // Per currency, the totals: debits equal credits when the books balance.
        for (currency, group) in Dictionary(grouping: rows, by: \.currency).sorted(by: { $0.key < $1.key }) {
            let debit = group.reduce(Int64(0)) { $0 + $1.debit }, credit = group.reduce(Int64(0)) { $0 + $1.credit }
            table.append(["total", "", "", currency, Money.format(debit), Money.format(credit), Money.format(debit - credit)])
        }
        emit(Listing(columns: ["account", "name", "type", "currency", "debit", "credit", "balance"], rows: table,
                     numeric: ["debit", "credit", "balance"]).render(format))
    }
}

/// The books' reports take days, yyyy-mm-dd.
private enum Days {
    /// Refuses, naming it, the first option given that is not a day.
    static func require(_ options: (name: String, day: String?)...) {
        for (name, day) in options {
            if let day, !OrderDate.isDate(day) { CLI.fail(OperationError("\(name) \(day) is not a day like 2026-12-31.")) }
        }
    }
}

struct ValuationCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "valuation",
        abstract: "Stock on hand by SKU and location, at each SKU's moving-average rate.")
    @OptionGroup var global: GlobalOptions
    @Option(help: "Only this location.") var location: String?
    @Option(help: "As at the end of this day, yyyy-mm-dd: every move since taken back at the value it posted (default: now).")
    var at: String?
    @OptionGroup var limit: ListingLimit
    @Option var format: OutputFormat = .table

    func run() throws {
        Days.require((name: "--at", day: at))
        let (ops, _) = try global.open()
        if let location, try CLI.run({ try ops.read { try $0.locationID(location) } }) == nil {
            CLI.fail(OperationError("Unknown location \(location)."))
        }
        let rows: [ValuationRow]
        if let at {
            guard let then = try CLI.run({ try ops.read { try $0.valuation(at: at + "~", location: location) } }) else {
                CLI.fail(OperationError("Stock moved after \(at) before the books opened: those moves carry no value, so the books cannot say what the stock was worth on \(at)."))
            }
            rows = try limit.fetch(format, tablePage: 1_000, noun: "valued stock rows") { n in Array(then.prefix(n)) } count: { then.count }
        } else {
            rows = try limit.fetch(format, tablePage: 1_000, noun: "valued stock rows") { n in
                try ops.read { try $0.valuation(location: location, limit: n) }
            } count: {
                try ops.read { try $0.valuationCount(location: location) }
            }
        }
        emit(Listing(columns: ["sku", "location", "quantity", "rate", "value", "currency"],
                     rows: rows.map { [$0.sku, $0.location, String($0.quantity), Money.format($0.rate), Money.format($0.value), $0.currency] },
                     numeric: ["quantity", "rate", "value"]).render(format))
    }
}

struct JournalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "journal", abstract: "The journal: list its lines, or reverse an entry (docs/MONEY.md).",
        subcommands: [JournalList.self, JournalReverse.self], defaultSubcommand: JournalList.self)
}

struct JournalReverse: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reverse",
        abstract: "Correct the books by a reversing entry: the entry's lines with debit and credit swapped, in the open month (finance).",
        discussion: "An entry that moves inventory is corrected by undoing its event (a return, an adjustment, a voided write-off) instead.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The entry's number (qm journal).") var entry: Int64
    @Option(help: "Why (required).") var reason: String

    func run() throws {
        let (ops, actor) = try global.open()
        let o = try CLI.run { try ops.reverseEntry(entry, reason: reason, by: actor) }
        emit("Entry \(o.reversed) reversed by entry \(o.entry), in \(o.period).\n")
    }
}

struct JournalList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "Journal entries line by line, oldest first: the event, the documents behind it, each account debited or credited.")
    @OptionGroup var global: GlobalOptions
    @Option(help: "Only lines on this account (qm accounts).") var account: String?
    @Option(help: "From this day, yyyy-mm-dd.") var from: String?
    @Option(help: "To this day, yyyy-mm-dd, included.") var to: String?
    @Option(help: "Only entries naming this document (\"order 42\", a purchase order's code).") var document: String?
    @OptionGroup var limit: ListingLimit
    @Option var format: OutputFormat = .table

    func run() throws {
        Days.require((name: "--from", day: from), (name: "--to", day: to))
        let filter = JournalFilter(account: account, from: from, to: to, document: document)
        let (ops, _) = try global.open()
        let rows = try limit.fetch(format, tablePage: 1_000, noun: "journal lines") { n in
            try ops.read { try $0.journal(filter, limit: n) }
        } count: {
            try ops.read { try $0.journalCount(filter) }
        }
        emit(Listing(columns: ["entry", "at", "event", "documents", "line", "account", "location", "debit", "credit", "currency", "actor"],
                     rows: rows.map { r in
                         [String(r.entry), r.at, r.event, r.documents.joined(separator: "; "), String(r.line), r.account, r.location ?? "",
                          r.debit == 0 ? "" : Money.format(r.debit), r.credit == 0 ? "" : Money.format(r.credit), r.currency, r.actor]
                     }, numeric: ["entry", "line", "debit", "credit"]).render(format))
    }
}

struct AccountsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "accounts", abstract: "The chart of accounts: list it, or change it from a file (docs/MONEY.md).",
        subcommands: [List.self, Import.self], defaultSubcommand: List.self)

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The chart of accounts and the role each plays in posting.")
        @OptionGroup var global: GlobalOptions
        @Option var format: OutputFormat = .table

        func run() throws {
            let (ops, _) = try global.open()
            let (accounts, mappings) = try CLI.run { try ops.read { (try $0.accounts(), try $0.accountMappings()) } }
            // An account once per role it plays: for everything, then per channel, location or reason.
            let byAccount = Dictionary(grouping: mappings, by: \.account)
            var rows: [[String]] = []
            for a in accounts {
                let row = [a.account.code, a.account.name, a.account.type.rawValue]
                if a.role != nil || byAccount[a.account.code] == nil { rows.append(row + [a.role?.rawValue ?? "", "", "", ""]) }
                for m in byAccount[a.account.code] ?? [] {
                    rows.append(row + [m.role.rawValue, m.channel ?? "", m.location ?? "", m.reason?.rawValue ?? ""])
                }
            }
            emit(Listing(columns: ["account", "name", "type", "role", "channel", "location", "reason"], rows: rows).render(format))
        }
    }

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add or rename accounts and map roles to them from a CSV file (code,name,type,role[,channel,location,reason]), all or nothing (finance).")
        @OptionGroup var global: GlobalOptions
        @Argument var file: String

        func run() throws {
            let rows: [ImportRow<AccountChange>]
            do { rows = try AccountsFile.parse(path: file) } catch { CLI.fail(error) }
            let (ops, actor) = try global.open()
            let o = try CLI.run { try ops.importAccounts(rows, source: file, by: actor) }
            emit("Imported accounts from \(file): \(o.added) added, \(o.changed) changed, \(o.rolesMapped) roles mapped.\n")
        }
    }
}

struct PeriodCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "period", abstract: "Accounting months: close one for posting, list the closed ones.",
        discussion: "Closing a month closes it and every month before it: an entry made later for one of them posts in the first open month.",
        subcommands: [Close.self, List.self])

    struct Close: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Close a month for posting (finance).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The month, yyyy-mm.") var month: String

        func run() throws {
            let (ops, actor) = try global.open()
            try CLI.run { try ops.closePeriod(month, by: actor) }
            emit("\(month) closed: later entries for it post in \(Periods.next(after: month)) or after.\n")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The months closed for posting, oldest first.")
        @OptionGroup var global: GlobalOptions
        @Option var format: OutputFormat = .table

        func run() throws {
            let (ops, _) = try global.open()
            let rows = try CLI.run { try ops.read { try $0.closedPeriods() } }
            emit(Listing(columns: ["period", "closedAt", "closedBy"], rows: rows.map { [$0.period, $0.closedAt, $0.closedBy] }).render(format))
        }
    }
}

struct MarginCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "margin",
        abstract: "Revenue less the cost of goods and of freight, per channel (and per order with --orders), of the sales that have shipped.",
        discussion: "Revenue is what the shipped units bill (lines, charges, freight; not tax); the cost of goods is what their moves took out "
            + "of stock at the moving average; freight cost is each shipment's location's rate to the order's region. Refunds are shown beside it.")
    @OptionGroup var global: GlobalOptions
    @Option(help: "Only this channel.") var channel: String?
    @Option(help: "Ordered from this day, yyyy-mm-dd.") var from: String?
    @Option(help: "Ordered up to this day, yyyy-mm-dd, included.") var to: String?
    @Flag(help: "A row per order, not only per channel.") var orders = false
    @Option var format: OutputFormat = .table

    func run() throws {
        Days.require((name: "--from", day: from), (name: "--to", day: to))
        let (ops, _) = try global.open()
        let rows = try CLI.run { try ops.margins(channel: channel, from: from, to: to) }
        let columns = ["channel", "order", "orders", "revenue", "costOfGoods", "freightCost", "margin", "refunded", "currency"]
        func cells(_ channel: String, _ order: String, _ count: Int, _ m: [OrderMoney], _ currency: String) -> [String] {
            let sum = { (f: (OrderMoney) -> Int64) in Money.format(m.reduce(Int64(0)) { Saturating.add($0, f($1)) }) }
            return [channel, order, String(count), sum(\.revenue), sum(\.costOfGoods), sum(\.freightCost), sum(\.margin), sum(\.refunded), currency]
        }
        var table: [[String]] = []
        if orders {
            table = rows.map { cells($0.order.channel, String($0.order.id), 1, [$0.money], $0.order.currency) }
        }
        let groups = Dictionary(grouping: rows) { "\($0.order.channel)\u{0}\($0.order.currency)" }
        for key in groups.keys.sorted() {
            let group = groups[key]!
            table.append(cells(group[0].order.channel, "all", group.count, group.map(\.money), group[0].order.currency))
        }
        emit(Listing(columns: columns, rows: table, numeric: ["orders", "revenue", "costOfGoods", "freightCost", "margin", "refunded"]).render(format))
    }
}
