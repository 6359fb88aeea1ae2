import Foundation
import Domain
import Store

/// One shipment confirmation from a carrier or WMS feed: an order shipped from a location (or
/// from everywhere it is allocated), with carrier, tracking and when.
public struct ShipmentConfirmation: Sendable, Equatable {
    public var order: String
    public var location: String?
    public var carrier: String
    public var tracking: String
    /// "yyyy-mm-ddThh:mm:ssZ"; nil: now.
    public var shippedAt: String?
    public init(order: String, location: String?, carrier: String, tracking: String, shippedAt: String?) {
        self.order = order; self.location = location; self.carrier = carrier; self.tracking = tracking; self.shippedAt = shippedAt
    }
}

public struct ShipmentImportOutcome: Sendable, Equatable, Codable {
    /// Confirmations that shipped an order (or part of one).
    public var shipped = 0
    /// Shipments recorded (one per order and location).
    public var shipments = 0
    /// Confirmations already recorded (same order and tracking): left alone.
    public var duplicates = 0
    public init() {}
}

extension Operations {
    /// Ships in bulk, all or nothing: each confirmation ships what the order has allocated at
    /// its location (or everywhere), as `ship` does, in one transaction; any row that cannot
    /// ship stops the import, naming its line. A confirmation already recorded is a duplicate,
    /// so a re-sent feed changes nothing.
    public func importShipments(_ rows: [ImportRow<ShipmentConfirmation>], source: String, by actor: Actor,
                                progress: ImportProgress? = nil) throws(OperationError) -> ShipmentImportOutcome {
        try perform(.shipOrder, by: actor) { tx, actor in
            var outcome = ShipmentImportOutcome()
            for (index, row) in rows.enumerated() {
                if index % 1_000 == 0 { progress?(index, rows.count) }
                let c = row.value
                do {
                    let order = try resolveOrder(c.order, in: tx)
                    let locationID = try c.location.map { code in
                        guard let id = try tx.locationID(code) else { throw OperationError("Unknown location \(code).") }
                        return id
                    }
                    if try tx.hasShipment(orderID: order.id, tracking: c.tracking, locationID: locationID) {
                        outcome.duplicates += 1
                        continue
                    }
                    let shipped = try shipping(order, carrier: c.carrier, tracking: c.tracking, location: c.location,
                                               at: c.shippedAt, in: tx, actor: actor)
                    outcome.shipped += 1
                    outcome.shipments += shipped.shipments.count
                } catch {
                    throw OperationError("line \(row.line): \(OperationError.wrap(error).message)")
                }
            }
            progress?(rows.count, rows.count)
            if outcome.shipped > 0 {
                try tx.append(AuditEntry(actor: actor.name, role: actor.role, command: Command.shipOrder.rawValue,
                                         entity: "import:\(source)", reason: "shipment confirmations from \(source)",
                                         after: AuditJSON.encode(outcome)), at: now)
            }
            return outcome
        }
    }
}
