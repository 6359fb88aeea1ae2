import Testing
import Foundation
import Domain
import Operations
@testable import Channels

/// The errors of a refused file, or an issue when it was accepted.
func importErrors(_ body: () throws -> Void) -> [(line: Int, reason: String)] {
    do {
        try body()
        Issue.record("expected the file to be refused")
    } catch let error as ImportFileError {
        return error.errors
    } catch {
        Issue.record("expected ImportFileError, got \(error)")
    }
    return []
}

func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

@Suite struct SupplierFileTests {
    @Test func parsesSuppliersWithPercentAsPerMille() throws {
        let rows = try MasterDataFile.parseSuppliers(bytes: bytes("""
            Code,NAME,lead_time_days,Lead Time Spread Days,on_time_percent
            SUP-1,Hartley & Sons,21,4,95.5
            SUP-2,"Orchard, Imports",35,,88
            SUP-3,Bluebell,0,0,100%
            """), file: "suppliers.csv")
        #expect(rows.map(\.line) == [2, 3, 4])
        #expect(rows[0].value == Supplier(code: "SUP-1", name: "Hartley & Sons", leadTimeMeanDays: 21, leadTimeSpreadDays: 4, onTimePerMille: 955))
        #expect(rows[1].value == Supplier(code: "SUP-2", name: "Orchard, Imports", leadTimeMeanDays: 35, leadTimeSpreadDays: 0, onTimePerMille: 880))
        #expect(rows[2].value.onTimePerMille == 1000)
    }

    @Test func supplierTermsAreReadAndCheckedWithTheirDefaults() throws {
        let rows = try MasterDataFile.parseSuppliers(bytes: bytes("""
            code,name,lead_time_days,on_time_percent,minimum_order,whole_packs,over_tolerance_percent,under_tolerance_percent
            SUP-1,Terms,7,90,24,yes,5,2
            SUP-2,Defaults,7,90,,,,
            """), file: "suppliers.csv")
        #expect(rows[0].value.minimumOrder == 24 && rows[0].value.roundsToPack
                && rows[0].value.tolerance == ReceivingTolerance(overPercent: 5, underPercent: 2))
        #expect(rows[1].value.minimumOrder == 1 && !rows[1].value.roundsToPack && rows[1].value.tolerance == ReceivingTolerance())
        let errors = importErrors {
            _ = try MasterDataFile.parseSuppliers(bytes: bytes("""
                code,name,lead_time_days,on_time_percent,minimum_order,whole_packs,over_tolerance_percent
                SUP-1,Zero minimum,7,90,0,no,0
                SUP-2,Odd flag,7,90,1,maybe,0
                SUP-3,Too tolerant,7,90,1,no,101
                """), file: "suppliers.csv")
        }
        #expect(errors.count == 3)
        #expect(errors.map(\.line) == [2, 3, 4])
        #expect(errors[0].reason.contains("minimum order quantity"))
        #expect(errors[1].reason.contains("whole_packs") && errors[2].reason.contains("over-receipt tolerance"))
    }

    @Test func spreadsheetExportWithBOMAndCRLFReads() throws {
        let text = "code,name,lead_time_days,on_time_percent\r\nSUP-1, Padded name ,7,90\r\n\r\nSUP-2,\"Two, quoted\",8,91\r\nSUP-3,Three,9,92\r\n"
        let rows = try MasterDataFile.parseSuppliers(bytes: [0xEF, 0xBB, 0xBF] + bytes(text), file: "suppliers.csv")
        #expect(rows.map(\.line) == [2, 4, 5])
        #expect(rows.map(\.value.name) == ["Padded name", "Two, quoted", "Three"])
    }

    @Test func everyBadRowIsReportedWithItsLine() {
        let errors = importErrors {
            _ = try MasterDataFile.parseSuppliers(bytes: bytes("""
                code,name,lead_time_days,lead_time_spread_days,on_time_percent
                SUP-1,Good,21,4,95
                SUP-2,,21,4,95
                SUP-3,Bad lead,three,4,95
                SUP-4,Bad rate,10,2,101
                SUP-5,Too precise,10,2,95.25
                bad code,Bad code,10,2,90
                SUP-6,Negative,-1,2,90
                """), file: "suppliers.csv")
        }
        #expect(errors.map(\.line) == [3, 4, 5, 6, 7, 8])
        #expect(errors[0].reason == "name is required but empty.")
        #expect(errors[1].reason.contains("lead_time_days 'three' is not a whole number"))
        #expect(errors[2].reason.contains("between 0 and 100"))
        #expect(errors[3].reason.contains("more than one decimal place"))
        #expect(errors[4].reason.contains("'bad code' is not a valid code"))
        // The Domain rule speaks for negative lead times.
        #expect(errors[5].reason == "Supplier SUP-6: lead time in days -1 is out of range (0-3650).")
    }
}

@Suite struct LocationFileTests {
    @Test func parsesKindsFlagsAndSortedRegions() throws {
        let rows = try MasterDataFile.parseLocations(bytes: bytes("""
            code,name,kind,fulfils,regions,currency
            WH-1,Manchester,Warehouse,yes,UK-S:2:3.95;UK-N:1:2.5;,
            ST-1,Shop,store,0,,
            NL,Rotterdam,3PL,TRUE,NL:1:4,eur
            T,Transit,in_transit,no,,GBP
            """), file: "locations.csv")
        #expect(rows.count == 4)
        #expect(rows[0].value == Location(code: "WH-1", name: "Manchester", kind: .warehouse, fulfils: true, regions: [
            ServiceRegion(region: "UK-N", transitDays: 1, shippingCost: Money(minorUnits: 250, currency: "GBP")),
            ServiceRegion(region: "UK-S", transitDays: 2, shippingCost: Money(minorUnits: 395, currency: "GBP")),
        ]))
        #expect(rows[1].value.kind == .store && !rows[1].value.fulfils && rows[1].value.regions.isEmpty)
        #expect(rows[2].value.kind == .thirdParty && rows[2].value.regions.first?.shippingCost == Money(minorUnits: 400, currency: "EUR"))
        #expect(rows[3].value.kind == .inTransit)
    }

    @Test func badRowsNameTheirLinesAndReasons() {
        let errors = importErrors {
            _ = try MasterDataFile.parseLocations(bytes: bytes("""
                code,name,kind,fulfils,regions
                WH-1,Ok,warehouse,yes,UK-S:1:3.50
                WH-2,Bad kind,depot,yes,
                WH-3,Bad flag,warehouse,maybe,
                WH-4,Bad region,warehouse,yes,UK-S:1
                WH-5,Bad cost,warehouse,yes,UK-S:1:£3
                WH-6,Twice,warehouse,yes,UK-S:1:3;UK-S:2:4
                T-1,Transit,in-transit,yes,
                """), file: "locations.csv")
        }
        #expect(errors.map(\.line) == [3, 4, 5, 6, 7, 8])
        #expect(errors[0].reason.contains("kind 'depot' must be one of warehouse, store, 3pl, in-transit"))
        #expect(errors[1].reason.contains("fulfils 'maybe' must be yes or no"))
        #expect(errors[2].reason.contains("must be REGION:DAYS:COST"))
        #expect(errors[3].reason.contains("is not an amount"))
        #expect(errors[4].reason.contains("region UK-S is listed twice"))
        #expect(errors[5].reason == "Location T-1 is in-transit and cannot fulfil orders.")
    }
}

@Suite struct SKUFileTests {
    @Test func requiredColumnsOnlyTakeTheDefaults() throws {
        let rows = try MasterDataFile.parseSKUs(bytes: bytes("""
            code,name,unit_cost,list_price
            A-1,Mug,1.8,5.99
            """), file: "skus.csv")
        #expect(rows.count == 1)
        #expect(rows[0].value == SKURecord(sku: SKU(code: "A-1", name: "Mug", unitOfMeasure: "EA", packSize: 1,
                                                    unitCost: Money(minorUnits: 180, currency: "GBP"),
                                                    listPrice: Money(minorUnits: 599, currency: "GBP"),
                                                    preferredSupplier: nil, velocity: .c, weightGrams: 0, active: true, isKit: false)))
    }

    @Test func parsesKitsAndChannelListings() throws {
        let rows = try MasterDataFile.parseSKUs(bytes: bytes("""
            code,name,uom,pack_size,unit_cost,list_price,currency,supplier,velocity,weight_g,active,kit_components,channels
            MUG,Mug,EA,6,1.80,5.99,USD,SUP-1,a,320,no,,web:W-1:5.99:enabled;amazon:AMZ-1:6.49:disabled
            SET,Gift set,EA,1,0,19.99,,,B,0,yes,TOWEL*1;MUG*2,web:W-9:19.99
            """), file: "skus.csv")
        let mug = rows[0].value
        #expect(mug.sku.packSize == 6 && mug.sku.unitCost == Money(minorUnits: 180, currency: "USD"))
        #expect(mug.sku.preferredSupplier == "SUP-1" && mug.sku.velocity == .a && mug.sku.weightGrams == 320)
        #expect(!mug.sku.active && !mug.sku.isKit && mug.components.isEmpty)
        #expect(mug.listings == [
            ChannelListing(channel: "amazon", listingID: "AMZ-1", price: Money(minorUnits: 649, currency: "USD"), enabled: false),
            ChannelListing(channel: "web", listingID: "W-1", price: Money(minorUnits: 599, currency: "USD"), enabled: true),
        ])
        let set = rows[1].value
        #expect(set.sku.isKit && set.sku.preferredSupplier == nil && set.sku.velocity == .b)
        #expect(set.components == [KitComponent(component: "MUG", quantity: 2), KitComponent(component: "TOWEL", quantity: 1)])
        #expect(set.listings == [ChannelListing(channel: "web", listingID: "W-9", price: Money(minorUnits: 1999, currency: "GBP"), enabled: true)])
    }

    @Test func everyKindOfBadRowIsReported() {
        let errors = importErrors {
            _ = try MasterDataFile.parseSKUs(bytes: bytes("""
                code,name,pack_size,unit_cost,list_price,currency,velocity,weight_g,active,kit_components,channels
                OK,Fine,1,1.00,2.00,GBP,A,10,yes,,
                P0,Zero pack,0,1.00,2.00,GBP,A,10,yes,,
                M1,Bad money,1,1.00,£2,GBP,A,10,yes,,
                V1,Bad velocity,1,1.00,2.00,GBP,D,10,yes,,
                C1,Bad currency,1,1.00,2.00,POUNDS,A,10,yes,,
                K1,Bad kit,1,1.00,2.00,GBP,A,10,yes,OK*0,
                L1,Bad listing,1,1.00,2.00,GBP,A,10,yes,,web:W-1
                N1,Negative cost,1,-1.00,2.00,GBP,A,10,yes,,
                X1,Short row,1
                A1,Bad active,1,1.00,2.005,GBP,A,10,perhaps,,
                LONG,\(String(repeating: "n", count: TextRules.maxName + 1)),1,1.00,2.00,GBP,A,10,yes,,
                BIDI,Mug \u{202E}gum,1,1.00,2.00,GBP,A,10,yes,,
                """), file: "skus.csv")
        }
        #expect(errors.map(\.line) == [3, 4, 5, 6, 7, 8, 9, 10, 11, 11, 12, 13])
        #expect(errors[10].reason == "SKU LONG: the name is 201 characters long; at most 200.")
        #expect(errors[11].reason == "SKU BIDI: the name contains control characters.")
        #expect(errors[0].reason == "SKU P0: pack size 0 is out of range (1-1000000).")
        #expect(errors[1].reason.contains("list_price '£2' is not an amount"))
        #expect(errors[2].reason.contains("velocity 'D' must be A, B or C"))
        #expect(errors[3].reason.contains("currency 'POUNDS' must be a three-letter ISO code"))
        #expect(errors[4].reason.contains("quantity '0' must be a whole number of at least 1"))
        #expect(errors[5].reason.contains("must be CHANNEL:LISTING_ID:PRICE:enabled|disabled"))
        #expect(errors[6].reason == "SKU N1: unit cost -1.00 is out of range (0.00-1000000000.00).")
        #expect(errors[7].reason == "has 3 fields but the header has 11 columns.")
        // Two problems on one row: both reported.
        #expect(errors[8].reason.contains("list_price '2.005' has more than 2 decimal places"))
        #expect(errors[9].reason.contains("active 'perhaps' must be yes or no"))
    }

    @Test func aDropShipSKUNeedsItsSupplierAndIsNoKit() throws {
        let rows = try MasterDataFile.parseSKUs(bytes: bytes("""
            code,name,unit_cost,list_price,supplier,drop_ship,drop_ship_channels
            BENCH,Bench,80.00,199.00,SUP-2,yes,
            MUG,Mug,1.80,5.99,,no,
            VASE,Vase,3.00,9.00,SUP-2,,web;marketplace
            """), file: "skus.csv")
        #expect(rows.map(\.value.sku.dropShip) == [true, false, false])
        #expect(rows[2].value.sku.dropShipChannels == ["marketplace", "web"] && rows[2].value.sku.isDropShipped(on: "web")
                && !rows[2].value.sku.isDropShipped(on: "shop"))
        let errors = importErrors {
            _ = try MasterDataFile.parseSKUs(bytes: bytes("""
                code,name,unit_cost,list_price,supplier,drop_ship,kit_components
                LOOSE,No supplier,1.00,2.00,,yes,
                SET,Gift set,0,9.99,SUP-2,yes,MUG*2
                """), file: "skus.csv")
        }
        #expect(errors.map(\.line) == [2, 3])
        #expect(errors.map(\.reason) == ["drop_ship needs a supplier: the one who ships it to the customer.",
                                         "a kit cannot be drop-shipped: its components are."])
    }

    @Test func unknownAndMissingColumnsAreNamed() {
        let errors = importErrors {
            _ = try MasterDataFile.parseSKUs(bytes: bytes("""
                code,colour,unit_cost,size
                A,red,1.00,L
                """), file: "skus.csv")
        }
        #expect(errors.count == 2)
        #expect(errors.allSatisfy { $0.line == 1 })
        #expect(errors[0].reason.hasPrefix("unknown columns colour, size;"))
        #expect(errors[1].reason == "missing required columns name, list_price.")
    }

    @Test func duplicateAndEmptyHeaderNamesAreRefused() {
        let errors = importErrors {
            _ = try MasterDataFile.parseSKUs(bytes: bytes("code,name,Name,unit_cost,list_price,\n"), file: "skus.csv")
        }
        #expect(errors.map(\.reason) == ["column name appears twice in the header (columns 2 and 3).",
                                         "column 6 of the header has no name."])
    }

    @Test func emptyFileIsRefused() {
        let errors = importErrors { _ = try MasterDataFile.parseSKUs(bytes: [], file: "skus.csv") }
        #expect(errors.count == 1 && errors[0].reason.contains("the file is empty"))
    }

    @Test func malformedCSVIsReportedWithItsLine() {
        let errors = importErrors {
            _ = try MasterDataFile.parseSKUs(bytes: bytes("code,name,unit_cost,list_price\nA,\"Mug,1,2\n"), file: "skus.csv")
        }
        #expect(errors.count == 1 && errors[0].line == 2 && errors[0].reason.contains("unterminated"))
    }
}

@Suite struct StockFileTests {
    @Test func parsesStatusesInAnySpelling() throws {
        let rows = try MasterDataFile.parseStock(bytes: bytes("""
            SKU,Location,Status,Quantity
            A,WH-1,sellable,10
            A,WH-1,Return-Pending,0
            A,WH-1,QUARANTINE,3
            B,WH-2,return_pending,1
            """), file: "stock.csv")
        #expect(rows.map(\.value) == [
            StockLevel(sku: "A", location: "WH-1", status: .sellable, quantity: 10),
            StockLevel(sku: "A", location: "WH-1", status: .returnPending, quantity: 0),
            StockLevel(sku: "A", location: "WH-1", status: .quarantine, quantity: 3),
            StockLevel(sku: "B", location: "WH-2", status: .returnPending, quantity: 1),
        ])
    }

    @Test func badRowsAreAllReported() {
        let errors = importErrors {
            _ = try MasterDataFile.parseStock(bytes: bytes("""
                sku,location,status,quantity
                A,WH-1,sellable,10
                A,WH-1,reserved,2
                A,WH-1,lost,2
                A,WH-1,damaged,-1
                A,WH-1,quarantine,1.5
                ,WH-1,sellable,4
                """), file: "stock.csv")
        }
        #expect(errors.map(\.line) == [3, 4, 5, 6, 7])
        #expect(errors[0].reason.contains("reserved cannot be imported"))
        #expect(errors[1].reason.contains("status 'lost' must be one of sellable, quarantine, damaged, return-pending"))
        #expect(errors[2].reason == "quantity must be zero or more, got -1.")
        #expect(errors[3].reason.contains("quantity '1.5' is not a whole number"))
        #expect(errors[4].reason == "sku is required but empty.")
    }
}

@Suite struct ImportFileErrorTests {
    @Test func descriptionListsFileAndLineAndCapsTheList() {
        let few = ImportFileError(file: "skus.csv", errors: [(3, "bad"), (0, "whole file")])
        #expect(few.description == "skus.csv:3: bad\nskus.csv: whole file")
        let many = ImportFileError(file: "s.csv", errors: (1...60).map { ($0, "r\($0)") })
        let lines = many.description.split(separator: "\n")
        #expect(lines.count == 51)
        #expect(lines[49] == "s.csv:50: r50")
        #expect(lines[50] == "... and 10 more")
        let counted = ImportFileError(file: "s.csv", errors: (1...60).map { ($0, "r\($0)") }, omitted: 5)
        #expect(counted.description.hasSuffix("\n... and 15 more"))
    }

    /// A file of any number of bad rows keeps the first thousand problems and counts the rest.
    @Test func aThousandProblemsAreKeptTheRestCounted() {
        let text = "code,name,lead_time_days,on_time_percent\n" + (1...1_500).map { "S\($0),Bad,x,90\n" }.joined()
        do {
            _ = try MasterDataFile.parseSuppliers(bytes: bytes(text), file: "s.csv")
            Issue.record("expected the file to be refused")
        } catch {
            #expect(error.errors.count == ImportProblems.kept && error.omitted == 500)
            #expect(error.errors.last?.line == 1_001)
            #expect(error.description.hasSuffix("\n... and 1450 more"))
        }
    }

    @Test func missingFileNamesThePath() {
        do {
            _ = try HeaderedCSV.open(path: "/nonexistent/qm/stock.csv", required: ["sku"], optional: [])
            Issue.record("expected an error")
        } catch {
            #expect(error.errors.count == 1 && error.errors[0].line == 0)
            #expect(error.description == "/nonexistent/qm/stock.csv: no such file")
        }
    }
}
