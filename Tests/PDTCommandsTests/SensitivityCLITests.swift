import Foundation
import Testing

@testable import PDTCommands
@testable import PDTCore
@testable import PDTStudies

/// Small sensitivity analyses through the `pdtsim` executable (N = 4 base rows, a short horizon and
/// a coarse grid: 32 Sobol runs, a few seconds in debug builds).
@Suite("pdtsim sensitivity")
struct SensitivityCLITests {
    static let small = [
        "--samples", "4", "--seed", "3", "--set", "schedule.initial_sessions=1", "--set",
        "schedule.horizon_days=160", "--set", "grid.cells=30", "--quiet",
    ]

    @Test("Sobol: design.csv in SALib's order and indices.csv; the same bytes on 1 and 3 jobs and from 3 merged shards")
    func sobolJobsAndShards() throws {
        try withTemporaryDirectory { directory in
            let one = try runPDTSim(
                ["sensitivity", "--method", "sobol", "--out", "one", "--jobs", "1"] + Self.small, in: directory)
            try #require(one.status == 0, "stderr: \(one.stderr)")
            let reference = CohortCLI.files(directory.appendingPathComponent("one"))
            #expect(Set(reference.keys) == [".pdtsim-output", "design.csv", "design.csv.json", "indices.csv"])
            let design = CSV(text: String(decoding: reference["design.csv"]!, as: UTF8.self))
            let d = 6
            #expect(design.rows.count == 4 * (d + 2))
            #expect(design.header.prefix(2) == ["run", "skin"])
            // A_B^(k) takes every input from A except input k, which comes from B (SALib's order).
            for j in 0..<4 {
                let a = design.rows[j * (d + 2)]
                let b = design.rows[j * (d + 2) + d + 1]
                for k in 0..<d {
                    let ab = design.rows[j * (d + 2) + 1 + k]
                    for column in 1...d { #expect(ab[column] == (column == k + 1 ? b[column] : a[column])) }
                }
            }
            let indices = CSV(text: String(decoding: reference["indices.csv"]!, as: UTF8.self))
            #expect(indices.header == SobolTables.indicesHeader)
            #expect(indices.rows.count == 2 * d)
            #expect(indices.rows[0][0] == "reduction_on_day_150_percent")
            #expect(indices.rows[d][0] == "session1_dose_sebaceous_uM")

            let three = try runPDTSim(
                ["sensitivity", "--method", "sobol", "--out", "three", "--jobs", "3"] + Self.small, in: directory)
            #expect(three.status == 0, "stderr: \(three.stderr)")
            #expect(CohortCLI.files(directory.appendingPathComponent("three")) == reference)
            for i in 0..<3 {
                let shard = try runPDTSim(
                    ["sensitivity", "--method", "sobol", "--out", "p\(i)", "--shard", "\(i)/3"] + Self.small,
                    in: directory)
                #expect(shard.status == 0, "stderr: \(shard.stderr)")
            }
            let merged = try runPDTSim(["merge", "p1", "p2", "p0", "--out", "merged", "--quiet"], in: directory)
            #expect(merged.status == 0, "stderr: \(merged.stderr)")
            #expect(CohortCLI.files(directory.appendingPathComponent("merged")) == reference)
        }
    }

    @Test("Morris writes mu, mu_star, sigma, mu_star_conf for the chosen readout")
    func morris() throws {
        try withTemporaryDirectory { directory in
            let run = try runPDTSim(
                ["sensitivity", "--method", "morris", "--out", "m", "--readouts", "peak_reduction_percent"]
                    + Self.small, in: directory)
            try #require(run.status == 0, "stderr: \(run.stderr)")
            let indices = CSV(
                text: try String(contentsOf: directory.appendingPathComponent("m/indices.csv"), encoding: .utf8))
            #expect(indices.header == ["readout", "parameter", "mu", "mu_star", "sigma", "mu_star_conf"])
            #expect(indices.rows.count == 6 && indices.rows.allSatisfy { $0[0] == "peak_reduction_percent" })
            let design = CSV(
                text: try String(contentsOf: directory.appendingPathComponent("m/design.csv"), encoding: .utf8))
            #expect(design.rows.count == 4 * 7)
        }
    }

    @Test("a cohort with rank correlations is refused: Sobol indices and Morris need independent inputs")
    func correlatedCohortRefused() throws {
        try withTemporaryDirectory { directory in
            let cohort = """
                {
                  "format_version": 1, "kind": "cohort", "name": "correlated", "description": "test",
                  "protocol": "allumera-blue",
                  "distributions": {
                    "skin.blood_fraction": {"distribution": "uniform",
                      "low": {"value": 0.001, "unit": "1", "source": "s"}, "high": {"value": 0.01, "unit": "1", "source": "s"}},
                    "kinetics.synthesis_epidermis_uM_per_s": {"distribution": "loguniform",
                      "low": {"value": 0.00015, "unit": "uM/s", "source": "s"}, "high": {"value": 0.0024, "unit": "uM/s", "source": "s"}}
                  },
                  "correlations": [{"between": ["skin.blood_fraction", "kinetics.synthesis_epidermis_uM_per_s"],
                    "rank_correlation": {"value": 0.5, "unit": "1", "source": "assumed"}}]
                }
                """
            try cohort.write(to: directory.appendingPathComponent("correlated.json"), atomically: true, encoding: .utf8)
            for method in ["sobol", "morris"] {
                let result = try runPDTSim(
                    ["sensitivity", "--method", method, "--cohort", "correlated.json", "--samples", "2", "--out", "s"],
                    in: directory)
                #expect(result.status == 3, "stderr: \(result.stderr)")
                #expect(result.stderr.hasPrefix("pdtsim: error: correlated.json: correlations: "))
                #expect(result.stderr.contains("expected a cohort without correlations"))
                #expect(result.stderr.split(separator: "\n").count == 1)
            }
            #expect(!listing(directory).contains("s"))
            let cohortRun = try runPDTSim(
                ["cohort", "--cohort", "correlated.json", "--subjects", "2", "--out", "c", "--quiet"], in: directory)
            #expect(cohortRun.status == 0, "a cohort run takes the same file: stderr \(cohortRun.stderr)")
        }
    }

    @Test("bad input: an unknown readout, an unknown method")
    func badInput() throws {
        try withTemporaryDirectory { directory in
            let readout = try runPDTSim(
                ["sensitivity", "--method", "sobol", "--out", "x", "--readouts", "peak_reduction"] + Self.small,
                in: directory)
            #expect(readout.status == 3 && readout.stderr.contains("--readouts peak_reduction: not a readout"))
            let method = try runPDTSim(["sensitivity", "--method", "fast", "--out", "x"], in: directory)
            #expect(method.status == 3 && method.stderr.contains("'fast' is invalid for '--method <METHOD>'"))
            #expect(method.stderr.contains("sobol") && method.stderr.contains("morris"), "the choices are listed")
            #expect(!listing(directory).contains("x"))
        }
    }
}
