import Foundation
import Testing

@testable import PDTCommands
@testable import PDTCore
@testable import PDTNumerics
@testable import PDTStudies

/// Small cohorts through the `pdtsim` executable: 12 subjects, one session, a 160-day horizon and
/// a coarse depth grid keep each run to a few seconds in debug builds.
enum CohortCLI {
    static let small = [
        "--subjects", "12", "--seed", "7", "--set", "schedule.initial_sessions=1", "--set",
        "schedule.horizon_days=160", "--set", "grid.cells=30", "--quiet",
    ]

    /// The files of a cohort folder, by name.
    static func files(_ folder: URL) -> [String: Data] {
        var result: [String: Data] = [:]
        for name in listing(folder) { result[name] = try? Data(contentsOf: folder.appendingPathComponent(name)) }
        return result
    }

    /// The reference: the small cohort on one job.
    static let reference: Result<[String: Data], any Error> = Result {
        try withTemporaryDirectory { directory in
            let result = try runPDTSim(["cohort", "--out", "one", "--jobs", "1"] + small, in: directory)
            guard result.status == 0 else { throw ModelError("reference cohort", result.stderr) }
            return files(directory.appendingPathComponent("one"))
        }
    }
}

@Suite("pdtsim cohort")
struct CohortCLITests {
    @Test("a cohort writes subjects.csv, bands.csv and summary.json, one row per subject and per day")
    func referenceCohort() throws {
        let files = try CohortCLI.reference.get()
        #expect(
            Set(files.keys) == [".pdtsim-output", "subjects.csv", "subjects.csv.json", "bands.csv", "summary.json"])
        let subjects = CSV(text: String(decoding: files["subjects.csv"]!, as: UTF8.self))
        #expect(subjects.header.prefix(3) == ["subject", "skin", "skin.epidermis_thickness_cm"])
        #expect(subjects.rows.count == 12)
        let indices: [String] = (0..<12).map { String($0) }
        #expect(subjects.rows.map { $0[0] } == indices)
        let bands = CSV(text: String(decoding: files["bands.csv"]!, as: UTF8.self))
        #expect(bands.rows.count == 161, "days 0 … 160")
        #expect(bands.header.contains("pore_reduction_percent_q97.5") && bands.header.contains("inflammation_sd"))
        let summary = jsonObject(files["summary.json"]!)
        #expect(summary["subjects_run"] as? Int == 12)
        let responders = summary["responder_fraction"] as? [String: Any]
        let lower = responders?["wilson_95_lower"] as? Double ?? -1
        let upper = responders?["wilson_95_upper"] as? Double ?? -1
        #expect(0 <= lower && lower <= upper && upper <= 1)
    }

    @Test("the same cohort with 3 jobs gives the same bytes; another seed another cohort")
    func jobsAndSeed() throws {
        let reference = try CohortCLI.reference.get()
        try withTemporaryDirectory { directory in
            let three = try runPDTSim(["cohort", "--out", "three", "--jobs", "3"] + CohortCLI.small, in: directory)
            #expect(three.status == 0, "stderr: \(three.stderr)")
            #expect(CohortCLI.files(directory.appendingPathComponent("three")) == reference)
            let other = try runPDTSim(
                ["cohort", "--out", "other", "--jobs", "2"] + CohortCLI.small + ["--seed", "8"], in: directory)
            #expect(other.status == 0, "stderr: \(other.stderr)")
            #expect(
                CohortCLI.files(directory.appendingPathComponent("other"))["subjects.csv"] != reference["subjects.csv"])
        }
    }

    @Test("three shards merged give the bytes of the unsharded cohort; a shard twice is refused")
    func shardAndMerge() throws {
        let reference = try CohortCLI.reference.get()
        try withTemporaryDirectory { directory in
            for i in 0..<3 {
                let shard = try runPDTSim(
                    ["cohort", "--out", "s\(i)", "--shard", "\(i)/3", "--jobs", "2"] + CohortCLI.small, in: directory)
                #expect(shard.status == 0, "stderr: \(shard.stderr)")
            }
            #expect(listing(directory.appendingPathComponent("s1")).contains("daily.bin"))
            let twice = try runPDTSim(["merge", "s0", "s1", "s1", "--out", "bad"], in: directory)
            #expect(twice.status == 3 && twice.stderr.contains("again"), "stderr: \(twice.stderr)")
            let merged = try runPDTSim(["merge", "s2", "s0", "s1", "--out", "merged", "--quiet"], in: directory)
            #expect(merged.status == 0, "stderr: \(merged.stderr)")
            #expect(CohortCLI.files(directory.appendingPathComponent("merged")) == reference)
        }
    }

    @Test("a cohort killed mid-run, its last row cut, resumes to the bytes of an uninterrupted run")
    func resumeAfterKill() throws {
        let reference = try CohortCLI.reference.get()
        try withTemporaryDirectory { directory in
            let process = Process()
            process.executableURL = PDTSimExecutable.url
            process.arguments = ["cohort", "--out", "cut", "--jobs", "1"] + CohortCLI.small
            process.currentDirectoryURL = directory
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            let partial = directory.appendingPathComponent("cut.partial/subjects.csv.partial")
            let deadline = Date().addingTimeInterval(60)
            while process.isRunning && Date() < deadline {
                let rows = ((try? String(contentsOf: partial, encoding: .utf8)) ?? "").filter { $0 == "\n" }.count - 1
                if rows >= 3 { break }
                usleep(5000)
            }
            let interrupted = process.isRunning
            if interrupted { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
            if interrupted {
                var text = try String(contentsOf: partial, encoding: .utf8)
                text.removeLast(10)
                try text.write(to: partial, atomically: false, encoding: .utf8)
                let refused = try runPDTSim(["cohort", "--out", "cut", "--jobs", "1"] + CohortCLI.small, in: directory)
                #expect(refused.status == 3 && refused.stderr.contains("--resume"), "stderr: \(refused.stderr)")
                #expect(refused.stderr.contains("an interrupted cohort left this partial file"))
            }
            let resumed = try runPDTSim(
                ["cohort", "--out", "cut", "--resume", "--jobs", "2"] + CohortCLI.small, in: directory)
            #expect(resumed.status == 0, "stderr: \(resumed.stderr)")
            #expect(CohortCLI.files(directory.appendingPathComponent("cut")) == reference)
            #expect(!listing(directory).contains("cut.partial"))
        }
    }

    @Test("a cohort whose subjects fail a cross-key check counts them as failed and goes on")
    func cohortWithInvalidSubjects() throws {
        try withTemporaryDirectory { directory in
            let cohort = """
                {"format_version": 1, "kind": "cohort", "name": "long-aftercare",
                 "description": "after-care of up to 3 days between sessions one day apart",
                 "protocol": "allumera-blue",
                 "sampling": {"method": "latin_hypercube", "subjects": 4, "seed": 1},
                 "distributions": {"session.aftercare_h": {"distribution": "uniform",
                   "low": {"value": 1, "unit": "h", "source": "test"},
                   "high": {"value": 72, "unit": "h", "source": "test"}}}}
                """
            try writeText(cohort, named: "long.json", in: directory)
            let result = try runPDTSim(
                [
                    "cohort", "--cohort", "long.json", "--set", "schedule.session_days=0,1", "--set",
                    "session.aftercare_h=12", "--set", "schedule.horizon_days=160", "--jobs", "2", "--quiet", "--out",
                    "out", "--set", "grid.cells=30",
                ], in: directory)
            #expect(result.status == 6, "stderr: \(result.stderr)")
            #expect(listing(directory) == ["long.json", "out"], "no out.partial is left")
            let out = directory.appendingPathComponent("out")
            let subjects = CSV(
                text: try String(contentsOf: out.appendingPathComponent("subjects.csv"), encoding: .utf8))
            let statuses = subjects.column("status")
            #expect(statuses.count == 4)
            let failed = statuses.indices.filter { statuses[$0] != "ok" }
            #expect(failed.count >= 2 && failed.count < 4, "statuses: \(statuses)")
            #expect(failed.allSatisfy { statuses[$0] == "invalid_protocol" })
            let summary = jsonObject(try Data(contentsOf: out.appendingPathComponent("summary.json")))
            #expect(summary["subjects_failed"] as? Int == failed.count)
            #expect(summary["subjects_banded"] as? Int == 4 - failed.count)
            let line = try #require(result.stderrLines.first)
            #expect(result.stderrLines.count == 1)
            #expect(
                line.hasPrefix(
                    "pdtsim: error: \(failed.count) of 4 subjects failed; their rows hold the return code in status:"))
            for index in failed {
                #expect(line.contains("; \(index) (session.aftercare_h="), "\(line)")
            }
            #expect(line.components(separatedBy: "): not a valid protocol: ").count == 1 + failed.count, "\(line)")
            #expect(line.components(separatedBy: "are closer than a session lasts").count == 1 + failed.count)
            #expect(!line.contains("--cohort"), "a subject is named once, by its index: \(line)")
        }
    }
}
