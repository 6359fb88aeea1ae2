/// The state goods arrive in, as the person receiving them says.
public enum ReceiptCondition: String, CaseIterable, Sendable, Codable {
    case good, damaged

    public init?(parsing text: String) {
        guard let condition = Spelling.match(text, in: ReceiptCondition.self) else { return nil }
        self = condition
    }
    public static var spellings: String { allCases.map(\.rawValue).joined(separator: ", ") }
}

/// What arrived of one SKU in one condition.
public struct ReceivedLine: Hashable, Sendable, Codable {
    public var sku: String
    public var quantity: Int
    public var condition: ReceiptCondition

    public init(sku: String, quantity: Int, condition: ReceiptCondition = .good) {
        self.sku = sku; self.quantity = quantity; self.condition = condition
    }
}

/// The rules of receiving goods against a purchase order: it must have been sent and not be
/// finished; every SKU must be on it; what arrives of a line, added up over the receipt and
/// the receipts before, stays within the supplier's tolerance. Damaged on arrival goes to
/// damaged, a SKU flagged for inspection to quarantine, the rest to sellable.
public enum Receiving {
    /// Where received goods go.
    public static func destination(_ condition: ReceiptCondition, inspect: Bool) -> StockStatus {
        condition == .damaged ? .damaged : inspect ? .quarantine : .sellable
    }

    /// A receipt checked against its order.
    public struct Plan: Sendable, Equatable {
        /// The lines as they will be written: the same SKU and condition given twice are added up.
        public var lines: [ReceivedLine]
        /// The order after the receipt: lines' received quantities and its state.
        public var after: PurchaseOrder
    }

    /// Checks `lines` against `order` and says what the receipt does, or why it cannot be made.
    public static func plan(_ lines: [ReceivedLine], against order: PurchaseOrder,
                            tolerance: ReceivingTolerance) throws(DomainError) -> Plan {
        var receipt = try Receipt(against: order, tolerance: tolerance)
        for line in lines { try receipt.add(line) }
        return try receipt.plan()
    }

    /// A receipt built a line at a time (a scanner file of any length), each line checked as
    /// it comes so a refusal names the line that broke the rule.
    public struct Receipt: Sendable {
        public private(set) var after: PurchaseOrder
        let original: PurchaseOrder
        let tolerance: ReceivingTolerance
        var lines: [ReceivedLine] = []
        var lineIndex: [String: Int] = [:]
        var orderLine: [String: Int] = [:]

        public init(against order: PurchaseOrder, tolerance: ReceivingTolerance) throws(DomainError) {
            guard order.state.isReceivable else {
                switch order.state {
                case .draft, .approved:
                    throw DomainError("\(order.code) is \(order.state.rawValue): it has not been sent to the supplier, so nothing can arrive against it yet.")
                case .received:
                    throw DomainError("\(order.code) is received in full: nothing more is expected against it.")
                default:
                    throw DomainError("\(order.code) is \(order.state.rawValue): nothing can be received against it.")
                }
            }
            after = order; original = order; self.tolerance = tolerance
            for (i, line) in order.lines.enumerated() { orderLine[line.sku] = i }
        }

        /// Adds a line: the same SKU and condition again is added to the first. Tolerance is
        /// per order line, so both conditions of a SKU and the receipts before count against it.
        public mutating func add(_ line: ReceivedLine) throws(DomainError) {
            guard let i = orderLine[line.sku] else {
                throw DomainError("\(line.sku) is not on \(original.code) (it orders \(original.lines.map(\.sku).joined(separator: ", "))).")
            }
            try tolerance.check(receiving: line.quantity, on: after.lines[i], order: original.code)
            after.lines[i].received += line.quantity
            let key = "\(line.sku)|\(line.condition.rawValue)"
            if let j = lineIndex[key] {
                lines[j].quantity += line.quantity
            } else {
                lineIndex[key] = lines.count
                lines.append(line)
            }
        }

        public func plan() throws(DomainError) -> Plan {
            guard !lines.isEmpty else { throw DomainError("A receipt against \(original.code) needs at least one line.") }
            var after = after
            after.state = PurchaseOrderState.afterReceipt(after.lines, tolerance: tolerance)
            return Plan(lines: lines, after: after)
        }
    }
}
