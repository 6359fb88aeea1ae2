/// Which cells must be redrawn to turn one frame into the next. Shared by the
/// ncurses backend and the virtual one, so tests measure the real diff.
public enum FrameDiff {
    /// Changed cells in row-major order. Everything when there is no previous
    /// frame or its size differs. Continuation cells ("") are included so the
    /// count is honest; backends skip drawing them.
    public static func changes(from old: Buffer?, to new: Buffer) -> [(x: Int, y: Int, cell: Cell)] {
        var result: [(x: Int, y: Int, cell: Cell)] = []
        let full = old.map { $0.width != new.width || $0.height != new.height } ?? true
        if full { result.reserveCapacity(new.width * new.height) }
        for y in 0..<new.height {
            for x in 0..<new.width {
                let cell = new[x: x, y: y]
                if full || old![x: x, y: y] != cell { result.append((x, y, cell)) }
            }
        }
        return result
    }
}
