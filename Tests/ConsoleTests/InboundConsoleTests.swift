import Testing
import Foundation
import Domain
import Store
import Operations
import TerminalKit
@testable import Console

extension ConsoleFixture {
    /// From the inbound pane's queues, opens `queue` with the keys a user would press.
    func open(_ queue: InboundQueue) {
        press(.escape, .escape, .escape)
        press(.home)
        for _ in 0..<(InboundQueue.all.firstIndex(of: queue) ?? 0) { press(.down) }
        press(.enter)
    }

    /// A purchase order sent to the demo's first supplier for the first warehouse: `lines` of
    /// SKU and quantity (the demo inspects QM10007 on receipt).
    func sentPurchaseOrder(_ code: String, _ lines: [(String, Int)]) throws -> (location: String, supplier: String) {
        let (supplier, location) = try ops.read { r in
            (try r.suppliers().first!.code, try r.locations().first { $0.kind == .warehouse }!.code)
        }
        let order = PurchaseOrder(code: code, supplier: supplier, location: location, currency: "GBP", state: .sent,
                                  lines: lines.map { PurchaseOrderLine(sku: $0.0, quantity: $0.1, unitCost: Money(minorUnits: 250, currency: "GBP"),
                                                                       expectedDate: "2026-12-20") })
        _ = try ops.importPurchaseOrders([ImportRow(line: 1, value: order)], source: "test", by: Self.admin)
        return (location, supplier)
    }

    /// A shipping notice for `po`, arriving (by default) before the console's today: late.
    func importNotice(_ ref: String, for po: String, _ lines: [(String, Int)], arriving: String = "2026-11-01") throws {
        _ = try ops.importShippingNotices([ImportRow(line: 1, value: AdvanceShippingNotice(ref: ref, purchaseOrder: po, expectedArrival: arriving,
                                                                                           lines: lines.map { .init(sku: $0.0, quantity: $0.1) }))],
                                          source: "test", by: Self.admin)
    }

    /// Opens `queue` and filters it to the rows holding `text`.
    func show(_ queue: InboundQueue, matching text: String) {
        open(queue)
        press(.char("/")); type(text); press(.enter)
    }

    func stock(_ sku: String, _ location: String) throws -> StockPosition {
        try ops.read { r in try r.position(skuID: r.skuID(sku)!, locationID: r.locationID(location)!) }
    }
}

/// The inbound pane on a real database: queues with the store's counts, a purchase order
/// opened, and receiving typed in line by line, planned by Operations and written only on y.
@Suite(.serialized) struct InboundConsoleTests {
    @Test func queuesCarryTheStoresCountsAndAPurchaseOrderOpensWithItsLines() throws {
        let f = try ConsoleFixture(width: 120, height: 30, pane: .inbound)
        defer { f.remove() }
        _ = try f.sentPurchaseOrder("PO-T1", [("QM10001", 30), ("QM10007", 12)])
        f.press(.ctrl("r"))
        let sent = try f.read { try $0.purchaseOrderCount(PurchaseOrderFilter(state: .sent)) }
        let row = try #require(f.runtime.state.inbound.queues.rows.first { $0.id == .purchaseOrders(.sent) })
        #expect(row.cells[2] == String(sent) && sent > 0)
        #expect(f.screen.contains("Late purchase orders") && f.screen.contains("Transfers in transit"))

        f.open(.purchaseOrders(.sent))
        #expect(f.runtime.state.inbound.list?.table.rowCount == sent)
        f.press(.char("/")); f.type("PO-T1"); f.press(.enter)
        #expect(f.runtime.state.inbound.list?.table.rowCount == 1)
        f.press(.enter)
        #expect(f.screen.contains("PO-T1  sent") && f.screen.contains("QM10007") && f.screen.contains("inspected on receipt (to quarantine): QM10007"))
        f.press(.escape)
        #expect(f.runtime.state.inbound.order == nil && f.runtime.state.inbound.list != nil)
    }

    @Test func aReceiptIsEnteredLineByLineConfirmedThenWrittenAndItsQuarantineReleased() throws {
        let f = try ConsoleFixture(width: 120, height: 30, pane: .inbound)
        defer { f.remove() }
        let (location, _) = try f.sentPurchaseOrder("PO-T2", [("QM10001", 30), ("QM10007", 12)])
        let before = (try f.stock("QM10001", location), try f.stock("QM10007", location))
        f.press(.ctrl("r"))
        f.show(.purchaseOrders(.sent), matching: "PO-T2")
        f.press(.char("r"))
        #expect(f.runtime.state.inbound.showsReceiving && f.screen.contains("Receiving PO-T2"))

        // Enter on the first line: the quantity is what is open, the cursor on it.
        f.press(.enter)
        guard case .form(let form, .inbound) = f.runtime.state.mode else { Issue.record("no line form"); return }
        #expect(form.value(0) == "QM10001" && form.value(1) == "30" && form.focus == 1)
        // More than was ordered (no tolerance) keeps the form, saying why.
        f.press(.backspace, .backspace); f.type("31"); f.press(.enter)
        guard case .form = f.runtime.state.mode else { Issue.record("the form closed"); return }
        #expect(f.runtime.state.flash?.kind == .error && f.screen.contains("QM10001"))
        f.press(.backspace, .backspace); f.type("26"); f.press(.enter)
        // 4 more, damaged.
        f.press(.enter); f.press(.backspace, .backspace); f.type("4"); f.press(.tab)
        for _ in 0..<4 { f.press(.backspace) }
        f.type("damaged"); f.press(.enter)
        // A scan: the code in any case, an empty quantity is one unit.
        f.press(.char("n")); f.type("qm10007"); f.press(.enter)
        #expect(f.runtime.state.inbound.receiving?.lines == [ReceivedLine(sku: "QM10001", quantity: 26), ReceivedLine(sku: "QM10001", quantity: 4, condition: .damaged),
                                                             ReceivedLine(sku: "QM10007", quantity: 1)])
        // A SKU not on the order is refused in the form.
        f.press(.char("n")); f.type("QM10002"); f.press(.enter)
        #expect(f.screen.contains("QM10002 is not on PO-T2"))
        f.press(.escape)

        f.press(.char("s"))
        let text = try #require(f.dialogText)
        #expect(text == "Receive 31 units on PO-T2 at \(location) (sent → partially received): 26 good QM10001 → sellable "
                + "4 damaged QM10001 → damaged (damaged on arrival) 1 good QM10007 → quarantine (inspected before sale)")
        #expect(try f.stock("QM10001", location) == before.0)   // nothing written yet
        f.press(.char("y"))
        #expect(try f.stock("QM10001", location).sellable == before.0.sellable + 26 && f.stock("QM10001", location).damaged == before.0.damaged + 4)
        #expect(try f.stock("QM10007", location).quarantine == before.1.quarantine + 1)
        #expect(f.screen.contains("Receipt") && f.screen.contains("quarantine"))
        let audit = try f.read { try $0.auditEntries(entity: "po:PO-T2", limit: 5) }
        #expect(audit.contains { $0.command == Command.receiveGoods.rawValue && $0.actor == "sam" })

        // The quarantined unit, released after inspection: a form, then the move stated, then y.
        f.press(.end, .char("u"))
        guard case .form(let release, .stock) = f.runtime.state.mode else { Issue.record("no release form"); return }
        #expect(release.value(0) == location && release.value(1) == "quarantine" && release.value(2) == "sellable" && release.value(3) == "1")
        f.press(.enter)
        #expect(f.dialogText?.hasPrefix("Move 1 QM10007 at \(location) from quarantine to sellable") == true)
        f.press(.char("y"))
        #expect(try f.stock("QM10007", location).quarantine == before.1.quarantine && f.stock("QM10007", location).sellable == before.1.sellable + 1)
    }

    @Test func receivingIsRefusedAtOnceForAViewerAndForAnOrderNotSent() throws {
        let viewer = try ConsoleFixture(width: 120, height: 30, user: Actor(name: "vic", role: .viewer), pane: .inbound)
        defer { viewer.remove() }
        viewer.open(.purchaseOrders(.sent))
        #expect(!viewer.screen.contains("r receive"))
        viewer.press(.char("r"))
        #expect(viewer.runtime.state.mode.isNormal && !viewer.runtime.state.inbound.showsReceiving)
        #expect(viewer.screen.contains("A viewer may not receive goods"))

        let f = try ConsoleFixture(width: 120, height: 30, pane: .inbound)
        defer { f.remove() }
        let draft = try #require(try f.read { try $0.purchaseOrders(PurchaseOrderFilter(state: .draft), limit: 1) }.first?.order.code)
        f.open(.purchaseOrders(.draft))
        f.press(.char("r"))
        #expect(!f.runtime.state.inbound.showsReceiving && f.runtime.state.flash?.kind == .error)
        #expect(f.screen.contains("\(draft) is draft: it has not been sent"))
    }

    @Test func quittingWithAnUnsavedReceiptAsksFirst() throws {
        let f = try ConsoleFixture(width: 120, height: 30, pane: .inbound)
        defer { f.remove() }
        _ = try f.sentPurchaseOrder("PO-T3", [("QM10001", 10)])
        f.press(.ctrl("r"))
        f.show(.purchaseOrders(.sent), matching: "PO-T3")
        f.press(.char("r"), .enter, .enter)
        f.press(.escape)                                           // back to the order: the lines are kept
        #expect(f.runtime.state.inbound.receiving?.lines.count == 1)
        f.press(.char("q"))
        guard case .confirmQuit(let dialog, _) = f.runtime.state.mode else { Issue.record("quit without asking"); return }
        #expect(dialog.message.joined().contains("A receipt on PO-T3 is entered but not saved (10 units)."))
        f.press(.char("n"))
        f.press(.char("r"))                                        // receiving again resumes it
        #expect(f.runtime.state.inbound.receiving?.lines == [ReceivedLine(sku: "QM10001", quantity: 10)])
    }

    @Test func aNoticeWithoutExceptionsIsReceivedAsAnnouncedAfterAYes() throws {
        let f = try ConsoleFixture(width: 120, height: 30, pane: .inbound)
        defer { f.remove() }
        _ = try f.sentPurchaseOrder("PO-T4", [("QM10001", 12)])
        try f.importNotice("ASN-T4", for: "PO-T4", [("QM10001", 12)])
        try f.importNotice("ASN-T5", for: "PO-T4", [("QM10001", 2)])
        f.press(.ctrl("r"))
        f.show(.lateNotices, matching: "ASN-T4")
        f.press(.char("r"))
        // Planned first: the order is then received in full, and its other notice ends with it.
        let dialog = f.dialogText ?? ""
        #expect(dialog.hasPrefix("Receive ASN-T4 as announced against PO-T4: 12 units on 1 line, all good")
                && dialog.hasSuffix("PO-T4 then takes no more goods: shipping notice ASN-T5 is dismissed."), "\(dialog)")
        f.press(.char("y"))
        #expect(try f.read { try $0.shippingNotice("ASN-T4")?.state } == "received")
        #expect(try f.read { try $0.shippingNotice("ASN-T5")?.state } == "dismissed")
        #expect(try f.ops.purchaseOrder("PO-T4").order.state == .received)
    }

    @Test func aNoticeWithExceptionsIsCountedFromItsLinesAndAnotherIsDismissedWithAReason() throws {
        let f = try ConsoleFixture(width: 120, height: 30, pane: .inbound)
        defer { f.remove() }
        _ = try f.sentPurchaseOrder("PO-T7", [("QM10001", 12)])
        _ = try f.sentPurchaseOrder("PO-T8", [("QM10001", 12)])
        try f.importNotice("ASN-X1", for: "PO-T7", [("QM10001", 12), ("QM10002", 4)])
        try f.importNotice("ASN-X2", for: "PO-T7", [("QM10001", 2)])
        try f.importNotice("ASN-X3", for: "PO-T8", [("QM10001", 6)])
        f.press(.ctrl("r"))
        f.show(.noticeExceptions, matching: "ASN-X1")
        f.press(.char("r"))
        // Its lines the order takes are entered (QM10002 is not on it: the exception), to correct.
        #expect(f.runtime.state.inbound.receiving?.lines == [ReceivedLine(sku: "QM10001", quantity: 12)])
        #expect(f.screen.contains("Receiving PO-T7 at") && f.screen.contains("(counting notice ASN-X1)"))
        f.press(.char("s"))
        // The order is then received in full: the dialog says its other notice ends with it.
        let dialog = f.dialogText ?? ""
        #expect(dialog.contains("Shipping notice ASN-X1 is received with them (counted).")
                && dialog.hasSuffix("PO-T7 then takes no more goods: shipping notice ASN-X2 is dismissed."), "\(dialog)")
        f.press(.char("y"))
        #expect(try f.read { try $0.shippingNotice("ASN-X1")?.state } == "received")
        let ended = try #require(try f.read { try $0.shippingNotice("ASN-X2") })
        #expect(ended.state == "dismissed" && ended.closeNote == "PO-T7 is received: nothing more can be received against it")

        // A notice whose goods came otherwise: dismissed by hand, a reason first, then y.
        f.show(.lateNotices, matching: "ASN-X3")
        f.press(.char("x"), .enter)
        #expect(f.screen.contains("Reason is required"))
        f.type("goods came under ASN-X1"); f.press(.enter)
        #expect(f.dialogText?.hasPrefix("Dismiss ASN-X3: it leaves the exception and late queues") == true)
        f.press(.char("y"))
        let dismissed = try #require(try f.read { try $0.shippingNotice("ASN-X3") })
        #expect(dismissed.state == "dismissed" && dismissed.closeNote == "goods came under ASN-X1" && dismissed.closedBy == "sam")
    }

    @Test func aCancelledDismissalLeavesTheNextLineFormALineAndAnotherOrdersReceiptIsKept() throws {
        let f = try ConsoleFixture(width: 120, height: 30, pane: .inbound)
        defer { f.remove() }
        _ = try f.sentPurchaseOrder("PO-T8", [("QM10001", 12)])
        _ = try f.sentPurchaseOrder("PO-T9", [("QM10001", 10)])
        try f.importNotice("ASN-X3", for: "PO-T8", [("QM10001", 12)])
        f.press(.ctrl("r"))
        f.show(.lateNotices, matching: "ASN-X3")
        f.press(.char("x"), .escape)                              // a dismissal begun, then not
        f.show(.purchaseOrders(.sent), matching: "PO-T8")
        f.press(.char("r"), .enter, .enter)                       // a line form: read as a line
        #expect(f.runtime.state.inbound.receiving?.lines == [ReceivedLine(sku: "QM10001", quantity: 12)] && f.dialogText == nil)
        #expect(try f.read { try $0.shippingNotice("ASN-X3")?.state } == "open")
        // Receiving another order while this one has lines typed is refused, the lines kept.
        f.press(.escape, .escape)
        f.press(.char("/")); for _ in 0..<5 { f.press(.backspace) }; f.type("PO-T9"); f.press(.enter)
        f.press(.char("r"))
        #expect(f.screen.contains("A receipt on PO-T8 is being entered: save it (s) or clear its lines (x) first."))
        #expect(f.runtime.state.inbound.receiving?.code == "PO-T8" && f.runtime.state.inbound.receiving?.lines.count == 1)
    }

    @Test func aDropShipOrderIsRefusedAtOnceForReceiving() throws {
        let f = try ConsoleFixture(width: 120, height: 30, pane: .inbound)
        defer { f.remove() }
        var sku = try #require(try f.read { try $0.sku("QM10001") })
        sku.dropShip = true
        _ = try f.ops.importSKUs([ImportRow(line: 1, value: SKURecord(sku: sku))], source: "test", by: ConsoleFixture.admin)
        let draft = OrderDraft(channel: "web", externalRef: "DS-T", customer: "C1",
                               shipTo: Address(name: "Ann", line1: "1 High St", city: "Leeds", postcode: "LS1", country: "GB", region: "UK-N"),
                               promiseDate: "2026-12-10", orderedAt: "2026-11-18 10:00:00",
                               lines: [OrderLineDraft(sku: "QM10001", quantity: 2, unitPrice: 250, tax: 50)])
        _ = try f.ops.captureOrders([ImportRow(line: 2, value: draft)], source: "test", by: ConsoleFixture.admin)
        _ = try f.ops.allocate(AllocationOptions(), by: ConsoleFixture.admin)
        let code = try #require(try f.read { try $0.purchaseOrders(PurchaseOrderFilter(state: .sent), limit: nil) }
                                    .first { $0.dropShipFor != nil }?.order.code)
        f.press(.ctrl("r"))
        // Apart from what is expected at our docks: in its own queue, not among the sent orders.
        f.show(.purchaseOrders(.sent), matching: code)
        #expect(f.runtime.state.inbound.list?.table.rowCount == 0)
        #expect(f.runtime.state.inbound.counts?.dropShips.count == 1)
        f.show(.dropShips, matching: code)
        #expect(f.runtime.state.inbound.list?.table.rowCount == 1)
        f.press(.char("r"))
        #expect(!f.runtime.state.inbound.showsReceiving && f.runtime.state.mode.isNormal)
        #expect(f.screen.contains("\(code) is a drop-ship order"))
    }

    @Test func theStockDrillDownReleasesQuarantineWithTheUnitsFilledIn() throws {
        let f = try ConsoleFixture(width: 120, height: 30)
        defer { f.remove() }
        let row = try #require(f.runtime.state.stock.table.selectedRow?.id)
        _ = try f.ops.adjust(sku: row.sku, location: row.location, status: .quarantine, delta: 3, reason: "held for a look", by: ConsoleFixture.admin)
        f.press(.ctrl("r"))
        let held = try f.stock(row.sku, row.location).quarantine
        f.press(.enter, .char("u"))
        guard case .form(let form, .stock) = f.runtime.state.mode else { Issue.record("no release form"); return }
        #expect(form.value(0) == row.location && form.value(3) == String(held))
        f.press(.tab, .tab)                                        // to "To": damaged instead
        for _ in 0..<8 { f.press(.backspace) }
        f.type("damaged"); f.press(.enter)
        #expect(f.dialogText?.contains("from quarantine to damaged") == true)
        f.press(.char("y"))
        #expect(try f.stock(row.sku, row.location).quarantine == 0)
    }

    @Test func inboundViewsLookRightAndClipAtEverySize() throws {
        let f = try ConsoleFixture(width: 110, height: 26, pane: .inbound)
        defer { f.remove() }
        _ = try f.sentPurchaseOrder("PO-T5", [("QM10001", 30), ("QM10007", 12)])
        f.press(.ctrl("r"))
        assertSnapshot(f.screen, named: "inbound-queues")
        f.show(.purchaseOrders(.sent), matching: "PO-T5")
        f.press(.enter)
        assertSnapshot(f.screen, named: "inbound-order")
        f.press(.char("r"), .enter, .enter)
        assertSnapshot(f.screen, named: "inbound-receiving")
        // Queues, a list, an order, receiving, its line form, the saved receipt.
        f.expectEveryViewClips(width: 110, height: 26, [
            ("queues", { f.press(.escape, .escape, .escape, .escape) }),
            ("a list", { f.show(.purchaseOrders(.sent), matching: "PO-T5") }),
            ("an order", { f.press(.enter) }), ("receiving", { f.press(.char("r")) }), ("a line form", { f.press(.char("n")) }),
            ("the saved receipt", { f.press(.escape, .char("s"), .char("y")) }),
        ])
        #expect(f.runtime.state.inbound.receiving?.outcome != nil)
    }

    @Test func textFromSuppliersAndNotesCannotReachTheTerminalAsControlSequences() throws {
        let f = try ConsoleFixture(width: 120, height: 30, pane: .inbound)
        defer { f.remove() }
        _ = try f.sentPurchaseOrder("PO-T6", [("QM10001", 30)])
        // Imports refuse control characters; a database written by another tool may hold them.
        try f.ops.store.write {
            try $0.db.execute(sql: "UPDATE purchase_order SET note = ? WHERE code = 'PO-T6'", arguments: ["Evil\u{1B}]0;pwned\u{07}\u{1B}[31mRed\u{9B}2J"])
        }
        f.press(.ctrl("r"))
        f.show(.purchaseOrders(.sent), matching: "PO-T6")
        f.press(.enter)
        let frame = f.backend.lastFrame
        var all = ""
        for y in 0..<frame.height { for x in 0..<frame.width { all += frame[x: x, y: y].text } }
        #expect(all.contains("EvilRed"))
        #expect(!all.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) })
    }
}
