/// What `qm alerts` watches for (docs/KPIS.md, Alerts). Each rule has a threshold, shipped
/// with a default and changed from a rules file; the alerts themselves are derived from the
/// ledger and the queues every time, never stored.
public enum AlertRule: String, CaseIterable, Sendable, Codable {
    /// `qm verify` finds the ledger, the positions or the books disagreeing.
    case ledgerDrift
    /// A purchase order's line or a shipping notice more than `threshold` days past its expected day.
    case lateReceipt
    /// An order allocated and not picked within `threshold` hours.
    case unpicked
    /// A backordered order more than `threshold` days past its promise date.
    case pastPromise
    /// A class A SKU's sellable stock at a location below its safety stock (`threshold`: unused).
    case belowSafetyStock
    /// An exception queue whose oldest item has waited longer than its `threshold` hours
    /// (per queue: the rule's scope names the queue).
    case queueSLA
    /// A supplier's on-time rate over the last 30 days fallen more than `threshold` percentage
    /// points below the 90 days before (at least 3 receipts in each).
    case supplierSlipping

    public init?(parsing text: String) {
        guard let r = Spelling.match(text, in: AlertRule.self) else { return nil }
        self = r
    }
    public static var spellings: String { allCases.map(\.rawValue).joined(separator: ", ") }

    /// What the threshold counts, for messages and the rules file.
    public var thresholdUnit: String {
        switch self {
        case .ledgerDrift, .belowSafetyStock: ""
        case .lateReceipt, .pastPromise: "days"
        case .unpicked, .queueSLA: "hours"
        case .supplierSlipping: "percentage points"
        }
    }
}

/// A rule's threshold, for everything or (queueSLA) for one queue.
public struct AlertThreshold: Hashable, Sendable, Codable {
    public var rule: AlertRule
    /// The queue a queueSLA threshold is for; nil: the rule's own.
    public var scope: String?
    public var value: Int
    public init(rule: AlertRule, scope: String? = nil, value: Int) { self.rule = rule; self.scope = scope; self.value = value }
}

/// The thresholds in force: those a rules file set over the shipped defaults.
public struct AlertRules: Sendable, Equatable {
    public var thresholds: [AlertThreshold]

    /// The shipped defaults (docs/KPIS.md).
    public static let defaults: [AlertThreshold] = [
        AlertThreshold(rule: .ledgerDrift, value: 0),
        AlertThreshold(rule: .lateReceipt, value: 0),
        AlertThreshold(rule: .unpicked, value: 24),
        AlertThreshold(rule: .pastPromise, value: 0),
        AlertThreshold(rule: .belowSafetyStock, value: 0),
        AlertThreshold(rule: .queueSLA, value: 48),
        AlertThreshold(rule: .queueSLA, scope: "fraud holds", value: 4),
        AlertThreshold(rule: .queueSLA, scope: "payment holds", value: 24),
        AlertThreshold(rule: .queueSLA, scope: "backordered lines", value: 168),
        AlertThreshold(rule: .queueSLA, scope: "refunds to release", value: 24),
        AlertThreshold(rule: .supplierSlipping, value: 10),
    ]

    public init(overrides: [AlertThreshold] = []) {
        var merged = Self.defaults
        for o in overrides {
            if let i = merged.firstIndex(where: { $0.rule == o.rule && $0.scope == o.scope }) { merged[i] = o } else { merged.append(o) }
        }
        thresholds = merged
    }

    /// The rule's threshold for `scope`, else the rule's own.
    public func threshold(_ rule: AlertRule, scope: String? = nil) -> Int {
        thresholds.first { $0.rule == rule && $0.scope == scope && scope != nil }?.value
            ?? thresholds.first { $0.rule == rule && $0.scope == nil }?.value ?? 0
    }

    /// The checks of a rules file's rows: a scope only for queueSLA, thresholds from 0 to 3650
    /// (a percentage for supplierSlipping: up to 100). Nil when the row is fine.
    public static func problem(_ t: AlertThreshold) -> String? {
        if t.scope != nil && t.rule != .queueSLA { return "only queueSLA has a scope (the queue it is for); \(t.rule.rawValue) has none." }
        let most = t.rule == .supplierSlipping ? 100 : 3_650
        guard (0...most).contains(t.value) else {
            return "\(t.rule.rawValue)'s threshold must be a whole number from 0 to \(most)\(t.rule.thresholdUnit.isEmpty ? "" : " (\(t.rule.thresholdUnit))"), got \(t.value)."
        }
        return nil
    }
}

/// One alert as derived now: its rule, a key that stays the same while the condition lasts
/// (and names what it is about), who should act, since when it holds, the document behind it,
/// and what it is in words.
public struct Alert: Sendable, Equatable, Codable {
    public var rule: AlertRule
    public var key: String
    public var owner: Role
    /// When the condition began (a day or a time): the alert's age runs from it.
    public var since: String
    public var document: String
    public var message: String
    public init(rule: AlertRule, key: String, owner: Role, since: String, document: String, message: String) {
        self.rule = rule; self.key = key; self.owner = owner; self.since = since; self.document = document; self.message = message
    }
}

extension Alert {
    /// The `since` of an alert whose start the records do not date (ledger drift, a SKU below
    /// its safety stock, a supplier slipping): its age reads 0, and an acknowledgement of it
    /// holds for as long as the key alerts, a recurrence included.
    public static let undated = ""

    /// Why `role` may not acknowledge the alert (its owner's role, supervisors and admins
    /// may), or nil when it may.
    public func acknowledgementRefusal(_ role: Role) -> String? {
        [owner, .supervisor, .admin].contains(role) ? nil
            : "\(key) is for the \(owner.words) role to look at: a \(role.words) user may not acknowledge it."
    }

    /// Who looks after an exception queue.
    public static func owner(ofQueue queue: String) -> Role {
        if queue.hasSuffix(" holds"), let reason = HoldReason(rawValue: String(queue.dropLast(6))) { return reason.owner }
        switch queue {
        case "backordered lines", "late purchase orders", "late shipping notices": return .planner
        case "refunds to release": return .finance
        default: return .supervisor
        }
    }
}
