/// A file was refused: every problem found, each with the line it is on (0 for the file as a
/// whole: it can't be read, or its header is wrong). Nothing was imported.
public struct ImportFileError: Error, Sendable, CustomStringConvertible {
    /// The file as the user named it.
    public var file: String
    /// The problems, in line order: every one, or the first `ImportProblems.kept`.
    public var errors: [(line: Int, reason: String)]
    /// Problems found past those in `errors`, counted only.
    public var omitted: Int
    /// A last line saying what came of it ("Nothing was shipped."), when there is one.
    public var conclusion: String?

    /// How many problems `description` lists before "... and N more".
    public static let listed = 50

    public init(file: String, errors: [(line: Int, reason: String)], omitted: Int = 0) {
        self.file = file
        self.errors = errors
        self.omitted = omitted
    }

    /// One "FILE:LINE: reason" line per problem (first 50), then "... and N more".
    public var description: String {
        var lines = errors.prefix(Self.listed).map { e in
            e.line > 0 ? "\(file):\(e.line): \(e.reason)" : "\(file): \(e.reason)"
        }
        let more = max(0, errors.count - Self.listed) + omitted
        if more > 0 { lines.append("... and \(more) more") }
        if let conclusion { lines.append(conclusion) }
        return lines.joined(separator: "\n")
    }
}

/// The problems found while reading a file, in line order: the first `kept` in full, the
/// rest only counted, so a file of any number of bad rows takes bounded memory.
struct ImportProblems {
    static let kept = 1_000
    private(set) var errors: [(line: Int, reason: String)] = []
    private(set) var omitted = 0

    var isEmpty: Bool { errors.isEmpty }

    mutating func add(_ line: Int, _ reason: String) {
        if errors.count < Self.kept { errors.append((line, reason)) } else { omitted += 1 }
    }

    /// In line order (an import that works in chunks may refuse a row after later rows'
    /// problems were found).
    func error(file: String) -> ImportFileError {
        ImportFileError(file: file, errors: errors.enumerated().sorted { ($0.element.line, $0.offset) < ($1.element.line, $1.offset) }.map(\.element),
                        omitted: omitted)
    }
}
