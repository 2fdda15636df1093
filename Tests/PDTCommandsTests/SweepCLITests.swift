import Foundation
import Testing

@testable import PDTCommands
@testable import PDTCore
@testable import PDTNumerics
@testable import PDTStudies

/// Small sweeps through the `pdtsim` executable, and what they leave on disk.
enum SweepCLI {
    /// One-session protocols followed for 160 days keep every point cheap in debug builds.
    static let shortProtocol = ["--set", "schedule.initial_sessions=1", "--set", "schedule.horizon_days=160"]
    /// Three wavelengths: the reference sweep of these tests.
    static let threeWavelengths = ["--vary", "light.center_nm=405,505,630"] + shortProtocol

    /// What a sweep wrote: the CSV, its sidecar, and the folder's listing.
    struct Output: Sendable {
        var result: CommandResult
        var listing: [String]
        var csvData: Data
        var sidecarData: Data
        var csv: CSV { CSV(text: String(decoding: csvData, as: UTF8.self)) }
        var sidecar: [String: Any] { jsonObject(sidecarData) }
    }

    /// Runs `pdtsim sweep --out <directory>/<name> arguments…` in `directory`.
    static func run(_ arguments: [String], in directory: URL, name: String = "sweep.csv") throws -> Output {
        let out = directory.appendingPathComponent(name)
        let result = try runPDTSim(["sweep", "--out", out.path] + arguments, in: directory)
        return Output(
            result: result, listing: listing(directory),
            csvData: (try? Data(contentsOf: out)) ?? Data(),
            sidecarData: (try? Data(contentsOf: URL(fileURLWithPath: out.path + ".json"))) ?? Data())
    }

    /// The reference: the three-wavelength sweep on one job.
    static let reference: Result<Output, any Error> = Result {
        try withTemporaryDirectory { try run(threeWavelengths + ["--jobs", "1", "--quiet"], in: $0) }
    }

    static let header =
        "index,light.center_nm,status,reduction_on_day_150_percent,peak_reduction_percent,peak_day,"
        + "mean_reduction_percent,days_at_or_above_target,effect_duration_days,effect_duration_censored,sessions,"
        + "total_incident_fluence_J_per_cm2,total_ppix_weighted_fluence_J_per_cm2,session1_sebaceous_activity_before,"
        + "session1_incident_fluence_J_per_cm2,session1_ppix_weighted_fluence_J_per_cm2,"
        + "session1_ppix_epidermis_at_light_on_uM,session1_ppix_sebaceous_at_light_on_uM,"
        + "session1_ppix_epidermis_at_light_off_uM,session1_ppix_sebaceous_at_light_off_uM,"
        + "session1_bleached_fraction_epidermis,session1_min_oxygen_uM,session1_dose_epidermis_uM,"
        + "session1_dose_sebaceous_uM,session1_kill_fraction,session1_flare_increment,session1_photosensitivity_hours,"
        + "session1_photosensitivity_censored"
}

@Suite("pdtsim sweep and merge")
struct SweepCLITests {
    // MARK: - Rows and columns

    @Test("a sweep writes FILE.csv and FILE.csv.json only: one row per point, in index order")
    func referenceSweep() throws {
        let run = try SweepCLI.reference.get()
        #expect(run.result.status == 0, "stderr: \(run.result.stderr)")
        #expect(run.result.stderr.isEmpty && run.result.stdout.isEmpty, "--quiet prints nothing")
        #expect(run.listing == ["sweep.csv", "sweep.csv.json"], "no partial file or sidecar left behind")
        let csv = run.csv
        #expect(csv.headerLine == SweepCLI.header)
        #expect(csv.rows.count == 3)
        #expect(csv.column("index") == ["0", "1", "2"])
        #expect(csv.column("light.center_nm") == ["405", "505", "630"])
        #expect(csv.column("status") == ["ok", "ok", "ok"])
        #expect(csv.column("sessions") == ["1", "1", "1"])
        #expect(csv.column("session1_incident_fluence_J_per_cm2") == ["10.0", "10.0", "10.0"])
        let doses = csv.numbers("session1_dose_sebaceous_uM")
        #expect(doses[0] > doses[1] && doses[1] > doses[2], "405 nm excites PpIX more than 505 and 630 nm")
        #expect(csv.rows.allSatisfy { $0.count == csv.header.count })
    }

    @Test("a point's row holds exactly what simulate writes: summary.json readouts and sessions.csv's first row")
    func rowMatchesSimulate() throws {
        let run = try SweepCLI.reference.get()
        let simulation = try withTemporaryDirectory {
            try simulate(SweepCLI.shortProtocol + ["--set", "light.center_nm=505"], in: $0)
        }
        #expect(simulation.result.status == 0)
        let csv = run.csv
        let summary = simulation.summary
        let summaryLines = simulation.text("summary.json").split(separator: "\n")
        for key in [
            "reduction_on_day_150_percent", "peak_reduction_percent", "mean_reduction_percent",
            "total_ppix_weighted_fluence_J_per_cm2",
        ] {
            let line = summaryLines.first { $0.hasPrefix("  \"\(key)\": ") }
            let written = line.flatMap { Double($0.split(separator: " ").last!.dropLast()) }
            #expect(csv.number(row: "1", column: key) == written, "\(key): the same double as summary.json's text")
        }
        for key in ["peak_day", "days_at_or_above_target", "effect_duration_days", "sessions"] {
            #expect(csv.field(row: "1", column: key) == (summary[key] as? Int).map(String.init), "\(key)")
        }
        let sessions = simulation.csv("sessions.csv")
        for column in SessionReadout.all.map(\.name) {
            #expect(csv.field(row: "1", column: "session1_" + column) == sessions.field(row: "1", column: column))
        }
    }

    @Test("the file and its sidecar are byte-identical for any number of jobs", arguments: [2, 3])
    func jobsDoNotChangeTheBytes(jobs: Int) throws {
        let reference = try SweepCLI.reference.get()
        let run = try withTemporaryDirectory {
            try SweepCLI.run(SweepCLI.threeWavelengths + ["--jobs", "\(jobs)", "--quiet"], in: $0)
        }
        #expect(run.result.status == 0, "stderr: \(run.result.stderr)")
        #expect(run.csvData == reference.csvData)
        #expect(run.sidecarData == reference.sidecarData)
    }

    /// The fixture was made with the solver of its day, RODAS4 at rtol 1e-6, now the `rodas4` preset, and
    /// the response of its day, now the `revitall-single-point` preset.
    @Test("the sweep on the ensemble engine writes the bytes of the sweep before it (fixture from commit b2d7029)")
    func unchangedByTheEngine() throws {
        let before = try Data(contentsOf: Repository.fixtures.appendingPathComponent("sweep-before-engine.csv"))
        let run = try withTemporaryDirectory {
            try SweepCLI.run(
                ["--vary", "light.center_nm=405,630", "--vary", "skin=fitzpatrick-1-2,fitzpatrick-5-6", "--quiet"]
                    + SweepCLI.shortProtocol
                    + ["--jobs", "3", "--set", "solver=rodas4", "--set", "response=revitall-single-point"], in: $0)
        }
        #expect(run.result.status == 0, "stderr: \(run.result.stderr)")
        #expect(run.csvData == before)
    }

    @Test("several --vary form a row-major product: the last varies fastest")
    func cartesianOrder() throws {
        let run = try withTemporaryDirectory {
            try SweepCLI.run(
                ["--vary", "light.center_nm=405,630", "--vary", "skin=fitzpatrick-1-2,fitzpatrick-5-6", "--quiet"]
                    + SweepCLI.shortProtocol, in: $0)
        }
        #expect(run.result.status == 0, "stderr: \(run.result.stderr)")
        let csv = run.csv
        #expect(Array(csv.header.prefix(4)) == ["index", "light.center_nm", "skin", "status"])
        #expect(csv.column("light.center_nm") == ["405", "405", "630", "630"])
        #expect(csv.column("skin") == ["fitzpatrick-1-2", "fitzpatrick-5-6", "fitzpatrick-1-2", "fitzpatrick-5-6"])
        let doses = csv.numbers("session1_dose_epidermis_uM")
        #expect(doses[1] < doses[0] && doses[3] < doses[2], "more melanin, less epidermal dose")
    }

    @Test("--zip runs the lists side by side; a varied evaluation day gets a generic column")
    func zipAndEvaluationDay() throws {
        let run = try withTemporaryDirectory {
            try SweepCLI.run(
                ["--zip", "--vary", "light.center_nm=405,630", "--vary", "readouts.evaluation_day=100,150", "--quiet"]
                    + SweepCLI.shortProtocol, in: $0)
        }
        #expect(run.result.status == 0, "stderr: \(run.result.stderr)")
        let csv = run.csv
        #expect(csv.rows.count == 2)
        #expect(csv.column("readouts.evaluation_day") == ["100", "150"])
        #expect(csv.header[4] == "reduction_on_evaluation_day_percent")
        #expect(!csv.header.contains("reduction_on_day_150_percent"))
    }

    // MARK: - The sidecar

    @Test("the sidecar records the definition, the base protocol, the shard, the columns and the versions")
    func sidecarFields() throws {
        let run = try SweepCLI.reference.get()
        let sidecar = run.sidecar
        #expect(sidecar["kind"] as? String == "pdtsim sweep")
        let sweep = try #require(sidecar["sweep"] as? [String: Any])
        #expect(sweep["protocol"] as? String == "allumera-blue")
        #expect(sweep["set"] as? [String] == ["schedule.initial_sessions=1", "schedule.horizon_days=160"])
        #expect(sweep["zip"] as? Bool == false)
        #expect(sweep["points"] as? Int == 3)
        let vary = try #require((sweep["vary"] as? [[String: Any]])?.first)
        #expect(vary["key"] as? String == "light.center_nm")
        #expect(vary["spec"] as? String == "405,505,630")
        #expect(vary["values"] as? [String] == ["405", "505", "630"])
        let base = try #require(sidecar["base_protocol"] as? [String: Any])
        #expect(base["name"] as? String == "allumera-blue")
        let schedule = (base["schedule"] as? [String: Any])?["parameters"] as? [String: Any]
        #expect((schedule?["horizon_days"] as? [String: Any])?["value"] as? Int == 160, "after --set")
        let shard = try #require(sidecar["shard"] as? [String: Any])
        #expect(shard["index"] as? Int == 0 && shard["count"] as? Int == 1 && shard["points"] as? Int == 3)
        #expect(sidecar["columns"] as? [String] == SweepCLI.header.split(separator: ",").map(String.init))
        let versions = try #require(sidecar["versions"] as? [String: Any])
        #expect(versions["pdtsim"] as? String == SimulationReport.pdtsimVersion)
        #expect(versions["gsl"] as? String == GSL.version)
        let text = String(decoding: run.sidecarData, as: UTF8.self)
        #expect(text.hasPrefix("{\n  \"kind\": \"pdtsim sweep\",\n  \"sweep\": {"), "keys in a fixed order")
    }

    // MARK: - Shards and merge

    @Test("shards 0/2 and 1/2 merged give exactly the unsharded file and sidecar")
    func shardAndMerge() throws {
        let reference = try SweepCLI.reference.get()
        try withTemporaryDirectory { directory in
            let part0 = try SweepCLI.run(
                SweepCLI.threeWavelengths + ["--shard", "0/2", "--quiet"], in: directory, name: "part0.csv")
            let part1 = try SweepCLI.run(
                SweepCLI.threeWavelengths + ["--shard", "1/2", "--quiet"], in: directory, name: "part1.csv")
            #expect(
                part0.result.status == 0 && part1.result.status == 0, "\(part0.result.stderr)\(part1.result.stderr)")
            #expect(part0.csv.column("index") == ["0", "2"])
            #expect(part1.csv.column("index") == ["1"])
            let shard = part1.sidecar["shard"] as? [String: Any]
            #expect(shard?["index"] as? Int == 1 && shard?["count"] as? Int == 2 && shard?["points"] as? Int == 1)

            let merged = try runPDTSim(["merge", "part1.csv", "part0.csv", "--out", "merged.csv"], in: directory)
            #expect(merged.status == 0, "stderr: \(merged.stderr)")
            #expect(merged.stdout.contains("wrote merged.csv: 3 points from 2 parts"))
            #expect(try Data(contentsOf: directory.appendingPathComponent("merged.csv")) == reference.csvData)
            #expect(try Data(contentsOf: directory.appendingPathComponent("merged.csv.json")) == reference.sidecarData)
        }
    }

    @Test("merge refuses a missing, repeated, foreign, incomplete or unfinished part, naming it")
    func mergeErrors() throws {
        try withTemporaryDirectory { directory in
            for i in 0..<2 {
                let part = try SweepCLI.run(
                    SweepCLI.threeWavelengths + ["--shard", "\(i)/2", "--quiet"], in: directory, name: "part\(i).csv")
                try #require(part.result.status == 0, "stderr: \(part.result.stderr)")
            }
            func merge(_ parts: [String]) throws -> CommandResult {
                try runPDTSim(["merge"] + parts + ["--out", "merged.csv"], in: directory)
            }
            func copy(_ name: String, to target: String, editing: (String) -> String = { $0 }) throws {
                for suffix in ["", ".json"] {
                    let text = try String(contentsOf: directory.appendingPathComponent(name + suffix), encoding: .utf8)
                    try editing(text).write(
                        to: directory.appendingPathComponent(target + suffix), atomically: true, encoding: .utf8)
                }
            }

            let missing = try merge(["part0.csv"])
            #expect(missing.status == 3)
            #expect(missing.stderr.contains("shard 1/2 is missing"))

            let twice = try merge(["part0.csv", "part0.csv", "part1.csv"])
            #expect(twice.status == 3)
            #expect(twice.stderr.contains("part0.csv: is shard 0/2 again"))

            try copy("part1.csv", to: "foreign.csv") {
                $0.replacingOccurrences(of: "schedule.horizon_days=160", with: "schedule.horizon_days=161")
            }
            let foreign = try merge(["part0.csv", "foreign.csv"])
            #expect(foreign.status == 3)
            #expect(foreign.stderr.contains("foreign.csv: comes from a different sweep than part0.csv"))

            try copy("part0.csv", to: "short.csv")
            let short = directory.appendingPathComponent("short.csv")
            let lines = try String(contentsOf: short, encoding: .utf8).split(separator: "\n")
            try (lines.dropLast().joined(separator: "\n") + "\n").write(to: short, atomically: true, encoding: .utf8)
            let incomplete = try merge(["short.csv", "part1.csv"])
            #expect(incomplete.status == 3)
            #expect(incomplete.stderr.contains("short.csv: holds 1 rows, shard 0/2 has 2 points"))

            try Data().write(to: directory.appendingPathComponent("part1.csv.partial"))
            let unfinished = try merge(["part0.csv", "part1.csv"])
            #expect(unfinished.status == 3)
            #expect(unfinished.stderr.contains("part1.csv.partial exists"))

            #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("merged.csv").path))
        }
    }

    // MARK: - Interruption and resume

    @Test(
        "--resume continues a partial file cut mid-row; the result is byte-identical; without --resume it is an error")
    func resumeTruncated() throws {
        let reference = try SweepCLI.reference.get()
        try withTemporaryDirectory { directory in
            let partial = directory.appendingPathComponent("sweep.csv.partial")
            let text = String(decoding: reference.csvData, as: UTF8.self)
            let lines = text.split(separator: "\n").map { $0 + "\n" }
            try (lines[0] + lines[1] + lines[2].prefix(25)).write(to: partial, atomically: true, encoding: .utf8)
            try reference.sidecarData.write(to: directory.appendingPathComponent("sweep.csv.partial.json"))

            let refused = try SweepCLI.run(SweepCLI.threeWavelengths + ["--quiet"], in: directory)
            #expect(refused.result.status == 3)
            #expect(refused.result.stderr.contains("pass --resume to continue it, or delete it"))

            let other = try SweepCLI.run(
                ["--vary", "light.center_nm=405,505,631", "--resume", "--quiet"] + SweepCLI.shortProtocol, in: directory
            )
            #expect(other.result.status == 3)
            #expect(other.result.stderr.contains("cannot resume: the interrupted sweep differs from this one"))

            let resumed = try SweepCLI.run(SweepCLI.threeWavelengths + ["--resume"], in: directory)
            #expect(resumed.result.status == 0, "stderr: \(resumed.result.stderr)")
            #expect(resumed.result.stdout.contains("3 points, 1 resumed"))
            #expect(resumed.listing == ["sweep.csv", "sweep.csv.json"])
            #expect(resumed.csvData == reference.csvData)
            #expect(resumed.sidecarData == reference.sidecarData)
        }
    }

    @Test("a sweep killed after its first rows resumes to the bytes of an uninterrupted run")
    func resumeAfterKill() throws {
        let arguments = ["--vary", "light.center_nm=400:700:30"] + SweepCLI.shortProtocol + ["--quiet"]
        try withTemporaryDirectory { directory in
            let whole = try SweepCLI.run(arguments + ["--jobs", "2"], in: directory, name: "whole.csv")
            try #require(whole.result.status == 0, "stderr: \(whole.result.stderr)")

            let process = Process()
            process.executableURL = PDTSimExecutable.url
            process.arguments = ["sweep", "--out", "cut.csv", "--jobs", "1"] + arguments
            process.currentDirectoryURL = directory
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            let partial = directory.appendingPathComponent("cut.csv.partial")
            let deadline = Date().addingTimeInterval(60)
            while process.isRunning && Date() < deadline {
                let rows = ((try? String(contentsOf: partial, encoding: .utf8)) ?? "").filter { $0 == "\n" }.count - 1
                if rows >= 1 { break }
                usleep(5000)
            }
            let interrupted = process.isRunning
            if interrupted { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
            if interrupted {
                #expect(FileManager.default.fileExists(atPath: partial.path))
                #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("cut.csv").path))
            }

            let resumed = try runPDTSim(
                ["sweep", "--out", "cut.csv", "--resume", "--jobs", "2"] + arguments, in: directory)
            #expect(resumed.status == 0, "stderr: \(resumed.stderr)")
            #expect(try Data(contentsOf: directory.appendingPathComponent("cut.csv")) == whole.csvData)
            #expect(try Data(contentsOf: directory.appendingPathComponent("cut.csv.json")) == whole.sidecarData)
        }
    }

    // MARK: - Failures and bad input

    @Test("--out naming a folder is refused before anything runs (exit 5)")
    func outputIsAFolder() throws {
        try withTemporaryDirectory { directory in
            try FileManager.default.createDirectory(
                at: directory.appendingPathComponent("taken.csv"), withIntermediateDirectories: false)
            let run = try SweepCLI.run(SweepCLI.threeWavelengths, in: directory, name: "taken.csv")
            #expect(run.result.status == ExitStatus.outputFailure.rawValue)
            #expect(run.result.stderr.contains("a folder of that name exists"))
            #expect(run.listing == ["taken.csv"])
        }
    }

    @Test("a point whose integration fails keeps its row with its return code; the sweep goes on and exits with 6")
    func failingPoint() throws {
        let run = try withTemporaryDirectory {
            try SweepCLI.run(["--vary", "solver.max_steps=5,1000000", "--quiet"] + SweepCLI.shortProtocol, in: $0)
        }
        #expect(run.result.status == ExitStatus.pointsFailed.rawValue)
        #expect(run.result.stderr.contains("1 of 2 points failed"))
        #expect(run.result.stderr.contains("point 0 (solver.max_steps=5)"))
        #expect(run.result.stderr.contains("too_many_steps"))
        #expect(run.listing == ["sweep.csv", "sweep.csv.json"], "the sweep finished")
        let csv = run.csv
        #expect(csv.column("status") == ["too_many_steps", "ok"])
        let failed = try #require(csv.rows.first)
        #expect(failed.dropFirst(3).allSatisfy { $0.isEmpty }, "a failed point's readouts are empty")
        #expect(csv.rows[1].dropFirst(3).allSatisfy { !$0.isEmpty })
    }

    @Test(
        "bad input stops the sweep before anything is written, with the exit code and a message naming the flag",
        arguments: [
            (["--vary", "light.center_nm=405,abc"], Int32(3), "--vary light.center_nm=abc: 'abc' is not a number"),
            (["--vary", "light.nosuch=1"], 3, "--vary light.nosuch=1: unknown light parameter 'nosuch'"),
            (["--vary", "skin=fitzpatrick-1-2,fitz-9"], 3, "--vary skin=fitz-9: unknown preset 'fitz-9'"),
            (["--vary", "schedule.horizon_days=100"], 3, "point 0 is not a valid protocol"),
            (["--vary", "light.center_nm=1:2"], 3, "pdtsim: error: --vary light.center_nm=1:2: '1:2' is not a range"),
            (["--vary", "light.center_nm=0:1:0"], 3, "pdtsim: error: --vary light.center_nm=0:1:0: the step"),
            (["--vary", "light.center_nm"], 2, "--vary light.center_nm: expected KEY=SPEC"),
            (
                ["--vary", "light.center_nm=405", "--shard", "2/2"], 3,
                "'2/2' is invalid for '--shard <I/N>': shards are numbered from 0, so the 2 shards are 0/2 and 1/2: for the last one use --shard 1/2"
            ),
            (["--vary", "light.center_nm=405", "--shard", "-1/2"], 3, "'-1/2' is invalid for '--shard <I/N>'"),
            (["--vary", "light.center_nm=405,505", "--vary", "skin=fitzpatrick-1-2", "--zip"], 3, "differ in length"),
            (
                ["--vary", "light.center_nm=405", "--jobs", "0"], 3,
                "pdtsim: error: --jobs 0: expected a whole number ≥ 1 (worker threads)"
            ),
            (
                ["--vary", "light.center_nm=405", "--jobs", "-1"], 3,
                "pdtsim: error: --jobs -1: expected a whole number ≥ 1 (worker threads)"
            ),
            ([], 2, "name at least one --vary"),
        ])
    func badInput(arguments: [String], status: Int32, message: String) throws {
        let run = try withTemporaryDirectory { try SweepCLI.run(arguments + SweepCLI.shortProtocol, in: $0) }
        #expect(run.result.status == status, "stderr: \(run.result.stderr)")
        #expect(run.result.stderr.contains(message), "stderr: \(run.result.stderr)")
        #expect(run.listing.isEmpty, "nothing written")
    }
}
