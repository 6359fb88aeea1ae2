import ArgumentParser
import Foundation
import Domain
import Store
import Operations

struct ShippingNoticeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "asn", abstract: "Advance shipping notices: list them (exceptions, late ones), show one, dismiss one.",
        subcommands: [List.self, Show.self, Dismiss.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Shipping notices, oldest first.")
        @OptionGroup var global: GlobalOptions
        @Flag(help: "Only open notices that did not match their order (the receiving supervisor's queue).") var exceptions = false
        @Flag(help: "Only open notices past their expected arrival.") var late = false
        @Option var format: OutputFormat = .table

        func run() throws {
            let (ops, _) = try global.open()
            let today = ops.today
            let rows = try CLI.run { try ops.read { try $0.shippingNotices(withExceptions: exceptions, openOnly: exceptions, lateOn: late ? today : nil) } }
            emit(Listing(columns: ["asn", "po", "state", "expectedArrival", "lines", "units", "lateDays", "exceptions"],
                         rows: rows.map { r in
                             let late = r.state == "open" && r.notice.expectedArrival < today
                                 ? String(OrderDate.days(from: r.notice.expectedArrival, to: today)) : ""
                             return [r.notice.ref, r.notice.purchaseOrder, r.state, r.notice.expectedArrival, String(r.notice.lines.count),
                                     String(r.notice.lines.reduce(0) { $0 + $1.quantity }), late,
                                     r.exceptions.map(\.problem).joined(separator: "; ")]
                         }, numeric: ["lines", "units", "lateDays"]).render(format))
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A shipping notice: its lines and what did not match its order.")
        @OptionGroup var global: GlobalOptions
        @Argument var asn: String
        @Option(help: "table or json") var format: DocumentFormat = .table

        func run() throws {
            let (ops, _) = try global.open()
            let record = try CLI.run {
                guard let record = try ops.read({ try $0.shippingNotice(asn) }) else { throw OperationError("No shipping notice \(asn): qm asn list shows them.") }
                return record
            }
            if format == .json { emit(JSON.encode(record)); return }
            let n = record.notice
            var text = "\(n.ref)  \(record.state)  against \(n.purchaseOrder)  expected \(n.expectedArrival)  imported \(record.importedAt) by \(record.importedBy) from \(record.source)\n\n"
            text += Listing(columns: ["sku", "quantity"], rows: n.lines.map { [$0.sku, String($0.quantity)] }, numeric: ["quantity"]).render(.table)
            if !record.exceptions.isEmpty {
                text += "\nexceptions\n" + record.exceptions.map { "  \($0.problem)" }.joined(separator: "\n") + "\n"
            }
            if let by = record.closedBy {
                text += "\n\(record.state) \(record.closedAt ?? "") by \(by): \(record.closeNote ?? "")\n"
            }
            emit(text)
        }
    }

    struct Dismiss: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Dismiss an open notice after looking at it (goods that never came, a notice replaced): it leaves the queues, with the reason kept.")
        @OptionGroup var global: GlobalOptions
        @Argument var asn: String
        @Option(help: "What became of its goods.") var reason: String = ""

        func run() throws {
            let (ops, actor) = try global.open()
            try CLI.run { try ops.dismissShippingNotice(asn, reason: reason, by: actor) }
            emit("Dismissed shipping notice \(asn).\n")
        }
    }
}
