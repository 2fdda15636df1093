// swift-tools-version: 6.2
import PackageDescription

let strict: [SwiftSetting] = [.treatAllWarnings(as: .error)]

/// `make test` builds in the debug configuration with `PDTSIM_TEST_BUILD=1` (see the Makefile's
/// `TESTING` for the flags of every module). There the model and its numerics (PDTCore, PDTNumerics),
/// where the tests' run time goes, are optimised (`-O`) as in release; every other module, the
/// dependencies, the layers above the model and the tests, compiles unoptimised. `make run`,
/// `swift build -c release` (what `pdtsim benchmark` measures) and a plain `swift build` or
/// `swift test` are unaffected.
let testBuild = Context.environment["PDTSIM_TEST_BUILD"] == "1"
let optimised: [SwiftSetting] = testBuild ? strict + [.unsafeFlags(["-O"], .when(configuration: .debug))] : strict

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
            swiftSettings: optimised
        ),
        .target(
            name: "PDTCore",
            dependencies: ["PDTNumerics"],
            swiftSettings: optimised
        ),
        .target(
            name: "PDTModelFiles",
            dependencies: ["PDTCore", "PDTNumerics"],
            swiftSettings: strict
        ),
        .target(
            name: "PDTStudies",
            dependencies: ["PDTModelFiles", "PDTCore", "PDTNumerics"],
            swiftSettings: strict
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
            swiftSettings: strict
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
            swiftSettings: strict
        ),
        .testTarget(
            name: "PDTCommandsTests",
            dependencies: ["PDTCommands", "PDTStudies", "PDTModelFiles", "PDTCore", "PDTNumerics", "pdtsim"],
            exclude: ["Fixtures"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "PDTServeTests",
            dependencies: [
                "PDTServe", "PDTStudies", "PDTModelFiles", "PDTCore", "PDTNumerics", "pdtsim",
                .product(name: "Hummingbird", package: "hummingbird"),
            ],
            swiftSettings: strict
        ),
    ]
)

/// swift-docc-plugin only for `make docs` (`PDTSIM_DOCS=1`): every build otherwise fetches it and
/// compiles its two plugins before compiling anything else, on one core, for a manual it does not make.
if Context.environment["PDTSIM_DOCS"] == "1" {
    package.dependencies.append(.package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"))
}
