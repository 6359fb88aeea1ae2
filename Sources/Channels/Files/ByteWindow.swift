import Foundation

/// The bytes a reader has in hand: the whole input, or, streaming a file, a window of it that
/// `fill` keeps at least `ahead` bytes past `position` (dropping what was read before it), so
/// memory stays the same however long the file is. CSVReader and the JSON order splitter read
/// through one.
struct ByteWindow: Sendable {
    var bytes: [UInt8]
    var position: Int
    /// Everything up to the end of the input is in `bytes`.
    private(set) var atEnd: Bool
    /// How many bytes past `position` a fill keeps in hand (0 for a whole input).
    let ahead: Int
    private let file: OpenFile?
    /// Where each read lands before it joins `bytes` (a file's window only).
    private var chunk: [UInt8] = []

    /// A file open for streaming; closed when the last window holding it goes.
    private final class OpenFile: Sendable {
        let descriptor: Int32
        init(_ descriptor: Int32) { self.descriptor = descriptor }
        deinit { close(descriptor) }
    }

    /// The whole input, past a UTF-8 byte order mark.
    init(bytes: [UInt8]) {
        self.bytes = bytes
        file = nil
        atEnd = true
        ahead = 0
        position = Self.byteOrderMarkLength(bytes)
    }

    /// Streams the file at `path` (a pipe or a device too), past a byte order mark. A missing
    /// or unreadable file is an error saying why (callers name the file).
    init(path: String, ahead: Int) throws(CSVError) {
        try CSVReader.checkReadable(path)
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw CSVError(line: 0, reason: "cannot be opened (\(String(cString: strerror(errno))))") }
        file = OpenFile(descriptor)
        self.ahead = ahead
        bytes = []
        position = 0
        atEnd = false
        try fill(line: 1)
        position = Self.byteOrderMarkLength(bytes)
    }

    private static func byteOrderMarkLength(_ bytes: [UInt8]) -> Int {
        bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0
    }

    /// Streaming: drops the bytes before `position` and reads on until twice `ahead` are in
    /// hand (or the file ends), when fewer than `ahead` are left, or `always` (at least one
    /// more byte then). `line` is where a read error is reported.
    mutating func fill(line: Int, always: Bool = false) throws(CSVError) {
        guard let file, !atEnd, always || bytes.count - position < ahead else { return }
        bytes.removeSubrange(0..<position)
        position = 0
        if chunk.isEmpty { chunk = [UInt8](repeating: 0, count: 1 << 20) }
        let wanted = max(2 * ahead, bytes.count + 1)
        while bytes.count < wanted && !atEnd {
            let n = chunk.withUnsafeMutableBytes { read(file.descriptor, $0.baseAddress!, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n < 0 { throw CSVError(line: line, reason: "cannot be read further (\(String(cString: strerror(errno))))") }
            if n == 0 { atEnd = true }
            bytes.append(contentsOf: chunk[0..<n])
        }
    }
}
