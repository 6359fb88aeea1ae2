import Foundation
import Domain
import Store
@testable import Operations

/// A real SQLite file in its own temporary folder, with a tiny network: two locations,
/// three SKUs (one a kit of the other two) and users for each role.
struct TestDatabase {
    let folder: URL
    let ops: Operations
    var path: String { folder.appendingPathComponent("qm.sqlite").path }
    static let admin = Actor(name: "ada", role: .admin)
    static let supervisor = Actor(name: "sam", role: .supervisor)
    static let viewer = Actor(name: "vic", role: .viewer)
    static let service = Actor(name: "cora", role: .customerService)

    init(seeded: Bool = true) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("qm-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        ops = Operations(store: try LedgerStore(path: folder.appendingPathComponent("qm.sqlite").path, create: true))
        guard seeded else { return }
        try ops.bootstrap(osUser: "ada")
        let a = Self.admin
        _ = try ops.importLocations([ImportRow(line: 1, value: Location(code: "L1", name: "North", kind: .warehouse, fulfils: true)),
                                     ImportRow(line: 2, value: Location(code: "L2", name: "South", kind: .warehouse, fulfils: true))],
                                    source: "test", by: a)
        func sku(_ code: String, kit: Bool = false) -> SKU {
            SKU(code: code, name: "Item \(code)", unitCost: Money(minorUnits: 100, currency: "GBP"),
                listPrice: Money(minorUnits: 200, currency: "GBP"), isKit: kit)
        }
        _ = try ops.importSKUs([ImportRow(line: 1, value: SKURecord(sku: sku("A"))),
                                ImportRow(line: 2, value: SKURecord(sku: sku("B"))),
                                ImportRow(line: 3, value: SKURecord(sku: sku("KIT", kit: true),
                                                                    components: [KitComponent(component: "A", quantity: 2),
                                                                                 KitComponent(component: "B", quantity: 1)]))],
                               source: "test", by: a)
    }

    func remove() { try? FileManager.default.removeItem(at: folder) }

    /// Open supply the way it arrives: a sent purchase order of one line (supplier SUP, made
    /// on first use).
    func inbound(_ code: String, sku: String, location: String, quantity: Int, expected: String) throws {
        if try ops.read({ try $0.supplierID("SUP") }) == nil {
            _ = try ops.importSuppliers([ImportRow(line: 1, value: Supplier(code: "SUP", name: "Supplier", leadTimeMeanDays: 7,
                                                                            leadTimeSpreadDays: 1, onTimePerMille: 900))],
                                        source: "test", by: Self.admin)
        }
        let line = PurchaseOrderLine(sku: sku, quantity: quantity, unitCost: Money(minorUnits: 100, currency: "GBP"), expectedDate: expected)
        _ = try ops.importPurchaseOrders([ImportRow(line: 1, value: PurchaseOrder(code: code, supplier: "SUP", location: location, currency: "GBP",
                                                                                  state: .sent, lines: [line]))],
                                         source: "test", by: Self.admin)
    }
}
