import Domain

/// Our own channel feed as CSV: one row per order line; the rows of one order (same channel
/// and order_ref) repeat the order's fields, and must agree on them.
enum ChannelOrderCSV {
    /// Every column, in the order the documentation uses.
    static let columns: [String] = [
        "channel", "order_ref", "ordered_at", "customer", "ship_name", "ship_line1", "ship_city", "ship_postcode",
        "ship_country", "ship_region", "service_level", "promise_date", "payment_status", "fraud_score", "currency",
        "freight", "sku", "description", "quantity", "unit_price", "discount", "tax",
    ]

    /// Columns that must be present (channel too unless the channel is given for the file).
    static func required(channelGiven: Bool) -> [String] {
        (channelGiven ? [] : ["channel"]) + ["order_ref", "ordered_at", "sku", "quantity", "unit_price"]
    }

    /// The rows of one order.
    private struct Group {
        var ref: String
        var line: Int
        /// The order's fields as its first row gives them, compared with every later row.
        var fields: [String]
        var draft: OrderDraft?
        var lineRows: [Int] = []
        var problem: (line: Int, reason: String)?
    }

    /// The key an order's rows share: its channel (the row's, else the one given) and reference.
    static func key(channel: String, ref: String) -> String { channel + "\u{1F}" + ref }

    /// Streams the file at `path` in two passes (as `OnlineRetailOrders.stream`): the first
    /// notes each order's last row, the second hands each order on as it ends.
    static func stream(path: String, channel: String?, deliver: (ParsedOrder) -> Void) throws(ImportFileError) -> OrderFileReport {
        let ends = try OrderColumns.orderEnds(path: path, example: columns, known: columns, required: required(channelGiven: channel != nil),
                                              keys: { [$0[OrderField.channel.csvName], $0[OrderField.orderRef.csvName]] }) { values in
            key(channel: values[0].isEmpty ? channel ?? "" : values[0], ref: values[1])
        }
        return try withoutActuallyEscaping(deliver) { deliver throws(ImportFileError) in
            try parse(OrderColumns.reader(path), file: path, channel: channel, lastRecords: ends, deliver: deliver)
        }
    }

    static func parse(bytes: [UInt8], file: String, channel: String?) throws(ImportFileError) -> OrderFileReport {
        try parse(CSVReader(bytes: bytes), file: file, channel: channel)
    }

    /// From a reader (a file streamed from disk, or bytes in memory).
    /// With `lastRecords` (each order's last data record, by `key`, from a first pass) an order
    /// is checked and handed to `deliver` as soon as its last row is read, and forgotten;
    /// without, every order is checked at the end and the report holds them all.
    static func parse(_ reader: CSVReader, file: String, channel: String?, lastRecords: [String: Int]? = nil,
                      deliver: ((ParsedOrder) -> Void)? = nil) throws(ImportFileError) -> OrderFileReport {
        var reader = reader
        let header = try OrderColumns.header(&reader, file: file, example: columns)
        let map = try OrderColumns.map(header, file: file, known: columns, required: required(channelGiven: channel != nil))
        let width = header.fields.count
        let orderIndex = OrderField.allCases.map { map[$0.csvName] }
        let lineIndex = LineField.allCases.map { map[$0.csvName] }

        var rules = ChannelOrderRules(style: .csv, channel: channel)
        var collector = OrderCollector()
        /// By first appearance; streaming, each is dropped once checked and handed on.
        var groups: [Int: Group] = [:]
        var byKey: [String: Int] = [:]
        var count = 0
        var records = 0

        func complete(_ index: Int, key: String? = nil) {
            guard let group = groups[index] else { return }
            if let problem = group.problem {
                collector.reject(line: problem.line, reference: group.ref, reason: problem.reason)
            } else if let draft = group.draft {
                collector.accept(draft, line: group.line, lineRows: group.lineRows)
            }
            guard let deliver else { return }
            groups[index] = nil
            if let key { byKey[key] = nil }
            for order in collector.report.orders { deliver(order) }
            collector.report.orders.removeAll(keepingCapacity: true)
        }

        while let record = try OrderColumns.next(&reader, file: file) {
            records += 1
            let fields = record.fields
            func text(_ index: Int?) -> String {
                guard let index, index < fields.count else { return "" }
                return OrderFileText.trim(fields[index])
            }
            let orderFields = orderIndex.map(text)
            let ref = orderFields[OrderField.orderRef.rawValue]
            guard !ref.isEmpty else {
                collector.reject(line: record.line, reference: "", reason: fields.count == width
                    ? "order_ref is required but empty, so the row belongs to no order."
                    : "the row has \(fields.count) field\(fields.count == 1 ? "" : "s") but the header has \(width) columns.")
                continue
            }
            let rowChannel = orderFields[OrderField.channel.rawValue]
            let key = Self.key(channel: rowChannel.isEmpty ? channel ?? "" : rowChannel, ref: ref)
            let index: Int
            if let known = byKey[key] {
                index = known
            } else {
                index = count
                count += 1
                var group = Group(ref: ref, line: record.line, fields: orderFields)
                if fields.count == width {
                    do { group.draft = try rules.header { orderFields[$0.rawValue] } } catch {
                        group.problem = (record.line, error.reason)
                    }
                }
                groups[index] = group
                byKey[key] = index
            }
            // Streaming: the order's last row, whatever becomes of it, completes the order.
            defer { if let lastRecords, lastRecords[key] == records { complete(index, key: key) } }
            guard let group = groups[index], group.problem == nil else { continue }
            guard fields.count == width else {
                groups[index]?.problem = (record.line, "the row has \(fields.count) field\(fields.count == 1 ? "" : "s") but the header has \(width) columns.")
                continue
            }
            if let differs = OrderField.allCases.first(where: {
                $0 != .channel && orderIndex[$0.rawValue] != nil && orderFields[$0.rawValue] != group.fields[$0.rawValue]
            }) {
                groups[index]?.problem = (record.line, "\(differs.csvName) \(RowContext.quote(orderFields[differs.rawValue])) differs from \(RowContext.quote(group.fields[differs.rawValue])) on line \(group.line); every row of order \(ref) must give the same order fields.")
                continue
            }
            do {
                let line = try rules.line { text(lineIndex[$0.rawValue]) }
                groups[index]?.draft?.lines.append(line)
                groups[index]?.lineRows.append(record.line)
            } catch {
                groups[index]?.problem = (record.line, error.reason)
            }
        }

        // Every order not yet checked (all of them, unless streaming).
        for index in groups.keys.sorted() { complete(index) }
        var report = collector.finish()
        report.lines = records
        report.roundedPrices = rules.roundedPrices
        return report
    }
}
