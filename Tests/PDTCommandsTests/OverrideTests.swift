import Foundation
import Testing

@testable import PDTCommands
@testable import PDTCore
@testable import PDTStudies

/// `simulate --set …`: each override reaches the simulation and is recorded in protocol.json.
@Suite("simulate with --set overrides")
struct OverrideTests {
    /// Runs `simulate` with `--set` for each assignment, in its own temporary folder.
    func run(_ assignments: [String]) throws -> SimulationRun {
        try withTemporaryDirectory { directory in
            let run = try simulate(assignments.flatMap { ["--set", $0] } + ["--quiet"], in: directory)
            #expect(run.result.status == 0, "stderr: \(run.result.stderr)")
            #expect(run.listing == outputFolderListing)
            return run
        }
    }

    /// The parameter entry `section.key` of a run's protocol.json.
    func parameterEntry(_ run: SimulationRun, _ section: String, _ key: String) -> [String: Any]? {
        let written = jsonObject(run.files["protocol.json"] ?? Data())
        let parameters = (written[section] as? [String: Any])?["parameters"] as? [String: Any]
        return parameters?[key] as? [String: Any]
    }

    /// ε(λ)/ε_max from the shipped PpIX table (1 nm rows; ε_max the maximum on 380–450 nm, Models/MODEL.md §1).
    func ppixWeight(at wavelength: Int) throws -> Double {
        let table = CSV(
            text: try String(
                contentsOf: Repository.models.appendingPathComponent("data/ppix_absorption.csv"), encoding: .utf8))
        var peak = 0.0
        var value: Double?
        for row in table.rows {
            guard let w = Double(row[0]), let e = Double(row[1]) else { continue }
            if w >= 380 && w <= 450 { peak = max(peak, e) }
            if w == Double(wavelength) { value = e }
        }
        return try #require(value) / peak
    }

    func close(_ a: Double?, _ b: Double?, relative: Double = 1e-9) -> Bool {
        guard let a, let b else { return false }
        return abs(a - b) <= relative * max(abs(a), abs(b))
    }

    @Test("a 633 nm zero-width line changes every session's doses; the fluence stays 10 J/cm²")
    func redLine() throws {
        let reference = try ReferenceRuns.allumeraBlue.get().csv("sessions.csv")
        let run = try run(["light.center_nm=633", "light.fwhm_nm=0"])
        let sessions = run.csv("sessions.csv")
        #expect(sessions.rows.count == 3)
        #expect(sessions.column("incident_fluence_J_per_cm2") == ["10.0", "10.0", "10.0"])
        for column in ["dose_epidermis_uM", "dose_sebaceous_uM"] {
            for (new, old) in zip(sessions.numbers(column), reference.numbers(column)) {
                #expect(new.isFinite && new > 0 && abs(new - old) > 1e-3 * old, "\(column): \(new) vs \(old)")
            }
        }
        // A zero-width line puts all of E_tot at 633 nm: E_PpIX × t = 10 J/cm² × ε(633)/ε_max
        // (Models/MODEL.md §2).
        let expected = 10 * (try ppixWeight(at: 633))
        for weighted in sessions.numbers("ppix_weighted_fluence_J_per_cm2") {
            #expect(close(weighted, expected), "PpIX-weighted fluence \(weighted), expected \(expected)")
        }
        #expect(jsonNumber(parameterEntry(run, "light", "center_nm")?["value"]) == 633)
        #expect(parameterEntry(run, "light", "center_nm")?["source"] as? String == "set on the command line")
        #expect(jsonNumber(parameterEntry(run, "light", "fwhm_nm")?["value"]) == 0)
    }

    @Test("light.duration_s=500 holds the time: fluence = 10 mW/cm² × 500 s = 5 J/cm²")
    func durationHeld() throws {
        let reference = try ReferenceRuns.allumeraBlue.get()
        let run = try run(["light.duration_s=500"])
        let sessions = run.csv("sessions.csv")
        #expect(sessions.column("incident_fluence_J_per_cm2") == ["5.0", "5.0", "5.0"])
        #expect(jsonNumber(run.summary["total_incident_fluence_J_per_cm2"]) == 15)
        let oldWeighted = reference.csv("sessions.csv").numbers("ppix_weighted_fluence_J_per_cm2")
        for (new, old) in zip(sessions.numbers("ppix_weighted_fluence_J_per_cm2"), oldWeighted) {
            #expect(close(new, old / 2), "half the light-on time, half the PpIX-weighted fluence")
        }
        let oldDoses = reference.csv("sessions.csv").numbers("dose_sebaceous_uM")
        for (new, old) in zip(sessions.numbers("dose_sebaceous_uM"), oldDoses) { #expect(new < old) }
        #expect(parameterEntry(run, "light", "fluence_J_per_cm2") == nil, "duration replaces the held fluence")
        #expect(jsonNumber(parameterEntry(run, "light", "duration_s")?["value"]) == 500)
    }

    @Test("irradiance 20 mW/cm² keeps the held 10 J/cm² and gives lower doses and oxygen (Models/MODEL.md §8)")
    func irradianceKeepsFluence() throws {
        let reference = try ReferenceRuns.allumeraBlue.get().csv("sessions.csv")
        let run = try run(["light.irradiance_mW_per_cm2=20"])
        let sessions = run.csv("sessions.csv")
        #expect(sessions.column("incident_fluence_J_per_cm2") == ["10.0", "10.0", "10.0"])
        for (new, old) in zip(
            sessions.numbers("ppix_weighted_fluence_J_per_cm2"), reference.numbers("ppix_weighted_fluence_J_per_cm2"))
        {
            #expect(close(new, old), "the same spectrum and fluence give the same PpIX-weighted fluence")
        }
        for column in ["dose_epidermis_uM", "dose_sebaceous_uM", "min_oxygen_uM"] {
            let new = try #require(sessions.number(row: "1", column: column))
            let old = try #require(reference.number(row: "1", column: column))
            #expect(new < old, "session 1 \(column): \(new) at 20 mW/cm², \(old) at 10 mW/cm²")
        }
    }

    @Test("maintenance every 90 days over 400 days adds sessions on days 146, 236 and 326")
    func maintenance() throws {
        let run = try run(["schedule.maintenance_interval_days=90", "schedule.horizon_days=400"])
        let sessions = run.csv("sessions.csv")
        #expect(sessions.column("day") == ["0", "28", "56", "146", "236", "326"])
        #expect(sessions.column("session") == ["1", "2", "3", "4", "5", "6"])
        #expect(run.csv("timeline.csv").rows.count == 401)
        #expect(run.csv("timeline.csv").column("day").last == "400")
        #expect(run.summary["sessions"] as? Int == 6)
        #expect(jsonNumber(run.summary["total_incident_fluence_J_per_cm2"]) == 60)
        let reference = try ReferenceRuns.allumeraBlue.get()
        let oldMean = try #require(jsonNumber(reference.summary["mean_reduction_percent"]))
        #expect((jsonNumber(run.summary["mean_reduction_percent"]) ?? 0) > oldMean, "maintenance keeps the benefit")
    }

    @Test("skin=fitzpatrick-5-6 replaces the skin section: more melanin, lower sebaceous dose and benefit")
    func darkerSkinPreset() throws {
        let reference = try ReferenceRuns.allumeraBlue.get()
        let run = try run(["skin=fitzpatrick-5-6"])
        #expect((run.summary["presets"] as? [String: Any])?["skin"] as? String == "fitzpatrick-5-6")
        #expect(jsonNumber(parameterEntry(run, "skin", "melanin_fraction")?["value"]) == 0.15)
        let new = try #require(run.csv("sessions.csv").number(row: "1", column: "dose_sebaceous_uM"))
        let old = try #require(reference.csv("sessions.csv").number(row: "1", column: "dose_sebaceous_uM"))
        #expect(new < old)
        let newDay150 = try #require(jsonNumber(run.summary["reduction_on_day_150_percent"]))
        let oldDay150 = try #require(jsonNumber(reference.summary["reduction_on_day_150_percent"]))
        #expect(newDay150 < oldDay150)
    }

    @Test("skin.melanin_fraction=0.1 lowers the doses and is recorded with its provenance")
    func melaninFraction() throws {
        let reference = try ReferenceRuns.allumeraBlue.get()
        let run = try run(["skin.melanin_fraction=0.1"])
        let entry = parameterEntry(run, "skin", "melanin_fraction")
        #expect(jsonNumber(entry?["value"]) == 0.1)
        #expect(entry?["source"] as? String == "set on the command line")
        #expect((run.summary["presets"] as? [String: Any])?["skin"] as? String == "fitzpatrick-1-2")
        for column in ["dose_epidermis_uM", "dose_sebaceous_uM"] {
            let new = try #require(run.csv("sessions.csv").number(row: "1", column: column))
            let old = try #require(reference.csv("sessions.csv").number(row: "1", column: column))
            #expect(new < old, "\(column): \(new) with M = 0.1, \(old) with M = 0.02")
        }
    }

    @Test("readouts.evaluation_day=100 and target_percent=20 change only the readouts")
    func readoutSettings() throws {
        let reference = try ReferenceRuns.allumeraBlue.get()
        let run = try run(["readouts.evaluation_day=100", "readouts.target_percent=20"])
        for name in ["timeline.csv", "sessions.csv", "depth.csv", "session_trace.csv"] {
            #expect(run.files[name] == reference.files[name], "\(name) must not depend on the readout settings")
        }
        let summary = run.summary
        let reductions = run.csv("timeline.csv").numbers("pore_reduction_percent")
        try #require(reductions.count == 366)
        #expect(summary["reduction_on_day_150_percent"] == nil)
        // Within a few ulps: with the joint-fit default the two differ in the last digit
        // (30.06109279926408 in summary.json against 30.061092799264078 in timeline.csv).
        let day100 = try #require(jsonNumber(summary["reduction_on_day_100_percent"]))
        #expect(abs(day100 - reductions[100]) <= 1e-13 * abs(reductions[100]))
        #expect(summary["evaluation_day"] as? Int == 100)
        #expect(jsonNumber(summary["target_percent"]) == 20)
        #expect(summary["days_at_or_above_target"] as? Int == reductions.filter { $0 >= 20 }.count)
        let window = reductions[100...]
        let mean = window.reduce(0, +) / Double(window.count)
        #expect(close(jsonNumber(summary["mean_reduction_percent"]), mean))
        let days20 = try #require(summary["days_at_or_above_target"] as? Int)
        let days30 = try #require(reference.summary["days_at_or_above_target"] as? Int)
        #expect(days20 > days30)
        #expect(run.result.stdout.isEmpty)
    }

    @Test(
        "--set overrides are validated together, once all are applied, in any order",
        arguments: [
            ["schedule.horizon_days=100", "readouts.evaluation_day=50"],
            ["readouts.evaluation_day=50", "schedule.horizon_days=100"],
            ["skin.sebaceous_top_cm=0.12", "skin.sebaceous_bottom_cm=0.2"],
            ["skin.sebaceous_bottom_cm=0.2", "skin.sebaceous_top_cm=0.12"],
            ["light.spectrum=band", "light.low_nm=500", "light.high_nm=600"],
            ["light.low_nm=500", "light.high_nm=600", "light.spectrum=band"],
            ["light.spectrum=tabulated", "light.table=TABLE"],
            ["light.table=TABLE", "light.spectrum=tabulated"],
            ["light.fraction_on_s=20", "light.fraction_off_s=10"],
        ])
    func overridesTogether(_ assignments: [String]) throws {
        try withTemporaryDirectory { directory in
            let table = try writeText("wavelength_nm,relative_power\n400,1\n430,1\n", named: "flat.csv", in: directory)
            let sets = assignments.map { $0.replacingOccurrences(of: "TABLE", with: table.path) }
            let result = try runPDTSim(["show"] + sets.flatMap { ["--set", $0] }, in: directory)
            #expect(result.status == 0, "stderr: \(result.stderr)")
            let lines = result.stdout.split(whereSeparator: \.isNewline).map { collapsingSpaces(String($0)) }
            for assignment in sets {
                let key = assignment.split(separator: "=")[0].split(separator: ".")[1]
                let value = assignment.split(separator: "=", maxSplits: 1)[1]
                #expect(lines.contains { $0.hasPrefix("\(key) = \(value)") }, "show lacks \(assignment)")
            }
        }
    }
}

@Suite("a session without incubation")
struct NoIncubationTests {
    @Test("session.incubation_s=0 runs and writes no NaN or infinity in any output file")
    func noIncubation() throws {
        try withTemporaryDirectory { directory in
            let run = try simulate(["--set", "session.incubation_s=0"], in: directory)
            #expect(run.result.status == 0, "stderr: \(run.result.stderr)")
            let nonFinite: Set<String> = ["nan", "-nan", "inf", "-inf", "+inf", "infinity", "-infinity"]
            for (name, data) in run.files {
                let tokens = String(decoding: data, as: UTF8.self).lowercased()
                    .split(whereSeparator: { ",:[]{}\" \n\t".contains($0) })
                #expect(!tokens.contains { nonFinite.contains(String($0)) }, "\(name) holds a non-finite number")
            }
            #expect(run.files["sessions.csv"] != nil)
        }
    }
}
