import Testing
import Foundation
import Domain
@testable import Channels

/// The December 2010 slice of the real export (42,481 lines with its header), parsed once.
private enum DecemberFile {
    static let path = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()                     // Tests/ChannelsTests
        .appendingPathComponent("../../../shared/data/online-retail/online-retail-2010-12.csv")
        .standardizedFileURL.path

    static let report: Result<OrderFileReport, ImportFileError> = Result { () throws(ImportFileError) in
        try OrderFile.parse(path: path, input: .onlineRetail, channel: nil)
    }

    static func order(_ ref: String) throws -> ParsedOrder {
        try #require(report.get().orders.first { $0.draft.externalRef == ref }, "invoice \(ref) not found")
    }
}

private let retailHeader = "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n"

private func retail(_ rows: String, channel: String? = nil) throws -> OrderFileReport {
    try OrderFile.parse(bytes: bytes(retailHeader + rows), file: "retail.csv", input: .onlineRetail, channel: channel)
}

@Suite struct OrderFileOnlineRetailTests {
    // MARK: The real December 2010 file

    @Test func decemberCountsMatchTheREADME() throws {
        let report = try DecemberFile.report.get()
        #expect(report.lines == 42_481)         // 42,482 physical lines with the header
        #expect(report.rejected == [])
        #expect(report.roundedPrices == 0)
        #expect(report.orders.count == 2_025)
        let kinds = Dictionary(grouping: report.orders, by: \.draft.kind).mapValues(\.count)
        #expect(kinds == [.sale: 1_629, .return: 326, .writeOff: 70])
        // Every document is on the default channel, in GBP, and in file order.
        #expect(report.orders.allSatisfy { $0.draft.channel == "online-retail" && $0.draft.currency == "GBP" })
        #expect(report.orders.map(\.line) == report.orders.map(\.line).sorted())
        // Totals an independent Python reading of the file gives.
        let sales = report.orders.filter { $0.draft.kind == .sale }.map(\.draft)
        #expect(sales.reduce(0) { $0 + $1.lines.count } == 41_514)
        #expect(sales.reduce(0) { $0 + $1.goodsValue } == 77_786_819)
        #expect(sales.reduce(0) { $0 + $1.freight } == 2_915_819)
        #expect(sales.filter { $0.freight > 0 }.count == 125)
        let returns = report.orders.filter { $0.draft.kind == .return }.map(\.draft)
        #expect(returns.reduce(0) { $0 + $1.lines.count } == 698)
        #expect(returns.reduce(0) { $0 + $1.goodsValue } == 1_760_786)
        #expect(returns.reduce(0) { $0 + $1.chargesValue } == -5_718_126)
        #expect(report.orders.filter { $0.draft.customer.isEmpty }.count == 317)
        let regions = Dictionary(grouping: report.orders, by: \.draft.shipTo.region).mapValues(\.count)
        #expect(regions == ["UK-S": 1_886, "DE": 47, "FR": 24, "IE": 22, "INTL": 23, "ES": 12, "NL": 8, "IT": 3])
    }

    @Test func firstInvoiceIsASaleWithItsLinesAndHeader() throws {
        let order = try DecemberFile.order("536365")
        #expect(order.line == 2)
        let draft = order.draft
        #expect(draft.kind == .sale)
        #expect(draft.customer == "17850")
        #expect(draft.shipTo == Address(name: "customer 17850", country: "United Kingdom", region: "UK-S"))
        #expect(draft.orderedAt == "2010-12-01 08:26:00")
        #expect(draft.promiseDate == "2010-12-06")
        #expect(draft.serviceLevel == .standard)
        #expect(draft.paymentStatus == .captured)
        #expect(draft.fraudScore == 0)
        #expect(draft.lines.count == 7)
        #expect(draft.lines[0] == OrderLineDraft(sku: "85123A", description: "WHITE HANGING HEART T-LIGHT HOLDER",
                                                 quantity: 6, unitPrice: 255, discount: 0, tax: 0))
        #expect(draft.lines.map(\.quantity).reduce(0, +) == 40)
        #expect(draft.goodsValue == 13_912)
        #expect(draft.charges == [] && draft.freight == 0)
        #expect(draft.total == 13_912)
    }

    @Test func cancellationInvoiceIsAReturnWithPositiveQuantities() throws {
        let order = try DecemberFile.order("C536391")
        #expect(order.line == 237)
        #expect(order.draft.kind == .return)
        #expect(order.draft.lines.map(\.quantity) == [12, 24, 24, 24, 12, 12, 24])
        #expect(order.draft.lines[0] == OrderLineDraft(sku: "22556", description: "PLASTERS IN TIN CIRCUS PARADE",
                                                       quantity: 12, unitPrice: 165, discount: 0, tax: 0))
        #expect(order.draft.goodsValue == 14_148)
        // A cancelled discount: a charge keeping the file's sign, no lines.
        let discount = try DecemberFile.order("C536379").draft
        #expect(discount.kind == .return)
        #expect(discount.lines == [])
        #expect(discount.charges == [OrderCharge(code: "D", description: "Discount", amount: -2_750)])
    }

    @Test func writeOffInvoiceHasNoCustomerAndUnpricedLines() throws {
        let order = try DecemberFile.order("536589")
        #expect(order.line == 2_408)
        #expect(order.draft.kind == .writeOff)
        #expect(order.draft.customer == "")
        #expect(order.draft.shipTo.name == "")
        #expect(order.draft.lines == [OrderLineDraft(sku: "21777", description: "", quantity: 10, unitPrice: 0, discount: 0, tax: 0)])
    }

    @Test func postageGoesIntoFreightOtherChargesStayCharges() throws {
        let france = try DecemberFile.order("536370").draft
        #expect(france.shipTo.region == "FR")
        #expect(france.freight == 5_400)        // POST: 3 x 18.00
        #expect(france.charges == [])
        #expect(france.lines.count == 19)
        let guest = try DecemberFile.order("536865").draft
        #expect(guest.customer == "" && guest.shipTo.name == "")
        #expect(guest.freight == 49_847)        // DOT: dotcom postage
        #expect(guest.charges == [OrderCharge(code: "M", description: "Manual", amount: 255)])
        let bank = try DecemberFile.order("536779").draft
        #expect(bank.lines == [])
        #expect(bank.charges == [OrderCharge(code: "BANK CHARGES", description: "Bank Charges", amount: 1_500)])
    }

    // MARK: Rules, on small inline files

    @Test func subPencePricesAreRoundedAndCounted() throws {
        let report = try retail("""
            1,PADS,PADS TO MATCH ALL CUSHIONS,1,2011-04-15 09:27:00,0.001,13952.0,United Kingdom
            1,22111,Mug,2,2011-04-15 09:27:00,2.555,13952.0,United Kingdom
            1,22112,Cup,2,2011-04-15 09:27:00,2.550,13952.0,United Kingdom
            """)
        #expect(report.roundedPrices == 2)
        let draft = try #require(report.orders.first).draft
        #expect(draft.charges == [OrderCharge(code: "PADS", description: "PADS TO MATCH ALL CUSHIONS", amount: 0)])
        #expect(draft.lines.map(\.unitPrice) == [256, 255])
    }

    @Test func adjustmentInvoiceIsAllCharges() throws {
        let report = try retail("""
            A563186,B,Adjust bad debt,1,2011-08-12 14:51:00,-11062.06,,United Kingdom
            """, channel: "retail-archive")
        let draft = try #require(report.orders.first).draft
        #expect(draft.kind == .adjustment)
        #expect(draft.channel == "retail-archive")
        #expect(draft.lines == [])
        #expect(draft.charges == [OrderCharge(code: "B", description: "Adjust bad debt", amount: -1_106_206)])
    }

    @Test func aMixedInvoiceSplitsOffItsWriteOffs() throws {
        let report = try retail("""
            9,22111,Mug,2,2011-01-01 10:00:00,1.25,,EIRE
            9,22112,thrown away,-5,2011-01-01 10:00:00,0,,EIRE
            9,POST,POSTAGE,1,2011-01-01 10:00:00,15,,EIRE
            """)
        #expect(report.rejected == [])
        #expect(report.orders.map(\.draft.externalRef) == ["9", "9-WO"])
        #expect(report.orders.map(\.line) == [2, 3])
        let sale = report.orders[0].draft, writeOff = report.orders[1].draft
        #expect(sale.kind == .sale && sale.freight == 1_500 && sale.lines.count == 1)
        #expect(sale.shipTo.region == "IE")
        #expect(writeOff.kind == .writeOff)
        #expect(writeOff.lines == [OrderLineDraft(sku: "22112", description: "thrown away", quantity: 5, unitPrice: 0)])
    }

    @Test func postageAloneOrNegativeStaysACharge() throws {
        let report = try retail("""
            7,POST,POSTAGE,1,2011-01-01 10:00:00,18,12345.0,Germany
            8,22111,Mug,1,2011-01-01 10:00:00,5,12345.0,Japan
            8,POST,POSTAGE refund,-1,2011-01-01 10:00:00,18,12345.0,Japan
            """)
        #expect(report.orders.map(\.draft.freight) == [0, 0])
        #expect(report.orders[0].draft.charges.map(\.amount) == [1_800])
        #expect(report.orders[1].draft.charges.map(\.amount) == [-1_800])
        #expect(report.orders[1].draft.shipTo.region == "INTL")
    }

    @Test func rowsOfAnInvoiceNeedNotBeTogether() throws {
        let report = try retail("""
            5,22111,Mug,1,2011-02-01 11:20:00,1,12836.0,United Kingdom
            6,22112,Cup,1,2011-02-01 11:21:00,1,,United Kingdom
            5,22692,DOORMAT,2,2011-02-01 11:22:00,7.95,12836.0,United Kingdom
            """)
        #expect(report.lines == 3)
        #expect(report.orders.map(\.draft.externalRef) == ["5", "6"])
        #expect(report.orders[0].draft.lines.map(\.sku) == ["22111", "22692"])
        // Header fields come from the invoice's first row.
        #expect(report.orders[0].draft.orderedAt == "2011-02-01 11:20:00")
    }

    @Test func anInvoiceWithABadRowIsRejectedWholeAtThatRow() throws {
        let report = try retail("""
            1,22111,Mug,1,2011-01-01 10:00:00,1,,United Kingdom
            1,22112,Cup,x,2011-01-01 10:00:00,1,,United Kingdom
            1,22113,Bowl,y,2011-01-01 10:00:00,1,,United Kingdom
            2,22111,Mug,1,2011-01-01 10:00:00,1.5.0,,United Kingdom
            3,22111,Mug,-2,2011-01-01 10:00:00,1,17850.0,United Kingdom
            C4,22111,Mug,2,2011-01-01 10:00:00,1,17850.0,United Kingdom
            5,22111,Mug,1,01/12/2010 08:26,1,17850.0,United Kingdom
            6,22111,Mug,1,2011-01-01 10:00:00,1,17850.0
            7,22111,Mug,1,2011-01-01 10:00:00,1,17850.0,United Kingdom
            7,BAD CODE!,Mug,1,2011-01-01 10:00:00,1,17850.0,United Kingdom
            ,22111,Mug,1,2011-01-01 10:00:00,1,17850.0,United Kingdom
            8,22111,Mug,3,2011-01-01 10:00:00,4.5,17850.0,United Kingdom
            9,POST,POSTAGE,1000000,2011-01-01 10:00:00,999999999999999,17850.0,United Kingdom
            """)
        #expect(report.lines == 13)
        #expect(report.orders.map(\.draft.externalRef) == ["8"])
        #expect(report.orders.map(\.line) == [13])
        let rejected = report.rejected
        #expect(rejected.map(\.line) == [3, 5, 6, 7, 8, 9, 11, 12, 14])
        #expect(rejected.map(\.reference) == ["1", "2", "3", "C4", "5", "6", "7", "", "9"])
        #expect(rejected[0].reason == "Quantity 'x' is not a whole number.")
        #expect(rejected[1].reason == "UnitPrice '1.5.0' is not an amount like 2.55.")
        #expect(rejected[2].reason.contains("Quantity -2 of 22111 is negative on a sale invoice"))
        #expect(rejected[3].reason.contains("Quantity 2 of 22111 is not negative"))
        #expect(rejected[4].reason == "InvoiceDate '01/12/2010 08:26' is not a date and time like 2010-12-01 08:26:00.")
        #expect(rejected[5].reason == "the row has 7 fields but the header has 8 columns.")
        // The Domain's own message, at the row of the line it refuses.
        #expect(rejected[6].reason == "Order online-retail/7 line 2: 'BAD CODE!' is not a valid SKU code.")
        #expect(rejected[7].reason == "InvoiceNo is empty, so the row belongs to no invoice.")
        #expect(rejected[8].reason == "Quantity 1000000 times UnitPrice '999999999999999' is too large an amount.")
    }

    @Test func aWrongHeaderRefusesTheFile() {
        let errors = importErrors {
            _ = try OrderFile.parse(bytes: bytes("Invoice,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID\n1,2,3,4,5,6,7\n"),
                                    file: "retail.csv", input: .onlineRetail, channel: nil)
        }
        #expect(errors.map(\.line) == [1, 1])
        #expect(errors.first?.reason.hasPrefix("unknown column Invoice;") == true)
        #expect(errors.last?.reason == "missing required columns invoiceno, country.")
        let empty = importErrors { _ = try OrderFile.parse(bytes: [], file: "retail.csv", input: .onlineRetail, channel: nil) }
        #expect(empty.map(\.line) == [0])
        let missing = importErrors { _ = try OrderFile.parse(path: "/nonexistent/retail.csv", input: .onlineRetail, channel: nil) }
        #expect(missing.map(\.line) == [0])
        #expect(missing.first?.reason == "no such file")
    }

    @Test func headerNamesAreCaseInsensitiveAndAnOpenQuoteRefusesTheFile() throws {
        let report = try OrderFile.parse(bytes: bytes("""
            invoiceno,STOCKCODE,description,quantity,invoicedate,unitprice,customerid,country
            1,22111,"Mug, large",1,2011-01-01 10:00:00,1,,United Kingdom
            """), file: "retail.csv", input: .onlineRetail, channel: nil)
        #expect(report.orders.first?.draft.lines.first?.description == "Mug, large")
        let errors = importErrors { _ = try retail("1,22111,\"Mug,1,2011-01-01 10:00:00,1,,United Kingdom\n") }
        #expect(errors.map(\.line) == [2])
    }
}

@Suite struct OrderFileAmountTests {
    /// Order files read amounts exactly as Money.parseMinorUnits does, and say when they rounded.
    @Test func orderAmountsAgreeWithMoneyParse() {
        let samples = ["0", "0.0", "2.55", "2.555", "2.554", "-2.555", "0.001", "0.005", "-0.005", "12", "12.", ".5", "-.5",
                       "-", ".", "", "1.2.3", "--5", "+5", " 5", "5 ", "1e3", "abc", "999999999999999", "9999999999999999",
                       "13541.33", "-11062.06", "0.0049", "7.9500", "1,000.00", "٣"]
        for text in samples {
            let expected = Money.parseMinorUnits(text, decimals: 2)
            #expect(OrderAmount.parse(text)?.minor == expected, "\(text)")
        }
        var random = SeededRandom(seed: 7)
        let alphabet = Array("0123456789.-+ ")
        for _ in 0..<5_000 {
            let text = String((0..<Int(random.next() % 8)).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] })
            #expect(OrderAmount.parse(text)?.minor == Money.parseMinorUnits(text, decimals: 2), "\(text)")
        }
        #expect(OrderAmount.parse("0.001")?.rounded == true)
        #expect(OrderAmount.parse("2.550")?.rounded == false)
        #expect(OrderAmount.parse("2.55")?.rounded == false)
    }

    @Test func trimCutsSpacesAndUnicodeBlanks() {
        #expect(OrderFileText.trim("  MINI PAINT SET ") == "MINI PAINT SET")
        #expect(OrderFileText.trim("\u{00A0}café\u{00A0}") == "café")
        #expect(OrderFileText.trim(" \u{00A0}x") == "x")
        #expect(OrderFileText.trim("   ") == "")
        #expect(OrderFileText.trim("plain") == "plain")
    }
}
