import ArgumentParser
import PDTCore
import PDTStudies

/// What an ensemble command calls the rows of its design, in its help and messages: the points of
/// a sweep, the subjects of a cohort, the runs of a sensitivity analysis.
protocol EnsembleNoun {
    /// The rows, plural ("subjects").
    static var rows: String { get }
}

/// A sweep's rows: the points of its grid.
enum SweepPoints: EnsembleNoun { static let rows = "points" }
/// A cohort's rows: its subjects.
enum CohortSubjects: EnsembleNoun { static let rows = "subjects" }
/// A sensitivity analysis's rows: the runs of its design.
enum SensitivityRuns: EnsembleNoun { static let rows = "runs" }

/// The options every command on the ensemble engine shares (sweep, cohort, sensitivity): worker
/// threads, the shard to run, resuming an interrupted run, and quiet progress; the help names the
/// command's rows (`Noun`).
struct EnsembleRunOptions<Noun: EnsembleNoun>: ParsableArguments {
    @OptionGroup var jobs: JobsOption

    @Option(
        name: .long, parsing: .unconditional,
        help: ArgumentHelp(
            "Run only the \(Noun.rows) whose index mod N equals I. Shards are numbered from 0: the N shards are 0/N … (N−1)/N (two machines: --shard 0/2 and --shard 1/2); `pdtsim merge` joins them.",
            valueName: "I/N"),
        transform: ArgumentValues.shard)
    var shard: EnsembleShard?

    @Flag(
        name: .long,
        help: "Continue an interrupted run from its partial output (the \(Noun.rows) already written are kept).")
    var resume = false

    @Flag(name: .long, help: "Print no progress and no summary.")
    var quiet = false

    /// The worker threads to use.
    var jobCount: Int { jobs.count }

    /// The slice to run: the whole design without `--shard`.
    var slice: EnsembleShard { shard ?? .whole }

    /// How the runner runs into `output`: these options, with `force` (`--force`) as given.
    func settings(output: String, force: Bool) -> EnsembleRunSettings {
        EnsembleRunSettings(output: output, jobs: jobCount, shard: slice, resume: resume, force: force)
    }

    /// " (shard I/N)" for a sharded run, "" otherwise, for the closing line.
    var sliceDescription: String { slice == .whole ? "" : " (shard \(slice.index)/\(slice.count))" }
}
