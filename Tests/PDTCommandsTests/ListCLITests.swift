import Foundation
import PDTStudies
import Testing

/// `pdtsim list` lists every kind of model file, the evidence studies when their folder exists.
@Suite("pdtsim list")
struct ListCLITests {
    /// The rows under `folder:` in a listing, as (name, description).
    static func section(_ folder: String, of output: String) -> [(String, String)] {
        let blocks = output.components(separatedBy: "\n\n")
        guard let block = blocks.first(where: { $0.hasPrefix("\(folder):\n") }) else { return [] }
        return block.split(separator: "\n").dropFirst().map { line in
            let words = collapsingSpaces(String(line))
            let name = words.prefix { $0 != " " }
            return (String(name), String(words.dropFirst(name.count + 1)))
        }
    }

    @Test(
        "cohorts, calibrations, optimisations and media are listed with their descriptions; no evidence folder, no section"
    )
    func studyFiles() throws {
        try withTemporaryDirectory { directory in
            let models = try copyModels(to: directory)
            try? FileManager.default.removeItem(at: models.appendingPathComponent("evidence"))
            let result = try runPDTSim(["list", "--models", models.path], in: directory)
            #expect(result.status == 0, "\(result.stderr)")
            for (folder, names) in [
                ("cohorts", ["facial-skin-population"]), ("calibrations", ["three-arms"]),
                ("optimizations", ["blue-light-dose", "fewest-maintenance-sessions", "maintenance-tradeoff"]),
                ("media", ["mcml-semi-infinite", "mcml-slab-matched", "mcml-three-layer"]),
                ("protocols", ["allumera-blue", "allumera-blue-maintained", "allumera-red", "daylight-ala"]),
            ] {
                let rows = Self.section(folder, of: result.stdout)
                #expect(rows.map(\.0) == names, "\(folder): \(rows)")
                for (name, description) in rows {
                    let file = readModelFileOrEmpty(models.appendingPathComponent("\(folder)/\(name).json"))
                    #expect(description == collapsingSpaces(file["description"] as? String ?? "?"), "\(name)")
                }
            }
            #expect(!result.stdout.contains("evidence:"))
        }
    }

    @Test("evidence: every study folder with its README's first heading; a broken study file is an error")
    func evidence() throws {
        try withTemporaryDirectory { directory in
            let models = try copyModels(to: directory)
            let evidence = models.appendingPathComponent("evidence")
            try? FileManager.default.removeItem(at: evidence)
            for (name, readme) in [
                ("smith-2001", "Intro line\n# smith-2001: blue light for acne (12 weeks)\n\n## Data\n"),
                ("jones-2010", "# Jones 2010, red light\n"), ("no-readme", nil),
            ] {
                let folder = evidence.appendingPathComponent(name)
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                if let readme { _ = try writeText(readme, named: "README.md", in: folder) }
            }
            _ = try writeText("# Evidence library\n", named: "README.md", in: evidence)
            let result = try runPDTSim(["list", "--models", models.path], in: directory)
            #expect(result.status == 0, "\(result.stderr)")
            let rows = Self.section("evidence", of: result.stdout)
            #expect(rows.map(\.0) == ["jones-2010", "no-readme", "smith-2001"])
            #expect(
                rows.map(\.1) == ["Jones 2010, red light", "(no README.md heading)", "blue light for acne (12 weeks)"])

            _ = try writeText(
                "{\"format_version\": 1, \"kind\": \"medium\", \"name\": \"x\", \"description\": \"x\"}",
                named: "odd.json", in: models.appendingPathComponent("cohorts"))
            let broken = try runPDTSim(["list", "--models", models.path], in: directory)
            #expect(broken.status == 3)
            #expect(broken.stderr.hasPrefix("pdtsim: error: "), "\(broken.stderr)")
            #expect(broken.stderr.contains("odd.json: kind: \"medium\"; expected \"cohort\""), "\(broken.stderr)")
        }
    }

    /// A model file as an object, or empty.
    func readModelFileOrEmpty(_ url: URL) -> [String: Any] { (try? readModelFile(url)) ?? [:] }
}
