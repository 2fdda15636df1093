import Foundation
import Testing

@testable import PDTCore

/// `pdtsim calibrate` on a one-arm calibration of two response parameters.
@Suite("pdtsim calibrate")
struct CalibrateCLITests {
    static func writeCalibration(in directory: URL, rows: String) throws -> String {
        let json = """
            {"format_version": 1, "kind": "calibration", "name": "cli", "description": "CLI test",
             "measurements": "data/m.csv",
             "arms": {"blue": {"protocol": "allumera-blue", "set": {"schedule.horizon_days": 160}}},
             "estimate": {"response.reduction_max": {"start": 0.5, "lower": 0.1, "upper": 1},
                          "response.tau_pore_days": {"start": 40, "lower": 10, "upper": 400, "scale": "log"}},
             "fit": {"starts": 2, "seed": 3}}
            """
        try FileManager.default.createDirectory(
            at: directory.appendingPathComponent("data"), withIntermediateDirectories: true)
        try json.write(to: directory.appendingPathComponent("cal.json"), atomically: true, encoding: .utf8)
        try rows.write(to: directory.appendingPathComponent("data/m.csv"), atomically: true, encoding: .utf8)
        return directory.appendingPathComponent("cal.json").path
    }

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

    @Test(
        "bad input",
        arguments: [
            (["--jobs", "0"], "", Int32(3), "--jobs 0"),
            ([], "arm,day,observable,value\nblue,14,pore_reduction,4\n", 3, "m.csv:2: observable"),
            ([], "arm,day,observable,value\nblue,14,pore_reduction_percent\n", 3, "m.csv:2: has 3 fields"),
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
}
