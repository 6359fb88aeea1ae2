/// Customer returns (DESIGN.md "Returns"): an RMA against an order for units shipped and not
/// returned yet, received into returnPending, inspected, and disposed of; the refund follows
/// a policy per reason and never exceeds what was paid for the units.

/// Why a customer sends goods back: a closed list (docs/FORMATS.md, "Return reasons"), so
/// reports group by it and the refund policy follows it.
public enum ReturnReason: String, CaseIterable, Sendable, Codable {
    case damagedInTransit, wrongItem, notAsDescribed, defective, arrivedLate, changedMind
    /// A return whose reason was not recorded (the online-retail history).
    case notGiven

    public init?(parsing text: String) {
        guard let r = Spelling.match(text, in: ReturnReason.self) else { return nil }
        self = r
    }
    public static var spellings: String { allCases.map(\.rawValue).joined(separator: ", ") }

    public var words: String {
        switch self {
        case .damagedInTransit: "damaged in transit"
        case .wrongItem: "wrong item sent"
        case .notAsDescribed: "not as described"
        case .defective: "defective"
        case .arrivedLate: "arrived late"
        case .changedMind: "changed their mind"
        case .notGiven: "reason not given"
        }
    }

    /// How a return for this reason is refunded.
    public var policy: RefundPolicy {
        switch self {
        // Our or the carrier's fault: everything back, freight too, without waiting.
        case .damagedInTransit, .wrongItem: RefundPolicy(amount: .full, refundsFreight: true, releasedAtOnce: true)
        case .notAsDescribed, .defective, .arrivedLate: RefundPolicy(amount: .full, refundsFreight: true, releasedAtOnce: false)
        case .changedMind: RefundPolicy(amount: .restockingFee(percent: 15), refundsFreight: false, releasedAtOnce: false)
        case .notGiven: RefundPolicy(amount: .full, refundsFreight: false, releasedAtOnce: false)
        }
    }
}

/// What the inspector found.
public enum ReturnCondition: String, CaseIterable, Sendable, Codable {
    case asNew, opened, damaged
    /// Damaged by the customer: nothing is refunded (finance may override).
    case customerDamaged

    public init?(parsing text: String) {
        guard let c = Spelling.match(text, in: ReturnCondition.self) else { return nil }
        self = c
    }
    public static var spellings: String { allCases.map(\.rawValue).joined(separator: ", ") }
}

/// Where returned stock goes after inspection.
public enum Disposition: String, CaseIterable, Sendable, Codable {
    /// Back on the shelf: sellable.
    case resell
    /// To be refurbished: quarantine until someone releases it.
    case refurbish
    /// Written off: out of the books.
    case scrap
    /// Back to the supplier, against their record: out of the books.
    case returnToVendor

    public init?(parsing text: String) {
        guard let d = Spelling.match(text, in: Disposition.self) else { return nil }
        self = d
    }
    public static var spellings: String { allCases.map(\.rawValue).joined(separator: ", ") }

    /// The status the units go to from returnPending; nil when they leave the books.
    public var status: StockStatus? {
        switch self {
        case .resell: .sellable
        case .refurbish: .quarantine
        case .scrap, .returnToVendor: nil
        }
    }

    /// The ledger's reason for the move.
    public var moveReason: MoveReason {
        switch self {
        case .resell, .refurbish: .statusChange
        case .scrap: .writeOff
        case .returnToVendor: .returnToVendor
        }
    }
}

/// authorized (RMA issued) -> received (units in returnPending) -> inspected (disposed of);
/// an authorized return may be cancelled. A return imported as history happened in the past:
/// it moved no stock here.
public enum ReturnState: String, CaseIterable, Sendable, Codable {
    case authorized, received, inspected, cancelled, history

    public init?(parsing text: String) {
        guard let s = Spelling.match(text, in: ReturnState.self) else { return nil }
        self = s
    }
    public static var spellings: String { allCases.map(\.rawValue).joined(separator: ", ") }
}

/// The refund: nothing due, held (until inspection or a release), or released.
public enum RefundState: String, CaseIterable, Sendable, Codable {
    case none, held, released
}

/// How a reason is refunded: how much of what was paid, whether the freight share goes back,
/// and whether the money goes when the goods arrive rather than after inspection.
public struct RefundPolicy: Hashable, Sendable, Codable {
    public enum Amount: Hashable, Sendable, Codable {
        case full
        case restockingFee(percent: Int)
        case nothing
    }
    public var amount: Amount
    public var refundsFreight: Bool
    public var releasedAtOnce: Bool

    public init(amount: Amount, refundsFreight: Bool, releasedAtOnce: Bool) {
        self.amount = amount; self.refundsFreight = refundsFreight; self.releasedAtOnce = releasedAtOnce
    }
}

/// The refund arithmetic, in minor units. Every share rounds down, so the parts of a whole
/// never add up to more than it.
public enum Refund {
    /// `part` of `whole` of `amount`, rounded down: a refund never exceeds what was paid.
    public static func share(_ amount: Int64, part: Int64, of whole: Int64) -> Int64 {
        Proportion.down(amount, part: part, of: whole)
    }

    /// What was paid for `units` of an order line: its net (after discount) and its tax.
    public static func paid(quantity: Int, unitPrice: Int64, discount: Int64, tax: Int64?, units: Int) -> Int64 {
        let (gross, overflow) = Int64(quantity).multipliedReportingOverflow(by: unitPrice)
        guard !overflow else { return 0 }
        return share(gross - discount + (tax ?? 0), part: Int64(units), of: Int64(quantity))
    }

    /// The returned goods' share of the order's freight: by their value in the order's goods.
    public static func freightShare(_ freight: Int64, returnedNet: Int64, orderNet: Int64) -> Int64 {
        share(freight, part: returnedNet, of: orderNet)
    }

    /// What `units` of an order line cost the customer: their part of the line (net and tax),
    /// and their part of the order's freight, by their net value in the order's goods (`orderNet`).
    public static func paidFor(units: Int, quantity: Int, unitPrice: Int64, discount: Int64, tax: Int64?, orderFreight: Int64,
                               orderNet: Int64) -> (paid: Int64, freight: Int64) {
        let lineNet = Saturating.multiply(Int64(quantity), unitPrice) - discount
        let returnedNet = share(lineNet, part: Int64(units), of: Int64(quantity))
        return (paid(quantity: quantity, unitPrice: unitPrice, discount: discount, tax: tax, units: units),
                freightShare(orderFreight, returnedNet: returnedNet, orderNet: orderNet))
    }

    /// What a policy refunds of `paid` goods and their `freight` share; nothing when the
    /// customer damaged them.
    public static func due(_ policy: RefundPolicy, condition: ReturnCondition?, paid: Int64, freight: Int64) -> Int64 {
        guard condition != .customerDamaged else { return 0 }
        let goods: Int64 = switch policy.amount {
        case .full: paid
        case .restockingFee(let percent): share(paid, part: Int64(100 - min(max(percent, 0), 100)), of: 100)
        case .nothing: 0
        }
        return goods + (policy.refundsFreight ? freight : 0)
    }
}
