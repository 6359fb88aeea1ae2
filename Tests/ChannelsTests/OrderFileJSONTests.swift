import Testing
import Foundation
import Domain
@testable import Channels

private func channelJSON(_ text: String, channel: String? = nil) throws -> OrderFileReport {
    try OrderFile.parse(bytes: bytes(text), file: "orders.json", input: .json, channel: channel)
}

@Suite struct OrderFileJSONTests {
    @Test func anArrayGivesEachOrderTheLineItStartsOn() throws {
        let report = try channelJSON("""
            [
              {
                "channel": "web", "orderRef": "W-1", "orderedAt": "2024-03-01 14:05:00", "customer": "C-42",
                "shipTo": {"name": "Ann Lee", "line1": "1 High St", "city": "Leeds", "postcode": "LS1 1AA",
                           "country": "United Kingdom", "region": "UK-N"},
                "serviceLevel": "next-day", "paymentStatus": "pending", "fraudScore": 80, "currency": "EUR",
                "freight": "4.95",
                "lines": [
                  {"sku": "MUG-RED", "description": "Mug \\"red\\" caf\\u00e9 \\ud83d\\ude00", "quantity": 2, "unitPrice": "12.50", "discount": 0, "tax": 4.8},
                  {"sku": "TEA-01", "quantity": "1", "unitPrice": 19.99}
                ]
              },
              {"channel": "web", "orderRef": "W-2", "orderedAt": "2024-03-02 09:00:00", "promiseDate": "2024-03-20",
               "lines": [{"sku": "MUG-RED", "quantity": 1, "unitPrice": 0.1, "tax": null}]}
            ]
            """)
        #expect(report.lines == 2)
        #expect(report.rejected == [])
        #expect(report.orders.map(\.line) == [2, 13])
        #expect(report.orders[0].draft == OrderDraft(
            channel: "web", externalRef: "W-1", kind: .sale, customer: "C-42",
            shipTo: Address(name: "Ann Lee", line1: "1 High St", city: "Leeds", postcode: "LS1 1AA", country: "United Kingdom", region: "UK-N"),
            serviceLevel: .nextDay, promiseDate: "2024-03-02", paymentStatus: .pending, fraudScore: 80, currency: "EUR",
            freight: 495, orderedAt: "2024-03-01 14:05:00",
            lines: [OrderLineDraft(sku: "MUG-RED", description: "Mug \"red\" café 😀", quantity: 2, unitPrice: 1_250, discount: 0, tax: 480),
                    OrderLineDraft(sku: "TEA-01", quantity: 1, unitPrice: 1_999, discount: 0, tax: nil)]))
        let second = report.orders[1].draft
        #expect(second.promiseDate == "2024-03-20")
        #expect(second.lines == [OrderLineDraft(sku: "MUG-RED", quantity: 1, unitPrice: 10, discount: 0, tax: nil)])
    }

    @Test func jsonLinesNumberEachOrderByItsLine() throws {
        let report = try channelJSON("""
            {"orderRef": "1", "orderedAt": "2024-03-01 10:00:00", "lines": [{"sku": "MUG", "quantity": 1, "unitPrice": "5"}]}

            {"orderRef": "2", "orderedAt": "2024-03-01 10:00:00", "lines": [{"sku": "MUG", "quantity": 1.5, "unitPrice": "5"}]}
            {"orderRef": "3", "orderedAt": "2024-03-01 10:00:00", "channel": "web", "lines": [{"sku": "MUG", "quantity": 1, "unitPrice": "5"}]}
            {"orderRef": "4", "orderedAt": "2024-03-01 10:00:00", "lines": [{"sku": "MUG", "quantity": 1, "unitPrice": 5.001}]}
            """, channel: "phone")
        #expect(report.lines == 4)
        #expect(report.roundedPrices == 1)
        #expect(report.orders.map(\.line) == [1, 5])
        #expect(report.orders.map(\.draft.channel) == ["phone", "phone"])
        #expect(report.orders[1].draft.lines[0].unitPrice == 500)
        #expect(report.rejected == [
            RejectedOrder(line: 3, reference: "2", reason: "lines[0]: quantity '1.5' is not a whole number."),
            RejectedOrder(line: 4, reference: "3", reason: "channel 'web' does not match the channel given for the file (phone)."),
        ])
    }

    @Test func badOrdersAreRejectedAtTheirLineTheRestParse() throws {
        let report = try channelJSON("""
            [
              {"channel": "web", "orderRef": "A", "orderedAt": "2024-03-01 10:00:00", "colour": "red",
               "lines": [{"sku": "MUG", "quantity": 1, "unitPrice": "5"}]},
              42,
              {"channel": "web", "orderRef": "B", "orderedAt": "2024-03-01 10:00:00",
               "lines": [
                 {"sku": "MUG", "quantity": 1, "unitPrice": "5"},
                 {"sku": "TEA", "quantity": 1, "unitPrice": 1e3}
               ]},
              {"channel": "web", "orderRef": "C", "orderedAt": "2024-03-01 10:00:00", "lines": []},
              {"channel": "web", "orderRef": "D", "orderedAt": "2024-03-01 10:00:00",
               "lines": [{"sku": "MUG", "quantity": 1, "unitPrice": "5"},
                         {"sku": "bad code", "quantity": 1, "unitPrice": "5"}]},
              {"channel": "web", "orderRef": "E", "orderedAt": "2024-03-01 10:00:00", "shipTo": "Leeds", "lines": []},
              {"channel": "web", "orderRef": "F", "orderedAt": "2024-03-01 10:00:00", "lines": [{"sku": "MUG", "quantity": 1, "unitPrice": "5"}]}
            ]
            """)
        #expect(report.lines == 7)
        #expect(report.orders.map(\.draft.externalRef) == ["F"])
        #expect(report.orders.map(\.line) == [15])
        #expect(report.rejected.map(\.line) == [2, 4, 8, 10, 13, 14])
        #expect(report.rejected.map(\.reference) == ["A", "", "B", "C", "D", "E"])
        #expect(report.rejected[0].reason.hasPrefix("order has an unknown field 'colour'; the fields are channel, orderRef,"))
        #expect(report.rejected[1].reason == "order 2 is a number, not an order object {...}.")
        #expect(report.rejected[2].reason == "lines[1]: unitPrice '1e3' is not an amount like 12.50.")
        #expect(report.rejected[3].reason == "Order web/C has no lines.")
        #expect(report.rejected[4].reason == "Order web/D line 2: 'bad code' is not a valid SKU code.")
        #expect(report.rejected[5].reason.hasPrefix("shipTo must be an object"))
    }

    @Test func malformedJSONRefusesTheFileAtItsLine() {
        let missingComma = importErrors {
            _ = try channelJSON("""
                [
                  {"orderRef": "1", "orderedAt": "2024-03-01 10:00:00"}
                  {"orderRef": "2"}
                ]
                """, channel: "web")
        }
        #expect(missingComma.map(\.line) == [3])
        #expect(missingComma.first?.reason == "expected ',' or ']' after order 1, found '{'.")
        let jsonl = importErrors {
            _ = try channelJSON("{\"orderRef\": \"1\"}\n{\"orderRef\": \"2\",}\n", channel: "web")
        }
        #expect(jsonl.map(\.line) == [2])
        let openString = importErrors { _ = try channelJSON("[{\"orderRef\": \"1\n}]", channel: "web") }
        #expect(openString.map(\.line) == [1])
        let unclosed = importErrors { _ = try channelJSON("[\n{\"orderRef\": \"1\"}\n", channel: "web") }
        #expect(unclosed.map(\.line) == [3])
        let notJSON = importErrors { _ = try channelJSON("order_ref,sku\n", channel: "web") }
        #expect(notJSON.first?.reason.hasPrefix("an order file starts with '['") == true)
        let empty = importErrors { _ = try channelJSON("  \n", channel: "web") }
        #expect(empty.map(\.line) == [0])
        let trailing = importErrors { _ = try channelJSON("[]\n]", channel: "web") }
        #expect(trailing.map(\.line) == [2])
    }

    @Test func anEmptyArrayIsNoOrders() throws {
        let report = try channelJSON("[ ]")
        #expect(report.lines == 0 && report.orders.isEmpty && report.rejected.isEmpty)
    }
}
