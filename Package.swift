// swift-tools-version: 6.2
import PackageDescription

let strict: [SwiftSetting] = [.treatAllWarnings(as: .error)]

/// `make test` builds in release mode with `PDTSIM_TESTABLE=1`: the libraries the tests import with
/// `@testable` then compile with `-enable-testing`, and only they. Passing `-Xswiftc -enable-testing`
/// instead compiled every dependency (SwiftNIO, Hummingbird, …) testable too, which cost about 11 % more
/// CPU on them (a clean release build of Hummingbird's target: 521 against 462 CPU-seconds).
let testable: [SwiftSetting] =
    Context.environment["PDTSIM_TESTABLE"] == "1"
    ? strict + [.unsafeFlags(["-enable-testing"], .when(configuration: .release))] : strict

/// The test targets build unoptimised and without debug information even in `make test`'s release
/// build: their code only calls the libraries (which stay optimised) and checks results, and
/// compiling it is already about a quarter of the build in the 10-minute test budget on 2 cores
/// (about 260 of some 1,060 CPU-seconds of `swift-frontend`, measured with `-stats-output-dir`).
let testSettings: [SwiftSetting] = strict + [.unsafeFlags(["-Onone", "-gnone"], .when(configuration: .release))]

let package = Package(
    name: "pdtsim",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "pdtsim", targets: ["pdtsim"]),
        .library(name: "PDTNumerics", targets: ["PDTNumerics"]),
        .library(name: "PDTCore", targets: ["PDTCore"]),
        .library(name: "PDTModelFiles", targets: ["PDTModelFiles"]),
        .library(name: "PDTStudies", targets: ["PDTStudies"]),
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
        // The layers: each target imports only those above it in this list (LayerTests checks).
        .target(
            name: "PDTNumerics",
            dependencies: ["CGSL"],
            swiftSettings: testable
        ),
        .target(
            name: "PDTCore",
            dependencies: ["PDTNumerics"],
            swiftSettings: testable
        ),
        .target(
            name: "PDTModelFiles",
            dependencies: ["PDTCore", "PDTNumerics"],
            swiftSettings: testable
        ),
        .target(
            name: "PDTStudies",
            dependencies: ["PDTModelFiles", "PDTCore", "PDTNumerics"],
            swiftSettings: testable
        ),
        .target(
            name: "PDTServe",
            dependencies: [
                "PDTStudies",
                "PDTModelFiles",
                "PDTCore",
                "PDTNumerics",
                .product(name: "Hummingbird", package: "hummingbird"),
            ],
            resources: [.copy("Resources")],
            swiftSettings: strict
        ),
        .target(
            name: "PDTCommands",
            dependencies: [
                "PDTServe",
                "PDTStudies",
                "PDTModelFiles",
                "PDTCore",
                "PDTNumerics",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: testable
        ),
        .executableTarget(
            name: "pdtsim",
            dependencies: ["PDTCommands"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "PDTCoreTests",
            dependencies: ["PDTStudies", "PDTModelFiles", "PDTCore", "PDTNumerics"],
            exclude: ["Fixtures"],
            swiftSettings: testSettings
        ),
        .testTarget(
            name: "PDTCommandsTests",
            dependencies: ["PDTCommands", "PDTStudies", "PDTModelFiles", "PDTCore", "PDTNumerics", "pdtsim"],
            exclude: ["Fixtures"],
            swiftSettings: testSettings
        ),
        .testTarget(
            name: "PDTServeTests",
            dependencies: [
                "PDTServe", "PDTStudies", "PDTModelFiles", "PDTCore", "PDTNumerics", "pdtsim",
                .product(name: "Hummingbird", package: "hummingbird"),
            ],
            swiftSettings: testSettings
        ),
    ]
)
