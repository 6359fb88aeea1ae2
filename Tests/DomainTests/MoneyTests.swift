import Testing
@testable import Domain

@Suite struct MoneyTests {
    @Test(arguments: [("12.34", 1234), ("12.3", 1230), ("12", 1200), ("-0.5", -50), ("2.555", 256), ("0.004", 0), (".5", 50),
                      ("+7", 700), ("5.", 500), (" \t3.10 ", 310), ("\u{00A0}4.20\u{2007}", 420), ("0.00999", 1),
                      ("999999999999999.99", 99_999_999_999_999_999), ("-2.345", -235), ("007", 700)])
    func parsesDecimalTextIntoMinorUnits(text: String, minor: Int64) {
        #expect(Money.parseMinorUnits(text) == minor)
    }

    @Test(arguments: ["", "abc", "1.2.3", "1,50", "-", "12e3", ".", "+-1", "1 000", "£2", "1234567890123456", "1.2a", "  "])
    func rejectsWhatIsNotAnAmount(text: String) {
        #expect(Money.parseMinorUnits(text) == nil)
    }

    @Test func formatsMinorUnits() {
        #expect(Money.format(1234) == "12.34")
        #expect(Money.format(-5) == "-0.05")
        #expect(Money(minorUnits: 100, currency: "GBP").description == "1.00 GBP")
    }
}

@Suite struct CatalogRuleTests {
    func sku(_ code: String) -> SKU {
        SKU(code: code, name: "Mug", unitCost: Money(minorUnits: 100, currency: "GBP"), listPrice: Money(minorUnits: 250, currency: "GBP"))
    }

    @Test func validSKUPasses() throws { try sku("85123A").validate() }

    @Test func badCodesAreRefusedWithTheCodeNamed() {
        #expect(throws: DomainError.self) { try sku("has space").validate() }
        #expect(throws: DomainError.self) { try sku("").validate() }
        var s = sku("X1"); s.packSize = 0
        #expect { try s.validate() } throws: { ($0 as? DomainError)?.message.contains("X1") == true }
    }

    @Test func kitATPIsLimitedByTheScarcestComponent() {
        let parts = [KitComponent(component: "A", quantity: 2), KitComponent(component: "B", quantity: 1)]
        let stock = ["A": 9, "B": 7]
        #expect(ATP.kit(parts) { stock[$0] ?? 0 } == 4)
        #expect(ATP.kit(parts) { $0 == "B" ? 0 : 100 } == 0)
        #expect(ATP.kit([]) { _ in 100 } == 0)
    }

    @Test func accessPolicyRefusesViewersAndNamesTheNeededRoles() {
        #expect(throws: Never.self) { try AccessPolicy.authorize(.supervisor, .adjustStock, user: "sam") }
        #expect { try AccessPolicy.authorize(.viewer, .adjustStock, user: "vic") } throws: {
            let m = ($0 as? DomainError)?.message ?? ""
            return m.contains("vic") && m.contains("supervisor")
        }
        for command in Command.allCases {
            #expect(AccessPolicy.allowedRoles(for: command).contains(.admin))
            #expect(!AccessPolicy.allowedRoles(for: command).contains(.viewer))
        }
    }

    @Test func statusesParseFromCLISpellings() {
        #expect(StockStatus(parsing: "return-pending") == .returnPending)
        #expect(StockStatus(parsing: "SELLABLE") == .sellable)
        #expect(StockStatus(parsing: "lost") == nil)
    }
}
