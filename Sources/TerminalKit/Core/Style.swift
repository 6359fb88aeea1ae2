/// Colours are named by role, never by value: a theme maps roles to terminal colours.
public enum ColorRole: String, CaseIterable, Sendable, Codable {
    case text, muted, accent, header, selection, border, hint, good, warning, danger, title, input
}

/// How one cell is drawn. Backends resolve `role` through the active theme.
public struct Style: Hashable, Sendable {
    public var role: ColorRole
    public var bold: Bool
    public var reverse: Bool
    public var underline: Bool
    public var dim: Bool

    public init(_ role: ColorRole = .text, bold: Bool = false, reverse: Bool = false,
                underline: Bool = false, dim: Bool = false) {
        self.role = role; self.bold = bold; self.reverse = reverse
        self.underline = underline; self.dim = dim
    }

    public static let plain = Style()
}
