import ArgumentParser
import Foundation
import Domain
import Operations
import Channels

/// `qm alerts`: what needs someone now, derived from the ledger and the queues (docs/KPIS.md).
struct AlertsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "alerts", abstract: "Alerts that hold now: list them, acknowledge one, see or change the rules (docs/KPIS.md).",
        subcommands: [AlertsList.self, AlertsAck.self, AlertRulesCommand.self], defaultSubcommand: AlertsList.self)
}

struct AlertsList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "The open alerts, oldest first, with the role that should act, their age and the document behind each.")
    @OptionGroup var global: GlobalOptions
    @Flag(help: "Acknowledged ones too.") var all = false
    @Option(help: "Only this rule: \(AlertRule.spellings).") var rule: String?
    @Option(help: "Only alerts for this role.") var owner: String?
    @Option var format: OutputFormat = .table

    func run() throws {
        let only = rule.map { parseOption($0, "--rule", AlertRule.init(parsing:), spellings: AlertRule.spellings) }
        let role = owner.map { parseOption($0, "--owner", Role.init(parsing:), spellings: Role.spellings) }
        let (ops, _) = try global.open()
        let views = try CLI.run { try ops.alerts() }.filter { v in
            (all || v.acknowledged == nil) && (only == nil || v.alert.rule == only) && (role == nil || v.alert.owner == role)
        }
        let columns = ["rule", "key", "owner", "age", "since", "document", "message", "acknowledged"]
        let rows = views.map { v in
            [v.alert.rule.rawValue, v.alert.key, v.alert.owner.rawValue, format == .table ? KPIUnit.seconds.format(v.age) : String(v.age), v.alert.since,
             v.alert.document, v.alert.message, v.acknowledged.map { "\($0.by) \($0.at.prefix(16))" + ($0.note.isEmpty ? "" : ": \($0.note)") } ?? ""]
        }
        if format == .table && rows.isEmpty { emit(all ? "No alerts hold now.\n" : "No open alerts.\n"); return }
        emit(Listing(columns: columns, rows: rows).render(format))
    }
}

struct AlertsAck: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ack", abstract: "Acknowledge an alert (its owner's role, a supervisor or an admin); it stays acknowledged while it holds.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The alert's key (qm alerts).") var key: String
    @Option(help: "What is being done about it.") var note = ""

    func run() throws {
        let (ops, actor) = try global.open()
        try CLI.run { try ops.acknowledgeAlert(key, note: note, by: actor) }
        emit("Acknowledged \(key).\n")
    }
}

struct AlertRulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules", abstract: "The alert rules and thresholds in force; import a rules file (rule,scope,threshold) over the defaults.",
        subcommands: [AlertRulesList.self, AlertRulesImport.self], defaultSubcommand: AlertRulesList.self)
}

struct AlertRulesList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "Each rule's thresholds in force, and whether a rules file set them.")
    @OptionGroup var global: GlobalOptions
    @Option var format: OutputFormat = .table

    func run() throws {
        let (ops, _) = try global.open()
        let rules = try CLI.run { try ops.alertRules() }
        emit(Listing(columns: ["rule", "scope", "threshold", "unit", "source"], rows: rules.thresholds.map { t in
            [t.rule.rawValue, t.scope ?? "", String(t.value), t.rule.thresholdUnit,
             AlertRules.defaults.contains(t) ? "default" : "rules file"]
        }, numeric: ["threshold"]).render(format))
    }
}

struct AlertRulesImport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Set the thresholds from a CSV file (rule,scope,threshold), replacing those a file set before; all or nothing.")
    @OptionGroup var global: GlobalOptions
    @Argument var file: String

    func run() throws {
        let rows: [ImportRow<AlertThreshold>]
        do { rows = try AlertRulesFile.parse(path: file) } catch { CLI.fail(error) }
        let (ops, actor) = try global.open()
        try CLI.run { try ops.importAlertRules(rows, source: file, by: actor) }
        emit("Alert rules from \(file): \(rows.count) threshold\(rows.count == 1 ? "" : "s") set over the defaults.\n")
    }
}
