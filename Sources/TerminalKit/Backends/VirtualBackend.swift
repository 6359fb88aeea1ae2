/// An in-memory terminal for tests: scripted input, frames kept for inspection.
public final class VirtualBackend: TerminalBackend {
    public private(set) var size: (width: Int, height: Int)
    /// The most recent frame presented (blank, at the initial size, before any).
    public private(set) var lastFrame: Buffer
    private var previous: Buffer?
    public private(set) var frameCount = 0
    /// Cells the frame diff reported for the last `present` (the work a real
    /// terminal would have done).
    public private(set) var lastDiffCellCount = 0
    public private(set) var isShutDown = false
    private var events: [InputEvent] = []
    private var eventIndex = 0

    public init(width: Int, height: Int) {
        size = (max(0, width), max(0, height))
        lastFrame = Buffer(width: width, height: height)
    }

    /// Changes the size and queues the `.resize` event a terminal would send.
    public func resize(width: Int, height: Int) {
        size = (max(0, width), max(0, height))
        events.append(.resize(width: size.width, height: size.height))
    }

    public func enqueue(_ keys: [Key]) {
        events.append(contentsOf: keys.map { .key($0) })
    }

    public func enqueue(_ event: InputEvent) {
        events.append(event)
    }

    /// Queues each character as a key press; "\n" is Enter, "\t" is Tab.
    public func type(_ text: String) {
        for c in text {
            switch c {
            case "\n", "\r", "\r\n": events.append(.key(.enter))
            case "\t": events.append(.key(.tab))
            default: events.append(.key(.char(c)))
            }
        }
    }

    /// Events still waiting to be read.
    public var pendingEventCount: Int { events.count - eventIndex }

    public func present(_ buffer: Buffer) {
        lastDiffCellCount = FrameDiff.changes(from: previous, to: buffer).count
        previous = buffer
        lastFrame = buffer
        frameCount += 1
    }

    public func readEvent(timeoutMilliseconds: Int) -> InputEvent? {
        guard eventIndex < events.count else { return nil }
        let event = events[eventIndex]
        eventIndex += 1
        if eventIndex == events.count { events.removeAll(); eventIndex = 0 }
        return event
    }

    public func shutdown() { isShutDown = true }

    /// The last frame as trimmed text.
    public var screenText: String { lastFrame.snapshot() }

    /// The last frame as a terminal outside UTF-8 shows it (each cell through `ASCIIFallback`,
    /// as the ncurses backend draws it there).
    public var asciiScreenText: String {
        String(screenText.unicodeScalars.map { $0 == "\n" ? "\n" : Character(ASCIIFallback.character(for: String($0))) })
    }
}
