import Foundation
import Domain
import Store

/// What `qm classify` found: every SKU whose class changes, with the figures behind it.
public struct ClassificationOutcome: Sendable, Equatable, Codable {
    public struct Change: Sendable, Equatable, Codable {
        public var sku: String
        public var from: VelocityClass
        public var to: VelocityClass
        /// Demand value over the window, minor units.
        public var value: Int64
        /// This SKU's value and every SKU's ranked above it, per mille of the total.
        public var cumulativePerMille: Int
    }
    public var windowDays: Int
    public var since: String
    public var skus: Int
    public var changes: [Change]
    public var dryRun: Bool
    /// SKUs per class after the run (or, dry, as it would leave them).
    public var counts: [String: Int]
}

extension Operations {
    /// Ranks active SKUs by demand value over the last `days` (the setting's window when nil)
    /// and gives each its ABC class (Domain's `VelocityClassification`, shares from the
    /// settings). Each change is written with an audit entry holding its figures; a dry run
    /// reports the same and writes nothing.
    public func classify(days: Int?, dryRun: Bool, by actor: Actor) throws(OperationError) -> ClassificationOutcome {
        if dryRun {
            return try read { r in
                try AccessPolicy.authorize(try r.user(actor.name)?.role ?? actor.role, .classifySKUs, user: actor.name)
                return try classification(days: days, in: r)
            }
        }
        return try perform(.classifySKUs, by: actor) { tx, actor in
            var outcome = try classification(days: days, in: tx)
            outcome.dryRun = false
            for change in outcome.changes { try tx.setVelocity(sku: change.sku, change.to) }
            try tx.append(outcome.changes.map { change in
                AuditEntry(actor: actor.name, role: actor.role, command: Command.classifySKUs.rawValue, entity: "sku:\(change.sku)",
                           reason: "demand value \(Money.format(change.value)) since \(outcome.since) (\(outcome.windowDays) days), "
                               + "\(change.cumulativePerMille / 10).\(change.cumulativePerMille % 10)% of all cumulative: "
                               + "\(change.from.rawValue) -> \(change.to.rawValue)",
                           before: change.from.rawValue, after: change.to.rawValue)
            }, at: now)
            return outcome
        }
    }

    private func classification(days: Int?, in r: some StoreReading) throws -> ClassificationOutcome {
        let settings = try r.settings()
        let window = days ?? settings.velocityWindowDays
        guard (1...3_650).contains(window) else { throw OperationError("--days must be from 1 to 3650, got \(window).") }
        let since = OrderDate.adding(days: -window, to: today)
        let values = try r.demandValues(since: since)
        let current = Dictionary(values.map { ($0.sku, $0.velocity) }, uniquingKeysWith: { a, _ in a })
        var changes: [ClassificationOutcome.Change] = [], counts: [String: Int] = [:]
        for ranked in VelocityClassification.classify(values.map { ($0.sku, $0.value) }, shares: settings.velocityShares) {
            counts[ranked.velocity.rawValue, default: 0] += 1
            guard let was = current[ranked.sku], was != ranked.velocity else { continue }
            changes.append(ClassificationOutcome.Change(sku: ranked.sku, from: was, to: ranked.velocity, value: ranked.value,
                                                        cumulativePerMille: ranked.cumulativePerMille))
        }
        return ClassificationOutcome(windowDays: window, since: since, skus: values.count, changes: changes, dryRun: true, counts: counts)
    }
}
