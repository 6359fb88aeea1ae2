/// Where frames go and where input comes from: ncurses in the app, a scripted
/// in-memory terminal in tests.
public protocol TerminalBackend: AnyObject {
    /// Current size in cells.
    var size: (width: Int, height: Int) { get }
    /// Shows a frame, redrawing only what changed since the last one.
    func present(_ buffer: Buffer)
    /// The next key or resize, or nil if none arrived within the timeout.
    func readEvent(timeoutMilliseconds: Int) -> InputEvent?
    /// Gives the terminal back. Safe to call more than once.
    func shutdown()
}
