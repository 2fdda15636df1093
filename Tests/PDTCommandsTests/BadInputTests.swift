import Foundation
import Testing

@testable import PDTCommands
@testable import PDTCore
@testable import PDTNumerics
@testable import PDTStudies

/// One failing `pdtsim simulate`: how to set it up, the exit code, and what the message must say.
struct BadInput: Sendable, CustomTestStringConvertible {
    var testDescription: String
    var status: Int32 = ExitStatus.invalidInput.rawValue
    /// Writes any fixture into the temporary folder and returns the arguments after `simulate --out DIR`.
    var arguments: @Sendable (URL) throws -> [String]
    /// Fragments standard error must contain; `{tmp}` stands for the temporary folder's path.
    var fragments: [String]
}

/// Fixtures for bad-input tests, all derived from the shipped reference protocol.
enum BadFixtures {
    /// Writes `bad.json`: allumera-blue.json after `change`; returns `--protocol <path>`.
    static func protocolFile(
        _ directory: URL, name: String = "bad.json", _ change: ([String: Any]) -> [String: Any]
    ) throws -> [String] {
        let url = try writeModelFile(change(try readModelFile(Repository.allumeraBlue)), named: name, in: directory)
        return ["--protocol", url.path]
    }

    /// `object` with the key at `path` renamed to `newKey` (same value).
    static func renaming(_ object: [String: Any], _ path: [String], to newKey: String) -> [String: Any] {
        var value: Any? = object
        for key in path { value = (value as? [String: Any])?[key] }
        let renamed = updating(object, path, to: nil)
        return updating(renamed, Array(path.dropLast()) + [newKey], to: value)
    }

    static let incubation = ["session", "parameters", "incubation_s"]

    /// An inline light section with a tabulated spectrum reading `table` (relative to the protocol file).
    static func tabulatedLight(_ table: String) -> [String: Any] {
        [
            "parameters": [
                "spectrum": parameter("tabulated"), "table": parameter(table),
                "irradiance_mW_per_cm2": parameter(10, unit: "mW/cm2"),
                "fluence_J_per_cm2": parameter(10, unit: "J/cm2"),
            ]
        ]
    }

    /// A copy of Models/ in `directory` with two protocols extending each other; returns `--models`.
    static func cyclicModels(_ directory: URL) throws -> [String] {
        let models = try copyModels(to: directory)
        let protocols = models.appendingPathComponent("protocols")
        for (name, base) in [("cyc-a", "cyc-b"), ("cyc-b", "cyc-a")] {
            let document: [String: Any] = [
                "format_version": 1, "kind": "protocol", "name": name, "description": "half of a cycle",
                "extends": base,
            ]
            try writeModelFile(document, named: "\(name).json", in: protocols)
        }
        let skins = models.appendingPathComponent("skins")
        for (name, base) in [("loop-a", "loop-b"), ("loop-b", "loop-a")] {
            let document: [String: Any] = [
                "format_version": 1, "kind": "skin", "name": name, "description": "half of a cycle",
                "extends": base, "parameters": [String: Any](),
            ]
            try writeModelFile(document, named: "\(name).json", in: skins)
        }
        return ["--models", models.path]
    }

    /// `--set KEY=VALUE` with a value outside KEY's range: exit 3 naming the key, the value as
    /// typed (or `shown`) and the range.
    static func rangeCase(_ key: String, _ value: String, _ expectation: String, shown: String? = "") -> BadInput {
        BadInput(
            testDescription: "\(key)=\(value) is out of range",
            arguments: { _ in ["--set", "\(key)=\(value)"] },
            fragments: ["--set \(key)", shown == "" ? "'\(value)'" : shown ?? "", expectation].filter { !$0.isEmpty })
    }

    static let cases: [BadInput] = [
        // Model files.
        BadInput(
            testDescription: "misspelt parameter key in a protocol file",
            arguments: { try protocolFile($0) { renaming($0, incubation, to: "incubaton_s") } },
            fragments: [
                "{tmp}/bad.json", "session.parameters.incubaton_s", "did you mean 'incubation_s'?",
                "expected one of incubation_s",
            ]),
        BadInput(
            testDescription: "misspelt top-level key",
            arguments: { try protocolFile($0) { renaming($0, ["cream"], to: "craem") } },
            fragments: ["{tmp}/bad.json", "craem", "unknown key", "did you mean 'cream'?", "expected only"]),
        BadInput(
            testDescription: "wrong unit",
            arguments: { try protocolFile($0) { updating($0, incubation + ["unit"], to: "min") } },
            fragments: ["{tmp}/bad.json", "session.parameters.incubation_s.unit", "'min'", "expected 's'"]),
        BadInput(
            testDescription: "missing unit",
            arguments: { try protocolFile($0) { updating($0, incubation + ["unit"], to: nil) } },
            fragments: [
                "{tmp}/bad.json", "session.parameters.incubation_s", "unit is missing", "expected \"unit\": \"s\"",
            ]),
        BadInput(
            testDescription: "missing source",
            arguments: { try protocolFile($0) { updating($0, incubation + ["source"], to: nil) } },
            fragments: ["{tmp}/bad.json", "session.parameters.incubation_s", "source is missing", "expected a string"]),
        BadInput(
            testDescription: "value of the wrong type",
            arguments: { try protocolFile($0) { updating($0, incubation + ["value"], to: "3600") } },
            fragments: [
                "{tmp}/bad.json", "session.parameters.incubation_s.value", "\"3600\" is a string",
                "expected a number in s between 0 and 14400",
            ]),
        BadInput(
            testDescription: "unknown key in a parameter entry",
            arguments: { try protocolFile($0) { updating($0, incubation + ["note"], to: "x") } },
            fragments: ["{tmp}/bad.json", "session.parameters.incubation_s.note", "unknown key", "expected only value"]),
        BadInput(
            testDescription: "required parameter missing from an inline section without preset",
            arguments: {
                try protocolFile($0) {
                    updating(
                        $0, ["session"],
                        to: [
                            "parameters": [
                                "incubation_s": parameter(3600, unit: "s"), "cream_on_during_light": parameter(false),
                            ]
                        ])
                }
            },
            fragments: ["{tmp}/bad.json", "session.aftercare_h is missing", "expected a number in h between 1 and 72"]),
        BadInput(
            testDescription: "negative duration in a file",
            arguments: {
                try protocolFile($0) {
                    updating(
                        $0, ["light"],
                        to: ["preset": "blue-417", "parameters": ["duration_s": parameter(-5, unit: "s")]])
                }
            },
            fragments: [
                "{tmp}/bad.json", "light.parameters.duration_s.value", "-5",
                "expected a number in s between 1 and 14400",
            ]),
        BadInput(
            testDescription: "fluence and duration both held in one light section",
            arguments: {
                try protocolFile($0) {
                    updating(
                        $0, ["light"],
                        to: [
                            "preset": "blue-417",
                            "parameters": [
                                "duration_s": parameter(500, unit: "s"),
                                "fluence_J_per_cm2": parameter(5, unit: "J/cm2"),
                            ],
                        ])
                }
            },
            fragments: [
                "{tmp}/bad.json", "light.parameters", "fluence_J_per_cm2 and duration_s", "expected one of them",
            ]),
        BadInput(
            testDescription: "unknown light preset in a protocol file",
            arguments: { try protocolFile($0) { updating($0, ["light"], to: "purple") } },
            fragments: ["{tmp}/bad.json", "light", "'purple'", "expected one of blue-417"]),
        BadInput(
            testDescription: "evaluation day beyond the horizon in a file",
            arguments: {
                try protocolFile($0) {
                    updating(
                        $0, ["readouts"],
                        to: ["preset": "default", "parameters": ["evaluation_day": parameter(400, unit: "d")]])
                }
            },
            fragments: [
                "{tmp}/bad.json", "readouts.evaluation_day", "day 400", "horizon_days = 365",
                "expected an evaluation day ≤ horizon",
            ]),
        BadInput(
            testDescription: "format_version 2",
            arguments: { try protocolFile($0) { updating($0, ["format_version"], to: 2) } },
            fragments: ["{tmp}/bad.json", "format_version", "2 is not supported", "format_version 1"]),
        BadInput(
            testDescription: "extends an unknown protocol",
            arguments: { try protocolFile($0) { updating($0, ["extends"], to: "nosuch") } },
            fragments: ["{tmp}/bad.json", "extends", "'nosuch'", "expected one of allumera-blue"]),
        BadInput(
            testDescription: "protocol file that is not JSON",
            arguments: { ["--protocol", try writeText("{\"format_version\": 1,", named: "broken.json", in: $0).path] },
            fragments: ["{tmp}/broken.json", "not valid JSON", "expected a pdtsim model file"]),
        BadInput(
            testDescription: "protocol file that does not exist",
            arguments: { ["--protocol", $0.appendingPathComponent("nowhere.json").path] },
            fragments: ["{tmp}/nowhere.json", "no such file", "expected a pdtsim model file"]),
        BadInput(
            testDescription: "extends cycle between two protocol files",
            arguments: { try cyclicModels($0) + ["--protocol", "cyc-a"] },
            fragments: ["{tmp}/Models/protocols/cyc-", "extends", "cycle", "expected a chain"]),
        BadInput(
            testDescription: "extends cycle between two skin presets",
            arguments: { try cyclicModels($0) + ["--set", "skin=loop-a"] },
            fragments: ["{tmp}/Models/skins/loop-", "extends", "cycle", "expected a chain"]),
        BadInput(
            testDescription: "missing reference data file",
            arguments: {
                let models = try copyModels(to: $0)
                try FileManager.default.removeItem(at: models.appendingPathComponent("data/ppix_absorption.csv"))
                return ["--models", models.path]
            },
            fragments: [
                "{tmp}/Models/data/ppix_absorption.csv", "no such file",
                "expected a CSV table with header 'wavelength_nm,molar_extinction_per_M_per_cm'",
            ]),
        BadInput(
            testDescription: "model folder that does not exist",
            arguments: { ["--models", $0.appendingPathComponent("no-models").path] },
            fragments: ["{tmp}/no-models", "not a pdtsim model folder", "expected a directory holding protocols/"]),
        BadInput(
            testDescription: "tabulated light whose table does not exist",
            arguments: { try protocolFile($0) { updating($0, ["light"], to: tabulatedLight("missing-table.csv")) } },
            fragments: [
                "{tmp}/missing-table.csv", "no such file",
                "expected a CSV table with header 'wavelength_nm,relative_power'",
            ]),
        BadInput(
            testDescription: "tabulated light whose table has a bad header",
            arguments: {
                try writeText("wl,power\n400,1\n430,1\n", named: "bad-header.csv", in: $0)
                return try protocolFile($0) { updating($0, ["light"], to: tabulatedLight("bad-header.csv")) }
            },
            fragments: ["{tmp}/bad-header.csv", "line 1", "'wl,power'", "expected 'wavelength_nm,relative_power'"]),

        BadInput(
            testDescription: "a section file given as the protocol",
            arguments: { _ in ["--protocol", Repository.models.appendingPathComponent("lights/blue-417.json").path] },
            fragments: ["Models/lights/blue-417.json: kind", "\"light\"", "expected \"protocol\""]),

        // Presets and --set.
        BadInput(
            testDescription: "unknown protocol preset",
            arguments: { _ in ["--protocol", "nosuch"] },
            fragments: ["--protocol", "'nosuch'", "expected one of allumera-blue"]),
        BadInput(
            testDescription: "unknown skin preset in --set",
            arguments: { _ in ["--set", "skin=fitzpatrick-9"] },
            fragments: ["--set skin", "'fitzpatrick-9'", "expected one of fitzpatrick-1-2"]),
        BadInput(
            testDescription: "negative duration in --set",
            arguments: { _ in ["--set", "light.duration_s=-5"] },
            fragments: ["--set light.duration_s", "-5", "expected a number in s between 1 and 14400"]),
        BadInput(
            testDescription: "NaN in --set",
            arguments: { _ in ["--set", "light.center_nm=nan"] },
            fragments: ["--set light.center_nm", "nan", "not finite", "expected a number in nm between 200 and 1200"]),
        BadInput(
            testDescription: "infinity in --set",
            arguments: { _ in ["--set", "light.center_nm=inf"] },
            fragments: ["--set light.center_nm", "inf", "not finite", "expected a number in nm between 200 and 1200"]),
        BadInput(
            testDescription: "text for a number in --set",
            arguments: { _ in ["--set", "light.center_nm=abc"] },
            fragments: [
                "--set light.center_nm", "'abc' is not a number", "expected a number in nm between 200 and 1200",
            ]),
        BadInput(
            testDescription: "fraction for a whole number in --set",
            arguments: { _ in ["--set", "schedule.initial_sessions=2.5"] },
            fragments: ["--set schedule.initial_sessions", "2.5", "expected a whole number"]),
        BadInput(
            testDescription: "unknown section in --set",
            arguments: { _ in ["--set", "foo.bar=1"] },
            fragments: ["--set foo.bar", "unknown section 'foo'", "expected KEY as SECTION.PARAMETER"]),
        BadInput(
            testDescription: "unknown key in --set",
            arguments: { _ in ["--set", "light.centre_nm=633"] },
            fragments: [
                "--set light.centre_nm", "'centre_nm'", "did you mean 'center_nm'?", "expected one of light.spectrum",
            ]),
        BadInput(
            testDescription: "--set without =",
            arguments: { _ in ["--set", "foo"] },
            fragments: ["--set foo", "expected KEY=VALUE"]),
        BadInput(
            testDescription: "sebaceous band above the epidermis",
            arguments: { _ in ["--set", "skin.sebaceous_top_cm=0.005"] },
            fragments: ["--set", "skin.sebaceous_top_cm", "0.005 cm", "expected 0 < d_epi < z_top < z_bottom"]),
        BadInput(
            testDescription: "sebaceous band below the grid",
            arguments: { _ in ["--set", "skin.sebaceous_bottom_cm=0.5"] },
            fragments: ["--set", "skin.sebaceous_bottom_cm", "0.5 cm", "grid.depth_cm = 0.3", "expected z_bottom ≤ L"]),
        BadInput(
            testDescription: "sessions closer than the after-care",
            arguments: { _ in ["--set", "schedule.spacing_days=1"] },
            fragments: ["--set", "schedule.spacing_days", "days 0 and 1", "after-care", "expected sessions at least"]),
        BadInput(
            testDescription: "explicit session days repeating a day",
            arguments: { _ in ["--set", "schedule.session_days=0,28,28"] },
            fragments: ["--set", "schedule.session_days", "day 28 follows day 28", "expected strictly increasing"]),
        BadInput(
            testDescription: "explicit session day on the horizon",
            arguments: { _ in ["--set", "schedule.session_days=0,28,365"] },
            fragments: [
                "--set", "schedule.session_days", "day 365", "horizon_days = 365", "expected every session day",
            ]),
        BadInput(
            testDescription: "evaluation day beyond the horizon in --set",
            arguments: { _ in ["--set", "readouts.evaluation_day=400"] },
            fragments: [
                "--set", "readouts.evaluation_day", "day 400", "horizon_days = 365",
                "expected an evaluation day ≤ horizon",
            ]),

        BadInput(
            testDescription: "light fractionation with only the light-on interval",
            arguments: { _ in ["--set", "light.fraction_on_s=20"] },
            fragments: ["--set", "light.fraction_on_s", "needs both fraction_on_s and fraction_off_s"]),

        BadInput(
            testDescription: "zero-width line outside the light bins",
            arguments: { _ in ["--set", "light.center_nm=1000", "--set", "light.fwhm_nm=0"] },
            fragments: ["light", "1000", "no power on 380–800 nm", "expected a center within that range"]),
        BadInput(
            testDescription: "band without power on the light bins",
            arguments: { _ in
                ["--set", "light.spectrum=band", "--set", "light.low_nm=900", "--set", "light.high_nm=1000"]
            },
            fragments: ["light", "no power on 380–800 nm", "expected some power there"]),

        // Every input in range or refused (issue 7, item 1).
        rangeCase("schedule.spacing_days", "1e308", "a whole number in d between 1 and 3650"),
        rangeCase("readouts.evaluation_day", "1e308", "a whole number in d between 0 and 3650"),
        rangeCase("schedule.maintenance_interval_days", "1e19", "a whole number in d between 0 and 3650"),
        rangeCase("schedule.session_days", "0,1e19", "each between 0 and 3650", shown: "1e+19"),
        rangeCase("light.fluence_J_per_cm2", "1e308", "a number in J/cm2 between 0.01 and 1000"),
        rangeCase("light.irradiance_mW_per_cm2", "5e-324", "a number in mW/cm2 between 0.01 and 1000"),
        rangeCase("light.irradiance_mW_per_cm2", "1e308", "a number in mW/cm2 between 0.01 and 1000"),
        rangeCase("cream.density_g_per_mL", "1e308", "a number in g/mL between 0.5 and 2"),
        rangeCase("response.tau_sebaceous_days", "5e-324", "a number in d between 0.1 and 3650"),
        rangeCase("grid.depth_cm", "1e308", "a number in cm between 0.05 and 1"),
        rangeCase("grid.cells", "1500", "a whole number (dimensionless) between 3 and 120"),
        rangeCase("solver.absolute_tolerance_uM", "0", "a number in uM between 1e-12 and 0.001"),
        rangeCase("readouts.target_percent", "101", "a number in % between 0 and 100"),
        rangeCase("readouts.target_percent", "-1", "a number in % between 0 and 100"),
        rangeCase("light.duration_s", "2592000", "a number in s between 1 and 14400"),
        BadInput(
            testDescription: "a gaussian with less than 1 % of its power on 380–800 nm",
            arguments: { _ in ["--set", "light.center_nm=200"] },
            fragments: [
                "--set: light.center_nm",
                "a gaussian at 200 nm with fwhm_nm = 30 nm has 0 % of its power on 380–800 nm",
                "expected at least 1 %",
            ]),
        BadInput(
            testDescription: "a gaussian just outside the bins whose tail holds less than 1 % of its power",
            arguments: { _ in ["--set", "light.center_nm=360", "--set", "light.fwhm_nm=10"] },
            fragments: ["--set: light.center_nm", "expected at least 1 %"]),
        BadInput(
            testDescription: "a session that lasts longer than the gap to the next one",
            arguments: {
                try protocolFile($0) {
                    updating($0, ["schedule", "parameters", "spacing_days", "value"], to: 3)
                } + [
                    "--set", "light.duration_s=14400", "--set", "session.incubation_s=14400", "--set",
                    "session.aftercare_h=72",
                ]
            },
            fragments: [
                "--set: light.duration_s", "sessions on days 0 and 3 are closer than a session lasts",
                "incubation 4 h + illumination 4 h + after-care 72 h", "expected sessions at least that far apart",
            ]),
        BadInput(
            testDescription: "a light-on time of more than a day from fluence / irradiance",
            arguments: { _ in ["--set", "light.irradiance_mW_per_cm2=0.01"] },
            fragments: [
                "--set: light.irradiance_mW_per_cm2", "the light is on for 1000000 s", "expected at most 14400 s (4 h)",
            ]),
        BadInput(
            testDescription: "light fractions that make more than 50 light-on intervals",
            arguments: { _ in ["--set", "light.fraction_on_s=1", "--set", "light.fraction_off_s=0"] },
            fragments: ["--set: light.fraction_on_s", "1000 light-on intervals", "expected at most 50"]),
        BadInput(
            testDescription: "a grid whose first cell is thinner than 0.1 µm",
            arguments: { _ in ["--set", "grid.cells=120", "--set", "grid.ratio=1.5"] },
            fragments: ["--set: grid.cells", "the first cell is", "expected a first cell ≥ 0.1 µm"]),
        BadInput(
            testDescription: "a horizon set before the last session blames --set schedule.horizon_days",
            arguments: { _ in ["--set", "schedule.horizon_days=30"] },
            fragments: [
                "--set: schedule.horizon_days", "a session falls on day 56", "horizon_days = 30",
                "expected every session day < horizon_days",
            ]),
        BadInput(
            testDescription: "a misspelt envelope key is unknown, with its suggestion",
            arguments: { try protocolFile($0) { renaming($0, ["format_version"], to: "ofrmat_version") } },
            fragments: ["{tmp}/bad.json: ofrmat_version", "unknown key", "did you mean 'format_version'?"]),
        BadInput(
            testDescription: "a 100 kB --set value is echoed cut to 60 characters",
            arguments: { _ in ["--set", "light.spectrum=" + String(repeating: "x", count: 100_000)] },
            fragments: [
                "--set light.spectrum", "'" + String(repeating: "x", count: 60) + "…'", "expected one of gaussian",
            ]),
        BadInput(
            testDescription: "a 2 MB string in a model file is echoed cut to 60 characters",
            arguments: {
                try protocolFile($0) {
                    updating(
                        $0, ["light"],
                        to: [
                            "preset": "blue-417",
                            "parameters": ["spectrum": parameter(String(repeating: "y", count: 2_000_000))],
                        ])
                }
            },
            fragments: [
                "{tmp}/bad.json: light.parameters.spectrum.value", "'" + String(repeating: "y", count: 60) + "…'",
                "expected one of gaussian",
            ]),
        BadInput(
            testDescription: "a section file of another kind",
            arguments: {
                try writeModelFile(
                    try readModelFile(Repository.models.appendingPathComponent("skins/fitzpatrick-1-2.json")),
                    named: "skin.json", in: $0)
                return ["--set", "light=./skin.json"]
            },
            fragments: ["{tmp}/skin.json: kind", "\"skin\"", "expected \"light\""]),
        BadInput(
            testDescription: "a format-1 response file holding a format-2 key",
            arguments: {
                let v1 = try readModelFile(
                    Repository.models.appendingPathComponent("responses/revitall-single-point.json"))
                try writeModelFile(
                    updating(v1, ["parameters", "drive_reduction_max"], to: parameter(0.5, unit: "1")),
                    named: "response.json", in: $0)
                return ["--set", "response=./response.json"]
            },
            fragments: [
                "{tmp}/response.json: parameters.drive_reduction_max",
                "is a key of response format_version 2, but the file declares format_version 1",
                "expected \"format_version\": 2 or only the keys of format_version 1",
            ]),
        BadInput(
            testDescription: "pore reductions r_I + r_S above 1",
            arguments: { _ in ["--set", "response.reduction_sebum_max=0.3"] },
            fragments: [
                "--set: response.reduction_sebum_max", "reduction_max + reduction_sebum_max = 0.8 + 0.3 exceeds 1",
                "expected a sum ≤ 1",
            ]),
        BadInput(
            testDescription: "a section file that does not exist",
            arguments: { _ in ["--set", "light=./nowhere.json"] },
            fragments: ["{tmp}/nowhere.json", "no such file"]),

        // Numerical failure.
        BadInput(
            testDescription: "integration that runs out of steps",
            status: ExitStatus.numericalFailure.rawValue,
            arguments: { _ in ["--set", "solver.max_steps=10"] },
            fragments: ["integration failed in session 1", "incubation", "too_many_steps"]),
    ]
}

@Suite("bad input: exact exit code, one clear error line, no output left behind")
struct BadInputTests {
    /// Runs `pdtsim simulate --out <tmp>/run …` and checks the exit code, the one-line message and
    /// that the temporary folder holds nothing but the fixtures it held before.
    @Test(arguments: BadFixtures.cases)
    func simulateRejects(_ input: BadInput) throws {
        try withTemporaryDirectory { directory in
            let extra = try input.arguments(directory)
            let before = allPaths(below: directory)
            let out = directory.appendingPathComponent("run")
            let result = try runPDTSim(["simulate", "--out", out.path] + extra, in: directory)

            #expect(result.status == input.status, "stderr: \(result.stderr)")
            #expect(result.stdout.isEmpty, "stdout: \(result.stdout)")
            expectOneErrorLine(result)
            #expect(result.stderr.count < 1000, "a message under 1000 characters: \(result.stderr.count)")
            for fragment in input.fragments {
                let expected = fragment.replacingOccurrences(of: "{tmp}", with: directory.path)
                #expect(result.stderr.contains(expected), "stderr lacks «\(expected)»: \(result.stderr)")
            }
            #expect(!FileManager.default.fileExists(atPath: out.path), "no output folder on failure")
            #expect(allPaths(below: directory) == before, "no partial, .tmp- or .old- file left behind")
        }
    }

    @Test(
        "usage errors exit 2 and write nothing",
        arguments: [
            (["simulate", "--bogus"], "--bogus"), (["simulate", "--protocol"], "--protocol"),
            (["simulate", "extra"], "extra"), (["validate"], "<FILE>"), (["frobnicate"], "frobnicate"),
            (["show", "--out", "x"], "--out"),
        ])
    func usage(_ arguments: [String], _ fragment: String) throws {
        try withTemporaryDirectory { directory in
            let out = directory.appendingPathComponent("run").path
            let full = arguments.first == "simulate" ? arguments + ["--out", out] : arguments
            let result = try runPDTSim(full, in: directory)
            #expect(result.status == ExitStatus.usage.rawValue, "stderr: \(result.stderr)")
            #expect(result.stderr.contains(fragment), "stderr: \(result.stderr)")
            #expect(result.stdout.isEmpty)
            #expect(allPaths(below: directory).isEmpty, "nothing written")
        }
    }

    @Test("--out below a regular file fails with 5 and leaves nothing behind")
    func outputUnderAFile() throws {
        try withTemporaryDirectory { directory in
            let blocker = try writeText("not a folder", named: "blocker", in: directory)
            let out = blocker.appendingPathComponent("sub/run")
            let result = try runPDTSim(["simulate", "--out", out.path], in: directory)
            #expect(result.status == ExitStatus.outputFailure.rawValue, "stderr: \(result.stderr)")
            #expect(result.stdout.isEmpty)
            expectOneErrorLine(result)
            #expect(result.stderr.contains("cannot write \(out.path)"))
            #expect(allPaths(below: directory) == ["blocker"], "no .tmp- or .old- sibling")
            #expect(try String(contentsOf: blocker, encoding: .utf8) == "not a folder")
        }
    }

    @Test("--out naming an existing regular file fails with 5 and leaves the file alone")
    func outputIsAFile() throws {
        try withTemporaryDirectory { directory in
            let existing = try writeText("keep me", named: "existing.txt", in: directory)
            let result = try runPDTSim(["simulate", "--out", existing.path], in: directory)
            #expect(result.status == ExitStatus.outputFailure.rawValue, "stderr: \(result.stderr)")
            #expect(result.stdout.isEmpty)
            expectOneErrorLine(result)
            #expect(result.stderr.contains("cannot write \(existing.path)"))
            #expect(result.stderr.contains("a file of that name exists; expected a directory path"))
            #expect(allPaths(below: directory) == ["existing.txt"], "no .tmp- or .old- sibling")
            #expect(try String(contentsOf: existing, encoding: .utf8) == "keep me")
        }
    }

    @Test("an output failure states the system's reason, not a Foundation error code")
    func outputFailureReason() throws {
        try withTemporaryDirectory { directory in
            let blocker = try writeText("not a folder", named: "blocker", in: directory)
            let out = blocker.appendingPathComponent("sub/run").path
            let result = try runPDTSim(["simulate", "--out", out], in: directory)
            #expect(result.status == ExitStatus.outputFailure.rawValue)
            #expect(!result.stderr.contains("NSCocoaErrorDomain"), "stderr: \(result.stderr)")
            #expect(result.stderr.lowercased().contains("not a directory"), "stderr: \(result.stderr)")
            #expect(result.stderr == "pdtsim: error: cannot write \(out): not a directory\n")
        }
    }

    @Test(
        "an output folder in a read-only folder fails with the system's reason and leaves nothing behind",
        .enabled(if: getuid() != 0, "root may write into any folder"))
    func outputInReadOnlyFolder() throws {
        try withTemporaryDirectory { directory in
            let locked = directory.appendingPathComponent("locked")
            try FileManager.default.createDirectory(at: locked, withIntermediateDirectories: true)
            try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: locked.path)
            defer { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: locked.path) }
            let out = locked.appendingPathComponent("run").path
            let result = try runPDTSim(["simulate", "--out", out], in: directory)
            #expect(result.status == ExitStatus.outputFailure.rawValue)
            #expect(result.stderr == "pdtsim: error: cannot write \(out): permission denied\n")
            #expect(listing(locked).isEmpty)
        }
    }

    @Test("--out with an empty path is refused and does not replace the working directory")
    func emptyOutputPath() throws {
        try withTemporaryDirectory { directory in
            let work = directory.appendingPathComponent("work")
            try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
            try writeText("precious", named: "notes.txt", in: work)
            let result = try runPDTSim(["simulate", "--quiet", "--out", ""], in: work)
            #expect(result.status != 0, "an empty --out must be rejected")
            #expect(result.status == ExitStatus.invalidInput.rawValue, "stderr: \(result.stderr)")
            #expect(result.stderr.contains("--out ''"), "stderr: \(result.stderr)")
            #expect(result.stderr.contains("an empty path is not a folder"), "stderr: \(result.stderr)")
            #expect(result.stdout.isEmpty)
            #expect(listing(work) == ["notes.txt"], "the working directory must be left alone")
            #expect(listing(directory) == ["work"], "no .tmp- or .old- sibling")
        }
    }

    @Test(
        "every command that must be told its folder refuses an empty --out with the one message (OutputFolderOption)",
        arguments: [
            ["calibrate", "calibration.json"], ["cohort"], ["optimize", "optimization.json"],
            ["sensitivity", "--method", "sobol"], ["transport", "--medium", "medium.json"],
        ])
    func emptyOutputFolder(command: [String]) throws {
        try withTemporaryDirectory { directory in
            let result = try runPDTSim(command + ["--out", ""], in: directory)
            #expect(result.status == ExitStatus.invalidInput.rawValue, "stderr: \(result.stderr)")
            #expect(
                result.stderr.contains("--out '': expected a directory path (DIR); an empty path is not a folder"),
                "stderr: \(result.stderr)")
            #expect(result.stdout.isEmpty)
            #expect(listing(directory).isEmpty, "nothing written")
        }
    }

    @Test(
        "--out naming the current folder, a folder above it or / is refused, even when it holds pdtsim's marker",
        arguments: [
            (".", "the current folder"), ("..", "a folder above the current one"),
            ("sub/../../..", "a folder above the current one"), ("/", "the root folder"),
        ])
    func currentFolderOrAncestor(_ out: String, _ which: String) throws {
        try withTemporaryDirectory { directory in
            let work = directory.appendingPathComponent("work")
            try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
            try writeText("precious", named: "notes.txt", in: work)
            try writeText("pdtsim 0.1.0\n", named: ".pdtsim-output", in: work)
            let result = try runPDTSim(["simulate", "--quiet", "--out", out], in: work)
            #expect(result.status == ExitStatus.outputFailure.rawValue, "stderr: \(result.stderr)")
            expectOneErrorLine(result)
            #expect(result.stderr.contains("cannot write \(out): it is \(which), "), "stderr: \(result.stderr)")
            #expect(result.stderr.contains("expected a folder of its own"), "stderr: \(result.stderr)")
            #expect(listing(work) == [".pdtsim-output", "notes.txt"], "the working directory must be left alone")
            #expect(listing(directory) == ["work"], "no .tmp- or .old- sibling")
        }
    }

    @Test("a spectrum without power names the key and where it was set")
    func spectrumErrorNamesKey() throws {
        try withTemporaryDirectory { directory in
            let result = try runPDTSim(
                [
                    "simulate", "--out", directory.appendingPathComponent("run").path, "--set", "light.center_nm=1000",
                    "--set", "light.fwhm_nm=0",
                ], in: directory)
            #expect(result.status == ExitStatus.invalidInput.rawValue)
            expectOneErrorLine(result)
            #expect(result.stderr.contains("--set"), "stderr: \(result.stderr)")
            #expect(result.stderr.contains("light.center_nm"), "stderr: \(result.stderr)")
            #expect(
                result.stderr
                    == "pdtsim: error: --set: light.center_nm: a zero-width line at 1000 nm has no power on 380–800 nm; expected a center within that range\n"
            )
            #expect(allPaths(below: directory).isEmpty, "nothing written")
        }
    }

    @Test("a spectrum without power in a model file names the file and the key")
    func spectrumErrorInFile() throws {
        try withTemporaryDirectory { directory in
            let cases: [(name: String, light: [String: Any], key: String, fragment: String)] = [
                (
                    "line.json",
                    [
                        "preset": "blue-417",
                        "parameters": ["center_nm": parameter(1000, unit: "nm"), "fwhm_nm": parameter(0, unit: "nm")],
                    ], "light.center_nm", "a zero-width line at 1000 nm has no power on 380–800 nm"
                ),
                (
                    "far.json", ["preset": "blue-417", "parameters": ["center_nm": parameter(1100, unit: "nm")]],
                    "light.center_nm", "a gaussian at 1100 nm with fwhm_nm = 30 nm has 0 % of its power on 380–800 nm"
                ),
                (
                    "band.json",
                    [
                        "parameters": [
                            "spectrum": parameter("band"), "low_nm": parameter(400.2, unit: "nm"),
                            "high_nm": parameter(400.8, unit: "nm"),
                            "irradiance_mW_per_cm2": parameter(10, unit: "mW/cm2"),
                            "fluence_J_per_cm2": parameter(10, unit: "J/cm2"),
                        ]
                    ], "light.low_nm", "the band 400.2–400.8 nm has no power on 380–800 nm"
                ),
            ]
            for item in cases {
                let arguments = try BadFixtures.protocolFile(directory, name: item.name) {
                    updating($0, ["light"], to: item.light)
                }
                let path = directory.appendingPathComponent(item.name).path
                let result = try runPDTSim(
                    ["simulate", "--out", directory.appendingPathComponent("run").path] + arguments, in: directory)
                #expect(result.status == ExitStatus.invalidInput.rawValue, "stderr: \(result.stderr)")
                expectOneErrorLine(result)
                #expect(result.stderr.contains("\(path): \(item.key): \(item.fragment)"), "stderr: \(result.stderr)")
                #expect(result.stderr.contains("expected"), "stderr: \(result.stderr)")
                let validation = try runPDTSim(["validate", path], in: directory)
                #expect(validation.status == ExitStatus.invalidInput.rawValue)
                #expect(validation.stderr == result.stderr, "validate and simulate agree")
            }
        }
    }

    @Test("a number beyond Double's range in a model file is reported as such, at its key")
    func hugeNumberInFile() throws {
        try withTemporaryDirectory { directory in
            let text = try String(contentsOf: Repository.allumeraBlue, encoding: .utf8)
                .replacingOccurrences(of: "\"value\": 3600", with: "\"value\": 1e400")
            let file = try writeText(text, named: "huge.json", in: directory)
            let result = try runPDTSim(
                ["simulate", "--out", directory.appendingPathComponent("run").path, "--protocol", file.path],
                in: directory)
            #expect(result.status == ExitStatus.invalidInput.rawValue)
            expectOneErrorLine(result)
            #expect(result.stderr.contains("session.parameters.incubation_s"), "stderr: \(result.stderr)")
            #expect(!result.stderr.contains("DecodingError"), "stderr: \(result.stderr)")
            #expect(!result.stderr.contains("Dictionary<String, Any>"), "stderr: \(result.stderr)")
            #expect(
                result.stderr
                    == "pdtsim: error: \(file.path): session.parameters.incubation_s.value: 1e400 is not finite; expected a number in s between 0 and 14400\n"
            )
        }
    }

    @Test("a number beyond Double's range in --set is reported as typed")
    func hugeNumberInSet() throws {
        try withTemporaryDirectory { directory in
            let result = try runPDTSim(
                ["simulate", "--out", directory.appendingPathComponent("run").path, "--set", "light.center_nm=1e400"],
                in: directory)
            #expect(result.status == ExitStatus.invalidInput.rawValue)
            #expect(
                result.stderr
                    == "pdtsim: error: --set light.center_nm: '1e400' is not finite; expected a number in nm between 200 and 1200\n"
            )
        }
    }

    @Test("a model file with a syntax error is reported at its line and column")
    func syntaxErrorPosition() throws {
        try withTemporaryDirectory { directory in
            let text = try String(contentsOf: Repository.allumeraBlue, encoding: .utf8)
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            let index = try #require(lines.firstIndex { $0.contains("\"value\": 3600") })
            var broken = lines
            broken[index] = broken[index].replacingOccurrences(of: "\"value\": 3600,", with: "\"value\": 3600")
            let file = try writeText(broken.joined(separator: "\n"), named: "syntax.json", in: directory)
            let result = try runPDTSim(
                ["simulate", "--out", directory.appendingPathComponent("run").path, "--protocol", file.path],
                in: directory)
            #expect(result.status == ExitStatus.invalidInput.rawValue)
            expectOneErrorLine(result)
            let next = lines[index + 1]
            let column = next.count - next.drop { $0 == " " }.count + 1
            #expect(
                result.stderr.contains(
                    "\(file.path): line \(index + 2), column \(column): expected ',' or '}' after an object member, found '\"'"
                ), "stderr: \(result.stderr)")
            #expect(result.stderr.contains("not valid JSON"), "stderr: \(result.stderr)")
        }
    }

    @Test("a model file that repeats a key is refused, naming the key and both places")
    func duplicateKeyInFile() throws {
        try withTemporaryDirectory { directory in
            let text = try String(contentsOf: Repository.allumeraBlue, encoding: .utf8)
                .replacingOccurrences(
                    of: "\"kind\": \"protocol\",", with: "\"kind\": \"protocol\", \"kind\": \"protocol\",")
            let file = try writeText(text, named: "twice.json", in: directory)
            let result = try runPDTSim(["validate", file.path], in: directory)
            #expect(result.status == ExitStatus.invalidInput.rawValue)
            expectOneErrorLine(result)
            #expect(result.stderr.contains("\(file.path): line "), "stderr: \(result.stderr)")
            #expect(
                result.stderr.contains("duplicate key 'kind' in the top-level object (first at line "),
                "stderr: \(result.stderr)")
            #expect(result.stderr.contains("expected each key once per object"), "stderr: \(result.stderr)")
        }
    }

    @Test("--out naming an existing folder that is not earlier pdtsim output leaves it alone")
    func foreignOutputFolder() throws {
        try withTemporaryDirectory { directory in
            let folder = directory.appendingPathComponent("documents")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try writeText("precious", named: "thesis.tex", in: folder)
            let result = try runPDTSim(["simulate", "--quiet", "--out", folder.path], in: directory)
            #expect(result.status == ExitStatus.outputFailure.rawValue, "stderr: \(result.stderr)")
            #expect(listing(folder) == ["thesis.tex"], "files pdtsim did not write must survive")
            #expect(listing(directory) == ["documents"], "no .tmp- or .old- sibling")
            expectOneErrorLine(result)
            #expect(
                result.stderr.contains(
                    "cannot write \(folder.path): \(folder.path) exists and is not pdtsim output; expected a new or empty folder, or one pdtsim wrote"
                ), "stderr: \(result.stderr)")
            #expect(result.stdout.isEmpty)
        }
    }

    @Test("--out naming an existing empty folder fills it")
    func emptyOutputFolder() throws {
        try withTemporaryDirectory { directory in
            let folder = directory.appendingPathComponent("empty")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let result = try runPDTSim(["simulate", "--quiet", "--out", folder.path], in: directory)
            #expect(result.status == 0, "stderr: \(result.stderr)")
            #expect(listing(folder) == outputFolderListing)
            #expect(listing(directory) == ["empty"], "no .tmp- or .old- sibling")
        }
    }

    @Test("in-process PDTSim.run returns the same exit codes")
    func inProcess() {
        #expect(PDTSim.run(["simulate", "--set", "light.center_nm=abc"]) == ExitStatus.invalidInput.rawValue)
        #expect(PDTSim.run(["simulate", "--protocol", "nosuch"]) == ExitStatus.invalidInput.rawValue)
        #expect(PDTSim.run(["show", "--no-such-flag"]) == ExitStatus.usage.rawValue)
    }
}

/// Standard error is exactly one line starting `pdtsim: error:`, with no crash report or backtrace.
func expectOneErrorLine(_ result: CommandResult, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(result.stderrLines.count == 1, "stderr: \(result.stderr)", sourceLocation: sourceLocation)
    #expect(result.stderr.hasPrefix("pdtsim: error: "), "stderr: \(result.stderr)", sourceLocation: sourceLocation)
    for marker in ["Fatal error", "Stack dump", "backtrace", "Thread 0", "Crashed"] {
        #expect(!result.stderr.contains(marker), "stderr: \(result.stderr)", sourceLocation: sourceLocation)
    }
}
