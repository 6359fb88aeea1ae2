import Foundation
import Domain
import Store

extension Operations {
    /// Dates the backordered lines of these SKUs again from open inbound (Domain's
    /// `BackorderDates`), when inbound changed: a purchase order approved, cancelled, closed,
    /// rescheduled or received. Allocation re-plans a backorder only when stock could serve it,
    /// so without this a slipped order would leave its backorders promising the old date.
    /// Returns how many lines' dates moved.
    func redateBackorders(skuIDs: some Sequence<Int64>, in tx: StoreTransaction) throws -> Int {
        let skuIDs = Set(skuIDs)
        guard !skuIDs.isEmpty else { return 0 }   // a receipt nothing waits for reads nothing
        let codes = try tx.locationCodes()
        var serving: [String: Set<String>] = [:]
        var moved = 0
        for skuID in skuIDs {
            let queue = try tx.backorderQueue(skuID: skuID)
            guard !queue.isEmpty else { continue }
            let inbound = try tx.openInbound(skuID: skuID).compactMap { i in
                codes[i.locationID].map { BackorderDates.Inbound(location: $0, quantity: i.quantity, date: i.expectedDate) }
            }
            var waiting: [BackorderDates.Waiting] = []
            for line in queue {
                let key = "\(line.channel)|\(line.region)"
                if serving[key] == nil { serving[key] = try tx.servingNodes(region: line.region, channel: line.channel) }
                waiting.append(BackorderDates.Waiting(units: line.units, serving: serving[key]!))
            }
            for (line, date) in zip(queue, BackorderDates.expected(waiting, inbound: inbound)) where line.expectedDate != date {
                try tx.setBackorderExpectedDate(order: line.orderID, line: line.lineNo, to: date)
                moved += 1
            }
        }
        return moved
    }
}
