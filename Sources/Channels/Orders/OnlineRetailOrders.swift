import Domain

/// The UCI "Online Retail" export (/work/shared/data/online-retail/README.md): one CSV row
/// per invoice line. One invoice is one document: a sale, a return (`C` invoices), a stock
/// write-off, or a financial adjustment (`A` invoices).
enum OnlineRetailOrders {
    /// The header, as the export writes it.
    static let headerNames = ["InvoiceNo", "StockCode", "Description", "Quantity", "InvoiceDate", "UnitPrice", "CustomerID", "Country"]
    static let columns = headerNames.map(HeaderedCSV.normalise)

    /// Stock codes that are not products but charges (postage, fees, manual entries, vouchers).
    static let chargeCodes: Set<String> = ["POST", "DOT", "M", "D", "S", "BANK CHARGES", "AMAZONFEE", "CRUK", "C2", "PADS", "B"]
    /// The charges that are carriage: on a sale they go into freight.
    static let freightCodes: Set<String> = ["POST", "DOT", "C2"]

    static func isCharge(_ code: String) -> Bool {
        chargeCodes.contains(code) || code.hasPrefix("gift_0001_") || code.hasPrefix("DCGS")
    }

    /// Country (as the export spells it) -> service region; any other country is INTL.
    static let regions: [String: String] = [
        "United Kingdom": "UK-S", "EIRE": "IE", "France": "FR", "Germany": "DE", "Netherlands": "NL",
        "Spain": "ES", "Italy": "IT", "USA": "US-E", "Belgium": "NL", "Portugal": "ES",
        "Switzerland": "DE", "Austria": "DE", "Channel Islands": "UK-S",
    ]
    static let otherRegion = "INTL"

    static func region(of country: String) -> String { regions[country] ?? otherRegion }

    /// "17850.0" -> "17850" (the export writes ids as floats); empty stays empty (a guest).
    static func customerID(_ text: String) -> String {
        text.hasSuffix(".0") ? String(text.dropLast(2)) : text
    }

    /// Days from the invoice date to the promised delivery.
    static let promiseDays = ServiceLevel.standard.promiseDays

    // MARK: Reading

    struct Row {
        var line: Int
        var code: String
        var description: String
        var quantity: Int
        var price: Int64
        /// No CustomerID on this row.
        var guest: Bool
    }

    /// The rows of one InvoiceNo; date, customer and country come from its first row.
    struct Invoice {
        var ref: String
        var line: Int
        var date = ""
        var customer = ""
        var country = ""
        var rows: [Row] = []
        /// The first bad row: the whole invoice is rejected.
        var problem: (line: Int, reason: String)?
    }

    static func parse(bytes: [UInt8], file: String, channel: String) throws(ImportFileError) -> OrderFileReport {
        try parse(CSVReader(bytes: bytes), file: file, channel: channel)
    }

    /// From a reader (a file streamed from disk, or bytes in memory). With `lastRecords` (each
    /// invoice's last data record, from a first pass) an invoice is built and handed to
    /// `deliver` as soon as its last row is read, and forgotten; without, every invoice is
    /// built at the end and the report holds them all.
    static func parse(_ reader: CSVReader, file: String, channel: String, lastRecords: [String: Int]? = nil,
                      deliver: ((ParsedOrder) -> Void)? = nil) throws(ImportFileError) -> OrderFileReport {
        var reader = reader
        let header = try OrderColumns.header(&reader, file: file, example: headerNames)
        let map = try OrderColumns.map(header, file: file, known: columns, required: columns)
        let width = header.fields.count
        let iInvoice = map["invoiceno"]!, iCode = map["stockcode"]!, iDescription = map["description"]!
        let iQuantity = map["quantity"]!, iDate = map["invoicedate"]!, iPrice = map["unitprice"]!
        let iCustomer = map["customerid"]!, iCountry = map["country"]!

        var collector = OrderCollector()
        /// By first appearance; streaming, each is dropped once built and handed on.
        var invoices: [Int: Invoice] = [:]
        var byRef: [String: Int] = [:]
        var count = 0
        var lastRef = "", lastIndex = -1
        var records = 0, rounded = 0

        /// Builds the invoice (or rejects it) and hands its documents on when streaming.
        func complete(_ index: Int) {
            guard let invoice = invoices[index] else { return }
            if let problem = invoice.problem {
                collector.reject(line: problem.line, reference: invoice.ref, reason: problem.reason)
            } else {
                build(invoice, channel: channel, into: &collector)
            }
            guard let deliver else { return }
            invoices[index] = nil
            byRef[invoice.ref] = nil
            for order in collector.report.orders { deliver(order) }
            collector.report.orders.removeAll(keepingCapacity: true)
        }

        /// Adds a row to its invoice, or marks the invoice bad.
        func add(_ fields: [String], line: Int, to index: Int) {
            guard invoices[index]?.problem == nil else { return }
            guard fields.count == width else {
                invoices[index]?.problem = (line, "the row has \(fields.count) field\(fields.count == 1 ? "" : "s") but the header has \(width) columns.")
                return
            }
            let quantityText = OrderFileText.trim(fields[iQuantity])
            guard let quantity = Int(quantityText) else {
                invoices[index]?.problem = (line, "Quantity \(RowContext.quote(quantityText)) is not a whole number.")
                return
            }
            guard quantity.magnitude <= StockMove.maxQuantity.magnitude else {
                invoices[index]?.problem = (line, "Quantity \(quantity) is out of range; at most \(StockMove.maxQuantity) either way.")
                return
            }
            let priceText = OrderFileText.trim(fields[iPrice])
            guard let (price, wasRounded) = OrderAmount.parse(priceText) else {
                invoices[index]?.problem = (line, "UnitPrice \(RowContext.quote(priceText)) is not an amount like 2.55.")
                return
            }
            // Validation multiplies these; a value past Int64 must be refused here, not trap there.
            guard !Int64(quantity).multipliedReportingOverflow(by: price).overflow else {
                invoices[index]?.problem = (line, "Quantity \(quantity) times UnitPrice \(RowContext.quote(priceText)) is too large an amount.")
                return
            }
            if wasRounded { rounded += 1 }
            invoices[index]?.rows.append(Row(line: line, code: OrderFileText.trim(fields[iCode]),
                                             description: OrderFileText.trim(fields[iDescription]),
                                             quantity: quantity, price: price,
                                             guest: OrderFileText.trim(fields[iCustomer]).isEmpty))
        }

        while let record = try OrderColumns.next(&reader, file: file) {
            records += 1
            let fields = record.fields
            let ref = iInvoice < fields.count ? OrderFileText.trim(fields[iInvoice]) : ""
            guard !ref.isEmpty else {
                collector.reject(line: record.line, reference: "", reason: fields.count == width
                    ? "InvoiceNo is empty, so the row belongs to no invoice."
                    : "the row has \(fields.count) field\(fields.count == 1 ? "" : "s") but the header has \(width) columns.")
                continue
            }
            // Rows of an invoice are nearly always together: try the previous one first.
            let index: Int
            if ref == lastRef {
                index = lastIndex
            } else if let known = byRef[ref] {
                index = known
            } else {
                index = count
                count += 1
                var invoice = Invoice(ref: ref, line: record.line)
                if fields.count == width {
                    invoice.date = OrderFileText.trim(fields[iDate])
                    invoice.customer = customerID(OrderFileText.trim(fields[iCustomer]))
                    invoice.country = OrderFileText.trim(fields[iCountry])
                }
                invoices[index] = invoice
                byRef[ref] = index
            }
            lastRef = ref
            lastIndex = index
            add(fields, line: record.line, to: index)
            if let lastRecords, lastRecords[ref] == records { complete(index) }
        }
        // Every invoice not yet built (all of them, unless streaming; streaming, any the first
        // pass did not see end, should the file have changed between the passes).
        for index in invoices.keys.sorted() { complete(index) }
        var report = collector.finish()
        report.lines = records
        report.roundedPrices = rounded
        return report
    }

    /// Streams the file at `path`: a first pass notes where each invoice ends, the second
    /// builds each invoice as its last row is read and hands its documents to `deliver`, so
    /// memory holds the invoices under way rather than the file. The report counts lines and
    /// holds the rejections; its orders are empty.
    static func stream(path: String, channel: String, deliver: (ParsedOrder) -> Void) throws(ImportFileError) -> OrderFileReport {
        let ends = try OrderColumns.orderEnds(path: path, example: headerNames, known: columns, required: columns,
                                              keys: { [$0["invoiceno"]] }) { $0[0] }
        return try withoutActuallyEscaping(deliver) { deliver throws(ImportFileError) in
            try parse(OrderColumns.reader(path), file: path, channel: channel, lastRecords: ends, deliver: deliver)
        }
    }

    // MARK: Building documents

    /// The lines and charges going into one document.
    private struct Document {
        var line: Int?
        var lines: [OrderLineDraft] = []
        var lineRows: [Int] = []
        var charges: [OrderCharge] = []

        mutating func add(_ orderLine: OrderLineDraft, row: Int) {
            if line == nil { line = row }
            lines.append(orderLine)
            lineRows.append(row)
        }

        mutating func add(_ charge: OrderCharge, row: Int) {
            if line == nil { line = row }
            charges.append(charge)
        }
    }

    private static func build(_ invoice: Invoice, channel: String, into collector: inout OrderCollector) {
        let ref = invoice.ref
        guard OrderDate.isDateTime(invoice.date) else {
            collector.reject(line: invoice.line, reference: ref,
                             reason: "InvoiceDate \(RowContext.quote(invoice.date)) is not a date and time like 2010-12-01 08:26:00.")
            return
        }
        let kind: OrderKind = switch ref.utf8.first {
        case UInt8(ascii: "C"): .return
        case UInt8(ascii: "A"): .adjustment
        default: .sale
        }
        var main = Document()
        var writeOff = Document()

        for row in invoice.rows {
            let isCharge = isCharge(row.code)
            // Write-offs: stock thrown away, damaged, found missing. Negative, unpriced, no customer.
            let isWriteOff = kind == .sale && row.quantity < 0 && row.price == 0 && row.guest
            if isCharge || kind == .adjustment {
                // Checked for overflow as the row was read.
                let charge = OrderCharge(code: row.code, description: row.description, amount: Int64(row.quantity) * row.price)
                if isWriteOff { writeOff.add(charge, row: row.line) } else { main.add(charge, row: row.line) }
                continue
            }
            switch kind {
            case .return:
                guard row.quantity < 0 else {
                    collector.reject(line: row.line, reference: ref, reason:
                        "Quantity \(row.quantity) of \(row.code) is not negative, but a cancellation invoice (C...) lists what comes back as negative quantities.")
                    return
                }
                main.add(OrderLineDraft(sku: row.code, description: row.description, quantity: -row.quantity,
                                        unitPrice: row.price, discount: 0, tax: 0), row: row.line)
            default:
                if isWriteOff {
                    writeOff.add(OrderLineDraft(sku: row.code, description: row.description, quantity: -row.quantity,
                                                unitPrice: 0, discount: 0, tax: 0), row: row.line)
                } else if row.quantity < 0 {
                    collector.reject(line: row.line, reference: ref, reason:
                        "Quantity \(row.quantity) of \(row.code) is negative on a sale invoice, and the row is not a write-off (price 0, no CustomerID); returns come as C invoices.")
                    return
                } else {
                    main.add(OrderLineDraft(sku: row.code, description: row.description, quantity: row.quantity,
                                            unitPrice: row.price, discount: 0, tax: 0), row: row.line)
                }
            }
        }

        var documents: [(Int, OrderDraft, [Int])] = []
        if let line = main.line {
            var draft = self.draft(invoice, channel: channel, ref: ref, kind: kind, main)
            if kind == .sale { moveCarriageToFreight(&draft) }
            documents.append((line, draft, main.lineRows))
        }
        if let line = writeOff.line {
            // An invoice mixing sales and write-offs (the export has none) gives two documents.
            let woRef = main.line == nil ? ref : ref + "-WO"
            documents.append((line, draft(invoice, channel: channel, ref: woRef, kind: .writeOff, writeOff), writeOff.lineRows))
        }
        for (line, draft, rows) in documents.sorted(by: { $0.0 < $1.0 }) {
            collector.accept(draft, line: line, lineRows: rows)
        }
    }

    private static func draft(_ invoice: Invoice, channel: String, ref: String, kind: OrderKind, _ document: Document) -> OrderDraft {
        let customer = kind == .writeOff ? "" : invoice.customer
        let shipTo = Address(name: customer.isEmpty ? "" : "customer " + customer,
                             country: invoice.country, region: region(of: invoice.country))
        return OrderDraft(channel: channel, externalRef: ref, kind: kind, customer: customer, shipTo: shipTo,
                          serviceLevel: .standard,
                          promiseDate: OrderDate.adding(days: promiseDays, to: String(invoice.date.prefix(10))),
                          paymentStatus: .captured, fraudScore: 0, currency: "GBP", freight: 0,
                          orderedAt: invoice.date, lines: document.lines, charges: document.charges)
    }

    /// On a sale, postage and carriage (POST, DOT, C2) become its freight when they add up
    /// to zero or more and the sale keeps a line or another charge (a document of postage
    /// alone keeps it as its charge).
    private static func moveCarriageToFreight(_ draft: inout OrderDraft) {
        var freight: Int64 = 0
        var carriage = 0
        for charge in draft.charges where freightCodes.contains(charge.code) {
            let (sum, overflow) = freight.addingReportingOverflow(charge.amount)
            if overflow { return }
            freight = sum
            carriage += 1
        }
        guard carriage > 0, freight >= 0, !draft.lines.isEmpty || draft.charges.count > carriage else { return }
        draft.freight = freight
        draft.charges.removeAll { freightCodes.contains($0.code) }
    }
}
