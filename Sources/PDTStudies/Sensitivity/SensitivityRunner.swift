/// Runs a sensitivity analysis, or one shard of it, into the folder DIR: `design.csv` (and its
/// sidecar) written by the engine's resumable CSV writer in DIR.partial/, then, for the whole
/// run, `indices.csv` (`SensitivityReport`), and the files published into DIR (as `CohortRunner`).
public struct SensitivityRunner: Sendable {
    public let plan: SensitivityPlan
    /// DIR, the slice, the jobs, --resume, and --force (replace DIR.partial/design.csv even if
    /// pdtsim did not write it, as `CohortRunner`).
    public let settings: EnsembleRunSettings

    public init(plan: SensitivityPlan, settings: EnsembleRunSettings) {
        self.plan = plan
        self.settings = settings
    }

    public var file: EnsembleCSVFile {
        var file = EnsembleCSVFile(
            output: "\(CohortRunner.workPath(of: settings.output))/\(SensitivityReport.designName)",
            headerLine: plan.headerLine, sidecar: plan.sidecar(shard: settings.shard), statusColumn: plan.statusColumn,
            resume: settings.resume, force: settings.force)
        file.noun = "sensitivity analysis"
        file.command = "sensitivity"
        return file
    }

    public func run(progress: (EnsembleProgress) -> Void) throws -> EnsembleFileSummary {
        let plan = self.plan
        return try CohortRunner.runFolder(
            settings: settings, command: "sensitivity", file: file, ensemble: plan.ensemble, line: { $0.line },
            progress: progress, layout: .sensitivity,
            wholeSidecar: plan.sidecar(shard: .whole))
    }
}
