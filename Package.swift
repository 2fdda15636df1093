// swift-tools-version: 6.2
import PackageDescription

let strict: [SwiftSetting] = [.treatAllWarnings(as: .error)]

let package = Package(
    name: "pdtsim",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "pdtsim", targets: ["pdtsim"]),
        .library(name: "PDTNumerics", targets: ["PDTNumerics"]),
        .library(name: "PDTCore", targets: ["PDTCore"]),
        .library(name: "PDTStudies", targets: ["PDTStudies"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CGSL",
            pkgConfig: "gsl",
            providers: [.apt(["libgsl-dev"])]
        ),
        // The layers: each target imports only those above it in this list (LayerTests checks).
        .target(
            name: "PDTNumerics",
            dependencies: ["CGSL"],
            swiftSettings: strict
        ),
        .target(
            name: "PDTCore",
            dependencies: ["PDTNumerics"],
            swiftSettings: strict
        ),
        .target(
            name: "PDTStudies",
            dependencies: ["PDTCore", "PDTNumerics"],
            swiftSettings: strict
        ),
        .target(
            name: "PDTCommands",
            dependencies: [
                "PDTStudies",
                "PDTCore",
                "PDTNumerics",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "pdtsim",
            dependencies: ["PDTCommands"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "PDTCoreTests",
            dependencies: ["PDTStudies", "PDTCore", "PDTNumerics"],
            exclude: ["Fixtures"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "PDTCommandsTests",
            dependencies: ["PDTCommands", "PDTStudies", "PDTCore", "PDTNumerics", "pdtsim"],
            exclude: ["Fixtures"],
            swiftSettings: strict
        ),
    ]
)
