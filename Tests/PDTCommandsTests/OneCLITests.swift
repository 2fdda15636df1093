import ArgumentParser
import Foundation
import PDTCore
import PDTModelFiles
import PDTNumerics
import PDTStudies
import Testing

@testable import PDTCommands

/// One CLI a person can guess (issue 15 item 7): a flag means the same thing on every command that
/// has it, and is declared once.
@Suite("One CLI: the same flag means the same thing everywhere")
struct OneCLITests {
    /// The commands that compute, each with the arguments that make it parse (the files exist, so
    /// only `--jobs` can be wrong).
    static let computing: [(String, [String])] = [
        ("simulate", []), ("sweep", ["--vary", "light.center_nm=405", "--out", "x.csv"]), ("maintenance", []),
        ("cohort", ["--out", "x"]), ("sensitivity", ["--method", "sobol", "--out", "x"]),
        ("calibrate", [Repository.models.path + "/calibrations/three-arms.json", "--out", "x"]),
        ("optimize", [Repository.models.path + "/optimizations/blue-light-dose.json", "--out", "x"]),
        ("transport", ["--medium", Repository.models.path + "/media/mcml-slab-matched.json", "--out", "x"]),
        ("optics", ["--out", "x.csv"]),
    ]

    /// Each subcommand's name and its --help at full width.
    static func helps() -> [String: String] {
        Dictionary(
            uniqueKeysWithValues: PDTSim.configuration.subcommands.map {
                ($0._commandName, PDTSim.helpMessage(for: $0, columns: 10_000))
            })
    }

    /// The help line of `flag` in `help` (the option's line under OPTIONS), spaces collapsed.
    static func helpLine(_ flag: String, in help: String) -> String? {
        help.split(separator: "\n").map { collapsingSpaces(String($0)) }.first { $0.hasPrefix("\(flag) ") }
    }

    @Test("--jobs on every command that computes, with one help line and one check (exit 3, pdtsim's message)")
    func jobsEverywhere() throws {
        let helps = Self.helps()
        let lines = Set(Self.computing.map { Self.helpLine("--jobs <N>", in: helps[$0.0] ?? "") })
        #expect(
            lines == ["--jobs <N> Worker threads (default: the active processors); the results are the same for any N."]
        )
        for (command, arguments) in Self.computing {
            try withTemporaryDirectory { directory in
                for value in ["0", "-2"] {
                    let result = try runPDTSim([command] + arguments + ["--jobs", value], in: directory)
                    #expect(result.status == ExitStatus.invalidInput.rawValue, "\(command): \(result.stderr)")
                    #expect(
                        result.stderr
                            == "pdtsim: error: --jobs \(value): expected a whole number ≥ 1 (worker threads)\n",
                        "\(command): \(result.stderr)")
                    #expect(listing(directory).isEmpty, "\(command) wrote nothing")
                }
            }
        }
    }

    @Test("--force and --resume exactly where a result can be replaced or resumed, each with one help line")
    func forceAndResume() {
        let helps = Self.helps()
        let forcing = Set(helps.filter { Self.helpLine("--force", in: $0.value) != nil }.keys)
        #expect(forcing == ["sweep", "cohort", "sensitivity", "optics", "merge"])
        let resuming = Set(helps.filter { Self.helpLine("--resume", in: $0.value) != nil }.keys)
        #expect(resuming == ["sweep", "cohort", "sensitivity"])
        #expect(Set(forcing.map { Self.helpLine("--force", in: helps[$0]!) }).count == 1)
        let resumeLines = resuming.map { Self.helpLine("--resume", in: helps[$0]!) ?? "" }
        #expect(
            resumeLines.allSatisfy { $0.hasPrefix("--resume Continue an interrupted run from its partial output") })
    }

    @Test("one Monte Carlo vocabulary: --target-rse, --photons (one default) and --seed in transport and optics")
    func monteCarloFlags() throws {
        let transport = try Transport.parse(["--medium", "m.json", "--out", "x"])
        let optics = try Optics.parse(["--out", "x.csv"])
        #expect(transport.precision.photonCount == MonteCarloPrecisionOptions.defaultPhotons)
        #expect(optics.precision.photonCount == MonteCarloPrecisionOptions.defaultPhotons)
        let helps = Self.helps()
        for flag in ["--photons <N>", "--target-rse <R>", "--seed <S>"] {
            let lines = ["transport", "optics"].map { Self.helpLine(flag, in: helps[$0] ?? "") }
            #expect(lines[0] != nil && lines[0] == lines[1], "\(flag): \(lines)")
        }
        try withTemporaryDirectory { directory in
            let old = try runPDTSim(["optics", "--mc-target-rse", "0.1", "--out", "x.csv"], in: directory)
            #expect(old.status == ExitStatus.usage.rawValue, "\(old.stderr)")
            for command in [["optics", "--out", "x.csv"], ["transport", "--medium", "m.json", "--out", "x"]] {
                let both = try runPDTSim(command + ["--photons", "10", "--target-rse", "0.1"], in: directory)
                #expect(both.status == ExitStatus.usage.rawValue)
                #expect(both.stderr.hasPrefix("pdtsim: error: --photons and --target-rse: expected one of them"))
            }
        }
    }

    @Test("transport without --photons launches the shared default")
    func transportDefaultPhotons() throws {
        try withTemporaryDirectory { directory in
            let medium = Repository.models.appendingPathComponent("media/mcml-slab-matched.json").path
            let result = try runPDTSim(["transport", "--medium", medium, "--quiet", "--out", "t"], in: directory)
            #expect(result.status == 0, "\(result.stderr)")
            let summary = jsonObject(try Data(contentsOf: directory.appendingPathComponent("t/summary.json")))
            #expect(jsonNumber(summary["photons"]) == Double(MonteCarloPrecisionOptions.defaultPhotons))
        }
    }

    @Test("simulate --jobs: the Monte Carlo skin table gives the same bytes on 1 and 2 threads")
    func simulateJobs() throws {
        try withTemporaryDirectory { directory in
            let arguments = [
                "--set", "skin.optics_model=monte_carlo", "--set", "skin.monte_carlo_photons=1000", "--set",
                "grid.cells=30", "--set", "schedule.initial_sessions=1", "--quiet",
            ]
            var outputs: [[String: Data]] = []
            for jobs in ["1", "2"] {
                let cache = directory.appendingPathComponent("cache-\(jobs)").path
                let out = directory.appendingPathComponent("run-\(jobs)")
                let result = try runPDTSim(
                    ["simulate", "--jobs", jobs, "--out", out.path] + arguments, in: directory,
                    environment: ["XDG_CACHE_HOME": cache])
                #expect(result.status == 0, "\(result.stderr)")
                #expect(!listing(URL(fileURLWithPath: cache).appendingPathComponent("pdtsim")).isEmpty, "computed")
                outputs.append(try contents(out))
            }
            #expect(!outputs[0].isEmpty && outputs[0] == outputs[1])
        }
    }

    @Test("shards are numbered from 0: the help says so, and I = N names the right form")
    func shardNumbering() throws {
        let helps = Self.helps()
        for command in ["sweep", "cohort", "sensitivity"] {
            let line = Self.helpLine("--shard <I/N>", in: helps[command] ?? "") ?? ""
            #expect(line.contains("Shards are numbered from 0"), "\(command): \(line)")
            #expect(line.contains("--shard 0/2 and --shard 1/2"), "\(command): \(line)")
        }
        #expect(helps["merge"]?.contains("Shards are numbered from 0") == true)
        try withTemporaryDirectory { directory in
            let result = try runPDTSim(["cohort", "--shard", "2/2", "--out", "c"], in: directory)
            #expect(result.status == ExitStatus.invalidInput.rawValue)
            #expect(result.stderr.contains("for the last one use --shard 1/2"), "\(result.stderr)")
            #expect(listing(directory).isEmpty)
        }
        #expect(throws: ModelError.self) { try EnsembleShard(text: "4/4") }
        do {
            _ = try EnsembleShard(text: "4/4")
        } catch {
            #expect(error.problem.contains("the 4 shards are 0/4 … 3/4: for the last one use --shard 3/4"))
        }
        #expect(try EnsembleShard(text: "1/2") == EnsembleShard(index: 1, count: 2))
    }

    @Test("help texts and the interruption message name what the rows are: subjects in cohort, runs in sensitivity")
    func rowNouns() {
        let helps = Self.helps()
        for (command, noun) in [("cohort", "subjects"), ("sensitivity", "runs")] {
            let help = helps[command] ?? ""
            #expect(!help.contains("point"), "\(command) --help says points")
            #expect(!help.lowercased().contains("sweep"), "\(command) --help says sweep")
            #expect(Self.helpLine("--shard <I/N>", in: help)?.contains("Run only the \(noun) ") == true)
        }
        #expect(Self.helpLine("--shard <I/N>", in: helps["sweep"] ?? "")?.contains("Run only the points ") == true)
        let progress = EnsembleProgress(done: 3, total: 12, resumed: 0, failed: 0, elapsedSeconds: 1)
        #expect(
            EnsembleCommand.keptMessage(progress, rows: CohortSubjects.rows, partialPath: "c.partial/")
                == "3 of 12 subjects are in c.partial/")
        #expect(
            EnsembleCommand.keptMessage(progress, rows: SensitivityRuns.rows, partialPath: "s.partial/")
                == "3 of 12 runs are in s.partial/")
        #expect(EnsembleCommand.keptMessage(nil, rows: "runs", partialPath: "s") == "nothing was written")
    }

    @Test("cohort and sensitivity share one declaration of --cohort, --protocol, --set, --seed")
    func cohortInputs() throws {
        let helps = Self.helps()
        for flag in ["--cohort <NAME|FILE>", "--protocol <NAME|FILE>", "--set <KEY=VALUE>", "--seed <S>"] {
            let lines = ["cohort", "sensitivity"].map { Self.helpLine(flag, in: helps[$0] ?? "") }
            #expect(lines[0] != nil && lines[0] == lines[1], "\(flag): \(lines)")
        }
        let cohort = try Cohort.parse(["--seed", "9", "--set", "grid.cells=30", "--out", "x"])
        let sensitivity = try Sensitivity.parse([
            "--method", "morris", "--seed", "9", "--set", "grid.cells=30", "--out", "x",
        ])
        #expect(cohort.inputs.seed == 9 && sensitivity.inputs.seed == 9)
        #expect(cohort.inputs.overrides == sensitivity.inputs.overrides)
        let library = try ModelLibrary(root: Repository.models.path)
        let inputs = try cohort.inputs.resolve(library)
        #expect(inputs.seed == 9 && inputs.definition.name == "facial-skin-population")
        #expect(inputs.base.name == inputs.definition.protocolName)
    }
}
