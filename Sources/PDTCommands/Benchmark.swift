import ArgumentParser
import Foundation
import PDTCore

/// `pdtsim benchmark`: the speed figures of issue 3, measured on this machine.
struct Benchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure simulation speed: one protocol (median of repeated runs) and a wavelength sweep.",
        discussion: """
            Prints: the time of one protocol run (median of --repeats runs, in process, after one \
            warm-up run), its solver work per phase (accepted/rejected steps, RHS and Jacobian \
            evaluations), the largest relative deviation of its session doses and PpIX readouts from an \
            independent tight run (msbdf, rtol 1e-9, atol 1e-12 µM), and the wall time of the \
            wavelength sweep light.center_nm=400:700:1 (301 points) with each --jobs count, with the \
            parallel efficiency T₁/(N·T_N). Build with `swift build -c release` first: a debug build is \
            about ten times slower.
            """)

    @OptionGroup var options: ProtocolOptions

    @Option(name: .long, help: "Timed runs of the protocol (after one warm-up run).")
    var repeats = 15

    @Option(name: .long, help: ArgumentHelp("The sweep: KEY=SPEC as for `pdtsim sweep --vary`.", valueName: "KEY=SPEC"))
    var vary = "light.center_nm=400:700:1"

    @Option(
        name: .long, parsing: .unconditionalSingleValue, help: "Job counts to time the sweep with (repeatable).",
        transform: ArgumentValues.jobs)
    var jobs: [Int] = [1, 2]

    @Flag(name: .long, help: "Skip the sweep (protocol figures only).")
    var noSweep = false

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Studies to run: protocol, sweep, cohort, sobol (repeatable; default protocol and sweep).",
            valueName: "NAME"))
    var study: [String] = []

    @Option(
        name: .long, help: ArgumentHelp("Subjects of the cohort study (shipped cohort, allumera-blue).", valueName: "N")
    )
    var subjects = 10_000

    @Option(name: .long, help: ArgumentHelp("Base rows N of the Sobol study (D = 10: N·12 runs).", valueName: "N"))
    var sobolSamples = 1024

    func validate() throws {
        guard repeats >= 1 else { throw ValidationError("--repeats must be at least 1, got \(repeats)") }
        for name in study where !["protocol", "sweep", "cohort", "sobol"].contains(name) {
            throw ValidationError("--study \(name): expected protocol, sweep, cohort or sobol")
        }
        guard subjects >= 1, sobolSamples >= 2 else {
            throw ValidationError("--subjects must be ≥ 1 and --sobol-samples ≥ 2")
        }
    }

    /// The studies to run: --study, else protocol and sweep (without the sweep under --no-sweep).
    var studies: Set<String> { study.isEmpty ? (noSweep ? ["protocol"] : ["protocol", "sweep"]) : Set(study) }

    func run() throws {
        #if DEBUG
            print("warning: this is a debug build; figures are about ten times slower than `swift build -c release`")
        #endif
        let library = try options.library.load()
        let data = try library.referenceData()
        let definition = try options.definition(library)
        let cores = ProcessInfo.processInfo.activeProcessorCount
        print("pdtsim \(SimulationReport.pdtsimVersion), GSL \(GSL.version), \(cores) active cores")
        if studies.contains("protocol") || studies.contains("sweep") {
            try protocolAndSweep(library: library, data: data, definition: definition)
        }
        if studies.contains("cohort") { try cohortStudy(library: library) }
        if studies.contains("sobol") { try sobolStudy(library: library) }
    }

    /// The protocol figures and the wavelength sweep (the default studies).
    func protocolAndSweep(library: ModelLibrary, data: ReferenceData, definition: ProtocolDefinition) throws {
        let treatment = try definition.resolve(library: library)
        let simulator = try ProtocolSimulator(treatment: treatment, data: data)
        let solver = treatment.solver
        print(
            "protocol \(definition.name): \(treatment.schedule.days.count) sessions, \(treatment.schedule.horizonDays) days; "
                + "stepper \(solver.stepper.rawValue), rtol \(formatNumber(solver.relativeTolerance)), "
                + "atol \(formatNumber(solver.absoluteToleranceUM)) µM")

        let clock = ContinuousClock()
        var result = try simulator.run()
        var times: [Double] = []
        for _ in 0..<repeats {
            let start = clock.now
            result = try simulator.run()
            times.append(start.duration(to: clock.now).inSeconds)
        }
        times.sort()
        let median = times[times.count / 2]
        print(
            String(
                format: "  one protocol: median %.1f ms over %d runs (min %.1f, max %.1f ms)", median * 1000, repeats,
                times[0] * 1000, times[times.count - 1] * 1000))
        print("  solver work per phase, summed over the sessions:")
        print("    phase          accepted  rejected  RHS evals  Jacobian evals")
        for phase in SessionPhase.allCases {
            guard let s = result.sessionStatistics[phase] else { continue }
            print(
                "    " + phase.rawValue.padding(toLength: 13, withPad: " ", startingAt: 0)
                    + String(
                        format: "%9d %9d %10d %15d", s.acceptedSteps, s.rejectedSteps, s.rhsEvaluations,
                        s.jacobianEvaluations))
        }
        var tight = treatment
        tight.solver.stepper = .msbdf
        tight.solver.relativeTolerance = 1e-9
        tight.solver.absoluteToleranceUM = 1e-12
        let reference = try ProtocolSimulator(treatment: tight, data: data).run()
        let deviation = Self.largestDeviation(result, reference)
        print(
            String(
                format: "  dose and PpIX readouts vs msbdf rtol 1e-9 atol 1e-12: largest relative deviation %.2e",
                deviation))

        guard studies.contains("sweep") else { return }
        let design = try SweepDesign(axes: [SweepAxis(argument: vary)], zip: false)
        let plan = SweepPlan(
            library: library, data: data, base: definition, protocolArgument: options.protocol,
            overrides: options.overrides, design: design)
        print("sweep --vary \(vary): \(design.pointCount) points")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "pdtsim-benchmark-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var serial: Double?
        for count in jobs {
            let output = folder.appendingPathComponent("sweep-\(count).csv").path
            let runner = SweepRunner(
                plan: plan, shard: .whole, output: output, jobs: count, resume: false)
            let start = clock.now
            _ = try runner.run(progress: { _ in })
            let elapsed = start.duration(to: clock.now).inSeconds
            if count == 1 { serial = elapsed }
            var line = String(
                format: "  %d job%@: %.2f s (%.1f points/s)", count, count == 1 ? "" : "s", elapsed,
                Double(design.pointCount) / elapsed)
            if let serial, count > 1 {
                line += String(format: ", parallel efficiency %.0f %%", 100 * serial / (Double(count) * elapsed))
            }
            print(line)
        }
    }

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
            _ = try CohortRunner(plan: plan, shard: .whole, output: output, jobs: count, resume: false, force: false)
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
            _ = try SensitivityRunner(plan: plan, shard: .whole, output: output, jobs: count, resume: false)
                .run(progress: { _ in })
        }
    }

    /// The largest |a/b − 1| over the session doses and PpIX readouts of two runs.
    static func largestDeviation(_ a: ProtocolResult, _ b: ProtocolResult) -> Double {
        var worst = 0.0
        for (x, y) in zip(a.sessions.map(\.result), b.sessions.map(\.result)) {
            let pairs = [
                (x.doseEpidermisUM, y.doseEpidermisUM), (x.doseSebaceousUM, y.doseSebaceousUM),
                (x.ppixEpidermisAtLightOn, y.ppixEpidermisAtLightOn),
                (x.ppixSebaceousAtLightOn, y.ppixSebaceousAtLightOn),
                (x.ppixEpidermisAtLightOff, y.ppixEpidermisAtLightOff),
                (x.ppixSebaceousAtLightOff, y.ppixSebaceousAtLightOff),
            ]
            for (u, v) in pairs where v != 0 { worst = max(worst, abs(u / v - 1)) }
        }
        return worst
    }
}
