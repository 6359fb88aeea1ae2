import Foundation
import Domain
import Operations

/// A carrier's or WMS's shipment confirmations (docs/FORMATS.md, "Shipments"): a row per
/// order and location shipped, with carrier and tracking. Shipped as it is read; every bad row
/// is reported with its line, and nothing is imported while one is bad.
public enum ShipmentFile {
    static let required = ["order", "carrier", "tracking"]
    static let optional = ["location", "shipped_at"]

    /// Ships the file through `ops` as it is read, all or nothing. Every bad row, and the
    /// first that cannot ship, throw `ImportFileError` naming their lines.
    public static func importFile(path: String, into ops: Operations, by actor: Actor,
                                  progress: ImportProgress? = nil) throws -> ShipmentImportOutcome {
        var table = try HeaderedCSV.open(path: path, required: required, optional: optional)
        let source = URL(fileURLWithPath: path).lastPathComponent
        do {
            return try table.importRows(confirmation) { try ops.importShipments(source: source, by: actor, progress: progress, produce: $0) }
        } catch var error as ImportFileError {
            error.conclusion = "Nothing was shipped."
            throw error
        }
    }

    private static func confirmation(_ row: inout RowContext) -> ShipmentConfirmation? {
        let order = row.required("order")
        let carrier = row.required("carrier")
        let tracking = row.required("tracking")
        let location = row.optional("location").flatMap { $0.isEmpty ? nil : $0 }
        var shippedAt: String?
        if let text = row.optional("shipped_at"), !text.isEmpty {
            let value = text.count == 19 && Array(text.utf8)[10] == UInt8(ascii: "T")
                ? String(text.prefix(10)) + " " + String(text.suffix(8)) : text
            if OrderDate.isDateTime(value) {
                shippedAt = String(value.prefix(10)) + "T" + String(value.suffix(8)) + "Z"
            } else {
                row.fail("shipped_at \(RowContext.quote(text)) is not a date and time like 2026-11-20 14:05:00.")
            }
        }
        for (name, value) in [("carrier", carrier), ("tracking", tracking)] {
            if let value, TextRules.hasControlCharacters(value) || value.count > 80 {
                row.fail("\(name) must be 1-80 characters without control characters.")
            }
        }
        guard let order, let carrier, let tracking else { return nil }
        return ShipmentConfirmation(order: order, location: location, carrier: carrier, tracking: tracking, shippedAt: shippedAt)
    }
}
