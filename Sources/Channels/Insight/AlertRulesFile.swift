import Foundation
import Domain
import Operations

/// The alert rules file `qm alerts rules import` reads (docs/KPIS.md): `rule,scope,threshold`,
/// a row per threshold set over the shipped defaults.
public enum AlertRulesFile {
    static let required = ["rule", "threshold"]
    static let optional = ["scope"]

    /// Every row checked (a known rule, a whole-number threshold); a file with any bad row
    /// throws, listing them all by line.
    public static func parse(path: String) throws(ImportFileError) -> [ImportRow<AlertThreshold>] {
        var table = try HeaderedCSV.open(path: path, required: required, optional: optional)
        return try table.parse(threshold)
    }

    private static func threshold(_ row: inout RowContext) -> AlertThreshold? {
        let text = row.required("rule")
        let rule = text.flatMap(AlertRule.init(parsing:))
        if let text, rule == nil { row.fail("rule \(RowContext.quote(text)) is not one of \(AlertRule.spellings).") }
        let value = row.int("threshold")
        guard let rule, let value else { return nil }
        return AlertThreshold(rule: rule, scope: row.optional("scope"), value: value)
    }
}
