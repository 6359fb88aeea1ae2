// swift-tools-version: 6.1
// Benchmarks (ordo-one/benchmark), a package of their own so the main build and CI never
// compile the benchmark machinery. Run from this folder: `swift package benchmark`.
import PackageDescription

let package = Package(
    name: "QuartermasterBenchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", exact: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        // What the console benchmarks share (outside Benchmarks/, where the plugin looks for benchmarks).
        .target(
            name: "ConsoleBench",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "QuartermasterKit", package: "main"),
            ],
            path: "Support/ConsoleBench",
            swiftSettings: [.swiftLanguageMode(.v6)]),
        .executableTarget(
            name: "ConsolePane",
            dependencies: [
                "ConsoleBench",
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "QuartermasterKit", package: "main"),
            ],
            path: "Benchmarks/ConsolePane",
            swiftSettings: [.swiftLanguageMode(.v6)],
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]),
        .executableTarget(
            name: "Allocation",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "QuartermasterKit", package: "main"),
            ],
            path: "Benchmarks/Allocation",
            swiftSettings: [.swiftLanguageMode(.v6)],
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]),
        .executableTarget(
            name: "Warehouse",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "QuartermasterKit", package: "main"),
            ],
            path: "Benchmarks/Warehouse",
            swiftSettings: [.swiftLanguageMode(.v6)],
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]),
        .executableTarget(
            name: "OrderPane",
            dependencies: [
                "ConsoleBench",
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "QuartermasterKit", package: "main"),
            ],
            path: "Benchmarks/OrderPane",
            swiftSettings: [.swiftLanguageMode(.v6)],
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]),
        .executableTarget(
            name: "Dashboard",
            dependencies: [
                "ConsoleBench",
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "QuartermasterKit", package: "main"),
            ],
            path: "Benchmarks/Dashboard",
            swiftSettings: [.swiftLanguageMode(.v6)],
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]),
        .executableTarget(
            name: "QueuePanes",
            dependencies: [
                "ConsoleBench",
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "QuartermasterKit", package: "main"),
            ],
            path: "Benchmarks/QueuePanes",
            swiftSettings: [.swiftLanguageMode(.v6)],
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]),
    ]
)
