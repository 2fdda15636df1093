import ArgumentParser
import Foundation
import PDTCore
import PDTModelFiles
import PDTNumerics
import PDTStudies

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
            --shard, --resume, --force and `pdtsim merge` work as for pdtsim cohort. Unless --quiet, \
            prints the three largest indices of each readout (Sobol: S_T with S_1; Morris: μ* with σ).
            """)

    @Option(name: .long, help: ArgumentHelp("Sobol indices or Morris elementary effects.", valueName: "METHOD"))
    var method: SensitivityMethodChoice

    @OptionGroup var inputs: CohortInputOptions

    @Option(
        name: .long, parsing: .unconditional,
        help: ArgumentHelp("Sobol base rows or Morris trajectories (default 64 / 20).", valueName: "N"))
    var samples: Int?

    @Option(
        name: .long,
        help: ArgumentHelp("Readouts to analyse, comma-separated columns of design.csv.", valueName: "LIST"))
    var readouts: String?

    @OptionGroup var ensemble: EnsembleRunOptions<SensitivityRuns>

    @OptionGroup var replace: ForceOption

    @OptionGroup var output: OutputFolderOption

    func validate() throws {
        if let samples, samples < 2 {
            throw InvalidArgument("--samples", String(samples), expected: "a whole number ≥ 2")
        }
    }

    func run() throws {
        let library = try inputs.library.load()
        let resolved = try inputs.resolve(library)
        let definition = resolved.definition
        try definition.checkForSensitivity(method: method.rawValue)
        let base = resolved.base
        let seed = resolved.seed
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
        var plan = try SensitivityPlan(
            library: library, data: try library.referenceData(), base: base, definition: definition,
            method: samplingMethod, samples: n, seed: seed,
            readouts: readouts.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } },
            cohortArgument: inputs.cohort, protocolArgument: inputs.protocol, overrides: inputs.overrides)
        plan.ensemble.tableProgress = LockedProgress.skinTable(quiet: ensemble.quiet)
        let shard = ensemble.slice
        let runner = SensitivityRunner(
            plan: plan, settings: ensemble.settings(output: output.out, force: replace.force))
        let summary = try EnsembleCommand.run(
            label: "sensitivity", rows: SensitivityRuns.rows, quiet: ensemble.quiet,
            partialPath: runner.file.partialPath
        ) {
            try runner.run(progress: $0)
        }
        if !ensemble.quiet {
            if shard == .whole {
                print(Self.summary(try SensitivityRanking(folder: output.out), name: definition.name))
            }
            let slice = ensemble.sliceDescription
            print("wrote \(output.out): \(summary.points) runs (\(method), N = \(n), D = \(d))\(slice)")
        }
        try EnsembleCommand.reportFailures(summary, noun: SensitivityRuns.rows) {
            plan.ensemble.design.overrides(at: $0).map(\.assignment)
        }
    }

    /// The largest indices shown per readout.
    static let shownIndices = 3

    /// The short result a person reads first: per readout, the `shownIndices` parameters with the
    /// largest total Sobol index S_T (with S_1) or Morris μ* (with σ), or why there are none.
    static func summary(_ ranking: SensitivityRanking, name: String) -> String {
        var lines = ["\(name): the largest \(ranking.indexName) of each readout"]
        for (readout, entries) in ranking.readouts {
            let shown = entries.prefix(shownIndices).map { e in
                "\(e.parameter) \(ranking.indexName) \(String(format: "%.3g", e.index)), \(ranking.companionName) \(String(format: "%.3g", e.companion))"
            }
            lines.append(
                "  \(readout): " + (shown.isEmpty ? "no indices (a run failed)" : shown.joined(separator: "; ")))
        }
        return lines.joined(separator: "\n")
    }
}

/// The global sensitivity methods of `pdtsim sensitivity`.
enum SensitivityMethodChoice: String, CaseIterable, ExpressibleByArgument, Sendable {
    /// First-order and total Sobol indices on a Saltelli A/B design.
    case sobol
    /// Morris elementary effects (μ, μ*, σ) on r trajectories.
    case morris
}
