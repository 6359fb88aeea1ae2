import Domain

/// Tab at the `:` prompt: completes the word under the cursor from what fits there (a
/// command, a location, a status), as far as every candidate agrees; the candidates are
/// returned so the console can list them when there are several. Pure.
enum PromptCompletion {
    /// Every command's own name, from the app and the panes.
    static var verbs: [String] { PromptCommand.verbs.compactMap(\.names.first).sorted() }

    struct Result: Equatable {
        var line: String
        var candidates: [String]
    }

    static func complete(_ line: String, locations: [String]) -> Result {
        var words = line.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        if words.isEmpty { words = [""] }
        let index = words.count - 1
        let partial = words[index]
        let options: [String]
        switch (index, words[0].lowercased()) {
        case (0, _): options = verbs
        case (1, "loc"), (1, "location"): options = ["all"] + locations
        case (1, "status"): options = ["all"] + StockStatus.allCases.map(\.rawValue)
        case (2, "adjust"): options = locations
        case (3, "adjust"): options = StockStatus.allCases.filter { $0 != .reserved }.map(\.rawValue)
        default: options = []
        }
        let candidates = options.filter { $0.lowercased().hasPrefix(partial.lowercased()) }
        guard let first = candidates.first else { return Result(line: line, candidates: []) }
        if candidates.count == 1 {
            words[index] = first
            return Result(line: words.joined(separator: " ") + " ", candidates: candidates)
        }
        // As far as all candidates agree.
        var common = first
        for c in candidates.dropFirst() {
            while !c.lowercased().hasPrefix(common.lowercased()) { common.removeLast() }
        }
        if common.count > partial.count { words[index] = common }
        return Result(line: words.joined(separator: " "), candidates: candidates)
    }
}

/// The `:` prompt's history, newest last, walked with ↑ and ↓.
struct PromptHistory: Equatable {
    static let capacity = 50
    private(set) var entries: [String] = []
    /// Where ↑/↓ stand: nil while typing a new line.
    var position: Int?

    mutating func add(_ line: String) {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return }
        entries.removeAll { $0 == trimmed }
        entries.append(trimmed)
        if entries.count > Self.capacity { entries.removeFirst(entries.count - Self.capacity) }
        position = nil
    }

    /// The line ↑ (`older`) or ↓ shows; nil when there is nothing further that way (↓ past
    /// the newest gives an empty line).
    mutating func step(older: Bool) -> String? {
        guard !entries.isEmpty else { return nil }
        if older {
            let next = (position ?? entries.count) - 1
            guard next >= 0 else { return nil }
            position = next
            return entries[next]
        }
        guard let current = position else { return nil }
        if current + 1 >= entries.count { position = nil; return "" }
        position = current + 1
        return entries[current + 1]
    }
}
