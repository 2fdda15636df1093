import Foundation
import Testing

@testable import PDTCommands
@testable import PDTCore

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
