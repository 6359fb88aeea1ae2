public enum Role: String, CaseIterable, Sendable, Codable {
    case supervisor, customerService, planner, finance, admin, viewer

    public init?(parsing text: String) {
        guard let r = Spelling.match(text, in: Role.self) else { return nil }
        self = r
    }
    public static var spellings: String { allCases.map(\.rawValue).joined(separator: ", ") }
}

/// Every state-changing command, so the policy below is the one place roles are decided.
public enum Command: String, CaseIterable, Sendable, Codable {
    case adjustStock = "stock.adjust"
    case transferStock = "stock.transfer"
    case changeStockStatus = "stock.status"
    case reserveStock = "stock.reserve"
    case releaseReservation = "stock.release"
    case importMasterData = "import.master"
    case importStock = "import.stock"
    case addInbound = "inbound.add"
    case editChannelPool = "pool.add"
    case addUser = "user.add"
    case initDatabase = "db.init"
    case importOrders = "order.import"
    case holdOrder = "order.hold"
    case releaseHold = "order.release"
    case cancelOrder = "order.cancel"
    case allocateOrders = "order.allocate"
    case fulfilOrder = "order.fulfil"
    case shipOrder = "order.ship"
    case invoiceOrder = "order.invoice"
}

/// Who may do what. Admin may do everything; viewers change nothing.
public enum AccessPolicy {
    public static func allowedRoles(for command: Command) -> Set<Role> {
        switch command {
        case .adjustStock, .transferStock, .changeStockStatus: [.supervisor, .admin]
        case .reserveStock, .releaseReservation: [.supervisor, .customerService, .planner, .admin]
        case .importMasterData, .editChannelPool, .addInbound: [.planner, .admin]
        case .importStock: [.supervisor, .admin]
        case .addUser, .initDatabase: [.admin]
        case .importOrders: [.customerService, .supervisor, .planner, .admin]
        // Which holds a role may touch is decided per reason (HoldReason.handlers).
        case .holdOrder, .releaseHold: [.customerService, .supervisor, .finance, .admin]
        case .cancelOrder: [.customerService, .supervisor, .admin]
        case .allocateOrders: [.planner, .supervisor, .admin]
        case .fulfilOrder, .shipOrder: [.supervisor, .admin]
        case .invoiceOrder: [.finance, .admin]
        }
    }

    public static func authorize(_ role: Role, _ command: Command, user: String) throws(DomainError) {
        let allowed = allowedRoles(for: command)
        guard allowed.contains(role) else {
            let names = Role.allCases.filter(allowed.contains).map(\.rawValue).joined(separator: " or ")
            throw DomainError("\(user) (\(role.rawValue)) may not run \(command.rawValue); it needs \(names).")
        }
    }
}
