import Testing
import Foundation
import GRDB
import Domain
@testable import Store

/// The orders pane's own SQL (Store/Orders/ConsoleQueries.swift), explained: a page of a
/// queue walks an index from where it starts and never sorts the queue, so a million-order
/// queue costs a page's rows.
@Suite struct OrderQueueQueryTests {
    @Test func queuePagesWalkAnIndexAndNeverSort() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("qm-plan-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try LedgerStore(path: folder.appendingPathComponent("qm.sqlite").path, create: true)
        for queue in [OrderQueue.state(.backordered), .hold(.fraud)] {
            let index = if case .state = queue { "sales_order_by_state" } else { "order_hold_open" }
            for (after, descending, offset) in [(nil, false, 0), (OrderQueueKey(since: "2026-01-01T00:00:00Z", id: 9), false, 40),
                                                (OrderQueueKey(since: "2026-01-01T00:00:00Z", id: 9), true, 3), (nil, true, 0)] {
                let (sql, args) = StoreReader.orderQueueKeysQuery(queue, after: after, descending: descending, offset: offset, limit: 50)
                let plan = try store.read { r in
                    try Row.fetchAll(r.db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: args).map { $0["detail"] as String }
                }.joined(separator: "; ")
                #expect(plan.contains("SEARCH") && plan.contains(index), "\(queue): \(plan)")
                #expect(!plan.contains("TEMP B-TREE") && !plan.contains("SCAN"), "\(queue): \(plan)")
            }
        }
    }
}
