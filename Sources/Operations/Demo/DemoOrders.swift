import Domain

/// The demo's orders: several channels, every kind of validation trouble in small doses,
/// a few lines each. Pure data from a seed; DemoBuilder captures them through the
/// ordinary import and then walks them through the lifecycle. Public for the benchmarks.
public enum DemoOrders {
    static let channels: [(name: String, weight: Int)] = [("web", 45), ("marketplace", 25), ("b2b", 10), ("edi", 8), ("phone", 12)]
    static let cities = ["UK-N": "Leeds", "UK-M": "Birmingham", "UK-S": "Brighton", "IE": "Dublin", "FR": "Lyon", "DE": "Köln",
                         "NL": "Utrecht", "ES": "Sevilla", "IT": "Torino", "US-E": "Boston", "US-W": "Portland"]
    static let countries = ["UK-N": "GB", "UK-M": "GB", "UK-S": "GB", "IE": "IE", "FR": "FR", "DE": "DE", "NL": "NL",
                            "ES": "ES", "IT": "IT", "US-E": "US", "US-W": "US"]

    /// `count` orders numbered from `firstNumber` (references must differ between batches),
    /// in the order they were placed, as a channel feed delivers them: order numbers and
    /// references grow with the time of ordering.
    public static func generate(count: Int, network: DemoNetwork, seed: UInt64, today: String,
                                firstNumber: Int = 0) -> [OrderDraft] {
        Array(DemoOrderStream(count: count, network: network, seed: seed, today: today, firstNumber: firstNumber))
    }

    static let referencePrefix = ["web": "W", "marketplace": "MP", "b2b": "B2B", "edi": "EDI", "phone": "PH"]
}

/// The demo's orders one at a time (what `DemoOrders.generate` collects), so a million can be
/// captured in chunks without holding them all.
public struct DemoOrderStream: Sequence, IteratorProtocol {
    let total: Int
    let today: String
    let firstNumber: Int
    var rng: SeededRandom
    let draw: [SKU]
    let weightTotal = DemoOrders.channels.reduce(0) { $0 + $1.weight }
    /// When each order was placed (days ago, minute of the day 06:00 – 22:59), oldest first:
    /// drawn and sorted before the orders, so numbers follow time.
    let placed: [(daysAgo: Int, minute: Int)]
    var n = 0

    public init(count: Int, network: DemoNetwork, seed: UInt64, today: String, firstNumber: Int = 0) {
        total = count; self.today = today; self.firstNumber = firstNumber
        var rng = SeededRandom(seed: seed &+ 7)
        let sellable = network.skus.filter { $0.sku.active }.map(\.sku)
        // Fast movers are ordered more: A SKUs appear three times in the draw, B twice.
        draw = sellable.flatMap { sku in Array(repeating: sku, count: sku.velocity == .a ? 3 : sku.velocity == .b ? 2 : 1) }
        var placed = (0..<count).map { _ in
            (daysAgo: Int.random(in: 0...20, using: &rng), minute: Int.random(in: (6 * 60)..<(23 * 60), using: &rng))
        }
        placed.sort { ($1.daysAgo, $0.minute) < ($0.daysAgo, $1.minute) }
        self.placed = placed
        self.rng = rng
    }

    public var underestimatedCount: Int { total - n }

    public mutating func next() -> OrderDraft? {
        guard n < total else { return nil }
        defer { n += 1 }
        let when = placed[n]
        let regions = DemoNetwork.regions
        var roll = Int.random(in: 0..<weightTotal, using: &rng)
        let channel = DemoOrders.channels.first { roll -= $0.weight; return roll < 0 }!.name
        let region = regions[Int.random(in: 0..<regions.count, using: &rng) % regions.count]
        let customerNo = Int.random(in: 1...Swift.max(1, total / 3 + 50), using: &rng)
        let guest = channel == "web" && rng.chance(20)
        var address = Address(name: "Customer \(customerNo)", line1: "\(Int.random(in: 1...240, using: &rng)) High Street",
                              city: DemoOrders.cities[region] ?? "Town",
                              postcode: "QM\(Int.random(in: 1...99, using: &rng)) \(Int.random(in: 1...9, using: &rng))AB",
                              country: DemoOrders.countries[region] ?? "GB", region: region)
        if rng.chance(4) { address.postcode = "" }                          // address hold
        let payment: PaymentStatus = rng.chance(3) ? .pending : channel == "b2b" || channel == "edi" ? .authorized : .captured
        let fraud = rng.chance(2) ? Int.random(in: 70...99, using: &rng) : Int.random(in: 0...40, using: &rng)
        let service: ServiceLevel = rng.chance(15) ? .express : rng.chance(5) ? .nextDay : .standard
        let day = OrderDate.adding(days: -when.daysAgo, to: today)
        let time = "\(String(format2: when.minute / 60)):\(String(format2: when.minute % 60)):00"
        var lines: [OrderLineDraft] = []
        let bulk = channel == "b2b" || channel == "edi"
        var used: Set<String> = []
        for _ in 0..<Int.random(in: 1...(bulk ? 6 : 3), using: &rng) {
            let sku = draw[Int.random(in: 0..<draw.count, using: &rng)]
            guard used.insert(sku.code).inserted else { continue }
            let qty = bulk ? Int.random(in: 6...48, using: &rng) : Int.random(in: 1...4, using: &rng)
            let price = sku.listPrice.minorUnits
            let discount = bulk ? Int64(qty) * price / 10 : 0
            let tax: Int64? = rng.chance(1) ? nil : (Int64(qty) * price - discount) / 5
            lines.append(OrderLineDraft(sku: sku.code, description: sku.name, quantity: qty, unitPrice: price,
                                        discount: discount, tax: tax))
        }
        return OrderDraft(channel: channel, externalRef: "\(DemoOrders.referencePrefix[channel]!)-\(100_000 + firstNumber + n)",
                          customer: guest ? "" : "CUST-\(customerNo)", shipTo: address, serviceLevel: service,
                          promiseDate: OrderDate.adding(days: service.promiseDays, to: day),
                          paymentStatus: payment, fraudScore: fraud, currency: "GBP",
                          freight: service == .standard ? 395 : 895, orderedAt: "\(day) \(time)", lines: lines)
    }
}
