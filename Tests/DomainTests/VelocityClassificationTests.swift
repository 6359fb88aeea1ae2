import Testing
@testable import Domain

@Suite struct VelocityClassificationTests {
    /// Values 500, 300, 100, 60, 40 (total 1,000): shares before each are 0, 50%, 80%, 90%,
    /// 96%; so A, A, B, B, C: the SKU that crosses 80% stays A, the one that crosses 95% B.
    @Test func theSKUsMakingTheFirst80PercentOfValueAreA() {
        let ranked = VelocityClassification.classify([("D", 60), ("A", 500), ("E", 40), ("C", 100), ("B", 300)])
        #expect(ranked.map(\.sku) == ["A", "B", "C", "D", "E"])
        #expect(ranked.map(\.velocity) == [.a, .a, .b, .b, .c])
        #expect(ranked.map(\.cumulativePerMille) == [500, 800, 900, 960, 1_000])
    }

    @Test func noDemandIsCAndTiesRankByCode() {
        let ranked = VelocityClassification.classify([("Z", 0), ("M", 10), ("K", 10), ("Q", -5)])
        #expect(ranked.map(\.sku) == ["K", "M", "Q", "Z"])
        #expect(ranked.map(\.velocity) == [.a, .a, .c, .c])
        #expect(VelocityClassification.classify([("X", 0)]).map(\.velocity) == [.c])
    }

    @Test func sharesAreConfigurableAndChecked() throws {
        let ranked = VelocityClassification.classify([("A", 500), ("B", 300), ("C", 200)], shares: .init(a: 500, ab: 700))
        #expect(ranked.map(\.velocity) == [.a, .b, .c])
        #expect(throws: DomainError.self) { try VelocityClassification.Shares(a: 900, ab: 800).validate() }
        // Values that would overflow a 64-bit sum still rank.
        #expect(VelocityClassification.classify([("A", .max), ("B", .max)]).map(\.cumulativePerMille) == [500, 1_000])
    }
}
