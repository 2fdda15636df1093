import Foundation
import PDTCore
import PDTModelFiles
import PDTNumerics
import PDTStudies
import Testing

@testable import PDTCommands

/// One error style and one exit code per class, as `pdtsim --help` documents: every failure is
/// one `pdtsim: error: …` line; 2 for the command line's structure, 3 for a value that is not
/// acceptable.
@Suite("CLI conventions: one error line, documented exit codes, default folders, completion")
struct CLIConventionTests {
    @Test(
        "the command line's structure (unknown flag, missing value or argument, extra argument) exits 2 with one line",
        arguments: [
            ["simulate", "--bogus"], ["simulate", "--protocol"], ["simulate", "extra"], ["validate"],
            ["frobnicate"], ["show", "--out", "x"],
        ])
    func structure(_ arguments: [String]) throws {
        try withTemporaryDirectory { directory in
            let result = try runPDTSim(arguments, in: directory)
            #expect(result.status == ExitStatus.usage.rawValue, "stderr: \(result.stderr)")
            #expect(result.stderr.hasPrefix("pdtsim: error: "), "stderr: \(result.stderr)")
            #expect(result.stderr.filter(\.isNewline).count == 1, "one line: \(result.stderr)")
            #expect(!result.stderr.contains("Error:"), "the parser's own prefix is replaced: \(result.stderr)")
            #expect(result.stderr.contains("--help"), "the line points at the command's help: \(result.stderr)")
        }
    }

    @Test(
        "a value that parses but is not acceptable exits 3 with one line naming it",
        arguments: [
            (["simulate", "--out", ""], "--out ''"), (["simulate", "--set", "light.center_nm=abc"], "'abc'"),
            (["simulate", "--protocol", "no-such-protocol"], "no-such-protocol"),
        ])
    func invalidValue(_ arguments: [String], _ fragment: String) throws {
        try withTemporaryDirectory { directory in
            let result = try runPDTSim(arguments, in: directory)
            #expect(result.status == ExitStatus.invalidInput.rawValue, "stderr: \(result.stderr)")
            #expect(result.stderr.hasPrefix("pdtsim: error: "), "stderr: \(result.stderr)")
            #expect(result.stderr.contains(fragment), "stderr: \(result.stderr)")
            #expect(result.stderr.filter(\.isNewline).count == 1, "one line: \(result.stderr)")
            #expect(listing(directory).isEmpty, "nothing written")
        }
    }

    @Test(
        "a negative number to a numeric flag is a value (exit 3, the flag named), not a missing value",
        arguments: [
            (["transport", "--medium", "media/mcml-slab-matched.json", "--jobs", "-1"], "--jobs -1: expected"),
            (["transport", "--medium", "media/mcml-slab-matched.json", "--photons", "-5"], "--photons -5: expected"),
            (["calibrate", "calibrations/three-arms.json", "--jobs", "-2"], "--jobs -2: expected"),
            (["optimize", "optimizations/blue-light-dose.json", "--points", "-1"], "--points -1: expected"),
            (["optics", "--photons", "-3"], "--photons -3: expected"),
        ])
    func negativeNumbers(_ arguments: [String], _ fragment: String) throws {
        try withTemporaryDirectory { directory in
            let models = Repository.models.path + "/"
            let full = arguments.map { $0.hasSuffix(".json") ? models + $0 : $0 } + ["--out", "x"]
            let result = try runPDTSim(full, in: directory)
            #expect(result.status == ExitStatus.invalidInput.rawValue, "stderr: \(result.stderr)")
            #expect(result.stderr.hasPrefix("pdtsim: error: \(fragment)"), "stderr: \(result.stderr)")
            #expect(listing(directory).isEmpty, "nothing written")
        }
    }

    @Test("a huge value is not echoed whole: the error line stays under 1,000 characters")
    func hugeValue() throws {
        try withTemporaryDirectory { directory in
            // One command-line argument may hold at most 128 KiB on Linux; a model file holds 2 MB.
            let long = String(repeating: "9x", count: 60_000)
            let flag = try runPDTSim(["show", "--set", "light.center_nm=\(long)"], in: directory)
            #expect(flag.status == ExitStatus.invalidInput.rawValue)
            #expect(flag.stderr.hasPrefix("pdtsim: error: "))
            #expect(flag.stderr.count <= ErrorLine.maximumLength + 1, "\(flag.stderr.count) characters")
            let huge = String(repeating: "9x", count: 1_000_000)
            let file = try writeText(
                "{\"format_version\": \"\(huge)\", \"kind\": \"light\"}", named: "huge.json", in: directory)
            let model = try runPDTSim(["validate", file.path], in: directory)
            #expect(model.status == ExitStatus.invalidInput.rawValue)
            #expect(model.stderr.hasPrefix("pdtsim: error: "))
            #expect(model.stderr.count <= ErrorLine.maximumLength + 1, "\(model.stderr.count) characters")
        }
    }

    @Test("error lines: the parser's prefix is replaced, lines are folded, the middle of a long one is cut")
    func errorLine() {
        #expect(
            ErrorLine.render("Error: Missing value for '--protocol <NAME|FILE>'")
                == "pdtsim: error: Missing value for '--protocol <NAME|FILE>'")
        #expect(ErrorLine.render("first\n  second\n") == "pdtsim: error: first; second")
        let long = ErrorLine.render(String(repeating: "a", count: 5000) + "END")
        #expect(long.count == ErrorLine.maximumLength)
        #expect(long.hasPrefix("pdtsim: error: aaa") && long.hasSuffix("aaEND"))
        #expect("short".truncatedForMessage() == "short")
        #expect(String(repeating: "b", count: 200).truncatedForMessage(10) == "bbbbbbbbbb…")
    }

    @Test("the default output folder names the overrides, so runs with different --set never share a folder")
    func defaultFolderNames() {
        #expect(DefaultOutputFolder.path(protocol: "allumera-blue", overrides: []) == "out/allumera-blue")
        #expect(
            DefaultOutputFolder.path(protocol: "allumera-blue", overrides: ["light.center_nm=633"])
                == "out/allumera-blue+light.center_nm=633")
        #expect(
            DefaultOutputFolder.path(protocol: "allumera-blue", overrides: ["skin=fitzpatrick-5-6", "grid.cells = 80"])
                == "out/allumera-blue+skin=fitzpatrick-5-6,grid.cells=80")
        let long = (1...10).map { "light.center_nm=\(400 + $0)" }
        let a = DefaultOutputFolder.path(protocol: "p", overrides: long)
        let b = DefaultOutputFolder.path(protocol: "p", overrides: long.reversed())
        #expect(a != b, "another override order is another run folder")
        #expect(a.count <= "out/p+".count + DefaultOutputFolder.readableLength)
        let path = DefaultOutputFolder.path(protocol: "p", overrides: ["light=./my led.json"])
        #expect(
            !path.dropFirst(4).contains("/") && !path.contains(" "), "a path in an override stays one folder: \(path)")
        #expect(DefaultOutputFolder.fnv1a("") == "cbf29ce484222325", "FNV-1a 64 offset basis")
        #expect(DefaultOutputFolder.fnv1a("a") == "af63dc4c8601ec8c", "published FNV-1a 64 test vector")
    }

    @Test("simulate --set without --out writes out/PROTOCOL+OVERRIDES and leaves out/PROTOCOL alone")
    func defaultFolderOnDisk() throws {
        try withTemporaryDirectory { directory in
            let plain = try runPDTSim(["simulate", "--quiet", "--protocol", "allumera-red"], in: directory)
            #expect(plain.status == 0, "stderr: \(plain.stderr)")
            let before = try contents(directory.appendingPathComponent("out/allumera-red"))
            let changed = try runPDTSim(
                ["simulate", "--quiet", "--protocol", "allumera-red", "--set", "light.irradiance_mW_per_cm2=20"],
                in: directory)
            #expect(changed.status == 0, "stderr: \(changed.stderr)")
            let out = directory.appendingPathComponent("out")
            #expect(listing(out) == ["allumera-red", "allumera-red+light.irradiance_mW_per_cm2=20"])
            #expect(try contents(out.appendingPathComponent("allumera-red")) == before)
        }
    }

    @Test("--set completion offers keys, sections and, after SECTION=, that section's presets")
    func completion() throws {
        let library = try ModelLibrary(root: Repository.models.path)
        let keys = Completions.candidates(forAssignment: "light.cen", library: library)
        #expect(keys == ["light.center_nm="])
        let skins = Completions.candidates(forAssignment: "skin=fitz", library: library)
        #expect(skins == ["skin=fitzpatrick-1-2", "skin=fitzpatrick-3-4", "skin=fitzpatrick-5-6"])
        let all = Completions.candidates(forAssignment: "", library: nil)
        #expect(all.contains("skin=") && all.contains("grid.cells="))
        #expect(Completions.candidates(forAssignment: "nosuch=", library: library).isEmpty)
        let steppers = Completions.candidates(forAssignment: "solver.stepper=rod", library: nil)
        #expect(steppers == ["solver.stepper=rodas3", "solver.stepper=rodas4"])
    }
}
