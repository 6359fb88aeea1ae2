// swift-tools-version: 6.1
// Quartermaster: layers as in docs/ARCHITECTURE.md; dependencies point downwards only.
import PackageDescription

let strict: [SwiftSetting] = [.swiftLanguageMode(.v6)]

let package = Package(
    name: "Quartermaster",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "qm", targets: ["qm"]),
        // For the benchmark package in Benchmarks/ (kept separate so CI's build stays lean).
        .library(name: "QuartermasterKit", targets: ["Domain", "Store", "Operations", "Channels", "TerminalKit", "Console"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        // SHA-256 for the hash chains of the audit log and the stock ledger.
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        // Pure rules: no I/O, no SQL, no terminal.
        .target(name: "Domain", swiftSettings: strict),
        // The only place SQL lives.
        .target(name: "Store", dependencies: ["Domain", .product(name: "GRDB", package: "GRDB.swift"),
                                              .product(name: "Crypto", package: "swift-crypto")], swiftSettings: strict),
        // The only way anything changes: authorize -> load -> rule -> persist -> audit.
        .target(name: "Operations", dependencies: ["Domain", "Store"], swiftSettings: strict),
        // Import/export of files (CSV, channel feeds).
        .target(name: "Channels", dependencies: ["Domain", "Operations"], swiftSettings: strict),
        // The only C the app touches.
        .systemLibrary(name: "CNcursesw", path: "Sources/CNcursesw"),
        .target(name: "TerminalKit", dependencies: ["CNcursesw"], swiftSettings: strict),
        .target(name: "Console", dependencies: ["TerminalKit", "Operations", "Domain"], swiftSettings: strict),
        .executableTarget(
            name: "qm",
            dependencies: ["Console", "Operations", "Channels", "Domain", "TerminalKit",
                           .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: strict),

        .testTarget(name: "DomainTests", dependencies: ["Domain"], swiftSettings: strict),
        .testTarget(name: "StoreTests", dependencies: ["Store", "Domain", .product(name: "GRDB", package: "GRDB.swift")], swiftSettings: strict),
        .testTarget(name: "OperationsTests", dependencies: ["Operations", "Store", "Domain"], swiftSettings: strict),
        .testTarget(name: "ChannelsTests", dependencies: ["Channels", "Operations", "Store", "Domain"], swiftSettings: strict),
        .testTarget(name: "TerminalKitTests", dependencies: ["TerminalKit"], swiftSettings: strict),
        .testTarget(name: "ConsoleTests", dependencies: ["Console", "TerminalKit", "Operations", "Domain"], exclude: ["Snapshots"], swiftSettings: strict),
        .testTarget(name: "EndToEndTests", dependencies: ["qm"], swiftSettings: strict),
    ]
)
