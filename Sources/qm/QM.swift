import Foundation
import ArgumentParser

@main
struct QM: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "qm",
        abstract: "Quartermaster: a terminal operations console for inventory and orders.",
        discussion: "With no subcommand, opens the console (creating a demo database on first run).",
        version: QM.version,
        subcommands: [ConsoleCommand.self, InitCommand.self, DemoCommand.self, SKUCommand.self, StockCommand.self,
                      LocationCommand.self, SupplierCommand.self, MoveCommand.self, WaveCommand.self, AuditCommand.self, UserCommand.self, VerifyCommand.self, ImportCommand.self,
                      OrdersCommand.self, OrderCommand.self, AllocateCommand.self, ExplainCommand.self, BackordersCommand.self,
                      PurchaseOrderCommand.self, ShippingNoticeCommand.self, ReceiveCommand.self, TransferCommand.self, ClassifyCommand.self, ReplenishCommand.self,
                      CountCommand.self, ReturnCommand.self, WriteOffCommand.self,
                      AccountsCommand.self, JournalCommand.self, TrialBalanceCommand.self, ValuationCommand.self, PeriodCommand.self, MarginCommand.self, KPICommand.self, AlertsCommand.self, AnomaliesCommand.self,
                      SettingCommand.self],
        defaultSubcommand: ConsoleCommand.self)

    /// `qm --version`; bumped with each release.
    static let version = "0.8.0"

    /// Runs the command line. The errors argument-parser words itself (a bad option value)
    /// echo what was typed, so they are sanitised like every other text qm writes.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            let message = fullMessage(for: error)
            if !message.isEmpty {
                let text = Data((CLI.sanitisedLines(message) + "\n").utf8)
                if code == .success { FileHandle.standardOutput.write(text) } else { FileHandle.standardError.write(text) }
            }
            Foundation.exit(code.rawValue)
        }
    }
}
