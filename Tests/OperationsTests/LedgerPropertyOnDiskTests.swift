import Testing
import Foundation
import Domain
import Store
@testable import Operations

/// Random command sequences through Operations on a real SQLite file: whatever mix of
/// accepted and refused commands, `verify` stays clean.
@Suite struct LedgerPropertyOnDiskTests {
    @Test(arguments: [UInt64(1), 2, 3, 4])
    func randomCommandsKeepTheLedgerVerified(seed: UInt64) throws {
        let db = try TestDatabase()
        defer { db.remove() }
        let ops = db.ops
        var rng = SeededRandom(seed: seed)
        let sam = TestDatabase.supervisor
        var documents: [String] = []
        func counts() throws -> (Int, Int64) { try ops.read { (try $0.moveCount(), try $0.lastAuditID()) } }
        for step in 0..<150 {
            let before = try counts()
            let sku = ["A", "B"].randomElement(using: &rng)!
            let loc = ["L1", "L2"].randomElement(using: &rng)!
            let qty = Int.random(in: 1...15, using: &rng)
            let status = [StockStatus.sellable, .quarantine, .damaged, .returnPending].randomElement(using: &rng)!
            do {
                switch Int.random(in: 0..<6, using: &rng) {
                case 0: try ops.adjust(sku: sku, location: loc, status: status, delta: qty, reason: "r", by: sam)
                case 1: try ops.adjust(sku: sku, location: loc, status: status, delta: -qty, reason: "r", by: sam)
                case 2: try ops.transfer(sku: sku, from: loc, to: loc == "L1" ? "L2" : "L1", status: status, quantity: qty, reason: "r", by: sam)
                case 3: try ops.changeStatus(sku: sku, location: loc, from: status, to: .sellable == status ? .damaged : .sellable, quantity: qty, reason: "r", by: sam)
                case 4:
                    try ops.reserve(sku: sku, location: loc, quantity: qty, document: "D\(step)", by: sam)
                    documents.append("D\(step)|\(sku)|\(loc)")
                default:
                    if let doc = documents.randomElement(using: &rng) {
                        let parts = doc.split(separator: "|").map(String.init)
                        try ops.releaseReservation(sku: parts[1], location: parts[2], document: parts[0], reason: "r", by: sam)
                        documents.removeAll { $0 == doc }
                    }
                }
            } catch {
                // Refused commands are expected (not enough stock); they must change nothing.
                let after = try counts()
                #expect(after == before, "a refused command changed the database: \(error)")
            }
        }
        let report = try ops.verify()
        #expect(report.violations == [])
        #expect(report.movesChecked > 20)
    }
}
