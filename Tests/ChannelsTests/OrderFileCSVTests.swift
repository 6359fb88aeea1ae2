import Testing
import Foundation
import Domain
@testable import Channels

private func channelCSV(_ text: String, channel: String? = nil) throws -> OrderFileReport {
    try OrderFile.parse(bytes: bytes(text), file: "orders.csv", input: .csv, channel: channel)
}

@Suite struct OrderFileCSVTests {
    @Test func rowsOfAnOrderMakeOneDraftWithDefaults() throws {
        let report = try channelCSV("""
            channel,order_ref,ordered_at,customer,ship_name,ship_line1,ship_city,ship_postcode,ship_country,ship_region,service_level,promise_date,payment_status,fraud_score,currency,freight,sku,quantity,unit_price,discount,tax
            web,W-1001,2024-03-01 14:05:00,C-42,Ann Lee,1 High St,Leeds,LS1 1AA,United Kingdom,UK-N,express,,authorized,12,eur,4.95,MUG-RED,2,12.50,1.00,4.80
            web,W-1001,2024-03-01 14:05:00,C-42,Ann Lee,1 High St,Leeds,LS1 1AA,United Kingdom,UK-N,express,,authorized,12,eur,4.95,TEA-01,1,3,,
            web,W-1002,2024-03-02T09:00:00,,,,,,,,,,,,,,MUG-RED,1,12.5,,0
            """)
        #expect(report.lines == 3)
        #expect(report.rejected == [])
        #expect(report.orders.map(\.line) == [2, 4])
        let first = report.orders[0].draft
        #expect(first == OrderDraft(
            channel: "web", externalRef: "W-1001", kind: .sale, customer: "C-42",
            shipTo: Address(name: "Ann Lee", line1: "1 High St", city: "Leeds", postcode: "LS1 1AA", country: "United Kingdom", region: "UK-N"),
            serviceLevel: .express, promiseDate: "2024-03-03", paymentStatus: .authorized, fraudScore: 12, currency: "EUR",
            freight: 495, orderedAt: "2024-03-01 14:05:00",
            lines: [OrderLineDraft(sku: "MUG-RED", quantity: 2, unitPrice: 1_250, discount: 100, tax: 480),
                    OrderLineDraft(sku: "TEA-01", quantity: 1, unitPrice: 300, discount: 0, tax: nil)]))
        let second = report.orders[1].draft
        #expect(second.orderedAt == "2024-03-02 09:00:00")
        #expect(second.currency == "GBP" && second.serviceLevel == .standard && second.paymentStatus == .captured)
        #expect(second.promiseDate == "2024-03-07")
        #expect(second.fraudScore == 0 && second.freight == 0)
        #expect(second.lines == [OrderLineDraft(sku: "MUG-RED", quantity: 1, unitPrice: 1_250, discount: 0, tax: 0)])
    }

    @Test func emptyTaxIsMissingAndValidationWouldHoldTheOrder() throws {
        let report = try channelCSV("""
            channel,order_ref,ordered_at,customer,sku,quantity,unit_price,tax
            web,1,2024-03-01 10:00:00,C-1,MUG,1,5,
            """)
        let draft = try #require(report.orders.first).draft
        #expect(draft.lines[0].tax == nil)
        #expect(ValidationRules().holds(for: draft).map(\.reason).contains(.tax))
    }

    @Test func columnsInAnyOrderAnyCaseAndTheChannelFromTheArgument() throws {
        let report = try channelCSV("""
            SKU,Quantity,Unit Price,Order-Ref,ORDERED_AT,Description
            MUG,3,2.999,A1,2024-03-01 10:00:00,"Mug, red"
            """, channel: "phone")
        #expect(report.roundedPrices == 1)
        let draft = try #require(report.orders.first).draft
        #expect(draft.channel == "phone")
        // No tax column is no tax given: missing, like an empty tax.
        #expect(draft.lines == [OrderLineDraft(sku: "MUG", description: "Mug, red", quantity: 3, unitPrice: 300, discount: 0, tax: nil)])
    }

    @Test func theSameRefOnTwoChannelsIsTwoOrders() throws {
        let report = try channelCSV("""
            channel,order_ref,ordered_at,sku,quantity,unit_price
            web,100,2024-03-01 10:00:00,MUG,1,5
            b2b,100,2024-03-01 10:00:00,MUG,1,5
            web,100,2024-03-01 10:00:00,TEA,1,5
            """)
        #expect(report.orders.map(\.draft.channel) == ["web", "b2b"])
        #expect(report.orders.map(\.draft.lines.count) == [2, 1])
    }

    @Test func headerErrorsRefuseTheFileNamingTheColumns() {
        let unknown = importErrors {
            _ = try channelCSV("channel,order_ref,ordered_at,sku,qty,unit_price,colour\nweb,1,2024-03-01 10:00:00,M,1,1,red\n")
        }
        #expect(unknown.map(\.line) == [1, 1])
        #expect(unknown.first?.reason.hasPrefix("unknown columns qty, colour;") == true)
        #expect(unknown.last?.reason == "missing required column quantity.")
        // channel is required only when no channel is given for the file.
        let noChannel = importErrors { _ = try channelCSV("order_ref,ordered_at,sku,quantity,unit_price\n") }
        #expect(noChannel.map(\.reason) == ["missing required column channel."])
        #expect((try? channelCSV("order_ref,ordered_at,sku,quantity,unit_price\n", channel: "web"))?.orders.count == 0)
        let twice = importErrors { _ = try channelCSV("order_ref,Order Ref,ordered_at,sku,quantity,unit_price\n", channel: "web") }
        #expect(twice.first?.reason == "column order_ref appears twice in the header (columns 1 and 2).")
        let empty = importErrors { _ = try channelCSV("") }
        #expect(empty.map(\.line) == [0])
    }

    @Test func rowsThatDisagreeOnTheOrderRejectIt() throws {
        let report = try channelCSV("""
            channel,order_ref,ordered_at,ship_city,sku,quantity,unit_price
            web,1,2024-03-01 10:00:00,Leeds,MUG,1,5
            web,2,2024-03-01 10:00:00,York,MUG,1,5
            web,1,2024-03-01 10:00:00,York,TEA,1,5
            web,1,2024-03-01 10:00:00,Hull,TEA,x,5
            """)
        #expect(report.orders.map(\.draft.externalRef) == ["2"])
        #expect(report.rejected == [RejectedOrder(line: 4, reference: "1", reason:
            "ship_city 'York' differs from 'Leeds' on line 2; every row of order 1 must give the same order fields.")])
    }

    @Test func badValuesRejectTheirOrderAtTheFirstBadRow() throws {
        let report = try channelCSV("""
            channel,order_ref,ordered_at,service_level,promise_date,fraud_score,sku,quantity,unit_price,discount,tax
            web,1,2024-03-01 10:00:00,,,,MUG,1,5,,
            web,1,2024-03-01 10:00:00,,,,TEA,x,5,,
            web,2,2024-03-01 10:00:00,,,,MUG,1,£5,,
            web,3,2024-03-01 10:00:00,snail,,,MUG,1,5,,
            web,4,2024-03-01 10:00:00,,tomorrow,,MUG,1,5,,
            web,5,1 March 2024,,,,MUG,1,5,,
            web,6,2024-03-01 10:00:00,,,101,MUG,1,5,,
            web,7,2024-03-01 10:00:00,,,,MUG,1,5,,
            web,7,2024-03-01 10:00:00,,,,TEA,0,5,,
            web,8,2024-03-01 10:00:00,,,,MUG,2,5,11,
            other,9,2024-03-01 10:00:00,,,,MUG,2,5,,
            ,10,2024-03-01 10:00:00,,,,MUG,2,5,,
            web,,2024-03-01 10:00:00,,,,MUG,2,5,,
            web,11,2024-03-01 10:00:00,,,,MUG,2,5
            web,12,2024-03-01 10:00:00,,,,MUG,2,5,,1.5
            """, channel: "web")
        #expect(report.lines == 15)
        #expect(report.orders.map(\.draft.externalRef) == ["10", "12"])
        #expect(report.orders[0].draft.channel == "web")
        let reasons = Dictionary(uniqueKeysWithValues: report.rejected.map { ($0.reference, ($0.line, $0.reason)) })
        #expect(report.rejected.map(\.line) == [3, 4, 5, 6, 7, 8, 10, 11, 12, 14, 15])
        #expect(reasons["1"]! == (3, "quantity 'x' is not a whole number."))
        #expect(reasons["2"]! == (4, "unit_price '£5' is not an amount like 12.50."))
        #expect(reasons["3"]! == (5, "service_level 'snail' must be one of standard, express, nextDay."))
        #expect(reasons["4"]! == (6, "promise_date 'tomorrow' is not a calendar date like 2024-03-05."))
        #expect(reasons["5"]! == (7, "ordered_at '1 March 2024' is not a date and time like 2024-03-01 14:05:00."))
        #expect(reasons["6"]! == (8, "Order web/6: fraud score must be 0-100, got 101."))
        // Validation's message, at the row of the line it refuses.
        #expect(reasons["7"]! == (10, "Order web/7 line 2 (TEA): quantity must be 1-1000000000, got 0."))
        #expect(reasons["8"]! == (11, "Order web/8 line 1 (MUG): discount must be between 0 and the line value."))
        #expect(reasons["9"]! == (12, "channel 'other' does not match the channel given for the file (web)."))
        #expect(reasons[""]! == (14, "order_ref is required but empty, so the row belongs to no order."))
        #expect(reasons["11"]! == (15, "the row has 9 fields but the header has 11 columns."))
    }

    @Test func anAmountPastInt64IsRejectedNotTrapped() throws {
        let report = try channelCSV("""
            order_ref,ordered_at,sku,quantity,unit_price
            1,2024-03-01 10:00:00,MUG,1000000,999999999999999
            """, channel: "web")
        #expect(report.rejected == [RejectedOrder(line: 2, reference: "1", reason:
            "quantity 1000000 times unit_price '999999999999999' is too large an amount.")])
    }

    @Test func aMissingChannelValueIsRejectedWhenNoneIsGiven() throws {
        let report = try channelCSV("""
            channel,order_ref,ordered_at,sku,quantity,unit_price
            ,1,2024-03-01 10:00:00,MUG,1,5
            """)
        #expect(report.orders == [])
        #expect(report.rejected == [RejectedOrder(line: 2, reference: "1", reason:
            "channel is required but empty (or give the channel for the whole file).")])
    }
}

/// The examples in docs/FORMATS.md ("Order files") parse as the text there says.
@Suite struct OrderFileDocumentedExampleTests {
    @Test func csvExample() throws {
        let report = try OrderFile.parse(bytes: bytes("""
            channel,order_ref,ordered_at,customer,ship_region,service_level,sku,quantity,unit_price,tax
            web,W-1001,2024-03-01 14:05:00,C-42,UK-N,express,MUG-RED,2,12.50,4.17
            web,W-1001,2024-03-01 14:05:00,C-42,UK-N,express,TEA-01,1,3.00,0.50
            """), file: "orders.csv", input: .csv, channel: nil)
        let draft = try #require(report.orders.first).draft
        #expect(report.orders.count == 1 && report.rejected.isEmpty)
        #expect(draft.lines.count == 2 && draft.promiseDate == "2024-03-03")
        #expect(ValidationRules().holds(for: draft).isEmpty)
    }

    @Test func jsonExample() throws {
        let report = try OrderFile.parse(bytes: bytes("""
            {"channel": "web", "orderRef": "W-1001", "orderedAt": "2024-03-01 14:05:00", "customer": "C-42", \
            "shipTo": {"name": "Ann Lee", "line1": "1 High St", "city": "Leeds", "postcode": "LS1 1AA", "country": "United Kingdom", "region": "UK-N"}, \
            "serviceLevel": "express", "paymentStatus": "captured", "fraudScore": 3, "currency": "GBP", "freight": "4.95", \
            "lines": [{"sku": "MUG-RED", "description": "Mug, red", "quantity": 2, "unitPrice": "12.50", "discount": "0", "tax": "4.17"}]}
            """), file: "orders.jsonl", input: .json, channel: nil)
        let draft = try #require(report.orders.first).draft
        #expect(report.rejected.isEmpty)
        #expect(draft.total == 2_500 + 417 + 495)
        #expect(ValidationRules().holds(for: draft).isEmpty)
    }

    @Test func onlineRetailExample() throws {
        let report = try OrderFile.parse(bytes: bytes("""
            InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country
            536370,22492,MINI PAINT SET VINTAGE ,36,2010-12-01 08:45:00,0.65,12583.0,France
            536370,POST,POSTAGE,3,2010-12-01 08:45:00,18.0,12583.0,France
            C536391,22556,PLASTERS IN TIN CIRCUS PARADE ,-12,2010-12-01 10:24:00,1.65,17548.0,United Kingdom
            536589,21777,,-10,2010-12-01 16:50:00,0.0,,United Kingdom
            """), file: "retail.csv", input: .onlineRetail, channel: nil)
        #expect(report.orders.map(\.draft.externalRef) == ["536370", "C536391", "536589"])
        #expect(report.orders.map(\.draft.kind) == [.sale, .return, .writeOff])
        let sale = report.orders[0].draft
        #expect(sale.lines == [OrderLineDraft(sku: "22492", description: "MINI PAINT SET VINTAGE", quantity: 36, unitPrice: 65)])
        #expect(sale.freight == 5_400 && sale.shipTo.region == "FR" && sale.charges.isEmpty)
        #expect(report.orders[1].draft.lines.map(\.quantity) == [12])
        #expect(report.orders[2].draft.lines == [OrderLineDraft(sku: "21777", quantity: 10, unitPrice: 0)])
    }
}
