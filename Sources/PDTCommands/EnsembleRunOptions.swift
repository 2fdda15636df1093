import ArgumentParser
import PDTCore

/// The options every command on the ensemble engine shares (sweep, cohort, sensitivity): worker
/// threads, the shard to run, resuming an interrupted run, and quiet progress.
struct EnsembleRunOptions: ParsableArguments {
    @Option(
        name: .long, parsing: .unconditional,
        help: ArgumentHelp(
            "Worker threads (default: the active processors); the output is the same for any N.", valueName: "N"),
        transform: ArgumentValues.jobs)
    var jobs: Int?

    @Option(
        name: .long, parsing: .unconditional,
        help: ArgumentHelp(
            "Run only the points whose index mod N equals I (0 ≤ I < N); `pdtsim merge` joins the N parts.",
            valueName: "I/N"),
        transform: ArgumentValues.shard)
    var shard: SweepShard?

    @Flag(name: .long, help: "Continue an interrupted run from its partial output (FILE.csv.partial or DIR.partial/).")
    var resume = false

    @Flag(name: .long, help: "Print no progress and no summary.")
    var quiet = false

    /// The worker threads to use.
    var jobCount: Int { jobs ?? ArgumentValues.defaultJobs }

    /// The slice to run: the whole design without `--shard`.
    var slice: SweepShard { shard ?? .whole }

    /// " (shard I/N)" for a sharded run, "" otherwise, for the closing line.
    var sliceDescription: String { slice == .whole ? "" : " (shard \(slice.index)/\(slice.count))" }
}
