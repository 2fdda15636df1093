import ArgumentParser
import Foundation
import PDTCore

/// `pdtsim sensitivity`: global sensitivity analysis (Sobol or Morris) over a cohort's inputs.
struct Sensitivity: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Global sensitivity analysis (Sobol or Morris) of protocol readouts over a cohort's inputs.",
        discussion: """
            The cohort's choices and distributions define the input space (independent inputs only: \
            a cohort with correlations is refused; Sobol takes at most 20 inputs). Sobol: --samples N \
            base rows of a digitally shifted Sobol sequence, N·(D+2) runs, first-order and total \
            indices (SALib's estimators for calc_second_order=False) with 95 % bootstrap intervals. \
            Morris: N trajectories of D+1 runs on 4 levels, mu, mu_star, sigma and mu_star_conf. \
            Writes into DIR:
              design.csv    one row per run in SALib's order: run, every input, status, every readout
              indices.csv   Sobol: readout, parameter, S1, S1_conf, S1_low, S1_high, ST, ST_conf, ST_low, ST_high
                            Morris: readout, parameter, mu, mu_star, sigma, mu_star_conf
            for each readout of --readouts (default: the evaluation-day reduction and \
            session1_dose_sebaceous_uM). A readout with a failed run gets empty indices (the \
            estimators need every run); the failed runs are listed and the exit status is 6. \
            --shard, --resume and `pdtsim merge` work as for pdtsim cohort.
            """)

    @Option(name: .long, help: ArgumentHelp("Sobol indices or Morris elementary effects.", valueName: "METHOD"))
    var method: SensitivityMethodChoice

    @Option(
        name: .long, help: ArgumentHelp("A cohort preset name or a cohort file (.json).", valueName: "NAME|FILE"))
    var cohort = "facial-skin-population"

    @Option(
        name: .long,
        help: ArgumentHelp("The base protocol (default: the cohort file's own).", valueName: "NAME|FILE"),
        completion: Completions.protocols)
    var `protocol`: String?

    @Option(
        name: .customLong("set"),
        help: ArgumentHelp("Override one parameter of the base protocol. Repeatable.", valueName: "KEY=VALUE"),
        completion: Completions.assignments)
    var overrides: [String] = []

    @Option(
        name: .long, parsing: .unconditional,
        help: ArgumentHelp("Sobol base rows or Morris trajectories (default 64 / 20).", valueName: "N"))
    var samples: Int?

    @Option(
        name: .long, parsing: .unconditional,
        help: ArgumentHelp("Seed of the design (default: the cohort file's).", valueName: "S"))
    var seed: UInt64?

    @Option(
        name: .long,
        help: ArgumentHelp("Readouts to analyse, comma-separated columns of design.csv.", valueName: "LIST"))
    var readouts: String?

    @OptionGroup var ensemble: EnsembleRunOptions

    @OptionGroup var library: LibraryOptions

    @Option(name: .long, help: ArgumentHelp("The folder to write.", valueName: "DIR"))
    var out: String

    func validate() throws {
        if let samples, samples < 2 {
            throw InvalidArgument("--samples", String(samples), expected: "a whole number ≥ 2")
        }
        guard !out.isEmpty else { throw InvalidArgument("--out", "''", expected: "a folder path") }
    }

    func run() throws {
        let library = try self.library.load()
        let definition = try CohortDefinition.load(cohort, library: library)
        try definition.checkForSensitivity(method: method.rawValue)
        var base = try library.loadProtocol(`protocol` ?? definition.protocolName)
        try base.apply(overrides, library: library)
        let seed = self.seed ?? definition.seed
        let d = definition.dimensions
        let samplingMethod: SensitivityMethod
        let n: Int
        if method == .sobol {
            n = samples ?? 64
            if let problem = SobolDesign.problem(dimensions: d, baseRows: n) {
                throw ModelError("--samples \(n)", problem)
            }
            samplingMethod = .sobol(SobolDesign(dimensions: d, baseRows: n, seed: seed))
        } else {
            n = samples ?? 20
            if let problem = MorrisDesign.problem(dimensions: d, trajectories: n, levels: 4) {
                throw ModelError("--samples \(n)", problem)
            }
            samplingMethod = .morris(MorrisDesign(dimensions: d, trajectories: n, levels: 4, seed: seed))
        }
        let plan = try SensitivityPlan(
            library: library, data: try library.referenceData(), base: base, definition: definition,
            method: samplingMethod, samples: n, seed: seed,
            readouts: readouts.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } },
            cohortArgument: cohort, protocolArgument: `protocol`, overrides: overrides)
        let shard = ensemble.slice
        let runner = SensitivityRunner(
            plan: plan, shard: shard, output: out, jobs: ensemble.jobCount, resume: ensemble.resume)
        let summary = try EnsembleCommand.run(
            label: "sensitivity", quiet: ensemble.quiet, partialPath: runner.file.partialPath
        ) {
            try runner.run(progress: $0)
        }
        if !ensemble.quiet {
            let slice = ensemble.sliceDescription
            print("wrote \(out): \(summary.points) runs (\(method), N = \(n), D = \(d))\(slice)")
        }
        try EnsembleCommand.reportFailures(summary, noun: "runs") { plan.ensemble.design.overrides(at: $0) }
    }
}

/// The global sensitivity methods of `pdtsim sensitivity`.
enum SensitivityMethodChoice: String, CaseIterable, ExpressibleByArgument, Sendable {
    /// First-order and total Sobol indices on a Saltelli A/B design.
    case sobol
    /// Morris elementary effects (μ, μ*, σ) on r trajectories.
    case morris
}
