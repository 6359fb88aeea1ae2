/// A file was refused: every problem found, each with the line it is on (0 for the file as a
/// whole: it can't be read, or its header is wrong). Nothing was imported.
public struct ImportFileError: Error, Sendable, CustomStringConvertible {
    /// The file as the user named it.
    public var file: String
    /// Every problem, in line order.
    public var errors: [(line: Int, reason: String)]

    /// How many problems `description` lists before "... and N more".
    public static let listed = 50

    public init(file: String, errors: [(line: Int, reason: String)]) {
        self.file = file
        self.errors = errors
    }

    /// One "FILE:LINE: reason" line per problem (first 50), then "... and N more".
    public var description: String {
        var lines = errors.prefix(Self.listed).map { e in
            e.line > 0 ? "\(file):\(e.line): \(e.reason)" : "\(file): \(e.reason)"
        }
        if errors.count > Self.listed {
            lines.append("... and \(errors.count - Self.listed) more")
        }
        return lines.joined(separator: "\n")
    }
}
