import Foundation
import Testing

@testable import PDTCommands
@testable import PDTCore
@testable import PDTStudies

/// `pdtsim maintenance` on a one-session protocol over 300 days (Models/MODEL.md §8: shorter maintenance
/// intervals give a higher mean reduction with diminishing gain per extra session).
@Suite("pdtsim maintenance")
struct MaintenanceCLITests {
    static let shortProtocol = ["--set", "schedule.initial_sessions=1", "--horizon", "300"]

    static let run: Result<SimulationRun, any Error> = Result {
        try withTemporaryDirectory { directory in
            let out = directory.appendingPathComponent("study")
            let result = try runPDTSim(
                ["maintenance", "--intervals", "0,90,180", "--out", out.path] + shortProtocol, in: directory)
            return SimulationRun(result: result, listing: listing(out), files: try contents(out))
        }
    }

    @Test("writes maintenance.csv, maintenance_timelines.csv and protocol.json and prints a table")
    func files() throws {
        let run = try Self.run.get()
        #expect(run.result.status == 0, "stderr: \(run.result.stderr)")
        #expect(
            run.listing == [AtomicOutput.markerName, "maintenance.csv", "maintenance_timelines.csv", "protocol.json"])
        #expect(
            run.csv("maintenance.csv").headerLine
                == "maintenance_interval_days,sessions,mean_reduction_percent,min_reduction_percent,"
                + "days_at_or_above_target,gain_per_extra_session_percent,total_incident_fluence_J_per_cm2")
        let timelines = run.csv("maintenance_timelines.csv")
        #expect(
            timelines.headerLine
                == "maintenance_interval_days,day,pore_reduction_percent,sebaceous_activity,inflammation")
        #expect(timelines.rows.count == 3 * 301)
        #expect(timelines.column("maintenance_interval_days").prefix(301).allSatisfy { $0 == "0" })
        let days: [String] = (0...300).map { String($0) }
        #expect(timelines.column("day").suffix(301) == days)
        #expect(run.result.stdout.contains("maintenance intervals over 300 days"))
        #expect(run.result.stdout.contains("wrote"))
        let resolved = jsonObject(run.files["protocol.json"] ?? Data())
        let schedule = (resolved["schedule"] as? [String: Any])?["parameters"] as? [String: Any]
        #expect((schedule?["horizon_days"] as? [String: Any])?["value"] as? Int == 300)
    }

    @Test("shorter intervals give more sessions and a higher mean; the gain per extra session diminishes")
    func ranking() throws {
        let table = try Self.run.get().csv("maintenance.csv")
        #expect(table.column("maintenance_interval_days") == ["0", "90", "180"])
        #expect(table.column("sessions") == ["1", "4", "2"], "sessions on days 0; 0, 90, 180, 270; 0, 180")
        #expect(table.column("total_incident_fluence_J_per_cm2") == ["10.0", "40.0", "20.0"])
        let mean = table.numbers("mean_reduction_percent")
        let minimum = table.numbers("min_reduction_percent")
        #expect(mean[1] > mean[2] && mean[2] > mean[0])
        #expect(zip(minimum, mean).allSatisfy { $0 <= $1 })
        let gain = table.column("gain_per_extra_session_percent")
        #expect(gain[0].isEmpty, "no gain for the no-maintenance case")
        let g90 = try #require(Double(gain[1]))
        let g180 = try #require(Double(gain[2]))
        #expect(abs(g90 - (mean[1] - mean[0]) / 3) <= 1e-9 * abs(g90))
        #expect(abs(g180 - (mean[2] - mean[0]) / 1) <= 1e-9 * abs(g180))
        #expect(g90 > 0 && g180 > g90, "diminishing gain per extra session")
    }

    @Test("the no-maintenance baseline is computed even when not listed")
    func baselineNotListed() throws {
        let run = try withTemporaryDirectory { directory in
            let out = directory.appendingPathComponent("study")
            let result = try runPDTSim(
                ["maintenance", "--intervals", "180", "--quiet", "--out", out.path] + Self.shortProtocol, in: directory)
            return SimulationRun(result: result, listing: listing(out), files: try contents(out))
        }
        #expect(run.result.status == 0, "stderr: \(run.result.stderr)")
        #expect(run.result.stdout.isEmpty)
        let table = run.csv("maintenance.csv")
        #expect(table.column("maintenance_interval_days") == ["180"])
        let reference = try Self.run.get().csv("maintenance.csv")
        #expect(
            table.column("gain_per_extra_session_percent") == [reference.column("gain_per_extra_session_percent")[2]])
    }

    @Test("the files are byte-identical with --jobs 1 and the default; --quiet prints no progress")
    func jobsDoNotChangeTheBytes() throws {
        let reference = try Self.run.get()
        let run = try withTemporaryDirectory { directory in
            let out = directory.appendingPathComponent("study")
            let result = try runPDTSim(
                ["maintenance", "--intervals", "0,90,180", "--jobs", "1", "--quiet", "--out", out.path]
                    + Self.shortProtocol, in: directory)
            return SimulationRun(result: result, listing: listing(out), files: try contents(out))
        }
        #expect(run.result.status == 0, "stderr: \(run.result.stderr)")
        #expect(run.result.stderr.isEmpty && run.result.stdout.isEmpty)
        #expect(run.files == reference.files)
    }

    @Test(
        "bad input: intervals, horizon, explicit session days",
        arguments: [
            (["--intervals", "0,x"], Int32(3), "'x' is not a whole number of days"),
            (["--intervals", "90,90"], 3, "90 is listed twice"),
            (["--horizon", "0"], 3, "--horizon 0"),
            (["--target", "120"], 3, "--target 120: expected a percentage between 0 and 100"),
            (["--intervals", "-30"], 3, "'-30' is not a whole number of days ≥ 0"),
            (["--jobs", "-1"], 3, "--jobs -1: expected a whole number ≥ 1 (worker threads)"),
            (["--set", "schedule.session_days=0,30"], 3, "the protocol lists its session days"),
            (["--horizon", "100"], 3, "evaluation_day"),
            (["--out", "."], 5, "it is the current folder"),
        ])
    func badInput(arguments: [String], status: Int32, message: String) throws {
        let result = try withTemporaryDirectory {
            try runPDTSim(["maintenance", "--out", $0.appendingPathComponent("study").path] + arguments, in: $0)
        }
        #expect(result.stdout.isEmpty, "nothing simulated")
        #expect(result.status == status, "stderr: \(result.stderr)")
        #expect(result.stderr.contains(message), "stderr: \(result.stderr)")
    }
}
