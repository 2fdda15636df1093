import Foundation

@testable import PDTCore
@testable import PDTModelFiles

/// Shared fixtures: the repository's model folder, its reference data and protocols.
enum Fixture {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let modelsPath = repository.appendingPathComponent("Models").path

    // The shipped model folder is part of the repository; failing to read it is a broken checkout.
    static let library: ModelLibrary = {
        do { return try ModelLibrary(root: modelsPath) } catch { fatalError("\(error)") }
    }()

    static let data: ReferenceData = {
        do { return try library.referenceData() } catch { fatalError("\(error)") }
    }()

    /// A shipped protocol with `overrides` (`section.key=value`) applied.
    static func treatment(_ name: String = "allumera-blue", _ overrides: [String] = []) throws -> TreatmentProtocol {
        var definition = try library.loadProtocol(name)
        try definition.apply(overrides, library: library)
        return try definition.resolve()
    }

    static func skin(_ preset: String = "fitzpatrick-1-2") throws -> Skin {
        try treatment("allumera-blue", ["skin=\(preset)"]).skin
    }
}

/// |a − b| ≤ tolerance × |b|.
func close(_ a: Double, _ b: Double, relative tolerance: Double) -> Bool {
    abs(a - b) <= tolerance * abs(b)
}
