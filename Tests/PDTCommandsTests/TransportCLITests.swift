import Foundation
import PDTStudies
import Testing

/// `pdtsim transport`: the output folder, reproducibility across --jobs, and bad input.
@Suite("pdtsim transport")
struct TransportCLITests {
    static let threeLayer = Repository.models.appendingPathComponent("media/mcml-three-layer.json").path

    /// A one-layer medium file's text with `layer` as the layer's JSON members (after the defaults).
    static func mediumText(layer: String = "", extra: String = "", kind: String = "medium") -> String {
        """
        {
          "format_version": 1, "kind": "\(kind)", "name": "test", "description": "a test medium",\(extra)
          "parameters": {
            "ambient_above_refractive_index": {"value": 1, "unit": "1", "source": "test"},
            "ambient_below_refractive_index": {"value": 1, "unit": "1", "source": "test"},
            "layers": [
              {
                "refractive_index": {"value": 1.4, "unit": "1", "source": "test"},
                "mus_per_cm": {"value": 100, "unit": "1/cm", "source": "test"},
                "anisotropy_g": {"value": 0.9, "unit": "1", "source": "test"}\(layer)
              }
            ]
          }
        }
        """
    }

    static let goodLayer = """
        ,
                "mua_per_cm": {"value": 1, "unit": "1/cm", "source": "test"},
                "thickness_cm": {"value": 0.1, "unit": "cm", "source": "test"}
        """

    func transport(_ arguments: [String], in directory: URL, name: String = "out") throws -> SimulationRun {
        let out = directory.appendingPathComponent(name)
        let result = try runPDTSim(["transport", "--out", out.path] + arguments, in: directory)
        return SimulationRun(result: result, listing: listing(out), files: try contents(out))
    }

    @Test("writes summary.json and fluence.csv with the marker; identical bytes for --jobs 1 and 3")
    func outputAndReproducibility() throws {
        try withTemporaryDirectory { directory in
            let arguments = ["--medium", Self.threeLayer, "--photons", "3000", "--seed", "5", "--quiet"]
            let one = try transport(arguments + ["--jobs", "1"], in: directory, name: "one")
            let three = try transport(arguments + ["--jobs", "3"], in: directory, name: "three")
            #expect(one.result.status == 0, "stderr: \(one.result.stderr)")
            #expect(one.result.stdout.isEmpty)
            #expect(one.listing == [".pdtsim-output", "fluence.csv", "summary.json"])
            #expect(one.files["summary.json"] == three.files["summary.json"])
            #expect(one.files["fluence.csv"] == three.files["fluence.csv"])
            let summary = one.summary
            for key in ["specular_reflectance", "diffuse_reflectance", "transmittance", "absorbed_fraction"] {
                #expect(jsonNumber(summary[key]) != nil, "\(key)")
                #expect(jsonNumber(summary["\(key)_standard_error"]) != nil, "\(key)_standard_error")
            }
            #expect((summary["absorbed_fraction_by_layer"] as? [Any])?.count == 3)
            #expect((summary["absorbed_fraction_by_layer_standard_error"] as? [Any])?.count == 3)
            #expect(jsonNumber(summary["photons"]) == 3000)
            #expect(jsonNumber(summary["seed"]) == 5)
            #expect((summary["versions"] as? [String: Any])?["pdtsim"] is String)
            #expect(abs((jsonNumber(summary["specular_reflectance"]) ?? 0) - 0.02437) < 1e-5)
            let csv = one.csv("fluence.csv")
            #expect(csv.headerLine == "depth_cm,fluence_per_incident,standard_error")
            #expect(csv.rows.count == 100)
            let firstDepth: Double = Double(csv.rows[0][0]) ?? 0
            #expect(abs(firstDepth - 0.002) < 1e-12)
        }
    }

    @Test("prints a summary line; a target RSE is met and recorded; bins from --bin-cm")
    func summaryLineAndTarget() throws {
        try withTemporaryDirectory { directory in
            let run = try transport(
                ["--medium", Self.threeLayer, "--target-rse", "0.05", "--bin-cm", "0.05"], in: directory)
            #expect(run.result.status == 0, "stderr: \(run.result.stderr)")
            #expect(run.result.stdout.contains("photons; R_sp 0.02437, Rd "))
            #expect(jsonNumber(run.summary["target_relative_standard_error"]) == 0.05)
            let rd = jsonNumber(run.summary["diffuse_reflectance"]) ?? 0
            let se = jsonNumber(run.summary["diffuse_reflectance_standard_error"]) ?? 1
            #expect(se / rd <= 0.05)
            #expect(run.csv("fluence.csv").rows.count == 8)
        }
    }

    @Test("refuses a folder pdtsim did not write and leaves it as it was")
    func refusesForeignFolder() throws {
        try withTemporaryDirectory { directory in
            let out = directory.appendingPathComponent("out")
            try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
            try Data("keep".utf8).write(to: out.appendingPathComponent("notes.txt"))
            let run = try transport(["--medium", Self.threeLayer, "--photons", "10"], in: directory)
            #expect(run.result.status == 5)
            #expect(run.result.stderr.contains("is not pdtsim output"))
            #expect(run.listing == ["notes.txt"])
        }
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var testDescription: String
        var text: String?
        var arguments: [String] = []
        var status: Int32 = 3
        var fragments: [String]
    }

    static let cases: [Case] = [
        Case(
            testDescription: "misspelt layer key",
            text: mediumText(layer: goodLayer.replacingOccurrences(of: "mua_per_cm", with: "mua_percm")),
            fragments: ["parameters.layers[0].mua_percm", "did you mean 'mua_per_cm'"]),
        Case(
            testDescription: "g = 1",
            text: mediumText(layer: goodLayer).replacingOccurrences(of: "\"value\": 0.9", with: "\"value\": 1"),
            fragments: ["parameters.layers[0].anisotropy_g.value", "1 is not valid", "> -1 and < 1"]),
        Case(
            testDescription: "n = 0.5",
            text: mediumText(layer: goodLayer).replacingOccurrences(of: "\"value\": 1.4", with: "\"value\": 0.5"),
            fragments: ["layers[0].refractive_index.value", "0.5 is not valid", "between 1 and 3"]),
        Case(
            testDescription: "negative thickness",
            text: mediumText(layer: goodLayer).replacingOccurrences(of: "\"value\": 0.1", with: "\"value\": -0.1"),
            fragments: ["layers[0].thickness_cm.value", "-0.1 is not valid", "> 0"]),
        Case(
            testDescription: "μa missing",
            text: mediumText(layer: ""), fragments: ["layers[0].mua_per_cm", "is missing", "absorption coefficient"]),
        Case(
            testDescription: "μa + μs = 0",
            text: mediumText(
                layer: goodLayer.replacingOccurrences(of: "\"value\": 1,", with: "\"value\": 0,")
            ).replacingOccurrences(of: "\"value\": 100", with: "\"value\": 0"),
            fragments: ["parameters.layers[0]", "mua_per_cm + mus_per_cm is 0"]),
        Case(
            testDescription: "wrong unit",
            text: mediumText(layer: goodLayer.replacingOccurrences(of: "\"1/cm\"", with: "\"1/mm\"")),
            fragments: ["layers[0].mua_per_cm.unit", "'1/mm' is the wrong unit; expected '1/cm'"]),
        Case(
            testDescription: "unknown top-level key",
            text: mediumText(layer: goodLayer, extra: " \"extends\": \"x\","),
            fragments: ["test.json: extends", "unknown key"]),
        Case(
            testDescription: "another kind",
            text: mediumText(layer: goodLayer, kind: "skin"), fragments: ["test.json: kind", "expected \"medium\""]),
        Case(
            testDescription: "JSON syntax error", text: "{\n  \"format_version\": 1,,\n}",
            fragments: ["test.json: line 2, column"]),
        Case(
            testDescription: "missing file", text: nil, arguments: ["--medium", "absent.json"],
            fragments: ["absent.json", "cannot read the medium file"]),
        Case(
            testDescription: "--photons 0", text: mediumText(layer: goodLayer), arguments: ["--photons", "0"],
            status: 3, fragments: ["--photons 0: expected a whole number ≥ 1"]),
        Case(
            testDescription: "--photons with --target-rse", text: mediumText(layer: goodLayer),
            arguments: ["--photons", "10", "--target-rse", "0.1"], status: 2,
            fragments: ["--photons and --target-rse"]),
        Case(
            testDescription: "--target-rse 2", text: mediumText(layer: goodLayer), arguments: ["--target-rse", "2"],
            status: 3, fragments: ["--target-rse 2: expected a number > 0 and < 1"]),
        Case(
            testDescription: "--bin-cm 0", text: mediumText(layer: goodLayer), arguments: ["--bin-cm", "0"],
            status: 3, fragments: ["--bin-cm 0: expected a finite number > 0"]),
    ]

    @Test("bad input: one clear line naming the file, key, value and expectation", arguments: cases)
    func badInput(_ c: Case) throws {
        try withTemporaryDirectory { directory in
            var arguments = c.arguments
            if let text = c.text {
                let file = directory.appendingPathComponent("test.json")
                try Data(text.utf8).write(to: file)
                if !arguments.contains("--medium") { arguments += ["--medium", file.path] }
            }
            let stop = arguments.contains("--photons") || arguments.contains("--target-rse") ? [] : ["--photons", "10"]
            let run = try transport(arguments + stop, in: directory)
            #expect(run.result.status == c.status, "stderr: \(run.result.stderr)")
            for fragment in c.fragments {
                #expect(run.result.stderr.contains(fragment), "stderr: \(run.result.stderr)")
            }
            #expect(run.listing.isEmpty)
        }
    }
}

/// `pdtsim optics --optics-model`: the Monte Carlo columns.
@Suite("pdtsim optics --optics-model")
struct OpticsModelCLITests {
    func optics(_ arguments: [String]) throws -> (result: CommandResult, csv: CSV) {
        try withTemporaryDirectory { directory in
            let result = try runPDTSim(
                ["optics", "--out", "optics.csv", "--depths-mm", "0.1"] + arguments, in: directory,
                environment: ["XDG_CACHE_HOME": directory.appendingPathComponent("cache").path])
            let text = (try? String(contentsOf: directory.appendingPathComponent("optics.csv"), encoding: .utf8)) ?? ""
            return (result, CSV(text: text))
        }
    }

    @Test("both: the diffusion columns, then _mc and _ratio_diffusion_to_mc; a node's value is its direct run")
    func both() throws {
        let common = ["--photons", "1500", "--seed", "3", "--jobs", "2", "--optics-model"]
        let run = try optics(common + ["both", "--wavelengths", "417:421:1", "--mc-step-nm", "4"])
        #expect(run.result.status == 0, "stderr: \(run.result.stderr)")
        #expect(
            run.csv.headerLine.hasSuffix(
                "melanin_transmission_epidermis,fluence_factor_surface_mc,fluence_factor_at_0.1mm_mc,"
                    + "fluence_factor_surface_ratio_diffusion_to_mc,fluence_factor_at_0.1mm_ratio_diffusion_to_mc"))
        #expect(run.csv.rows.count == 5)
        let direct = try optics(common + ["monte_carlo", "--wavelengths", "417", "--mc-step-nm", "0"])
        #expect(direct.result.status == 0, "stderr: \(direct.result.stderr)")
        #expect(direct.csv.header == run.csv.header.prefix(direct.csv.header.count).map { $0 })
        let mc = run.csv.numbers("fluence_factor_at_0.1mm_mc")
        #expect(mc.first == direct.csv.numbers("fluence_factor_at_0.1mm").first)
        let ratio = run.csv.numbers("fluence_factor_at_0.1mm_ratio_diffusion_to_mc")
        let diffusion = run.csv.numbers("fluence_factor_at_0.1mm")
        for k in mc.indices { #expect(abs(ratio[k] - diffusion[k] / mc[k]) <= 1e-12 * ratio[k]) }
    }

    @Test("--target-rse: adaptive nodes at a target RSE, recorded in the sidecar")
    func targetRSE() throws {
        try withTemporaryDirectory { directory in
            let run = try runPDTSim(
                [
                    "optics", "--optics-model", "monte_carlo", "--wavelengths", "415:418:1", "--depths-mm", "0.1",
                    "--target-rse", "0.2", "--no-cache", "--out", "t.csv",
                ], in: directory)
            #expect(run.status == 0, "stderr: \(run.stderr)")
            let sidecar = try String(contentsOf: directory.appendingPathComponent("t.csv.json"), encoding: .utf8)
            #expect(sidecar.contains("\"mc_target_rse\": 0.2") && sidecar.contains("\"mc_step_nm\": \"adaptive\""))
            #expect(!sidecar.contains("\"photons\""))
        }
    }

    @Test("bad Monte Carlo options are invalid values (exit 3) naming the flag")
    func badOptions() throws {
        for (arguments, fragment) in [
            (["--anisotropy-g", "1"], "--anisotropy-g 1: expected a number > −1 and < 1"),
            (["--photons", "0"], "--photons 0: expected a whole number ≥ 1"),
            (["--mc-step-nm", "-1"], "--mc-step-nm -1: expected a number ≥ 0"),
            (["--target-rse", "0"], "--target-rse 0: expected a number > 0 and < 1"),
            (["--optics-model", "exact"], "--optics-model"),
        ] {
            let run = try optics(arguments)
            #expect(run.result.status == 3, "stderr: \(run.result.stderr)")
            #expect(run.result.stderr.contains(fragment), "stderr: \(run.result.stderr)")
        }
    }

    @Test(
        "the Monte Carlo table is cached as one entry under $XDG_CACHE_HOME/pdtsim and reused; --no-cache stores none")
    func cache() throws {
        try withTemporaryDirectory { directory in
            let cache = directory.appendingPathComponent("cache")
            let arguments = [
                "optics", "--optics-model", "monte_carlo", "--wavelengths", "417,420", "--mc-step-nm", "0",
                "--photons", "1000", "--depths-mm", "0.1",
            ]
            let environment = ["XDG_CACHE_HOME": cache.path]
            let first = try runPDTSim(arguments + ["--out", "a.csv"], in: directory, environment: environment)
            #expect(first.status == 0, "stderr: \(first.stderr)")
            let entries = listing(cache.appendingPathComponent("pdtsim"))
            #expect(entries.count == 1 && entries.allSatisfy { $0.hasPrefix("mc-") && $0.hasSuffix(".txt") })
            let second = try runPDTSim(arguments + ["--out", "b.csv"], in: directory, environment: environment)
            #expect(second.status == 0)
            let a = try Data(contentsOf: directory.appendingPathComponent("a.csv"))
            #expect(a == (try Data(contentsOf: directory.appendingPathComponent("b.csv"))))
            let other = directory.appendingPathComponent("other")
            let third = try runPDTSim(
                arguments + ["--out", "c.csv", "--no-cache"], in: directory, environment: ["XDG_CACHE_HOME": other.path]
            )
            #expect(third.status == 0)
            #expect(!FileManager.default.fileExists(atPath: other.path))
            #expect(a == (try Data(contentsOf: directory.appendingPathComponent("c.csv"))))
        }
    }
}
