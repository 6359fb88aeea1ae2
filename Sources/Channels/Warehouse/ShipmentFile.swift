import Foundation
import Domain
import Operations

/// A carrier's or WMS's shipment confirmations (docs/FORMATS.md, "Shipments"): a row per
/// order and location shipped, with carrier and tracking. Parsed whole first; every bad row
/// is reported with its line, and nothing is imported while one is bad.
public enum ShipmentFile {
    static let required = ["order", "carrier", "tracking"]
    static let optional = ["location", "shipped_at"]

    public static func parse(path: String) throws(ImportFileError) -> [ImportRow<ShipmentConfirmation>] {
        var table = try HeaderedCSV.open(path: path, required: required, optional: optional)
        return try parse(&table)
    }

    /// Parses the file, then ships it through `ops`, all or nothing. A bad row (in the file, or
    /// one that cannot ship) throws `ImportFileError` naming its line.
    public static func importFile(path: String, into ops: Operations, by actor: Actor,
                                  progress: ImportProgress? = nil) throws -> ShipmentImportOutcome {
        let rows = try parse(path: path)
        do {
            return try ops.importShipments(rows, source: URL(fileURLWithPath: path).lastPathComponent, by: actor, progress: progress)
        } catch {
            guard let (line, reason) = MasterDataFile.lineAndReason(error.message) else { throw error }
            throw ImportFileError(file: path, errors: [(line, reason + " Nothing was shipped.")])
        }
    }

    public static func parse(bytes: [UInt8], file: String) throws(ImportFileError) -> [ImportRow<ShipmentConfirmation>] {
        var table = try HeaderedCSV.load(bytes: bytes, file: file, required: required, optional: optional)
        return try parse(&table)
    }

    private static func parse(_ table: inout HeaderedCSV) throws(ImportFileError) -> [ImportRow<ShipmentConfirmation>] {
        var seen: [String: Int] = [:]
        return try table.parse { row in
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
            let key = "\(order)\u{1F}\(location ?? "")\u{1F}\(tracking)"
            if let first = seen[key] {
                row.fail("order \(order) with tracking \(tracking) is confirmed twice (first on line \(first)).")
            } else {
                seen[key] = row.line
            }
            return ShipmentConfirmation(order: order, location: location, carrier: carrier, tracking: tracking, shippedAt: shippedAt)
        }
    }
}
