import Store
import TerminalKit

/// `/` on every list: the text typed filters the list on screen, live. Long listings (stock,
/// an order queue, the audit log) are filtered by the store, so nothing beyond what was loaded
/// is missed; short ones already loaded whole (a find's matches, backorders) are filtered here.
enum ListFilter {
    /// Whether a row shows under `text`: some cell holds it, in any case.
    static func keeps(_ cells: [String], _ text: String) -> Bool {
        let needle = Needle(text)
        return cells.contains(where: needle.isIn)
    }

    /// The rows of a loaded list that `text` keeps.
    static func rows<ID>(_ all: [TableState<ID>.Row], _ text: String) -> [TableState<ID>.Row] {
        let needle = Needle(text)
        guard !needle.isEmpty else { return all }
        return all.filter { $0.cells.contains(where: needle.isIn) }
    }

    /// The filter text, made once per key: an ASCII needle (codes, numbers, most words) is
    /// looked for byte by byte, ignoring case, a thousand rows of cells in well under a frame;
    /// any other falls back to lowercasing each cell.
    struct Needle {
        let text: String
        let ascii: [UInt8]?

        init(_ raw: String) {
            text = raw.trimmingCharacters(in: .whitespaces).lowercased()
            ascii = text.utf8.allSatisfy { $0 < 0x80 } ? Array(text.utf8) : nil
        }

        var isEmpty: Bool { text.isEmpty }

        func isIn(_ cell: String) -> Bool {
            guard !text.isEmpty else { return true }
            guard let needle = ascii else { return cell.lowercased().contains(text) }
            var cell = cell
            return cell.withUTF8 { Self.contains($0, needle) }
        }

        private static func contains(_ hay: UnsafeBufferPointer<UInt8>, _ needle: [UInt8]) -> Bool {
            let n = needle.count
            guard hay.count >= n else { return false }
            func lower(_ b: UInt8) -> UInt8 { b >= 0x41 && b <= 0x5A ? b | 0x20 : b }
            for start in 0...(hay.count - n) {
                var i = 0
                while i < n && lower(hay[start + i]) == needle[i] { i += 1 }
                if i == n { return true }
            }
            return false
        }
    }

    /// The filter text of the list on screen, or nil where `/` does not filter.
    static func current(_ state: ConsoleState) -> String? { Panes.current(state).filterText(state) }

    /// What the filter input says while empty.
    static func placeholder(_ state: ConsoleState) -> String { Panes.current(state).filterPlaceholder(state) }

}

extension ConsoleUpdate {
    /// Sets the filter of the list on screen and asks for what it now shows.
    static func applyListFilter(_ text: String, _ state: inout ConsoleState) -> [ConsoleEffect] {
        Panes.current(state).applyFilter(text, &state)
    }
}
