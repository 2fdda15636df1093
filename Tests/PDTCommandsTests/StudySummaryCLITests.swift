import Foundation
import PDTStudies
import Testing

/// `cohort` and `sensitivity` print a short result as `simulate` does, from the files they wrote,
/// and nothing with `--quiet`.
@Suite("cohort and sensitivity print a short result")
struct StudySummaryCLITests {
    static let small = [
        "--seed", "7", "--set", "schedule.initial_sessions=1", "--set", "schedule.horizon_days=160", "--set",
        "grid.cells=30", "--jobs", "2",
    ]

    @Test("cohort: subjects, the responder fraction with its Wilson interval and the median, as in summary.json")
    func cohort() throws {
        try withTemporaryDirectory { directory in
            let result = try runPDTSim(["cohort", "--subjects", "12", "--out", "c"] + Self.small, in: directory)
            #expect(result.status == 0, "\(result.stderr)")
            let summary = jsonObject(try Data(contentsOf: directory.appendingPathComponent("c/summary.json")))
            let responder = summary["responder_fraction"] as? [String: Any] ?? [:]
            let readouts = summary["readouts"] as? [String: Any] ?? [:]
            let median = jsonNumber((readouts["reduction_on_day_150_percent"] as? [String: Any])?["median"]) ?? .nan
            func pct(_ key: String) -> String { String(format: "%.1f %%", 100 * (jsonNumber(responder[key]) ?? .nan)) }
            let lines = result.stdout.split(separator: "\n").map(String.init)
            #expect(lines.count == 4, "\(result.stdout)")
            #expect(lines.first == "facial-skin-population: 12 subjects, 0 failed")
            let responders = jsonNumber(responder["responders"]).map { Int($0) } ?? -1
            #expect(
                lines.dropFirst().first
                    == "  responders (reduction_on_day_150_percent ≥ 30): \(responders) of 12 = \(pct("fraction")) (Wilson 95 % \(pct("wilson_95_lower")) – \(pct("wilson_95_upper")))"
            )
            #expect(
                lines.dropFirst(2).first?.hasPrefix(
                    "  median reduction_on_day_150_percent: \(String(format: "%.1f", median)) (quartiles ") == true,
                "\(result.stdout)")
            #expect(lines.last == "wrote c: 12 subjects")

            let quiet = try runPDTSim(
                ["cohort", "--subjects", "12", "--out", "q", "--quiet"] + Self.small, in: directory)
            #expect(quiet.status == 0 && quiet.stdout.isEmpty && quiet.stderr.isEmpty, "\(quiet.stdout)")
        }
    }

    @Test("sensitivity: the three largest S_T (Sobol) or μ* (Morris) of each readout, as in indices.csv")
    func sensitivity() throws {
        try withTemporaryDirectory { directory in
            for (method, index, companion) in [("sobol", "ST", "S1"), ("morris", "mu_star", "sigma")] {
                let result = try runPDTSim(
                    ["sensitivity", "--method", method, "--samples", "4", "--out", method] + Self.small, in: directory)
                #expect(result.status == 0, "\(result.stderr)")
                let csv = CSV(
                    text: try String(
                        contentsOf: directory.appendingPathComponent("\(method)/indices.csv"), encoding: .utf8))
                let lines = result.stdout.split(separator: "\n").map(String.init)
                #expect(lines.first == "facial-skin-population: the largest \(index) of each readout")
                for readout in ["reduction_on_day_150_percent", "session1_dose_sebaceous_uM"] {
                    let rows = csv.rows.filter { $0[csv.header.firstIndex(of: "readout")!] == readout }
                    let ranked = rows.map { row in
                        (
                            row[csv.header.firstIndex(of: "parameter")!],
                            Double(row[csv.header.firstIndex(of: index)!]) ?? .nan,
                            Double(row[csv.header.firstIndex(of: companion)!]) ?? .nan
                        )
                    }.sorted { $0.1 > $1.1 }.prefix(3)
                    let expected =
                        "  \(readout): "
                        + ranked.map {
                            "\($0.0) \(index) \(String(format: "%.3g", $0.1)), \(companion) \(String(format: "%.3g", $0.2))"
                        }.joined(separator: "; ")
                    #expect(lines.contains(expected), "\(expected) in \(result.stdout)")
                }
                #expect(lines.last?.hasPrefix("wrote \(method): ") == true)
            }
            let quiet = try runPDTSim(
                ["sensitivity", "--method", "morris", "--samples", "4", "--out", "q", "--quiet"] + Self.small,
                in: directory)
            #expect(quiet.status == 0 && quiet.stdout.isEmpty, "\(quiet.stdout)")
        }
    }
}
