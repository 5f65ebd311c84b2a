// swift-tools-version:6.0
import PackageDescription

// Dependencies flow one way (docs/ARCHITECTURE.md):
// scalewise -> ScalewiseServer -> {RPC, ScalingCore} -> JSON -> CJansson.
// ScalingCore is pure Swift with no I/O; it links NLopt for fitting only.
let package = Package(
    name: "Scalewise",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "scalewise", targets: ["scalewise"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CJansson",
            pkgConfig: "jansson",
            providers: [.apt(["libjansson-dev"])]
        ),
        .systemLibrary(
            name: "CNLopt",
            pkgConfig: "nlopt",
            providers: [.apt(["libnlopt-dev"])]
        ),
        .target(name: "JSON", dependencies: ["CJansson"]),
        .target(name: "RPC", dependencies: ["JSON"]),
        .target(name: "ScalingCore", dependencies: ["CNLopt"]),
        .target(name: "ScalewiseServer", dependencies: ["RPC", "JSON", "ScalingCore"]),
        .executableTarget(
            name: "scalewise",
            dependencies: [
                "ScalewiseServer",
                "ScalingCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Benchmark only (bench/plan/run.py): times ExperimentPlanner and checks it on the Epoch runs.
        .executableTarget(name: "PlanBench", dependencies: ["ScalingCore"], path: "bench/plan/Swift"),
        // Test-only: an independent Foundation decoding of data/*.json shared by two test targets.
        .target(name: "DataFixtures", dependencies: ["ScalingCore"], path: "Tests/DataFixtures"),
        .testTarget(name: "JSONTests", dependencies: ["JSON"]),
        .testTarget(name: "RPCTests", dependencies: ["RPC", "JSON"]),
        .testTarget(name: "ScalingCoreTests", dependencies: ["ScalingCore", "DataFixtures"]),
        .testTarget(name: "ScalewiseServerTests", dependencies: ["ScalewiseServer", "RPC", "JSON", "ScalingCore", "DataFixtures"]),
    ]
)
