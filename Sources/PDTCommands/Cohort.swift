import ArgumentParser
import Foundation
import PDTCore

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
            keeps its row with its status (counted, not banded); the run goes on and exits with 6.
            """)

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
        help: ArgumentHelp(
            "Override one parameter of the base protocol (as for simulate). Repeatable.", valueName: "KEY=VALUE"),
        completion: Completions.assignments)
    var overrides: [String] = []

    @Option(
        name: .long, parsing: .unconditional,
        help: ArgumentHelp("Subjects (default: the cohort file's).", valueName: "N"))
    var subjects: Int?

    @Option(
        name: .long, parsing: .unconditional,
        help: ArgumentHelp("Seed of the design (default: the cohort file's).", valueName: "S"))
    var seed: UInt64?

    @OptionGroup var ensemble: EnsembleRunOptions

    @Flag(name: .long, help: "Replace DIR.partial/subjects.csv even if pdtsim did not write it.")
    var force = false

    @OptionGroup var library: LibraryOptions

    @Option(name: .long, help: ArgumentHelp("The folder to write.", valueName: "DIR"))
    var out: String

    func validate() throws {
        if let subjects, subjects < 1 {
            throw InvalidArgument("--subjects", String(subjects), expected: "a whole number ≥ 1")
        }
        guard !out.isEmpty else { throw InvalidArgument("--out", "''", expected: "a folder path") }
    }

    /// The cohort's plan: its definition, the base protocol after --set, the design.
    static func plan(
        library: ModelLibrary, cohort: String, protocolArgument: String?, overrides: [String], subjects: Int?,
        seed: UInt64?
    ) throws -> CohortPlan {
        let definition = try CohortDefinition.load(cohort, library: library)
        var base = try library.loadProtocol(protocolArgument ?? definition.protocolName)
        try base.apply(overrides, library: library)
        let design = CohortDesign(
            definition: definition, subjects: subjects ?? definition.subjects, seed: seed ?? definition.seed)
        return CohortPlan(
            library: library, data: try library.referenceData(), base: base, design: design, cohortArgument: cohort,
            protocolArgument: protocolArgument, overrides: overrides)
    }

    func run() throws {
        let library = try self.library.load()
        let plan = try Self.plan(
            library: library, cohort: cohort, protocolArgument: `protocol`, overrides: overrides, subjects: subjects,
            seed: seed)
        let shard = ensemble.slice
        let runner = CohortRunner(
            plan: plan, shard: shard, output: out, jobs: ensemble.jobCount, resume: ensemble.resume,
            force: force)
        let summary = try EnsembleCommand.run(label: "cohort", quiet: ensemble.quiet, partialPath: runner.partialPath) {
            try runner.run(progress: $0)
        }
        if !ensemble.quiet {
            let slice = ensemble.sliceDescription
            let resumed = summary.resumed > 0 ? ", \(summary.resumed) resumed" : ""
            print("wrote \(out): \(summary.points) subjects\(slice)\(resumed)")
        }
        try EnsembleCommand.reportFailures(summary, noun: "subjects") { plan.ensemble.design.overrides(at: $0) }
    }
}
