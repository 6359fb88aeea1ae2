import Foundation

/// The built `qm` executable and a way to run a command and collect what it printed.
enum QMBinary {
    /// `qm` sits beside the test bundle in the build folder.
    static func path() throws -> String {
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("qm").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        throw E2EError("qm binary not found near \(CommandLine.arguments[0]); run `swift build` first")
    }

    struct Result {
        var status: Int32; var stdout: String; var stderr: String
        /// It died of a signal (a trap, a crash) rather than exiting.
        var crashed = false
    }

    /// Runs a program that does not leave daemons behind (they would hold the pipes open).
    /// `started` sees the process once it runs (to track it, e.g. to end it if a test fails).
    static func run(_ path: String, _ args: [String], environment: [String: String] = [:],
                    started: (Process) -> Void = { _ in }) throws -> Result {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: path)
        p.arguments = args
        var env = ProcessInfo.processInfo.environment
        env.merge(environment) { $1 }
        p.environment = env
        // stderr goes to a file so that only one pipe needs draining (no deadlock on a full pipe).
        let errFile = FileManager.default.temporaryDirectory.appendingPathComponent("qm-stderr-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: errFile.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errFile) }
        let out = Pipe()
        p.standardOutput = out
        let err = try FileHandle(forWritingTo: errFile)
        defer { try? err.close() }
        p.standardError = err
        try p.run()
        started(p)
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        let errText = (try? String(contentsOf: errFile, encoding: .utf8)) ?? ""
        return Result(status: p.terminationStatus, stdout: String(decoding: data, as: UTF8.self), stderr: errText,
                      crashed: p.terminationReason == .uncaughtSignal)
    }
}

/// A test's own folder for its databases and files, and the binary; `remove()` when done.
struct Scratch {
    let folder: URL
    let qm: String
    init(_ name: String) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("qm-\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        qm = try QMBinary.path()
    }
    func path(_ file: String) -> String { folder.appendingPathComponent(file).path }
    func remove() { try? FileManager.default.removeItem(at: folder) }
}

struct E2EError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}
