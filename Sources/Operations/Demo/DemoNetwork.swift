import Domain

/// The demo's sales network and catalogue, generated from a seed. Pure data: `DemoBuilder`
/// writes it through the ordinary import commands.
public struct DemoNetwork: Sendable {
    public var suppliers: [Supplier]
    public var locations: [Location]
    public var pools: [(channel: String, location: String)]
    public var skus: [SKURecord]

    static let regions = ["UK-N", "UK-M", "UK-S", "IE", "FR", "DE", "NL", "ES", "IT", "US-E", "US-W"]
    static let channels = ["web", "marketplace", "b2b", "edi", "phone"]
    static let adjectives = ["Red", "Blue", "Vintage", "Retro", "Pink", "Green", "White", "Ivory", "Gold", "Silver",
                             "Rustic", "Floral", "Striped", "Polka Dot", "Glass", "Enamel", "Wooden", "Paper",
                             "Ceramic", "Woven", "Tin", "Heart", "Star", "Spotty", "Regency", "Victorian"]
    static let nouns = ["Teapot", "Mug", "Lantern", "Doorstop", "Cake Stand", "Bunting", "Tea Towel", "Jam Jar",
                        "Candle Holder", "Photo Frame", "Lunch Bag", "Cushion Cover", "Clock", "Storage Tin",
                        "Notebook", "Hot Water Bottle", "Egg Cup", "Coat Hanger", "Tissue Box", "Fairy Lights",
                        "Trinket Box", "Milk Jug", "Shopping Bag", "Wall Sign", "Door Mat", "Cake Case"]
    static let supplierNames = ["Hartley & Sons", "Orchard Imports", "Bluebell Crafts", "Northgate Ceramics",
                                "Riverside Textiles", "Kestrel Trading", "Moorland Paper Co", "Harbour Glassworks",
                                "Thistle Homewares", "Copperfield Tin", "Lakeside Lighting", "Summit Packaging"]

    public static func generate(skus skuCount: Int, locations locationCount: Int, seed: UInt64) -> DemoNetwork {
        var rng = SeededRandom(seed: seed)
        let suppliers = supplierNames.enumerated().map { i, name in
            // Terms by position, not from the generator, so the rest of the demo stays as it was.
            Supplier(code: "SUP-\(String(format2: i + 1))", name: name, leadTimeMeanDays: Int.random(in: 5...45, using: &rng),
                     leadTimeSpreadDays: Int.random(in: 1...10, using: &rng), onTimePerMille: Int.random(in: 700...990, using: &rng),
                     minimumOrder: i % 2 == 0 ? 10 : 1,
                     tolerance: ReceivingTolerance(overPercent: [0, 5, 10][i % 3], underPercent: [0, 5, 2][i % 3]))
        }
        let locations = makeLocations(count: locationCount, rng: &rng)
        var pools: [(String, String)] = []
        for location in locations where location.fulfils {
            for channel in channels where location.kind != .store || channel == "web" || channel == "phone" {
                pools.append((channel, location.code))
            }
        }
        var records: [SKURecord] = []
        records.reserveCapacity(skuCount)
        let kitEvery = 50   // one SKU in fifty is a kit of two or three others
        for i in 0..<skuCount {
            let code = "QM\(String(10000 + i))"
            let name = "\(adjectives.randomElement(using: &rng)!) \(nouns.randomElement(using: &rng)!)"
            let roll = Int.random(in: 0..<100, using: &rng)
            let velocity: VelocityClass = roll < 20 ? .a : roll < 50 ? .b : .c
            let cost = Int64.random(in: 30...4000, using: &rng)
            let price = cost * Int64.random(in: 18...35, using: &rng) / 10
            let isKit = i >= 10 && i % kitEvery == kitEvery - 1
            var components: [KitComponent] = []
            if isKit {
                var picked: Set<Int> = []
                while picked.count < Int.random(in: 2...3, using: &rng) {
                    let j = Int.random(in: 0..<i, using: &rng)
                    if j % kitEvery != kitEvery - 1 || j < 10 { picked.insert(j) }
                }
                components = picked.sorted().map { KitComponent(component: "QM\(10000 + $0)", quantity: Int.random(in: 1...2, using: &rng)) }
            }
            let sku = SKU(code: code, name: isKit ? "\(name) Gift Set" : name, unitOfMeasure: "EA",
                          packSize: [1, 1, 1, 6, 12].randomElement(using: &rng)!,
                          unitCost: Money(minorUnits: cost, currency: "GBP"), listPrice: Money(minorUnits: price, currency: "GBP"),
                          preferredSupplier: suppliers.randomElement(using: &rng)!.code, velocity: velocity,
                          weightGrams: Int.random(in: 50...5000, using: &rng), active: rng.chance(97), isKit: isKit,
                          // One SKU in 25 is inspected on receipt (its goods wait in quarantine); not
                          // drawn from the generator, so the rest of the demo stays as it was.
                          inspectOnReceipt: !isKit && i % 25 == 7)
            var listings: [ChannelListing] = []
            for channel in ["web", "marketplace"] where rng.chance(channel == "web" ? 90 : 60) {
                listings.append(ChannelListing(channel: channel, listingID: "\(channel.prefix(2).uppercased())-\(code)",
                                               price: Money(minorUnits: channel == "web" ? price : price * 11 / 10, currency: "GBP"),
                                               enabled: rng.chance(95)))
            }
            records.append(SKURecord(sku: sku, listings: listings, components: components))
        }
        return DemoNetwork(suppliers: suppliers, locations: locations, pools: pools, skus: records)
    }

    /// Several regional warehouses, a 3PL, stores and an in-transit node; regional
    /// warehouses ship fastest and cheapest to their own region.
    static func makeLocations(count: Int, rng: inout SeededRandom) -> [Location] {
        let count = max(count, 3)
        var result: [Location] = []
        let warehouses = max(2, count / 2)
        for i in 0..<count {
            let code: String, name: String, kind: LocationKind
            if i < warehouses {
                let home = regions[i % regions.count]
                code = "WH-\(home)" + (i >= regions.count ? "-\(i / regions.count + 1)" : "")
                name = "\(home) regional warehouse"; kind = .warehouse
            } else if i == warehouses {
                code = "3PL-EU"; name = "EU fulfilment partner"; kind = .thirdParty
            } else if i == count - 1 {
                code = "TRANSIT"; name = "In transit"; kind = .inTransit
            } else {
                code = "ST-\(String(format2: i - warehouses))"; name = "Store \(i - warehouses)"; kind = .store
            }
            var serviceRegions: [ServiceRegion] = []
            if kind != .inTransit {
                let home = regions[i % regions.count]
                for region in regions {
                    let local = region == home
                    let sameCountry = region.prefix(2) == home.prefix(2)
                    let days = local ? 1 : sameCountry ? 2 : Int.random(in: 3...7, using: &rng)
                    let cost = Int64(local ? 350 : sameCountry ? 550 : Int.random(in: 800...2400, using: &rng))
                    if kind == .store && !sameCountry { continue }
                    serviceRegions.append(ServiceRegion(region: region, transitDays: kind == .thirdParty ? days + 1 : days,
                                                        shippingCost: Money(minorUnits: kind == .thirdParty ? cost * 8 / 10 : cost, currency: "GBP")))
                }
            }
            result.append(Location(code: code, name: name, kind: kind, fulfils: kind != .inTransit, regions: serviceRegions))
        }
        return result
    }
}

extension String {
    /// Two-digit zero-padded number ("07").
    init(format2 n: Int) { self = n < 10 ? "0\(n)" : "\(n)" }
}
