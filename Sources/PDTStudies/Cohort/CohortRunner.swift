import Foundation
import PDTCore
import PDTNumerics

/// Runs a cohort, or one shard of it, into the folder DIR.
///
/// The work goes to `DIR.partial/` (the engine's resumable CSV writer, `EnsembleCSVFile`, with
/// the daily spool `daily.bin` as its companion, so both resume together); when every subject of
/// the slice is done:
/// - whole cohort: `bands.csv` and `summary.json` are computed from the spool and the rows
///   (`CohortReport`), and the spool is deleted;
/// - shard: the folder keeps `subjects.csv` (its subjects only), its sidecar and `daily.bin`
///   (its subjects' daily values), for `pdtsim merge` (`CohortMerge`).
/// The files are then published into DIR by `OutputFolder` (DIR locked from the start; pdtsim's
/// earlier files replaced, other files kept). A `DIR.partial` that pdtsim did not make is refused.
///
/// Memory: the engine's reorder window (4 records per job, each one subject's row and daily
/// record, 3 × (horizon + 1) × 8 bytes), the N × D unit design, then the bands' block budget
/// (64 MB) and, for the summary, the text of subjects.csv (≈ 0.5 kB per subject) and the readouts
/// of the subjects that succeeded (8 bytes × 10 per subject). Disk: the spool holds 3 × (horizon + 1) × 8 bytes per
/// subject (8.8 kB for a year; 0.88 GB for 10⁵ subjects), deleted at the end.
public struct CohortRunner: Sendable {
    public let plan: CohortPlan
    /// DIR, the slice, the jobs, --resume and --force.
    public let settings: EnsembleRunSettings

    public init(plan: CohortPlan, settings: EnsembleRunSettings) {
        self.plan = plan
        self.settings = settings
    }

    /// DIR.partial, where the run works.
    public var workPath: String { Self.workPath(of: settings.output) }
    public var partialPath: String { file.partialPath }

    static func workPath(of output: String) -> String {
        URL(fileURLWithPath: output).standardizedFileURL.path + ".partial"
    }

    /// The resumable rows file with the spool as its companion.
    public var file: EnsembleCSVFile {
        var file = EnsembleCSVFile(
            output: "\(workPath)/\(CohortReport.subjectsName)", headerLine: plan.headerLine,
            sidecar: plan.sidecar(shard: settings.shard), statusColumn: plan.statusColumn, resume: settings.resume,
            force: settings.force)
        file.noun = "cohort"
        file.command = "cohort"
        let plan = self.plan
        file.companion = EnsembleCompanion(
            path: "\(workPath)/\(CohortReport.spoolName)", recordBytes: plan.recordBytes,
            record: { plan.dailyRecord($0) })
        return file
    }

    /// Runs the slice and writes DIR; see `EnsembleCSVFile.write` for what it throws.
    public func run(progress: (EnsembleProgress) -> Void) throws -> EnsembleFileSummary {
        let plan = self.plan
        return try Self.runFolder(
            settings: settings, command: "cohort", file: file, ensemble: plan.ensemble, line: { $0.line },
            progress: progress, layout: .cohort, wholeSidecar: plan.sidecar(shard: .whole))
    }

    /// Runs the slice `settings.shard` of `ensemble` into `file` (inside DIR.partial/) on
    /// `settings.jobs` threads, then, for the whole run, the layout's `finish` (the files computed
    /// from the rows), and publishes the files of DIR.partial into DIR (`settings.output`,
    /// `OutputFolder`). Shared by the folder-writing ensemble
    /// commands (cohort, sensitivity). A DIR.partial this run made is removed again when the run
    /// stops before writing into it.
    static func runFolder<Design: EnsembleDesign>(
        settings: EnsembleRunSettings, command: String, file: EnsembleCSVFile, ensemble: Ensemble<Design>,
        line: @escaping @Sendable (EnsembleOutcome) -> String, progress: (EnsembleProgress) -> Void,
        layout: EnsembleFolderLayout, wholeSidecar: JSONOutput
    ) throws -> EnsembleFileSummary {
        let shard = settings.shard
        let folder = try OutputFolder(settings.output, command: command)
        defer { folder.release() }
        let work = folder.workPath
        try folder.openWork()
        let summary: EnsembleFileSummary
        do {
            summary = try file.write(
                ensemble: ensemble, indices: Array(shard.indices(of: ensemble.design.pointCount)),
                jobs: settings.jobs, line: line, progress: progress)
        } catch {
            folder.discardEmptyWork()
            throw error
        }
        if shard.count == 1 { try layout.finish(work, wholeSidecar) }
        try folder.publish(staged: work, names: layout.publishedNames(whole: shard.count == 1))
        return summary
    }
}
