import Testing
import Foundation
import Domain
import Store
import Operations
import TerminalKit
@testable import Console

extension ConsoleFixture {
    /// From the orders pane's queues, opens `queue` with the keys a user would press.
    func open(_ queue: OrderQueue) {
        press(.escape, .escape)
        let index = runtime.state.orders.queues.rows.firstIndex { $0.id == queue } ?? 0
        press(.home)
        for _ in 0..<index { press(.down) }
        press(.enter)
    }

    /// Moves the cursor of the open list onto `order` (it must be within the first rows).
    func select(order: Int64) {
        press(.home)
        for _ in 0..<50 where runtime.state.orders.list.rows.table.selectedID?.order != order { press(.down) }
    }

    func read<T>(_ body: (StoreReader) throws -> T) throws -> T { try ops.read(body) }

    var dialogText: String? {
        if case .confirm(let dialog, _) = runtime.state.mode { dialog.message.joined(separator: " ") } else { nil }
    }
}

/// The orders and backorders panes on a real database, changes going through Operations.
@Suite(.serialized) struct OrdersConsoleTests {
    @Test func queuesShowEveryStateAndHoldReasonWithTheStoresCounts() throws {
        let f = try ConsoleFixture.withOrders()
        defer { f.remove() }
        let states = try f.read { try $0.stateQueues() }
        let holds = try f.read { try $0.holdQueues() }
        let rows = f.runtime.state.orders.queues.rows
        #expect(rows.count == OrderState.allCases.count + HoldReason.allCases.count)
        for q in states { #expect(rows.first { $0.id == .state(q.state!) }?.cells[2] == String(q.count)) }
        for q in holds {
            let cells = rows.first { $0.id == .hold(q.hold!) }?.cells
            #expect(cells?[2] == String(q.count) && cells?[4] == "  " + q.hold!.owner.words)
        }
        #expect(f.screen.contains("\(states.reduce(0) { $0 + $1.count }) sales orders"))
        #expect(f.screen.contains("3d 4h"))   // built 3 days 4 hours before the console's clock
    }

    @Test func aQueueListsItsOrdersInTheStoresOrderAndPagesToTheEnd() throws {
        // A short screen and a low count cap, so the queue is paged and counted past the cap.
        let f = try ConsoleFixture.withOrders(height: 14, countCap: 20)
        defer { f.remove() }
        let queue = OrderQueue.state(.partiallyAllocated)
        let all = try f.read { try $0.orderQueueRows(queue, limit: 10_000) }
        #expect(all.count > 40)
        f.open(queue)
        #expect(f.runtime.state.orders.list.rows.table.totalRows == nil)
        #expect(f.screen.contains("20+ orders"))
        #expect(f.runtime.state.orders.list.rows.table.rows.count < all.count)   // never the whole queue
        f.press(.pageDown, .pageDown, .pageDown)
        let index = f.runtime.state.orders.list.rows.table.selectedIndex
        #expect(f.runtime.state.orders.list.rows.table.selectedID?.order == all[index].summary.id)
        f.press(.end)
        #expect(f.runtime.state.orders.list.rows.table.totalRows == all.count)
        #expect(f.runtime.state.orders.list.rows.table.selectedID?.order == all.last?.summary.id)
        #expect(f.screen.contains("\(all.count) orders"))
        f.press(.pageUp, .up)
        let back = f.runtime.state.orders.list.rows.table.selectedIndex
        #expect(f.runtime.state.orders.list.rows.table.selectedID?.order == all[back].summary.id)
    }

    @Test func holdThenReleaseFromTheConsoleChangesTheOrdersHolds() throws {
        let f = try ConsoleFixture.withOrders()
        defer { f.remove() }
        f.open(.state(.released))
        let id = try #require(f.runtime.state.orders.list.rows.table.selectedRow?.id.order)
        #expect(try f.read { try $0.orderHolds(id) }.filter(\.isOpen).isEmpty)
        f.press(.char("h"))
        #expect(f.screen.contains("Hold order \(id): why?"))
        f.press(.enter)                      // customer request, the first reason
        #expect(f.screen.contains("Order \(id) held"))
        let held = try f.read { try $0.orderHolds(id) }.filter(\.isOpen)
        #expect(held.map(\.reason) == [.customer] && held.first?.placedBy == "sam")
        // The list was reloaded: the order now shows its hold.
        #expect(f.runtime.state.orders.list.rows.table.selectedRow?.cells[OrdersPane.listColumns(showingState: false).firstIndex { $0.title == "Hold" }!] == "customer")
        f.press(.char("r"))
        // One hold, no note needed: the confirmation names it; only y releases.
        #expect(f.screen.contains("Release the customer request hold on order \(id)"))
        #expect(try f.read { try $0.orderHolds(id) }.filter(\.isOpen).count == 1)
        f.press(.char("y"))
        #expect(f.screen.contains("Order \(id) released"))
        #expect(try f.read { try $0.orderHolds(id) }.filter(\.isOpen).isEmpty)
        // The history, at the end of the detail, tells the story.
        f.press(.enter, .end)
        #expect(f.screen.contains("order.hold") && f.screen.contains("order.release"))
    }

    @Test func holdWithANoteFromTheDetailAndTheQueueCountsFollow() throws {
        let f = try ConsoleFixture.withOrders()
        defer { f.remove() }
        let before = try f.read { try $0.orderQueueCount(.hold(.address)) }
        f.open(.state(.allocated))
        let id = try #require(f.runtime.state.orders.list.rows.table.selectedRow?.id.order)
        f.press(.enter)
        f.press(.char("h"), .down)           // address check
        f.type("ring first")
        f.press(.enter)
        let hold = try #require(try f.read { try $0.orderHolds(id) }.first { $0.isOpen })
        #expect(hold.reason == .address && hold.note == "ring first")
        #expect(f.screen.contains("address check (owner customer service): ring first"))
        f.press(.escape, .escape)
        let row = f.runtime.state.orders.queues.rows.first { $0.id == .hold(.address) }
        #expect(row?.cells[2] == String(before + 1))
    }

    @Test func cancelSaysWhichReservedUnitsAreFreedAndFreesThem() throws {
        let f = try ConsoleFixture.withOrders()
        defer { f.remove() }
        // An allocated order reserved at one location.
        let rows = try f.read { try $0.orderQueueRows(.state(.allocated), limit: 30) }
        let (record, location) = try #require(try rows.lazy.compactMap { row -> (OrderRecord, String)? in
            guard let r = try f.read({ try $0.order(row.summary.id) }) else { return nil }
            let places = Set(r.allocations.filter { $0.status == "live" }.map(\.location))
            return places.count == 1 ? (r, places.first!) : nil
        }.first)
        let h = record.header
        let live = record.allocations.filter { $0.status == "live" }
        let units = live.reduce(0) { $0 + $1.quantity }
        let sellable = { (a: AllocationRow) in
            try f.read { try $0.positionRows(PositionFilter(location: a.location, sku: a.sku), limit: 1).first?.position.sellable ?? 0 }
        }
        let sellableBefore = try sellable(live[0])
        f.open(.state(.allocated))
        f.select(order: h.id)
        f.press(.char("x"), .enter)
        let freed = units == 1 ? "1 reserved unit at \(location) goes" : "\(units) reserved units at \(location) go"
        #expect(f.dialogText?.hasPrefix("Cancel order \(h.id) (\(h.channel) \(h.externalRef))? \(freed) back to sellable.") == true)
        #expect(f.dialogText?.hasSuffix("Reason: customer request") == true)
        f.press(.char("n"))
        #expect(try f.read { try $0.orderHeader(h.id) }?.state == .allocated)
        f.press(.char("x"), .enter, .char("y"))
        #expect(f.screen.contains("Order \(h.id) cancelled"))
        #expect(try f.read { try $0.orderHeader(h.id) }?.state == .cancelled)
        #expect(try f.read { try $0.orderAllocations(h.id, liveOnly: true) }.isEmpty)
        let freedHere = live.filter { $0.sku == live[0].sku }.reduce(0) { $0 + $1.quantity }
        #expect(try sellable(live[0]) == sellableBefore + freedHere)
        #expect(try f.ops.verify().isClean)
        // It left the queue on screen.
        #expect(!f.runtime.state.orders.list.rows.table.rows.contains { $0.id.order == h.id })
    }

    @Test func markedOrdersAreCancelledTogetherAndARefusalIsShown() throws {
        let f = try ConsoleFixture.withOrders()
        defer { f.remove() }
        f.open(.state(.backordered))
        let first = try #require(f.runtime.state.orders.list.rows.table.row(at: 0)?.id.order)
        let second = try #require(f.runtime.state.orders.list.rows.table.row(at: 1)?.id.order)
        f.press(.char(" "), .char(" "))
        #expect(f.screen.contains("2 marked"))
        f.press(.char("x"), .down, .enter)     // out of stock
        #expect(f.dialogText?.hasPrefix("Cancel 2 orders (\(first), \(second))?") == true)
        f.press(.char("y"))
        #expect(f.screen.contains("2 cancelled"))
        for id in [first, second] { #expect(try f.read { try $0.orderHeader(id) }?.state == .cancelled) }
        #expect(try f.ops.verify().isClean)
        #expect(f.runtime.state.orders.list.marked.isEmpty)
    }

    @Test func aCustomerServiceUserTryingToReleaseAFraudHoldSeesTheRefusal() throws {
        let f = try ConsoleFixture.withOrders(user: Actor(name: "cora", role: .customerService))
        defer { f.remove() }
        // An order whose only hold is the fraud one (cora may release address and customer holds).
        let fraud = try f.read { try $0.orderQueueRows(.hold(.fraud), limit: 50) }.map(\.summary.id)
        let id = try #require(try fraud.first { id in try f.read { try $0.orderHolds(id) }.filter(\.isOpen).count == 1 })
        f.open(.hold(.fraud))
        f.select(order: id)
        f.press(.char("r"))
        // Refused before any question, in plain words.
        #expect(f.screen.contains("A customer-service agent may not release a fraud hold"))
        #expect(f.runtime.state.mode.isNormal)
        #expect(f.runtime.state.flash?.kind == .error)
        #expect(try f.read { try $0.orderHolds(id) }.contains { $0.isOpen && $0.reason == .fraud })
        // Placing one is refused the same way, and several refusals are all listed.
        f.open(.state(.allocated))
        f.press(.char(" "), .char(" "), .char("h"), .down, .down, .down, .enter)
        guard case .report(let overlay) = f.runtime.state.mode else { Issue.record("refusals not listed"); return }
        #expect(overlay.sections[0].entries.count == 2)
        #expect(f.screen.contains("may not place a fraud hold"))
    }

    @Test func findOpensOneMatchOrListsSeveralAndEscReturnsToWhereItStarted() throws {
        let f = try ConsoleFixture.withOrders(pane: .stock)
        defer { f.remove() }
        let orders = try f.read { try $0.orderSummaries(OrderFilter(), limit: 300) }
        let order = orders[7]
        f.press(.char("F")); f.type(order.externalRef); f.press(.enter)
        #expect(f.runtime.state.pane == .orders && f.runtime.state.orders.detail?.id == order.id)
        #expect(f.screen.contains("Order \(order.id)  \(order.channel) \(order.externalRef)"))
        f.press(.escape)
        #expect(f.runtime.state.pane == .stock && f.screen.contains("Filter: -"))

        let customer = try #require(Dictionary(grouping: orders.filter { !$0.customer.isEmpty }, by: \.customer)
            .filter { $0.value.count > 1 }.keys.sorted().first)
        let theirs = try f.read { try $0.findOrders(customer, limit: 100) }
        f.press(.char("2"), .char(":")); f.type("order \(customer)"); f.press(.enter)
        #expect(f.runtime.state.pane == .orders && f.runtime.state.orders.list.source == .matches(customer))
        #expect(f.runtime.state.orders.list.rows.table.rows.map(\.id.order) == theirs.map(\.id))
        #expect(f.screen.contains("Orders matching “\(customer)” · \(theirs.count) found"))
        f.press(.down, .enter)
        #expect(f.runtime.state.orders.detail?.id == theirs[1].id)
        f.press(.escape)
        #expect(f.runtime.state.orders.list.source == .matches(customer))
        f.press(.escape)
        #expect(f.runtime.state.pane == .activity)

        f.press(.char("F")); f.type("no such order"); f.press(.enter)
        #expect(f.screen.contains("No order matches “no such order”"))
        #expect(f.runtime.state.pane == .activity)
        // The typed text stays in the prompt, to correct.
        guard case .findOrder(let input) = f.runtime.state.mode else { Issue.record("the find prompt closed"); return }
        #expect(input.text == "no such order")
        #expect(f.screen.contains("Find order: no such order"))
    }

    @Test func findIgnoresCaseAndMatchesTheStartOfReferencesNumbersAndCustomers() throws {
        let f = try ConsoleFixture.withOrders(pane: .stock)
        defer { f.remove() }
        let orders = try f.read { try $0.orderSummaries(OrderFilter(), limit: 300) }
        let order = orders[41]
        // Any case, exact reference first.
        let lower = try f.read { try $0.findOrders(order.externalRef.lowercased(), limit: 100) }
        #expect(lower.first?.id == order.id)
        // The start of a reference: every order whose reference starts so, and only those.
        let stem = String(order.externalRef.dropLast(1))
        let byStem = try f.read { try $0.findOrders(stem.lowercased(), limit: 100) }.map(\.id)
        let expected = orders.filter { $0.externalRef.lowercased().hasPrefix(stem.lowercased()) }.map(\.id)
        #expect(Set(byStem) == Set(expected) && expected.count > 1)
        // The start of an order number: 4 finds 4 and 40-49 first, then 400-... (none here past 300).
        let byNumber = try f.read { try $0.findOrders("4", limit: 100) }.map(\.id)
        #expect(byNumber.prefix(11) == [4, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49])
        // The start of a customer, in any case.
        let customer = try #require(orders.first { $0.customer.count > 5 }?.customer)
        let byCustomer = try f.read { try $0.findOrders(String(customer.prefix(5)).lowercased(), limit: 300) }
        #expect(byCustomer.contains { $0.id == orders.first { $0.customer == customer }!.id })
        // Wildcards are taken literally.
        #expect(try f.read { try $0.findOrders("%", limit: 10) }.isEmpty)
        // Several matches give a list to pick from.
        f.press(.char("F")); f.type(stem.lowercased()); f.press(.enter)
        #expect(f.runtime.state.orders.list.source == .matches(stem.lowercased()))
        #expect(f.runtime.state.orders.list.rows.table.rows.count == expected.count)
    }

    @Test func anotherTerminalsChangeReachesTheOpenQueueAndOrder() throws {
        let f = try ConsoleFixture.withOrders()
        defer { f.remove() }
        f.open(.state(.released))
        let id = try #require(f.runtime.state.orders.list.rows.table.selectedRow?.id.order)
        let other = Operations(store: try LedgerStore(path: f.ops.store.path, create: false))
        _ = try other.hold(order: String(id), reason: .customer, note: "from elsewhere", by: ConsoleFixture.admin)
        f.runtime.pollForChanges()
        #expect(f.runtime.state.orders.list.rows.table.selectedRow?.cells[OrdersPane.listColumns(showingState: false).firstIndex { $0.title == "Hold" }!] == "customer")
        f.press(.enter)
        #expect(f.runtime.state.orders.detail?.data?.record.openHolds.count == 1 && f.screen.contains("ON HOLD"))
        _ = try other.releaseHolds(order: String(id), by: ConsoleFixture.admin)
        f.runtime.pollForChanges()
        #expect(f.runtime.state.orders.detail?.data?.record.openHolds.isEmpty == true && !f.screen.contains("ON HOLD"))
        // The queues were read again when shown.
        let count = try f.read { try $0.orderQueueCount(.hold(.customer)) }
        f.press(.escape, .escape)
        #expect(f.runtime.state.orders.queues.rows.first { $0.id == .hold(.customer) }?.cells[2] == String(count))
    }

    @Test func backordersGroupBySKUAndALineCanBeReallocatedOrCancelled() throws {
        let f = try ConsoleFixture.withOrders(pane: .backorders)
        defer { f.remove() }
        let groups = try f.read { try $0.backorderGroups(limit: 1_000) }
        #expect(f.runtime.state.backorders.groups.rows.map(\.id) == groups.map(\.sku))
        let group = groups[0]
        f.press(.enter)
        let lines = try f.read { try $0.backorderLines(sku: group.sku, limit: 1_000) }
        #expect(f.runtime.state.backorders.lines?.table.rows.map(\.id.order) == lines.map(\.orderID))
        #expect(f.screen.contains("\(group.sku) \(group.skuName) · \(lines.count) lines"))

        // Reallocating the line's order with no new stock reports what it did; the lines reload.
        f.press(.char("a"))
        #expect(f.screen.contains("Allocation ran for 1 order") || f.screen.contains("Nothing allocated"))
        let reread = try f.read { try $0.backorderLines(sku: group.sku, limit: 1_000) }
        #expect(f.runtime.state.backorders.lines?.table.rows.map(\.id.order) == reread.map(\.orderID))

        let line = reread[0]
        f.press(.home, .char("x"))
        guard case .pick(let picker) = f.runtime.state.mode else { Issue.record("no reason picker"); return }
        #expect(picker.options[picker.selected].title == "out of stock")
        f.press(.enter)
        #expect(f.dialogText?.hasPrefix("Cancel line \(line.lineNo) of order \(line.orderID)") == true)
        #expect(f.dialogText?.contains("\(line.quantity) backordered unit") == true)
        f.press(.char("y"))
        #expect(f.screen.contains("Order \(line.orderID) line \(line.lineNo) cancelled"))
        let after = try #require(try f.read { try $0.orderLines(line.orderID) }.first { $0.lineNo == line.lineNo })
        #expect(after.backordered == 0 && after.cancelled > 0)
        #expect(!(f.runtime.state.backorders.lines?.table.rows.contains { $0.id == BackorderLineID(order: line.orderID, line: line.lineNo) } ?? true))
        #expect(try f.ops.verify().isClean)

        // Enter on a line opens its order; Esc comes back here.
        f.press(.home, .enter)
        #expect(f.runtime.state.pane == .orders && f.runtime.state.orders.detail != nil)
        f.press(.escape)
        #expect(f.runtime.state.pane == .backorders && f.runtime.state.backorders.lines != nil)
        f.press(.escape)
        #expect(f.runtime.state.backorders.lines == nil)
    }

    @Test func reallocatingASKUAllocatesItsWaitingOrdersOnceStockArrives() throws {
        let f = try ConsoleFixture.withOrders(pane: .backorders)
        defer { f.remove() }
        let group = try #require(try f.read { r in try r.backorderGroups(limit: 50).first { try r.sku($0.sku)?.isKit == false } })
        f.select(sku: group.sku)
        let location = try #require(f.runtime.state.locations.first { $0.hasPrefix("WH") })
        try f.ops.adjust(sku: group.sku, location: location, status: .sellable, delta: group.quantity + 50,
                         reason: "found a pallet", by: ConsoleFixture.admin)
        f.runtime.pollForChanges()
        f.press(.char("a"))
        #expect(f.screen.contains("for \(group.sku)"))
        let left = try f.read { try $0.backorderLines(sku: group.sku, limit: 1_000) }
        #expect(left.reduce(0) { $0 + $1.quantity } < group.quantity)
        #expect(try f.ops.verify().isClean)
    }

    @Test func textFromOrdersCannotReachTheTerminalAsControlSequences() throws {
        let f = try ConsoleFixture.withOrders()
        defer { f.remove() }
        f.open(.state(.released))
        let id = try #require(f.runtime.state.orders.list.rows.table.selectedRow?.id.order)
        // Captures refuse control characters; a database written by another tool may hold them.
        try f.ops.store.write {
            try $0.db.execute(sql: "UPDATE sales_order SET customer = ?, external_ref = ? WHERE id = ?",
                              arguments: ["Evil\u{1B}]0;pwned\u{07}\u{1B}[31mRed", "R\u{9B}2J\u{202E}EF", id])
        }
        _ = try f.ops.hold(order: String(id), reason: .customer, note: "x", by: ConsoleFixture.admin)
        f.runtime.pollForChanges()
        for keys in [[Key](), [.enter]] {
            f.press(keys)
            let frame = f.backend.lastFrame
            var all = ""
            for y in 0..<frame.height { for x in 0..<frame.width { all += frame[x: x, y: y].text } }
            #expect(all.contains("EvilRed") && all.contains("REF"))
            #expect(!all.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) || $0.value == 0x202E })
        }
    }

    @Test func everyOrderViewClipsAtEverySize() throws {
        let f = try ConsoleFixture.withOrders()
        defer { f.remove() }
        // Queues, a list, an order, the reason picker, the cancel confirmation, backorders, a SKU's lines, find.
        let views: [[Key]] = [[], [.down, .enter], [.char(" "), .enter], [.char("h")], [.escape, .char("x"), .enter],
                              [.char("n"), .escape, .escape, .char("4")], [.enter], [.char("F")]]
        f.expectEveryViewClips(width: 100, height: 24, views.map { keys in ("\(keys)", { f.press(keys) }) })
    }
}

extension ConsoleFixture {
    func press(_ keys: [Key]) {
        backend.enqueue(keys)
        runtime.processPendingInput()
    }
}

extension ConsoleFixture {
    /// Moves the backorders pane's cursor onto `sku`.
    func select(sku: String) {
        press(.home)
        for _ in 0..<50 where runtime.state.backorders.groups.selectedID != sku { press(.down) }
    }
}
