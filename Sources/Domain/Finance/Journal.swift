/// One side of a journal entry: an account debited or credited, in integer minor units,
/// with the location (inventory's sub-account) or channel it concerns.
public struct JournalLine: Hashable, Sendable, Codable {
    public var account: String
    public var debit: Int64
    public var credit: Int64
    public var location: String?
    public var channel: String?
    public init(account: String, debit: Int64 = 0, credit: Int64 = 0, location: String? = nil, channel: String? = nil) {
        self.account = account; self.debit = debit; self.credit = credit; self.location = location; self.channel = channel
    }
}

/// A journal entry before it is stored: what event it records, the document behind it, and
/// lines whose debits equal their credits in one currency.
public struct JournalDraft: Hashable, Sendable, Codable {
    /// The command that made the event ("po.receive", "order.ship").
    public var event: String
    /// The documents behind it ("order 42", "PO-7", "count 3"), for the drill-down.
    public var documents: [String]
    public var currency: String
    public var memo: String
    public var lines: [JournalLine]
    public init(event: String, documents: [String], currency: String, memo: String, lines: [JournalLine]) {
        self.event = event; self.documents = documents; self.currency = currency; self.memo = memo; self.lines = lines
    }

    public var debits: Int64 { lines.reduce(0) { $0 &+ $1.debit } }
    public var credits: Int64 { lines.reduce(0) { $0 &+ $1.credit } }

    /// Refuses an entry that does not balance, has a negative amount or a line with both
    /// sides: the books take only balanced entries. (Moves worth nothing make an empty one.)
    public func validate() throws(DomainError) {
        var debits: Int64 = 0, credits: Int64 = 0
        for line in lines {
            guard line.debit >= 0, line.credit >= 0, line.debit == 0 || line.credit == 0 else {
                throw DomainError("Journal line on \(line.account) has debit \(line.debit) and credit \(line.credit): one side, never negative.")
            }
            let (d, o1) = debits.addingReportingOverflow(line.debit)
            let (c, o2) = credits.addingReportingOverflow(line.credit)
            guard !o1, !o2 else { throw DomainError("The amounts of \(event)'s journal entry are too large to add up.") }
            debits = d; credits = c
        }
        guard debits == credits else {
            throw DomainError("The journal entry of \(event) does not balance: debits \(Money.format(debits)), credits \(Money.format(credits)).")
        }
    }

    /// The lines with those of the same account, location and channel netted into one, zero
    /// lines dropped, in a stable order: what the books keep.
    public func netted() -> JournalDraft {
        struct Key: Hashable { var account: String; var location: String?; var channel: String? }
        var net: [Key: Int64] = [:]
        var order: [Key] = []
        for line in lines {
            let key = Key(account: line.account, location: line.location, channel: line.channel)
            if net[key] == nil { order.append(key) }
            net[key, default: 0] &+= line.debit &- line.credit
        }
        var out = self
        out.lines = order.compactMap { key in
            let amount = net[key]!
            guard amount != 0 else { return nil }
            return JournalLine(account: key.account, debit: max(amount, 0), credit: max(-amount, 0), location: key.location, channel: key.channel)
        }
        return out
    }
}
