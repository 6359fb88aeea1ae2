import Foundation
import Domain
import Operations

/// A receiving file, as a scanner or a receiving clerk's spreadsheet exports it
/// (docs/FORMATS.md, "Receipts"): a row per scan or line, `po` optional when the command
/// names the order. Received as it is read, all or nothing; every bad row is reported with
/// its line.
public enum ReceiptFile {
    static let required = ["sku", "quantity"]
    static let optional = ["po", "condition"]

    public static func receiveFile(path: String, purchaseOrder: String?, arrivedOn: String?, note: String,
                                   landed: [LandedCharge] = [], spread: SpreadBasis = .value, into ops: Operations,
                                   by actor: Actor, progress: ImportProgress? = nil) throws -> [ReceiptOutcome] {
        var table = try HeaderedCSV.open(path: path, required: required, optional: optional)
        let source = URL(fileURLWithPath: path).lastPathComponent
        do {
            return try table.importRows({ row in line(&row, purchaseOrder: purchaseOrder) }) {
                try ops.receive(source: source, arrivedOn: arrivedOn, note: note, landed: landed, spread: spread, by: actor, progress: progress,
                                produce: $0)
            }
        } catch var error as ImportFileError {
            error.conclusion = "Nothing was received."
            throw error
        }
    }

    private static func line(_ row: inout RowContext, purchaseOrder: String?) -> ReceiptFileLine? {
        let po = row.optional("po") ?? purchaseOrder
        if po == nil { row.fail("po is empty and no --po was given: say which purchase order the row is for.") }
        let sku = row.code("sku")
        let quantity = row.int("quantity")
        if let quantity, !Limits.quantity.contains(quantity) {
            row.fail("quantity \(quantity) must be between 1 and \(Limits.quantity.upperBound.grouped).")
        }
        var condition = ReceiptCondition.good
        if let text = row.optional("condition") {
            if let parsed = ReceiptCondition(parsing: text) { condition = parsed } else {
                row.fail("condition \(RowContext.quote(text)) must be \(ReceiptCondition.spellings).")
            }
        }
        guard let po, let sku, let quantity, Limits.quantity.contains(quantity) else { return nil }
        return ReceiptFileLine(purchaseOrder: po, line: ReceivedLine(sku: sku, quantity: quantity, condition: condition))
    }
}
