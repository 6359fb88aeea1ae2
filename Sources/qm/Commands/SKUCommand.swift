import ArgumentParser
import Foundation
import Domain
import Store
import Operations
import TerminalKit

struct SKUCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "sku", abstract: "List and show SKUs.",
                                                    subcommands: [List.self, Show.self, Valuation.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List SKUs in code order.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Code prefix or part of the name.") var filter = ""
        @Flag(help: "Only SKUs an order import created that nobody has reviewed yet.") var needsReview = false
        @OptionGroup var limit: ListingLimit
        @Option(parsing: .unconditional, help: "Skip this many rows first.", transform: WholeNumber.count("--offset")) var offset = 0
        @Option var format: OutputFormat = .table

        func run() throws {
            let (ops, _) = try global.open()
            let skus = try limit.fetch(format, tablePage: 100, noun: "SKUs") { n in
                try ops.read { try $0.skus(matching: filter, needsReview: needsReview, limit: n, offset: offset) }
            } count: {
                try ops.read { try $0.skuCount(matching: filter, needsReview: needsReview) } - offset
            }
            emit(Listing(columns: ["code", "name", "uom", "pack", "cost", "price", "currency", "supplier", "class", "kit", "active", "inspect",
                                   "dropShip"],
                         rows: skus.map { [$0.code, $0.name, $0.unitOfMeasure, String($0.packSize), Money.format($0.unitCost.minorUnits),
                                           Money.format($0.listPrice.minorUnits), $0.unitCost.currency, $0.preferredSupplier ?? "",
                                           $0.velocity.rawValue, $0.isKit ? "yes" : "no", $0.active ? "yes" : "no",
                                           $0.inspectOnReceipt ? "yes" : "no", $0.dropShip ? "yes" : "no"] },
                         numeric: ["pack"]).render(format))
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "One SKU: its record, listings, kit components and stock by location.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "SKU code") var code: String
        @Option(help: "table or json") var format: DocumentFormat = .table

        @Option(help: "Also show ATP over this channel's stock pool.") var channel: String?

        func run() throws {
            let (ops, _) = try global.open()
            let detail = try CLI.run { try ops.skuDetail(code) }
            let pool = try channel.map { channel in try CLI.run { try ops.availability(sku: code, channel: channel) } }
            if format == .json { emit(JSON.encode(detail)); return }
            let s = detail.sku
            var text = """
                \(s.code)  \(s.name)\(s.isKit ? "  [kit]" : "")\(s.active ? "" : "  [inactive]")
                unit \(s.unitOfMeasure) x\(s.packSize), cost \(s.unitCost), price \(s.listPrice), class \(s.velocity.rawValue), \(s.weightGrams) g, supplier \(s.preferredSupplier ?? "-")
                available to promise (all locations): \(detail.availability.total)

                """
            if !detail.components.isEmpty {
                text += "components: " + detail.components.map { "\($0.component) x\($0.quantity)" }.joined(separator: ", ") + "\n"
            }
            for l in detail.listings {
                text += "listing \(l.channel): \(l.listingID) at \(l.price)\(l.enabled ? "" : " (disabled)")\n"
            }
            if let pool, let channel {
                text += "available to promise for \(channel) (\(pool.byLocation.keys.sorted().joined(separator: ", "))): \(pool.total)\n"
            }
            // Free text from the database: sanitised before it reaches a terminal.
            emit(text.split(separator: "\n", omittingEmptySubsequences: false).map { Sanitize.forDisplay(String($0)) }.joined(separator: "\n")
                 + "\n" + StockCommand.listing(detail.positions).render(.table))
        }
    }

    struct Valuation: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Value a SKU's outbound moves by moving average or FIFO from now on (finance; docs/MONEY.md).")
        @OptionGroup var global: GlobalOptions
        @Argument var sku: String
        @Argument(help: "average or fifo") var method: String
        @Option(help: "Why (required).") var reason: String

        func run() throws {
            let chosen = parseOption(method, "METHOD", ValuationMethod.init(parsing:), spellings: ValuationMethod.spellings)
            let (ops, actor) = try global.open()
            try CLI.run { try ops.setValuationMethod(sku: sku, chosen, reason: reason, by: actor) }
            emit("\(sku) is valued by \(chosen.rawValue) from now on.\n")
        }
    }
}
