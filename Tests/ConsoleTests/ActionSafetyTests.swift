import Testing
import Foundation
import Domain
import Store
import Operations
import TerminalKit
@testable import Console

/// Operator safety in the update alone: rights checked before any question, releases that
/// name exactly which holds go, marks that follow the data, quitting that asks first.
@Suite struct ActionSafetyTests {
    func listState(_ source: OrderListSource = .queue(.state(.released)), role: Role = .supervisor,
                   ids: [Int64] = [10, 20, 30]) -> ConsoleState {
        ListStates.orders(source, ids: ids, role: role, locations: ["WH-UK-S"])
    }

    @discardableResult
    func press(_ keys: Key..., in state: inout ConsoleState) -> [ConsoleEffect] {
        keys.flatMap { ConsoleUpdate.update(&state, .input(.key($0))) }
    }

    func type(_ text: String, in state: inout ConsoleState) {
        for c in text { _ = ConsoleUpdate.update(&state, .input(.key(.char(c)))) }
    }

    // MARK: Rights before the workflow

    @Test func aViewerPressingHoldIsRefusedAtOnceInPlainWords() {
        var state = listState(role: .viewer)
        state.user = "vic"
        #expect(press(.char("h"), in: &state).isEmpty)
        #expect(state.mode.isNormal)                       // no reason picker was opened
        #expect(state.flash?.text == "A viewer may not place holds (vic is a viewer; a supervisor, a customer-service agent, a finance user or an admin may).")
        for key in ["r", "x", "a"] {
            #expect(press(.char(Character(key)), in: &state).isEmpty, "\(key)")
            #expect(state.mode.isNormal && state.flash?.kind == .error)
        }
        // Even on the queues, where the keys only say where they work.
        var queues = ConsoleState(width: 100, height: 24, user: "vic", role: .viewer, databasePath: "t", locations: [])
        queues.pane = .orders
        press(.char("h"), in: &queues)
        #expect(queues.flash?.text.hasPrefix("A viewer may not place holds") == true)
    }

    @Test func theHintBarLeavesOutWhatTheRoleMayNotDo() {
        let viewer = KeyMap.hints(for: .orderList, pane: .orders, role: .viewer).map(\.label)
        #expect(!viewer.contains("hold") && !viewer.contains("release") && !viewer.contains("cancel") && !viewer.contains("allocate"))
        #expect(viewer.contains("open") && viewer.contains("mark"))
        let planner = KeyMap.hints(for: .orderList, pane: .orders, role: .planner).map(\.label)
        #expect(planner.contains("allocate") && !planner.contains("hold") && !planner.contains("cancel"))
        let service = KeyMap.hints(for: .backorderLines, pane: .backorders, role: .customerService).map(\.label)
        #expect(service.contains("cancel line") && !service.contains("reallocate"))
        // Help still lists every key, saying which are not for this role.
        let help = KeyMap.helpSections(role: .viewer).flatMap(\.entries)
        #expect(help.contains { $0.key == "h" && $0.description.hasSuffix("(not for a viewer)") })
    }

    @Test func refusalsByRoleReadAsPlainWordsEverywhere() {
        #expect(AccessPolicy.refusal(.customerService, .allocateOrders, user: "cora")
                == "A customer-service agent may not allocate orders (cora is a customer-service agent; a supervisor, a planner or an admin may).")
        #expect(AccessPolicy.refusal(.admin, .allocateOrders, user: "ada") == nil)
        #expect(throws: DomainError("A customer-service agent may not release a fraud hold (cora is a customer-service agent; a supervisor or an admin may).")) {
            try HoldReason.fraud.authorize(.customerService, user: "cora", verb: "release")
        }
        for command in Command.allCases { #expect(!command.action.contains(".")) }
    }

    @Test func adjustAtThePromptIsCheckedBeforeTheDialog() {
        var state = listState()
        state.pane = .stock
        state.mode = .prompt(TextInput(":"))
        // An unknown location: refused at once.
        state.mode = .normal
        #expect(ConsoleUpdate.runPrompt("adjust QM10001 NOWHERE sellable -2 count", &state).isEmpty)
        #expect(state.mode.isNormal && state.flash?.text == "Unknown location NOWHERE")
        // A known one: planned first (Operations checks the balance), no dialog yet.
        let command = StockChange.adjust(sku: "QM10001", location: "WH-UK-S", status: .sellable, delta: -2, reason: "count")
        #expect(ConsoleUpdate.runPrompt("adjust QM10001 WH-UK-S sellable -2 count", &state) == [.planStockChange(command)])
        #expect(state.mode.isNormal)
        // A refused plan arrives as a failure: said, and no dialog.
        _ = ConsoleUpdate.update(&state, .failed("Not enough sellable QM10001 at WH-UK-S: 1 there, 2 asked."))
        #expect(state.mode.isNormal && state.flash?.kind == .error)
        // A plan that passes: the dialog names the balance before and after.
        var before = StockPosition(); before[.sellable] = 5
        var after = StockPosition(); after[.sellable] = 3
        _ = ConsoleUpdate.update(&state, .stockChangePlanned(command, [PlannedPosition(sku: "QM10001", location: "WH-UK-S",
                                                                                        before: before, after: after)]))
        guard case .confirm(let dialog, let confirmed) = state.mode else { Issue.record("no dialog"); return }
        #expect(dialog.message == ["Remove 2 sellable QM10001 at WH-UK-S:", "WH-UK-S: sellable 5 → 3", "Reason: count"])
        #expect(confirmed == .stock(command))
        // A viewer never gets that far.
        var viewer = listState(role: .viewer)
        viewer.user = "vic"
        #expect(ConsoleUpdate.runPrompt("adjust QM10001 WH-UK-S sellable -2 count", &viewer).isEmpty)
        #expect(viewer.flash?.text.hasPrefix("A viewer may not adjust stock") == true)
    }

    // MARK: Release

    @Test func releaseInAHoldQueueTakesTheQueuesHoldAndNamesTheOthersThatStay() {
        var state = listState(.queue(.hold(.fraud)))
        press(.char("A"), in: &state)                         // (mark-all asks the store; mark by hand here)
        state.orders.list.marked = [10, 20, 30]
        #expect(press(.char("r"), in: &state) == [.prepareOrderAction(.release(queueReason: .fraud), orders: [10, 20, 30])])
        let records = [Records.order(10, state: .validated, holds: [.fraud]),
                       Records.order(20, state: .validated, holds: [.fraud, .payment]),
                       Records.order(30, state: .validated, holds: [.fraud])]
        _ = ConsoleUpdate.update(&state, .orderActionPrepared(.release(queueReason: .fraud), orders: [10, 20, 30], records: records))
        // Fraud needs a note: the picker asks for one, with only the fraud hold on offer.
        guard case .pick(let picker) = state.mode else { Issue.record("no note asked"); return }
        #expect(picker.options.map(\.title) == ["fraud review"])
        #expect(press(.enter, in: &state).isEmpty)            // no note: refused, the picker stays
        guard case .pick = state.mode else { Issue.record("the picker closed without a note"); return }
        #expect(state.flash?.text == "Fraud review: type a note saying why, then Enter")
        type("checked with the bank", in: &state)
        #expect(press(.enter, in: &state).isEmpty)            // nothing runs before the confirmation
        guard case .confirm(let dialog, let command) = state.mode else { Issue.record("no confirmation"); return }
        #expect(command == .release(ReleaseRequest(orders: [10, 20, 30], reason: .fraud, note: "checked with the bank")))
        #expect(dialog.message.joined(separator: " ") == "Release the fraud review hold on 3 orders: 10, 20, 30. "
                + "Order 20 stays on its payment pending (finance) hold. No hold left on 2 orders: 10, 30. Note: checked with the bank")
        #expect(press(.char("y"), in: &state) == [.run(command)])
    }

    @Test func releaseOfAnOrderWithSeveralHoldsAsksWhichAndOneWithOneDoesNot() {
        var state = listState()
        press(.enter, in: &state)                              // order 10's detail
        #expect(press(.char("r"), in: &state) == [.prepareOrderAction(.release(queueReason: nil), orders: [10])])
        _ = ConsoleUpdate.update(&state, .orderActionPrepared(.release(queueReason: nil), orders: [10],
                                                              records: [Records.order(10, state: .validated, holds: [.customer, .payment])]))
        guard case .pick(let picker) = state.mode else { Issue.record("no choice of hold"); return }
        #expect(picker.options.map(\.title) == ["customer request", "payment pending"])
        press(.enter, in: &state)
        guard case .confirm(let dialog, let command) = state.mode else { Issue.record("no confirmation"); return }
        #expect(command == .release(ReleaseRequest(orders: [10], reason: .customer, note: "")))
        #expect(dialog.message.joined(separator: " ")
                == "Release the customer request hold on order 10 (web W-10). Order 10 stays on its payment pending (finance) hold.")
        press(.char("n"), in: &state)
        // One hold, no note needed: straight to the confirmation.
        press(.char("r"), in: &state)
        _ = ConsoleUpdate.update(&state, .orderActionPrepared(.release(queueReason: nil), orders: [10],
                                                              records: [Records.order(10, state: .validated, holds: [.address])]))
        guard case .confirm(_, let only) = state.mode else { Issue.record("no confirmation"); return }
        #expect(only == .release(ReleaseRequest(orders: [10], reason: .address, note: "")))
    }

    @Test func releaseIsRefusedBeforeAnyQuestionWhenNothingOrNothingOfTheRolesIsHeld() {
        var state = listState(role: .customerService)
        state.user = "cora"
        press(.char("r"), in: &state)
        _ = ConsoleUpdate.update(&state, .orderActionPrepared(.release(queueReason: nil), orders: [10],
                                                              records: [Records.order(10, state: .released)]))
        #expect(state.mode.isNormal && state.flash?.text == "Order 10 is not on hold: nothing to release.")
        press(.char("r"), in: &state)
        _ = ConsoleUpdate.update(&state, .orderActionPrepared(.release(queueReason: nil), orders: [10],
                                                              records: [Records.order(10, state: .validated, holds: [.fraud])]))
        #expect(state.mode.isNormal)
        #expect(state.flash?.text == "A customer-service agent may not release a fraud hold (cora is a customer-service agent; a supervisor or an admin may).")
    }

    // MARK: Marks

    @Test func markAllAndRangeMarkingAskTheQueueAndMarksFollowTheData() {
        var state = listState()
        let generation = state.orders.list.rows.generation
        #expect(press(.char("A"), in: &state)
                == [.markOrders(generation: generation, queue: .state(.released), text: "", from: nil, through: nil, newestFirst: false,
                               limit: ConsoleUpdate.markLimit)])
        _ = ConsoleUpdate.update(&state, .ordersToMark(generation: generation, [10, 20, 30], whole: true, total: 12_345))
        #expect(state.orders.list.marked == [10, 20, 30])
        #expect(state.flash?.text == "Marked the first 3 of 12,345 orders (at most 10,000 at once)")
        #expect(OrdersPane.headerLine(state).contains("3 marked"))
        // An order leaves the queue elsewhere: it is unmarked, and the count follows.
        _ = ConsoleUpdate.update(&state, .marksChecked(generation: generation, stillIn: [10, 30]))
        #expect(state.orders.list.marked == [10, 30])
        #expect(state.flash?.text == "Order 20 left the queue and is no longer marked")
        #expect(OrdersPane.headerLine(state).contains("2 marked"))
        // A stale answer (another listing since) changes nothing.
        state.orders.list.show(.queue(.state(.allocated)), returnPane: nil)
        _ = ConsoleUpdate.update(&state, .marksChecked(generation: generation, stillIn: []))
        #expect(state.orders.list.marked.isEmpty)
    }

    @Test func rangeMarkingMarksFromTheLastSpaceThroughTheCursor() {
        var state = listState(ids: [10, 20, 30, 40, 50])
        press(.char("V"), in: &state)
        #expect(state.orders.list.marked.isEmpty && state.flash?.text.hasPrefix("Mark the first order with Space") == true)
        press(.down, .char(" "), in: &state)                 // marks 20, cursor on 30
        press(.down, .down, .char("V"), in: &state)           // cursor on 50
        #expect(state.orders.list.marked == [20, 30, 40, 50])
        // Backwards too.
        press(.char("u"), .home, .char(" "), in: &state)      // anchor 10
        press(.char("V"), in: &state)                         // cursor on 20 after Space stepped on
        #expect(state.orders.list.marked == [10, 20])
    }

    @Test func aRefreshedQueueChecksItsMarks() {
        var state = listState()
        state.orders.list.marked = [20]
        state.orders.list.stale = true
        let effects = ConsoleUpdate.refreshVisibleOrders(&state)
        #expect(effects.contains(.checkMarks(generation: state.orders.list.rows.generation, queue: .state(.released), orders: [20])))
    }

    @Test func eachRoleHasAHomePane() {
        #expect(Pane.home(for: .customerService) == .orders && Pane.home(for: .supervisor) == .orders)
        #expect(Pane.home(for: .planner) == .backorders)
        #expect(Pane.home(for: .finance) == .finance)
        #expect(Pane.home(for: .admin) == .stock && Pane.home(for: .viewer) == .stock)
    }

    // MARK: Quitting

    @Test func quittingWithMarksOrAnOpenQuestionAsksFirst() {
        var state = listState()
        #expect(press(.char(" "), .char("q"), in: &state).isEmpty)
        guard case .confirmQuit(let dialog, _) = state.mode else { Issue.record("quit without asking"); return }
        #expect(dialog.message == ["1 order is marked; the marks are lost."])
        #expect(press(.char("n"), in: &state).isEmpty && state.mode.isNormal && !state.quitRequested)
        // With a question open, q asks too, and n goes back to the question.
        state.mode = .confirm(ConfirmDialog(title: "Cancel order", message: ["?"]), .allocate(orders: [10], policy: .fastest))
        press(.char("q"), in: &state)
        guard case .confirmQuit(let second, _) = state.mode else { Issue.record("quit without asking"); return }
        #expect(second.message.last == "“Cancel order” is not answered; nothing of it is done.")
        press(.escape, in: &state)
        guard case .confirm = state.mode else { Issue.record("the question was lost"); return }
        press(.char("q"), in: &state)
        #expect(press(.char("y"), in: &state) == [.quit] && state.quitRequested)
        // Nothing unfinished: q quits at once.
        var clean = listState()
        #expect(press(.char("q"), in: &clean) == [.quit])
    }
}

/// The `:` prompt completes with Tab and remembers with ↑/↓.
@Suite struct PromptTests {
    @Test func tabCompletesCommandsLocationsAndStatuses() {
        #expect(PromptCompletion.complete("adj", locations: []) == .init(line: "adjust ", candidates: ["adjust"]))
        #expect(PromptCompletion.complete("loc WH", locations: ["WH-UK-N", "WH-UK-S", "3PL-EU"])
                == .init(line: "loc WH-UK-", candidates: ["WH-UK-N", "WH-UK-S"]))
        #expect(PromptCompletion.complete("adjust QM1 3p", locations: ["WH-UK-N", "3PL-EU"]).line == "adjust QM1 3PL-EU ")
        #expect(PromptCompletion.complete("adjust QM1 3PL-EU q", locations: ["3PL-EU"]).line == "adjust QM1 3PL-EU quarantine ")
        #expect(PromptCompletion.complete("status re", locations: []).candidates == ["reserved", "returnPending"])
        #expect(PromptCompletion.complete("frob", locations: []).candidates.isEmpty)
    }

    @Test func historyWalksBackAndForthThroughWhatRan() {
        var state = ConsoleState(width: 100, height: 24, user: "sam", role: .supervisor, databasePath: "t", locations: ["WH-UK-S"])
        func press(_ keys: Key...) { for k in keys { _ = ConsoleUpdate.update(&state, .input(.key(k))) } }
        func type(_ text: String) { for c in text { _ = ConsoleUpdate.update(&state, .input(.key(.char(c)))) } }
        for line in ["loc WH-UK-S", "status damaged"] { press(.char(":")); type(line); press(.enter) }
        press(.char(":"), .up)
        guard case .prompt(let newest) = state.mode else { Issue.record("no prompt"); return }
        #expect(newest.text == "status damaged")
        press(.up)
        guard case .prompt(let older) = state.mode else { Issue.record("no prompt"); return }
        #expect(older.text == "loc WH-UK-S")
        press(.down, .down)
        guard case .prompt(let fresh) = state.mode else { Issue.record("no prompt"); return }
        #expect(fresh.text.isEmpty)
        // Tab with several candidates lists them below the prompt.
        type("loc "); press(.tab)
        #expect(state.flash?.text == "all  WH-UK-S")
        type("W"); press(.tab)
        guard case .prompt(let completed) = state.mode else { Issue.record("no prompt"); return }
        #expect(completed.text == "loc WH-UK-S ")
    }
}
