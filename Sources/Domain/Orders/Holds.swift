/// Why an order is held. Each reason has an owning role (whose queue it sits in) and the
/// roles that may place or release it; admins may handle any.
public enum HoldReason: String, CaseIterable, Sendable, Codable {
    case customer      // the customer asked us to wait
    case address       // ship-to incomplete or unverified
    case payment       // payment pending or failed
    case fraud         // fraud score over the threshold
    case tax           // tax not computed
    case credit        // B2B credit limit review

    public init?(parsing text: String) {
        guard let r = Spelling.match(text, in: HoldReason.self) else { return nil }
        self = r
    }
    public static var spellings: String { allCases.map(\.rawValue).joined(separator: ", ") }

    public var title: String {
        switch self {
        case .customer: "customer request"
        case .address: "address check"
        case .payment: "payment pending"
        case .fraud: "fraud review"
        case .tax: "tax missing"
        case .credit: "credit review"
        }
    }

    /// Whose queue the hold sits in.
    public var owner: Role {
        switch self {
        case .customer, .address: .customerService
        case .payment, .tax, .credit: .finance
        case .fraud: .supervisor
        }
    }

    /// Who may place or release a hold with this reason.
    public var handlers: Set<Role> {
        switch self {
        case .customer, .address: [.customerService, .supervisor, .admin]
        case .payment, .tax, .credit: [.finance, .supervisor, .admin]
        case .fraud: [.supervisor, .admin]
        }
    }

    /// Policy: lifting a fraud or credit hold is a judgement that must say why.
    public var releaseNeedsNote: Bool { self == .fraud || self == .credit }

    public func authorize(_ role: Role, user: String, verb: String) throws(DomainError) {
        guard handlers.contains(role) else {
            throw DomainError(Role.refusal(role, user: user, mayNot: "\(verb) a \(rawValue) hold", allowed: handlers))
        }
    }
}
