import Foundation
import Testing

@testable import PDTCommands
@testable import PDTCore
@testable import PDTModelFiles
@testable import PDTStudies

/// `pdtsim optimize` on tiny problems: one session over 30 days, fluence from a choice list.
@Suite("pdtsim optimize")
struct OptimizeCLITests {
    static func problem(constraint: String) -> String {
        """
        {"format_version": 1, "kind": "optimization", "name": "tiny", "description": "one session, two fluences",
         "protocol": "allumera-blue",
         "set": ["schedule.initial_sessions=1", "schedule.horizon_days=30", "readouts.evaluation_day=20"],
         "variables": [{"key": "light.fluence_J_per_cm2", "choices": [2, 4]}],
         "objective": {"maximize": "reduction_on_day_20_percent"},
         "constraints": [\(constraint)]}
        """
    }

    @Test("an optimum meets its constraints and its protocol simulates unchanged")
    func optimum() throws {
        try withTemporaryDirectory { directory in
            let file = directory.appendingPathComponent("tiny.json")
            try Data(
                Self.problem(
                    constraint: #"{"quantity": {"session": "dose_epidermis_uM", "aggregate": "max"}, "upper": 300}"#
                ).utf8
            )
            .write(to: file)
            let out = directory.appendingPathComponent("opt")
            let result = try runPDTSim(["optimize", file.path, "--out", out.path, "--jobs", "2"], in: directory)
            #expect(result.status == 0, "stderr: \(result.stderr)")
            let names = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
            #expect(names == [AtomicOutput.markerName, "evaluations.csv", "optimum-protocol.json", "optimum.json"])
            let optimum = try String(contentsOf: out.appendingPathComponent("optimum.json"), encoding: .utf8)
            #expect(optimum.contains(#""light.fluence_J_per_cm2": 2"#))
            #expect(optimum.contains(#""binding": true"#))
            let csv = try String(contentsOf: out.appendingPathComponent("evaluations.csv"), encoding: .utf8)
            #expect(
                csv.hasPrefix(
                    "index,light.fluence_J_per_cm2,feasible,objective_reduction_on_day_20_percent,session_max_dose_epidermis_uM,failure\n"
                ))
            #expect(csv.split(separator: "\n").count == 3)
            let simulated = directory.appendingPathComponent("sim")
            let rerun = try runPDTSim(
                [
                    "simulate", "--protocol", out.appendingPathComponent("optimum-protocol.json").path, "--out",
                    simulated.path, "--quiet",
                ],
                in: directory)
            #expect(rerun.status == 0, "stderr: \(rerun.stderr)")
        }
    }

    @Test("an infeasible problem exits 7 naming the constraint and how close it came")
    func infeasible() throws {
        try withTemporaryDirectory { directory in
            let file = directory.appendingPathComponent("tiny.json")
            try Data(Self.problem(constraint: #"{"quantity": "reduction_on_day_20_percent", "lower": 95}"#).utf8).write(
                to: file)
            let out = directory.appendingPathComponent("opt")
            let result = try runPDTSim(["optimize", file.path, "--out", out.path], in: directory)
            #expect(result.status == ExitStatus.infeasible.rawValue)
            #expect(result.stderrLines.count == 1)
            #expect(result.stderr.contains("reduction_on_day_20_percent ≥ 95 cannot be met: the closest point reaches"))
            #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("optimum.json").path))
        }
    }

    @Test("--pareto writes the ε-constraint front with each point's assignments")
    func pareto() throws {
        try withTemporaryDirectory { directory in
            let file = directory.appendingPathComponent("tiny.json")
            try Data(Self.problem(constraint: #"{"quantity": "photosensitivity_hours", "upper": 40}"#).utf8)
                .write(to: file)
            let out = directory.appendingPathComponent("front")
            let result = try runPDTSim(
                [
                    "optimize", file.path, "--out", out.path, "--pareto", "session:dose_epidermis_uM:max", "--points",
                    "2", "--quiet",
                ], in: directory)
            #expect(result.status == 0, "stderr: \(result.stderr)")
            let lines = try String(contentsOf: out.appendingPathComponent("pareto.csv"), encoding: .utf8)
                .split(separator: "\n").map(String.init)
            #expect(
                lines.first
                    == "point,epsilon,feasible,objective_reduction_on_day_20_percent,session_max_dose_epidermis_uM,light.fluence_J_per_cm2,assignments"
            )
            #expect(lines.count == 3)
            // The front runs from the least epidermal dose (2 J/cm²) to the best reduction (4 J/cm²).
            #expect(lines[1].hasSuffix(",2.0,light.fluence_J_per_cm2=2"))
            #expect(lines[2].hasSuffix(",4.0,light.fluence_J_per_cm2=4"))
        }
    }

    /// One session over 30 days on a coarse grid with the fast solver (cheap runs for the search).
    static func cheap(variables: String, objective: String, constraints: String, method: String) -> String {
        """
        {"format_version": 1, "kind": "optimization", "name": "cheap", "description": "one cheap session",
         "protocol": "allumera-blue",
         "set": ["schedule.initial_sessions=1", "schedule.horizon_days=30", "readouts.evaluation_day=20",
                 "grid.cells=12", "solver=fast"],
         "variables": [\(variables)], "objective": \(objective), "constraints": [\(constraints)],
         "method": \(method)}
        """
    }

    /// On the coarse grid one session gives 81 µM at 2 J/cm² and 129 µM at 4 J/cm².
    static let doseAtMost100 = #"{"quantity": {"session": "dose_epidermis_uM", "aggregate": "max"}, "upper": 100}"#

    @Test("a discrete problem within the budget is enumerated, proven optimal, and is a brute-force sweep's best")
    func discreteExact() throws {
        try withTemporaryDirectory { directory in
            // 6 combinations: more than method.enumeration_limit = 2, within the default budget.
            let file = directory.appendingPathComponent("cheap.json")
            try Data(
                Self.cheap(
                    variables:
                        #"{"key": "light.fluence_J_per_cm2", "choices": [2, 3, 4]}, {"key": "light.irradiance_mW_per_cm2", "choices": [10, 40]}"#,
                    objective: #"{"maximize": "reduction_on_day_20_percent"}"#, constraints: Self.doseAtMost100,
                    method: #"{"samples": 2, "starts": 1, "enumeration_limit": 2}"#
                ).utf8
            ).write(to: file)
            let out = directory.appendingPathComponent("opt")
            let result = try runPDTSim(["optimize", file.path, "--out", out.path, "--jobs", "2"], in: directory)
            #expect(result.status == 0, "stderr: \(result.stderr)")
            let optimum = jsonObject(try Data(contentsOf: out.appendingPathComponent("optimum.json")))
            #expect(optimum["status"] as? String == "optimal")
            #expect(optimum["status_reason"] as? String == "every one of the 6 combinations was evaluated")
            #expect(optimum["strategy"] as? String == "enumeration")
            #expect(result.stdout.contains("(optimal: every one of the 6 combinations was evaluated)"))
            // The brute-force sweep, computed here on an evaluator of its own.
            let library = try ModelLibrary(root: Repository.models.path)
            let problem = try OptimizationFile.load(file.path, library: library)
            let evaluator = ProtocolEvaluator(
                library: library, data: try library.referenceData(), base: problem.base, jobs: 2)
            var best: (values: [Double], reduction: Double)?
            for fluence in [2.0, 3, 4] {
                for irradiance in [10.0, 40] {
                    let point = try evaluator.evaluate([problem.overrides([fluence, irradiance])])[0].get()
                    let dose = problem.constraints[0].quantity.value(point)
                    let reduction = problem.objective.quantity.value(point)
                    if dose <= 100 && reduction > (best?.reduction ?? -.infinity) {
                        best = ([fluence, irradiance], reduction)
                    }
                }
            }
            let variables = optimum["variables"] as? [String: Any]
            #expect(
                [
                    jsonNumber(variables?["light.fluence_J_per_cm2"]),
                    jsonNumber(variables?["light.irradiance_mW_per_cm2"]),
                ]
                    == best?.values.map { Optional($0) })
            let objective = optimum["objective"] as? [String: Any]
            // optimum.json holds 16 significant digits.
            let written: Double = jsonNumber(objective?["value"]) ?? .nan
            let reduction: Double = best?.reduction ?? .nan
            #expect(abs(written - reduction) < 4e-12)
        }
    }

    @Test("a failed --check-grid is exit 8 with one error line; a continuous optimum is only the best found")
    func checkGridFailure() throws {
        try withTemporaryDirectory { directory in
            // Maximise the fluence itself in [2, 4] from two samples with a simplex of 0.001 rad that
            // stops at once: it stays near a sample, below the bound that the 2-point grid holds.
            let file = directory.appendingPathComponent("cheap.json")
            try Data(
                Self.cheap(
                    variables: #"{"key": "light.fluence_J_per_cm2", "lower": 2, "upper": 4}"#,
                    objective: #"{"maximize": {"input": "light.fluence_J_per_cm2"}}"#, constraints: "",
                    method: #"{"samples": 2, "starts": 1, "max_evaluations": 6, "initial_step": 0.001}"#
                ).utf8
            ).write(to: file)
            let out = directory.appendingPathComponent("opt")
            let result = try runPDTSim(
                ["optimize", file.path, "--out", out.path, "--check-grid", "2", "--quiet"], in: directory)
            #expect(result.status == ExitStatus.checkFailed.rawValue && result.status == 8, "stderr: \(result.stderr)")
            #expect(result.stderrLines.count == 1)
            #expect(
                result.stderr.hasPrefix(
                    "pdtsim: error: --check-grid 2: the brute-force grid of 2 points has a feasible point (light.fluence_J_per_cm2=4) reaching 4, better than the reported optimum "
                ), "stderr: \(result.stderr)")
            #expect(result.stderr.contains("% of the objective; expected at most 1 %"))
            #expect(result.stdout.isEmpty)
            let optimum = jsonObject(try Data(contentsOf: out.appendingPathComponent("optimum.json")))
            #expect(optimum["status"] as? String == "best found")
            #expect((optimum["status_reason"] as? String)?.contains("a point not tried may be better") == true)
        }
    }

    @Test("an infeasible problem names the constraints that conflict, not one that can be met alone")
    func conflictingConstraints() throws {
        try withTemporaryDirectory { directory in
            // Fluence ≥ 3 J/cm² holds only at 4, the dose limit only at 2; photosensitivity holds at both.
            let file = directory.appendingPathComponent("cheap.json")
            try Data(
                Self.cheap(
                    variables: #"{"key": "light.fluence_J_per_cm2", "choices": [2, 4]}"#,
                    objective: #"{"maximize": "reduction_on_day_20_percent"}"#,
                    constraints: #"{"quantity": "photosensitivity_hours", "upper": 1000}, "#
                        + #"{"quantity": {"input": "light.fluence_J_per_cm2"}, "lower": 3}, "# + Self.doseAtMost100,
                    method: #"{"samples": 2, "starts": 1}"#
                ).utf8
            ).write(to: file)
            let out = directory.appendingPathComponent("opt")
            let result = try runPDTSim(["optimize", file.path, "--out", out.path], in: directory)
            #expect(result.status == ExitStatus.infeasible.rawValue, "stderr: \(result.stderr)")
            #expect(result.stderrLines.count == 1)
            #expect(
                result.stderr.contains(
                    "cheap: no feasible protocol found in 2 evaluations; the constraints light.fluence_J_per_cm2 ≥ 3; session_max_dose_epidermis_uM ≤ 100 cannot be met together (every smaller set of them is met by some point tried): the closest point reaches light.fluence_J_per_cm2 = "
                ), "stderr: \(result.stderr)")
            #expect(!result.stderr.contains("photosensitivity"))
            #expect(listing(out) == [AtomicOutput.markerName, "evaluations.csv"])
        }
    }

    @Test("a bad optimisation file is exit 3 with the key")
    func badFile() throws {
        try withTemporaryDirectory { directory in
            let file = directory.appendingPathComponent("tiny.json")
            try Data(Self.problem(constraint: "").replacingOccurrences(of: "\"choices\"", with: "\"choice\"").utf8)
                .write(to: file)
            let result = try runPDTSim(["optimize", file.path, "--out", "x"], in: directory)
            #expect(result.status == 3)
            #expect(result.stderr.contains("variables[0].choice: unknown key (did you mean 'choices'?)"))
        }
    }
}
