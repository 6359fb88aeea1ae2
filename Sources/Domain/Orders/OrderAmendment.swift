/// What changed between an order as stored and the same order (channel and reference) sent
/// again: each difference in words, "promise date 2026-12-01 → 2026-12-03", "line 2
/// quantity 3 → 5". None means the re-send is a duplicate.
extension OrderDraft {
    public func differences(from stored: OrderDraft) -> [String] {
        var out: [String] = []
        func compare<T: Equatable>(_ name: String, _ old: T, _ new: T, _ show: (T) -> String) {
            if old != new { out.append("\(name) \(show(old)) → \(show(new))") }
        }
        let text: (String) -> String = { $0.isEmpty ? "(none)" : $0 }
        compare("kind", stored.kind, kind) { $0.rawValue }
        compare("customer", stored.customer, customer, text)
        compare("ship-to name", stored.shipTo.name, shipTo.name, text)
        compare("ship-to street", stored.shipTo.line1, shipTo.line1, text)
        compare("ship-to city", stored.shipTo.city, shipTo.city, text)
        compare("ship-to postcode", stored.shipTo.postcode, shipTo.postcode, text)
        compare("ship-to country", stored.shipTo.country, shipTo.country, text)
        compare("ship-to region", stored.shipTo.region, shipTo.region, text)
        compare("service level", stored.serviceLevel, serviceLevel) { $0.rawValue }
        compare("promise date", stored.promiseDate, promiseDate, text)
        compare("payment", stored.paymentStatus, paymentStatus) { $0.rawValue }
        compare("fraud score", stored.fraudScore, fraudScore) { String($0) }
        compare("currency", stored.currency, currency, text)
        compare("freight", stored.freight, freight) { Money.format($0) }
        compare("order date", stored.orderedAt, orderedAt, text)
        compare("refers to", stored.refersTo ?? "", refersTo ?? "", text)
        for i in 0..<max(lines.count, stored.lines.count) {
            let n = i + 1
            guard i < lines.count else { out.append("line \(n) removed (\(stored.lines[i].sku) x\(stored.lines[i].quantity))"); continue }
            guard i < stored.lines.count else { out.append("line \(n) added (\(lines[i].sku) x\(lines[i].quantity))"); continue }
            let (old, new) = (stored.lines[i], lines[i])
            compare("line \(n) SKU", old.sku, new.sku, text)
            compare("line \(n) quantity", old.quantity, new.quantity) { String($0) }
            compare("line \(n) unit price", old.unitPrice, new.unitPrice) { Money.format($0) }
            compare("line \(n) discount", old.discount, new.discount) { Money.format($0) }
            compare("line \(n) tax", old.tax, new.tax) { $0.map { Money.format($0) } ?? "(none)" }
            compare("line \(n) description", old.description, new.description, text)
        }
        if charges != stored.charges {
            let show = { (c: [OrderCharge]) in c.isEmpty ? "(none)" : c.map { "\($0.code) \(Money.format($0.amount))" }.joined(separator: ", ") }
            out.append("charges \(show(stored.charges)) → \(show(charges))")
        }
        return out
    }
}

extension OrderDraft {
    /// A fingerprint of everything `differences(from:)` compares (FNV-1a, 64 bits, over the
    /// fields in a fixed order): a re-send with the same fingerprint is a duplicate without
    /// reading the stored order back. A different one is compared field by field.
    public var contentHash: String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func add(_ text: String) {
            for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
            hash = (hash ^ 0x1F) &* 0x0000_0100_0000_01b3   // a separator no field contains
        }
        for field in [kind.rawValue, customer, shipTo.name, shipTo.line1, shipTo.city, shipTo.postcode, shipTo.country,
                      shipTo.region, serviceLevel.rawValue, promiseDate, paymentStatus.rawValue, String(fraudScore), currency,
                      String(freight), orderedAt, refersTo ?? ""] { add(field) }
        for line in lines {
            for field in [line.sku, String(line.quantity), String(line.unitPrice), String(line.discount),
                          line.tax.map(String.init) ?? "-", line.description] { add(field) }
            add("line")
        }
        for charge in charges { add(charge.code); add(charge.description); add(String(charge.amount)) }
        let digits = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
