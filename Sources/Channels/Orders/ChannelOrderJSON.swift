import Domain

/// Our own channel feed as JSON: an array of order objects, or one order object per line
/// (JSON Lines). Field names are camelCase; the rules are those of the csv format.
enum ChannelOrderJSON {
    static let orderKeys = ["channel", "orderRef", "orderedAt", "customer", "shipTo", "serviceLevel", "promiseDate",
                            "paymentStatus", "fraudScore", "currency", "freight", "lines"]
    static let shipToKeys = ["name", "line1", "city", "postcode", "country", "region"]
    static let lineKeys = LineField.allCases.map(\.jsonName)

    /// Reads the orders element by element (`JSONElements`). With `deliver`, each order is
    /// handed on as soon as it is read and forgotten, so a streamed file takes the memory of
    /// one order; without, the report holds them all.
    static func parse(_ window: ByteWindow, file: String, channel: String?,
                      deliver: ((ParsedOrder) -> Void)? = nil) throws(ImportFileError) -> OrderFileReport {
        var rules = ChannelOrderRules(style: .json, channel: channel)
        var collector = OrderCollector()
        var records = 0
        do throws(JSONSyntaxError) {
            var elements = try JSONElements(window)
            while let element = try elements.next() {
                records += 1
                // An array's elements are one level down (for the nesting limit).
                var reader = JSONReader(bytes: element.bytes, line: element.line)
                let node = try reader.value(depth: elements.layout == .array ? 1 : 0)
                reader.skipWhitespace()
                if !reader.atEnd {
                    // A bare value with more run on to it ("12x"): what follows it is the fault.
                    throw reader.error(elements.layout == .array ? "expected ',' or ']' after order \(records), found \(reader.found)."
                                                                 : "expected a JSON value, found \(reader.found).")
                }
                order(node, number: records, rules: &rules, into: &collector)
                if let deliver {
                    for order in collector.report.orders { deliver(order) }
                    collector.report.orders.removeAll(keepingCapacity: true)
                }
            }
        } catch {
            throw ImportFileError(file: file, errors: [(error.line, error.reason)])
        }
        var report = collector.finish()
        report.lines = records
        report.roundedPrices = rules.roundedPrices
        return report
    }

    /// One element of the file: an order, or a rejection.
    private static func order(_ node: JSONNode, number: Int, rules: inout ChannelOrderRules, into collector: inout OrderCollector) {
        guard case let .object(members) = node.value else {
            collector.reject(line: node.line, reference: "", reason: "order \(number) is \(node.value.kind), not an order object {...}.")
            return
        }
        var reference = ""
        if let ref = members.first(where: { $0.key == "orderRef" }), let text = try? scalar(ref.node, "orderRef") {
            reference = text
        }
        do throws(OrderProblem) {
            let fields = try object(members, keys: orderKeys, what: "order")
            var shipTo: [String: JSONNode] = [:]
            if let node = fields["shipTo"] {
                switch node.value {
                case let .object(shipMembers): shipTo = try object(shipMembers, keys: shipToKeys, what: "shipTo")
                case .null: break
                default: throw OrderProblem("shipTo must be an object {\"name\": ..., \"line1\": ...}, not \(node.value.kind).")
                }
            }
            var texts: [String] = []
            for field in OrderField.allCases {
                let value: JSONNode? = switch field {
                case .shipName: shipTo["name"]
                case .shipLine1: shipTo["line1"]
                case .shipCity: shipTo["city"]
                case .shipPostcode: shipTo["postcode"]
                case .shipCountry: shipTo["country"]
                case .shipRegion: shipTo["region"]
                default: fields[field.jsonName]
                }
                if let value { texts.append(try scalar(value, field.jsonName)) } else { texts.append("") }
            }
            var draft = try rules.header { texts[$0.rawValue] }
            var lineRows: [Int] = []
            switch fields["lines"]?.value {
            case let .array(lines)?:
                for (index, lineNode) in lines.enumerated() {
                    do throws(OrderProblem) {
                        guard case let .object(lineMembers) = lineNode.value else {
                            throw OrderProblem("lines[\(index)] is \(lineNode.value.kind), not a line object {\"sku\": ..., \"quantity\": ...}.")
                        }
                        let lineFields = try object(lineMembers, keys: lineKeys, what: "lines[\(index)]")
                        var lineTexts: [String] = []
                        for field in LineField.allCases {
                            if let value = lineFields[field.jsonName] {
                                lineTexts.append(try scalar(value, field.jsonName))
                            } else {
                                lineTexts.append("")
                            }
                        }
                        draft.lines.append(try rules.line { lineTexts[$0.rawValue] })
                        lineRows.append(lineNode.line)
                    } catch {
                        collector.reject(line: lineNode.line, reference: reference, reason: "lines[\(index)]: " + error.reason)
                        return
                    }
                }
            case nil, .null?:
                throw OrderProblem("lines is required: an array of line objects.")
            case let other?:
                throw OrderProblem("lines must be an array of line objects, not \(other.kind).")
            }
            collector.accept(draft, line: node.line, lineRows: lineRows)
        } catch {
            collector.reject(line: node.line, reference: reference, reason: error.reason)
        }
    }

    /// The members by key: each known, none twice.
    private static func object(_ members: [(key: String, node: JSONNode)], keys: [String], what: String) throws(OrderProblem) -> [String: JSONNode] {
        var fields = [String: JSONNode](minimumCapacity: members.count)
        for (key, node) in members {
            guard keys.contains(key) else {
                throw OrderProblem("\(what) has an unknown field \(RowContext.quote(key)); the fields are \(keys.joined(separator: ", ")).")
            }
            guard fields[key] == nil else { throw OrderProblem("\(what) gives the field \(key) twice.") }
            fields[key] = node
        }
        return fields
    }

    /// A field's text: a string (trimmed) or a number as written; null is absent ("").
    private static func scalar(_ node: JSONNode, _ name: String) throws(OrderProblem) -> String {
        switch node.value {
        case let .string(text): return OrderFileText.trim(text)
        case let .number(text): return text
        case .null: return ""
        default: throw OrderProblem("\(name) must be a string or a number, not \(node.value.kind).")
        }
    }
}
