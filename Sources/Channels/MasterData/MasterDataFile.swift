import Foundation
import Domain
import Operations

/// The master-data files `qm import` reads (formats in docs/FORMATS.md).
public enum MasterDataKind: String, CaseIterable, Sendable {
    case skus, locations, suppliers, stock

    /// Columns a file of this kind must have.
    public var requiredColumns: [String] {
        switch self {
        case .suppliers: ["code", "name", "lead_time_days", "on_time_percent"]
        case .locations: ["code", "name", "kind", "fulfils"]
        case .skus: ["code", "name", "unit_cost", "list_price"]
        case .stock: ["sku", "location", "status", "quantity"]
        }
    }

    /// Columns a file of this kind may have; absent or empty, they take their defaults.
    public var optionalColumns: [String] {
        switch self {
        case .suppliers: ["lead_time_spread_days", "minimum_order", "whole_packs", "over_tolerance_percent", "under_tolerance_percent"]
        case .locations: ["regions", "currency"]
        case .skus: ["uom", "pack_size", "currency", "supplier", "velocity", "weight_g", "active", "kit_components", "channels",
                     "inspect_on_receipt", "drop_ship", "drop_ship_channels"]
        case .stock: []
        }
    }

    /// Every column, in the order the documentation and sample files use.
    public var columns: [String] {
        switch self {
        case .suppliers: ["code", "name", "lead_time_days", "lead_time_spread_days", "on_time_percent", "minimum_order", "whole_packs",
                          "over_tolerance_percent", "under_tolerance_percent"]
        case .locations: ["code", "name", "kind", "fulfils", "regions", "currency"]
        case .skus: ["code", "name", "uom", "pack_size", "unit_cost", "list_price", "currency", "supplier", "velocity",
                     "weight_g", "active", "kit_components", "channels", "inspect_on_receipt", "drop_ship", "drop_ship_channels"]
        case .stock: ["sku", "location", "status", "quantity"]
        }
    }
}

/// Parsers that turn master-data CSV files into rows for the `Operations` imports.
///
/// Every row is checked (types, required fields, enumerations, money, the Domain rules) and
/// every problem of every row is collected: a file with any bad row throws an
/// `ImportFileError` listing them all by line, and nothing is imported. Rows that refer to
/// other records (a SKU's supplier, a stock row's location), and a key given twice, are
/// checked by the import itself (`importFile`, which reads the file as it imports it).
public enum MasterDataFile {
    public static let defaultCurrency = "GBP"

    // MARK: Suppliers

    public static func parseSuppliers(bytes: [UInt8], file: String) throws(ImportFileError) -> [ImportRow<Supplier>] {
        var table = try load(.suppliers, bytes: bytes, file: file)
        return try table.parse(supplier)
    }

    private static func supplier(_ row: inout RowContext) -> Supplier? {
        let code = row.code("code")
        let name = row.required("name")
        let mean = row.int("lead_time_days")
        let spread = row.int("lead_time_spread_days", default: 0)
        let perMille = percentPerMille(&row)
        let minimum = row.int("minimum_order", default: 1)
        let wholePacks = row.flag("whole_packs", default: false)
        let over = row.int("over_tolerance_percent", default: 0), under = row.int("under_tolerance_percent", default: 0)
        guard let code, let name, let mean, let spread, let perMille, let minimum, let wholePacks, let over, let under else { return nil }
        let supplier = Supplier(code: code, name: name, leadTimeMeanDays: mean, leadTimeSpreadDays: spread,
                                onTimePerMille: perMille, minimumOrder: minimum, roundsToPack: wholePacks,
                                tolerance: ReceivingTolerance(overPercent: over, underPercent: under))
        return validated(supplier, &row) { s throws(DomainError) in try s.validate() }
    }

    /// "95" or "95.5" (an optional trailing %) -> 950 or 955 per mille.
    private static func percentPerMille(_ row: inout RowContext) -> Int? {
        guard var text = row.required("on_time_percent") else { return nil }
        if text.hasSuffix("%") { text.removeLast(); text = text.trimmingCharacters(in: .whitespaces) }
        switch FixedPoint.parse(text, decimals: 1) {
        case let .value(perMille) where (0...1000).contains(perMille): return Int(perMille)
        case .value: row.fail("on_time_percent \(RowContext.quote(text)) must be between 0 and 100.")
        case .tooPrecise: row.fail("on_time_percent \(RowContext.quote(text)) has more than one decimal place.")
        case .invalid: row.fail("on_time_percent \(RowContext.quote(text)) is not a percentage like 95 or 95.5.")
        }
        return nil
    }

    // MARK: Locations

    public static func parseLocations(bytes: [UInt8], file: String) throws(ImportFileError) -> [ImportRow<Location>] {
        var table = try load(.locations, bytes: bytes, file: file)
        return try table.parse(location)
    }

    private static func location(_ row: inout RowContext) -> Location? {
        let code = row.code("code")
        let name = row.required("name")
        let kind = locationKind(&row)
        let fulfils = row.required("fulfils").flatMap { text -> Bool? in
            guard let flag = RowContext.flag(text) else {
                row.fail("fulfils \(RowContext.quote(text)) must be yes or no.")
                return nil
            }
            return flag
        }
        let currency = currency(&row)
        let regions = currency.flatMap { serviceRegions(&row, currency: $0) }
        guard let code, let name, let kind, let fulfils, let regions else { return nil }
        let location = Location(code: code, name: name, kind: kind, fulfils: fulfils, regions: regions)
        return validated(location, &row) { l throws(DomainError) in try l.validate() }
    }

    private static func locationKind(_ row: inout RowContext) -> LocationKind? {
        guard let text = row.required("kind") else { return nil }
        let key = text.lowercased().replacingOccurrences(of: "_", with: "-").replacingOccurrences(of: " ", with: "-")
        if let kind = LocationKind(rawValue: key) ?? (key == "intransit" ? .inTransit : nil) { return kind }
        row.fail("kind \(RowContext.quote(text)) must be one of \(LocationKind.allCases.map(\.rawValue).joined(separator: ", ")).")
        return nil
    }

    /// `REGION:DAYS:COST;...`, sorted by region (the order the store keeps them in).
    private static func serviceRegions(_ row: inout RowContext, currency: String) -> [ServiceRegion]? {
        var regions: [ServiceRegion] = []
        var ok = true
        for entry in entries(row.text("regions")) {
            let parts = entry.split(separator: ":", omittingEmptySubsequences: false)
                .map { RowContext.trim(String($0)) }
            guard parts.count == 3 else {
                row.fail("regions entry \(RowContext.quote(entry)) must be REGION:DAYS:COST, e.g. UK-S:1:3.50.")
                ok = false; continue
            }
            let (region, daysText, costText) = (parts[0], parts[1], parts[2])
            var entryOK = true
            if !SKU.isValidCode(region) {
                row.fail("regions entry \(RowContext.quote(entry)): region \(RowContext.quote(region)) is not a valid code.")
                entryOK = false
            } else if regions.contains(where: { $0.region == region }) {
                row.fail("regions: region \(region) is listed twice.")
                entryOK = false
            }
            let days = Int(daysText)
            if days == nil || days! < 0 {
                row.fail("regions entry \(RowContext.quote(entry)): transit days \(RowContext.quote(daysText)) must be a whole number of zero or more.")
                entryOK = false
            }
            var cost: Int64?
            switch FixedPoint.parse(costText, decimals: 2) {
            case let .value(minor) where minor >= 0: cost = minor
            case .value: row.fail("regions entry \(RowContext.quote(entry)): cost cannot be negative.")
            case .tooPrecise: row.fail("regions entry \(RowContext.quote(entry)): cost \(RowContext.quote(costText)) has more than 2 decimal places.")
            case .invalid: row.fail("regions entry \(RowContext.quote(entry)): cost \(RowContext.quote(costText)) is not an amount like 3.50.")
            }
            guard entryOK, let days, let cost else { ok = false; continue }
            regions.append(ServiceRegion(region: region, transitDays: days, shippingCost: Money(minorUnits: cost, currency: currency)))
        }
        return ok ? regions.sorted { $0.region < $1.region } : nil
    }

    // MARK: SKUs

    public static func parseSKUs(bytes: [UInt8], file: String) throws(ImportFileError) -> [ImportRow<SKURecord>] {
        var table = try load(.skus, bytes: bytes, file: file)
        return try table.parse(sku)
    }

    private static func sku(_ row: inout RowContext) -> SKURecord? {
        let code = row.code("code")
        let name = row.required("name")
        let uom = row.optional("uom") ?? "EA"
        let packSize = row.int("pack_size", default: 1)
        let cost = row.money("unit_cost")
        let price = row.money("list_price")
        let currency = currency(&row)
        let supplier = row.optional("supplier")
        if let supplier, !SKU.isValidCode(supplier) {
            row.fail("supplier \(RowContext.quote(supplier)) is not a valid code.")
        }
        let velocity = velocity(&row)
        let weight = row.int("weight_g", default: 0)
        let active = row.flag("active", default: true)
        let inspect = row.flag("inspect_on_receipt", default: false)
        let dropShip = row.flag("drop_ship", default: false)
        let dropShipChannels = entries(row.text("drop_ship_channels"))
        for channel in dropShipChannels where !SKU.isValidCode(channel) {
            row.fail("drop_ship_channels: \(RowContext.quote(channel)) is not a valid channel code.")
        }
        let components = kitComponents(&row, kit: code)
        let listings = currency.flatMap { channelListings(&row, currency: $0) }
        guard let code, let name, let packSize, let cost, let price, let currency, let velocity, let weight,
              let active, let inspect, let dropShip, let components, let listings else { return nil }
        if (dropShip || !dropShipChannels.isEmpty) && (supplier == nil || !components.isEmpty) {
            row.fail(components.isEmpty ? "drop_ship needs a supplier: the one who ships it to the customer."
                                        : "a kit cannot be drop-shipped: its components are.")
            return nil
        }
        let sku = SKU(code: code, name: name, unitOfMeasure: uom, packSize: packSize,
                      unitCost: Money(minorUnits: cost, currency: currency),
                      listPrice: Money(minorUnits: price, currency: currency),
                      preferredSupplier: supplier, velocity: velocity, weightGrams: weight, active: active,
                      isKit: !components.isEmpty, inspectOnReceipt: inspect, dropShip: dropShip,
                      dropShipChannels: Array(Set(dropShipChannels)))
        return validated(SKURecord(sku: sku, listings: listings, components: components), &row) { r throws(DomainError) in
            try r.sku.validate()
        }
    }

    private static func velocity(_ row: inout RowContext) -> VelocityClass? {
        guard let text = row.optional("velocity") else { return .c }
        if let velocity = VelocityClass(rawValue: text.uppercased()) { return velocity }
        row.fail("velocity \(RowContext.quote(text)) must be A, B or C.")
        return nil
    }

    /// `CODE*QTY;CODE*QTY` (`*QTY` may be left out for 1), sorted by component code.
    private static func kitComponents(_ row: inout RowContext, kit: String?) -> [KitComponent]? {
        var components: [KitComponent] = []
        var ok = true
        for entry in entries(row.text("kit_components")) {
            let parts = entry.split(separator: "*", omittingEmptySubsequences: false)
                .map { RowContext.trim(String($0)) }
            guard parts.count <= 2 else {
                row.fail("kit_components entry \(RowContext.quote(entry)) must be CODE*QUANTITY, e.g. MUG-01*2.")
                ok = false; continue
            }
            let component = parts[0]
            let quantityText = parts.count == 2 ? parts[1] : "1"
            var entryOK = true
            if !SKU.isValidCode(component) {
                row.fail("kit_components entry \(RowContext.quote(entry)): \(RowContext.quote(component)) is not a valid SKU code.")
                entryOK = false
            } else if component == kit {
                row.fail("kit_components: a kit cannot contain itself.")
                entryOK = false
            } else if components.contains(where: { $0.component == component }) {
                row.fail("kit_components: component \(component) is listed twice; give it once with the total quantity.")
                entryOK = false
            }
            let quantity = Int(quantityText)
            if quantity == nil || quantity! < 1 {
                row.fail("kit_components entry \(RowContext.quote(entry)): quantity \(RowContext.quote(quantityText)) must be a whole number of at least 1.")
                entryOK = false
            }
            guard entryOK, let quantity else { ok = false; continue }
            components.append(KitComponent(component: component, quantity: quantity))
        }
        return ok ? components.sorted { $0.component < $1.component } : nil
    }

    /// `CHANNEL:LISTING_ID:PRICE:enabled|disabled;...` (the state may be left out: enabled),
    /// priced in the SKU's currency and sorted by channel.
    private static func channelListings(_ row: inout RowContext, currency: String) -> [ChannelListing]? {
        var listings: [ChannelListing] = []
        var ok = true
        for entry in entries(row.text("channels")) {
            let parts = entry.split(separator: ":", omittingEmptySubsequences: false)
                .map { RowContext.trim(String($0)) }
            guard parts.count == 3 || parts.count == 4 else {
                row.fail("channels entry \(RowContext.quote(entry)) must be CHANNEL:LISTING_ID:PRICE:enabled|disabled, e.g. web:W-1001:12.99:enabled.")
                ok = false; continue
            }
            let (channel, listingID, priceText) = (parts[0], parts[1], parts[2])
            var entryOK = true
            if !SKU.isValidCode(channel) {
                row.fail("channels entry \(RowContext.quote(entry)): channel \(RowContext.quote(channel)) is not a valid code.")
                entryOK = false
            } else if listings.contains(where: { $0.channel == channel }) {
                row.fail("channels: channel \(channel) is listed twice.")
                entryOK = false
            }
            if listingID.isEmpty {
                row.fail("channels entry \(RowContext.quote(entry)): the listing id is empty.")
                entryOK = false
            }
            var price: Int64?
            switch FixedPoint.parse(priceText, decimals: 2) {
            case let .value(minor) where minor >= 0: price = minor
            case .value: row.fail("channels entry \(RowContext.quote(entry)): price cannot be negative.")
            case .tooPrecise: row.fail("channels entry \(RowContext.quote(entry)): price \(RowContext.quote(priceText)) has more than 2 decimal places.")
            case .invalid: row.fail("channels entry \(RowContext.quote(entry)): price \(RowContext.quote(priceText)) is not an amount like 12.99.")
            }
            var enabled = true
            if parts.count == 4 {
                switch parts[3].lowercased() {
                case "enabled", "enable", "on": enabled = true
                case "disabled", "disable", "off": enabled = false
                default:
                    if let flag = RowContext.flag(parts[3]) { enabled = flag } else {
                        row.fail("channels entry \(RowContext.quote(entry)): state \(RowContext.quote(parts[3])) must be enabled or disabled.")
                        entryOK = false
                    }
                }
            }
            guard entryOK, let price else { ok = false; continue }
            listings.append(ChannelListing(channel: channel, listingID: listingID,
                                           price: Money(minorUnits: price, currency: currency), enabled: enabled))
        }
        return ok ? listings.sorted { $0.channel < $1.channel } : nil
    }

    // MARK: Stock

    public static func parseStock(bytes: [UInt8], file: String) throws(ImportFileError) -> [ImportRow<StockLevel>] {
        var table = try load(.stock, bytes: bytes, file: file)
        return try table.parse(stockLevel)
    }

    private static func stockLevel(_ row: inout RowContext) -> StockLevel? {
        let sku = row.code("sku")
        let location = row.code("location")
        var status: StockStatus?
        if let text = row.required("status") {
            switch StockStatus(parsing: text) {
            case .reserved?:
                row.fail("status reserved cannot be imported: reserved stock follows order reservations; import it as sellable and reserve it against its orders.")
            case let parsed?: status = parsed
            case nil:
                let allowed = StockStatus.allCases.filter { $0 != .reserved }.map(\.spelling).joined(separator: ", ")
                row.fail("status \(RowContext.quote(text)) must be one of \(allowed).")
            }
        }
        var quantity = row.int("quantity")
        if let q = quantity, q < 0 {
            row.fail("quantity must be zero or more, got \(q).")
            quantity = nil
        }
        guard let sku, let location, let status, let quantity else { return nil }
        return StockLevel(sku: sku, location: location, status: status, quantity: quantity)
    }

    // MARK: Import

    /// Imports the file through `ops` as it is read, one row in memory at a time, with the
    /// file's name as the source. Every problem of every row is reported together, with the
    /// first row the import refuses (an unknown supplier, location or SKU, a key given twice):
    /// a file with any throws `ImportFileError` listing them by line; a refused role throws
    /// `OperationError`. In every case nothing is imported.
    public static func importFile(_ kind: MasterDataKind, path: String, into ops: Operations, by actor: Actor,
                                  progress: ImportProgress? = nil) throws -> ImportSummary {
        let source = URL(fileURLWithPath: path).lastPathComponent
        var table = try HeaderedCSV.open(path: path, required: kind.requiredColumns,
                                         optional: kind.columns.filter { !kind.requiredColumns.contains($0) })
        switch kind {
        case .suppliers:
            return try table.importRows(supplier) { try ops.importSuppliers(source: source, by: actor, progress: progress, produce: $0) }
        case .locations:
            return try table.importRows(location) { try ops.importLocations(source: source, by: actor, progress: progress, produce: $0) }
        case .skus:
            return try table.importRows(sku) { try ops.importSKUs(source: source, by: actor, progress: progress, produce: $0) }
        case .stock:
            return try table.importRows(stockLevel) { try ops.importStock(source: source, by: actor, progress: progress, produce: $0) }
        }
    }

    /// Splits the imports' "line N: reason" into its parts.
    static func lineAndReason(_ message: String) -> (Int, String)? {
        guard message.hasPrefix("line ") else { return nil }
        let rest = message.dropFirst(5)
        guard let colon = rest.firstIndex(of: ":"), let line = Int(rest[..<colon]) else { return nil }
        return (line, rest[rest.index(after: colon)...].trimmingCharacters(in: .whitespaces))
    }

    // MARK: Helpers

    private static func load(_ kind: MasterDataKind, bytes: [UInt8], file: String) throws(ImportFileError) -> HeaderedCSV {
        try HeaderedCSV.load(bytes: bytes, file: file, required: kind.requiredColumns,
                             optional: kind.columns.filter { !kind.requiredColumns.contains($0) })
    }

    private static func currency(_ row: inout RowContext) -> String? {
        guard let text = row.optional("currency") else { return defaultCurrency }
        let code = text.uppercased()
        guard Currency.isValid(code) else {
            row.fail("currency \(RowContext.quote(text)) must be a three-letter ISO code such as GBP.")
            return nil
        }
        return code
    }

    /// Applies a Domain rule, turning a refusal into a problem of the row.
    static func validated<T>(_ value: T, _ row: inout RowContext, _ rule: (T) throws(DomainError) -> Void) -> T? {
        do { try rule(value) } catch {
            row.fail(error.message)
            return nil
        }
        return value
    }

    /// Entries of a `;`-separated list, trimmed, empty ones dropped.
    private static func entries(_ text: String) -> [String] {
        text.split(separator: ";").map { RowContext.trim(String($0)) }.filter { !$0.isEmpty }
    }
}
