import ArgumentParser
import Foundation
import Domain
import Store
import Operations
import TerminalKit

/// Options every command takes.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: "Database file (default: $QM_DB, else ~/.local/share/quartermaster/qm.sqlite).")
    var db: String?

    @Option(name: .customLong("as"), help: "Act as this user (admins only).")
    var asUser: String?

    var databasePath: String { db ?? Self.defaultDatabasePath }

    static var defaultDatabasePath: String {
        let env = ProcessInfo.processInfo.environment
        if let path = env["QM_DB"], !path.isEmpty { return path }
        let dataHome = env["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (NSHomeDirectory() + "/.local/share")
        return dataHome + "/quartermaster/qm.sqlite"
    }

    /// Opens the store (which must exist unless `create`) and resolves who is acting. A write
    /// that waits for another process's lock says so on stderr (not under the console, which
    /// owns the terminal and says it on its message line).
    func open(create: Bool = false, noticeWaits: Bool = true) throws -> (Operations, Actor) {
        try CLI.run {
            let folder = (databasePath as NSString).deletingLastPathComponent
            if create && !folder.isEmpty {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            }
            var notice: (@Sendable () -> Void)?
            if noticeWaits { notice = { CLI.note("waiting for another process to finish writing (for up to 10 s)…") } }
            let ops = Operations(store: try LedgerStore(path: databasePath, create: create, whileWaiting: notice))
            return (ops, try ops.resolveActor(osUser: CLI.osUser, requested: asUser))
        }
    }
}

/// Whole-number options read the same way everywhere: "-2" is a value (never taken for an
/// option name), and a value out of range says which bound it broke.
enum WholeNumber {
    /// A whole number within ±`bound`.
    static func parse(_ name: String, _ text: String, bound: Int = Int.max) throws -> Int {
        let digits = text.hasPrefix("-") || text.hasPrefix("+") ? text.dropFirst() : Substring(text)
        guard !digits.isEmpty, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber) else {
            throw ValidationError("\(name) \(text) is not a whole number.")
        }
        guard let n = Int(text), n.magnitude <= bound.magnitude else {
            throw ValidationError("\(name) \(text) is too large (at most \(bound.grouped)).")
        }
        return n
    }

    /// A signed quantity of stock: non-zero is checked by the command.
    static func quantity(_ name: String) -> @Sendable (String) throws -> Int {
        { try parse(name, $0, bound: StockMove.maxQuantity) }
    }

    /// A quantity of stock that must be positive.
    static func positiveQuantity(_ name: String) -> @Sendable (String) throws -> Int {
        { text in
            let n = try parse(name, text, bound: StockMove.maxQuantity)
            guard n > 0 else { throw ValidationError("\(name) must be positive, got \(text).") }
            return n
        }
    }

    /// Any whole number; the command checks its own range.
    static func any(_ name: String) -> @Sendable (String) throws -> Int {
        { try parse(name, $0) }
    }

    /// A count, 0 or more.
    static func count(_ name: String) -> @Sendable (String) throws -> Int {
        { text in
            let n = try parse(name, text)
            guard n >= 0 else { throw ValidationError("\(name) must be 0 or more, got \(text).") }
            return n
        }
    }

    /// A count, 1 or more.
    static func positive(_ name: String) -> @Sendable (String) throws -> Int {
        { text in
            let n = try parse(name, text)
            guard n > 0 else { throw ValidationError("\(name) must be at least 1, got \(text).") }
            return n
        }
    }
}

/// Listings: rows, so any of the three.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, csv
}

/// One document (an order, a SKU, a summary, a report): text for people or JSON; a CSV of
/// nested records would lose them, so `--format csv` is refused where this is the option.
enum DocumentFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json
}

/// How the CLI turns failures into one clear sentence on stderr and a non-zero exit.
enum CLI {
    /// Exit statuses scripts can tell apart (README, "Command line").
    enum ExitStatus {
        /// Refused or failed: one sentence on stderr, nothing changed.
        static let refused: Int32 = 1
        /// `qm verify` found broken invariants.
        static let violations: Int32 = 2
        /// `qm import orders --partial` imported the good orders and rejected others.
        static let partial: Int32 = 3
        /// The command line itself was wrong (swift-argument-parser's usage error).
        static let usage: Int32 = 64
    }

    /// Who runs this process: the account name of the effective user id, from the system's user
    /// database. Never `$USER` or `$LOGNAME`: anyone can set those (`USER=root qm ...`). An id
    /// without an account (a container's arbitrary uid) acts as "uid-N".
    static var osUser: String {
        let uid = geteuid()
        guard let entry = getpwuid(uid), let name = entry.pointee.pw_name, let text = String(validatingCString: name),
              !text.isEmpty else { return "uid-\(uid)" }
        return text
    }

    static func run<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as ExitCode { throw error } catch let error as CleanExit {
            throw error
        } catch {
            fail(error)
        }
    }

    static func fail(_ error: any Error) -> Never {
        endProgress()   // an error must not land on the end of a progress line
        let message = switch error {
        case let e as OperationError: e.message
        case let e as StoreError: e.message
        case let e as DomainError: e.message
        case let e as CocoaError: e.localizedDescription
        default: String(describing: error)
        }
        FileHandle.standardError.write(Data(("qm: " + sanitisedLines(message) + "\n").utf8))
        Foundation.exit(ExitStatus.refused)
    }

    /// Each line sanitised like the console's text; the line breaks of a listing (an import's
    /// bad rows) are kept.
    static func sanitisedLines(_ text: String) -> String {
        // Printable ASCII lines need no work: a 100,000-line receipt listing is not split and rejoined.
        if text.utf8.allSatisfy({ ($0 >= 0x20 && $0 < 0x7F) || $0 == 0x0A }) { return text }
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { Sanitize.forDisplay(String($0)) }.joined(separator: "\n")
    }

    /// A remark beside the output (what a listing left out), sanitised, on stderr.
    static func note(_ text: String) {
        FileHandle.standardError.write(Data(("qm: " + sanitisedLines(text) + "\n").utf8))
    }

    static var stderrIsTerminal: Bool { isatty(2) == 1 }
    static var stdoutIsTerminal: Bool { isatty(1) == 1 }

    /// Progress on a terminal (one rewritten line on stderr), silence when piped. A total of
    /// 0 is unknown (a file imported as it is read): the count so far, in `unit`.
    static func progress(_ step: String, _ done: Int, _ total: Int, unit: String = "rows") {
        guard stderrIsTerminal else { return }
        let count = total > 0 ? "\(done.grouped)/\(total.grouped)" : "\(done.grouped) \(unit)"
        let line = "\r\u{1B}[2K\(step): \(count)" + (total > 0 && done >= total ? "\n" : "")
        FileHandle.standardError.write(Data(line.utf8))
    }

    /// Clears a progress line that did not reach its total.
    static func endProgress() {
        guard stderrIsTerminal else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8))
    }
}
