import Foundation
import PDTCore
import PDTModelFiles
import PDTNumerics
import PDTStudies

extension Benchmark {
    /// A temporary folder for a study's output, removed by `body`'s end.
    func withScratch<T>(_ body: (String) throws -> T) rethrows -> T {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "pdtsim-benchmark-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        return try body(folder.path)
    }

    /// Prints one timing line per job count, with the parallel efficiency T₁/(N·T_N).
    func timeJobs(points: Int, unit: String, _ body: (Int, String) throws -> Void) throws {
        let clock = ContinuousClock()
        var serial: Double?
        for count in jobs {
            let elapsed = try withScratch { folder in
                let start = clock.now
                try body(count, "\(folder)/out")
                return start.duration(to: clock.now).inSeconds
            }
            if count == 1 { serial = elapsed }
            var line = String(
                format: "  %d job%@: %.2f s (%.1f %@/s)", count, count == 1 ? "" : "s", elapsed,
                Double(points) / elapsed, unit)
            if let serial, count > 1 {
                line += String(format: ", parallel efficiency %.0f %%", 100 * serial / (Double(count) * elapsed))
            }
            print(line + String(format: "; peak resident memory so far %.0f MB", PeakMemory.megabytes))
        }
    }

    /// The cohort study: `subjects` subjects of the shipped cohort on allumera-blue (every input
    /// varies, so no two subjects share work).
    func cohortStudy(library: ModelLibrary) throws {
        let plan = try Cohort.plan(
            library: library, cohort: "facial-skin-population", protocolArgument: "allumera-blue", overrides: [],
            subjects: subjects, seed: nil)
        print(
            "cohort facial-skin-population on allumera-blue: \(subjects) subjects, \(plan.definition.dimensions) inputs"
        )
        try timeJobs(points: subjects, unit: "subjects") { count, output in
            _ = try CohortRunner(plan: plan, settings: EnsembleRunSettings(output: output, jobs: count))
                .run(progress: { _ in })
        }
    }

    /// The Sobol study: D = 10 (the shipped cohort's inputs padded, `CohortDefinition.padded`),
    /// N = `sobolSamples`, N·12 runs.
    func sobolStudy(library: ModelLibrary) throws {
        let base = try library.loadProtocol("allumera-blue")
        let definition = try CohortDefinition.load("facial-skin-population", library: library).padded(
            to: 10, base: base)
        let d = definition.dimensions
        let design = SobolDesign(dimensions: d, baseRows: sobolSamples, seed: definition.seed)
        let plan = try SensitivityPlan(
            library: library, data: try library.referenceData(), base: base, definition: definition,
            method: .sobol(design), samples: sobolSamples, seed: definition.seed, readouts: nil,
            cohortArgument: "facial-skin-population (padded to D = \(d))", protocolArgument: "allumera-blue",
            overrides: [])
        print("sobol on allumera-blue: D = \(d), N = \(sobolSamples), \(design.runCount) runs")
        try timeJobs(points: design.runCount, unit: "runs") { count, output in
            _ = try SensitivityRunner(plan: plan, settings: EnsembleRunSettings(output: output, jobs: count))
                .run(progress: { _ in })
        }
    }
}
