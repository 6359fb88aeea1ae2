/// What a stock move does to the books (docs/MONEY.md). Stock coming into the building or
/// leaving it changes the SKU's value, against the account its reason names; a transfer moves
/// value between locations' inventory and changes no SKU's value; a change of status or a
/// reservation inside one location moves no money at all.
public enum MoveValuation: Hashable, Sendable {
    case none
    /// In: debit inventory at the location, credit `counter`.
    case inbound(counter: AccountRole)
    /// Out: credit inventory at the location, debit `counter`.
    case outbound(counter: AccountRole)
    /// A transfer's leg: inventory at one location to inventory at another, at the current rate.
    case relocation

    public init(_ move: StockMove) {
        switch (move.from, move.to) {
        case (nil, .some):
            switch move.reason {
            case .transfer: self = .relocation
            case .receipt: self = .inbound(counter: .goodsReceivedNotInvoiced)
            case .importOpening: self = .inbound(counter: .openingBalance)
            // Back from a customer: the cost of the goods sold comes back.
            case .returnReceipt: self = .inbound(counter: .costOfGoodsSold)
            // Stock found (a count, a manual fix): shrinkage reversed.
            default: self = .inbound(counter: .shrinkage)
            }
        case (.some, nil):
            switch move.reason {
            case .transfer: self = .relocation
            case .shipment: self = .outbound(counter: .costOfGoodsSold)
            case .writeOff: self = .outbound(counter: .writeOffs)
            case .returnToVendor: self = .outbound(counter: .goodsReceivedNotInvoiced)
            default: self = .outbound(counter: .shrinkage)
            }
        default:
            self = .none
        }
    }
}
