/// The state of a virtualised table: which rows exist, which slice of them is
/// loaded, which one is selected and where the viewport is.
///
/// The caller owns the data. Each frame it asks `neededRange(viewportHeight:)`;
/// if that returns a range it fetches those rows and calls `replaceWindow`.
public struct TableState<RowID: Hashable & Sendable>: Sendable {
    public typealias Row = (id: RowID, cells: [String])

    /// Rows beyond the viewport fetched on each side, so small moves need no fetch.
    public static var fetchMargin: Int { 8 }

    /// All rows in the result, if known. nil until the first count arrives.
    public private(set) var totalRows: Int?
    /// Index of `rows[0]` among all rows.
    public private(set) var windowStart: Int = 0
    /// The loaded slice.
    public private(set) var rows: [Row] = []
    /// The selected row's id, when it is loaded.
    public private(set) var selectedID: RowID?
    /// Index of the selected row among all rows (0 when there are none).
    public private(set) var selectedIndex: Int = 0
    /// First row shown in the viewport.
    public private(set) var scrollTop: Int = 0

    public init() {}

    /// Rows known to exist: the total if known, else the end of the loaded window.
    public var rowCount: Int { totalRows ?? (windowStart + rows.count) }

    /// The window as a range of row indices.
    public var windowRange: Range<Int> { windowStart..<(windowStart + rows.count) }

    /// The row at an absolute index, if it is loaded.
    public func row(at index: Int) -> Row? {
        let i = index - windowStart
        return i >= 0 && i < rows.count ? rows[i] : nil
    }

    public var selectedRow: Row? { row(at: selectedIndex) }

    // MARK: Data

    /// Installs freshly fetched rows. The selection follows its row id if that
    /// row is still in the window (rows inserted above move it down, and the
    /// viewport moves with it); otherwise the index stays put, clamped.
    public mutating func replaceWindow(start: Int, rows newRows: [Row], total: Int?) {
        let oldIndex = selectedIndex
        windowStart = max(0, start)
        rows = newRows
        totalRows = total.map { max($0, 0) }
        if let id = selectedID, let i = rows.firstIndex(where: { $0.id == id }) {
            selectedIndex = windowStart + i
            scrollTop = max(0, scrollTop + selectedIndex - oldIndex)
        } else {
            selectedIndex = clampIndex(selectedIndex)
            selectedID = row(at: selectedIndex)?.id
        }
        scrollTop = min(scrollTop, max(0, rowCount - 1))
    }

    /// Selects the row with this id if it is loaded; returns whether it was.
    @discardableResult
    public mutating func select(id: RowID, viewportHeight: Int) -> Bool {
        guard let i = rows.firstIndex(where: { $0.id == id }) else { return false }
        select(index: windowStart + i, viewportHeight: viewportHeight)
        return true
    }

    // MARK: Movement

    public mutating func select(index: Int, viewportHeight: Int) {
        selectedIndex = clampIndex(index)
        selectedID = row(at: selectedIndex)?.id
        scrollToSelection(viewportHeight: viewportHeight)
    }

    public mutating func moveSelection(by delta: Int, viewportHeight: Int) {
        let (sum, overflow) = selectedIndex.addingReportingOverflow(delta)
        select(index: overflow ? (delta < 0 ? 0 : Int.max) : sum, viewportHeight: viewportHeight)
    }

    public mutating func pageDown(viewportHeight: Int) {
        moveSelection(by: max(1, viewportHeight), viewportHeight: viewportHeight)
    }

    public mutating func pageUp(viewportHeight: Int) {
        moveSelection(by: -max(1, viewportHeight), viewportHeight: viewportHeight)
    }

    public mutating func home(viewportHeight: Int) {
        select(index: 0, viewportHeight: viewportHeight)
    }

    public mutating func end(viewportHeight: Int) {
        select(index: rowCount - 1, viewportHeight: viewportHeight)
    }

    /// Scrolls the least amount that brings the selection into view.
    public mutating func scrollToSelection(viewportHeight: Int) {
        scrollTop = effectiveScrollTop(viewportHeight: viewportHeight)
    }

    /// The first visible row for this viewport, with the selection in view and no
    /// empty space below the last row. Drawing uses this, so a stale `scrollTop`
    /// (say, after a resize) never hides the selection.
    public func effectiveScrollTop(viewportHeight: Int) -> Int {
        let h = max(1, viewportHeight)
        var top = scrollTop
        if selectedIndex < top { top = selectedIndex }
        if selectedIndex >= top + h { top = selectedIndex - h + 1 }
        if totalRows != nil { top = min(top, max(0, rowCount - h)) }
        return max(0, top)
    }

    /// Rows to fetch so the viewport can be drawn: nil when the window already
    /// covers every visible row (or there is nothing to show).
    public func neededRange(viewportHeight: Int) -> Range<Int>? {
        let visible = visibleRange(viewportHeight: viewportHeight)
        guard !visible.isEmpty else {
            // Nothing known yet: ask for the first screenful to learn the total.
            return totalRows == nil && rows.isEmpty && viewportHeight > 0 ? fetchRange(viewportHeight: viewportHeight) : nil
        }
        let window = windowRange
        if window.lowerBound <= visible.lowerBound && visible.upperBound <= window.upperBound { return nil }
        return fetchRange(viewportHeight: viewportHeight)
    }

    /// The rows on screen for this viewport height (as far as they are known to exist).
    public func visibleRange(viewportHeight: Int) -> Range<Int> {
        guard viewportHeight > 0 else { return 0..<0 }
        let top = effectiveScrollTop(viewportHeight: viewportHeight)
        let bottom = min(top + viewportHeight, totalRows ?? (top + viewportHeight))
        return top..<max(top, bottom)
    }

    /// What to fetch to refresh the screen regardless of what is loaded (after
    /// the data changed): the visible rows plus `fetchMargin` on each side.
    public func fetchRange(viewportHeight: Int) -> Range<Int> {
        let top = effectiveScrollTop(viewportHeight: viewportHeight)
        let lower = max(0, top - Self.fetchMargin)
        var upper = top + max(0, viewportHeight) + Self.fetchMargin
        if let total = totalRows { upper = min(upper, total) }
        return lower..<max(lower, upper)
    }

    /// Forgets everything (a new query): no rows, selection at the top.
    public mutating func reset() {
        self = TableState()
    }

    private func clampIndex(_ i: Int) -> Int {
        min(max(0, i), max(0, rowCount - 1))
    }
}
