import Foundation

/// The status a unit of stock is in at a location. `inbound` is not a status: it is open
/// purchase-order and transfer quantity with an expected date (see `InboundSupply`).
public enum StockStatus: String, CaseIterable, Sendable, Codable, Comparable {
    case sellable, reserved, quarantine, damaged, returnPending

    /// Parses the CLI/CSV spelling, forgiving case and dashes ("return-pending").
    public init?(parsing text: String) {
        let key = text.lowercased().replacingOccurrences(of: "-", with: "").replacingOccurrences(of: "_", with: "")
        guard let match = StockStatus.allCases.first(where: { $0.rawValue.lowercased() == key }) else { return nil }
        self = match
    }

    public static func < (a: StockStatus, b: StockStatus) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }

    public static var spellings: String { allCases.map(\.rawValue).joined(separator: ", ") }
}
