import Foundation
import Domain
import Operations

/// A count file, as a counter's scanner exports it (docs/FORMATS.md, "Counts"): a row per scan
/// or line, `count` optional when the command names the task, `bucket` shelf when empty.
/// Entered as it is read and every task it names completed, all or nothing; every bad row is
/// reported with its line.
public enum CountFile {
    static let required = ["sku", "quantity"]
    static let optional = ["count", "bucket"]

    public static func enterFile(path: String, task: Int64?, into ops: Operations, by actor: Actor,
                                 progress: ImportProgress? = nil) throws -> [CountOutcome] {
        var table = try HeaderedCSV.open(path: path, required: required, optional: optional)
        let source = URL(fileURLWithPath: path).lastPathComponent
        do {
            return try table.importRows({ row in line(&row, task: task) }) {
                try ops.enterCounts(source: source, by: actor, progress: progress, produce: $0)
            }
        } catch var error as ImportFileError {
            error.conclusion = "Nothing was counted."
            throw error
        }
    }

    private static func line(_ row: inout RowContext, task: Int64?) -> CountFileLine? {
        var id = task
        if let text = row.optional("count") {
            if let number = Int64(text), number > 0 { id = number } else {
                row.fail("count \(RowContext.quote(text)) is not a count number (qm count list shows them).")
            }
        } else if task == nil {
            row.fail("count is empty and no --count was given: say which count the row is for.")
        }
        let sku = row.code("sku")
        let quantity = row.int("quantity")
        if let quantity, !(0...Limits.quantity.upperBound).contains(quantity) {
            row.fail("quantity \(quantity) must be between 0 and \(Limits.quantity.upperBound.grouped): how many units are there.")
        }
        var bucket = CountBucket.shelf
        if let text = row.optional("bucket") {
            if let parsed = CountBucket(parsing: text) { bucket = parsed } else {
                row.fail("bucket \(RowContext.quote(text)) must be \(CountBucket.spellings).")
            }
        }
        guard let id, let sku, let quantity, (0...Limits.quantity.upperBound).contains(quantity) else { return nil }
        return CountFileLine(task: id, entry: CountEntry(sku: sku, bucket: bucket, quantity: quantity))
    }
}
