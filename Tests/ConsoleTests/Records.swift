import Foundation
import Domain
import Store

/// Order records for the pure update tests, built through their Codable form (their
/// memberwise initialisers belong to Store).
enum Records {
    static func order(_ id: Int64, state: OrderState, holds: [HoldReason] = [], allocations: [(String, Int)] = [],
                      channel: String = "web") -> OrderRecord {
        let header: [String: Any] = [
            "id": id, "channel": channel, "externalRef": "W-\(id)", "kind": "sale", "state": state.rawValue,
            "openHolds": holds.count, "customer": "C\(id)",
            "shipTo": ["name": "", "line1": "", "city": "", "postcode": "", "country": "GB", "region": "UK-S"],
            "serviceLevel": "standard", "promiseDate": "2026-12-10", "paymentStatus": "captured", "fraudScore": 0,
            "currency": "GBP", "freight": 0, "orderedAt": "2026-11-01T00:00:00Z", "capturedAt": "2026-11-01T00:00:00Z",
            "stateSince": "2026-11-01T00:00:00Z",
        ]
        let line: [String: Any] = [
            "lineNo": 1, "sku": "QM10001", "skuID": 1, "description": "", "quantity": 7, "unitPrice": 100, "discount": 0,
            "allocated": allocations.reduce(0) { $0 + $1.1 }, "backordered": 0, "cancelled": state == .cancelled ? 7 : 0,
            "shipped": state == .shipped ? 7 : 0,
        ]
        let holdRows: [[String: Any]] = holds.enumerated().map { i, reason in
            ["id": id * 10 + Int64(i), "reason": reason.rawValue, "owner": reason.owner.rawValue, "note": "",
             "placedBy": "ada", "placedAt": "2026-11-01T00:00:00Z"]
        }
        let allocationRows: [[String: Any]] = allocations.enumerated().map { i, a in
            ["id": id * 10 + Int64(i), "lineNo": 1, "sku": "QM10001", "location": a.0, "skuID": 1, "locationID": 1,
             "quantity": a.1, "lineUnits": a.1, "status": "live", "createdAt": "2026-11-01T00:00:00Z"]
        }
        let record: [String: Any] = ["header": header, "lines": [line], "charges": [], "holds": holdRows,
                                     "allocations": allocationRows, "shipments": []]
        let data = try! JSONSerialization.data(withJSONObject: record)
        return try! JSONDecoder().decode(OrderRecord.self, from: data)
    }
}

extension Records {
    /// A received return for the pure update tests (through its Codable form, like orders).
    static func customerReturn(_ n: Int) -> CustomerReturnRecord {
        let record: [String: Any] = [
            "id": n, "code": "RMA-\(n)", "order": n, "orderRef": "W-\(n)", "customer": "C\(n)", "lineNo": 1, "sku": "QM10001", "skuID": 1,
            "quantity": 1, "reason": "defective", "state": "received", "location": "WH-UK-S", "currency": "GBP", "paid": 100,
            "freightShare": 0, "refundDue": 100, "refundState": "held", "refundNote": "", "note": "",
            "createdAt": "2026-11-01T00:00:00Z", "createdBy": "cora", "stateSince": "2026-11-02T00:00:00Z", "source": "rma",
        ]
        return try! JSONDecoder().decode(CustomerReturnRecord.self, from: try! JSONSerialization.data(withJSONObject: record))
    }
}
