import Foundation

/// The status a unit of stock is in at a location. `inbound` is not a status: it is open
/// purchase-order and transfer quantity with an expected date (see `InboundSupply`).
public enum StockStatus: String, CaseIterable, Sendable, Codable, Comparable {
    case sellable, reserved, quarantine, damaged, returnPending

    /// Parses the CLI/CSV spelling, forgiving case and dashes ("return-pending").
    public init?(parsing text: String) {
        guard let match = Spelling.match(text, in: StockStatus.self) else { return nil }
        self = match
    }

    public static func < (a: StockStatus, b: StockStatus) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }

    public static var spellings: String { allCases.map(\.rawValue).joined(separator: ", ") }

    /// As files spell it: return-pending rather than returnPending.
    public var spelling: String { self == .returnPending ? "return-pending" : rawValue }
}
