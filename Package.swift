// swift-tools-version: 6.2
import Foundation
import PackageDescription

let strict: [SwiftSetting] = [.treatAllWarnings(as: .error)]

/// `make test` builds in the debug configuration with `PDTSIM_TEST_BUILD=1`, into `.build-test/`.
/// SwiftNIO, Hummingbird and the argument parser then compile unoptimised: a clean build of
/// Hummingbird's target took 229 CPU-seconds against 402 in release (`/usr/bin/time`, idle 2-core
/// machine), and the whole test build 537 against about 1,000. The debug configuration also makes
/// every module testable, which the tests' `@testable import`s need. The model and its numerics
/// (PDTCore, PDTNumerics), where the tests' run time goes, compile optimised across the whole module
/// as in release (`-O -wmo`); the layers above them, which orchestrate runs of the model, and the test
/// targets compile unoptimised, the test targets across the whole module too (in the debug
/// configuration's batch mode they took about 400 CPU-seconds against 240). With `-num-threads`,
/// whole-module compilation still writes one object file per source file, as the debug
/// configuration's link step expects; `-disable-batch-mode` keeps the driver from warning that it
/// ignores batch mode. `make run`, `swift build -c release` (what `pdtsim benchmark` measures) and a
/// plain `swift build` or `swift test` are unaffected.
let testBuild = Context.environment["PDTSIM_TEST_BUILD"] == "1"
let wholeModule = ["-wmo", "-num-threads", String(ProcessInfo.processInfo.activeProcessorCount), "-disable-batch-mode"]
let optimisedInTests: [SwiftSetting] =
    testBuild ? strict + [.unsafeFlags(["-O"] + wholeModule, .when(configuration: .debug))] : strict

/// The test targets: in `make test`'s build, whole-module and without debug information (their code
/// only calls the libraries and checks results; compiling it is about a quarter of that build).
let testSettings: [SwiftSetting] =
    testBuild ? strict + [.unsafeFlags(wholeModule + ["-gnone"], .when(configuration: .debug))] : strict

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
            swiftSettings: optimisedInTests
        ),
        .target(
            name: "PDTCore",
            dependencies: ["PDTNumerics"],
            swiftSettings: optimisedInTests
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

/// swift-docc-plugin only for `make docs` (`PDTSIM_DOCS=1`): every build otherwise fetches it and
/// compiles its two plugins before compiling anything else, on one core, for a manual it does not make.
if Context.environment["PDTSIM_DOCS"] == "1" {
    package.dependencies.append(.package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"))
}
