import Testing
import Foundation

/// Running `qm` as a second OS user needs root (to switch to `nobody`) and setpriv.
enum SecondUser {
    static let setpriv = "/usr/bin/setpriv"
    static var available: Bool { geteuid() == 0 && FileManager.default.isExecutableFile(atPath: setpriv) }
    /// Runs qm as `nobody`.
    static func run(_ qm: String, _ args: [String]) throws -> QMBinary.Result {
        try QMBinary.run(setpriv, ["--reuid=65534", "--regid=65534", "--clear-groups", qm] + args)
    }
}

/// A database shared between OS users: one who may only read the file reads it, is refused
/// changes in one sentence, and leaves nothing behind that would lock its owner out.
@Suite struct SharedDatabaseTests {
    let folder: URL
    let qm: String
    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("qm-shared-\(UUID().uuidString)")
        // World-writable, like /tmp: the reader could create files here, and must not.
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o1777])
        qm = try QMBinary.path()
    }

    func sidecars() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix("-wal") || $0.hasSuffix("-shm") }
    }

    @Test(.enabled(if: SecondUser.available, "needs root and setpriv to run qm as a second OS user"))
    func aReaderWithoutWriteAccessReadsIsRefusedChangesAndNeverLocksTheOwnerOut() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = folder.appendingPathComponent("shop.sqlite").path
        let demo = try QMBinary.run(qm, ["demo", "--db", db, "--skus", "30", "--locations", "3"])
        #expect(demo.status == 0, "\(demo.stderr)")
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: db)
        let adjust = ["move", "adjust", "--sku", "QM10000", "--location", "WH-UK-N", "--qty", "1", "--reason", "count", "--db", db]

        let read = try SecondUser.run(qm, ["stock", "--db", db, "--format", "csv"])
        #expect(read.status == 0 && read.stdout.split(separator: "\n").count > 10, "\(read.stderr)")
        #expect(try sidecars().isEmpty)   // nothing created beside the file
        let refused = try SecondUser.run(qm, adjust)
        #expect(refused.status == 1)
        #expect(refused.stderr == "qm: \(db) is read-only for you: you may look, but not change anything (its owner or a member of its group with write access can).\n")

        // While the owner has it open (its -wal and -shm exist), the reader reads through them.
        let owner = Process()
        owner.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        owner.arguments = ["python3", "-c", "import sqlite3, time; c = sqlite3.connect('\(db)'); c.execute('select 1 from sku').fetchone(); print('open', flush=True); time.sleep(3)"]
        let said = Pipe()
        owner.standardOutput = said
        try owner.run()
        defer { owner.terminate() }
        _ = said.fileHandleForReading.availableData   // "open": its -wal and -shm exist
        #expect(try sidecars().count == 2)
        let verified = try SecondUser.run(qm, ["verify", "--db", db])
        #expect(verified.status == 0, "\(verified.stdout) \(verified.stderr)")
        owner.waitUntilExit()

        func sellable() throws -> String? {
            let csv = try SecondUser.run(qm, ["stock", "--db", db, "--sku", "QM10000", "--location", "WH-UK-N", "--format", "csv"]).stdout
            return csv.split(separator: "\n").dropFirst().first?.split(separator: ",").dropFirst(3).first.map(String.init)
        }
        let before = try #require(try sellable().flatMap { Int($0) })
        let byOwner = try QMBinary.run(qm, adjust)
        #expect(byOwner.status == 0, "the owner is locked out: \(byOwner.stderr)")
        #expect(try sellable() == String(before + 1))   // and the reader sees what the owner did
    }
}

/// Another process holding the write lock (an external sqlite3 in BEGIN IMMEDIATE): readers
/// are not held up at all, a writer says it is waiting, then gives up after 10 s in one
/// sentence, having changed nothing. The holder keeps the lock well past the writer's 10 s
/// however slow the machine (it is ended when the test is), so the writer always gives up.
@Suite struct BusyDatabaseTests {
    @Test func readersNeverWaitForAWriterAndAWriterSaysWhyItGaveUp() throws {
        let scratch = try Scratch("busy")
        defer { scratch.remove() }
        let (qm, db) = (scratch.qm, scratch.path("busy.sqlite"))
        #expect(try QMBinary.run(qm, ["demo", "--db", db, "--skus", "20", "--locations", "3"]).status == 0)
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        holder.arguments = ["python3", "-c", """
            import sqlite3, sys, time
            c = sqlite3.connect('\(db)', isolation_level=None); c.execute('BEGIN IMMEDIATE'); print('locked', flush=True); time.sleep(60)
            """]
        let out = Pipe()
        holder.standardOutput = out
        try holder.run()
        defer { holder.terminate() }
        _ = out.fileHandleForReading.availableData   // "locked"

        let started = Date()
        let read = try QMBinary.run(qm, ["stock", "--db", db, "--format", "csv"])
        #expect(read.status == 0 && read.stderr.isEmpty, "\(read.stderr)")
        #expect(Date().timeIntervalSince(started) < 5)
        #expect(try QMBinary.run(qm, ["verify", "--db", db]).status == 0)

        let write = try QMBinary.run(qm, ["move", "adjust", "--sku", "QM10000", "--location", "WH-UK-N", "--qty", "1", "--reason", "x", "--db", db])
        #expect(write.status == 1)
        #expect(write.stderr == "qm: waiting for another process to finish writing (for up to 10 s)…\n"
                + "qm: The database stayed busy: another process held its write lock for 10 s; nothing was changed, try again.\n")
    }
}
