import ArgumentParser
import Foundation
import Domain
import Operations
import Channels

struct ReceiveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "receive",
        abstract: "Receive goods against a purchase order: lines typed here, or a scanner's file (docs/FORMATS.md, Receipts).",
        discussion: """
            Good goods go to sellable, or to quarantine when the SKU is flagged for inspection; damaged goods go to damaged. \
            What arrives of a line stays within the supplier's tolerance. All or nothing: a line that breaks a rule changes nothing.
            """)
    @OptionGroup var global: GlobalOptions
    @Option(help: "The purchase order (for --line; for --file, rows without a po column).") var po: String?
    @Option(name: .customLong("line"), help: "SKU:QUANTITY, or SKU:QUANTITY:damaged; repeat for more lines.") var lines: [String] = []
    @Option(help: "A receiving file: sku and quantity, and po and condition where needed.") var file: String?
    @Option(help: "An advance shipping notice: alone, received as announced (it must have no exceptions); with --line, the goods counted under it (its order is the notice's), and the notice received with them.")
    var asn: String?
    @Option(help: "What landing the goods cost beyond their price, KIND=AMOUNT in the order's currency (freight, duty, insurance), e.g. freight=12.50; repeat for more. Added to the value of the receipt's lines (a file's: of one order) (docs/MONEY.md).")
    var landed: [String] = []
    @Option(help: "How the landed cost is shared over the lines: value (default), quantity or weight.") var spread = "value"
    @Option(help: "The day the goods arrived, yyyy-mm-dd (default today).") var arrived: String?
    @Option var note = ""
    @Option(help: "table or json") var format: DocumentFormat = .table

    func validate() throws {
        guard !lines.isEmpty || file != nil || asn != nil, lines.isEmpty || file == nil, file == nil || asn == nil else {
            throw ValidationError("Give the lines with --line (with --po or --asn), a file with --file, or a shipping notice with --asn.")
        }
        if !lines.isEmpty && po == nil && asn == nil { throw ValidationError("--line needs --po: the purchase order the goods arrived against.") }
        if asn != nil && lines.isEmpty && po != nil {
            throw ValidationError("--asn alone receives the notice against its own order; --po goes with --line (goods counted under the notice).")
        }
    }

    func run() throws {
        let typed = try lines.map(Self.parseLine)
        let charges = try landed.map(Self.parseLanded)
        let basis = parseOption(spread, "--spread", SpreadBasis.init(parsing:), spellings: SpreadBasis.spellings)
        let (ops, actor) = try global.open()
        let outcomes: [ReceiptOutcome]
        if let asn, typed.isEmpty {
            outcomes = try CLI.run { [try ops.receiveShippingNotice(asn, arrivedOn: arrived, note: note, landed: charges, spread: basis, by: actor)] }
        } else if let asn {
            outcomes = try CLI.run {
                guard let notice = try ops.read({ try $0.shippingNotice(asn) }) else { throw OperationError("No shipping notice \(asn): qm asn list shows them.") }
                return try ops.receive([ReceiptRequest(purchaseOrder: po ?? notice.notice.purchaseOrder, lines: typed, arrivedOn: arrived,
                                                       note: note, notice: asn, landed: charges, spread: basis)], by: actor)
            }
        } else if let file {
            outcomes = try CLI.run {
                try ReceiptFile.receiveFile(path: file, purchaseOrder: po, arrivedOn: arrived, note: note, landed: charges, spread: basis,
                                            into: ops, by: actor) { done, total in
                    CLI.progress("receiving", done, total, unit: "lines")
                }
            }
            CLI.endProgress()
        } else {
            outcomes = try CLI.run {
                try ops.receive([ReceiptRequest(purchaseOrder: po!, lines: typed, arrivedOn: arrived, note: note, landed: charges, spread: basis)],
                                by: actor)
            }
        }
        if format == .json { emit(JSON.encode(outcomes)); return }
        var text = ""
        for o in outcomes {
            text += "Received on \(o.purchaseOrder) at \(o.location) (receipt \(o.receipt)); \(o.stateBefore.rawValue) -> \(o.stateAfter.rawValue).\n"
            text += Listing(columns: ["sku", "quantity", "condition", "to"],
                            rows: o.lines.map { [$0.sku, String($0.quantity), $0.condition.rawValue, $0.status.rawValue] },
                            numeric: ["quantity"]).render(.table)
            if !o.waiting.isEmpty {
                text += "Backorders it can serve: " + o.waiting.map { "\($0.sku) (\($0.backordered.grouped) units waiting)" }.joined(separator: ", ")
                    + "; qm allocate takes them.\n"
            }
            if !o.dismissedNotices.isEmpty {
                text += "\(o.purchaseOrder) takes no more goods: shipping notice\(o.dismissedNotices.count == 1 ? "" : "s") "
                    + "\(o.dismissedNotices.joined(separator: ", ")) dismissed.\n"
            }
        }
        emit(text)
    }

    /// KIND=AMOUNT: freight=12.50
    static func parseLanded(_ text: String) throws -> LandedCharge {
        let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
        guard parts.count == 2, let kind = LandedCostKind(parsing: parts[0]) else {
            throw ValidationError("--landed \(text) is not KIND=AMOUNT with KIND one of \(LandedCostKind.spellings).")
        }
        guard case let .value(minor) = FixedPoint.parse(parts[1], decimals: 2), minor >= 0 else {
            throw ValidationError("--landed \(text): \(parts[1]) is not an amount like 12.50.")
        }
        return LandedCharge(kind: kind, amount: minor)
    }

    /// SKU:QUANTITY[:CONDITION]
    static func parseLine(_ text: String) throws -> ReceivedLine {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard (2...3).contains(parts.count), !parts[0].isEmpty else {
            throw ValidationError("--line \(text) is not SKU:QUANTITY or SKU:QUANTITY:damaged.")
        }
        let quantity = try WholeNumber.positiveQuantity("--line \(parts[0]) quantity")(parts[1])
        var condition = ReceiptCondition.good
        if parts.count == 3 {
            guard let parsed = ReceiptCondition(parsing: parts[2]) else {
                throw ValidationError("--line \(text): condition \(parts[2]) must be \(ReceiptCondition.spellings).")
            }
            condition = parsed
        }
        return ReceivedLine(sku: parts[0], quantity: quantity, condition: condition)
    }
}
