import Foundation
import Testing

/// The manual's table of the shipped optimisations (the Optimize article) states what `pdtsim optimize` gives for each
/// file today: each row is checked against a run of the binary, so its figures cannot go stale.
@Suite("Manual optimisation table matches the binary")
struct OptimisationTableTests {
    /// The Optimize article's row of the table that starts with `` | `NAME` | ``.
    static func tableRow(_ name: String) throws -> String {
        let article = try Repository.article("Optimize")
        return try #require(
            article.split(separator: "\n").first { $0.hasPrefix("| `\(name)` |") }.map(String.init),
            "no Optimize.md table row for \(name)")
    }

    /// A number as the table writes it: one decimal, or a whole number without decimals.
    static func shown(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
    }

    /// `pdtsim optimize Models/optimizations/NAME.json` → its `optimum.json`.
    static func optimum(_ name: String) throws -> [String: Any] {
        try withTemporaryDirectory { directory in
            let file = Repository.models.appendingPathComponent("optimizations/\(name).json").path
            let run = try runPDTSim(["optimize", file, "--jobs", "2", "--quiet", "--out", "out"], in: directory)
            #expect(run.status == 0, "\(run.stderr)")
            return jsonObject(try Data(contentsOf: directory.appendingPathComponent("out/optimum.json")))
        }
    }

    /// The strings a row must contain: the status, the number of points, and the optimum's figures.
    static func expected(_ name: String, _ optimum: [String: Any]) throws -> [String] {
        let status = try #require(optimum["status"] as? String)
        let points = try #require(optimum["evaluations"] as? Int)
        let variables = try #require(optimum["variables"] as? [String: Any])
        let objective = try #require(jsonNumber((optimum["objective"] as? [String: Any])?["value"]))
        let constraints = (optimum["constraints"] as? [[String: Any]]) ?? []
        var strings = ["(\(status)", "| \(points) |"]
        switch name {
        case "fewest-maintenance-sessions":
            let days = try #require(jsonNumber(variables["schedule.maintenance_interval_days"]))
            let minimum = try #require(jsonNumber(constraints.first?["value"]))
            strings += [
                "every \(shown(days)) d", "\(shown(objective)) sessions/year",
                "second-year minimum \(shown(minimum)) %",
            ]
        case "blue-light-dose":
            let irradiance = try #require(jsonNumber(variables["light.irradiance_mW_per_cm2"]))
            let fluence = try #require(jsonNumber(variables["light.fluence_J_per_cm2"]))
            strings += [
                "\(shown(irradiance)) mW/cm²", "\(shown(fluence)) J/cm²", "\(shown(objective)) % on day 150",
            ]
        case "maintenance-tradeoff":
            let days = try #require(jsonNumber(variables["schedule.maintenance_interval_days"]))
            strings += ["every \(shown(days)) d", "mean reduction \(shown(objective)) %"]
        default:
            Issue.record("no expectations for \(name)")
        }
        return strings
    }

    @Test(
        "each shipped optimisation's row gives the binary's optimum, status and points",
        arguments: ["fewest-maintenance-sessions", "blue-light-dose", "maintenance-tradeoff"])
    func rowMatchesRun(name: String) throws {
        let row = try Self.tableRow(name)
        for text in try Self.expected(name, try Self.optimum(name)) {
            #expect(row.contains(text), "Optimize.md row of \(name) lacks '\(text)': \(row)")
        }
    }

    @Test("every file in Models/optimizations has a row in the table")
    func everyFileHasARow() throws {
        let names = try FileManager.default.contentsOfDirectory(
            atPath: Repository.models.appendingPathComponent("optimizations").path
        ).filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }
        #expect(!names.isEmpty)
        for name in names { _ = try Self.tableRow(name) }
    }
}
