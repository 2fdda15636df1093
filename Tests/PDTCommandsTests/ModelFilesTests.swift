import Foundation
import Testing

@testable import PDTCommands
@testable import PDTCore
@testable import PDTStudies

/// `pdtsim validate` on the shipped model files and on broken ones, and model files that read
/// other files (tabulated light tables).
@Suite("model files and validate")
struct ModelFilesTests {
    @Test("every shipped model file validates", arguments: Repository.modelFiles())
    func shippedFileValidates(_ relativePath: String) throws {
        try withTemporaryDirectory { directory in
            let path = Repository.models.appendingPathComponent(relativePath).path
            let result = try runPDTSim(["validate", path], in: directory)
            #expect(result.status == 0, "stderr: \(result.stderr)")
            #expect(result.stderr.isEmpty)
            #expect(result.stdout.hasPrefix("ok: \(path) ("), "stdout: \(result.stdout)")
        }
    }

    @Test("validate checks all shipped files in one call, one ok line each with kind and name")
    func validateAll() throws {
        let files = Repository.modelFiles()
        #expect(files.count >= 20, "Models/ holds the shipped presets")
        for expected in [
            "protocols/allumera-blue.json", "protocols/allumera-blue-maintained.json", "protocols/allumera-red.json",
            "protocols/daylight-ala.json", "lights/blue-417.json", "skins/fitzpatrick-5-6.json",
        ] {
            #expect(files.contains(expected), "Models/ lacks \(expected)")
        }
        try withTemporaryDirectory { directory in
            let paths = files.map { Repository.models.appendingPathComponent($0).path }
            let result = try runPDTSim(["validate", "--models", Repository.models.path] + paths, in: directory)
            #expect(result.status == 0, "stderr: \(result.stderr)")
            let lines = result.stdout.split(whereSeparator: \.isNewline).map(String.init)
            #expect(lines.count == files.count)
            #expect(
                lines.contains("ok: \(Repository.models.path)/protocols/allumera-blue.json (protocol allumera-blue)"))
            #expect(lines.contains("ok: \(Repository.models.path)/lights/blue-417.json (light blue-417)"))
        }
    }

    @Test("validate with one good and one bad file exits 3, reports the good one ok and the bad one's error")
    func validateGoodAndBad() throws {
        try withTemporaryDirectory { directory in
            let good = Repository.allumeraBlue.path
            let bad = try writeModelFile(
                BadFixtures.renaming(
                    try readModelFile(Repository.allumeraBlue), BadFixtures.incubation, to: "incubaton_s"),
                named: "misspelt.json", in: directory)
            let result = try runPDTSim(["validate", good, bad.path], in: directory)
            #expect(result.status == ExitStatus.invalidInput.rawValue)
            #expect(result.stdout == "ok: \(good) (protocol allumera-blue)\n")
            expectOneErrorLine(result)
            #expect(result.stderr.contains("\(bad.path): session.parameters.incubaton_s"))
            #expect(result.stderr.contains("did you mean 'incubation_s'?"))
            #expect(allPaths(below: directory) == ["misspelt.json"])
        }
    }

    @Test("validate refuses an unknown kind and a wrong format_version with exit 3 and one line naming file and key")
    func validateUnknownKindAndVersion() throws {
        try withTemporaryDirectory { directory in
            let cohort = try readModelFile(
                Repository.models.appendingPathComponent("cohorts/facial-skin-population.json"))
            let unknown = try writeModelFile(
                updating(cohort, ["kind"], to: "cohorts"), named: "kind.json", in: directory)
            let version = try writeModelFile(
                updating(cohort, ["format_version"], to: 2), named: "version.json", in: directory)
            let every =
                "protocol, cream, light, skin, grid, kinetics, response, solver, session, schedule, readouts, cohort, calibration, optimization, medium"
            for (file, line) in [
                (unknown.path, "\(unknown.path): kind: \"cohorts\"; expected one of \(every)"),
                (
                    version.path,
                    "\(version.path): format_version: 2 is not supported; this pdtsim reads format_version 1"
                ),
            ] {
                let result = try runPDTSim(["validate", "--models", Repository.models.path, file], in: directory)
                #expect(result.status == ExitStatus.invalidInput.rawValue)
                #expect(result.stdout.isEmpty)
                #expect(result.stderr == "pdtsim: error: \(line)\n")
            }
        }
    }

    @Test("validate names each study file's kind: cohort, calibration, optimization, medium")
    func validateStudyKinds() throws {
        try withTemporaryDirectory { directory in
            for (file, what) in [
                ("cohorts/facial-skin-population.json", "cohort facial-skin-population"),
                ("calibrations/three-arms.json", "calibration three-arms"),
                ("optimizations/blue-light-dose.json", "optimization blue-light-dose"),
                ("media/mcml-semi-infinite.json", "medium mcml-semi-infinite"),
            ] {
                let path = Repository.models.appendingPathComponent(file).path
                let result = try runPDTSim(["validate", "--models", Repository.models.path, path], in: directory)
                #expect(result.status == 0, "\(result.stderr)")
                #expect(result.stdout == "ok: \(path) (\(what))\n")
            }
        }
    }

    @Test("validate checks a section file on its own: wrong unit, missing parameter")
    func validateSectionFiles() throws {
        try withTemporaryDirectory { directory in
            let light = try readModelFile(Repository.models.appendingPathComponent("lights/blue-417.json"))
            let wrongUnit = try writeModelFile(
                updating(light, ["parameters", "center_nm", "unit"], to: "um"), named: "wrong-unit.json",
                in: directory)
            let missing = try writeModelFile(
                updating(light, ["parameters", "irradiance_mW_per_cm2"], to: nil), named: "missing.json",
                in: directory)
            let first = try runPDTSim(["validate", wrongUnit.path], in: directory)
            #expect(first.status == ExitStatus.invalidInput.rawValue)
            expectOneErrorLine(first)
            #expect(first.stderr.contains("\(wrongUnit.path): parameters.center_nm.unit: 'um' is the wrong unit"))
            #expect(first.stderr.contains("expected 'nm'"))

            let second = try runPDTSim(["validate", missing.path], in: directory)
            #expect(second.status == ExitStatus.invalidInput.rawValue)
            expectOneErrorLine(second)
            #expect(second.stderr.contains(missing.path))
            #expect(second.stderr.contains("light.irradiance_mW_per_cm2 is missing"))
            #expect(second.stderr.contains("expected a number in mW/cm2 between 0.01 and 1000"))
        }
    }

    @Test("validate finds an extends cycle")
    func validateCycle() throws {
        try withTemporaryDirectory { directory in
            let models = try BadFixtures.cyclicModels(directory)
            let file = directory.appendingPathComponent("Models/protocols/cyc-a.json").path
            let result = try runPDTSim(["validate"] + models + [file], in: directory)
            #expect(result.status == ExitStatus.invalidInput.rawValue)
            expectOneErrorLine(result)
            #expect(result.stderr.contains("extends"))
            #expect(result.stderr.contains("cycle"))
        }
    }

    @Test("validate checks the table of a tabulated light")
    func validateTabulatedTable() throws {
        try withTemporaryDirectory { directory in
            try writeText("wl,power\n400,1\n430,1\n", named: "bad-header.csv", in: directory)
            let problems = [
                "missing-table.csv": "cannot read the data file (no such file or directory)",
                "bad-header.csv": "line 1: header is 'wl,power'; expected 'wavelength_nm,relative_power'",
            ]
            for (table, problem) in problems.sorted(by: { $0.key < $1.key }) {
                let file = try writeModelFile(
                    updating(
                        try readModelFile(Repository.allumeraBlue), ["light"],
                        to: BadFixtures.tabulatedLight(table)),
                    named: "uses-\(table).json", in: directory)
                let result = try runPDTSim(["validate", file.path], in: directory)
                #expect(result.status == ExitStatus.invalidInput.rawValue, "validate \(table): \(result.stdout)")
                #expect(result.stderr.contains(table))
                #expect(result.stdout.isEmpty)
                expectOneErrorLine(result)
                let tablePath = directory.appendingPathComponent(table).path
                #expect(
                    result.stderr.contains("\(tablePath): \(problem)"), "validate \(table): \(result.stderr)")
                let simulation = try runPDTSim(
                    ["simulate", "--out", directory.appendingPathComponent("run").path, "--protocol", file.path],
                    in: directory)
                #expect(simulation.stderr == result.stderr, "validate reports what simulate reports")
            }
        }
    }

    @Test("validate checks a light section's spectrum: its table, and power on 380–800 nm")
    func validateLightSection() throws {
        try withTemporaryDirectory { directory in
            let light = try readModelFile(Repository.models.appendingPathComponent("lights/blue-417.json"))
            let tabulated = try writeModelFile(
                updating(light, ["parameters"], to: BadFixtures.tabulatedLight("missing-table.csv")["parameters"]),
                named: "tabulated.json", in: directory)
            let result = try runPDTSim(["validate", tabulated.path], in: directory)
            #expect(result.status == ExitStatus.invalidInput.rawValue, "stdout: \(result.stdout)")
            expectOneErrorLine(result)
            #expect(result.stderr.contains(directory.appendingPathComponent("missing-table.csv").path))

            let far = try writeModelFile(
                updating(light, ["parameters", "center_nm", "value"], to: 1100), named: "far.json", in: directory)
            let second = try runPDTSim(["validate", far.path, "--models", Repository.models.path], in: directory)
            #expect(second.status == ExitStatus.invalidInput.rawValue, "stdout: \(second.stdout)")
            expectOneErrorLine(second)
            #expect(second.stderr.contains("\(far.path): light.center_nm: a gaussian at 1100 nm"))
        }
    }

    @Test("a tabulated light reads its table relative to the protocol file and matches the same band")
    func tabulatedLightMatchesBand() throws {
        try withTemporaryDirectory { directory in
            let protocolFile = try readModelFile(Repository.allumeraBlue)
            let tables = directory.appendingPathComponent("tables")
            try FileManager.default.createDirectory(at: tables, withIntermediateDirectories: true)
            try writeText("wavelength_nm,relative_power\n400,1\n430,1\n", named: "flat-400-430.csv", in: tables)
            let tabulated = try writeModelFile(
                updating(protocolFile, ["light"], to: BadFixtures.tabulatedLight("tables/flat-400-430.csv")),
                named: "tabulated.json", in: directory)
            let band: [String: Any] = [
                "parameters": [
                    "spectrum": parameter("band"), "low_nm": parameter(400, unit: "nm"),
                    "high_nm": parameter(430, unit: "nm"), "irradiance_mW_per_cm2": parameter(10, unit: "mW/cm2"),
                    "fluence_J_per_cm2": parameter(10, unit: "J/cm2"),
                ]
            ]
            let banded = try writeModelFile(
                updating(protocolFile, ["light"], to: band), named: "band.json", in: directory)

            let validation = try runPDTSim(["validate", tabulated.path, banded.path], in: directory)
            #expect(validation.status == 0, "stderr: \(validation.stderr)")

            let first = try simulate(["--protocol", tabulated.path, "--quiet"], in: directory, name: "tabulated")
            let second = try simulate(["--protocol", banded.path, "--quiet"], in: directory, name: "band")
            #expect(first.result.status == 0, "stderr: \(first.result.stderr)")
            #expect(second.result.status == 0, "stderr: \(second.result.stderr)")
            for name in ["timeline.csv", "sessions.csv", "depth.csv"] {
                #expect(first.files[name] != nil)
                #expect(first.files[name] == second.files[name], "a flat table on 400–430 nm is the band 400–430 nm")
            }
            let written = jsonObject(first.files["protocol.json"] ?? Data())
            let table =
                (((written["light"] as? [String: Any])?["parameters"] as? [String: Any])?["table"]
                as? [String: Any])?["value"] as? String
            #expect(
                table == tables.appendingPathComponent("flat-400-430.csv").path, "protocol.json holds the resolved path"
            )
        }
    }

    @Test("relative --models and --set file paths resolve against the working folder, '..' included")
    func relativePathsWithParent() throws {
        try withTemporaryDirectory { directory in
            _ = try copyModels(to: directory)
            try writeText("wavelength_nm,relative_power\n400,1\n430,1\n", named: "flat.csv", in: directory)
            let work = directory.appendingPathComponent("work/sub")
            try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
            let result = try runPDTSim(
                [
                    "show", "--json", "--models", "../../Models", "--set", "light.spectrum=tabulated", "--set",
                    "light.table=../../flat.csv",
                ], in: work)
            #expect(result.status == 0, "stderr: \(result.stderr)")
            let shown = jsonObject(Data(result.stdout.utf8))
            let light = (shown["light"] as? [String: Any])?["parameters"] as? [String: Any]
            let table = (light?["table"] as? [String: Any])?["value"] as? String
            #expect(table == directory.appendingPathComponent("flat.csv").standardizedFileURL.path)
        }
    }

    @Test("extends resolves presets in the model folder given by --models")
    func extendsUsesModelsFolder() throws {
        try withTemporaryDirectory { directory in
            let models = try copyModels(to: directory)
            // A protocol in the copied folder that extends allumera-blue and changes only the light.
            let document: [String: Any] = [
                "format_version": 1, "kind": "protocol", "name": "custom-green", "description": "green light",
                "extends": "allumera-blue", "light": "green-540",
            ]
            try writeModelFile(document, named: "custom-green.json", in: models.appendingPathComponent("protocols"))
            let result = try runPDTSim(
                ["show", "--models", models.path, "--protocol", "custom-green", "--json"], in: directory)
            #expect(result.status == 0, "stderr: \(result.stderr)")
            let shown = jsonObject(Data(result.stdout.utf8))
            #expect(shown["name"] as? String == "custom-green")
            let light = (shown["light"] as? [String: Any])?["parameters"] as? [String: Any]
            #expect(jsonNumber((light?["center_nm"] as? [String: Any])?["value"]) == 540)
            let schedule = (shown["schedule"] as? [String: Any])?["parameters"] as? [String: Any]
            #expect(jsonNumber((schedule?["spacing_days"] as? [String: Any])?["value"]) == 28, "inherited")

            let listed = try runPDTSim(["list", "--models", models.path], in: directory)
            #expect(listed.stdout.contains("custom-green"))
        }
    }
}
