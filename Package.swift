// swift-tools-version: 6.2
import PackageDescription

let strict: [SwiftSetting] = [.treatAllWarnings(as: .error)]

/// `make test` builds in release mode with `PDTSIM_TESTABLE=1`. Then the libraries the tests import
/// with `@testable` compile with `-enable-testing`, and only they: `-Xswiftc -enable-testing` compiled
/// every dependency (SwiftNIO, Hummingbird, …) testable too, about 11 % more CPU on them (a clean
/// release build of Hummingbird's target: 521 against 462 CPU-seconds). And the layers above the model
/// (model files, studies, serve, commands), which orchestrate runs of the model rather than compute
/// it, compile unoptimised (`-Onone`), like the test targets: the model and its numerics (PDTCore,
/// PDTNumerics), where the tests' run time goes, stay optimised. `make run` and `swift build -c
/// release` (what `pdtsim benchmark` measures) are unaffected.
let testBuild = Context.environment["PDTSIM_TESTABLE"] == "1"
func settings(testable: Bool, optimised: Bool) -> [SwiftSetting] {
    let flags = (testable ? ["-enable-testing"] : []) + (optimised ? [] : ["-Onone"])
    return testBuild && !flags.isEmpty ? strict + [.unsafeFlags(flags, .when(configuration: .release))] : strict
}

/// The test targets build unoptimised and without debug information even in `make test`'s release
/// build: their code only calls the libraries (the model's stay optimised) and checks results, and
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
            swiftSettings: settings(testable: true, optimised: true)
        ),
        .target(
            name: "PDTCore",
            dependencies: ["PDTNumerics"],
            swiftSettings: settings(testable: true, optimised: true)
        ),
        .target(
            name: "PDTModelFiles",
            dependencies: ["PDTCore", "PDTNumerics"],
            swiftSettings: settings(testable: true, optimised: false)
        ),
        .target(
            name: "PDTStudies",
            dependencies: ["PDTModelFiles", "PDTCore", "PDTNumerics"],
            swiftSettings: settings(testable: true, optimised: false)
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
            swiftSettings: settings(testable: false, optimised: false)
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
            swiftSettings: settings(testable: true, optimised: false)
        ),
        .executableTarget(
            name: "pdtsim",
            dependencies: ["PDTCommands"],
            swiftSettings: settings(testable: false, optimised: false)
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
