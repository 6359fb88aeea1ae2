/// Where a write-off document is: waiting for a supervisor to post it, posted (its stock
/// moved out), void (posted never), or of the past (imported as history: no stock moved).
public enum WriteOffState: String, CaseIterable, Sendable, Codable {
    case open, posted, void, history

    public init?(parsing text: String) {
        guard let s = Spelling.match(text, in: WriteOffState.self) else { return nil }
        self = s
    }
    public static var spellings: String { allCases.map(\.rawValue).joined(separator: ", ") }
}
