import ArgumentParser
import Foundation
import Domain
import Store
import Operations

struct WriteOffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "writeoff",
        abstract: "Write-off documents: stock thrown away, damaged or lost. List them, post one (its stock leaves), or void one.",
        discussion: """
            An order import captures a channel's write-off documents open (the online-retail export's unpriced negative lines); \
            one imported as history happened before the books began and moves no stock. A supervisor posts an open one at the \
            location whose stock it was: each line leaves as a write-off move noting the document's own reason.
            """,
        subcommands: [List.self, Post.self, Void.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The lines of write-off documents, oldest first (default: the open ones).")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Only this state: \(WriteOffState.spellings), or all (default open).") var state = "open"
        @OptionGroup var limit: ListingLimit
        @Option var format: OutputFormat = .table

        func run() throws {
            let filter = state.lowercased() == "all" ? nil
                : parseOption(state, "--state", WriteOffState.init(parsing:), spellings: WriteOffState.spellings + ", all")
            let (ops, _) = try global.open()
            let rows = try limit.fetch(format, tablePage: 1_000, noun: "write-off lines") { n in
                try ops.read { try $0.writeOffLines(state: filter, limit: n) }
            } count: {
                try ops.read { try $0.writeOffLineCount(state: filter) }
            }
            emit(Listing(columns: ["document", "ref", "date", "state", "line", "sku", "quantity", "reason", "location", "from", "postedBy"],
                         rows: rows.map { r in
                             [String(r.document), r.ref, r.orderedAt, r.state.rawValue, String(r.line), r.sku, String(r.quantity), r.reason,
                              r.location ?? "", r.fromStatus ?? "", r.postedBy ?? ""]
                         }, numeric: ["document", "line", "quantity"]).render(format))
        }
    }

    struct Post: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Post an open write-off: its lines leave the location's stock.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The document: its number or external reference.") var document: String
        @Option(help: "Where the stock was.") var location: String
        @Option(help: "The status it leaves: sellable (default), quarantine, damaged or returnPending.") var from = "sellable"
        @Option(help: "Why, for lines whose document gives no reason.") var reason = ""

        func run() throws {
            let status = parseOption(from, "--from", StockStatus.init(parsing:), spellings: StockStatus.spellings)
            let (ops, actor) = try global.open()
            let o = try CLI.run { try ops.postWriteOff(document, location: location, from: status, reason: reason, by: actor) }
            emit("Write-off \(o.ref) (document \(o.document)) posted: \(o.summary).\n")
        }
    }

    struct Void: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Void an open write-off: it will move no stock.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The document: its number or external reference.") var document: String
        @Option(help: "Why (required).") var reason: String

        func run() throws {
            let (ops, actor) = try global.open()
            try CLI.run { try ops.voidWriteOff(document, reason: reason, by: actor) }
            emit("Write-off \(document) voided.\n")
        }
    }
}
