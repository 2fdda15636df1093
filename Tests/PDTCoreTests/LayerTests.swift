import Foundation
import Testing

/// The targets are layers (see `LayerCheck`): no Swift file under Sources/ imports a target above
/// its own, CGSL is imported in PDTNumerics alone, and Package.swift declares the same order.
@Suite("layers: each target imports only those below it")
struct LayerTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    @Test("every target under Sources/ has a rank, and no file imports a target above its own")
    func sourcesFollowTheLayers() throws {
        let folders = try FileManager.default.contentsOfDirectory(
            atPath: Self.root.appendingPathComponent("Sources").path
        )
        .filter { !$0.hasPrefix(".") && !LayerCheck.systemLibraries.contains($0) }.sorted()
        #expect(Set(folders) == Set(LayerCheck.ranks.keys), "every target under Sources/ is ranked in LayerCheck")
        var checked = 0
        for target in folders {
            let files = try LayerCheck.sourceFiles(of: target, root: Self.root)
            #expect(!files.isEmpty, "Sources/\(target) holds Swift files")
            checked += files.count
            for violation in LayerCheck.violations(target: target, files: files) {
                Issue.record("\(violation)")
            }
        }
        #expect(checked > 200, "the whole of Sources/ was read (\(checked) files)")
        let cgsl = try LayerCheck.sourceFiles(of: "PDTNumerics", root: Self.root)
            .filter { LayerCheck.imports(in: $0.text).contains { $0.module == "CGSL" } }
        #expect(!cgsl.isEmpty, "PDTNumerics is the doorway to GSL")
    }

    @Test("Package.swift declares each target's dependencies below it")
    func manifestFollowsTheLayers() throws {
        let manifest = try String(contentsOf: Self.root.appendingPathComponent("Package.swift"), encoding: .utf8)
        let declared = LayerCheck.declaredDependencies(manifest: manifest)
        #expect(
            Set(declared.map(\.target)).isSuperset(of: [
                "PDTNumerics", "PDTCore", "PDTModelFiles", "PDTStudies", "PDTServe", "PDTCommands", "pdtsim",
            ]))
        #expect(declared.first { $0.target == "PDTNumerics" }?.dependencies == ["CGSL"])
        for violation in LayerCheck.manifestViolations(manifest) {
            Issue.record("\(violation)")
        }
    }

    @Test("a synthetic target that imports upwards, or CGSL outside PDTNumerics, is named with file and line")
    func syntheticViolationsAreFound() {
        let files = [
            (path: "Sources/PDTNumerics/Fake.swift", text: "import Foundation\n@testable import PDTStudies\n"),
            (path: "Sources/PDTNumerics/Fine.swift", text: "import CGSL\nimport Synchronization\n"),
        ]
        #expect(
            LayerCheck.violations(target: "PDTNumerics", files: files) == [
                .init(file: "Sources/PDTNumerics/Fake.swift", line: 2, importer: "PDTNumerics", imported: "PDTStudies")
            ])
        let core = [
            (path: "Sources/PDTCore/Fake.swift", text: "import PDTNumerics\n\n  import struct CGSL.gsl_vector\n")
        ]
        let found = LayerCheck.violations(target: "PDTCore", files: core)
        #expect(found == [.init(file: "Sources/PDTCore/Fake.swift", line: 3, importer: "PDTCore", imported: "CGSL")])
        #expect(found.first?.description.contains("CGSL is for PDTNumerics only") == true)
        let model = [(path: "Sources/PDTCore/Fake.swift", text: "import PDTNumerics\nimport PDTModelFiles\n")]
        #expect(
            LayerCheck.violations(target: "PDTCore", files: model) == [
                .init(file: "Sources/PDTCore/Fake.swift", line: 2, importer: "PDTCore", imported: "PDTModelFiles")
            ], "the model reads no model files: PDTModelFiles lies above it")
        let reader = [(path: "Sources/PDTModelFiles/Fake.swift", text: "import PDTCore\nimport PDTStudies\n")]
        #expect(LayerCheck.violations(target: "PDTModelFiles", files: reader).map(\.imported) == ["PDTStudies"])
        let same = [(path: "Sources/PDTStudies/Fake.swift", text: "import PDTStudies\nimport ArgumentParser\n")]
        #expect(
            LayerCheck.violations(target: "PDTStudies", files: same).map(\.imported) == [
                "PDTStudies", "ArgumentParser",
            ])
        #expect(LayerCheck.violations(target: "PDTFake", files: files).count == 2, "an unranked target fails")
        let clean = [
            (path: "Sources/PDTCommands/Fake.swift", text: "import ArgumentParser\nimport PDTStudies\nimport PDTCore\n")
        ]
        #expect(LayerCheck.violations(target: "PDTCommands", files: clean).isEmpty)
    }

    @Test("a synthetic Package.swift with an upward dependency is named with its line")
    func syntheticManifestViolationsAreFound() {
        let manifest = """
            .target(
                name: "PDTNumerics",
                dependencies: ["CGSL"]
            ),
            .target(
                name: "PDTCore",
                dependencies: ["PDTNumerics", "PDTStudies", "CGSL"]
            ),
            .target(
                name: "PDTCommands",
                dependencies: ["PDTCore", .product(name: "ArgumentParser", package: "swift-argument-parser")]
            ),
            """
        #expect(
            LayerCheck.declaredDependencies(manifest: manifest).map(\.target) == [
                "PDTNumerics", "PDTCore", "PDTCommands",
            ])
        #expect(
            LayerCheck.manifestViolations(manifest) == [
                .init(file: "Package.swift", line: 6, importer: "PDTCore", imported: "PDTStudies"),
                .init(file: "Package.swift", line: 6, importer: "PDTCore", imported: "CGSL"),
            ])
    }
}
