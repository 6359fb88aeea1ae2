import Foundation
import Synchronization
import Domain
import Operations
import TerminalKit

/// Runs the loop: read a key (or a finished effect), update, draw. All terminal calls stay
/// on the calling thread; database work runs on a background queue and comes back as events.
public final class ConsoleRuntime {
    public private(set) var state: ConsoleState
    let backend: TerminalBackend
    let services: ConsoleServices
    /// Tests run effects inline so every key press ends in a settled frame.
    let runsEffectsInline: Bool
    let work = DispatchQueue(label: "qm.console.effects")
    let slowWork = DispatchQueue(label: "qm.console.slow-reads")
    let mailbox = Mailbox()
    var lastPoll = ContinuousClock.now
    var lastTick = ContinuousClock.now

    public init(backend: TerminalBackend, services: ConsoleServices, state: ConsoleState, runsEffectsInline: Bool = false) {
        self.backend = backend; self.services = services; self.state = state
        self.runsEffectsInline = runsEffectsInline
        let size = backend.size
        self.state.width = size.width; self.state.height = size.height
    }

    /// Until quit (or until `stopWhen` holds after a frame): the real terminal's loop.
    public func run(stopWhen: (ConsoleState) -> Bool = { _ in false }) {
        start()
        while !state.quitRequested && !stopWhen(state) {
            var changed = false
            if let event = backend.readEvent(timeoutMilliseconds: mailbox.isBusy ? 5 : 50) {
                dispatch(.input(event)); changed = true
            }
            changed = drainInbox() || changed
            changed = housekeeping() || changed
            if changed { backend.present(ConsoleView.render(state)) }
        }
    }

    /// First load and first frame.
    public func start() {
        state.lastAuditID = services.lastAuditID() ?? 0
        dispatchEffects(ConsoleUpdate.initialEffects(&state))
        _ = drainInbox()
        backend.present(ConsoleView.render(state))
    }

    /// Feeds one event through update and starts its effects. Public for test pilots.
    public func dispatch(_ event: ConsoleEvent) {
        dispatchEffects(ConsoleUpdate.update(&state, event))
    }

    /// Processes every queued input (tests), presenting a frame after each.
    public func processPendingInput() {
        while let event = backend.readEvent(timeoutMilliseconds: 0) {
            dispatch(.input(event))
            _ = drainInbox()
            backend.present(ConsoleView.render(state))
        }
    }

    /// Checks for another process's changes now (tests; the loop does this every second).
    public func pollForChanges() {
        if let id = services.lastAuditID() { dispatch(.databaseChanged(lastAuditID: id)) }
        _ = drainInbox()
        backend.present(ConsoleView.render(state))
    }

    func dispatchEffects(_ effects: [ConsoleEffect]) {
        for effect in effects {
            if case .quit = effect { continue }
            if runsEffectsInline {
                if let event = services.perform(effect) { dispatch(event) }
                continue
            }
            // The same read already waiting will answer for this one too (the backorder groups
            // of a million orders take seconds; a change every second must not queue one each).
            if effect.coalesces, !mailbox.queue(effect) { continue }
            let services = self.services
            mailbox.begin()
            mailbox.currentStockGeneration = state.stock.generation
            (effect.isSlowRead ? slowWork : work).async { [mailbox] in
                if effect.coalesces { mailbox.started(effect) }
                // Typing a filter queues a load per key; only the newest filter's are worth running.
                if let g = effect.stockGeneration, g < mailbox.currentStockGeneration { mailbox.finish(nil); return }
                mailbox.finish(services.perform(effect))
            }
        }
    }

    /// Feeds finished effects back through update. Returns whether anything arrived.
    func drainInbox() -> Bool {
        if runsEffectsInline { return false }
        var any = false
        while true {
            let events = mailbox.take()
            if events.isEmpty { return any }
            any = true
            for event in events { dispatch(event) }
        }
    }

    /// Ticks for flash expiry; a cheap poll of the audit log to notice other terminals' changes.
    func housekeeping() -> Bool {
        let now = ContinuousClock.now
        var changed = false
        if now - lastTick >= .milliseconds(250) {
            lastTick = now
            let hadFlash = state.flash != nil
            dispatch(.tick)
            changed = hadFlash != (state.flash != nil)
        }
        if now - lastPoll >= .seconds(1) {
            lastPoll = now
            let services = self.services
            mailbox.begin()
            work.async { [mailbox] in mailbox.finish(services.lastAuditID().map { .databaseChanged(lastAuditID: $0) }) }
        }
        return changed
    }
}

/// Where background effects leave their results for the UI thread.
final class Mailbox: Sendable {
    private let state = Mutex<(events: [ConsoleEvent], running: Int)>(([], 0))
    private let generation = Mutex(0)
    /// Coalescing reads queued and not yet started.
    private let waiting = Mutex<[ConsoleEffect]>([])

    /// Notes a read as waiting to run; false when an identical one already waits.
    func queue(_ effect: ConsoleEffect) -> Bool {
        waiting.withLock { list in
            if list.contains(effect) { return false }
            list.append(effect)
            return true
        }
    }

    /// The read has started: a new request for it must run again (the data may change meanwhile).
    func started(_ effect: ConsoleEffect) {
        waiting.withLock { list in
            if let i = list.firstIndex(of: effect) { list.remove(at: i) }
        }
    }

    var currentStockGeneration: Int {
        get { generation.withLock { $0 } }
        set { generation.withLock { $0 = newValue } }
    }

    func begin() { state.withLock { $0.running += 1 } }

    func finish(_ event: ConsoleEvent?) {
        state.withLock {
            if let event { $0.events.append(event) }
            $0.running -= 1
        }
    }

    func take() -> [ConsoleEvent] {
        state.withLock { box in defer { box.events.removeAll() }; return box.events }
    }

    /// Work is running or waiting to be taken: poll the keyboard briefly.
    var isBusy: Bool { state.withLock { $0.running > 0 || !$0.events.isEmpty } }
}
