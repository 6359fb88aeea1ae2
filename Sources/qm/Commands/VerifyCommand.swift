import ArgumentParser
import Foundation
import Operations

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "verify", abstract: "Recompute every balance from the moves and check the ledger's invariants.")
    @OptionGroup var global: GlobalOptions
    @Option(help: "table or json (clean, counts checked, every violation as {check, message}, the chain heads)") var format: DocumentFormat = .table

    func run() throws {
        let (ops, _) = try global.open()
        let report = try CLI.run { try ops.verify() }
        if format == .json {
            let chains = report.chains.map { ["log": $0.log, "rows": $0.rows, "head": $0.hash] as [String: Any] }
            emit(JSON.string(["clean": report.isClean, "positionsChecked": report.positionsChecked,
                              "movesChecked": report.movesChecked,
                              "violations": report.findings.map { ["check": $0.check, "message": $0.message] },
                              "chains": chains] as [String: Any]))
            if !report.isClean { throw ExitCode(CLI.ExitStatus.violations) }
            return
        }
        if report.isClean {
            emit("OK: \(report.positionsChecked) positions agree with \(report.movesChecked) moves; no negative sellable; reserved equals live reservations and order allocations; kits hold no stock; every journal entry balances and inventory in the books equals the value of the stock on hand; the sums the KPIs keep equal a recomputation; the audit and stock-move hash chains hold.\n")
            for chain in report.chains { emit("\(chain.log) chain: \(chain.rows) rows, head \(chain.hash)\n") }
        } else {
            for v in report.violations { emit("VIOLATION: \(v)\n") }
            FileHandle.standardError.write(Data("qm: verify found \(report.violations.count) violation(s).\n".utf8))
            throw ExitCode(CLI.ExitStatus.violations)
        }
    }
}
