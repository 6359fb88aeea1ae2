import Foundation
import Domain
import Operations

/// Purchase orders from a planning tool or another system (docs/FORMATS.md, "Purchase
/// orders"): a row per order line, an order's rows together, its header repeated on each.
/// Imported as it is read, all or nothing; a re-import changes nothing. Or as JSON, a document
/// per order.
public enum PurchaseOrderFile {
    static let required = ["po", "supplier", "location", "sku", "quantity", "unit_cost", "expected_date"]
    static let optional = ["currency", "state", "note"]

    /// The JSON spelling: a document per order with its lines (`InboundJSON`).
    static let json = InboundJSON.Shape(
        header: [("po", "po"), ("supplier", "supplier"), ("location", "location"), ("currency", "currency"), ("state", "state"), ("note", "note")],
        line: [("sku", "sku"), ("quantity", "quantity"), ("unitCost", "unit_cost"), ("expectedDate", "expected_date")],
        noun: "purchase order")

    public static func importFile(path: String, input: InboundInput = .csv, into ops: Operations, by actor: Actor,
                                  progress: ImportProgress? = nil) throws -> ImportSummary {
        var table = try InboundJSON.table(path: path, input: input, shape: json, required: required, optional: optional)
        let source = URL(fileURLWithPath: path).lastPathComponent
        do {
            return try table.importRows(row) { rows in
                try ops.importPurchaseOrders(source: source, by: actor, progress: progress) { deliver in
                    try gather(rows, into: deliver)
                }
            }
        } catch var error as ImportFileError {
            error.conclusion = "Nothing was imported."
            throw error
        }
    }

    /// One row: the order's header as the row states it, and its line.
    struct Row {
        var order: PurchaseOrder
        var line: PurchaseOrderLine
    }

    /// Consecutive rows of one reference become one order (`ConsecutiveRows`). A row whose
    /// header disagrees with its order's first row is refused, naming both.
    static func gather(_ rows: ImportProducer<Row>, into deliver: (ImportRow<PurchaseOrder>) throws -> Void) throws {
        try ConsecutiveRows.gather(rows, key: { $0.order.code }, start: { row in
            var order = row.value.order
            order.lines = [row.value.line]
            return order
        }, add: { order, row, firstLine in
            let mine = row.value.order
            if (mine.supplier, mine.location, mine.currency, mine.state, mine.note) != (order.supplier, order.location, order.currency, order.state, order.note) {
                throw OperationError("line \(row.line): \(mine.code)'s supplier, location, currency, state and note must be those of its first row (line \(firstLine)).")
            }
            order.lines.append(row.value.line)
        }, into: deliver)
    }

    private static func row(_ row: inout RowContext) -> Row? {
        let code = row.code("po")
        let supplier = row.code("supplier")
        let location = row.code("location")
        let sku = row.code("sku")
        let quantity = row.int("quantity")
        let cost = row.money("unit_cost")
        let expected = row.required("expected_date")
        if let expected, !OrderDate.isDate(expected) { row.fail("expected_date \(RowContext.quote(expected)) is not a date like 2026-12-24.") }
        let currency = row.optional("currency") ?? MasterDataFile.defaultCurrency
        if !Currency.isValid(currency) { row.fail("currency \(RowContext.quote(currency)) is not a three-letter ISO code.") }
        var state = PurchaseOrderState.draft
        if let text = row.optional("state") {
            if let parsed = PurchaseOrderState(parsing: text), [.draft, .approved, .sent].contains(parsed) { state = parsed } else {
                row.fail("state \(RowContext.quote(text)) must be draft, approved or sent.")
            }
        }
        let note = row.optional("note") ?? ""
        guard let code, let supplier, let location, let sku, let quantity, let cost, let expected, OrderDate.isDate(expected),
              Currency.isValid(currency) else { return nil }
        let line = PurchaseOrderLine(sku: sku, quantity: quantity, unitCost: Money(minorUnits: cost, currency: currency), expectedDate: expected)
        let order = PurchaseOrder(code: code, supplier: supplier, location: location, currency: currency, state: state, note: note)
        return MasterDataFile.validated(Row(order: order, line: line), &row) { r throws(DomainError) in
            try r.line.validate(order: r.order.code)
            var whole = r.order
            whole.lines = [r.line]
            try whole.validate()
        }
    }
}
