import Foundation
import Domain
import Operations

/// Advance shipping notices from suppliers (docs/FORMATS.md, "Shipping notices"): a row per
/// notice line, a notice's rows together. Imported as it is read, all or nothing. Or as JSON,
/// a document per notice.
public enum ShippingNoticeFile {
    static let required = ["asn", "po", "sku", "quantity", "expected_arrival"]

    /// The JSON spelling: a document per notice with its lines (`InboundJSON`).
    static let json = InboundJSON.Shape(header: [("asn", "asn"), ("po", "po"), ("expectedArrival", "expected_arrival")],
                                        line: [("sku", "sku"), ("quantity", "quantity")], noun: "shipping notice")

    public static func importFile(path: String, input: InboundInput = .csv, into ops: Operations, by actor: Actor,
                                  progress: ImportProgress? = nil) throws -> ShippingNoticeImportSummary {
        var table = try InboundJSON.table(path: path, input: input, shape: json, required: required, optional: [])
        let source = URL(fileURLWithPath: path).lastPathComponent
        do {
            return try table.importRows(row) { rows in
                try ops.importShippingNotices(source: source, by: actor, progress: progress) { deliver in try gather(rows, into: deliver) }
            }
        } catch var error as ImportFileError {
            error.conclusion = "Nothing was imported."
            throw error
        }
    }

    /// Consecutive rows of one notice become one notice (`ConsecutiveRows`). A row disagreeing
    /// with the first about the order or the date, or naming a SKU again, is refused at its own
    /// line.
    static func gather(_ rows: ImportProducer<AdvanceShippingNotice>,
                       into deliver: (ImportRow<AdvanceShippingNotice>) throws -> Void) throws {
        var skuLines: [String: Int] = [:]
        try ConsecutiveRows.gather(rows, key: { $0.ref }, start: { row in
            skuLines = [row.value.lines[0].sku: row.line]
            return row.value
        }, add: { notice, row, firstLine in
            let mine = row.value, line = mine.lines[0]
            guard mine.purchaseOrder == notice.purchaseOrder, mine.expectedArrival == notice.expectedArrival else {
                throw OperationError("line \(row.line): ASN \(mine.ref)'s po and expected_arrival must be those of its first row (line \(firstLine)).")
            }
            if let first = skuLines[line.sku] {
                throw OperationError("line \(row.line): ASN \(mine.ref): \(line.sku) is on the notice twice (line \(first)); one line per SKU.")
            }
            skuLines[line.sku] = row.line
            notice.lines.append(line)
        }, into: deliver)
    }

    private static func row(_ row: inout RowContext) -> AdvanceShippingNotice? {
        let ref = row.code("asn")
        let po = row.code("po")
        let sku = row.code("sku")
        let quantity = row.int("quantity")
        if let quantity, !Limits.quantity.contains(quantity) {
            row.fail("quantity \(quantity) must be between 1 and \(Limits.quantity.upperBound.grouped).")
        }
        let arrival = row.required("expected_arrival")
        if let arrival, !OrderDate.isDate(arrival) { row.fail("expected_arrival \(RowContext.quote(arrival)) is not a date like 2026-12-24.") }
        guard let ref, let po, let sku, let quantity, Limits.quantity.contains(quantity), let arrival, OrderDate.isDate(arrival) else { return nil }
        return AdvanceShippingNotice(ref: ref, purchaseOrder: po, expectedArrival: arrival, lines: [AdvanceShippingNotice.Line(sku: sku, quantity: quantity)])
    }
}
