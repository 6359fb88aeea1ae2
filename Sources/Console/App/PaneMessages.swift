import TerminalKit

/// Work a pane asks for: run off the UI thread against the database (`perform`), its answer
/// coming back as one of the pane's events. A pane declares its own (an enum in its folder)
/// and wraps them in `ConsoleEffect.pane`, so the app's effect list does not grow with panes.
public protocol PaneEffect: Sendable, Equatable {
    func perform(_ services: ConsoleServices) throws -> ConsoleEvent?
    /// A read whose answer depends only on when it runs: one already waiting answers for an
    /// identical second (`ConsoleEffect.coalesces`).
    var coalesces: Bool { get }
    /// A read that can take seconds: it runs on its own queue (`ConsoleEffect.isSlowRead`).
    var isSlowRead: Bool { get }
    /// A change the pane makes itself (through Operations, as `ConsoleCommand`s do): what the
    /// message line says while it runs. nil for reads.
    var progress: String? { get }
}

extension PaneEffect {
    public var coalesces: Bool { false }
    public var isSlowRead: Bool { false }
    public var progress: String? { nil }
    func isEqual(_ other: any PaneEffect) -> Bool { (other as? Self) == self }
}

/// What came back for a pane: it applies itself to the console state (the pane's update).
public protocol PaneEvent: Sendable, Equatable {
    func apply(_ state: inout ConsoleState) -> [ConsoleEffect]
}

extension PaneEvent {
    func isEqual(_ other: any PaneEvent) -> Bool { (other as? Self) == self }
}

/// A pane's effect inside `ConsoleEffect`.
public struct AnyPaneEffect: Sendable, Equatable {
    public let base: any PaneEffect
    public init(_ base: some PaneEffect) { self.base = base }
    public static func == (a: AnyPaneEffect, b: AnyPaneEffect) -> Bool { a.base.isEqual(b.base) }
}

/// A pane's event inside `ConsoleEvent`.
public struct AnyPaneEvent: Sendable, Equatable {
    public let base: any PaneEvent
    public init(_ base: some PaneEvent) { self.base = base }
    public static func == (a: AnyPaneEvent, b: AnyPaneEvent) -> Bool { a.base.isEqual(b.base) }
}
