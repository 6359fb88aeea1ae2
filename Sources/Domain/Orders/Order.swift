/// Where an order goes. `region` is the service region fulfilment nodes quote transit
/// days and shipping cost for (see Location.regions).
public struct Address: Hashable, Sendable, Codable {
    public var name: String
    public var line1: String
    public var city: String
    public var postcode: String
    public var country: String
    public var region: String

    public init(name: String = "", line1: String = "", city: String = "", postcode: String = "",
                country: String = "", region: String = "") {
        self.name = name; self.line1 = line1; self.city = city; self.postcode = postcode
        self.country = country; self.region = region
    }

    /// What is missing for a carrier to deliver, in words (empty when complete). An order
    /// for a customer account that gives no street ships to the account's address on file,
    /// so only the region is needed; a guest order, or one naming a street, needs it all.
    public func missingParts(customer: String) -> [String] {
        var missing: [String] = []
        if !customer.isEmpty && line1.isEmpty && city.isEmpty && postcode.isEmpty {
            return region.isEmpty ? ["region"] : []
        }
        if name.isEmpty { missing.append("name") }
        if line1.isEmpty { missing.append("street") }
        if city.isEmpty { missing.append("city") }
        if postcode.isEmpty { missing.append("postcode") }
        if country.isEmpty { missing.append("country") }
        if region.isEmpty { missing.append("region") }
        return missing
    }
}

/// One ordered line: a SKU (or kit) at a price. Money is in minor units of the order's currency.
public struct OrderLineDraft: Hashable, Sendable, Codable {
    public var sku: String
    public var description: String
    public var quantity: Int
    public var unitPrice: Int64
    public var discount: Int64
    /// nil when the channel sent no tax: validation holds the order.
    public var tax: Int64?

    public init(sku: String, description: String = "", quantity: Int, unitPrice: Int64, discount: Int64 = 0, tax: Int64? = 0) {
        self.sku = sku; self.description = description; self.quantity = quantity
        self.unitPrice = unitPrice; self.discount = discount; self.tax = tax
    }

    public var net: Int64 { Int64(quantity) * unitPrice - discount }
}

/// A non-product charge on an order: postage, a bank fee, a manual discount, a voucher.
public struct OrderCharge: Hashable, Sendable, Codable {
    public var code: String
    public var description: String
    /// Signed: discounts and refunds are negative.
    public var amount: Int64
    public init(code: String, description: String, amount: Int64) {
        self.code = code; self.description = description; self.amount = amount
    }
}

/// An order as a channel sends it, before we store it: the one model for web, marketplace,
/// B2B portal, EDI and phone orders.
public struct OrderDraft: Hashable, Sendable, Codable {
    public var channel: String
    public var externalRef: String
    public var kind: OrderKind
    /// Customer account; empty for a guest order.
    public var customer: String
    public var shipTo: Address
    public var serviceLevel: ServiceLevel
    /// yyyy-mm-dd; derived from the order date and service level when the channel gives none.
    public var promiseDate: String
    public var paymentStatus: PaymentStatus
    /// 0-100 from the channel's fraud screen.
    public var fraudScore: Int
    public var currency: String
    public var freight: Int64
    /// "yyyy-mm-dd hh:mm:ss" as the channel stamped it.
    public var orderedAt: String
    public var lines: [OrderLineDraft]
    public var charges: [OrderCharge]
    /// The earlier order a return refers to, when known.
    public var refersTo: String?

    public init(channel: String, externalRef: String, kind: OrderKind = .sale, customer: String = "",
                shipTo: Address = Address(), serviceLevel: ServiceLevel = .standard, promiseDate: String = "",
                paymentStatus: PaymentStatus = .captured, fraudScore: Int = 0, currency: String = "GBP",
                freight: Int64 = 0, orderedAt: String, lines: [OrderLineDraft], charges: [OrderCharge] = [],
                refersTo: String? = nil) {
        self.channel = channel; self.externalRef = externalRef; self.kind = kind; self.customer = customer
        self.shipTo = shipTo; self.serviceLevel = serviceLevel; self.promiseDate = promiseDate
        self.paymentStatus = paymentStatus; self.fraudScore = fraudScore; self.currency = currency
        self.freight = freight; self.orderedAt = orderedAt; self.lines = lines; self.charges = charges
        self.refersTo = refersTo
    }

    public static let maxLines = 10_000
    /// Per line, in minor units: with at most 10,000 lines, order totals never overflow.
    public static let maxLineValue: Int64 = 100_000_000_000_000

    /// Structural rules: a draft breaking one is rejected (not held), naming what is wrong.
    public func validate() throws(DomainError) {
        let name = "Order \(channel)/\(externalRef)"
        guard !channel.isEmpty, channel.count <= 40, !TextRules.hasControlCharacters(channel) else {
            throw DomainError("Order \(externalRef): channel must be 1-40 characters without control characters.")
        }
        guard !externalRef.isEmpty, externalRef.count <= TextRules.maxReference, !TextRules.hasControlCharacters(externalRef) else {
            throw DomainError("An order on \(channel) needs an external reference of 1-\(TextRules.maxReference) characters without control characters.")
        }
        guard Currency.isValid(currency) else { throw DomainError("\(name): currency '\(currency)' is not a three-letter ISO code.") }
        guard OrderDate.isDateTime(orderedAt) else {
            throw DomainError("\(name): order date '\(orderedAt)' is not a calendar date and time yyyy-mm-dd hh:mm:ss.")
        }
        guard promiseDate.isEmpty || OrderDate.isDate(promiseDate) else {
            throw DomainError("\(name): promise date '\(promiseDate)' is not a calendar date yyyy-mm-dd.")
        }
        guard promiseDate.isEmpty || promiseDate >= String(orderedAt.prefix(10)) else {
            throw DomainError("\(name): promise date \(promiseDate) is before the order date \(orderedAt.prefix(10)).")
        }
        guard (0...100).contains(fraudScore) else { throw DomainError("\(name): fraud score must be 0-100, got \(fraudScore).") }
        guard freight >= 0, freight <= Self.maxLineValue else { throw DomainError("\(name): freight must be between 0 and \(Self.maxLineValue) minor units.") }
        for charge in charges where charge.amount.magnitude > UInt64(Self.maxLineValue) {
            throw DomainError("\(name): charge \(charge.code) is larger than an order may carry.")
        }
        if let problem = CustomerID.problem(customer, channel: channel) { throw DomainError("\(name): \(problem)") }
        for (text, what) in [(customer, "the customer"), (shipTo.name, "the ship-to name"), (shipTo.line1, "the address line"),
                             (shipTo.city, "the city"), (shipTo.postcode, "the postcode"), (shipTo.country, "the country"),
                             (shipTo.region, "the region")] {
            if let problem = TextRules.problem(text, what, maxLength: TextRules.maxName) { throw DomainError("\(name): \(problem)") }
        }
        guard !lines.isEmpty || !charges.isEmpty else { throw DomainError("\(name) has no lines.") }
        guard lines.count <= Self.maxLines else { throw DomainError("\(name) has \(lines.count) lines; at most \(Self.maxLines).") }
        for (i, line) in lines.enumerated() {
            let where_ = "\(name) line \(i + 1) (\(line.sku))"
            guard SKU.isValidCode(line.sku) else { throw DomainError("\(name) line \(i + 1): '\(line.sku)' is not a valid SKU code.") }
            guard line.quantity > 0, line.quantity <= StockMove.maxQuantity else {
                throw DomainError("\(where_): quantity must be 1-\(StockMove.maxQuantity), got \(line.quantity).")
            }
            guard line.unitPrice >= 0 else { throw DomainError("\(where_): unit price cannot be negative.") }
            let (value, overflow) = Int64(line.quantity).multipliedReportingOverflow(by: line.unitPrice)
            guard !overflow, value <= Self.maxLineValue, (line.tax ?? 0) <= Self.maxLineValue else {
                throw DomainError("\(where_): the line is worth more than one order line may carry.")
            }
            guard line.discount >= 0, line.discount <= value else {
                throw DomainError("\(where_): discount must be between 0 and the line value.")
            }
            guard (line.tax ?? 0) >= 0 else { throw DomainError("\(where_): tax cannot be negative.") }
            if let problem = TextRules.problem(line.description, "the description", maxLength: TextRules.maxReason) {
                throw DomainError("\(where_): \(problem)")
            }
        }
    }

    public var goodsValue: Int64 { lines.reduce(0) { $0 + $1.net } }
    public var taxValue: Int64 { lines.reduce(0) { $0 + ($1.tax ?? 0) } }
    public var chargesValue: Int64 { charges.reduce(0) { $0 + $1.amount } }
    public var total: Int64 { goodsValue + taxValue + chargesValue + freight }
}

/// The holds validation places on a captured sale, each with the reason shown to the person
/// who owns it. An order with none is released straight away.
public struct ValidationRules: Sendable {
    /// Fraud scores at or above this are held for a supervisor.
    public var fraudThreshold: Int
    public init(fraudThreshold: Int = 70) { self.fraudThreshold = fraudThreshold }

    public func holds(for draft: OrderDraft) -> [(reason: HoldReason, note: String)] {
        guard draft.kind == .sale else { return [] }
        var holds: [(HoldReason, String)] = []
        let missing = draft.shipTo.missingParts(customer: draft.customer)
        if !missing.isEmpty { holds.append((.address, "ship-to lacks " + missing.joined(separator: ", "))) }
        if !draft.paymentStatus.clears { holds.append((.payment, "payment is \(draft.paymentStatus.rawValue)")) }
        if draft.fraudScore >= fraudThreshold {
            holds.append((.fraud, "fraud score \(draft.fraudScore) is at or over \(fraudThreshold)"))
        }
        let untaxed = draft.lines.enumerated().filter { $0.element.tax == nil }.map { String($0.offset + 1) }
        if !untaxed.isEmpty { holds.append((.tax, "no tax on line " + untaxed.joined(separator: ", "))) }
        return holds
    }
}

/// Dates as the store keeps them: text that sorts in time order.
public enum OrderDate {
    /// yyyy-mm-dd naming a real calendar day (2024-02-29 yes, 2023-02-29 and 2024-04-31 no).
    public static func isDate(_ s: String) -> Bool {
        let u = Array(s.utf8)
        guard u.count == 10, u[4] == UInt8(ascii: "-"), u[7] == UInt8(ascii: "-") else { return false }
        let digits = [0, 1, 2, 3, 5, 6, 8, 9]
        guard digits.allSatisfy({ (48...57).contains(u[$0]) }) else { return false }
        func num(_ r: Range<Int>) -> Int { r.reduce(0) { $0 * 10 + Int(u[$1] - 48) } }
        let (year, month, day) = (num(0..<4), num(5..<7), num(8..<10))
        guard (1...12).contains(month) else { return false }
        return (1...daysIn(month: month, year: year)).contains(day)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// yyyy-mm-dd hh:mm:ss, a real day and a real time of it (00:00:00 to 23:59:59).
    public static func isDateTime(_ s: String) -> Bool {
        let u = Array(s.utf8)
        guard u.count == 19, isDate(String(decoding: u[0..<10], as: UTF8.self)), u[10] == UInt8(ascii: " "),
              u[13] == UInt8(ascii: ":"), u[16] == UInt8(ascii: ":") else { return false }
        guard [11, 12, 14, 15, 17, 18].allSatisfy({ (48...57).contains(u[$0]) }) else { return false }
        func num(_ i: Int) -> Int { Int(u[i] - 48) * 10 + Int(u[i + 1] - 48) }
        return num(11) <= 23 && num(14) <= 59 && num(17) <= 59
    }

    /// Adds whole days to a yyyy-mm-dd date (proleptic Gregorian, no time zones involved).
    public static func adding(days: Int, to date: String) -> String {
        let u = Array(date.utf8)
        func num(_ r: Range<Int>) -> Int { r.reduce(0) { $0 * 10 + Int(u[$1] - 48) } }
        let serial = dayNumber(year: num(0..<4), month: num(5..<7), day: num(8..<10)) + days
        let (y, m, d) = civil(serial)
        return "\(y)-\(m < 10 ? "0" : "")\(m)-\(d < 10 ? "0" : "")\(d)"
    }

    /// Days between two yyyy-mm-dd dates (b - a).
    public static func days(from a: String, to b: String) -> Int {
        func serial(_ s: String) -> Int {
            let u = Array(s.utf8)
            func num(_ r: Range<Int>) -> Int { r.reduce(0) { $0 * 10 + Int(u[$1] - 48) } }
            return dayNumber(year: num(0..<4), month: num(5..<7), day: num(8..<10))
        }
        return serial(b) - serial(a)
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days-from-civil;
    /// `civil` is its inverse).
    public static func dayNumber(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    static func civil(_ z0: Int) -> (Int, Int, Int) {
        let z = z0 + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp + (mp < 10 ? 3 : -9)
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}

/// What a customer id looks like on each channel. Empty is a guest everywhere. The
/// online-retail export numbers its customers with five digits; other channels send account
/// codes or e-mail addresses: up to 60 letters, digits and - _ . @ / +, no spaces.
public enum CustomerID {
    public static func problem(_ id: String, channel: String) -> String? {
        guard !id.isEmpty else { return nil }
        if channel == "online-retail" {
            guard id.count == 5, id.allSatisfy({ $0.isASCII && $0.isNumber }) else {
                return "customer '\(id)' is not an online-retail customer number (five digits, e.g. 17850)."
            }
            return nil
        }
        let allowed = Set("-_.@/+")
        guard id.count <= 60, id.allSatisfy({ ($0.isLetter || $0.isNumber || allowed.contains($0)) && !$0.isWhitespace }) else {
            return "customer '\(id)' must be 1-60 letters, digits, '-', '_', '.', '@', '/' or '+' (no spaces)."
        }
        return nil
    }
}

