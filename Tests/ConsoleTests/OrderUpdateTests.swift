import Testing
import Foundation
import Domain
import Store
import Operations
import TerminalKit
@testable import Console

/// The orders pane's update on its own: no database, effects inspected rather than run.
@Suite struct OrderUpdateTests {
    /// A console showing a queue of three orders (10, 20, 30), the cursor on the first.
    func listState(pane: Pane = .orders) -> ConsoleState {
        ListStates.orders(pane: pane)
    }

    @discardableResult
    func press(_ keys: Key..., in state: inout ConsoleState) -> [ConsoleEffect] {
        keys.flatMap { ConsoleUpdate.update(&state, .input(.key($0))) }
    }

    func type(_ text: String, in state: inout ConsoleState) {
        for c in text { _ = ConsoleUpdate.update(&state, .input(.key(.char(c)))) }
    }

    @Test func orderKeysOnTheQueuesSayWhereTheyWork() {
        var state = ConsoleState(width: 100, height: 24, user: "sam", role: .supervisor, databasePath: "t", locations: [])
        state.pane = .orders
        for key in ["h", "r", "x"] {
            state.flash = nil
            #expect(ConsoleUpdate.update(&state, .input(.key(.char(Character(key))))) == [])
            #expect(state.flash?.text == "Open a queue first (Enter), then choose its orders")
        }
        // On the queues, a allocates every waiting order: a policy first, then a dry run.
        #expect(ConsoleUpdate.update(&state, .input(.key(.char("a")))) == [])
        guard case .pick(let picker) = state.mode else { Issue.record("no policy picker"); return }
        #expect(picker.title == "Allocate every waiting order: which policy? (a dry run first)")
        #expect(picker.options.map(\.title) == AllocationPolicy.allCases.map(\.rawValue))
        #expect(ConsoleUpdate.update(&state, .input(.key(.enter))) == [.planAllocation(orders: nil, policy: .fastest)])
    }

    @Test func aCommandSaysItIsUnderWayUntilItsResultArrives() {
        var state = listState()
        let effects = ConsoleUpdate.update(&state, .input(.key(.char("a"))))
        #expect(effects.isEmpty)                                 // a policy is chosen first
        #expect(ConsoleUpdate.update(&state, .input(.key(.enter))) == [.planAllocation(orders: [10], policy: .fastest)])
        var summary = AllocationSummary(policy: .fastest, dryRun: true)
        summary.orders = 1; summary.allocated = 1; summary.unitsAllocated = 3; summary.shipments = 1
        _ = ConsoleUpdate.update(&state, .allocationPlanned(orders: [10], policy: .fastest, summary))
        #expect(ConsoleUpdate.update(&state, .input(.key(.char("y")))) == [.run(.allocate(orders: [10], policy: .fastest))])
        #expect(state.flash?.text == "Allocating order 10 (fastest)…")
    }

    @Test func spaceMarksTheCursorsOrderAndStepsOn() {
        var state = listState()
        press(.char(" "), in: &state)
        #expect(state.orders.list.marked == [10])
        #expect(state.orders.list.rows.table.selectedID?.order == 20)
        press(.char(" "), in: &state)
        #expect(state.orders.list.marked == [10, 20])
        press(.up, .up, .char(" "), in: &state)     // again on 10: unmarked
        #expect(state.orders.list.marked == [20])
        press(.char("u"), in: &state)
        #expect(state.orders.list.marked.isEmpty)
    }

    @Test func actionsApplyToTheMarkedOrdersElseToTheCursorsOrder() {
        var state = listState()
        press(.down, in: &state)
        #expect(press(.char("r"), in: &state) == [.prepareOrderAction(.release(queueReason: nil), orders: [20])])
        #expect(press(.char("a"), .enter, in: &state) == [.planAllocation(orders: [20], policy: .fastest)])
        press(.char(" "), .down, .char(" "), in: &state)     // marks 20 and 30 (order of marking does not matter)
        #expect(state.orders.list.marked == [20, 30])
        #expect(press(.char("x"), in: &state) == [.prepareOrderAction(.cancel(line: nil, suggested: .customerRequest), orders: [20, 30])])
        #expect(press(.char("a"), .down, .enter, in: &state) == [.planAllocation(orders: [20, 30], policy: .cheapest)])
        // In an order's detail the action is for that order, whatever is marked in the list.
        press(.home, .enter, in: &state)
        #expect(state.orders.detail?.id == 10)
        #expect(press(.char("r"), in: &state) == [.prepareOrderAction(.release(queueReason: nil), orders: [10])])
    }

    @Test func holdAsksForAReasonAndANoteFirst() throws {
        var state = listState()
        press(.char(" "), .char(" "), in: &state)           // 10 and 20 marked
        #expect(press(.char("h"), in: &state).isEmpty)
        guard case .pick(let picker) = state.mode else { Issue.record("no reason picker"); return }
        #expect(picker.options.map(\.title) == HoldReason.allCases.map(\.title))
        #expect(picker.title == "Hold 2 orders: why?")
        press(.down, .down, .down, in: &state)                 // customer, address, payment, fraud
        type("call the bank", in: &state)
        #expect(press(.enter, in: &state) == [.run(.hold(orders: [10, 20], reason: .fraud, note: "call the bank"))])
        #expect(state.mode.isNormal)
        // Esc in the picker changes nothing.
        press(.char("h"), in: &state)
        #expect(press(.escape, in: &state).isEmpty)
        #expect(state.mode.isNormal && state.flash?.text == "Cancelled; nothing changed")
    }

    @Test func holdReasonsTheRoleMayNotUseAreSaidSoButStillOffered() {
        let picker = ReasonPicker.hold([1], role: .customerService)
        let fraud = picker.options[HoldReason.allCases.firstIndex(of: .fraud)!]
        #expect(fraud.muted && fraud.detail == "owner supervisor · not for customer service")
        #expect(!picker.options[0].muted)
    }

    @Test func cancelReadsTheOrdersAsksWhyThenConfirmsWhatWillHappenAndOnlyYRuns() {
        var state = listState()
        #expect(press(.char("x"), in: &state) == [.prepareOrderAction(.cancel(line: nil, suggested: .customerRequest), orders: [10])])
        let records = [Records.order(10, state: .allocated, allocations: [("WH-UK-S", 7)])]
        _ = ConsoleUpdate.update(&state, .orderActionPrepared(.cancel(line: nil, suggested: .customerRequest), orders: [10], records: records))
        guard case .pick(let picker) = state.mode else { Issue.record("no reason picker"); return }
        #expect(picker.options[picker.selected].title == "customer request")
        #expect(press(.down, .enter, in: &state).isEmpty)       // out of stock: nothing runs before the answer
        guard case .confirm(let dialog, let command) = state.mode else { Issue.record("no confirmation"); return }
        let request = CancelRequest(orders: [10], line: nil, reason: .outOfStock, note: "")
        #expect(dialog.title == "Cancel order")
        #expect(dialog.message.joined(separator: " ")
                == "Cancel order 10 (web W-10)? 7 reserved units at WH-UK-S go back to sellable. Reason: out of stock")
        #expect(command == .cancel(request))
        #expect(press(.enter, in: &state).isEmpty)           // a stray Enter is no answer
        #expect(press(.char("n"), in: &state).isEmpty)
        #expect(state.mode.isNormal)
        press(.char("x"), in: &state)
        _ = ConsoleUpdate.update(&state, .orderActionPrepared(.cancel(line: nil, suggested: .customerRequest), orders: [10], records: records))
        press(.down, .enter, in: &state)
        #expect(press(.char("y"), in: &state) == [.run(.cancel(request))])
    }

    @Test func cancellingAnOrderAlreadyCancelledSaysSoWithoutAskingAnything() {
        var state = listState()
        press(.char("x"), in: &state)
        _ = ConsoleUpdate.update(&state, .orderActionPrepared(.cancel(line: nil, suggested: .customerRequest), orders: [10],
                                                              records: [Records.order(10, state: .cancelled)]))
        #expect(state.mode.isNormal)
        #expect(state.flash?.text == "Order 10 is already cancelled: there is nothing to cancel.")
        #expect(state.flash?.kind == .error)
        // Several: each state counted.
        _ = ConsoleUpdate.update(&state, .orderActionPrepared(.cancel(line: nil, suggested: .customerRequest), orders: [10, 20, 30],
                                                              records: [Records.order(10, state: .cancelled), Records.order(20, state: .shipped),
                                                                        Records.order(30, state: .cancelled)]))
        #expect(state.mode.isNormal)
        #expect(state.flash?.text == "None of the 3 orders can be cancelled: 1 shipped, 2 already cancelled.")
    }

    @Test func aConfirmationArrivingAfterTheUserMovedOnIsDropped() {
        var state = listState()
        press(.char("?"), in: &state)
        _ = ConsoleUpdate.update(&state, .orderActionPrepared(.cancel(line: nil, suggested: .other), orders: [10],
                                                              records: [Records.order(10, state: .allocated)]))
        guard case .help = state.mode else { Issue.record("the help overlay was replaced"); return }
    }

    @Test func escGoesBackOneStepAndToThePaneAFindCameFrom() {
        var state = listState()
        press(.char(" "), .home, .enter, in: &state)
        #expect(state.orders.detail?.id == 10)
        press(.escape, in: &state)
        #expect(state.orders.detail == nil && state.orders.list.source == .queue(.state(.released)))
        #expect(state.orders.list.marked == [10])          // marks survive a look at one order
        press(.escape, in: &state)
        #expect(state.orders.list.source == nil && state.orders.list.marked.isEmpty)
        #expect(KeyMap.context(state) == .orderQueues)

        // An order opened from the backorders pane goes back there.
        var other = listState(pane: .backorders)
        _ = ConsoleUpdate.openOrder(30, returnPane: .backorders, &other)
        #expect(other.pane == .orders && other.orders.detail?.id == 30)
        press(.escape, in: &other)
        #expect(other.pane == .backorders && other.orders.detail == nil)
        #expect(other.orders.list.source == .queue(.state(.released)))   // the list underneath is untouched
    }

    @Test func findIsOneKeyFromAnywhereAndAPromptCommand() {
        var state = listState(pane: .stock)
        press(.char("F"), in: &state)
        guard case .findOrder = state.mode else { Issue.record("no find input"); return }
        type(" W-100041 ", in: &state)
        #expect(press(.enter, in: &state) == [.findOrders("W-100041", refresh: false)])
        press(.char("F"), in: &state)
        #expect(press(.escape, in: &state).isEmpty && state.mode.isNormal)
        press(.char(":"), in: &state)
        type("order CUST-12", in: &state)
        #expect(press(.enter, in: &state) == [.findOrders("CUST-12", refresh: false)])
        #expect(PromptCommand.parse("order") == .failure(PromptError(":order needs an order number, external reference or customer")))
    }

    @Test func severalRefusalsAreListedAndTheListReloads() {
        var state = listState()
        press(.char(" "), .char(" "), in: &state)
        let report = ActionReport(summary: "1 held, 2 refused: #10 no (+1 more, listed)",
                                  refusals: [.init(order: 10, reason: "no"), .init(order: 20, reason: "not that either")])
        let effects = ConsoleUpdate.update(&state, .actionFinished(report))
        #expect(state.flash?.kind == .error && state.flash?.text == report.summary)
        guard case .report(let overlay) = state.mode else { Issue.record("refusals not listed"); return }
        #expect(overlay.sections[0].entries.map(\.key) == ["#10", "#20"])
        #expect(state.orders.list.marked.isEmpty)
        #expect(effects.contains { if case .loadOrderPage? = $0.ordersEffect { true } else { false } })
        #expect(effects.contains { if case .countOrders? = $0.ordersEffect { true } else { false } })
        press(.escape, in: &state)
        #expect(state.mode.isNormal)
    }

    @Test func everyBindingIsReachableInItsContextAndTheHintsFollowTheRole() {
        let contexts: [(KeyContext, [KeyBinding])] = [(.orderQueues, KeyMap.orderQueues), (.orderList, KeyMap.orderList),
                                                       (.orderDetail, KeyMap.orderDetail), (.backorderGroups, KeyMap.backorderGroups),
                                                       (.backorderLines, KeyMap.backorderLines), (.stock, KeyMap.stock)]
        for (context, own) in contexts {
            for binding in own {
                for key in binding.keys { #expect(KeyMap.action(for: key, in: context) == binding.action, "\(key) in \(context)") }
            }
            // Global keys work everywhere a pane does not bind them itself (Esc: "back" either way).
            for binding in KeyMap.global {
                for key in binding.keys where !own.contains(where: { $0.keys.contains(key) }) {
                    #expect(KeyMap.action(for: key, in: context) == binding.action, "\(key) in \(context)")
                }
            }
        }
        #expect(KeyMap.hints(for: .stock, pane: .stock, role: .supervisor).map(\.label) == ["filter", "open", "location", "status", "move", "release", "sort", "quit", "help", "command", "pane"])
        #expect(KeyMap.hints(for: .stock, pane: .stock, role: .viewer).map(\.label) == ["filter", "open", "location", "status", "sort", "quit", "help", "command", "pane"])
        #expect(KeyMap.hints(for: .orderList, pane: .orders, role: .supervisor).map(\.label).prefix(9) == ["open", "filter", "sort", "mark", "hold", "release", "cancel", "allocate", "back"])
        #expect(KeyMap.hints(for: .orderQueues, pane: .orders, role: .supervisor).map(\.label).contains("find order"))
    }

    @Test func batchResultsAreWordedWithEveryRefusal() {
        var result = OrderBatchResult()
        result.done = [1, 2]
        result.refused = [(3, "cora (customerService) may not place a fraud hold; it needs supervisor or admin.")]
        #expect(OrderWords.report("held", result).summary
                == "2 held, 1 refused: cora (customerService) may not place a fraud hold; it needs supervisor or admin.")
        result.refused.append((4, "Order 4 is shipped: only orders not yet shipped can be held."))
        let two = OrderWords.report("held", result)
        #expect(two.summary == "2 held, 2 refused: #3 cora (customerService) may not place a fraud hold; it needs supervisor or admin. (+1 more, listed)")
        #expect(two.refusals.map(\.order) == [3, 4] && two.isBad)
        var one = OrderBatchResult()
        one.done = [42]
        #expect(OrderWords.report("released", one) == ActionReport(summary: "Order 42 released", refusals: []))
        var nothing = AllocationSummary(policy: .fastest, dryRun: false)
        nothing.skipped = [7, 9]
        #expect(OrderWords.allocated(nothing).summary == "Nothing allocated: orders 7, 9 not waiting for stock or on hold, skipped")
        nothing.orders = 1; nothing.allocated = 1; nothing.unitsAllocated = 3; nothing.skipped = [9]
        #expect(OrderWords.allocated(nothing).summary
                == "Allocation ran for 1 order: 1 allocated, 0 partly, 0 backordered, 3 units reserved, order 9 not waiting for stock or on hold, skipped")
    }

    @Test func wrappingNeverSplitsATimestamp() {
        let text = "  fraud review (owner supervisor): validation: fraud score 92 is at or over 70 · placed 2026-11-18 11:06 by ada · OPEN"
        for width in 13...120 {
            let lines = OrdersPane.wrap(text, to: width)
            #expect(lines.allSatisfy { DisplayWidth.of($0) <= width }, "width \(width): \(lines)")
            #expect(!lines.joined().contains("\u{00A0}"))
            // Where a timestamp fits on a continuation line, it is never split (narrower, it is cut).
            if width >= 22 {
                #expect(lines.flatMap { $0.split(separator: " ") } == text.split(separator: " "), "width \(width): \(lines)")
                #expect(lines.contains { $0.contains("2026-11-18 11:06") })
            }
        }
    }

    @Test func agesReadInDaysHoursAndMinutes() {
        #expect(Age.text(since: "2026-11-28T09:58:54Z", now: "2026-12-01T14:08:54Z") == "3d 4h")
        #expect(Age.text(since: "2026-11-28 09:58:00", now: "2026-11-28T15:10:00Z") == "5h 12m")
        #expect(Age.text(since: "2026-11-28T09:58:00Z", now: "2026-11-28T10:38:59Z") == "40m")
        #expect(Age.text(since: "2026-12-01T00:00:00Z", now: "2026-11-28T00:00:00Z") == "0m")   // clocks disagree: never negative
        #expect(Age.text(since: nil, now: "2026-11-28T00:00:00Z") == "-")
        #expect(Age.text(since: "soon", now: "2026-11-28T00:00:00Z") == "-")
        #expect(Age.seconds("1970-01-02") == 86_400)
        #expect(Age.seconds("2000-03-01T00:00:00Z") == 951_868_800)
    }

    /// The pager reads the requested rows by whichever route, over a listing of 0..<n.
    @Test(arguments: [0, 1, 7, 100])
    func pagesAreTheRowsAskedForWhicheverWayTheyAreRead(n: Int) throws {
        let all = Array(0..<n)
        func read(_ after: Int?, _ descending: Bool, _ offset: Int, _ limit: Int) -> [Int] {
            let rest = descending ? all.reversed().filter { after == nil || $0 < after! } : all.filter { after == nil || $0 > after! }
            return Array(rest.dropFirst(offset).prefix(limit))
        }
        for lower in stride(from: 0, through: n + 3, by: 3) {
            for count in [1, 5, 20] {
                let range = lower..<(lower + count)
                let expected = Array(all[min(lower, n)..<min(lower + count, n)])
                for anchorIndex in [nil, 0, n / 2, max(0, n - 1)] as [Int?] {
                    let anchor = anchorIndex.flatMap { $0 < n ? PageAnchor(index: $0, key: all[$0]) : nil }
                    for total in [nil, n] as [Int?] {
                        let query = PageRequest(requestID: 0, generation: 0, range: range, anchor: anchor, knownTotal: total)
                        let page = PageReader.read(query, read)
                        #expect(page.rows == expected, "range \(range) anchor \(String(describing: anchorIndex)) total \(String(describing: total))")
                        if total != nil || (expected.count < count && (!expected.isEmpty || lower == 0)) {
                            #expect(page.total == n)
                        }
                    }
                }
            }
        }
    }
}

extension InputMode {
    var isNormal: Bool { if case .normal = self { true } else { false } }
}

@Suite struct MailboxTests {
    @Test func anIdenticalReadWaitingToRunIsNotQueuedTwice() {
        let mailbox = Mailbox()
        #expect(mailbox.queue(.backorders(.loadGroups(limit: 10))))
        #expect(!mailbox.queue(.backorders(.loadGroups(limit: 10))))
        #expect(mailbox.queue(.backorders(.loadGroups(limit: 20))))          // a different read
        mailbox.started(.backorders(.loadGroups(limit: 10)))
        #expect(mailbox.queue(.backorders(.loadGroups(limit: 10))))          // started: the next one runs again
        #expect(!ConsoleEffect.run(.release(ReleaseRequest(orders: [1], reason: .fraud, note: "ok"))).coalesces) // changes always run
        #expect(!ConsoleEffect.findOrders("x", refresh: false).coalesces)
    }
}
