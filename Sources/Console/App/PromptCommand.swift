/// What the `:` prompt understands. The app's own commands (`q`, `help`) are here; each pane
/// registers its own (`ConsolePane.promptVerbs`), so the prompt, its help and Tab completion
/// follow from the panes. Parsing is pure so it is tested without a terminal.
enum PromptCommand: Equatable {
    case quit
    case showHelp
    /// A pane's command: an event the pane applies to the console.
    case pane(AnyPaneEvent)

    static func pane(_ event: some PaneEvent) -> PromptCommand { .pane(AnyPaneEvent(event)) }

    /// The app's own verbs, then every pane's.
    static var verbs: [PromptVerb] {
        [PromptVerb(names: ["q", "quit", "exit"], usage: ":q", help: "Quit") { _ in .success(.quit) },
         PromptVerb(names: ["help", "h"], usage: ":help", help: "This help") { _ in .success(.showHelp) }]
            + Panes.all.flatMap { pane in pane.promptVerbs }
    }

    static var helpEntries: [(key: String, description: String)] { verbs.map { ($0.usage, $0.help) } }

    /// Parses a prompt line; the error is one sentence naming what is wrong.
    static func parse(_ line: String) -> Result<PromptCommand, PromptError> {
        let words = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard let verb = words.first?.lowercased() else { return .failure(PromptError("Type a command, e.g. :help")) }
        guard let known = verbs.first(where: { $0.names.contains(verb) }) else {
            return .failure(PromptError("Unknown command :\(verb) (try :help)"))
        }
        return known.parse(Array(words.dropFirst()))
    }
}

/// One `:` command: the names it answers to (the first is its own), how help shows it, and
/// how the words after it parse.
struct PromptVerb {
    var names: [String]
    var usage: String
    var help: String
    var parse: ([String]) -> Result<PromptCommand, PromptError>

    init(names: [String], usage: String, help: String, parse: @escaping ([String]) -> Result<PromptCommand, PromptError>) {
        self.names = names; self.usage = usage; self.help = help; self.parse = parse
    }
}

struct PromptError: Error, Equatable {
    var message: String
    init(_ message: String) { self.message = message }
}
