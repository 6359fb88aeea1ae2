import ArgumentParser
import Foundation
import Domain
import Store
import Operations

struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "audit", abstract: "The audit log, newest first.")
    @OptionGroup var global: GlobalOptions
    @Option(help: "Only this entity, e.g. stock:QM10001@WH-UK-N, sku:QM10001, user:sam.") var entity: String?
    @OptionGroup var limit: ListingLimit
    @Option var format: OutputFormat = .table

    func run() throws {
        let (ops, _) = try global.open()
        let rows = try limit.fetch(format, tablePage: 50, noun: "entries") { n in
            try ops.read { try $0.auditEntries(entity: entity, limit: n) }
        } count: {
            try ops.read { try $0.auditCount(entity: entity) }
        }
        if format == .json {
            // Before and after are JSON documents themselves: nested as such, null when absent.
            func document(_ text: String?) -> Any {
                guard let text else { return NSNull() }
                return (try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])) ?? text
            }
            emit(JSON.string(rows.map { row -> [String: Any] in
                ["id": row.id, "at": row.at, "actor": row.actor, "role": row.role, "command": row.command,
                 "entity": row.entity, "reason": row.reason, "before": document(row.before), "after": document(row.after)]
            }))
            return
        }
        emit(Listing(columns: ["id", "at", "actor", "role", "command", "entity", "reason", "before", "after"],
                     rows: rows.map { [String($0.id), $0.at, $0.actor, $0.role, $0.command, $0.entity, $0.reason, $0.before ?? "", $0.after ?? ""] },
                     numeric: ["id"]).render(format))
    }
}
