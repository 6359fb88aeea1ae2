import Foundation
import Domain
import Operations

/// A wave's pick list coming back from the floor (docs/FORMATS.md, "Pick confirmations"): the
/// pick list's own columns with `picked` filled in. Confirmed as it is read; every bad row is
/// reported with its line.
public enum PickFile {
    static let required = ["wave", "order", "line", "sku", "location", "picked"]
    static let optional = ["quantity"]

    /// Confirms the file through `ops` as it is read, all or nothing: every bad row, and the
    /// first the confirmation refuses, throw `ImportFileError` naming their lines.
    public static func confirmFile(path: String, into ops: Operations, by actor: Actor) throws -> WaveConfirmation {
        var table = try HeaderedCSV.open(path: path, required: required, optional: optional)
        let source = URL(fileURLWithPath: path).lastPathComponent
        do {
            return try table.importRows(confirmation) { try ops.confirmWave(source: source, by: actor, produce: $0) }
        } catch var error as ImportFileError {
            error.conclusion = "Nothing was confirmed."
            throw error
        }
    }

    private static func confirmation(_ row: inout RowContext) -> PickConfirmation? {
        let wave = row.int("wave"), order = row.int("order"), line = row.int("line")
        let sku = row.code("sku"), location = row.code("location"), picked = row.int("picked")
        guard let wave, let order, let line, let sku, let location, let picked else { return nil }
        guard picked >= 0 else { row.fail("picked must be 0 or more, got \(picked)."); return nil }
        return PickConfirmation(wave: Int64(wave), order: Int64(order), line: line, sku: sku, location: location, picked: picked)
    }
}
