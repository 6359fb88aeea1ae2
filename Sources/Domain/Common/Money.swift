import Foundation

/// An amount in integer minor units (pence, cents) of a named currency. Never Double.
public struct Money: Hashable, Sendable, Codable, CustomStringConvertible {
    public var minorUnits: Int64
    public var currency: String

    public init(minorUnits: Int64, currency: String) {
        self.minorUnits = minorUnits
        self.currency = currency
    }

    /// Parses "12.34", "12.3", "12", "-0.5" into minor units with `decimals` places,
    /// rounding half away from zero past that (the retail export has 3-decimal prices).
    public static func parseMinorUnits(_ text: String, decimals: Int = 2) -> Int64? {
        var s = Substring(text.trimmingCharacters(in: .whitespaces))
        guard !s.isEmpty else { return nil }
        var negative = false
        if s.first == "-" { negative = true; s = s.dropFirst() } else if s.first == "+" { s = s.dropFirst() }
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, let whole = parts.first, whole.allSatisfy(\.isASCIIDigit) else { return nil }
        let fraction = parts.count == 2 ? parts[1] : ""
        guard fraction.allSatisfy(\.isASCIIDigit), !(whole.isEmpty && fraction.isEmpty) else { return nil }
        guard whole.count <= 15 else { return nil }
        var value = Int64(whole.isEmpty ? "0" : String(whole))!
        var digits = Array(fraction)
        for _ in 0..<decimals {
            value = value * 10 + (digits.isEmpty ? 0 : Int64(digits.removeFirst().wholeNumberValue!))
        }
        if let next = digits.first?.wholeNumberValue, next >= 5 { value += 1 }
        return negative ? -value : value
    }

    /// "12.34 GBP"
    public var description: String { "\(Money.format(minorUnits)) \(currency)" }

    public static func format(_ minor: Int64, decimals: Int = 2) -> String {
        let negative = minor < 0
        let magnitude = minor.magnitude
        var scale: UInt64 = 1
        for _ in 0..<decimals { scale *= 10 }
        let whole = magnitude / scale
        var fraction = String(magnitude % scale)
        while fraction.count < decimals { fraction = "0" + fraction }
        return (negative ? "-" : "") + String(whole) + (decimals > 0 ? "." + fraction : "")
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
