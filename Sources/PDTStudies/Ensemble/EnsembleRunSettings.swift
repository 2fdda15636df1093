/// How a runner on the ensemble engine (`SweepRunner`, `CohortRunner`, `SensitivityRunner`) runs
/// its plan: the slice of the design, where it writes, the worker threads, and whether it resumes
/// an interrupted run and replaces a rows file pdtsim did not write.
public struct EnsembleRunSettings: Sendable {
    public var shard: EnsembleShard
    /// FILE.csv (sweep) or DIR (cohort, sensitivity).
    public var output: String
    /// Worker threads, ≥ 1.
    public var jobs: Int
    /// Continue from the partial output of an interrupted run (its rows are kept).
    public var resume: Bool
    /// Replace an existing FILE.csv (sweep) or DIR.partial rows file (cohort, sensitivity) that
    /// pdtsim did not write.
    public var force: Bool

    /// Precondition: jobs ≥ 1.
    public init(output: String, jobs: Int, shard: EnsembleShard = .whole, resume: Bool = false, force: Bool = false) {
        precondition(jobs >= 1, "an ensemble run needs at least one job")
        self.shard = shard
        self.output = output
        self.jobs = jobs
        self.resume = resume
        self.force = force
    }
}
