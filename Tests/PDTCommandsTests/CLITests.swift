import Foundation
import Testing

@testable import PDTCommands
@testable import PDTCore
@testable import PDTNumerics
@testable import PDTStudies

/// End-to-end tests of the `pdtsim` executable: what `simulate` writes, reproducibility, the
/// protocol.json round trip, atomic replacement of earlier output, and `show`, `list`, `--version`.
@Suite("pdtsim simulate, show, list")
struct CLITests {
    static let timelineHeader =
        "day,sebaceous_activity,inflammation,flare,structural_pore_size,pore_appearance,pore_reduction_percent,"
        + "sebum_relative,inflammatory_lesions_relative"
    static let sessionsHeader =
        "session,day,sebaceous_activity_before,incident_fluence_J_per_cm2,ppix_weighted_fluence_J_per_cm2,"
        + "ppix_epidermis_at_light_on_uM,ppix_sebaceous_at_light_on_uM,ppix_epidermis_at_light_off_uM,"
        + "ppix_sebaceous_at_light_off_uM,bleached_fraction_epidermis,min_oxygen_uM,dose_epidermis_uM,"
        + "dose_sebaceous_uM,kill_fraction,flare_increment,photosensitivity_hours,photosensitivity_censored"
    static let depthHeader =
        "depth_cm,region,fluence_factor,excitation_rate_per_s,ppix_at_light_on_uM,ppix_at_light_off_uM,"
        + "min_oxygen_uM,dose_uM"
    static let summaryKeys = [
        "reduction_on_day_150_percent", "peak_reduction_percent", "peak_day", "mean_reduction_percent",
        "days_at_or_above_target", "effect_duration_days", "effect_duration_censored", "sessions",
        "total_incident_fluence_J_per_cm2", "total_ppix_weighted_fluence_J_per_cm2", "versions", "protocol",
    ]
    /// The per-session and per-cell outputs that must not change between identical runs.
    static let deterministicFiles = ["timeline.csv", "sessions.csv", "depth.csv", "session_trace.csv"]

    // MARK: - The reference run

    @Test("simulate writes exactly the six documented files with the documented headers and row counts")
    func referenceRunFiles() throws {
        let run = try ReferenceRuns.allumeraBlue.get()
        #expect(run.result.status == 0, "stderr: \(run.result.stderr)")
        #expect(run.result.stderr.isEmpty)
        #expect(run.listing == outputFolderListing, "no other (or hidden) file in the output folder")
        let marker = jsonObject(run.files[outputMarker] ?? Data())
        #expect(marker["kind"] as? String == "pdtsim output")
        #expect(marker["pdtsim"] as? String == SimulationReport.pdtsimVersion, "the marker names the version")
        #expect(marker["command"] as? String == "simulate" && marker["state"] as? String == "complete")
        #expect((marker["files"] as? [String])?.sorted() == outputFileNames, "and lists the files pdtsim wrote")

        let timeline = run.csv("timeline.csv")
        #expect(timeline.headerLine == Self.timelineHeader)
        #expect(timeline.rows.count == 366)
        let days: [String] = (0...365).map { String($0) }
        #expect(timeline.column("day") == days)
        #expect(timeline.rows.allSatisfy { $0.count == 9 })
        // The clinical observables are S and I under the names the trials report, written as they are.
        #expect(timeline.column("sebum_relative") == timeline.column("sebaceous_activity"))
        #expect(timeline.column("inflammatory_lesions_relative") == timeline.column("inflammation"))

        let sessions = run.csv("sessions.csv")
        #expect(sessions.headerLine == Self.sessionsHeader)
        #expect(sessions.rows.count == 3)
        #expect(sessions.column("session") == ["1", "2", "3"])
        #expect(sessions.column("day") == ["0", "28", "56"])
        #expect(sessions.column("photosensitivity_censored") == ["false", "false", "false"])

        let depth = run.csv("depth.csv")
        #expect(depth.headerLine == Self.depthHeader)
        #expect(depth.rows.count == 60)
        let depths = depth.numbers("depth_cm")
        #expect(zip(depths, depths.dropFirst()).allSatisfy { $0 < $1 }, "cell centres increase with depth")
        #expect((depths.first ?? 0) > 0 && (depths.last ?? 1) < 0.3)
        #expect(Set(depth.column("region")) == ["epidermis", "sebaceous", "dermis"])

        let trace = run.csv("session_trace.csv")
        #expect(trace.header.first == "time_s")
        #expect(Set(trace.column("phase")) == ["incubation", "illumination", "aftercare"])
        let times = trace.numbers("time_s")
        #expect(zip(times, times.dropFirst()).allSatisfy { $0 <= $1 }, "trace rows in time order")
    }

    @Test("simulate prints a summary with the day-150 reduction and what it wrote")
    func referenceRunSummaryText() throws {
        let run = try ReferenceRuns.allumeraBlue.get()
        let reduction = try #require(jsonNumber(run.summary["reduction_on_day_150_percent"]))
        let stdout = run.result.stdout
        #expect(stdout.contains("allumera-blue: 3 sessions on days 0, 28, 56; followed to day 365"))
        #expect(stdout.contains("pore reduction on day 150: \(String(format: "%.1f", reduction)) %"))
        #expect(stdout.contains("30.0 J/cm² incident"))
        for name in outputFileNames { #expect(stdout.contains(name)) }
    }

    @Test("summary.json holds the readouts of Models/MODEL.md §7, versions and the resolved protocol")
    func referenceRunSummaryJSON() throws {
        let run = try ReferenceRuns.allumeraBlue.get()
        let data = try #require(run.files["summary.json"])
        let summary = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        for key in Self.summaryKeys { #expect(summary[key] != nil, "summary.json lacks \(key)") }

        let day150 = try #require(jsonNumber(summary["reduction_on_day_150_percent"]))
        #expect(
            abs(day150 - 44) <= 5,
            "RevitAll's 44 % at 5 months, predicted by the joint evidence fit without seeing it (Models/MODEL.md §12)")
        let peakDay = try #require(summary["peak_day"] as? Int)
        #expect(
            peakDay > 150,
            "the drive recovers slowly (τ_B at 730 d): the peak comes after day 150 (Models/MODEL.md §12)")
        #expect(summary["sessions"] as? Int == 3)
        #expect(jsonNumber(summary["total_incident_fluence_J_per_cm2"]) == 30)
        #expect((jsonNumber(summary["total_ppix_weighted_fluence_J_per_cm2"]) ?? 0) > 0)
        #expect(
            summary["effect_duration_censored"] as? Bool == true,
            "the joint-fit default stays above the target to the horizon (τ_B at 730 d, Models/MODEL.md §12)")
        #expect(summary["evaluation_day"] as? Int == 150)
        #expect(jsonNumber(summary["target_percent"]) == 30)

        let versions = try #require(summary["versions"] as? [String: Any])
        #expect(versions["pdtsim"] as? String == SimulationReport.pdtsimVersion)
        #expect(versions["gsl"] as? String == GSL.version)

        let resolved = try #require(summary["protocol"] as? [String: Any])
        #expect(resolved["kind"] as? String == "protocol")
        #expect(resolved["name"] as? String == "allumera-blue")
        for section in Section.allCases { #expect(resolved[section.rawValue] is [String: Any], "\(section)") }
        let written = jsonObject(try #require(run.files["protocol.json"]))
        #expect(NSDictionary(dictionary: written).isEqual(to: resolved), "protocol.json is summary.json's protocol")
    }

    @Test("the readouts in summary.json agree with the daily samples in timeline.csv (Models/MODEL.md §7)")
    func readoutsMatchTimeline() throws {
        let run = try ReferenceRuns.allumeraBlue.get()
        let summary = run.summary
        let reductions = run.csv("timeline.csv").numbers("pore_reduction_percent")
        try #require(reductions.count == 366)
        let target = 30.0
        let lastSession = 56

        #expect(jsonNumber(summary["reduction_on_day_150_percent"]) == reductions[150])
        let peak = try #require(reductions.max())
        #expect(jsonNumber(summary["peak_reduction_percent"]) == peak)
        #expect(summary["peak_day"] as? Int == reductions.firstIndex(of: peak), "the first day the peak is reached")
        let window = reductions[150...]
        let mean = window.reduce(0, +) / Double(window.count)
        #expect(abs((jsonNumber(summary["mean_reduction_percent"]) ?? .nan) - mean) <= 1e-9 * abs(mean))
        #expect(summary["days_at_or_above_target"] as? Int == reductions.filter { $0 >= target }.count)
        // The joint-fit default is still above the target on the horizon (day 365), so the duration
        // is censored there: horizon − last session (the uncensored arithmetic: ProtocolTests).
        #expect(reductions[365] >= target)
        #expect(summary["effect_duration_days"] as? Int == 365 - lastSession)

        let sessions = run.csv("sessions.csv")
        #expect(
            jsonNumber(summary["total_incident_fluence_J_per_cm2"])
                == sessions.numbers("incident_fluence_J_per_cm2").reduce(0, +))
        let weighted = sessions.numbers("ppix_weighted_fluence_J_per_cm2").reduce(0, +)
        #expect(
            abs((jsonNumber(summary["total_ppix_weighted_fluence_J_per_cm2"]) ?? .nan) - weighted) <= 1e-9 * weighted)
    }

    @Test(
        "the time line shows the flare after each session and falls from its peak without maintenance (Models/MODEL.md §6, §7)"
    )
    func timelineShape() throws {
        let run = try ReferenceRuns.allumeraBlue.get()
        let timeline = run.csv("timeline.csv")
        let reductions = timeline.numbers("pore_reduction_percent")
        try #require(reductions.count == 366)
        #expect(reductions[0] == 0, "day 0 is sampled before the first session's jumps")
        #expect(timeline.field(row: "0", column: "sebaceous_activity") == "1.0")
        #expect(reductions[1] < -1 && reductions[1] > -3, "about −2 % the day after the first session")
        for day in [28, 56] {
            #expect(reductions[day + 1] < reductions[day], "the flare shows the day after the session on day \(day)")
        }
        let peak = try #require(reductions.max())
        #expect(reductions[365] < peak, "the reduction falls from its peak without maintenance")
        let activity = timeline.numbers("sebaceous_activity")
        let sessions = run.csv("sessions.csv")
        for (day, before) in zip([0, 28, 56], sessions.numbers("sebaceous_activity_before")) {
            #expect(activity[day] == before, "the sample on session day \(day) is the state just before it")
        }
    }

    // MARK: - Reproducibility and the protocol.json round trip

    @Test("two runs of the same protocol write byte-identical results (the second with --models)")
    func reproducible() throws {
        let first = try ReferenceRuns.allumeraBlue.get()
        try withTemporaryDirectory { directory in
            let second = try simulate(["--models", Repository.models.path, "--quiet"], in: directory)
            #expect(second.result.status == 0, "stderr: \(second.result.stderr)")
            #expect(second.result.stdout.isEmpty, "--quiet prints nothing")
            for name in Self.deterministicFiles + ["protocol.json"] {
                #expect(first.files[name] != nil)
                #expect(second.files[name] == first.files[name], "\(name) differs between two runs")
            }
        }
    }

    @Test("simulate --protocol RUN/protocol.json reproduces the run byte for byte")
    func protocolJSONRoundTrip() throws {
        let reference = try ReferenceRuns.allumeraBlue.get()
        try withTemporaryDirectory { directory in
            let saved = directory.appendingPathComponent("saved-protocol.json")
            try #require(reference.files["protocol.json"]).write(to: saved)
            let again = try simulate(["--protocol", saved.path], in: directory)
            #expect(again.result.status == 0, "stderr: \(again.result.stderr)")
            for name in Self.deterministicFiles {
                #expect(again.files[name] == reference.files[name], "\(name) differs after the round trip")
            }
            #expect(again.files["protocol.json"] == reference.files["protocol.json"], "protocol.json is a fixed point")
        }
    }

    @Test("protocol.json keeps --set overrides, so the overridden run round-trips too")
    func overriddenProtocolRoundTrip() throws {
        try withTemporaryDirectory { directory in
            let sets = ["--set", "schedule.session_days=0,30,60", "--set", "light.duration_s=800", "--quiet"]
            let first = try simulate(sets, in: directory, name: "first")
            #expect(first.result.status == 0, "stderr: \(first.result.stderr)")
            #expect(first.csv("sessions.csv").column("day") == ["0", "30", "60"])
            #expect(first.csv("sessions.csv").column("incident_fluence_J_per_cm2") == ["8.0", "8.0", "8.0"])
            let written = jsonObject(try #require(first.files["protocol.json"]))
            let schedule = (written["schedule"] as? [String: Any])?["parameters"] as? [String: Any]
            let days = (schedule?["session_days"] as? [String: Any])?["value"] as? [Int]
            #expect(days == [0, 30, 60])
            #expect(schedule?["spacing_days"] == nil, "an explicit day list replaces the series keys")

            let saved = directory.appendingPathComponent("first/protocol.json")
            let second = try simulate(["--protocol", saved.path, "--quiet"], in: directory, name: "second")
            #expect(second.result.status == 0, "stderr: \(second.result.stderr)")
            for name in Self.deterministicFiles + ["protocol.json"] {
                #expect(second.files[name] == first.files[name], "\(name) differs after the round trip")
            }
        }
    }

    // MARK: - Output folder

    @Test(
        "a second run replaces pdtsim's files, a damaged one too, and keeps the user's; no temporary sibling remains")
    func replacesEarlierOutput() throws {
        let reference = try ReferenceRuns.allumeraBlue.get()
        try withTemporaryDirectory { directory in
            let out = directory.appendingPathComponent("results/run")
            let first = try runPDTSim(["simulate", "--quiet", "--out", out.path], in: directory)
            #expect(first.status == 0, "stderr: \(first.stderr)")
            #expect(listing(out) == outputFolderListing)
            try writeText("my notes", named: "notes.txt", in: out)
            try writeText("garbage", named: "timeline.csv", in: out)

            let second = try runPDTSim(["simulate", "--quiet", "--out", out.path], in: directory)
            #expect(second.status == 0, "stderr: \(second.stderr)")
            #expect(listing(out) == (outputFolderListing + ["notes.txt"]).sorted(), "the user's file stays")
            #expect(try contents(out)["notes.txt"] == Data("my notes".utf8))
            #expect(try contents(out)["timeline.csv"] == reference.files["timeline.csv"])
            #expect(
                listing(out.deletingLastPathComponent()) == ["run"], "no .tmp- or .old- sibling or lock remains")
        }
    }

    @Test("without --out, simulate writes out/<protocol name> in the working directory; --quiet prints nothing")
    func defaultOutputFolder() throws {
        try withTemporaryDirectory { directory in
            let result = try runPDTSim(["simulate", "--quiet", "--protocol", "allumera-red"], in: directory)
            #expect(result.status == 0, "stderr: \(result.stderr)")
            #expect(result.stdout.isEmpty && result.stderr.isEmpty)
            #expect(listing(directory) == ["out"])
            let out = directory.appendingPathComponent("out")
            #expect(listing(out) == ["allumera-red"])
            let files = try contents(out.appendingPathComponent("allumera-red"))
            #expect(files.keys.sorted() == outputFolderListing)
            let summary = jsonObject(files["summary.json"] ?? Data())
            #expect(summary["protocol_name"] as? String == "allumera-red")
            #expect(jsonNumber(summary["total_incident_fluence_J_per_cm2"]) == 111, "3 × 37 J/cm² of red light")
        }
    }

    // MARK: - show, list, --version

    @Test("show lists every section and parameter with its value, unit and source")
    func show() throws {
        try withTemporaryDirectory { directory in
            let text = try runPDTSim(["show"], in: directory)
            #expect(text.status == 0, "stderr: \(text.stderr)")
            let lines = text.stdout.split(whereSeparator: \.isNewline).map { collapsingSpaces(String($0)) }
            #expect(lines.first?.hasPrefix("protocol allumera-blue:") == true)
            #expect(lines.contains("center_nm = 417 nm # BLU-U label (DUSA) (Models/MODEL.md §2)"))
            #expect(lines.contains("incubation_s = 3600 s # cream 60 min (Models/MODEL.md §7)"))
            #expect(lines.contains("horizon_days = 365 d # followed for a year (Models/MODEL.md §7)"))
            #expect(lines.contains("[light] preset blue-417"))
            #expect(lines.contains("[skin] preset fitzpatrick-1-2"))

            // Every parameter of the resolved protocol appears with its unit and source.
            let json = try runPDTSim(["show", "--json"], in: directory)
            #expect(json.status == 0, "stderr: \(json.stderr)")
            let resolved = jsonObject(Data(json.stdout.utf8))
            for section in Section.allCases {
                #expect(lines.contains { $0.hasPrefix("[\(section.rawValue)]") }, "no [\(section.rawValue)] heading")
                let parameters = (resolved[section.rawValue] as? [String: Any])?["parameters"] as? [String: Any]
                let entries = try #require(parameters, "show --json lacks section \(section.rawValue)")
                #expect(!entries.isEmpty)
                for (key, entry) in entries {
                    let entry = try #require(entry as? [String: Any])
                    let source = collapsingSpaces(try #require(entry["source"] as? String))
                    let line = lines.first { $0.hasPrefix("\(key) = ") }
                    #expect(line != nil, "show lacks \(section.rawValue).\(key)")
                    #expect(line?.hasSuffix("# \(source)") == true, "\(key): source not shown")
                    if let unit = entry["unit"] as? String, unit != "1" {
                        #expect(line?.contains(" \(unit) # ") == true, "\(key): unit \(unit) not shown")
                    }
                }
            }
        }
    }

    @Test("show --json prints the resolved protocol, the same document simulate writes as protocol.json")
    func showJSON() throws {
        let reference = try ReferenceRuns.allumeraBlue.get()
        try withTemporaryDirectory { directory in
            let result = try runPDTSim(["show", "--json"], in: directory)
            #expect(result.status == 0, "stderr: \(result.stderr)")
            let parsed = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
            #expect(parsed?["format_version"] as? Int == 1)
            #expect(parsed?["kind"] as? String == "protocol")
            #expect(Data(result.stdout.utf8) == reference.files["protocol.json"])
        }
    }

    @Test("show reflects --set overrides with their provenance")
    func showWithOverrides() throws {
        try withTemporaryDirectory { directory in
            let result = try runPDTSim(
                ["show", "--set", "light.center_nm=633", "--set", "skin=fitzpatrick-5-6"], in: directory)
            #expect(result.status == 0, "stderr: \(result.stderr)")
            let lines = result.stdout.split(whereSeparator: \.isNewline).map { collapsingSpaces(String($0)) }
            #expect(lines.contains("center_nm = 633 nm # set on the command line"))
            #expect(lines.contains("[skin] preset fitzpatrick-5-6"))
            #expect(lines.contains { $0.hasPrefix("melanin_fraction = 0.15 # Fitzpatrick V–VI") })
        }
    }

    @Test("list names every shipped protocol and preset")
    func list() throws {
        try withTemporaryDirectory { directory in
            let result = try runPDTSim(["list", "--models", Repository.models.path], in: directory)
            #expect(result.status == 0, "stderr: \(result.stderr)")
            #expect(result.stdout.contains("model folder: \(Repository.models.standardized.path)"))
            let names = Set(
                result.stdout.split(whereSeparator: \.isNewline).compactMap { line in
                    line.hasPrefix("  ") ? line.split(separator: " ").first.map(String.init) : nil
                })
            let expected = [
                "allumera-blue", "allumera-blue-maintained", "allumera-red", "daylight-ala", "hal-0.2pct", "ala-20pct",
                "blue-417", "red-635", "green-540", "broadband-500-700", "daylight", "fitzpatrick-1-2",
                "fitzpatrick-3-4", "fitzpatrick-5-6", "default",
            ]
            for name in expected { #expect(names.contains(name), "list lacks \(name)") }
            for heading in ["protocols:", "creams:", "lights:", "skins:"] {
                #expect(result.stdout.contains("\n\(heading)\n"), "list lacks the heading \(heading)")
            }
            #expect(result.stdout.contains("Calibration reference"), "descriptions are listed")
        }
    }

    @Test("list finds the model folder through $PDTSIM_MODELS")
    func modelsFromEnvironment() throws {
        try withTemporaryDirectory { directory in
            let models = try copyModels(to: directory)
            try FileManager.default.removeItem(at: models.appendingPathComponent("lights/green-540.json"))
            let result = try runPDTSim(["list"], in: directory, environment: ["PDTSIM_MODELS": models.path])
            #expect(result.status == 0, "stderr: \(result.stderr)")
            #expect(result.stdout.contains("model folder: \(models.standardized.path)"))
            #expect(!result.stdout.contains("green-540"))
            #expect(result.stdout.contains("blue-417"))
        }
    }

    @Test("--version prints pdtsim's and GSL's versions")
    func version() throws {
        try withTemporaryDirectory { directory in
            let result = try runPDTSim(["--version"], in: directory)
            #expect(result.status == 0)
            #expect(
                result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
                    == "pdtsim \(SimulationReport.pdtsimVersion) (GSL \(GSL.version))")
            #expect(GSL.version.split(separator: ".").count >= 2, "GSL version looks like 2.x")
        }
    }

    @Test("--help lists the subcommands and the exit codes")
    func help() throws {
        try withTemporaryDirectory { directory in
            let result = try runPDTSim(["--help"], in: directory)
            #expect(result.status == 0)
            for word in ["simulate", "show", "validate", "list"] { #expect(result.stdout.contains(word)) }
            for status in ExitStatus.allCases {
                #expect(
                    result.stdout.contains("\(status.rawValue)  \(status.meaning)"), "help lacks exit code \(status)")
            }
        }
    }

    @Test("the exit codes are the documented ones")
    func exitCodes() {
        #expect(ExitStatus.success.rawValue == 0)
        #expect(ExitStatus.usage.rawValue == 2)
        #expect(ExitStatus.invalidInput.rawValue == 3)
        #expect(ExitStatus.numericalFailure.rawValue == 4)
        #expect(ExitStatus.outputFailure.rawValue == 5)
        #expect(ExitStatus.infeasible.rawValue == 7)
        #expect(ExitStatus.checkFailed.rawValue == 8)
    }
}
