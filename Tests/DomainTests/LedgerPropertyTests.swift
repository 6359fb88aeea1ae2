import Testing
@testable import Domain

/// Random move sequences: whatever is applied, the ledger's invariants hold.
@Suite struct LedgerPropertyTests {
    static let skus = ["A", "B", "C"]
    static let locations = ["L1", "L2"]

    static func randomMove(_ rng: inout SeededRandom) -> StockMove {
        let statuses: [StockStatus?] = [nil] + StockStatus.allCases
        var from = statuses.randomElement(using: &rng)!
        var to = statuses.randomElement(using: &rng)!
        if from == to { from = nil; to = .sellable }
        return StockMove(sku: skus.randomElement(using: &rng)!, location: locations.randomElement(using: &rng)!,
                         from: from, to: to, quantity: Int.random(in: 1...20, using: &rng), reason: .adjustment)
    }

    @Test(arguments: 1...40)
    func acceptedMovesKeepEveryBalanceNonNegativeAndEqualToTheNetOfMoves(seed: UInt64) {
        var rng = SeededRandom(seed: seed)
        var positions: [SkuLocation: StockPosition] = [:]
        var accepted: [StockMove] = []
        var net: [SkuLocation: StockPosition] = [:]
        var reservedByDocument: [SkuLocation: Int] = [:]   // what reservation records would hold
        for _ in 0..<300 {
            let move = Self.randomMove(&rng)
            let key = SkuLocation(sku: move.sku, location: move.location)
            var p = positions[key] ?? StockPosition()
            do {
                try p.apply(move)
                positions[key] = p
                accepted.append(move)
                if let f = move.from { net[key, default: StockPosition()][f] -= move.quantity }
                if let t = move.to { net[key, default: StockPosition()][t] += move.quantity }
                if move.to == .reserved { reservedByDocument[key, default: 0] += move.quantity }
                if move.from == .reserved { reservedByDocument[key, default: 0] -= move.quantity }
            } catch {
                // A refused move must be one that would have gone negative.
                #expect(move.from.map { (positions[key] ?? StockPosition())[$0] < move.quantity } == true)
            }
        }
        for p in positions.values { for s in StockStatus.allCases { #expect(p[s] >= 0) } }
        let replayed = try? Ledger.replay(accepted)
        #expect(replayed == positions)
        let violations = Ledger.verify(stored: positions, netFromMoves: net,
                                       liveReservations: reservedByDocument, kits: [])
        #expect(violations.isEmpty)
    }

    @Test func verifyReportsEachKindOfViolation() {
        let k = SkuLocation(sku: "A", location: "L1")
        var stored = StockPosition(); stored.sellable = 5; stored.reserved = 2
        var net = StockPosition(); net.sellable = 4; net.reserved = 2
        let v = Ledger.verify(stored: [k: stored], netFromMoves: [k: net], liveReservations: [k: 1], kits: ["A"])
        #expect(v.contains(.balanceMismatch(k, .sellable, stored: 5, fromMoves: 4)))
        #expect(v.contains(.reservedMismatch(k, reserved: 2, liveReservations: 1)))
        #expect(v.contains(.kitHoldsStock(k, quantity: 7)))
        #expect(v.count == 3)
    }

    @Test func replayNamesTheMoveThatWouldGoNegative() {
        let moves = [StockMove(sku: "A", location: "L1", from: nil, to: .sellable, quantity: 3, reason: .receipt),
                     StockMove(sku: "A", location: "L1", from: .sellable, to: .reserved, quantity: 4, reason: .reservation)]
        #expect { try Ledger.replay(moves) } throws: { ($0 as? DomainError)?.message.hasPrefix("Move 2:") == true }
    }

    @Test func malformedMovesAreRefused() {
        #expect(throws: DomainError.self) { try StockMove(sku: "A", location: "L", from: nil, to: nil, quantity: 1, reason: .adjustment).validate() }
        #expect(throws: DomainError.self) { try StockMove(sku: "A", location: "L", from: .damaged, to: .damaged, quantity: 1, reason: .adjustment).validate() }
        #expect(throws: DomainError.self) { try StockMove(sku: "A", location: "L", from: nil, to: .sellable, quantity: 0, reason: .adjustment).validate() }
    }
}

