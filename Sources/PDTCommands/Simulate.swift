import ArgumentParser
import Foundation
import PDTCore
import PDTModelFiles
import PDTStudies

/// `pdtsim simulate`: one protocol, start to horizon, written as CSV and JSON.
struct Simulate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Simulate a protocol's sessions and the months-long response; write CSV and JSON.",
        discussion: """
            Writes into DIR, replacing earlier output atomically. Without --out, DIR is out/PROTOCOL, \
            or out/PROTOCOL+OVERRIDES when --set is given (the overrides in a file-name-safe form, \
            shortened with a hash when long), so runs with different overrides never share a folder:
              timeline.csv       the response on every whole day
              sessions.csv       the readouts of every session
              depth.csv          the first session's depth profiles
              session_trace.csv  the first session's region means at the solver's accepted steps
              summary.json       protocol readouts, the resolved protocol, versions, solver statistics
              protocol.json      the resolved protocol as a model file (reproduces this run)
              .pdtsim-output     marks the folder as pdtsim output (the pdtsim version)
            DIR must be new, empty, or a folder pdtsim wrote; any other folder is left alone and the \
            command fails with exit code 5 before simulating.
            """)

    @OptionGroup var options: ProtocolOptions

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Output folder (default: out/<protocol name>, with the --set overrides appended).", valueName: "DIR"))
    var out: String?

    @OptionGroup var jobs: JobsOption

    @Flag(name: .long, help: "Print nothing on success.")
    var quiet = false

    func validate() throws {
        if let out { try OutputFolderOption.check(out) }
    }

    func run() throws {
        let library = try options.library.load()
        let definition = try options.definition(library)
        let treatment = try definition.resolve()
        let simulator = try ProtocolSimulator(
            treatment: treatment, data: library.referenceData(), jobs: jobs.count,
            tableProgress: LockedProgress.skinTable(quiet: quiet))
        let directory = out ?? DefaultOutputFolder.path(protocol: definition.name, overrides: options.overrides)
        let folder = try OutputFolder(directory, command: "simulate")
        let result = try simulator.run(detailFirstSession: true)
        let report = SimulationReport(definition: definition, result: result)
        try folder.publish(report.files)
        if !quiet { print(Self.summary(report, directory: directory)) }
    }

    static func summary(_ report: SimulationReport, directory: String) -> String {
        let r = report.result.readouts
        let days = report.result.sessions.map { String($0.day) }.joined(separator: ", ")
        func pct(_ x: Double) -> String { String(format: "%.1f %%", x) }
        var lines = [
            "\(report.definition.name): \(r.sessions) session\(r.sessions == 1 ? "" : "s") on day\(r.sessions == 1 ? "" : "s") \(days); followed to day \(report.result.timeline.count - 1)",
            "  pore reduction on day \(r.evaluationDay): \(pct(r.reductionOnEvaluationDay)) (peak \(pct(r.peakReduction)) on day \(r.peakDay))",
            "  mean reduction from day \(r.evaluationDay): \(pct(r.meanReduction)); days at or above \(pct(r.targetPercent)): \(r.daysAtOrAboveTarget)",
            "  effect duration after the last session: \(r.effectDurationDays) d\(r.effectDurationCensored ? " (still above target at the horizon)" : "")",
            "  light: \(String(format: "%.1f", r.totalIncidentFluenceJPerCm2)) J/cm² incident, \(String(format: "%.1f", r.totalPpixWeightedFluenceJPerCm2)) J/cm² PpIX-weighted in all",
        ]
        if let skin = report.skin {
            lines.append("  " + LightTransport.summaryLine(skin: skin))
        }
        for s in report.result.sessions.prefix(3) {
            let x = s.result
            lines.append(
                String(
                    format:
                        "  session %d (day %d): dose epidermis %.1f µM, sebaceous %.2f µM; min O₂ %.1f µM; photosensitive %.1f h%@",
                    s.number, s.day, x.doseEpidermisUM, x.doseSebaceousUM, x.minimumOxygenUM, x.photosensitivityHours,
                    x.photosensitivityCensored ? "+" : ""))
        }
        if report.result.sessions.prefix(3).contains(where: \.result.photosensitivityCensored) {
            lines.append("  h+: still photosensitive when the after-care ends, so at least that long (README glossary)")
        }
        lines.append("wrote \(directory)/: " + report.files.map(\.name).joined(separator: ", "))
        return lines.joined(separator: "\n")
    }
}
