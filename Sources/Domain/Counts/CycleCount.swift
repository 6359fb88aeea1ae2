/// Cycle counts (DESIGN.md "Cycle counts"): a task to count a SKU at a location, or a whole
/// location, blind; the variance against what the ledger expected is approved automatically
/// inside tolerance and by a supervisor outside it, and only then posted as an adjustment.

/// Where counted stock sits. The shelf holds sellable and reserved stock alike (goods
/// allocated to an order stay in the building until they ship), so a counter counts them
/// together; quarantine, damaged and returns awaiting inspection are kept apart and counted
/// apart.
public enum CountBucket: String, CaseIterable, Sendable, Codable, Comparable {
    case shelf, quarantine, damaged, returnPending

    public init?(parsing text: String) {
        guard let b = Spelling.match(text, in: CountBucket.self) else { return nil }
        self = b
    }
    public static var spellings: String { allCases.map(\.rawValue).joined(separator: ", ") }

    /// What the ledger says this bucket holds in a position.
    public func quantity(in p: StockPosition) -> Int {
        switch self {
        case .shelf: p.sellable + p.reserved
        case .quarantine: p.quarantine
        case .damaged: p.damaged
        case .returnPending: p.returnPending
        }
    }

    /// The status a gain goes to and a loss comes from (a shelf loss beyond sellable reaches
    /// reserved stock only by re-planning the orders that hold it).
    public var status: StockStatus {
        switch self {
        case .shelf: .sellable
        case .quarantine: .quarantine
        case .damaged: .damaged
        case .returnPending: .returnPending
        }
    }

    public static func < (a: CountBucket, b: CountBucket) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// Why a count exists.
public enum CountOrigin: String, CaseIterable, Sendable, Codable {
    /// Due by the SKU's velocity class.
    case scheduled
    /// Asked for by someone.
    case adhoc
    /// Raised by an exception: a short pick (where the shelf disagrees with the ledger the
    /// allocator reserved from), a manual adjustment, stock found where the ledger had none.
    case exception
}

/// open -> counting (expected quantities snapshotted) -> review (a variance outside tolerance
/// waits for a supervisor) -> closed; a rejected variance goes back to counting (a recount).
/// An open or counting task may be cancelled.
public enum CountTaskState: String, CaseIterable, Sendable, Codable {
    case open, counting, review, closed, cancelled

    public init?(parsing text: String) {
        guard let s = Spelling.match(text, in: CountTaskState.self) else { return nil }
        self = s
    }
    public static var spellings: String { allCases.map(\.rawValue).joined(separator: ", ") }

    /// Still work for someone: not closed or cancelled.
    public var isLive: Bool { self == .open || self == .counting || self == .review }
}

/// One (SKU, bucket) of a count: waiting for its count (or recount), waiting for a
/// supervisor, or approved (its variance posted).
public enum CountLineState: String, CaseIterable, Sendable, Codable {
    case pending, review, approved
}

/// How far a count may stray from the ledger and still be approved without a supervisor: both
/// the quantity (percent of what was expected) and the value at unit cost must be inside.
public struct CountTolerance: Hashable, Sendable, Codable {
    public var percent: Int
    public var value: Money

    public init(percent: Int, value: Money) { self.percent = percent; self.value = value }

    /// Whether a variance is inside. Nothing expected means any variance is outside (a percent
    /// of nothing); a unit cost in another currency than the limit cannot be compared, so it is
    /// outside too.
    public func accepts(variance: Int, expected: Int, unitCost: Money) -> Bool {
        guard variance != 0 else { return true }
        guard expected > 0, variance.magnitude * 100 <= UInt(percent) * UInt(expected) else { return false }
        guard unitCost.currency == value.currency, let worth = CountVariance.value(variance, unitCost: unitCost) else { return false }
        return worth.minorUnits.magnitude <= value.minorUnits.magnitude
    }

    public var description: String { "\(percent)% and \(value)" }
}

public enum CountVariance {
    /// The variance valued at unit cost, or nil when it would not fit in minor units.
    public static func value(_ variance: Int, unitCost: Money) -> Money? {
        let (product, overflow) = Int64(variance).multipliedReportingOverflow(by: unitCost.minorUnits)
        return overflow ? nil : Money(minorUnits: product, currency: unitCost.currency)
    }
}

/// When a SKU at a location is next due for its scheduled count.
public enum CountSchedule {
    /// A position first seen by the scheduler is due on a day spread over its first interval
    /// (by its ids, so the same position always lands on the same day): a network's first
    /// cycle is counted evenly, not all on day one.
    public static func firstDue(firstSeen: String, interval: Int, skuID: Int64, locationID: Int64) -> String {
        let phase = Int((skuID &* 31 &+ locationID) % Int64(max(interval, 1)))
        return OrderDate.adding(days: phase, to: firstSeen)
    }

    /// The day a position is due: an interval after its last count, or its first due day.
    public static func due(lastCounted: String?, firstDue: String, interval: Int) -> String {
        lastCounted.map { OrderDate.adding(days: interval, to: $0) } ?? firstDue
    }
}
