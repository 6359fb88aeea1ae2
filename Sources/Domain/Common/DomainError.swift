/// A rule refused a request. The message is one sentence naming the input at fault.
public struct DomainError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
