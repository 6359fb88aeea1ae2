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
        // Read by byte: spaces and tabs trimmed here, anything else at the ends (a no-break
        // space) by Foundation.
        let trimmed: String
        if let first = text.utf8.first, let last = text.utf8.last, first >= 0x80 || last >= 0x80 {
            trimmed = text.trimmingCharacters(in: .whitespaces)
        } else {
            trimmed = text
        }
        let utf8 = trimmed.utf8
        var start = utf8.startIndex, end = utf8.endIndex
        while start < end, utf8[start] == 0x20 || utf8[start] == 0x09 { start = utf8.index(after: start) }
        while end > start, utf8[utf8.index(before: end)] == 0x20 || utf8[utf8.index(before: end)] == 0x09 { end = utf8.index(before: end) }
        var negative = false
        if start < end, utf8[start] == UInt8(ascii: "-") || utf8[start] == UInt8(ascii: "+") {
            negative = utf8[start] == UInt8(ascii: "-")
            start = utf8.index(after: start)
        }
        var whole: Int64 = 0, wholeDigits = 0
        var fraction: Int64 = 0, fractionDigits = 0
        var inFraction = false, roundUp = false
        for b in utf8[start..<end] {
            if b == UInt8(ascii: ".") {
                guard !inFraction else { return nil }
                inFraction = true
                continue
            }
            guard b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") else { return nil }
            let digit = Int64(b - UInt8(ascii: "0"))
            if !inFraction {
                wholeDigits += 1
                guard wholeDigits <= 15 else { return nil }
                whole = whole * 10 + digit
            } else {
                fractionDigits += 1
                if fractionDigits <= decimals { fraction = fraction * 10 + digit } else if fractionDigits == decimals + 1 { roundUp = digit >= 5 }
            }
        }
        guard wholeDigits > 0 || fractionDigits > 0 else { return nil }
        var value = whole
        for _ in 0..<decimals { value *= 10 }
        var scale: Int64 = 1
        for _ in 0..<max(0, decimals - fractionDigits) { scale *= 10 }
        value += fraction * scale + (roundUp ? 1 : 0)
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

/// Decimal text to a scaled integer, without floating point.
public enum FixedPoint: Equatable, Sendable {
    case value(Int64)
    case tooPrecise
    case invalid

    /// "95.5" with 1 decimal -> 955. More decimals than allowed is `.tooPrecise`, not rounded.
    public static func parse(_ text: String, decimals: Int) -> FixedPoint {
        let utf8 = text.utf8
        if let dot = utf8.firstIndex(of: UInt8(ascii: ".")) {
            let fraction = utf8[utf8.index(after: dot)...]
            if fraction.count > decimals && fraction.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) { return .tooPrecise }
        }
        guard let value = Money.parseMinorUnits(text, decimals: decimals) else { return .invalid }
        return .value(value)
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
