import Domain

/// What is wrong with an order, in one sentence: it is rejected whole.
struct OrderProblem: Error {
    var reason: String
    init(_ reason: String) { self.reason = reason }
}

/// The order-level fields of our own channel formats (csv and json), with their names in each.
enum OrderField: Int, CaseIterable {
    case channel, orderRef, orderedAt, customer
    case shipName, shipLine1, shipCity, shipPostcode, shipCountry, shipRegion
    case serviceLevel, promiseDate, paymentStatus, fraudScore, currency, freight

    var csvName: String {
        switch self {
        case .channel: "channel"
        case .orderRef: "order_ref"
        case .orderedAt: "ordered_at"
        case .customer: "customer"
        case .shipName: "ship_name"
        case .shipLine1: "ship_line1"
        case .shipCity: "ship_city"
        case .shipPostcode: "ship_postcode"
        case .shipCountry: "ship_country"
        case .shipRegion: "ship_region"
        case .serviceLevel: "service_level"
        case .promiseDate: "promise_date"
        case .paymentStatus: "payment_status"
        case .fraudScore: "fraud_score"
        case .currency: "currency"
        case .freight: "freight"
        }
    }

    var jsonName: String {
        switch self {
        case .channel: "channel"
        case .orderRef: "orderRef"
        case .orderedAt: "orderedAt"
        case .customer: "customer"
        case .shipName: "shipTo.name"
        case .shipLine1: "shipTo.line1"
        case .shipCity: "shipTo.city"
        case .shipPostcode: "shipTo.postcode"
        case .shipCountry: "shipTo.country"
        case .shipRegion: "shipTo.region"
        case .serviceLevel: "serviceLevel"
        case .promiseDate: "promiseDate"
        case .paymentStatus: "paymentStatus"
        case .fraudScore: "fraudScore"
        case .currency: "currency"
        case .freight: "freight"
        }
    }

    func name(_ style: FieldStyle) -> String { style == .csv ? csvName : jsonName }
}

/// The fields of one order line.
enum LineField: Int, CaseIterable {
    case sku, description, quantity, unitPrice, discount, tax

    var csvName: String {
        switch self {
        case .sku: "sku"
        case .description: "description"
        case .quantity: "quantity"
        case .unitPrice: "unit_price"
        case .discount: "discount"
        case .tax: "tax"
        }
    }

    var jsonName: String {
        switch self {
        case .sku: "sku"
        case .description: "description"
        case .quantity: "quantity"
        case .unitPrice: "unitPrice"
        case .discount: "discount"
        case .tax: "tax"
        }
    }

    func name(_ style: FieldStyle) -> String { style == .csv ? csvName : jsonName }
}

/// Which format's field names go into messages.
enum FieldStyle { case csv, json }

/// The rules the csv and json formats share: defaults, types, the channel argument.
/// Values arrive as trimmed text, "" meaning absent.
struct ChannelOrderRules {
    let style: FieldStyle
    /// The channel given for the whole file, if any.
    let channel: String?
    /// Amounts rounded to pence so far.
    var roundedPrices = 0

    static let defaultCurrency = "GBP"

    /// The order's channel: the field when given (it must then match the file's channel,
    /// if one was given), else the file's channel.
    func channel(_ text: String) throws(OrderProblem) -> String {
        if text.isEmpty {
            guard let channel else { throw OrderProblem("\(OrderField.channel.name(style)) is required but empty (or give the channel for the whole file).") }
            return channel
        }
        if let channel, text != channel {
            throw OrderProblem("\(OrderField.channel.name(style)) \(RowContext.quote(text)) does not match the channel given for the file (\(channel)).")
        }
        return text
    }

    /// An order draft without lines from its fields (`value(field)` gives each field's text).
    mutating func header(_ value: (OrderField) -> String) throws(OrderProblem) -> OrderDraft {
        let channel = try channel(value(.channel))
        let ref = value(.orderRef)
        guard !ref.isEmpty else { throw OrderProblem("\(OrderField.orderRef.name(style)) is required but empty.") }
        let orderedAt = try dateTime(value(.orderedAt), .orderedAt)
        let serviceLevel: ServiceLevel
        let serviceText = value(.serviceLevel)
        if serviceText.isEmpty { serviceLevel = .standard } else if let level = ServiceLevel(parsing: serviceText) {
            serviceLevel = level
        } else {
            throw OrderProblem("\(OrderField.serviceLevel.name(style)) \(RowContext.quote(serviceText)) must be one of \(ServiceLevel.allCases.map(\.rawValue).joined(separator: ", ")).")
        }
        var promiseDate = value(.promiseDate)
        if promiseDate.isEmpty {
            promiseDate = OrderDate.adding(days: serviceLevel.promiseDays, to: String(orderedAt.prefix(10)))
        } else if !OrderDate.isDate(promiseDate) {
            throw OrderProblem("\(OrderField.promiseDate.name(style)) \(RowContext.quote(promiseDate)) is not a calendar date like 2024-03-05.")
        }
        let payment: PaymentStatus
        let paymentText = value(.paymentStatus)
        if paymentText.isEmpty { payment = .captured } else if let status = PaymentStatus(parsing: paymentText) {
            payment = status
        } else {
            throw OrderProblem("\(OrderField.paymentStatus.name(style)) \(RowContext.quote(paymentText)) must be one of \(PaymentStatus.allCases.map(\.rawValue).joined(separator: ", ")).")
        }
        let fraudText = value(.fraudScore)
        var fraudScore = 0
        if !fraudText.isEmpty {
            guard let score = Int(fraudText) else {
                throw OrderProblem("\(OrderField.fraudScore.name(style)) \(RowContext.quote(fraudText)) is not a whole number.")
            }
            fraudScore = score
        }
        let currencyText = value(.currency)
        let currency = currencyText.isEmpty ? Self.defaultCurrency : currencyText.uppercased()
        let freight = try amount(value(.freight), OrderField.freight.name(style)) ?? 0
        let shipTo = Address(name: value(.shipName), line1: value(.shipLine1), city: value(.shipCity),
                             postcode: value(.shipPostcode), country: value(.shipCountry), region: value(.shipRegion))
        return OrderDraft(channel: channel, externalRef: ref, kind: .sale, customer: value(.customer), shipTo: shipTo,
                          serviceLevel: serviceLevel, promiseDate: promiseDate, paymentStatus: payment,
                          fraudScore: fraudScore, currency: currency, freight: freight, orderedAt: orderedAt, lines: [])
    }

    /// One order line (`value(field)` gives each field's text).
    mutating func line(_ value: (LineField) -> String) throws(OrderProblem) -> OrderLineDraft {
        let sku = value(.sku)
        guard !sku.isEmpty else { throw OrderProblem("\(LineField.sku.name(style)) is required but empty.") }
        let quantityText = value(.quantity)
        guard !quantityText.isEmpty else { throw OrderProblem("\(LineField.quantity.name(style)) is required but empty.") }
        guard let quantity = Int(quantityText) else {
            throw OrderProblem("\(LineField.quantity.name(style)) \(RowContext.quote(quantityText)) is not a whole number.")
        }
        guard let price = try amount(value(.unitPrice), LineField.unitPrice.name(style)) else {
            throw OrderProblem("\(LineField.unitPrice.name(style)) is required but empty.")
        }
        // Validation multiplies these; a value past Int64 must be refused here, not trap there.
        guard !Int64(quantity).multipliedReportingOverflow(by: price).overflow else {
            throw OrderProblem("\(LineField.quantity.name(style)) \(quantity) times \(LineField.unitPrice.name(style)) \(RowContext.quote(value(.unitPrice))) is too large an amount.")
        }
        let discount = try amount(value(.discount), LineField.discount.name(style)) ?? 0
        // No tax is not zero tax: validation holds the order until someone supplies it.
        let tax = try amount(value(.tax), LineField.tax.name(style))
        return OrderLineDraft(sku: sku, description: value(.description), quantity: quantity, unitPrice: price,
                              discount: discount, tax: tax)
    }

    /// "yyyy-mm-dd hh:mm:ss"; an ISO 8601 "T" between date and time is accepted too.
    func dateTime(_ text: String, _ field: OrderField) throws(OrderProblem) -> String {
        guard !text.isEmpty else { throw OrderProblem("\(field.name(style)) is required but empty.") }
        var value = text
        if value.utf8.count == 19, Array(value.utf8)[10] == UInt8(ascii: "T") {
            value = String(value.prefix(10)) + " " + String(value.suffix(8))
        }
        guard OrderDate.isDateTime(value) else {
            throw OrderProblem("\(field.name(style)) \(RowContext.quote(text)) is not a date and time like 2024-03-01 14:05:00.")
        }
        return value
    }

    /// Minor units, rounded to pence; nil when empty.
    mutating func amount(_ text: String, _ name: String) throws(OrderProblem) -> Int64? {
        guard !text.isEmpty else { return nil }
        guard let (minor, rounded) = OrderAmount.parse(text) else {
            throw OrderProblem("\(name) \(RowContext.quote(text)) is not an amount like 12.50.")
        }
        if rounded { roundedPrices += 1 }
        return minor
    }
}
