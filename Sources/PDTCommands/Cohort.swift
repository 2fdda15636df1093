import ArgumentParser
import Foundation
import PDTCore
import PDTModelFiles
import PDTNumerics
import PDTStudies

/// `pdtsim cohort`: a virtual cohort of subjects sampled from a cohort file, run through one
/// protocol, with per-day uncertainty bands and a summary.
struct Cohort: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Run a virtual cohort (subjects sampled from a cohort file) and write its rows, daily bands and summary.",
        discussion: """
            Subject i takes the values of row i of the cohort's design (its sampling method, drawn \
            from --seed for --subjects subjects): they depend only on (cohort, seed, subjects, i), \
            never on --jobs or --shard. Writes into DIR:
              subjects.csv   subject, the sampled values, status, the protocol and first-session readouts
              bands.csv      per day: mean, sd, 2.5/5/25/50/75/95/97.5 % quantiles of pore_reduction_percent,
                             sebaceous_activity and inflammation over the subjects that succeeded
              summary.json   cohort, seed, subjects run/failed, responder fraction with its Wilson 95 % interval,
                             quantiles of every readout, versions

            The run works in DIR.partial/ (rows in subjects.csv.partial, daily values in daily.bin) and \
            moves its files into DIR at the end (other files in DIR are kept). After an interruption, --resume continues it and gives the \
            bytes of an uninterrupted run. --shard I/N runs the subjects with index mod N = I into a \
            shard folder (its rows and daily values); `pdtsim merge DIR0 … --out DIR` joins the \
            shards into the bytes of the unsharded run. Output is identical for any --jobs. A subject \
            whose integration fails, or whose values fail a check between keys (invalid_protocol), \
            keeps its row with its status (counted, not banded); the run goes on and exits with 6. \
            --shard I/N numbers the shards from 0 (0/N … (N−1)/N). --force replaces a \
            DIR.partial/subjects.csv that pdtsim did not write. Unless --quiet, prints the responder \
            fraction with its Wilson 95 % interval and the median evaluation-day reduction.
            """)

    @OptionGroup var inputs: CohortInputOptions

    @Option(
        name: .long, parsing: .unconditional,
        help: ArgumentHelp("Subjects (default: the cohort file's).", valueName: "N"))
    var subjects: Int?

    @OptionGroup var ensemble: EnsembleRunOptions<CohortSubjects>

    @OptionGroup var replace: ForceOption

    @OptionGroup var output: OutputFolderOption

    func validate() throws {
        if let subjects, subjects < 1 {
            throw InvalidArgument("--subjects", String(subjects), expected: "a whole number ≥ 1")
        }
    }

    /// The cohort's plan: its definition, the base protocol after --set, the design.
    static func plan(
        library: ModelLibrary, cohort: String, protocolArgument: String?, overrides: [String], subjects: Int?,
        seed: UInt64?
    ) throws -> CohortPlan {
        let inputs = try CohortInputs(
            library: library, cohort: cohort, protocolArgument: protocolArgument, overrides: overrides, seed: seed)
        let design = CohortDesign(
            definition: inputs.definition, subjects: subjects ?? inputs.definition.subjects, seed: inputs.seed)
        return CohortPlan(
            library: library, data: try library.referenceData(), base: inputs.base, design: design,
            cohortArgument: cohort, protocolArgument: protocolArgument, overrides: overrides)
    }

    func run() throws {
        let library = try inputs.library.load()
        var plan = try Self.plan(
            library: library, cohort: inputs.cohort, protocolArgument: inputs.protocol, overrides: inputs.overrides,
            subjects: subjects, seed: inputs.seed)
        plan.ensemble.tableProgress = LockedProgress.skinTable(quiet: ensemble.quiet)
        let shard = ensemble.slice
        let runner = CohortRunner(plan: plan, settings: ensemble.settings(output: output.out, force: replace.force))
        let summary = try EnsembleCommand.run(
            label: "cohort", rows: CohortSubjects.rows, quiet: ensemble.quiet, partialPath: runner.partialPath
        ) {
            try runner.run(progress: $0)
        }
        if !ensemble.quiet {
            if shard == .whole {
                print(Self.summary(try CohortOutcome(folder: output.out), name: plan.definition.name))
            }
            let slice = ensemble.sliceDescription
            let resumed = summary.resumed > 0 ? ", \(summary.resumed) resumed" : ""
            print("wrote \(output.out): \(summary.points) subjects\(slice)\(resumed)")
        }
        try EnsembleCommand.reportFailures(summary, noun: CohortSubjects.rows) {
            plan.ensemble.design.overrides(at: $0).map(\.assignment)
        }
    }

    /// The short result a person reads first: subjects run and failed, the responder fraction with
    /// its Wilson 95 % interval, and the median (quartiles) of the evaluation-day reduction.
    static func summary(_ outcome: CohortOutcome, name: String) -> String {
        func pct(_ x: Double) -> String { String(format: "%.1f %%", 100 * x) }
        var lines = [
            "\(name): \(outcome.subjectsRun) subjects, \(outcome.subjectsFailed) failed"
        ]
        if let f = outcome.fraction {
            lines.append(
                "  responders (\(outcome.readout) ≥ \(formatNumber(outcome.targetPercent))): \(outcome.responders) of \(outcome.banded) = \(pct(f.estimate)) (Wilson 95 % \(pct(f.lower)) – \(pct(f.upper)))"
            )
        } else {
            lines.append("  responders: none of the subjects succeeded")
        }
        if let median = outcome.median {
            let spread = outcome.quartiles.map { String(format: " (quartiles %.1f – %.1f)", $0.lower, $0.upper) } ?? ""
            lines.append("  median \(outcome.readout): \(String(format: "%.1f", median))\(spread)")
        }
        return lines.joined(separator: "\n")
    }
}
