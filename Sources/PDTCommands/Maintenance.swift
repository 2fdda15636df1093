import ArgumentParser
import Foundation
import PDTCore
import PDTModelFiles
import PDTNumerics
import PDTStudies

/// `pdtsim maintenance`: the protocol with several maintenance intervals, side by side.
struct Maintenance: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compare maintenance intervals: mean and minimum reduction, sessions, gain per extra session.",
        discussion: """
            Runs the protocol once per interval (days between maintenance sessions after the initial \
            series; 0 = no maintenance) over its horizon (schedule.horizon_days, or --horizon). The \
            no-maintenance case is always run as the baseline of the gain, listed only if requested. \
            Writes into DIR, replacing earlier output atomically:
              maintenance.csv            one row per interval, in the order given
              maintenance_timelines.csv  reduction, activity, inflammation per day
              protocol.json              the protocol as run, as a model file
              .pdtsim-output             marks the folder as pdtsim output
            maintenance.csv holds the sessions, the mean and minimum reduction from the evaluation day \
            to the horizon, the days at or above target, the gain per extra session ((mean − mean \
            without maintenance)/extra sessions) and the total incident fluence. \
            DIR must be new, empty, or a folder pdtsim wrote; any other folder is left alone and the \
            command fails with exit code 5 before simulating. The intervals run on --jobs threads, \
            with progress on standard error (none with --quiet); SIGINT, SIGTERM and SIGHUP stop \
            the study with exit code 130, 143 or 129 before DIR is touched.
            """)

    @OptionGroup var options: ProtocolOptions

    @Option(
        name: .long, parsing: .unconditional,
        help: ArgumentHelp(
            "Maintenance intervals in days, comma-separated; 0 = no maintenance (default: 0,30,60,90,120,180).",
            valueName: "DAYS,DAYS,…"),
        transform: ArgumentValues.intervals)
    var intervals: [Int] = [0, 30, 60, 90, 120, 180]

    @Option(
        name: .long, help: ArgumentHelp("Days to follow the response (default: the protocol's).", valueName: "DAYS"))
    var horizon: Int?

    @Option(
        name: .long, help: ArgumentHelp("Target pore reduction, % (default: the protocol's).", valueName: "PERCENT"))
    var target: Double?

    @OptionGroup var jobs: JobsOption

    @Option(
        name: .long, help: ArgumentHelp("Output folder (default: out/<protocol name>-maintenance).", valueName: "DIR"))
    var out: String?

    @Flag(name: .long, help: "Print no progress and nothing on success.")
    var quiet = false

    func validate() throws {
        if let horizon, horizon < 1 || horizon > 100_000 {
            throw InvalidArgument("--horizon", String(horizon), expected: "a whole number of days between 1 and 100000")
        }
        if let target, !(target >= 0 && target <= 100) {
            throw InvalidArgument("--target", formatNumber(target), expected: "a percentage between 0 and 100")
        }
        if let out { try OutputFolderOption.check(out) }
    }

    func run() throws {
        let library = try options.library.load()
        let extra =
            (horizon.map { [Override(section: .schedule, key: ScheduleParameters.horizon.key, number: Double($0))] }
                ?? [])
            + (target.map { [Override(section: .readouts, key: ReadoutParameters.targetPercent.key, number: $0)] } ?? [])
        let definition = try options.definition(library, extra: extra)
        var study = try MaintenanceStudy(
            library: library, data: try library.referenceData(), base: definition, intervals: intervals)
        study.tableProgress = LockedProgress.skinTable(quiet: quiet)
        let directory = out ?? "out/\(definition.name)-maintenance"
        let folder = try OutputFolder(directory, command: "maintenance")
        let display = ProgressDisplay(label: "maintenance", quiet: quiet)
        var last: EnsembleProgress?
        let result: MaintenanceResult
        do {
            result = try Interruption.handling {
                try study.run(jobs: jobs.count) { progress in
                    last = progress
                    display.update(progress)
                }
            }
        } catch let interruption as Interrupted {
            throw InterruptionReport.exit(
                interruption, display: display, progress: last, message: "nothing was written", resume: false)
        } catch {
            display.finish(nil)
            throw error
        }
        display.finish(last)
        try folder.publish(
            [
                ("maintenance.csv", result.summary.text), ("maintenance_timelines.csv", result.timelines.text),
                ("protocol.json", definition.json.text() + "\n"),
            ])
        if !quiet { print(Self.table(result, name: definition.name, directory: directory)) }
    }

    static func table(_ result: MaintenanceResult, name: String, directory: String) -> String {
        let r = result.baseline.readouts
        var lines = [
            "\(name): maintenance intervals over \(result.baseline.timeline.count - 1) days; mean and minimum reduction from day \(r.evaluationDay)",
            "  interval  sessions  mean %   min %  days ≥ \(String(format: "%g", r.targetPercent)) %  gain %/session  fluence J/cm²",
        ]
        for c in result.cases {
            let x = c.result.readouts
            let gain = result.gainPerExtraSession(c).map { String(format: "%.2f", $0) } ?? "–"
            let interval = c.intervalDays == 0 ? "none" : "\(c.intervalDays) d"
            lines.append(
                "  \(pad(interval, 8))  \(pad(String(x.sessions), 8))  \(pad(String(format: "%.1f", x.meanReduction), 6))  \(pad(String(format: "%.1f", x.minimumReduction), 6))  \(pad(String(x.daysAtOrAboveTarget), 10))  \(pad(gain, 14))  \(pad(String(format: "%.1f", x.totalIncidentFluenceJPerCm2), 13))"
            )
        }
        lines.append("wrote \(directory)/: maintenance.csv, maintenance_timelines.csv, protocol.json")
        return lines.joined(separator: "\n")
    }

    static func pad(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, width - text.count)) + text
    }
}
