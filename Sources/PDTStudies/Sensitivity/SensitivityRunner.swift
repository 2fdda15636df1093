/// Runs a sensitivity analysis, or one shard of it, into the folder DIR: `design.csv` (and its
/// sidecar) written by the engine's resumable CSV writer in DIR.partial/, then, for the whole
/// run, `indices.csv` (`SensitivityReport`), and the files published into DIR (as `CohortRunner`).
public struct SensitivityRunner: Sendable {
    public let plan: SensitivityPlan
    public let shard: SweepShard
    public let output: String
    public let jobs: Int
    public let resume: Bool
    /// Replace DIR.partial/design.csv even if pdtsim did not write it (as `CohortRunner`).
    public let force: Bool

    public init(
        plan: SensitivityPlan, shard: SweepShard, output: String, jobs: Int, resume: Bool, force: Bool = false
    ) {
        precondition(jobs >= 1, "a sensitivity analysis needs at least one job")
        self.plan = plan
        self.shard = shard
        self.output = output
        self.jobs = jobs
        self.resume = resume
        self.force = force
    }

    public var file: EnsembleCSVFile {
        var file = EnsembleCSVFile(
            output: "\(CohortRunner.workPath(of: output))/\(SensitivityReport.designName)",
            headerLine: plan.headerLine, sidecar: plan.sidecar(shard: shard), statusColumn: plan.statusColumn,
            resume: resume, force: force)
        file.noun = "sensitivity analysis"
        file.command = "sensitivity"
        return file
    }

    public func run(progress: (EnsembleProgress) -> Void) throws -> EnsembleFileSummary {
        let plan = self.plan
        return try CohortRunner.runFolder(
            output: output, command: "sensitivity", file: file, ensemble: plan.ensemble, shard: shard, jobs: jobs,
            line: { $0.line }, progress: progress, layout: .sensitivity,
            wholeSidecar: plan.sidecar(shard: .whole))
    }
}
