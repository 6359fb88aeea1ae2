// swift-tools-version: 6.1
// Benchmarks (ordo-one/benchmark), a package of their own so the main build and CI never
// compile the benchmark machinery. Run from this folder: `swift package benchmark`.
import PackageDescription

/// A benchmark target in Benchmarks/NAME; `console` ones drive the console through ConsoleBench.
func benchmark(_ name: String, console: Bool = false) -> Target {
    .executableTarget(
        name: name,
        dependencies: (console ? ["ConsoleBench"] : []) + [
            .product(name: "Benchmark", package: "benchmark"),
            .product(name: "QuartermasterKit", package: "main"),
        ],
        path: "Benchmarks/\(name)",
        swiftSettings: [.swiftLanguageMode(.v6)],
        plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")])
}

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
        benchmark("ConsolePane", console: true),
        benchmark("Allocation"),
        benchmark("Warehouse"),
        benchmark("OrderPane", console: true),
        benchmark("Dashboard", console: true),
        benchmark("QueuePanes", console: true),
    ]
)
