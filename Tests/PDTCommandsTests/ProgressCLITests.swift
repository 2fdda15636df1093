import Foundation
import Testing

@testable import PDTCommands
@testable import PDTCore
@testable import PDTStudies

/// Progress on standard error of the phases that can run for seconds (issue 15 item 2): the Monte
/// Carlo skin table, calibration's model evaluations, and the ensembles' rows in their own unit.
/// `$PDTSIM_PROGRESS_SECONDS=0` makes a plain line of every update after the first, so that short
/// test runs show them; the files never depend on the progress.
@Suite("progress on standard error")
struct ProgressCLITests {
    /// Every update, not one line in 5 s.
    static let everyUpdate = ["PDTSIM_PROGRESS_SECONDS": "0"]

    /// The lines of `stderr` that are progress lines of `label`: `LABEL: DONE/TOTAL UNIT, …`, as
    /// the Python package parses them; (done, total, unit) each.
    static func progressLines(_ stderr: String, label: String) -> [(done: Int, total: Int, unit: String)] {
        stderr.split(whereSeparator: \.isNewline).compactMap { line in
            guard line.hasPrefix("\(label): ") else { return nil }
            let fields = line.dropFirst(label.count + 2).split(separator: " ", maxSplits: 2)
            let counts = fields.first?.split(separator: "/") ?? []
            guard fields.count == 3, counts.count == 2, let done = Int(counts[0]), let total = Int(counts[1]),
                fields[1].hasSuffix(",")
            else { return nil }
            return (done, total, String(fields[1].dropLast()))
        }
    }

    @Test(
        "simulate shows the Monte Carlo skin table's nodes while it computes them, not from the cache, not with --quiet"
    )
    func skinTable() throws {
        try withTemporaryDirectory { directory in
            let arguments = [
                "simulate", "--set", "skin.optics_model=monte_carlo", "--set", "skin.monte_carlo_photons=1000",
                "--set", "light.fwhm_nm=0", "--set", "schedule.session_days=0", "--set", "schedule.horizon_days=30",
                "--set", "readouts.evaluation_day=20",
            ]
            func run(_ name: String, cache: String, _ extra: [String] = []) throws -> SimulationRun {
                let out = directory.appendingPathComponent(name)
                let environment = Self.everyUpdate.merging([
                    "XDG_CACHE_HOME": directory.appendingPathComponent(cache).path
                ]) { $1 }
                let result = try runPDTSim(
                    arguments + extra + ["--out", out.path], in: directory, environment: environment)
                return SimulationRun(result: result, listing: listing(out), files: try contents(out))
            }
            let quiet = try run("quiet", cache: "cold-quiet", ["--quiet"])
            #expect(quiet.result.status == 0, "stderr: \(quiet.result.stderr)")
            #expect(quiet.result.stderr.isEmpty, "--quiet: no progress while the table is computed")
            let shown = try run("shown", cache: "cold")
            #expect(shown.result.status == 0, "stderr: \(shown.result.stderr)")
            let lines = Self.progressLines(shown.result.stderr, label: "skin-table")
            #expect(lines.count >= 2, "stderr: \(shown.result.stderr)")
            #expect(lines.allSatisfy { $0.unit == "nodes" && $0.total == lines[0].total })
            #expect(lines.map(\.done) == Array(lines.map(\.done)).sorted())
            #expect(lines.last.map { $0.done == $0.total } == true, "the last node is shown: \(shown.result.stderr)")
            #expect(shown.files == quiet.files, "the progress changes no file")
            let cached = try run("cached", cache: "cold")
            #expect(cached.result.status == 0, "stderr: \(cached.result.stderr)")
            #expect(!cached.result.stderr.contains("skin-table"), "a table from the cache: \(cached.result.stderr)")
            #expect(cached.files == quiet.files)
        }
    }

    @Test("calibrate counts its model evaluations within the fit; --quiet shows nothing; the files are the same")
    func calibration() throws {
        try withTemporaryDirectory { directory in
            let file = try CalibrateCLITests.writeCalibration(in: directory, rows: CalibrateCLITests.rows)
            let shown = try runPDTSim(
                ["calibrate", file, "--jobs", "2", "--out", "shown"], in: directory, environment: Self.everyUpdate)
            #expect(shown.status == 0, "stderr: \(shown.stderr)")
            let lines = Self.progressLines(shown.stderr, label: "fit")
            #expect(lines.count >= 2, "stderr: \(shown.stderr)")
            // 2 starts × (200 iterations + 1) × (2 parameters + 1)
            #expect(lines.allSatisfy { $0.unit == "evaluations" && $0.total >= 1206 && $0.done <= $0.total })
            #expect(shown.stderr.contains("calibrate: start 1/2: deviance "), "the starts are still reported")
            let quiet = try runPDTSim(
                ["calibrate", file, "--jobs", "2", "--quiet", "--out", "quiet"], in: directory,
                environment: Self.everyUpdate)
            #expect(quiet.status == 0 && quiet.stderr.isEmpty, "stderr: \(quiet.stderr)")
            #expect(
                try contents(directory.appendingPathComponent("shown"))
                    == contents(directory.appendingPathComponent("quiet")))
        }
    }

    @Test(
        "cohort counts subjects and sensitivity runs; --quiet shows nothing",
        arguments: [
            (["cohort"] + CohortCLI.small, "cohort", "subjects"),
            (["sensitivity", "--method", "sobol"] + SensitivityCLITests.small, "sensitivity", "runs"),
        ])
    func ensembleUnits(arguments: [String], label: String, unit: String) throws {
        try withTemporaryDirectory { directory in
            let shown = try runPDTSim(
                arguments.filter { $0 != "--quiet" } + ["--out", "shown"], in: directory,
                environment: Self.everyUpdate)
            #expect(shown.status == 0, "stderr: \(shown.stderr)")
            let lines = Self.progressLines(shown.stderr, label: label)
            #expect(!lines.isEmpty && lines.allSatisfy { $0.unit == unit }, "stderr: \(shown.stderr)")
            #expect(!shown.stderr.contains(" points"), "stderr: \(shown.stderr)")
            let quiet = try runPDTSim(arguments + ["--out", "quiet"], in: directory, environment: Self.everyUpdate)
            #expect(quiet.status == 0 && quiet.stderr.isEmpty, "stderr: \(quiet.stderr)")
            #expect(
                CohortCLI.files(directory.appendingPathComponent("shown"))
                    == CohortCLI.files(directory.appendingPathComponent("quiet")))
        }
    }
}
