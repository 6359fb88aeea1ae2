import ArgumentParser
import Foundation
import Domain
import Store
import Operations
import Channels

struct CountCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "count",
        abstract: "Cycle counts: schedule by velocity class, create ad hoc, start, enter blind, approve or reject variances.",
        discussion: """
            A count covers a SKU at a location, or a whole location. Starting it snapshots what the ledger holds; counts are \
            entered blind; the variance is held against the snapshot plus the moves made during the count. Inside the class's \
            tolerance (qm setting list: count.*) it is approved at once; outside it waits for a supervisor other than the counter. \
            Approving posts the adjustment; rejecting sends the line to a blind recount.
            """,
        subcommands: [Schedule.self, Create.self, Start.self, Enter.self, Approve.self, Reject.self, Cancel.self, List.self, Show.self])

    struct Schedule: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make the counts due by velocity class (count.interval-a|b|c days after the last count).")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Schedule as of this day, yyyy-mm-dd (default today).") var on: String?
        @Option(parsing: .unconditional, help: "At most this many tasks, the longest overdue first.", transform: WholeNumber.count("--limit"))
        var limit: Int?
        @Flag(help: "Say what would be made, make nothing.") var dryRun = false
        @Option(help: "table or json") var format: DocumentFormat = .table

        func run() throws {
            let (ops, actor) = try global.open()
            let o = try CLI.run { try ops.scheduleCounts(on: on, limit: limit, dryRun: dryRun, by: actor) }
            if format == .json { emit(JSON.encode(o)); return }
            let classes = o.byClass.keys.sorted().map { "\($0): \(o.byClass[$0]!.grouped)" }.joined(separator: ", ")
            var text = "\(o.due.grouped) SKU-location\(o.due == 1 ? "" : "s") due for a count on \(o.day)"
                + (o.alreadyLive > 0 ? " (and \(o.alreadyLive.grouped) being counted already)" : "") + ".\n"
            let made = o.due - o.leftOver
            text += o.dryRun ? "Would make \(made.grouped) count\(made == 1 ? "" : "s")" : "Made \(o.created.count.grouped) count\(o.created.count == 1 ? "" : "s")"
            text += classes.isEmpty ? ".\n" : " (\(classes)).\n"
            if o.leftOver > 0 { text += "\(o.leftOver.grouped) left for a later run (--limit).\n" }
            emit(text)
        }
    }

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "An ad-hoc count of a SKU at a location, or of a whole location.")
        @OptionGroup var global: GlobalOptions
        @Option var location: String
        @Option(help: "The SKU to count (default: every SKU at the location).") var sku: String?
        @Option(help: "Why it is counted.") var reason = ""
        @Option(help: "The day it is due, yyyy-mm-dd (default today).") var due: String?

        func run() throws {
            let (ops, actor) = try global.open()
            let record = try CLI.run { try ops.createCount(location: location, sku: sku, why: reason, dueOn: due, by: actor) }
            emit("Created count \(record.id): \(record.scope), due \(record.dueOn). qm count start \(record.id) when counting begins.\n")
        }
    }

    struct Start: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Start counts: what the ledger holds is snapshotted (never shown to the counter).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The counts to start.") var counts: [Int64] = []
        @Flag(help: "Every open count due by today.") var allDue = false

        func validate() throws {
            guard counts.isEmpty != !allDue else { throw ValidationError("Name the counts to start, or give --all-due.") }
        }

        func run() throws {
            let (ops, actor) = try global.open()
            let started = try CLI.run {
                var ids = counts
                if allDue {
                    let today = ops.today
                    ids = try ops.read { try $0.countTaskSummaries(state: .open, limit: nil) }.filter { $0.dueOn <= today }.map(\.id)
                    guard !ids.isEmpty else { throw OperationError("No open count is due by \(today).") }
                }
                return try ops.startCounts(ids, by: actor)
            }
            var text = ""
            for record in started {
                let skus = Set(record.lines.map(\.sku)).count
                text += "Count \(record.id) started: \(record.scope)"
                    + (record.sku == nil ? ", \(skus.grouped) SKU\(skus == 1 ? "" : "s") to count" : "")
                    + " (\(record.lines.map { "\($0.sku) \($0.bucket.rawValue)" }.prefix(6).joined(separator: ", "))"
                    + (record.lines.count > 6 ? ", …" : "") + ").\n"
            }
            emit(text)
        }
    }

    struct Enter: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Enter what was counted, blind: lines typed here or a scanner's file (docs/FORMATS.md, Counts).",
            discussion: """
                Entries of the same SKU and bucket add up. The count is then complete: every line to count needs its figure \
                (0 where there is none), and each variance is approved within tolerance or sent to a supervisor. --keep-open \
                enters the lines and leaves the count open for more.
                """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The count (for --line; for --file, rows without a count column).") var count: Int64?
        @Option(name: .customLong("line"), help: "SKU:QUANTITY, or SKU:QUANTITY:BUCKET (\(CountBucket.spellings)); repeat for more lines.")
        var lines: [String] = []
        @Option(help: "A count file: sku and quantity, and count and bucket where needed.") var file: String?
        @Flag(help: "Enter the lines but do not complete the count.") var keepOpen = false
        @Option(help: "table or json") var format: DocumentFormat = .table

        func validate() throws {
            guard lines.isEmpty || file == nil else { throw ValidationError("Give the counts with --line or with --file, not both.") }
            if file == nil && count == nil { throw ValidationError("Name the count the lines are for.") }
            if file != nil && keepOpen { throw ValidationError("A count file completes every count it names; --keep-open goes with --line.") }
            if file == nil && lines.isEmpty && keepOpen { throw ValidationError("--keep-open needs lines to enter (--line).") }
        }

        func run() throws {
            let typed = try lines.map(Self.parseLine)
            let (ops, actor) = try global.open()
            let outcomes: [CountOutcome]
            if let file {
                outcomes = try CLI.run {
                    try CountFile.enterFile(path: file, task: count, into: ops, by: actor) { done, total in
                        CLI.progress("counting", done, total, unit: "lines")
                    }
                }
                CLI.endProgress()
            } else {
                outcomes = [try CLI.run { try ops.enterCounts(task: count!, typed, finish: !keepOpen, by: actor) }]
            }
            if format == .json { emit(JSON.encode(outcomes)); return }
            emit(outcomes.count <= Self.countsShownInFull ? outcomes.map(CountText.outcome).joined() : CountText.summary(outcomes))
        }

        /// A file of more counts than this is summed up (every figure is in --format json and
        /// qm count list --variances) rather than printed count by count.
        static let countsShownInFull = 20

        /// SKU:QUANTITY[:BUCKET]
        static func parseLine(_ text: String) throws -> CountEntry {
            let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
            guard (2...3).contains(parts.count), !parts[0].isEmpty else {
                throw ValidationError("--line \(text) is not SKU:QUANTITY or SKU:QUANTITY:BUCKET.")
            }
            let quantity = try WholeNumber.parse("--line \(parts[0]) quantity", parts[1], bound: StockMove.maxQuantity)
            guard quantity >= 0 else { throw ValidationError("--line \(parts[0]) quantity must be 0 or more (how many are there), got \(parts[1]).") }
            var bucket = CountBucket.shelf
            if parts.count == 3 {
                guard let parsed = CountBucket(parsing: parts[2]) else {
                    throw ValidationError("--line \(text): bucket \(parts[2]) must be \(CountBucket.spellings).")
                }
                bucket = parsed
            }
            return CountEntry(sku: parts[0], bucket: bucket, quantity: quantity)
        }
    }

    struct DecideOptions: ParsableArguments {
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The count.") var count: Int64
        @Option(name: .customLong("sku"), help: "Only this SKU's variance (repeat for more; default every variance waiting).")
        var skus: [String] = []
        @Option(help: "table or json") var format: DocumentFormat = .table
    }

    struct Approve: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Approve variances waiting on a count: each is posted as an adjustment.")
        @OptionGroup var options: DecideOptions
        @Option var note = ""

        func run() throws {
            let (ops, actor) = try options.global.open()
            let o = try CLI.run { try ops.approveCount(task: options.count, skus: options.skus, note: note, by: actor) }
            emit(options.format == .json ? JSON.encode(o) : CountText.outcome(o))
        }
    }

    struct Reject: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Reject variances waiting on a count: each is counted again, blind, by someone else.")
        @OptionGroup var options: DecideOptions
        @Option(help: "Why (required): what the recount should look at.") var reason: String

        func run() throws {
            let (ops, actor) = try options.global.open()
            let o = try CLI.run { try ops.rejectCount(task: options.count, skus: options.skus, reason: reason, by: actor) }
            emit(options.format == .json ? JSON.encode(o) : CountText.outcome(o))
        }
    }

    struct Cancel: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Cancel an open or counting count.")
        @OptionGroup var global: GlobalOptions
        @Argument var count: Int64
        @Option(help: "Why (required).") var reason: String

        func run() throws {
            let (ops, actor) = try global.open()
            try CLI.run { try ops.cancelCount(task: count, reason: reason, by: actor) }
            emit("Count \(count) cancelled.\n")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Counts, oldest first; or with --variances the variances waiting for a supervisor.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Only this state: \(CountTaskState.spellings).") var state: String?
        @Flag(help: "The variance queue: lines waiting for a supervisor, oldest count first.") var variances = false
        @OptionGroup var limit: ListingLimit
        @Option var format: OutputFormat = .table

        func run() throws {
            let (ops, _) = try global.open()
            if variances {
                let rows = try limit.fetch(format, tablePage: 1_000, noun: "variances") { n in
                    try ops.read { try $0.countVariances(limit: n) }
                } count: {
                    try ops.read { try $0.countVarianceCount() }
                }
                emit(Listing(columns: ["count", "sku", "location", "bucket", "expected", "counted", "variance", "value", "currency",
                                       "class", "countedBy", "countedAt", "moved", "round"],
                             rows: rows.map { v in
                                 let l = v.line
                                 let value = l.variance.flatMap { CountVariance.value($0, unitCost: v.unitCost) }
                                 return [String(v.task), l.sku, v.location, l.bucket.rawValue, String(l.expected ?? 0), String(l.counted ?? 0),
                                         String(l.variance ?? 0), value.map { Money.format($0.minorUnits) } ?? "", v.unitCost.currency,
                                         v.velocity.rawValue, l.countedBy ?? "", l.countedAt ?? "", l.movedDuring ? "yes" : "no", String(l.round)]
                             }, numeric: ["count", "expected", "counted", "variance", "value", "round"]).render(format))
                return
            }
            let filter = state.map { parseOption($0, "--state", CountTaskState.init(parsing:), spellings: CountTaskState.spellings) }
            let rows = try limit.fetch(format, tablePage: 1_000, noun: "counts") { n in
                try ops.read { try $0.countTaskSummaries(state: filter, limit: n) }
            } count: {
                try ops.read { try $0.countTaskCount(state: filter) }
            }
            emit(Listing(columns: ["count", "state", "location", "sku", "origin", "due", "lines", "counted", "review", "since", "why"],
                         rows: rows.map { t in
                             [String(t.id), t.state.rawValue, t.location, t.sku ?? "(all)", t.origin.rawValue, t.dueOn, String(t.lines),
                              String(t.counted), String(t.inReview), t.stateSince, t.why]
                         }, numeric: ["count", "lines", "counted", "review"]).render(format))
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "A count: its lines and history. Lines still to count show no expected figure (counting is blind).")
        @OptionGroup var global: GlobalOptions
        @Argument var count: Int64
        @Option(help: "table or json") var format: DocumentFormat = .table

        func run() throws {
            let (ops, _) = try global.open()
            let (record, history) = try CLI.run {
                guard let record = try ops.read({ try $0.countTask(count) }) else { throw OperationError("No count \(count): qm count list shows them.") }
                return (record, try ops.read { try $0.auditEntries(entity: "count:\(count)", limit: 200) })
            }
            // Blind: a line waiting for its (re)count shows neither what is expected nor what an
            // earlier round found.
            var shown = record
            shown.lines = record.lines.map { line in
                guard line.state == .pending else { return line }
                var blind = line
                blind.snapshot = 0; blind.expected = nil; blind.counted = nil
                return blind
            }
            if format == .json {
                struct Shown: Encodable { var count: CountTaskRecord; var history: [AuditRow] }
                emit(JSON.encode(Shown(count: shown, history: history)))
                return
            }
            var text = "Count \(record.id)  \(record.state.rawValue)  \(record.scope)  \(record.origin.rawValue): \(record.why)  due \(record.dueOn)\n"
            if let started = record.startedAt { text += "started \(started) by \(record.startedBy ?? "?")\n" }
            text += "\n" + Listing(columns: ["sku", "bucket", "state", "round", "expected", "counted", "variance", "moved", "countedBy", "decision"],
                                   rows: shown.lines.map { l in
                                       [l.sku, l.bucket.rawValue, l.state.rawValue, String(l.round), l.expected.map(String.init) ?? "-",
                                        l.counted.map(String.init) ?? "-", l.variance.map(String.init) ?? "-", l.movedDuring ? "yes" : "",
                                        l.countedBy ?? "", l.decision ?? ""]
                                   }, numeric: ["round", "expected", "counted", "variance"]).render(.table)
            if !history.isEmpty { text += "\n" + HistoryText.lines(history).joined(separator: "\n") + "\n" }
            emit(text)
        }
    }
}

/// A count step's outcome in words.
enum CountText {
    static func outcome(_ o: CountOutcome) -> String {
        var text = "Count \(o.task) (\(o.scope)): \(o.stateBefore.rawValue) -> \(o.stateAfter.rawValue).\n"
        guard !o.lines.isEmpty else { return text }
        text += Listing(columns: ["sku", "bucket", "expected", "counted", "variance", "value", "result", "note"],
                        rows: o.lines.map { l in
                            var notes: [String] = []
                            if l.movedDuring { notes.append("stock moved during the count") }
                            if l.found { notes.append("found where the ledger had none") }
                            if !l.replanned.isEmpty { notes.append("re-planned: " + l.replanned.joined(separator: ", ")) }
                            return [l.sku, l.bucket.rawValue, l.expected.map(String.init) ?? "-", l.counted.map(String.init) ?? "-",
                                    l.variance.map(String.init) ?? "-", l.value.map(\.description) ?? "", words(l.result),
                                    notes.joined(separator: "; ")]
                        }, numeric: ["expected", "counted", "variance"]).render(.table)
        return text
    }

    /// Many counts at once: how many lines each way, and where the ones waiting are listed.
    static func summary(_ outcomes: [CountOutcome]) -> String {
        let lines = outcomes.flatMap(\.lines)
        let automatic = lines.filter { $0.result == .approvedAutomatically }
        let review = lines.filter { $0.result == .review }.count
        let varied = automatic.filter { ($0.variance ?? 0) != 0 }.count
        let closed = outcomes.filter { $0.stateAfter == .closed }.count
        return "Counted \(lines.count.grouped) line\(lines.count == 1 ? "" : "s") on \(outcomes.count.grouped) counts: "
            + "\(automatic.count.grouped) approved within tolerance (\(varied.grouped) with a variance, posted), "
            + "\(review.grouped) waiting for a supervisor (qm count list --variances); \(closed.grouped) count\(closed == 1 ? "" : "s") closed.\n"
    }

    static func words(_ result: CountOutcome.Result) -> String {
        switch result {
        case .counted: "counted"
        case .approvedAutomatically: "approved (within tolerance)"
        case .review: "waits for a supervisor"
        case .approved: "approved"
        case .recount: "to recount"
        }
    }
}
