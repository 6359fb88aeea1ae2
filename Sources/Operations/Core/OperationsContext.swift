import Foundation
import Domain
import Store

/// Who is acting, and in which role. Every command takes one.
public struct Actor: Hashable, Sendable {
    public var name: String
    public var role: Role
    public init(name: String, role: Role) { self.name = name; self.role = role }
}

/// A command was refused or failed; the message is one sentence for the person who ran it.
/// Nothing was changed.
public struct OperationError: Error, Sendable, CustomStringConvertible, Equatable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// The use cases. Every state change is: authorize role -> load -> apply the domain rule ->
/// persist -> audit, inside one short write transaction. The console and CLI both come here.
public final class Operations: Sendable {
    /// Package-wide (the CLI, the console and the tests reach it); code outside the package
    /// changes state only through these use cases.
    package let store: LedgerStore
    let clock: @Sendable () -> Date

    public init(store: LedgerStore, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.clock = clock
    }

    /// Folds the write-ahead log back into the database file (after bulk loads).
    public func checkpoint() throws(OperationError) {
        do { try store.checkpoint() } catch { throw OperationError.wrap(error) }
    }

    var now: String { Timestamp.string(clock()) }

    /// Runs `body` in one write transaction after checking the role, turning every failure
    /// into an OperationError. A throw anywhere rolls the whole transaction back.
    ///
    /// The role is read again inside the transaction, so a user demoted while their console is
    /// open loses the right at once, and the audit records the role they acted in. (An actor
    /// with no user record keeps the role it was resolved with: a viewer, from the CLI.)
    func perform<T>(_ command: Command, by actor: Actor,
                    _ body: (StoreTransaction, Actor) throws -> T) throws(OperationError) -> T {
        do {
            return try store.write { tx in
                let current = Actor(name: actor.name, role: try tx.user(actor.name)?.role ?? actor.role)
                try AccessPolicy.authorize(current.role, command, user: current.name)
                tx.recordEvent(command.rawValue, actor: current.name, at: now)
                return try body(tx, current)
            }
        } catch {
            throw OperationError.wrap(error)
        }
    }

    /// Free text typed with a command (a reason, a note, a carrier): no control characters and
    /// at most `maxLength` characters.
    static func refuseUnsafeText(_ text: String, what: String, maxLength: Int = TextRules.maxReason) throws(OperationError) {
        if let problem = TextRules.problem(text, "The \(what)", maxLength: maxLength) { throw OperationError(problem) }
    }

    /// A read snapshot with errors phrased for a person.
    public func read<T>(_ body: (StoreReader) throws -> T) throws(OperationError) -> T {
        do { return try store.read(body) } catch { throw OperationError.wrap(error) }
    }
}

extension OperationError {
    static func wrap(_ error: any Error) -> OperationError {
        switch error {
        case let e as OperationError: e
        case let e as DomainError: OperationError(e.message)
        case let e as StoreError: OperationError(e.message)
        default: OperationError(String(describing: error))
        }
    }
}

/// Stable JSON for audit before/after images: sorted keys, so equal values give equal text.
enum AuditJSON {
    /// A stock position, the image bulk writers give a position per receipt: written directly,
    /// exactly as the encoder below writes it, at a fraction of its cost.
    static func encode(_ p: StockPosition) -> String {
        #"{"damaged":\#(p.damaged),"quarantine":\#(p.quarantine),"reserved":\#(p.reserved),"returnPending":\#(p.returnPending),"sellable":\#(p.sellable)}"#
    }

    /// A purchase order's image, a receipt's with every position it changed: written directly
    /// like a position, since a receipt file writes one per order.
    static func encode(_ i: PurchaseOrderImage) -> String {
        var text = #"{"lines":\#(i.lines),"open":\#(i.open),"state":\#(string(i.state)),"#
        if let stock = i.stock {
            text += #""stock":["# + stock.map { c in
                #"{"after":\#(encode(c.after)),"before":\#(encode(c.before)),"location":\#(string(c.location)),"sku":\#(string(c.sku))}"#
            }.joined(separator: ",") + "],"
        }
        return text + #""value":\#(string(i.value))}"#
    }

    /// A JSON string as the encoder writes it (quotes, backslashes and control characters
    /// escaped; slashes not).
    static func string(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    static func encode<T: Encodable>(_ value: T?) -> String? {
        guard let value else { return nil }
        if let position = value as? StockPosition { return encode(position) }
        if let image = value as? PurchaseOrderImage { return encode(image) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(value)).flatMap { String(data: $0, encoding: .utf8) }
    }
}
