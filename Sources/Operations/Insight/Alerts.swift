import Foundation
import Domain
import Store

/// An alert as `qm alerts` lists it: the derived alert, how long it has held, and who
/// acknowledged it.
public struct AlertView: Sendable, Equatable, Codable {
    public var alert: Alert
    /// Seconds since it began.
    public var age: Int64
    public var acknowledged: AlertAck?
}

extension Operations {
    /// The rules in force: the shipped defaults with a rules file's thresholds over them.
    public func alertRules() throws(OperationError) -> AlertRules {
        try read { r in AlertRules(overrides: try r.alertRuleOverrides()) }
    }

    /// Every alert that holds now (docs/KPIS.md, Alerts), oldest first, with its
    /// acknowledgement. Derived on every call from the ledger, the queues and `qm verify`
    /// (left out with `checkingLedger` false).
    public func alerts(checkingLedger: Bool = true) throws(OperationError) -> [AlertView] {
        let rules = try alertRules()
        let now = self.now, today = self.today
        var alerts: [Alert] = []
        let drift = checkingLedger ? try verify() : nil
        if let drift, !drift.isClean {
            let checks = Set(drift.findings.map(\.check)).sorted()
            alerts.append(Alert(rule: .ledgerDrift, key: "ledgerDrift", owner: .admin, since: Alert.undated, document: "qm verify",
                                message: "qm verify finds \(drift.findings.count) problem\(drift.findings.count == 1 ? "" : "s") (\(checks.joined(separator: ", "))): "
                                    + (drift.violations.first ?? "")))
        }
        let acks = try read { r in try r.alertAcks() }
        alerts += try read { r in try orderAlerts(rules, today: today, among: nil, in: r) }
        alerts += try fewAlerts(rules, today: today)
        return alerts.map { a in
            AlertView(alert: a, age: a.since == Alert.undated ? 0 : max(0, KPIMath.seconds(from: a.since, to: now) ?? 0),
                      acknowledged: acks[Self.ackKey(a)])
        }.sorted { $0.age != $1.age ? $0.age > $1.age : $0.alert.key < $1.alert.key }
    }

    /// How many alerts hold now that nobody has acknowledged, ledger drift left out: the
    /// console's badge. The per-order rules (unpicked, past promise: hundreds of thousands of
    /// orders on a large database) are counted in SQL, and of their orders only those someone
    /// acknowledged are read; listing them all held 800 MB on the 1M-order demo.
    public func openAlertCount() throws(OperationError) -> Int {
        let rules = try alertRules()
        let today = self.today
        let acks = try read { r in try r.alertAcks() }
        let ackedOrders = acks.keys.compactMap { Self.orderID(inAckKey: $0) }
        let (counted, acked) = try read { r in
            (try r.unpickedCount(before: unpickedCutoff(rules)) + r.pastPromiseCount(before: pastPromiseCutoff(rules, today: today)),
             ackedOrders.isEmpty ? [] : try orderAlerts(rules, today: today, among: ackedOrders, in: r))
        }
        let few = try fewAlerts(rules, today: today)
        return counted + few.count - (acked + few).filter { acks[Self.ackKey($0)] != nil }.count
    }

    /// Orders allocated and not picked in time, and orders past their promise with units still
    /// backordered: an alert an order (`among`: only those orders).
    private func orderAlerts(_ rules: AlertRules, today: String, among orders: [Int64]?, in r: some StoreReading) throws -> [Alert] {
        var found: [Alert] = []
        for o in try r.unpickedFacts(before: unpickedCutoff(rules), orders: orders) {
            found.append(Alert(rule: .unpicked, key: Self.orderKey(.unpicked, o.id), owner: .supervisor, since: o.since, document: "order \(o.id)",
                               message: "order \(o.id) (\(o.ref)) allocated \(o.since.prefix(16).replacingOccurrences(of: "T", with: " ")), "
                                   + "not picked within \(rules.threshold(.unpicked)) hours"))
        }
        for o in try r.pastPromiseFacts(before: pastPromiseCutoff(rules, today: today), orders: orders) {
            found.append(Alert(rule: .pastPromise, key: Self.orderKey(.pastPromise, o.id), owner: .planner, since: o.promised, document: "order \(o.id)",
                               message: "order \(o.id) (\(o.ref)) promised for \(o.promised) still waits for \(o.units) backordered unit\(o.units == 1 ? "" : "s")"))
        }
        return found
    }

    private func unpickedCutoff(_ rules: AlertRules) -> String {
        Timestamp.string(clock().addingTimeInterval(-Double(rules.threshold(.unpicked)) * 3_600))
    }

    private func pastPromiseCutoff(_ rules: AlertRules, today: String) -> String {
        OrderDate.adding(days: -rules.threshold(.pastPromise), to: today)
    }

    /// The alerts that stay few however large the database: late receipts, queues past their
    /// limit, class A stock below safety stock, suppliers slipping.
    private func fewAlerts(_ rules: AlertRules, today: String) throws(OperationError) -> [Alert] {
        let now = self.now
        let supplierWindow = KPIWindow(from: OrderDate.adding(days: -119, to: today), to: today)
        let receipts = try read { r in try r.deliveries(supplier: nil, arrivedFrom: supplierWindow.from, to: supplierWindow.to) }
        var alerts = try read { r in
            var found: [Alert] = []
            let lateBefore = OrderDate.adding(days: -rules.threshold(.lateReceipt), to: today)
            for po in try r.lateOrderFacts(before: lateBefore) {
                found.append(Alert(rule: .lateReceipt, key: "lateReceipt:\(po.code)", owner: .planner, since: po.expected, document: po.code,
                                   message: "\(po.code) from \(po.supplier): \(po.lines) line\(po.lines == 1 ? "" : "s") expected \(po.expected), "
                                       + "\(OrderDate.days(from: po.expected, to: today)) days ago, not received"))
            }
            for n in try r.lateNoticeFacts(before: lateBefore) {
                found.append(Alert(rule: .lateReceipt, key: "lateReceipt:\(n.ref)", owner: .planner, since: n.expected, document: n.ref,
                                   message: "shipping notice \(n.ref) on \(n.order) was to arrive \(n.expected), \(OrderDate.days(from: n.expected, to: today)) days ago"))
            }
            // Late purchase orders and notices alert one by one (lateReceipt), not as a queue.
            for q in try r.exceptionQueueFacts(today: today) where q.count > 0 && !Self.queuesWithTheirOwnRule.contains(q.queue) {
                guard let oldest = q.oldest, let age = KPIMath.seconds(from: oldest, to: now) else { continue }
                let sla = rules.threshold(.queueSLA, scope: q.queue)
                guard age > Int64(sla) * 3_600 else { continue }
                found.append(Alert(rule: .queueSLA, key: "queueSLA:\(q.queue)", owner: Alert.owner(ofQueue: q.queue), since: oldest, document: q.queue,
                                   message: "\(q.count) \(q.queue), the oldest waiting \(KPIUnit.seconds.format(age)) (the queue's limit: \(sla) hours)"))
            }
            return found
        }
        alerts += try safetyStockAlerts()
        alerts += Self.supplierSlipping(receipts, today: today, points: rules.threshold(.supplierSlipping))
        return alerts
    }

    /// An order's alert under a per-order rule, and the order an acknowledgement's key names
    /// (nil for any other rule).
    private static func orderKey(_ rule: AlertRule, _ order: Int64) -> String { "\(rule.rawValue):order \(order)" }
    private static func orderID(inAckKey key: String) -> Int64? {
        let alertKey = key.prefix { $0 != "\u{0}" }   // StoreReader.alertAckKey: the alert's key, then its since
        for rule in [AlertRule.unpicked, .pastPromise] where alertKey.hasPrefix("\(rule.rawValue):order ") {
            return Int64(alertKey.dropFirst("\(rule.rawValue):order ".count))
        }
        return nil
    }

    private static func ackKey(_ alert: Alert) -> String { StoreReader.alertAckKey(key: alert.key, since: alert.since) }

    static let queuesWithTheirOwnRule: Set<String> = ["late purchase orders", "late shipping notices"]

    /// Class A SKUs whose sellable stock at a location is below their safety stock
    /// (replenishment's figure, docs/REPLENISHMENT.md).
    private func safetyStockAlerts() throws(OperationError) -> [Alert] {
        try replenishmentPlan().lines.filter { $0.velocity == .a && $0.sellable < $0.safetyStock }.map { l in
            Alert(rule: .belowSafetyStock, key: "belowSafetyStock:\(l.sku)@\(l.location)", owner: .planner, since: Alert.undated, document: "\(l.sku)@\(l.location)",
                  message: "\(l.sku) at \(l.location) (class A): \(l.sellable) sellable, below its safety stock of \(l.safetyStock)")
        }
    }

    /// Suppliers whose on-time rate over the last 30 days fell more than `points` below the
    /// 90 days before, with at least 3 receipts in each.
    static func supplierSlipping(_ receipts: [(supplier: String, receipt: SupplierPerformance.Receipt)], today: String, points: Int) -> [Alert] {
        let recentFrom = OrderDate.adding(days: -29, to: today)
        var alerts: [Alert] = []
        for (supplier, rows) in Dictionary(grouping: receipts, by: \.supplier).sorted(by: { $0.key < $1.key }) {
            let recent = rows.filter { $0.receipt.arrivedOn >= recentFrom }.map(\.receipt)
            let before = rows.filter { $0.receipt.arrivedOn < recentFrom }.map(\.receipt)
            guard recent.count >= 3, before.count >= 3, let now = SupplierPerformance.learn(recent), let then = SupplierPerformance.learn(before) else { continue }
            let drop = then.onTimePerMille - now.onTimePerMille
            guard drop > points * 10 else { continue }
            alerts.append(Alert(rule: .supplierSlipping, key: "supplierSlipping:\(supplier)", owner: .planner, since: Alert.undated, document: supplier,
                                message: "\(supplier) on time \(KPIUnit.basisPoints.format(Int64(now.onTimePerMille) * 10)) over the last 30 days "
                                    + "(\(recent.count) receipts), down from \(KPIUnit.basisPoints.format(Int64(then.onTimePerMille) * 10)) over the 90 before (\(before.count))"))
        }
        return alerts
    }

    /// Acknowledges an alert that holds now: audited, kept while the same condition lasts (it
    /// shows as acknowledged; it comes back if the condition ends and begins again). Its
    /// owner's role, a supervisor or an admin may.
    public func acknowledgeAlert(_ key: String, note: String, by actor: Actor) throws(OperationError) {
        try Self.refuseUnsafeText(note, what: "note")
        // Only ledger drift needs `qm verify` (on a large database, most of the time it takes).
        guard let view = try alerts(checkingLedger: key == "ledgerDrift").first(where: { $0.alert.key == key }) else {
            throw OperationError("No alert \(key) holds now: qm alerts lists them.")
        }
        if let ack = view.acknowledged { throw OperationError("\(key) was acknowledged by \(ack.by) at \(ack.at.prefix(16)) already.") }
        if let refusal = view.alert.acknowledgementRefusal(actor.role) { throw OperationError(refusal) }
        try perform(.acknowledgeAlert, by: actor) { tx, actor in
            try tx.acknowledgeAlert(key: key, since: view.alert.since, by: actor.name, at: now, note: note)
            try tx.append(AuditEntry(actor: actor.name, role: actor.role, command: Command.acknowledgeAlert.rawValue, entity: "alert:\(key)",
                                     reason: note.isEmpty ? "acknowledged: \(view.alert.message)" : "\(note) (\(view.alert.message))",
                                     before: "open since \(view.alert.since)", after: "acknowledged"), at: now)
        }
    }

    /// Replaces the alert thresholds with a rules file's (docs/KPIS.md), all or nothing; every
    /// bad row is listed by line.
    public func importAlertRules(_ rows: [ImportRow<AlertThreshold>], source: String, by actor: Actor) throws(OperationError) {
        var problems: [String] = [], seen: [String: Int] = [:]
        for row in rows {
            if let problem = AlertRules.problem(row.value) { problems.append("line \(row.line): \(problem)") }
            let key = "\(row.value.rule.rawValue)/\(row.value.scope ?? "")"
            if let first = seen[key] {
                problems.append("line \(row.line): \(row.value.rule.rawValue)\(row.value.scope.map { " for \($0)" } ?? "") is on line \(first) already.")
            }
            seen[key] = seen[key] ?? row.line
            if let scope = row.value.scope { try Self.refuseUnsafeText(scope, what: "scope on line \(row.line)") }
        }
        guard problems.isEmpty else { throw OperationError("\(source): nothing was changed:\n" + problems.map { "  " + $0 }.joined(separator: "\n")) }
        try perform(.importAlertRules, by: actor) { tx, actor in
            let before = try tx.alertRuleOverrides()
            try tx.replaceAlertRules(rows.map(\.value))
            try tx.append(AuditEntry(actor: actor.name, role: actor.role, command: Command.importAlertRules.rawValue, entity: "alert-rules",
                                     reason: "\(rows.count) threshold\(rows.count == 1 ? "" : "s") from \(source)",
                                     before: AuditJSON.encode(before), after: AuditJSON.encode(rows.map(\.value))), at: now)
        }
    }
}
