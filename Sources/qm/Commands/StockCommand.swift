import ArgumentParser
import Foundation
import Domain
import Store
import Operations

struct StockCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "stock", abstract: "Stock by SKU and location, with a column per status.")
    @OptionGroup var global: GlobalOptions
    @Option(help: "Exact SKU code.") var sku: String?
    @Option(help: "Location code.") var location: String?
    @Option(help: "Only rows holding this status: \(StockStatus.spellings).") var status: String?
    @Option(help: "SKU code prefix or part of the name.") var filter = ""
    @OptionGroup var limit: ListingLimit
    @Option var format: OutputFormat = .table

    func run() throws {
        var parsedStatus: StockStatus?
        if let status {
            guard let s = StockStatus(parsing: status) else {
                CLI.fail(OperationError("--status \(status) is not a status; use one of \(StockStatus.spellings)."))
            }
            parsedStatus = s
        }
        let (ops, _) = try global.open()
        let positions = PositionFilter(text: filter, location: location, status: parsedStatus, sku: sku)
        try CLI.run {
            try ops.read { db in
                if let sku, try db.skuID(sku) == nil { throw OperationError("Unknown SKU \(sku).") }
                if let location, try db.locationID(location) == nil { throw OperationError("Unknown location \(location).") }
            }
        }
        let rows = try limit.fetch(format, tablePage: 1_000) { n in
            try ops.read { try $0.positionRows(positions, limit: n) }
        } count: {
            try ops.read { try $0.positionCount(positions) }
        }
        emit(Self.listing(rows).render(format))
    }

    static func listing(_ rows: [PositionRow]) -> Listing {
        // No "available" column: to promise at a location is its sellable stock (docs/ARCHITECTURE.md).
        Listing(columns: ["sku", "name", "location", "sellable", "reserved", "quarantine", "damaged", "returnPending", "inbound"],
                rows: rows.map { r in
                    [r.skuCode, r.skuName, r.locationCode, String(r.position.sellable), String(r.position.reserved),
                     String(r.position.quarantine), String(r.position.damaged),
                     String(r.position.returnPending), String(r.inbound)]
                },
                numeric: ["sellable", "reserved", "quarantine", "damaged", "returnPending", "inbound"])
    }
}

struct MoveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "move", abstract: "Change stock: adjust, transfer or change status. A reason is required.",
        subcommands: [Adjust.self, Transfer.self, Status.self])

    struct Adjust: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add (+N) or remove (-N) stock in one status at one location.")
        @OptionGroup var global: GlobalOptions
        @Option var sku: String
        @Option var location: String
        @Option(help: "\(StockStatus.spellings) (not reserved).") var status = "sellable"
        @Option(parsing: .unconditional, help: "Signed quantity, e.g. 5 or -2.", transform: WholeNumber.quantity("--qty")) var qty: Int
        @Option(help: "Why (required).") var reason: String

        func run() throws {
            let status = try parseStatus(status)
            let (ops, actor) = try global.open()
            let after = try CLI.run { try ops.adjust(sku: sku, location: location, status: status, delta: qty, reason: reason, by: actor) }
            emit("\(sku) at \(location): \(status.rawValue) now \(after[status]).\n")
        }
    }

    struct Transfer: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Move stock of one status between two locations.")
        @OptionGroup var global: GlobalOptions
        @Option var sku: String
        @Option var from: String
        @Option var to: String
        @Option var status = "sellable"
        @Option(parsing: .unconditional, help: "How many (positive).", transform: WholeNumber.positiveQuantity("--qty")) var qty: Int
        @Option(help: "Why (required).") var reason: String

        func run() throws {
            let status = try parseStatus(status)
            let (ops, actor) = try global.open()
            try CLI.run { try ops.transfer(sku: sku, from: from, to: to, status: status, quantity: qty, reason: reason, by: actor) }
            emit("Transferred \(qty) \(status.rawValue) \(sku) from \(from) to \(to).\n")
        }
    }

    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Change the status of stock at one location (e.g. quarantine -> sellable).")
        @OptionGroup var global: GlobalOptions
        @Option var sku: String
        @Option var location: String
        @Option(name: .customLong("from")) var fromStatus: String
        @Option(name: .customLong("to")) var toStatus: String
        @Option(parsing: .unconditional, help: "How many (positive).", transform: WholeNumber.positiveQuantity("--qty")) var qty: Int
        @Option(help: "Why (required).") var reason: String

        func run() throws {
            let from = try parseStatus(fromStatus), to = try parseStatus(toStatus)
            let (ops, actor) = try global.open()
            let after = try CLI.run { try ops.changeStatus(sku: sku, location: location, from: from, to: to, quantity: qty, reason: reason, by: actor) }
            emit("\(sku) at \(location): \(from.rawValue) now \(after[from]), \(to.rawValue) now \(after[to]).\n")
        }
    }
}

func parseStatus(_ text: String) throws -> StockStatus {
    guard let status = StockStatus(parsing: text) else {
        CLI.fail(OperationError("'\(text)' is not a stock status; use one of \(StockStatus.spellings)."))
    }
    return status
}
