import ArgumentParser

/// `--jobs N`, the worker threads of every command that computes (simulate, sweep, maintenance,
/// cohort, sensitivity, calibrate, optimize, transport, optics). Declared here once: read
/// unconditionally (so that `--jobs -1` is a value, not a flag), checked to be a whole number ≥ 1
/// with pdtsim's own message (`--jobs 0: expected …`, exit 3), defaulting to the active
/// processors. No result depends on N.
struct JobsOption: ParsableArguments {
    @Option(
        name: .long, parsing: .unconditional,
        help: ArgumentHelp(
            "Worker threads (default: the active processors); the results are the same for any N.", valueName: "N"))
    var jobs: Int?

    func validate() throws {
        if let jobs, jobs < 1 {
            throw InvalidArgument("--jobs", String(jobs), expected: "a whole number ≥ 1 (worker threads)")
        }
    }

    /// The worker threads to use: `--jobs`, else the active processors.
    var count: Int { jobs ?? ArgumentValues.defaultJobs }
}
