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
        owner.arguments = ["python3", "-c", "import sqlite3, time; c = sqlite3.connect('\(db)'); c.execute('select 1 from sku').fetchone(); time.sleep(3)"]
        try owner.run()
        defer { owner.terminate() }
        for _ in 0..<50 where try sidecars().count < 2 { usleep(50_000) }
        #expect(try SecondUser.run(qm, ["verify", "--db", db]).status == 0)
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
