import Domain

/// What the `:` prompt understands. Parsing is pure so it is tested without a terminal.
enum PromptCommand: Equatable {
    case quit
    case showHelp
    case location(String?)
    case status(StockStatus?)
    case find(String)
    case findOrder(String)
    case run(ConsoleCommand)

    static let helpEntries: [(key: String, description: String)] = [
        (":q", "Quit"),
        (":loc CODE", "Show one location (:loc all for every one)"),
        (":status NAME", "Only rows holding that status (:status all)"),
        (":find TEXT", "Filter by SKU code or name"),
        (":order TEXT", "Find an order: number, external reference or customer (as F)"),
        (":adjust …", "SKU LOC STATUS ±QTY REASON: adjust stock"),
    ]

    /// Parses a prompt line; the error is one sentence naming what is wrong.
    static func parse(_ line: String) -> Result<PromptCommand, PromptError> {
        let words = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard let verb = words.first?.lowercased() else { return .failure(PromptError("Type a command, e.g. :help")) }
        let rest = Array(words.dropFirst())
        switch verb {
        case "q", "quit", "exit": return .success(.quit)
        case "help", "h": return .success(.showHelp)
        case "loc", "location":
            guard rest.count == 1 else { return .failure(PromptError(":loc needs one location code, or all")) }
            return .success(.location(rest[0].lowercased() == "all" ? nil : rest[0]))
        case "status":
            guard rest.count == 1 else { return .failure(PromptError(":status needs one of \(StockStatus.spellings), or all")) }
            if rest[0].lowercased() == "all" { return .success(.status(nil)) }
            guard let s = StockStatus(parsing: rest[0]) else {
                return .failure(PromptError("'\(rest[0])' is not a status; use \(StockStatus.spellings)"))
            }
            return .success(.status(s))
        case "find", "f":
            return .success(.find(rest.joined(separator: " ")))
        case "order", "o":
            guard !rest.isEmpty else { return .failure(PromptError(":order needs an order number, external reference or customer")) }
            return .success(.findOrder(rest.joined(separator: " ")))
        case "adjust":
            guard rest.count >= 5 else { return .failure(PromptError("usage: :adjust SKU LOC STATUS ±QTY REASON")) }
            guard let status = StockStatus(parsing: rest[2]) else {
                return .failure(PromptError("'\(rest[2])' is not a status; use \(StockStatus.spellings)"))
            }
            guard let qty = Int(rest[3]), qty != 0 else { return .failure(PromptError("'\(rest[3])' is not a non-zero whole number")) }
            return .success(.run(.stock(.adjust(sku: rest[0], location: rest[1], status: status, delta: qty,
                                                reason: rest[4...].joined(separator: " ")))))
        default:
            return .failure(PromptError("Unknown command :\(verb) (try :help)"))
        }
    }
}

struct PromptError: Error, Equatable {
    var message: String
    init(_ message: String) { self.message = message }
}
