// swift-tools-version: 6.2
import PackageDescription

let strict: [SwiftSetting] = [.treatAllWarnings(as: .error)]

let package = Package(
    name: "pdtsim",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "pdtsim", targets: ["pdtsim"]),
        .library(name: "PDTCore", targets: ["PDTCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
        // No traits: the default one pulls swift-configuration; FullFoundation only changes how
        // URL-encoded forms write dates, which pdtsim serve does not use.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
    ],
    targets: [
        .systemLibrary(
            name: "CGSL",
            pkgConfig: "gsl",
            providers: [.apt(["libgsl-dev"])]
        ),
        .target(
            name: "PDTCore",
            dependencies: ["CGSL"],
            swiftSettings: strict
        ),
        .target(
            name: "PDTServe",
            dependencies: [
                "PDTCore",
                .product(name: "Hummingbird", package: "hummingbird"),
            ],
            resources: [.copy("Resources")],
            swiftSettings: strict
        ),
        .target(
            name: "PDTCommands",
            dependencies: [
                "PDTCore",
                "PDTServe",
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
            dependencies: ["PDTCore"],
            exclude: ["Fixtures"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "PDTCommandsTests",
            dependencies: ["PDTCommands", "PDTCore", "pdtsim"],
            exclude: ["Fixtures"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "PDTServeTests",
            dependencies: [
                "PDTServe", "PDTCore", "pdtsim",
                .product(name: "Hummingbird", package: "hummingbird"),
            ],
            swiftSettings: strict
        ),
    ]
)
