/// Where a transfer between locations stands: created -> shipped (its goods in transit,
/// counted as inbound at the destination) -> received; or cancelled before it ships.
public enum TransferState: String, CaseIterable, Sendable, Codable {
    case created, shipped, received, cancelled

    public init?(parsing text: String) {
        guard let state = Spelling.match(text, in: TransferState.self) else { return nil }
        self = state
    }
    public static var spellings: String { allCases.map(\.rawValue).joined(separator: ", ") }
}

/// Stock sent from one location to another through an in-transit location, with a lead time.
public struct Transfer: Hashable, Sendable, Codable {
    public struct Line: Hashable, Sendable, Codable {
        public var sku: String
        public var quantity: Int
        public init(sku: String, quantity: Int) { self.sku = sku; self.quantity = quantity }
    }

    public var code: String
    public var from: String
    public var to: String
    public var state: TransferState
    /// Days from shipping to arrival.
    public var leadDays: Int
    /// yyyy-mm-dd, set when it ships: the day it ships plus the lead time.
    public var expectedDate: String?
    public var note: String
    public var lines: [Line]

    public init(code: String, from: String, to: String, state: TransferState = .created, leadDays: Int, expectedDate: String? = nil,
                note: String = "", lines: [Line]) {
        self.code = code; self.from = from; self.to = to; self.state = state; self.leadDays = leadDays
        self.expectedDate = expectedDate; self.note = note; self.lines = lines
    }

    public var units: Int { lines.reduce(0) { Saturating.add($0, $1.quantity) } }

    public func validate() throws(DomainError) {
        guard SKU.isValidCode(code) else { throw DomainError("Transfer reference '\(code)' must be 1-40 letters, digits, '-', '_', '.' or '/'.") }
        guard from != to else { throw DomainError("\(code): a transfer needs two different locations; both are \(from).") }
        try Limits.check(leadDays, in: Limits.transitDays, "\(code): lead time in days")
        if let problem = TextRules.problem(note, "the note", maxLength: TextRules.maxReason) { throw DomainError("\(code): \(problem)") }
        guard !lines.isEmpty else { throw DomainError("\(code): a transfer needs at least one line (--line SKU:QTY).") }
        guard lines.count <= PurchaseOrder.maxLines else { throw DomainError("\(code) has \(lines.count.grouped) lines; at most \(PurchaseOrder.maxLines.grouped).") }
        var seen = Set<String>()
        for line in lines {
            guard SKU.isValidCode(line.sku) else { throw DomainError("\(code): '\(line.sku)' is not a valid SKU code.") }
            try Limits.check(line.quantity, in: Limits.quantity, "\(code) line \(line.sku): quantity")
            guard seen.insert(line.sku).inserted else { throw DomainError("\(code): \(line.sku) is on the transfer twice; one line per SKU.") }
        }
    }

    /// The state a step leads to, or why it cannot be taken.
    public func next(_ step: TransferStep) throws(DomainError) -> TransferState {
        switch (step, state) {
        case (.ship, .created): return .shipped
        case (.receive, .shipped): return .received
        case (.cancel, .created): return .cancelled
        case (.cancel, .shipped):
            throw DomainError("\(code) is shipped: its goods are on the way; receive it, then move them back if they are not wanted.")
        default:
            throw DomainError("Cannot \(step.rawValue) \(code): it is \(state.rawValue), and only a \(step.from) transfer can be.")
        }
    }
}

public enum TransferStep: String, CaseIterable, Sendable, Codable {
    case ship, receive, cancel

    var from: String {
        switch self {
        case .ship, .cancel: "created"
        case .receive: "shipped"
        }
    }

    public var command: Command {
        switch self {
        case .ship: .shipTransfer
        case .receive: .receiveTransfer
        case .cancel: .cancelTransfer
        }
    }
}
