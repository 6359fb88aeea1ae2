import Foundation

/// Terminal colours for one role, per palette. -1 is the terminal's default
/// colour; nil means "not set" and falls back as described in `Theme.resolve`.
public struct ThemeColor: Hashable, Sendable {
    public var fg256: Int?
    public var bg256: Int?
    public var fg16: Int?
    public var bg16: Int?
    public var bold: Bool

    public init(fg256: Int? = nil, bg256: Int? = nil, fg16: Int? = nil, bg16: Int? = nil, bold: Bool = false) {
        self.fg256 = fg256; self.bg256 = bg256; self.fg16 = fg16; self.bg16 = bg16; self.bold = bold
    }
}

/// A role's colours as the terminal will get them.
public struct ResolvedColor: Hashable, Sendable {
    public var fg: Int        // -1 = default
    public var bg: Int        // -1 = default
    public var bold: Bool
    public var dim: Bool
}

/// Maps colour roles to terminal colours. Load one from a `.theme` file or use a
/// built-in (`default`, `highContrast`, `mono`).
public struct Theme: Sendable, Equatable {
    public var name: String
    public var colors: [ColorRole: ThemeColor]

    public init(name: String, colors: [ColorRole: ThemeColor]) {
        self.name = name; self.colors = colors
    }

    /// The role's colours; an unlisted role uses terminal defaults.
    public func color(for role: ColorRole) -> ThemeColor { colors[role] ?? ThemeColor() }

    /// The colours to use on a terminal with `colorCount` colours.
    /// - 256 or more: fg256/bg256, falling back to fg16/bg16.
    /// - 16 or more: fg16/bg16, falling back to fg256/bg256 when those are 0-15.
    /// - 8 or more: as for 16, with bright colours 8-15 folded onto 0-7 (a bright
    ///   foreground turns bold, bright black turns dim white).
    /// - fewer (or 0 for monochrome): terminal defaults, bold only.
    public func resolve(_ role: ColorRole, colorCount: Int) -> ResolvedColor {
        let c = color(for: role)
        var result = ResolvedColor(fg: -1, bg: -1, bold: c.bold, dim: false)
        if colorCount >= 256 {
            result.fg = c.fg256 ?? c.fg16 ?? -1
            result.bg = c.bg256 ?? c.bg16 ?? -1
        } else if colorCount >= 8 {
            func low(_ v: Int?) -> Int? { v.flatMap { (0...15).contains($0) ? $0 : nil } }
            result.fg = c.fg16 ?? low(c.fg256) ?? -1
            result.bg = c.bg16 ?? low(c.bg256) ?? -1
            if colorCount < 16 {
                if result.fg == 8 { result.fg = 7; result.dim = true } else if result.fg > 8 { result.fg -= 8; result.bold = true }
                if result.bg >= 8 { result.bg -= 8 }
            }
        }
        return result
    }

    // MARK: Built-ins (kept identical to Themes/*.theme)

    public static let `default` = Theme(name: "default", colors: [
        .text: ThemeColor(fg256: -1, bg256: -1, fg16: -1, bg16: -1),
        .muted: ThemeColor(fg256: 245, bg256: -1, fg16: 8, bg16: -1),
        .accent: ThemeColor(fg256: 80, bg256: -1, fg16: 14, bg16: -1),
        .header: ThemeColor(fg256: 252, bg256: 237, fg16: 15, bg16: 4, bold: true),
        .selection: ThemeColor(fg256: 31, bg256: -1, fg16: 6, bg16: -1),
        .border: ThemeColor(fg256: 240, bg256: -1, fg16: 8, bg16: -1),
        .hint: ThemeColor(fg256: 246, bg256: -1, fg16: 8, bg16: -1),
        .good: ThemeColor(fg256: 71, bg256: -1, fg16: 2, bg16: -1),
        .warning: ThemeColor(fg256: 178, bg256: -1, fg16: 3, bg16: -1),
        .danger: ThemeColor(fg256: 167, bg256: -1, fg16: 1, bg16: -1, bold: true),
        .title: ThemeColor(fg256: -1, bg256: -1, fg16: -1, bg16: -1, bold: true),
        .input: ThemeColor(fg256: 255, bg256: 238, fg16: 15, bg16: 8),
    ])

    public static let highContrast = Theme(name: "high-contrast", colors: [
        .text: ThemeColor(fg256: 231, bg256: 16, fg16: 15, bg16: 0),
        .muted: ThemeColor(fg256: 252, bg256: 16, fg16: 7, bg16: 0),
        .accent: ThemeColor(fg256: 51, bg256: 16, fg16: 14, bg16: 0, bold: true),
        .header: ThemeColor(fg256: 16, bg256: 226, fg16: 0, bg16: 11, bold: true),
        .selection: ThemeColor(fg256: 226, bg256: 16, fg16: 11, bg16: 0, bold: true),
        .border: ThemeColor(fg256: 231, bg256: 16, fg16: 15, bg16: 0),
        .hint: ThemeColor(fg256: 231, bg256: 16, fg16: 15, bg16: 0),
        .good: ThemeColor(fg256: 46, bg256: 16, fg16: 10, bg16: 0, bold: true),
        .warning: ThemeColor(fg256: 226, bg256: 16, fg16: 11, bg16: 0, bold: true),
        .danger: ThemeColor(fg256: 196, bg256: 16, fg16: 9, bg16: 0, bold: true),
        .title: ThemeColor(fg256: 231, bg256: 16, fg16: 15, bg16: 0, bold: true),
        .input: ThemeColor(fg256: 231, bg256: 18, fg16: 15, bg16: 4),
    ])

    public static let mono = Theme(name: "mono", colors: [
        .text: ThemeColor(fg256: -1, bg256: -1, fg16: -1, bg16: -1),
        .muted: ThemeColor(fg256: -1, bg256: -1, fg16: -1, bg16: -1),
        .accent: ThemeColor(fg256: -1, bg256: -1, fg16: -1, bg16: -1, bold: true),
        .header: ThemeColor(fg256: -1, bg256: -1, fg16: -1, bg16: -1, bold: true),
        .selection: ThemeColor(fg256: -1, bg256: -1, fg16: -1, bg16: -1),
        .border: ThemeColor(fg256: -1, bg256: -1, fg16: -1, bg16: -1),
        .hint: ThemeColor(fg256: -1, bg256: -1, fg16: -1, bg16: -1),
        .good: ThemeColor(fg256: -1, bg256: -1, fg16: -1, bg16: -1),
        .warning: ThemeColor(fg256: -1, bg256: -1, fg16: -1, bg16: -1, bold: true),
        .danger: ThemeColor(fg256: -1, bg256: -1, fg16: -1, bg16: -1, bold: true),
        .title: ThemeColor(fg256: -1, bg256: -1, fg16: -1, bg16: -1, bold: true),
        .input: ThemeColor(fg256: -1, bg256: -1, fg16: -1, bg16: -1),
    ])

    public static let builtIns: [Theme] = [.default, .highContrast, .mono]

    public static func builtIn(named name: String) -> Theme? {
        builtIns.first { $0.name == name }
    }

    // MARK: Files

    /// Directories to look for `<name>.theme` in, most specific first:
    /// $QM_THEME_DIR, $XDG_CONFIG_HOME/qm/themes (or ~/.config/qm/themes), ./Themes.
    public static func standardSearchPaths(environment: [String: String] = ProcessInfo.processInfo.environment) -> [String] {
        var paths: [String] = []
        if let dir = environment["QM_THEME_DIR"], !dir.isEmpty { paths.append(dir) }
        if let xdg = environment["XDG_CONFIG_HOME"], !xdg.isEmpty {
            paths.append(xdg + "/qm/themes")
        } else if let home = environment["HOME"], !home.isEmpty {
            paths.append(home + "/.config/qm/themes")
        }
        paths.append("Themes")
        return paths
    }

    /// Loads `<name>.theme` from the first search path that has it; failing
    /// that, the built-in theme of that name. A file that exists but does not
    /// parse is an error, not a silent fallback.
    public static func load(named name: String, searchPaths: [String]) throws -> Theme {
        let allowed = name.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_"
        }
        guard allowed, !name.isEmpty else {
            throw ThemeError(source: name, line: nil,
                             message: "theme names use only letters, digits, '-' and '_'")
        }
        for dir in searchPaths {
            let path = (dir.hasSuffix("/") ? dir : dir + "/") + name + ".theme"
            guard FileManager.default.fileExists(atPath: path) else { continue }
            let text: String
            do {
                text = try String(contentsOfFile: path, encoding: .utf8)
            } catch {
                throw ThemeError(source: path, line: nil, message: "cannot read file: \(error.localizedDescription)")
            }
            return try parse(text, name: name, source: path)
        }
        if let builtIn = builtIn(named: name) { return builtIn }
        let known = builtIns.map(\.name).joined(separator: ", ")
        throw ThemeError(source: name, line: nil,
                         message: "no theme '\(name)' in [\(searchPaths.joined(separator: ", "))] and no built-in of that name (built-ins: \(known))")
    }

    /// Parses the theme file format:
    ///
    ///     # comment (also after a line)
    ///     <role> = <fg256> <bg256> <fg16> <bg16> [bold]
    ///
    /// `role` is one of `ColorRole`'s names (text, muted, accent, header,
    /// selection, border, hint, good, warning, danger, title, input). Each colour
    /// is a number (-1 = terminal default; 0-255 for the 256 columns, 0-15 for the
    /// 16 columns) or `-` for "not set" (see `resolve`). `bold` is optional.
    /// Roles not listed use terminal defaults. Each role may appear once.
    /// Selection is drawn in reverse video, so its fg becomes the bar colour.
    public static func parse(_ text: String, name: String, source: String? = nil) throws -> Theme {
        let source = source ?? name
        var colors: [ColorRole: ThemeColor] = [:]
        var lineNumber = 0
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            func fail(_ message: String) -> ThemeError { ThemeError(source: source, line: lineNumber, message: message) }

            let content = rawLine.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            let line = content.trimmingCharacters(in: .whitespaces)
            if line.isEmpty { continue }
            let parts = line.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2 else { throw fail("expected '<role> = <fg256> <bg256> <fg16> <bg16> [bold]', got '\(line)'") }
            let roleName = parts[0].trimmingCharacters(in: .whitespaces)
            guard let role = ColorRole(rawValue: roleName) else {
                let roles = ColorRole.allCases.map(\.rawValue).joined(separator: ", ")
                throw fail("unknown role '\(roleName)' (roles: \(roles))")
            }
            guard colors[role] == nil else { throw fail("role '\(roleName)' is already set above") }

            var fields = parts[1].split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            var bold = false
            if fields.last == "bold" { bold = true; fields.removeLast() }
            guard fields.count == 4 else {
                throw fail("role '\(roleName)' needs 4 colours (fg256 bg256 fg16 bg16) and optional 'bold', got \(fields.count) value(s)")
            }
            func colour(_ i: Int, max: Int, what: String) throws -> Int? {
                let f = fields[i]
                if f == "-" { return nil }
                guard let v = Int(f), v >= -1, v <= max else {
                    throw fail("\(what) for '\(roleName)' must be -1...\(max) or '-', got '\(f)'")
                }
                return v
            }
            colors[role] = ThemeColor(fg256: try colour(0, max: 255, what: "fg256"),
                                      bg256: try colour(1, max: 255, what: "bg256"),
                                      fg16: try colour(2, max: 15, what: "fg16"),
                                      bg16: try colour(3, max: 15, what: "bg16"),
                                      bold: bold)
        }
        return Theme(name: name, colors: colors)
    }
}

/// A theme that could not be found or parsed; `line` is 1-based.
public struct ThemeError: Error, Equatable, CustomStringConvertible {
    public var source: String
    public var line: Int?
    public var message: String

    public init(source: String, line: Int?, message: String) {
        self.source = source; self.line = line; self.message = message
    }

    public var description: String {
        if let line { return "\(source), line \(line): \(message)" }
        return "\(source): \(message)"
    }
}
