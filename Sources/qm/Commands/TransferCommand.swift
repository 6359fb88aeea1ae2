import ArgumentParser
import Foundation
import Domain
import Store
import Operations

struct TransferCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "transfer",
        abstract: "Transfers between locations: create, ship (goods go in transit and count as inbound at the destination), receive, cancel.",
        subcommands: [Create.self, Ship.self, Receive.self, Cancel.self, Show.self, List.self])

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Plan a transfer of sellable stock from one location to another.")
        @OptionGroup var global: GlobalOptions
        @Option var from: String
        @Option var to: String
        @Option(name: .customLong("line"), help: "SKU:QUANTITY; repeat for more lines.") var lines: [String]
        @Option(parsing: .unconditional, help: "Days from shipping to arrival.", transform: WholeNumber.count("--lead-days"))
        var leadDays: Int
        @Option(help: "Its reference (default: the next TR- number).") var ref = ""
        @Option var note = ""

        func run() throws {
            let parsed = try lines.map { text -> Transfer.Line in
                let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
                guard parts.count == 2, !parts[0].isEmpty else { throw ValidationError("--line \(text) is not SKU:QUANTITY.") }
                return Transfer.Line(sku: parts[0], quantity: try WholeNumber.positiveQuantity("--line \(parts[0]) quantity")(parts[1]))
            }
            let (ops, actor) = try global.open()
            let record = try CLI.run {
                try ops.createTransfer(Transfer(code: ref, from: from, to: to, leadDays: leadDays, note: note, lines: parsed), by: actor)
            }
            emit("Created \(record.transfer.code): \(record.transfer.units.grouped) units from \(from) to \(to), \(leadDays) days on the way once shipped.\n")
        }
    }

    struct StepOptions: ParsableArguments {
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The transfer's reference.") var transfer: String

        func run(_ step: TransferStep, reason: String) throws {
            let (ops, actor) = try global.open()
            let after = try CLI.run { try ops.advanceTransfer(transfer, step, reason: reason, by: actor) }
            let t = after.transfer
            switch step {
            case .ship: emit("\(t.code) shipped: \(t.units.grouped) units in transit at \(after.via ?? "?"), inbound at \(t.to), expected \(t.expectedDate ?? "?").\n")
            case .receive: emit("\(t.code) received: \(t.units.grouped) units sellable at \(t.to).\n")
            case .cancel: emit("\(t.code) cancelled.\n")
            }
        }
    }

    struct Ship: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Ship a transfer: its stock leaves the source for the in-transit location.")
        @OptionGroup var step: StepOptions
        @Option var note = ""
        func run() throws { try step.run(.ship, reason: note) }
    }

    struct Receive: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Receive a shipped transfer: its stock becomes sellable at the destination.")
        @OptionGroup var step: StepOptions
        @Option var note = ""
        func run() throws { try step.run(.receive, reason: note) }
    }

    struct Cancel: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Cancel a transfer that has not shipped.")
        @OptionGroup var step: StepOptions
        @Option(help: "Why (required).") var reason: String
        func run() throws { try step.run(.cancel, reason: reason) }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A transfer: its lines, state and history.")
        @OptionGroup var global: GlobalOptions
        @Argument var transfer: String
        @Option(help: "table or json") var format: DocumentFormat = .table

        func run() throws {
            let (ops, _) = try global.open()
            let (record, history) = try CLI.run {
                guard let record = try ops.read({ try $0.transfer(transfer) }) else {
                    throw OperationError("No transfer \(transfer): qm transfer list shows them.")
                }
                return (record, try ops.read { try $0.auditEntries(entity: "transfer:\(record.transfer.code)", limit: 200) })
            }
            if format == .json {
                struct Shown: Encodable { var transfer: Transfer; var via: String?; var history: [AuditRow] }
                emit(JSON.encode(Shown(transfer: record.transfer, via: record.via, history: history)))
                return
            }
            let t = record.transfer
            var text = "\(t.code)  \(t.state.rawValue)  \(t.from) -> \(t.to)  \(t.units.grouped) units  lead \(t.leadDays) days"
                + (t.expectedDate.map { "  expected \($0)" } ?? "") + "\n"
            if !t.note.isEmpty { text += "note: \(t.note)\n" }
            text += "\n" + Listing(columns: ["sku", "quantity"], rows: t.lines.map { [$0.sku, String($0.quantity)] }, numeric: ["quantity"]).render(.table)
            if !history.isEmpty { text += "\n" + HistoryText.lines(history).joined(separator: "\n") + "\n" }
            emit(text)
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Transfers, oldest first.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Only this state: \(TransferState.spellings).") var state: String?
        @Option var format: OutputFormat = .table

        func run() throws {
            let filter = state.map { parseOption($0, "--state", TransferState.init(parsing:), spellings: TransferState.spellings) }
            let (ops, _) = try global.open()
            let rows = try CLI.run { try ops.read { try $0.transfers(state: filter, limit: nil) } }
            emit(Listing(columns: ["transfer", "state", "from", "to", "lines", "units", "leadDays", "expected", "since"],
                         rows: rows.map { r in
                             let t = r.transfer
                             return [t.code, t.state.rawValue, t.from, t.to, String(t.lines.count), String(t.units), String(t.leadDays),
                                     t.expectedDate ?? "", r.stateSince]
                         }, numeric: ["lines", "units", "leadDays"]).render(format))
        }
    }
}
