import Foundation
import Testing
@testable import TerminalKit

@Suite struct ThemeTests {
    @Test func parsesRolesColoursAndBold() throws {
        let theme = try Theme.parse("""
        # a comment
        text = -1 -1 -1 -1

        header = 252 237 15 4 bold   # trailing comment
        muted = 245 - 8 -
        """, name: "t")
        #expect(theme.name == "t")
        #expect(theme.color(for: .header) == ThemeColor(fg256: 252, bg256: 237, fg16: 15, bg16: 4, bold: true))
        #expect(theme.color(for: .muted) == ThemeColor(fg256: 245, bg256: nil, fg16: 8, bg16: nil))
        #expect(theme.color(for: .danger) == ThemeColor())      // not listed: defaults
    }

    @Test func errorsNameTheLine() {
        func error(_ text: String) -> ThemeError? {
            do { _ = try Theme.parse(text, name: "bad", source: "bad.theme"); return nil } catch let e as ThemeError { return e } catch { return nil }
        }
        let unknown = error("text = 1 2 3 4\n\n# fine\nsparkle = 1 2 3 4")
        #expect(unknown?.line == 4)
        #expect(unknown?.description.hasPrefix("bad.theme, line 4: unknown role 'sparkle'") == true)

        #expect(error("text 1 2 3 4")?.line == 1)                         // no '='
        #expect(error("text = 1 2 3")?.line == 1)                         // too few
        #expect(error("text = 1 2 3 4 5")?.line == 1)                     // too many
        let range = error("text = 1 2 3 4\nmuted = 300 0 0 0")
        #expect(range?.line == 2)
        #expect(range?.message.contains("fg256") == true)
        #expect(error("text = 1 2 16 0")?.message.contains("fg16") == true)
        #expect(error("text = a 2 3 4")?.line == 1)
        #expect(error("text = 1 2 3 4 italic")?.line == 1)
        #expect(error("text = 1 2 3 4\ntext = 1 2 3 4")?.line == 2)      // duplicate
    }

    @Test func resolvesPerPalette() {
        let theme = Theme(name: "t", colors: [
            .accent: ThemeColor(fg256: 80, bg256: -1, fg16: 14, bg16: -1),
            .muted: ThemeColor(fg256: 245, bg256: nil, fg16: 8, bg16: 4),
            .good: ThemeColor(fg256: 2, bg256: nil, fg16: nil, bg16: nil),
            .danger: ThemeColor(fg256: 196, bg256: nil, fg16: nil, bg16: nil, bold: true),
        ])
        #expect(theme.resolve(.accent, colorCount: 256) == ResolvedColor(fg: 80, bg: -1, bold: false, dim: false))
        #expect(theme.resolve(.accent, colorCount: 16) == ResolvedColor(fg: 14, bg: -1, bold: false, dim: false))
        #expect(theme.resolve(.accent, colorCount: 8) == ResolvedColor(fg: 6, bg: -1, bold: true, dim: false))
        #expect(theme.resolve(.muted, colorCount: 256) == ResolvedColor(fg: 245, bg: 4, bold: false, dim: false))
        #expect(theme.resolve(.muted, colorCount: 8) == ResolvedColor(fg: 7, bg: 4, bold: false, dim: true))
        #expect(theme.resolve(.good, colorCount: 16).fg == 2)           // 256 value in 0-15 is reused
        #expect(theme.resolve(.danger, colorCount: 16) == ResolvedColor(fg: -1, bg: -1, bold: true, dim: false))
        #expect(theme.resolve(.accent, colorCount: 0) == ResolvedColor(fg: -1, bg: -1, bold: false, dim: false))
    }

    static let themesDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Themes").path

    @Test(arguments: Theme.builtIns.map(\.name))
    func themeFilesMatchTheBuiltIns(name: String) throws {
        let builtIn = try #require(Theme.builtIn(named: name))
        // Parse the file itself: `load` would quietly fall back to the built-in.
        let path = Self.themesDirectory + "/" + name + ".theme"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let loaded = try Theme.parse(text, name: name, source: path)
        #expect(loaded == builtIn)
        #expect(Set(loaded.colors.keys) == Set(ColorRole.allCases))
    }

    @Test func loadFallsBackToBuiltInsAndRejectsUnknownNames() throws {
        #expect(try Theme.load(named: "mono", searchPaths: ["/nonexistent"]) == Theme.mono)
        #expect(throws: ThemeError.self) { try Theme.load(named: "nope", searchPaths: ["/nonexistent"]) }
        #expect(throws: ThemeError.self) { try Theme.load(named: "../etc/passwd", searchPaths: ["/"]) }
    }

    @Test func aBrokenFileIsAnErrorNotASilentFallback() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("qm-theme-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try "text = 1 2 3 4\noops\n".write(to: dir.appendingPathComponent("default.theme"), atomically: true, encoding: .utf8)
        #expect(throws: ThemeError.self) { try Theme.load(named: "default", searchPaths: [dir.path]) }
        do {
            _ = try Theme.load(named: "default", searchPaths: [dir.path])
        } catch let error as ThemeError {
            #expect(error.line == 2)
            #expect(error.source.hasSuffix("default.theme"))
        }
    }

    @Test func standardSearchPathsFollowTheEnvironment() {
        #expect(Theme.standardSearchPaths(environment: ["QM_THEME_DIR": "/t", "HOME": "/h"])
                == ["/t", "/h/.config/qm/themes", "Themes"])
        #expect(Theme.standardSearchPaths(environment: ["XDG_CONFIG_HOME": "/x"]) == ["/x/qm/themes", "Themes"])
    }
}
