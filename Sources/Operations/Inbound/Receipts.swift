import Foundation
import Domain
import Store

/// Goods arriving against a purchase order (`qm receive`).
public struct ReceiptRequest: Sendable, Equatable {
    public var purchaseOrder: String
    public var lines: [ReceivedLine]
    /// The day the goods arrived, yyyy-mm-dd; today when nil.
    public var arrivedOn: String?
    public var note: String
    /// The shipping notice these goods came under, counted line by line (one with exceptions,
    /// or one whose goods differ from what it announced): received with the receipt.
    public var notice: String?
    /// What landing the goods cost beyond their price (freight, duty, insurance, in the
    /// order's currency), shared over the lines by `spread` into their value (docs/MONEY.md).
    public var landed: [LandedCharge]
    public var spread: SpreadBasis

    public init(purchaseOrder: String, lines: [ReceivedLine], arrivedOn: String? = nil, note: String = "", notice: String? = nil,
                landed: [LandedCharge] = [], spread: SpreadBasis = .value) {
        self.purchaseOrder = purchaseOrder; self.lines = lines; self.arrivedOn = arrivedOn; self.note = note; self.notice = notice
        self.landed = landed; self.spread = spread
    }
}

/// A row of a receiving file (a scanner's export): the order it is for and what arrived.
public struct ReceiptFileLine: Sendable, Equatable {
    public var purchaseOrder: String
    public var line: ReceivedLine
    public init(purchaseOrder: String, line: ReceivedLine) { self.purchaseOrder = purchaseOrder; self.line = line }
}

/// What a receipt did: what went where, the order's state before and after, and the
/// backorders the sellable units can now serve.
public struct ReceiptOutcome: Sendable, Equatable, Codable {
    public struct Line: Sendable, Equatable, Codable {
        public var sku: String
        public var quantity: Int
        public var condition: ReceiptCondition
        public var status: StockStatus
    }
    /// Units of a SKU backordered on orders, waiting for stock like this.
    public struct Waiting: Sendable, Equatable, Codable {
        public var sku: String
        public var backordered: Int
    }
    public var receipt: Int64
    public var purchaseOrder: String
    public var location: String
    public var stateBefore: PurchaseOrderState
    public var stateAfter: PurchaseOrderState
    public var lines: [Line]
    public var waiting: [Waiting]
    /// Open shipping notices of the order dismissed with it, the order taking no more goods.
    public var dismissedNotices: [String] = []
}

extension Operations {
    /// Receives goods against purchase orders, one receipt per request, all in one transaction:
    /// the stock moves (sellable, quarantine for SKUs flagged for inspection, damaged), the
    /// order's received quantities, state and inbound figure, the receipt, and their audit
    /// entries. Any line that breaks a rule refuses everything.
    public func receive(_ requests: [ReceiptRequest], by actor: Actor) throws(OperationError) -> [ReceiptOutcome] {
        try perform(.receiveGoods, by: actor) { tx, actor in
            var batch = ReceivingBatch()
            let outcomes = try requests.map { request in
                var pending = try startReceipt(request.purchaseOrder, in: tx)
                let notice = try request.notice.map { try countedNotice($0, for: pending.record, in: tx) }
                for line in request.lines { try pending.receipt.add(line) }
                var outcome = try complete(pending, arrivedOn: request.arrivedOn, note: request.note, landed: request.landed, spread: request.spread,
                                           batch: &batch, in: tx, actor: actor)
                if let notice { try closeCounted(notice, outcome, in: tx, actor: actor) }
                outcome.dismissedNotices = try dismissNotices(of: outcome.purchaseOrder, id: pending.record.id, now: outcome.stateAfter,
                                                              .receiveGoods, in: tx, actor: actor)
                return outcome
            }
            try batch.flush(tx, actor: actor)
            return outcomes
        }
    }

    /// Receives a file's rows as they are read (a scanner export of any length): one receipt
    /// per purchase order, in the order each first appears, all in one transaction. A row that
    /// breaks a rule refuses everything, naming its line. A landed cost is spread over the
    /// file's one receipt; a file of several orders is refused with one.
    public func receive(source: String, arrivedOn: String?, note: String, landed: [LandedCharge] = [], spread: SpreadBasis = .value,
                        by actor: Actor, progress: ImportProgress? = nil,
                        produce: ImportProducer<ReceiptFileLine>) throws(OperationError) -> [ReceiptOutcome] {
        try perform(.receiveGoods, by: actor) { tx, actor in
            var pending: [String: PendingReceipt] = [:], codes: [String: String] = [:], order: [String] = []
            try tx.asImport {
                var count = 0
                try produce { row in
                    count += 1
                    if count % 1_000 == 0 { progress?(count, 0) }
                    try atLine(row.line) {
                        let typed = row.value.purchaseOrder
                        if codes[typed] == nil {
                            let started = try startReceipt(typed, in: tx)
                            codes[typed] = started.record.order.code
                            if pending[started.record.order.code] == nil {
                                pending[started.record.order.code] = started
                                order.append(started.record.order.code)
                            }
                        }
                        try pending[codes[typed]!]!.receipt.add(row.value.line)
                    }
                }
            }
            guard !order.isEmpty else { throw OperationError("\(source) has no lines to receive.") }
            if !landed.isEmpty && order.count > 1 {
                throw OperationError("\(source) holds goods of \(order.count) purchase orders (\(order.prefix(3).joined(separator: ", "))"
                                     + (order.count > 3 ? ", ..." : "") + "): a landed cost is spread over one receipt; receive each order's file with its own.")
            }
            var batch = ReceivingBatch()
            let outcomes = try order.map { code in
                var outcome = try complete(pending[code]!, arrivedOn: arrivedOn, note: note, landed: landed, spread: spread, batch: &batch,
                                           in: tx, actor: actor)
                outcome.dismissedNotices = try dismissNotices(of: code, id: pending[code]!.record.id, now: outcome.stateAfter, .receiveGoods,
                                                              in: tx, actor: actor)
                return outcome
            }
            try batch.flush(tx, actor: actor)
            return outcomes
        }
    }

    /// Receives what an advance shipping notice announced, as announced (all good), against its
    /// order; the notice is then received. A notice with exceptions is refused: its goods are
    /// counted and received against the order (`receive`) once someone has looked.
    public func receiveShippingNotice(_ ref: String, arrivedOn: String?, note: String, landed: [LandedCharge] = [], spread: SpreadBasis = .value,
                                      by actor: Actor) throws(OperationError) -> ReceiptOutcome {
        try perform(.receiveGoods, by: actor) { tx, actor in
            guard let record = try tx.shippingNotice(ref) else { throw OperationError("No shipping notice \(ref): qm asn list shows them.") }
            guard record.state == "open" else { throw OperationError("Shipping notice \(ref) is \(record.state) already.") }
            guard record.exceptions.isEmpty else {
                throw OperationError("Shipping notice \(ref) has \(record.exceptions.count) exception\(record.exceptions.count == 1 ? "" : "s") "
                                     + "(\(record.exceptions.map(\.problem).joined(separator: "; "))): count the goods and receive them with "
                                     + "qm receive --po \(record.notice.purchaseOrder).")
            }
            var pending = try startReceipt(record.notice.purchaseOrder, in: tx)
            for line in record.notice.lines { try pending.receipt.add(ReceivedLine(sku: line.sku, quantity: line.quantity)) }
            var batch = ReceivingBatch()
            var outcome = try complete(pending, arrivedOn: arrivedOn, note: note.isEmpty ? "shipping notice \(ref)" : note,
                                       landed: landed, spread: spread, batch: &batch, in: tx, actor: actor)
            try batch.flush(tx, actor: actor)
            try tx.closeShippingNotice(record.id, as: "received", note: "received as announced", by: actor.name, at: now)
            try tx.append(AuditEntry(actor: actor.name, role: actor.role, command: Command.receiveGoods.rawValue, entity: "asn:\(ref)",
                                     reason: "received as announced (receipt \(outcome.receipt) on \(outcome.purchaseOrder))",
                                     before: "open", after: "received"), at: now)
            outcome.dismissedNotices = try dismissNotices(of: outcome.purchaseOrder, id: pending.record.id, now: outcome.stateAfter,
                                                          .receiveGoods, in: tx, actor: actor)
            return outcome
        }
    }

    /// Dismisses an open notice the receiving supervisor has looked at (goods that never came,
    /// a notice the supplier replaced): it leaves the queues, kept with who, when and why.
    public func dismissShippingNotice(_ ref: String, reason: String, by actor: Actor) throws(OperationError) {
        guard !reason.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw OperationError("Dismissing a shipping notice needs a reason (--reason): what became of its goods.")
        }
        try Self.refuseUnsafeText(reason, what: "reason")
        try perform(.dismissShippingNotice, by: actor) { tx, actor in
            guard let record = try tx.shippingNotice(ref) else { throw OperationError("No shipping notice \(ref): qm asn list shows them.") }
            guard record.state == "open" else { throw OperationError("Shipping notice \(ref) is \(record.state) already.") }
            try tx.closeShippingNotice(record.id, as: "dismissed", note: reason, by: actor.name, at: now)
            try tx.append(AuditEntry(actor: actor.name, role: actor.role, command: Command.dismissShippingNotice.rawValue, entity: "asn:\(ref)",
                                     reason: "dismissed: \(reason)" + (record.exceptions.isEmpty ? ""
                                        : " (\(record.exceptions.count) exception\(record.exceptions.count == 1 ? "" : "s"): "
                                          + record.exceptions.map(\.problem).joined(separator: "; ") + ")"),
                                     before: "open", after: "dismissed"), at: now)
        }
    }

    /// A drop-ship order's goods go from the supplier to the customer, never through us.
    public static func refuseDropShipReceipt(_ record: PurchaseOrderRecord) throws(OperationError) {
        guard let link = record.dropShipFor else { return }
        throw OperationError("\(record.order.code) is a drop-ship order: \(record.order.supplier) ships it to the customer of order \(link.order); "
                             + "qm po ship \(record.order.code) records that it did.")
    }

    /// The notice goods are counted under: open, and sent against this order.
    func countedNotice(_ ref: String, for order: PurchaseOrderRecord, in r: some StoreReading) throws -> ShippingNoticeRecord {
        guard let notice = try r.shippingNotice(ref) else { throw OperationError("No shipping notice \(ref): qm asn list shows them.") }
        guard notice.state == "open" else { throw OperationError("Shipping notice \(ref) is \(notice.state) already.") }
        guard notice.notice.purchaseOrder == order.order.code else {
            throw OperationError("Shipping notice \(ref) is for \(notice.notice.purchaseOrder), not \(order.order.code).")
        }
        return notice
    }

    /// A counted notice is received with its receipt: what was counted against what it announced.
    private func closeCounted(_ notice: ShippingNoticeRecord, _ outcome: ReceiptOutcome, in tx: StoreTransaction, actor: Actor) throws {
        let counted = outcome.lines.reduce(0) { $0 + $1.quantity }, announced = notice.notice.lines.reduce(0) { $0 + $1.quantity }
        let note = "counted: \(counted.grouped) units received (receipt \(outcome.receipt)) against \(announced.grouped) announced"
        try tx.closeShippingNotice(notice.id, as: "received", note: note, by: actor.name, at: now)
        try tx.append(AuditEntry(actor: actor.name, role: actor.role, command: Command.receiveGoods.rawValue, entity: "asn:\(notice.notice.ref)",
                                 reason: note, before: "open", after: "received"), at: now)
    }

    /// A receipt being built against an order read in this transaction.
    struct PendingReceipt {
        var record: PurchaseOrderRecord
        var receipt: Receiving.Receipt
    }

    private func startReceipt(_ reference: String, in tx: StoreTransaction) throws -> PendingReceipt {
        let record = try resolvePurchaseOrder(reference, in: tx)
        try Self.refuseDropShipReceipt(record)
        guard let supplier = try tx.supplier(record.order.supplier) else { throw OperationError("Unknown supplier \(record.order.supplier).") }
        return PendingReceipt(record: record, receipt: try Receiving.Receipt(against: record.order, tolerance: supplier.tolerance))
    }

    /// What the receipts of one transaction write to the ledger, gathered and written together:
    /// the moves a thousand at a time, and each position they touch once, with the sum of what
    /// every receipt brought and took off its inbound figure (a scanner file reaches the same
    /// SKU many times). Until `flush`, `position` gives a position as the receipts so far
    /// left it.
    struct ReceivingBatch {
        private var moves: [(move: StockMove, skuID: Int64, locationID: Int64, at: String)] = []
        private struct Key: Hashable { var skuID: Int64, locationID: Int64 }
        /// Per position touched: as stored, as the receipts left it, and the change to its inbound.
        private var positions: [Key: (stored: StockPosition, now: StockPosition, inbound: Int)] = [:]
        private var touched: [Key] = []

        mutating func add(_ more: [(move: StockMove, skuID: Int64, locationID: Int64, at: String)], _ tx: StoreTransaction,
                          actor: Actor) throws {
            moves += more
            if moves.count >= 1_000 {
                let whole = moves.count / 1_000 * 1_000
                try tx.appendMoves(Array(moves[..<whole]), actor: actor.name)
                moves.removeFirst(whole)
            }
        }

        /// The position now: `stored` (as read) unless a receipt of this batch changed it.
        func position(skuID: Int64, locationID: Int64, stored: StockPosition) -> StockPosition {
            positions[Key(skuID: skuID, locationID: locationID)]?.now ?? stored
        }

        /// A receipt left the position at `now` (read as `stored` before the batch touched it)
        /// and changed its inbound figure by `inbound`.
        mutating func set(skuID: Int64, locationID: Int64, stored: StockPosition, now: StockPosition?, inbound: Int = 0) {
            let key = Key(skuID: skuID, locationID: locationID)
            if positions[key] == nil {
                positions[key] = (stored, stored, 0)
                touched.append(key)
            }
            if let now { positions[key]!.now = now }
            positions[key]!.inbound += inbound
        }

        mutating func flush(_ tx: StoreTransaction, actor: Actor) throws {
            try tx.appendMoves(moves, actor: actor.name)
            moves = []
            for key in touched {
                let p = positions[key]!
                try tx.addToPosition(skuID: key.skuID, locationID: key.locationID, p.now - p.stored, inbound: p.inbound)
            }
            positions = [:]
            touched = []
        }
    }

    /// Writes a checked receipt: moves, received quantities, state, inbound, audit.
    private func complete(_ pending: PendingReceipt, arrivedOn: String?, note: String, landed: [LandedCharge] = [], spread: SpreadBasis = .value,
                          batch: inout ReceivingBatch, in tx: StoreTransaction,
                          actor: Actor) throws -> ReceiptOutcome {
        let record = pending.record
        let before = record.order
        try Self.refuseUnsafeText(note, what: "note")
        let arrived = arrivedOn ?? today
        guard OrderDate.isDate(arrived) else { throw OperationError("The arrival date '\(arrived)' is not a date like 2026-12-24.") }
        guard arrived <= today else { throw OperationError("The arrival date \(arrived) is in the future (today is \(today)).") }
        if let sent = record.sentAt.map({ String($0.prefix(10)) }), arrived < sent {
            throw OperationError("The arrival date \(arrived) is before \(before.code) was sent (\(sent)).")
        }
        let plan = try pending.receipt.plan()

        guard let locationID = try tx.locationID(before.location) else { throw OperationError("Unknown location \(before.location).") }
        let at = now   // one time for the moves and their audit entries
        var written: [(line: ReceivedLine, skuID: Int64, status: StockStatus)] = []
        var moves: [(move: StockMove, skuID: Int64, locationID: Int64, at: String)] = []
        // Each position is read, checked (the Domain rule) and written once however many lines
        // reach it, and the receipt's one audit entry holds them all, before and after: a
        // scanner file of any size stays a few statements a SKU.
        var positions: [Int64: (sku: String, before: StockPosition, after: StockPosition)] = [:], order: [Int64] = []
        // Every SKU of the receipt read at once: its id, inspection flag and position here.
        let facts = try tx.receivingFacts(plan.lines.map(\.sku), locationID: locationID)
        // The books take received stock at the order's price.
        let costs = Dictionary(before.lines.map { ($0.sku, $0.unitCost) }, uniquingKeysWith: { first, _ in first })
        let shares = try landedShares(landed, spread, plan.lines, costs: costs, order: before, in: tx)
        for (index, line) in plan.lines.enumerated() {
            guard let sku = facts[line.sku] else { throw OperationError("Unknown SKU \(line.sku).") }
            let status = Receiving.destination(line.condition, inspect: sku.inspect)
            let move = StockMove(sku: line.sku, location: before.location, from: nil, to: status, quantity: line.quantity,
                                 reason: .receipt, note: "received on \(before.code)" + (line.condition == .damaged ? " (damaged)" : ""),
                                 document: before.code, unitCost: costs[line.sku], landedCost: shares?[index])
            if positions[sku.id] == nil {
                let now = batch.position(skuID: sku.id, locationID: locationID, stored: sku.position)
                positions[sku.id] = (line.sku, now, now)
                order.append(sku.id)
            }
            try positions[sku.id]!.after.apply(move)
            written.append((line, sku.id, status))
            moves.append((move, sku.id, locationID, at))
        }
        let reason = "received \(plan.lines.reduce(0) { $0 + $1.quantity }.grouped) units on \(before.code)"
            + (note.isEmpty ? "" : ": \(note)")
        try batch.add(moves, tx, actor: actor)
        for skuID in order {
            let p = positions[skuID]!, stored = facts[p.sku]!.position
            batch.set(skuID: skuID, locationID: locationID, stored: stored, now: p.after)
        }
        // The inbound figure loses the old open quantities and gains the new.
        var inbound: [String: Int] = [:]
        if before.state.countsAsInbound { for l in before.lines { inbound[l.sku, default: 0] -= l.open } }
        if plan.after.state.countsAsInbound { for l in plan.after.lines { inbound[l.sku, default: 0] += l.open } }
        inbound = inbound.filter { $0.value != 0 }
        let unread = inbound.keys.filter { facts[$0] == nil }
        let more = unread.isEmpty ? [:] : try tx.receivingFacts(Array(unread), locationID: locationID)
        for (sku, change) in inbound.sorted(by: { $0.key < $1.key }) {
            guard let f = facts[sku] ?? more[sku] else { throw OperationError("Unknown SKU \(sku) on \(before.code).") }
            batch.set(skuID: f.id, locationID: locationID, stored: f.position, now: nil, inbound: change)
        }
        let id = try tx.insertReceipt(order: record.id, arrivedOn: arrived, note: note, lines: written, by: actor.name, at: at)
        if plan.after.state != before.state { try tx.setPurchaseOrderState(record.id, plan.after.state, at: at) }
        // What waits for these SKUs: the backorders the sellable goods can serve now, and the
        // dates of the rest, which the smaller inbound moves.
        var waiting: [ReceiptOutcome.Waiting] = [], backordered: [Int64] = [], asked = Set<Int64>()
        let sellable = Set(written.filter { $0.status == .sellable }.map(\.skuID))
        let short = try tx.backorderedQuantities(skuIDs: order)
        for w in written where asked.insert(w.skuID).inserted {
            guard let units = short[w.skuID], units > 0 else { continue }
            backordered.append(w.skuID)
            if sellable.contains(w.skuID) {
                waiting.append(ReceiptOutcome.Waiting(sku: w.line.sku, backordered: units))
            }
        }
        let redated = try redateBackorders(skuIDs: backordered, in: tx)
        try auditPurchaseOrder(tx, actor, .receiveGoods, before: before, after: plan.after,
                               reason: "\(reason) (receipt \(id))" + Self.redatedNote(redated),
                               stock: order.map { let p = positions[$0]!; return PositionChange(sku: p.sku, location: before.location,
                                                                                                   before: p.before, after: p.after) },
                               at: at)

        return ReceiptOutcome(receipt: id, purchaseOrder: before.code, location: before.location, stateBefore: before.state,
                              stateAfter: plan.after.state,
                              lines: written.map { ReceiptOutcome.Line(sku: $0.line.sku, quantity: $0.line.quantity,
                                                                       condition: $0.line.condition, status: $0.status) },
                              waiting: waiting)
    }
}

extension Operations {
    /// Each receipt line's share of what landing the receipt cost (nil when nothing), in the
    /// order's currency, which must be the currency the line's SKU is valued in.
    func landedShares(_ landed: [LandedCharge], _ basis: SpreadBasis, _ lines: [ReceivedLine], costs: [String: Money],
                      order: PurchaseOrder, in tx: StoreTransaction) throws -> [Int64]? {
        guard !landed.isEmpty else { return nil }
        var total: Int64 = 0
        for charge in landed {
            guard charge.amount >= 0 else { throw OperationError("The \(charge.kind.rawValue) of \(order.code) cannot be negative.") }
            total = Saturating.add(total, charge.amount)
        }
        var weights: [Int64] = []
        for line in lines {
            guard let sku = try tx.sku(line.sku) else { throw OperationError("Unknown SKU \(line.sku).") }
            guard sku.unitCost.currency == order.currency else {
                throw OperationError("\(order.code) is in \(order.currency) but \(line.sku) is valued in \(sku.unitCost.currency): "
                                     + "its landed cost cannot be added to that value.")
            }
            let units = Int64(line.quantity)
            let weight: Int64 = switch basis {
            case .value: Saturating.multiply(units, costs[line.sku]?.minorUnits ?? 0)
            case .quantity: units
            case .weight: Saturating.multiply(units, Int64(sku.weightGrams))
            }
            weights.append(weight)
        }
        return try LandedCost.spread(total, over: weights, basis: basis)
    }
}

extension Operations {
    /// Every supplier with what its receipts teach (nil where it has none yet), to show beside
    /// what it declared.
    public func supplierPerformance() throws(OperationError) -> [(supplier: Supplier, learnt: SupplierPerformance.Learnt?)] {
        try read { r in try supplierPerformance(in: r) }
    }

    func supplierPerformance(in r: some StoreReading) throws -> [(supplier: Supplier, learnt: SupplierPerformance.Learnt?)] {
        try r.suppliers().map { s in (s, SupplierPerformance.learn(try r.deliveries(supplier: s.code))) }
    }
}
