/// Where a purchase order stands: draft -> approved -> sent -> partiallyReceived -> received
/// -> closed, or cancelled before anything arrives. Receipts move it between sent,
/// partiallyReceived and received (`afterReceipt`); the other steps are commands (`next`).
public enum PurchaseOrderState: String, CaseIterable, Sendable, Codable {
    case draft, approved, sent, partiallyReceived, received, closed, cancelled

    public init?(parsing text: String) {
        guard let state = Spelling.match(text, in: PurchaseOrderState.self) else { return nil }
        self = state
    }
    public static var spellings: String { allCases.map(\.rawValue).joined(separator: ", ") }

    /// Its open quantity is supply on its way (the inbound figure): approved and not yet
    /// received in full, closed or cancelled.
    public var countsAsInbound: Bool { self == .approved || self == .sent || self == .partiallyReceived }

    /// Goods may be received against it.
    public var isReceivable: Bool { self == .sent || self == .partiallyReceived }

    /// Lines may be added or changed.
    public var isEditable: Bool { self == .draft }

    /// The state a command leads to, or a sentence saying why it cannot.
    public func next(for step: PurchaseOrderStep) throws(DomainError) -> PurchaseOrderState {
        switch (step, self) {
        case (.approve, .draft): return .approved
        case (.send, .approved): return .sent
        case (.cancel, .draft), (.cancel, .approved), (.cancel, .sent): return .cancelled
        case (.close, .partiallyReceived), (.close, .received): return .closed
        case (.cancel, .partiallyReceived):
            throw DomainError("Cannot cancel a purchase order that is partially received: what arrived stays; close it to stop expecting the rest.")
        default:
            throw DomainError("Cannot \(step.rawValue) a purchase order that is \(rawValue); it must be \(step.from).")
        }
    }

    /// After a receipt: received once every line is complete (within tolerance), else
    /// partially received.
    public static func afterReceipt(_ lines: [PurchaseOrderLine], tolerance: ReceivingTolerance) -> PurchaseOrderState {
        lines.allSatisfy { tolerance.completes($0) } ? .received : .partiallyReceived
    }
}

/// The commands that move a purchase order along (receiving has its own).
public enum PurchaseOrderStep: String, CaseIterable, Sendable, Codable {
    case approve, send, cancel, close

    /// The command the step is, for access and audit.
    public var command: Command {
        switch self {
        case .approve: .approvePurchaseOrder
        case .send: .sendPurchaseOrder
        case .cancel: .cancelPurchaseOrder
        case .close: .closePurchaseOrder
        }
    }

    /// The states the step starts from, in words.
    var from: String {
        switch self {
        case .approve: "draft"
        case .send: "approved"
        case .cancel: "draft, approved or sent"
        case .close: "partiallyReceived or received"
        }
    }
}

/// A line of a purchase order: what is ordered, at what cost, for when, and how much has
/// arrived so far.
public struct PurchaseOrderLine: Hashable, Sendable, Codable {
    public var sku: String
    public var quantity: Int
    /// Cost of one base unit, in the order's currency.
    public var unitCost: Money
    /// yyyy-mm-dd.
    public var expectedDate: String
    public var received: Int

    public init(sku: String, quantity: Int, unitCost: Money, expectedDate: String, received: Int = 0) {
        self.sku = sku; self.quantity = quantity; self.unitCost = unitCost; self.expectedDate = expectedDate; self.received = received
    }

    /// Still to come: what was ordered less what arrived (never below zero: an over-receipt
    /// leaves nothing open).
    public var open: Int { max(0, quantity - received) }

    /// Quantity times unit cost, saturating (the limits keep it far from overflow).
    public var value: Int64 { Saturating.multiply(Int64(quantity), unitCost.minorUnits) }

    public func validate(order: String) throws(DomainError) {
        guard SKU.isValidCode(sku) else { throw DomainError("\(order): '\(sku)' is not a valid SKU code.") }
        try Limits.check(quantity, in: Limits.quantity, "\(order) line \(sku): quantity")
        try Limits.check(unitCost, "\(order) line \(sku): unit cost")
        guard OrderDate.isDate(expectedDate) else {
            throw DomainError("\(order) line \(sku): expected date '\(expectedDate)' is not a date like 2026-12-24.")
        }
        guard received >= 0 else { throw DomainError("\(order) line \(sku): received cannot be negative.") }
    }
}

/// How far what arrives may stray from what was ordered, per line, in whole percent of the
/// line's quantity (a supplier's terms; 0 and 0 by default: exactly what was ordered).
/// Percentages of a quantity round down, so a tolerance never allows a part of a unit.
public struct ReceivingTolerance: Hashable, Sendable, Codable {
    public var overPercent: Int
    public var underPercent: Int

    public init(overPercent: Int = 0, underPercent: Int = 0) {
        self.overPercent = overPercent; self.underPercent = underPercent
    }

    public static let percentRange = 0...100

    public func validate(_ what: String) throws(DomainError) {
        try Limits.check(overPercent, in: Self.percentRange, "\(what): over-receipt tolerance in percent")
        try Limits.check(underPercent, in: Self.percentRange, "\(what): under-receipt tolerance in percent")
    }

    /// The most that may arrive on a line of `quantity`, in all.
    public func maximum(of quantity: Int) -> Int { quantity + quantity * overPercent / 100 }

    /// The least that counts as the line arrived in full.
    public func minimum(of quantity: Int) -> Int { quantity - quantity * underPercent / 100 }

    /// The line has arrived in full, within tolerance.
    public func completes(_ line: PurchaseOrderLine) -> Bool { line.received >= minimum(of: line.quantity) }

    /// Refuses `units` more on `line` when that would pass the over-receipt tolerance.
    public func check(receiving units: Int, on line: PurchaseOrderLine, order: String) throws(DomainError) {
        guard units > 0 else { throw DomainError("\(order) line \(line.sku): a receipt needs a quantity of at least 1, got \(units).") }
        let total = line.received + units, most = maximum(of: line.quantity)
        guard total <= most else {
            let allowance = overPercent == 0 ? "no more than was ordered" : "at most \(most.grouped) (\(overPercent)% over)"
            throw DomainError("\(order) line \(line.sku): \(total.grouped) would have arrived against \(line.quantity.grouped) ordered; "
                              + "the supplier's tolerance allows \(allowance).")
        }
    }
}

/// Who approves a purchase order: a planner up to a value, a supervisor or an admin above it.
/// The limit is in one currency; an order in another is above it (no exchange rates here).
public enum PurchaseOrderApproval {
    /// The roles that may approve an order of `value` when planners may approve up to `plannerLimit`.
    public static func approvers(value: Money, plannerLimit: Money) -> Set<Role> {
        value.currency == plannerLimit.currency && value.minorUnits <= plannerLimit.minorUnits
            ? [.planner, .supervisor, .admin] : [.supervisor, .admin]
    }

    /// Why `role` may not approve an order of `value`, or nil when it may.
    public static func refusal(_ role: Role, value: Money, plannerLimit: Money) -> String? {
        let allowed = approvers(value: value, plannerLimit: plannerLimit)
        guard !allowed.contains(role) else { return nil }
        if role == .planner {
            return "A planner may approve a purchase order worth up to \(plannerLimit); "
                + "this one is worth \(value): \(Role.people(allowed)) approves it."
        }
        return "\(role.aPerson.prefix(1).uppercased() + role.aPerson.dropFirst()) may not approve purchase orders "
            + "(\(Role.people([.planner, .supervisor, .admin])) may)."
    }
}

/// A purchase order: what is bought from one supplier for delivery to one location, in one
/// currency, and where it stands.
public struct PurchaseOrder: Hashable, Sendable, Codable {
    public var code: String
    public var supplier: String
    /// Where the goods are delivered: the location whose inbound figure they count in.
    public var location: String
    public var currency: String
    public var state: PurchaseOrderState
    public var note: String
    public var lines: [PurchaseOrderLine]

    public init(code: String, supplier: String, location: String, currency: String, state: PurchaseOrderState = .draft,
                note: String = "", lines: [PurchaseOrderLine] = []) {
        self.code = code; self.supplier = supplier; self.location = location; self.currency = currency
        self.state = state; self.note = note; self.lines = lines
    }

    /// Every line's value, added up (saturating).
    public var value: Money {
        Money(minorUnits: lines.reduce(Int64(0)) { Saturating.add($0, $1.value) }, currency: currency)
    }

    /// Units still to come across the lines.
    public var open: Int { lines.reduce(0) { Saturating.add($0, $1.open) } }

    /// Lines still open past their expected date while the order counts as inbound: the late
    /// supply planners chase. `today` is yyyy-mm-dd.
    public func lateLines(today: String) -> [PurchaseOrderLine] {
        guard state.countsAsInbound else { return [] }
        return lines.filter { $0.open > 0 && $0.expectedDate < today }
    }

    public static let maxLines = 10_000

    /// Moves the expected date of `sku`'s line, or of every line still open, to `date` (the
    /// supplier confirmed a new one). Returns the lines moved, each with its old date.
    public mutating func reschedule(sku: String?, to date: String) throws(DomainError) -> [(sku: String, from: String)] {
        guard OrderDate.isDate(date) else { throw DomainError("The expected date '\(date)' is not a date like 2026-12-24.") }
        guard state == .draft || state.countsAsInbound else {
            throw DomainError("\(code) is \(state.rawValue): nothing on it is expected any more.")
        }
        var moved: [(sku: String, from: String)] = []
        for i in lines.indices where (sku == nil || lines[i].sku == sku) && lines[i].open > 0 && lines[i].expectedDate != date {
            moved.append((lines[i].sku, lines[i].expectedDate))
            lines[i].expectedDate = date
        }
        if let sku, !lines.contains(where: { $0.sku == sku }) {
            throw DomainError("\(sku) is not on \(code) (it orders \(lines.map(\.sku).joined(separator: ", "))).")
        }
        guard !moved.isEmpty else {
            throw DomainError("Nothing to move on \(code): \(sku.map { "its \($0) line" } ?? "every line still open") is already expected \(date) or has arrived.")
        }
        return moved
    }

    /// The header's own rules and each line's; a SKU appears on one line only (a receipt names
    /// the SKU, so two lines of it would leave the receipt ambiguous).
    public func validate() throws(DomainError) {
        guard SKU.isValidCode(code) else {
            throw DomainError("Purchase order reference '\(code)' must be 1-40 letters, digits, '-', '_', '.' or '/'.")
        }
        guard Currency.isValid(currency) else { throw DomainError("\(code): currency '\(currency)' is not a three-letter ISO code.") }
        if let problem = TextRules.problem(note, "the note", maxLength: TextRules.maxReason) { throw DomainError("\(code): \(problem)") }
        guard lines.count <= Self.maxLines else { throw DomainError("\(code) has \(lines.count.grouped) lines; at most \(Self.maxLines.grouped).") }
        var seen = Set<String>()
        for line in lines {
            try line.validate(order: code)
            guard line.unitCost.currency == currency else {
                throw DomainError("\(code) line \(line.sku): the unit cost is in \(line.unitCost.currency) but the order is in \(currency).")
            }
            guard seen.insert(line.sku).inserted else { throw DomainError("\(code): \(line.sku) is on the order twice; one line per SKU.") }
        }
    }
}
