import ArgumentParser
import Foundation
import Domain
import Operations
import Channels

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import master data, stock or orders (docs/FORMATS.md). A bad row: nothing is imported (orders: unless --partial).")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "skus | locations | suppliers | stock | orders | shipments | pos | asn") var kind: String
    @Argument(help: "The file") var file: String
    @Option(help: "Orders: csv, json or online-retail. pos and asn: csv or json (default: json for a .json or .jsonl file).") var input: String?
    @Option(help: "Orders only: the channel (default: the file's channel column; online-retail for that export).") var channel: String?
    @Flag(help: "Orders only: import the good orders and list the rejected ones.") var partial = false
    @Flag(help: "Orders only: an order sent again with other content, not yet shipped, takes the new content and is planned again.")
    var amend = false
    @Flag(help: "Orders only: the file is the past: each order closed on its own date, lines shipped, no live work, no stock moves.")
    var history = false
    @Option(help: "table or json (the summary)") var format: DocumentFormat = .table

    func run() throws {
        if kind.lowercased() == "orders" { return try importOrders() }
        guard channel == nil, !partial, !amend, !history else {
            CLI.fail(OperationError("--channel, --partial, --amend and --history apply to orders only."))
        }
        if ["pos", "asn"].contains(kind.lowercased()) {
            guard let form = InboundInput.of(path: file, given: input) else {
                CLI.fail(OperationError("--input \(input ?? "") is not a format for \(kind.lowercased()); use csv or json."))
            }
            return kind.lowercased() == "pos" ? try importPurchaseOrders(form) : try importShippingNotices(form)
        }
        guard input == nil else { CLI.fail(OperationError("--input applies to orders, pos and asn only.")) }
        if kind.lowercased() == "shipments" { return try importShipments() }
        guard let parsed = MasterDataKind(rawValue: kind.lowercased()) else {
            CLI.fail(OperationError("'\(kind)' is not something qm imports; use skus, locations, suppliers, stock, orders, shipments, pos or asn."))
        }
        let (ops, actor) = try global.open()
        let summary = try CLI.run {
            try MasterDataFile.importFile(parsed, path: file, into: ops, by: actor) { done, total in
                CLI.progress("importing \(parsed.rawValue)", done, total)
            }
        }
        CLI.endProgress()
        if format == .json { emit(JSON.encode(summary)); return }
        emit("Imported \(parsed.rawValue) from \(file): \(summary.created) created, \(summary.updated) updated, "
             + "\(summary.unchanged) unchanged, \(summary.moves) stock moves.\n")
    }

    /// Shipment confirmations: parsed whole, then shipped all or nothing; a re-sent feed
    /// counts duplicates.
    func importShipments() throws {
        let (ops, actor) = try global.open()
        let started = Date()
        let outcome = try CLI.run {
            try ShipmentFile.importFile(path: file, into: ops, by: actor) { done, total in CLI.progress("shipping", done, total) }
        }
        CLI.endProgress()
        if format == .json { emit(JSON.encode(outcome)); return }
        emit("Shipped from \(file) in \(String(format: "%.2f", Date().timeIntervalSince(started))) s: \(outcome.shipped) confirmations, "
             + "\(outcome.shipments) shipments, \(outcome.duplicates) already recorded.\n")
    }

    /// Purchase orders: created and taken to the state each asks for, all or nothing; a
    /// re-import changes nothing.
    func importPurchaseOrders(_ form: InboundInput) throws {
        let (ops, actor) = try global.open()
        let summary = try CLI.run {
            try PurchaseOrderFile.importFile(path: file, input: form, into: ops, by: actor) { done, total in CLI.progress("importing purchase orders", done, total) }
        }
        CLI.endProgress()
        if format == .json { emit(JSON.encode(summary)); return }
        emit("Imported purchase orders from \(file): \(summary.created) created, \(summary.updated) taken to a later state, "
             + "\(summary.unchanged) unchanged.\n")
    }

    /// Advance shipping notices, matched against their orders: what does not match waits as an
    /// exception (qm asn list --exceptions).
    func importShippingNotices(_ form: InboundInput) throws {
        let (ops, actor) = try global.open()
        let summary = try CLI.run {
            try ShippingNoticeFile.importFile(path: file, input: form, into: ops, by: actor) { done, total in CLI.progress("importing shipping notices", done, total) }
        }
        CLI.endProgress()
        if format == .json { emit(JSON.encode(summary)); return }
        emit("Imported shipping notices from \(file): \(summary.created) created (\(summary.withExceptions) with exceptions to look at: "
             + "qm asn list --exceptions), \(summary.unchanged) unchanged.\n")
    }

    /// Without --partial any rejected order stops the import, and nothing is written. Orders
    /// are parsed as they are captured, one in memory at a time, inside the import's one
    /// transaction.
    func importOrders() throws {
        guard let input else { CLI.fail(OperationError("Importing orders needs --input csv, json or online-retail.")) }
        guard let format = OrderInput(rawValue: input.lowercased()) else {
            CLI.fail(OperationError("--input \(input) is not an order format; use csv, json or online-retail."))
        }
        let (ops, actor) = try global.open()
        let started = Date()
        func refusal(_ report: OrderFileReport) -> OperationError {
            let error = ImportFileError(file: file, errors: report.rejected.map { (line: $0.line, reason: "\($0.reference): \($0.reason)") })
            return OperationError("\(error.description)\nNothing was imported (\(report.rejected.count) order(s) rejected); fix the file or use --partial.")
        }
        do { try OrderFile.checkReadable(file) } catch { CLI.fail(error) }
        var report = OrderFileReport()
        var outcome = try CLI.run {
            try ops.captureOrders(source: file, partial: partial, amend: amend, history: history, by: actor) { deliver in
                var failure: (any Error)?
                var captured = 0
                report = try OrderFile.stream(path: file, input: format, channel: channel) { order in
                    guard failure == nil else { return }
                    if captured % 1_000 == 0 { CLI.progress("importing orders", captured, 0, unit: "orders") }
                    captured += 1
                    do { try deliver(ImportRow(line: order.line, value: order.draft)) } catch { failure = error }
                }
                if let failure { throw failure }
                // A rejection rolls back what was captured before it.
                if !report.rejected.isEmpty && !partial { throw refusal(report) }
            }
        }
        CLI.endProgress()
        outcome.rejected = (report.rejected.map { RejectedDocument(line: $0.line, reference: $0.reference, reason: $0.reason) }
                            + outcome.rejected).sorted { $0.line < $1.line }
        let seconds = Date().timeIntervalSince(started)
        if self.format == .json {
            struct Summary: Encodable {
                var file: String; var lines: Int; var roundedPrices: Int; var outcome: OrderImportOutcome
            }
            emit(JSON.encode(Summary(file: file, lines: report.lines, roundedPrices: report.roundedPrices, outcome: outcome)))
            if !outcome.rejected.isEmpty || !outcome.conflicts.isEmpty { throw ExitCode(CLI.ExitStatus.partial) }
            return
        }
        var text = "Imported orders from \(file) (\(report.lines) lines in \(String(format: "%.2f", seconds)) s): "
            + (history ? "\(outcome.created) orders created as history (closed, shipped, no live work), "
                       : "\(outcome.created) orders created (\(outcome.released) released, \(outcome.held) held), ")
            + "\(outcome.duplicates) duplicates, "
            + (outcome.conflicts.isEmpty ? "" : "\(outcome.conflicts.count) conflicts (left alone; --amend applies them), ")
            + (outcome.amended == 0 ? "" : "\(outcome.amended) amended, ")
            + "\(outcome.returns) returns"
            + (outcome.returns == 0 ? "" : " (\(outcome.returnsTied) tied to the sales they take back, \(outcome.returnLinesUnmatched) lines unmatched: "
                                          + "qm return list --unmatched)")
            + ", \(outcome.writeOffs) write-offs" + (history || outcome.writeOffs == 0 ? "" : " (to post: qm writeoff list)")
            + ", \(outcome.adjustments) adjustments, "
            + "\(outcome.rejected.count) rejected; \(outcome.lines) lines; \(outcome.skusCreated) new SKUs flagged for review"
            + (report.roundedPrices > 0 ? "; \(report.roundedPrices) prices rounded to the penny" : "") + ".\n"
        for r in outcome.rejected { text += "  rejected \(file):\(r.line): \(r.reference): \(r.reason)\n" }
        for c in outcome.conflicts {
            text += "  conflict \(file):\(c.line): \(c.reference) (order \(c.order)): \(c.differences.joined(separator: "; "))\n"
        }
        emit(text)
        // The good orders are in, but a script must not take this for a clean import.
        if !outcome.rejected.isEmpty || !outcome.conflicts.isEmpty { throw ExitCode(CLI.ExitStatus.partial) }
    }
}
