import Foundation
import Testing

@testable import PDTCore
@testable import PDTModelFiles
@testable import PDTStudies

/// `pdtsim calibrate` on a one-arm calibration of two response parameters.
@Suite("pdtsim calibrate")
struct CalibrateCLITests {
    static let twoResponseParameters = """
        "response.reduction_max": {"start": 0.5, "lower": 0.1, "upper": 1},
        "response.tau_pore_days": {"start": 40, "lower": 10, "upper": 400, "scale": "log"}
        """

    static func writeCalibration(
        in directory: URL, rows: String, estimate: String = twoResponseParameters, starts: Int = 2
    ) throws -> String {
        let json = """
            {"format_version": 1, "kind": "calibration", "name": "cli", "description": "CLI test",
             "measurements": "data/m.csv",
             "arms": {"blue": {"protocol": "allumera-blue", "set": {"schedule.horizon_days": 160}}},
             "set": {"response": "revitall-single-point"},
             "estimate": {\(estimate)},
             "fit": {"starts": \(starts), "seed": 3}}
            """
        try FileManager.default.createDirectory(
            at: directory.appendingPathComponent("data"), withIntermediateDirectories: true)
        try json.write(to: directory.appendingPathComponent("cal.json"), atomically: true, encoding: .utf8)
        try rows.write(to: directory.appendingPathComponent("data/m.csv"), atomically: true, encoding: .utf8)
        return directory.appendingPathComponent("cal.json").path
    }

    /// Near the curve of the single-point response, which every arm of `writeCalibration` runs.
    static let rows = """
        # values near pdtsim's own curve (r_max 0.8, τ_P 75 d), rounded by hand
        arm,day,observable,value,sd
        blue,14,pore_reduction_percent,4.6,1
        blue,42,pore_reduction_percent,20.5,1
        blue,70,pore_reduction_percent,33,1
        blue,100,pore_reduction_percent,40.5,1
        blue,130,pore_reduction_percent,45,1
        blue,160,pore_reduction_percent,44,1

        """

    @Test("fits, writes every file, and the fitted section is a response model file")
    func files() throws {
        try withTemporaryDirectory { directory in
            let file = try Self.writeCalibration(in: directory, rows: Self.rows)
            let out = directory.appendingPathComponent("fit")
            let result = try runPDTSim(
                ["calibrate", file, "--profiles", "--jobs", "2", "--out", out.path], in: directory)
            #expect(result.status == 0, "stderr: \(result.stderr)")
            #expect(
                listing(out) == [
                    AtomicOutput.markerName, "fit.json", "parameters.csv", "predictions.csv", "profiles.csv",
                    "residuals.csv", "response.json",
                ])
            let files = try contents(out)
            let parameters = CSV(text: String(decoding: files["parameters.csv"]!, as: UTF8.self))
            #expect(
                parameters.headerLine
                    == "parameter,estimate,se,wald_low,wald_high,profile_low,profile_high,identifiability")
            #expect(parameters.column("parameter") == ["response.reduction_max", "response.tau_pore_days"])
            #expect(parameters.column("identifiability") == ["identifiable", "identifiable"])
            let residuals = CSV(text: String(decoding: files["residuals.csv"]!, as: UTF8.self))
            #expect(
                residuals.headerLine
                    == "arm,day,observable,measured,sd,predicted,residual,weighted_residual")
            #expect(residuals.rows.count == 6)
            let predictions = CSV(text: String(decoding: files["predictions.csv"]!, as: UTF8.self))
            #expect(predictions.rows.count == 161)
            let fit = jsonObject(files["fit.json"]!)
            #expect(fit["dof"] as? Int == 4)
            #expect((fit["starts"] as? [Any])?.count == 2)
            #expect(result.stdout.contains("response.reduction_max = "))
            let library = try ModelLibrary(root: Repository.models.path)
            let response = try library.loadSectionFile(
                out.appendingPathComponent("response.json").path, expected: .response, chain: [])
            try response.validate(location: "response.json")
            let estimate = Double(parameters.column("estimate")[0])!
            #expect(response.number(ResponseParameters.reductionMax) == estimate)
            let rerun = try runPDTSim(
                [
                    "simulate", "--quiet", "--set", "response=fit/response.json", "--set", "schedule.horizon_days=160",
                    "--out", "rerun",
                ], in: directory)
            #expect(
                rerun.status == 0, "the fitted section loads with --set response=DIR/response.json: \(rerun.stderr)")
            let summary = jsonObject(try contents(directory.appendingPathComponent("rerun"))["summary.json"] ?? Data())
            let fitted = summary["protocol"].flatMap { ($0 as? [String: Any])?["response"] as? [String: Any] }
            let maximum = fitted.flatMap { ($0["parameters"] as? [String: Any])?["reduction_max"] as? [String: Any] }
            #expect(jsonNumber(maximum?["value"]) == estimate, "the fitted value is the one simulated")
        }
    }

    /// The case: pore-reduction data only, with τ_I allowed as far as τ_P (up to 400 d).
    /// P follows I through two first-order lags, so the curve is the same with τ_P and τ_I swapped:
    /// start 1 ends at (τ_P 74.1, τ_I 9.39), the others at (9.39, 74.1), deviances equal to 1e-12.
    @Test("every file of a fit with profiles is byte-identical for --jobs 1 and 2")
    func sameForAnyJobs() throws {
        try withTemporaryDirectory { directory in
            let file = try Self.writeCalibration(in: directory, rows: Self.rows)
            var outputs: [[String: Data]] = []
            var printed: [String] = []
            for jobs in ["1", "2"] {
                let out = directory.appendingPathComponent("fit\(jobs)")
                let result = try runPDTSim(
                    ["calibrate", file, "--profiles", "--jobs", jobs, "--out", out.path], in: directory)
                #expect(result.status == 0, "stderr: \(result.stderr)")
                outputs.append(try contents(out))
                printed.append(result.stdout.replacingOccurrences(of: out.path, with: "OUT"))
            }
            #expect(outputs[0].keys.sorted() == outputs[1].keys.sorted() && outputs[0].count == 7)
            for name in outputs[0].keys.sorted() { #expect(outputs[0][name] == outputs[1][name], "\(name)") }
            #expect(printed[0] == printed[1])
        }
    }

    @Test("equal optima are all reported and their parameters are non-identifiable, without intervals")
    func equalOptima() throws {
        try withTemporaryDirectory { directory in
            let file = try Self.writeCalibration(
                in: directory, rows: Self.rows,
                estimate: """
                    "response.tau_pore_days": {"start": 40, "lower": 2, "upper": 400, "scale": "log"},
                    "response.tau_inflammation_days": {"start": 30, "lower": 2, "upper": 400, "scale": "log"}
                    """, starts: 4)
            let out = directory.appendingPathComponent("fit")
            let result = try runPDTSim(["calibrate", file, "--jobs", "2", "--out", out.path], in: directory)
            #expect(result.status == 0, "stderr: \(result.stderr)")
            let files = try contents(out)
            let fit = jsonObject(files["fit.json"]!)
            let optima = fit["optima"] as? [[String: Any]] ?? []
            #expect(optima.count == 2)
            func values(_ optimum: [String: Any]) -> [Double] {
                let parameters = optimum["parameters"] as? [String: Any]
                return ["response.tau_pore_days", "response.tau_inflammation_days"].map {
                    ((jsonNumber(parameters?[$0]) ?? .nan) * 10).rounded() / 10
                }
            }
            #expect(optima.map(values) == [[74.1, 9.4], [9.4, 74.1]])
            #expect(
                optima.map { $0["found_by"] as? [String] ?? [] } == [["start 1"], ["start 2", "start 3", "start 4"]])
            let deviances = optima.compactMap { jsonNumber($0["deviance"]) }
            #expect(deviances.count == 2 && abs(deviances[0] - deviances[1]) < 1e-9)
            let tolerance = fit["optimum_tolerance"] as? [String: Any]
            #expect(jsonNumber(tolerance?["deviance_relative"]) == 1e-6)
            let parameters = fit["parameters"] as? [[String: Any]] ?? []
            #expect(
                parameters.map { $0["identifiability"] as? String ?? "" } == [
                    "non-identifiable (equal optima at 74.1, 9.391; trades off with response.tau_inflammation_days)",
                    "non-identifiable (equal optima at 9.391, 74.1; trades off with response.tau_pore_days)",
                ])
            #expect(parameters.allSatisfy { $0["wald_low"] is NSNull && $0["wald_high"] is NSNull })
            let partners = parameters.first?["trades_off_with"] as? [String: Any]
            #expect(jsonNumber(partners?["response.tau_inflammation_days"]) == -1)
            let csv = CSV(text: String(decoding: files["parameters.csv"]!, as: UTF8.self))
            #expect(csv.column("wald_low") == ["", ""] && csv.column("profile_low") == ["", ""])
            // Without --profiles: no profile in the summary and no profiles.csv.
            #expect(files["profiles.csv"] == nil)
            #expect(!result.stdout.contains("profile"), "stdout: \(result.stdout)")
            #expect(result.stdout.contains("2 distinct optima fit equally well"))
        }
    }

    @Test("without --profiles: no profile interval printed and no profiles.csv")
    func noProfiles() throws {
        try withTemporaryDirectory { directory in
            let file = try Self.writeCalibration(in: directory, rows: Self.rows)
            let out = directory.appendingPathComponent("fit")
            let result = try runPDTSim(["calibrate", file, "--jobs", "2", "--out", out.path], in: directory)
            #expect(result.status == 0, "stderr: \(result.stderr)")
            #expect(
                listing(out) == [
                    AtomicOutput.markerName, "fit.json", "parameters.csv", "predictions.csv", "residuals.csv",
                    "response.json",
                ])
            #expect(!result.stdout.contains("profile ["), "stdout: \(result.stdout)")
            #expect(result.stdout.contains("; Wald 95 % ["))
            let fit = jsonObject(try Data(contentsOf: out.appendingPathComponent("fit.json")))
            #expect((fit["optima"] as? [Any])?.count == 1)
        }
    }

    @Test(
        "bad input",
        arguments: [
            (["--jobs", "0"], "", Int32(3), "--jobs 0"),
            ([], "arm,day,observable,value\nblue,14,pore_reduction,4\n", 3, "m.csv:2: observable"),
            ([], "arm,day,observable,value\nblue,14,pore_reduction_percent\n", 3, "m.csv:2: has 3 fields"),
            (
                [], "arm,day,observable,value\nblue,14,pore_reduction_percent,4.6\n", 3,
                "m.csv:2: noise group 'pore_reduction_percent' has this one row without sd, so its σ cannot be estimated (the deviance would fall to −∞ as the fit matches it); expected at least 2 rows per estimated σ: give the row an sd, or pool the group with another in the calibration's \"noise\""
            ),
            (
                ["--cross-validate"], "", 3,
                "cal.json: arms: one study with measurements (blue); expected at least two for --cross-validate (an arm's study is its \"study\", else its name)"
            ),
            (
                ["--cross-validate", "--coverage", "2"], "", 2,
                "--coverage and --cross-validate: expected at most one of them"
            ),
            (
                ["--cross-validate", "--profiles"], "", 2,
                "--cross-validate and --profiles: expected at most one of them"
            ),
        ])
    func badInput(arguments: [String], rows: String, status: Int32, message: String) throws {
        try withTemporaryDirectory { directory in
            let file = try Self.writeCalibration(in: directory, rows: rows.isEmpty ? Self.rows : rows)
            let result = try runPDTSim(
                ["calibrate", file, "--out", directory.appendingPathComponent("fit").path] + arguments, in: directory)
            #expect(result.status == status, "stderr: \(result.stderr)")
            #expect(result.stderr.contains(message), "stderr: \(result.stderr)")
            #expect(listing(directory.appendingPathComponent("fit")).isEmpty)
        }
    }

    @Test("--cross-validate refits without each study, writes the predictions and coverage, the same for any --jobs")
    func crossValidate() throws {
        try withTemporaryDirectory { directory in
            let json = """
                {"format_version": 1, "kind": "calibration", "name": "cv", "description": "CLI test",
                 "measurements": "m.csv",
                 "arms": {"one": {"protocol": "allumera-blue", "study": "trial-1"},
                          "two": {"protocol": "allumera-blue", "study": "trial-2"}},
                 "set": {"schedule.horizon_days": 160, "schedule.initial_sessions": 1},
                 "estimate": {\(Self.twoResponseParameters)},
                 "fit": {"starts": 2, "seed": 3}}
                """
            try json.write(to: directory.appendingPathComponent("cal.json"), atomically: true, encoding: .utf8)
            let rows =
                Self.rows.replacingOccurrences(of: "blue,", with: "one,")
                + Self.rows.split(separator: "\n").filter { $0.hasPrefix("blue,") }.map {
                    $0.replacingOccurrences(of: "blue,", with: "two,") + "\n"
                }.joined()
            try rows.write(to: directory.appendingPathComponent("m.csv"), atomically: true, encoding: .utf8)
            let file = directory.appendingPathComponent("cal.json").path
            var outputs: [[String: Data]] = []
            for jobs in ["1", "2"] {
                let out = directory.appendingPathComponent("cv\(jobs)")
                let result = try runPDTSim(
                    ["calibrate", file, "--cross-validate", "--jobs", jobs, "--out", out.path], in: directory)
                #expect(result.status == 0, "stderr: \(result.stderr)")
                #expect(result.stdout.contains("cv: leave-one-study-out coverage of the 95 % prediction intervals:"))
                #expect(result.stdout.contains("  trial-1: ") && result.stdout.contains("  trial-2: "))
                #expect(result.stderr.contains("calibrate: refit without trial-2: deviance"))
                #expect(listing(out) == [AtomicOutput.markerName, "cross_validation.csv", "cross_validation.json"])
                outputs.append(try contents(out))
            }
            #expect(outputs[0] == outputs[1])
            let table = CSV(text: String(decoding: outputs[0]["cross_validation.csv"]!, as: UTF8.self))
            #expect(
                table.headerLine == "study,arm,observable,day,observed,predicted,predicted_low,predicted_high")
            #expect(table.rows.count == 12)
        }
    }
}
