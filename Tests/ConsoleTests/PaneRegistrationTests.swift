import Testing
import Domain
import TerminalKit
@testable import Console

/// What follows from a pane's registration (`Panes.registered`): its key, its label on the
/// title line, its help, `--pane`, the role's home pane, and a state of its own.
@Suite struct PaneRegistrationTests {
    @Test func eachRegisteredPaneGetsItsKeyLabelHelpAndName() {
        var state = ConsoleState(width: 160, height: 30, user: "sam", role: .admin, databasePath: "/tmp/x.db", locations: [])
        let titleLine = ConsoleView.render(state).lines()[0]
        let help = KeyMap.helpSections(role: .admin).map(\.title)
        for (index, pane) in Panes.registered.enumerated() {
            // 1–9, then 0 for the tenth.
            let key = index == 9 ? "0" : String(index + 1)
            #expect(KeyMap.action(for: .char(Character(key)), in: KeyMap.context(state)) == .pane(index))
            #expect(titleLine.contains("\(key) \(pane.title)"))
            #expect(Pane(name: pane.name.uppercased()) == pane)
            for view in pane.controller.views { #expect(help.contains(view.help)) }
            _ = ConsoleUpdate.perform(.pane(index), &state)
            #expect(state.pane == pane && Panes.current(state) == pane.controller)
        }
        _ = ConsoleUpdate.perform(.nextPane, &state)
        #expect(state.pane == Panes.registered[0])   // Tab wraps round the registration
        #expect(Pane(name: "no-such-pane") == nil)
    }

    @Test func aRoleOpensOnThePaneThatNamesItsWork() {
        #expect(Pane.home(for: .customerService) == .orders)
        #expect(Pane.home(for: .supervisor) == .orders)
        #expect(Pane.home(for: .planner) == .backorders)
        #expect(Pane.home(for: .viewer) == Pane.first)
    }

    @Test func eachPaneKeepsItsOwnStateStartingFromItsInitialOne() {
        var state = ConsoleState(width: 100, height: 30, user: "sam", role: .admin, databasePath: "/tmp/x.db", locations: [])
        #expect(state.activity.filter.isEmpty && state.stock.filter.text.isEmpty)
        state.activity.filter = "alloc"
        state.stock.filter.text = "mug"
        state.orders.list.marked = [7]
        #expect(state.activity.filter == "alloc" && state.stock.filter.text == "mug" && state.orders.list.marked == [7])
        let copy = state
        state.stock.filter.text = "cup"
        #expect(copy.stock.filter.text == "mug")   // the console state stays a value
    }
}
