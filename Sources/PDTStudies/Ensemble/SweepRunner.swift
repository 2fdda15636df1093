import Foundation

/// Runs a sweep, or one slice of it, into `FILE.csv`: the sweep's plan (design and rows) written
/// by the engine's resumable CSV writer (`EnsembleCSVFile`: checks, lock, partial file, resume).
public struct SweepRunner: Sendable {
    public let plan: SweepPlan
    public let shard: SweepShard
    /// FILE.csv.
    public let output: String
    /// Worker threads, ≥ 1.
    public let jobs: Int
    public let resume: Bool
    /// Replace an existing FILE.csv that pdtsim did not write.
    public let force: Bool
    /// Files the sweep reads; FILE.csv must be none of them.
    public let inputs: [String]

    public init(
        plan: SweepPlan, shard: SweepShard, output: String, jobs: Int, resume: Bool, force: Bool = false,
        inputs: [String] = []
    ) {
        precondition(jobs >= 1, "a sweep needs at least one job")
        self.plan = plan
        self.shard = shard
        self.output = output
        self.jobs = jobs
        self.resume = resume
        self.force = force
        self.inputs = inputs
    }

    /// The file writer of this slice.
    public var file: EnsembleCSVFile {
        EnsembleCSVFile(
            output: output, headerLine: plan.headerLine, sidecar: plan.sidecar(shard: shard),
            statusColumn: 1 + plan.design.axes.count, resume: resume, force: force, inputs: inputs)
    }

    public var partialPath: String { file.partialPath }
    public var sidecarPath: String { file.sidecarPath }
    public var partialSidecarPath: String { file.partialSidecarPath }

    /// Validates, runs and writes the sweep; calls `progress` on the calling thread after each row
    /// and about ten times a second while waiting. See `EnsembleCSVFile.write` for what it throws.
    /// - Returns: the failed points (of this run and of the rows resumed).
    public func run(progress: (EnsembleProgress) -> Void) throws -> EnsembleFileSummary {
        let plan = self.plan
        return try file.write(
            ensemble: plan.ensemble, indices: Array(shard.indices(of: plan.design.pointCount)), jobs: jobs,
            line: { plan.row($0).line }, progress: progress)
    }
}
