import Foundation

/// Runs a sweep, or one slice of it, into `FILE.csv`: the sweep's plan (design and rows) written
/// by the engine's resumable CSV writer (`EnsembleCSVFile`: checks, lock, partial file, resume).
public struct SweepRunner: Sendable {
    public let plan: SweepPlan
    /// FILE.csv, the slice, the jobs, --resume and --force.
    public let settings: EnsembleRunSettings
    /// Files the sweep reads; FILE.csv must be none of them.
    public let inputs: [String]

    public init(plan: SweepPlan, settings: EnsembleRunSettings, inputs: [String] = []) {
        self.plan = plan
        self.settings = settings
        self.inputs = inputs
    }

    /// The file writer of this slice.
    public var file: EnsembleCSVFile {
        EnsembleCSVFile(
            output: settings.output, headerLine: plan.headerLine, sidecar: plan.sidecar(shard: settings.shard),
            statusColumn: 1 + plan.design.axes.count, resume: settings.resume, force: settings.force, inputs: inputs)
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
            ensemble: plan.ensemble, indices: Array(settings.shard.indices(of: plan.design.pointCount)),
            jobs: settings.jobs,
            line: { plan.row($0).line }, progress: progress)
    }
}
