import Foundation
import Domain
import Operations

/// A wave's pick list coming back from the floor (docs/FORMATS.md, "Pick confirmations"): the
/// pick list's own columns with `picked` filled in. Parsed whole first; every bad row is
/// reported with its line.
public enum PickFile {
    static let required = ["wave", "order", "line", "sku", "location", "picked"]
    static let optional = ["quantity"]

    public static func parse(path: String) throws(ImportFileError) -> [ImportRow<PickConfirmation>] {
        var table = try HeaderedCSV.open(path: path, required: required, optional: optional)
        return try table.parse { row in
            let wave = row.int("wave"), order = row.int("order"), line = row.int("line")
            let sku = row.code("sku"), location = row.code("location"), picked = row.int("picked")
            guard let wave, let order, let line, let sku, let location, let picked else { return nil }
            guard picked >= 0 else { row.fail("picked must be 0 or more, got \(picked)."); return nil }
            return PickConfirmation(wave: Int64(wave), order: Int64(order), line: line, sku: sku, location: location, picked: picked)
        }
    }

    /// Parses the file, then confirms it through `ops`, all or nothing; a bad row throws
    /// `ImportFileError` naming its line.
    public static func confirmFile(path: String, into ops: Operations, by actor: Actor) throws -> WaveConfirmation {
        let rows = try parse(path: path)
        do {
            return try ops.confirmWave(rows, source: URL(fileURLWithPath: path).lastPathComponent, by: actor)
        } catch {
            guard let (line, reason) = MasterDataFile.lineAndReason(error.message) else { throw error }
            throw ImportFileError(file: path, errors: [(line, reason + " Nothing was confirmed.")])
        }
    }
}
