public enum Role: String, CaseIterable, Sendable, Codable {
    case supervisor, customerService, planner, finance, admin, viewer

    public init?(parsing text: String) {
        guard let r = Spelling.match(text, in: Role.self) else { return nil }
        self = r
    }
    public static var spellings: String { allCases.map(\.rawValue).joined(separator: ", ") }

    /// The role in words, for sentences: "customer service".
    public var words: String {
        switch self {
        case .customerService: "customer service"
        default: rawValue
        }
    }

    /// One person in the role: "a supervisor", "a customer-service agent", "an admin".
    public var aPerson: String {
        switch self {
        case .supervisor: "a supervisor"
        case .customerService: "a customer-service agent"
        case .planner: "a planner"
        case .finance: "a finance user"
        case .admin: "an admin"
        case .viewer: "a viewer"
        }
    }

    /// "a supervisor or an admin", in the order of `allCases`.
    public static func people(_ roles: Set<Role>) -> String {
        let names = allCases.filter(roles.contains).map(\.aPerson)
        guard names.count > 1 else { return names.first ?? "nobody" }
        return names.dropLast().joined(separator: ", ") + " or " + names.last!
    }

    /// The one sentence every refusal by role reads as: "A viewer may not place holds (vic is
    /// a viewer; a customer-service agent, a supervisor, a finance user or an admin may)."
    public static func refusal(_ role: Role, user: String, mayNot what: String, allowed: Set<Role>) -> String {
        let who = role.aPerson
        return "\(who.prefix(1).uppercased() + who.dropFirst()) may not \(what) (\(user) is \(who); \(people(allowed)) may)."
    }
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
    case editPurchaseOrder = "po.edit"
    case approvePurchaseOrder = "po.approve"
    case sendPurchaseOrder = "po.send"
    case cancelPurchaseOrder = "po.cancel"
    case closePurchaseOrder = "po.close"
    case receiveGoods = "po.receive"
    case reschedulePurchaseOrder = "po.reschedule"
    case importShippingNotices = "asn.import"
    case dismissShippingNotice = "asn.dismiss"
    case classifySKUs = "sku.classify"
    case rejectReplenishment = "replenish.reject"
    case createTransfer = "transfer.create"
    case shipTransfer = "transfer.ship"
    case receiveTransfer = "transfer.receive"
    case cancelTransfer = "transfer.cancel"
    case createCount = "count.create"
    case countStock = "count.count"
    case decideCount = "count.decide"
    case cancelCount = "count.cancel"
    case createReturn = "return.create"
    case receiveReturn = "return.receive"
    case inspectReturn = "return.inspect"
    case releaseRefund = "return.refund"
    case overrideRefund = "return.override"
    case cancelReturn = "return.cancel"
    case postWriteOff = "writeoff.post"
    case voidWriteOff = "writeoff.void"
    case closePeriod = "period.close"
    case importAccounts = "accounts.import"
    case reverseEntry = "journal.reverse"
    case acknowledgeAlert = "alert.ack"
    case importAlertRules = "alert.rules"
    case setValuationMethod = "sku.valuation"
    case changeSetting = "setting.set"
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

    /// What the command does, in the words of a refusal: "may not place holds".
    public var action: String {
        switch self {
        case .adjustStock: "adjust stock"
        case .transferStock: "transfer stock"
        case .changeStockStatus: "change the status of stock"
        case .reserveStock: "reserve stock"
        case .releaseReservation: "release stock reservations"
        case .importMasterData: "import master data"
        case .importStock: "import stock"
        case .editPurchaseOrder: "create or change purchase orders"
        case .approvePurchaseOrder: "approve purchase orders"
        case .sendPurchaseOrder: "send purchase orders"
        case .cancelPurchaseOrder: "cancel purchase orders"
        case .closePurchaseOrder: "close purchase orders"
        case .receiveGoods: "receive goods"
        case .reschedulePurchaseOrder: "reschedule purchase orders"
        case .importShippingNotices: "import shipping notices"
        case .dismissShippingNotice: "dismiss shipping notices"
        case .classifySKUs: "classify SKUs"
        case .rejectReplenishment: "reject replenishment suggestions"
        case .createTransfer: "create transfers"
        case .shipTransfer: "ship transfers"
        case .receiveTransfer: "receive transfers"
        case .cancelTransfer: "cancel transfers"
        case .createCount: "create or schedule counts"
        case .countStock: "count stock"
        case .decideCount: "approve or reject count variances"
        case .cancelCount: "cancel counts"
        case .createReturn: "authorize returns"
        case .receiveReturn: "receive returns"
        case .inspectReturn: "inspect returns"
        case .releaseRefund: "release refunds"
        case .overrideRefund: "override refunds"
        case .cancelReturn: "cancel returns"
        case .postWriteOff: "post write-offs"
        case .voidWriteOff: "void write-offs"
        case .closePeriod: "close accounting periods"
        case .importAccounts: "change the chart of accounts"
        case .reverseEntry: "reverse journal entries"
        case .acknowledgeAlert: "acknowledge alerts"
        case .importAlertRules: "change the alert rules"
        case .setValuationMethod: "change how SKUs are valued"
        case .changeSetting: "change settings"
        case .editChannelPool: "edit channel stock pools"
        case .addUser: "manage users"
        case .initDatabase: "initialise the database"
        case .importOrders: "import orders"
        case .holdOrder: "place holds"
        case .releaseHold: "release holds"
        case .cancelOrder: "cancel orders"
        case .allocateOrders: "allocate orders"
        case .fulfilOrder: "pick or pack orders"
        case .shipOrder: "ship orders"
        case .invoiceOrder: "invoice or close orders"
        }
    }
}

/// Who may do what. Admin may do everything; viewers change nothing.
public enum AccessPolicy {
    public static func allowedRoles(for command: Command) -> Set<Role> {
        switch command {
        case .adjustStock, .transferStock, .changeStockStatus: [.supervisor, .admin]
        case .reserveStock, .releaseReservation: [.supervisor, .customerService, .planner, .admin]
        case .importMasterData, .editChannelPool, .classifySKUs, .rejectReplenishment: [.planner, .admin]
        case .editPurchaseOrder, .sendPurchaseOrder: [.planner, .admin]
        // Above the planners' limit only a supervisor or an admin (PurchaseOrderApproval).
        case .approvePurchaseOrder, .cancelPurchaseOrder, .closePurchaseOrder: [.planner, .supervisor, .admin]
        case .reschedulePurchaseOrder, .createTransfer, .cancelTransfer: [.planner, .supervisor, .admin]
        case .shipTransfer, .receiveTransfer: [.supervisor, .admin]
        case .createCount, .cancelCount: [.planner, .supervisor, .admin]
        // A counter may not decide on their own count (CycleCounts), whatever their role.
        case .countStock, .decideCount: [.supervisor, .admin]
        case .createReturn, .cancelReturn: [.customerService, .supervisor, .admin]
        case .receiveReturn, .inspectReturn: [.supervisor, .admin]
        case .postWriteOff, .voidWriteOff: [.supervisor, .admin]
        case .closePeriod, .importAccounts, .setValuationMethod, .reverseEntry: [.finance, .admin]
        // An alert is acknowledged by its owner's role, a supervisor or an admin (Operations.acknowledgeAlert).
        case .acknowledgeAlert: [.supervisor, .customerService, .planner, .finance, .admin]
        case .importAlertRules: [.supervisor, .admin]
        case .releaseRefund: [.customerService, .finance, .admin]
        case .overrideRefund: [.finance, .admin]
        case .importShippingNotices: [.planner, .supervisor, .admin]
        case .importStock, .receiveGoods, .dismissShippingNotice: [.supervisor, .admin]
        case .addUser, .initDatabase, .changeSetting: [.admin]
        case .importOrders: [.customerService, .supervisor, .planner, .admin]
        // Which holds a role may touch is decided per reason (HoldReason.handlers).
        case .holdOrder, .releaseHold: [.customerService, .supervisor, .finance, .admin]
        case .cancelOrder: [.customerService, .supervisor, .admin]
        case .allocateOrders: [.planner, .supervisor, .admin]
        case .fulfilOrder, .shipOrder: [.supervisor, .admin]
        case .invoiceOrder: [.finance, .admin]
        }
    }

    public static func allows(_ role: Role, _ command: Command) -> Bool {
        allowedRoles(for: command).contains(role)
    }

    /// Why `role` may not run `command`, or nil when it may. The console asks this before it
    /// starts a workflow; Operations asks it again inside the transaction.
    public static func refusal(_ role: Role, _ command: Command, user: String) -> String? {
        let allowed = allowedRoles(for: command)
        guard !allowed.contains(role) else { return nil }
        return Role.refusal(role, user: user, mayNot: command.action, allowed: allowed)
    }

    public static func authorize(_ role: Role, _ command: Command, user: String) throws(DomainError) {
        if let refusal = refusal(role, command, user: user) { throw DomainError(refusal) }
    }
}
