import Foundation
import Testing

@testable import PDTCommands
@testable import PDTCore
@testable import PDTNumerics
@testable import PDTStudies

/// Every command that writes a folder, end to end (issue 15, item 3): a rerun replaces pdtsim's own
/// files and keeps the user's, removes a file the earlier run wrote and this one does not, never
/// uses a user's `OUT.partial`, and is refused while another command holds the folder's lock.
@Suite("output folders: reruns, OUT.partial and the lock")
struct OutputFolderCLITests {
    static let commands = [
        "simulate", "transport", "calibrate", "optimize", "maintenance", "cohort", "sensitivity", "merge",
    ]
    static let fast = ["--set", "schedule.initial_sessions=1", "--set", "schedule.horizon_days=160"]
    static let coarse = ["--set", "grid.cells=30"]

    /// The arguments that make `command` write the folder `out` in `directory`, after writing the
    /// inputs it needs there (a calibration, an optimisation, the shards of a merge).
    static func arguments(_ command: String, in directory: URL) throws -> [String] {
        switch command {
        case "simulate":
            return ["simulate", "--out", "out", "--quiet"] + fast + coarse
        case "transport":
            return [
                "transport", "--medium", TransportCLITests.threeLayer, "--photons", "1000", "--seed", "5", "--quiet",
                "--out", "out",
            ]
        case "calibrate":
            let file = try CalibrateCLITests.writeCalibration(in: directory, rows: CalibrateCLITests.rows)
            return ["calibrate", file, "--synthesize", "1", "--quiet", "--out", "out"]
        case "optimize":
            let file = try writeText(
                OptimizeCLITests.problem(
                    constraint: #"{"quantity": {"session": "dose_epidermis_uM", "aggregate": "max"}, "upper": 300}"#),
                named: "tiny.json", in: directory)
            return ["optimize", file.path, "--jobs", "2", "--quiet", "--out", "out"]
        case "maintenance":
            return ["maintenance", "--intervals", "0,180", "--horizon", "300", "--quiet", "--out", "out"]
                + fast.prefix(2)
        case "cohort":
            return ["cohort", "--subjects", "2", "--seed", "7", "--quiet", "--out", "out"] + fast + coarse
        case "sensitivity":
            return ["sensitivity", "--method", "morris", "--samples", "2", "--seed", "3", "--quiet", "--out", "out"]
                + fast + coarse
        default:
            for i in 0..<2 {
                let shard = try runPDTSim(
                    ["cohort", "--subjects", "2", "--seed", "7", "--quiet", "--shard", "\(i)/2", "--out", "s\(i)"]
                        + fast + coarse, in: directory)
                try #require(shard.status == 0, "stderr: \(shard.stderr)")
            }
            return ["merge", "s0", "s1", "--quiet", "--out", "out"]
        }
    }

    /// The entries beside `out` that a publication may leave: staging, backups, the lock.
    static func leftovers(_ directory: URL) -> [String] {
        listing(directory).filter { $0.hasPrefix(".out.") || $0.hasPrefix("out.") }
    }

    @Test(
        "a rerun keeps the user's file, replaces pdtsim's files and removes the one it no longer writes",
        arguments: commands)
    func rerunKeepsUserFiles(command: String) throws {
        try withTemporaryDirectory { directory in
            let arguments = try Self.arguments(command, in: directory)
            let first = try runPDTSim(arguments, in: directory)
            try #require(first.status == 0, "stderr: \(first.stderr)")
            let out = directory.appendingPathComponent("out")
            let written = listing(out)
            #expect(written.contains(outputMarker))
            let marker = out.appendingPathComponent(outputMarker)
            var manifest = jsonObject(try Data(contentsOf: marker))
            #expect(manifest["command"] as? String == (command == "merge" ? "cohort" : command))
            let files = try #require(manifest["files"] as? [String])
            #expect(files.sorted() == written.filter { $0 != outputMarker })

            let figure = Data("my figure, not pdtsim's\n".utf8)
            try figure.write(to: out.appendingPathComponent("figure.png"))
            try Data("an earlier run's file\n".utf8).write(to: out.appendingPathComponent("stale.csv"))
            manifest["files"] = files + ["stale.csv"]
            try JSONSerialization.data(withJSONObject: manifest).write(to: marker)

            let second = try runPDTSim(arguments, in: directory)
            #expect(second.status == 0, "stderr: \(second.stderr)")
            #expect(try Data(contentsOf: out.appendingPathComponent("figure.png")) == figure)
            #expect(listing(out) == (written + ["figure.png"]).sorted(), "stale.csv is removed, the figure kept")
            #expect(jsonObject(try Data(contentsOf: marker))["files"] as? [String] == files)
            #expect(Self.leftovers(directory).isEmpty, "\(listing(directory))")
        }
    }

    @Test("a file named like one pdtsim writes but not listed in the marker is refused and kept")
    func unlistedFileOfTheSameName() throws {
        try withTemporaryDirectory { directory in
            let arguments = try Self.arguments("simulate", in: directory)
            try #require(try runPDTSim(arguments, in: directory).status == 0)
            let out = directory.appendingPathComponent("out")
            let marker = out.appendingPathComponent(outputMarker)
            var manifest = jsonObject(try Data(contentsOf: marker))
            manifest["files"] = (manifest["files"] as? [String] ?? []).filter { $0 != "depth.csv" }
            try JSONSerialization.data(withJSONObject: manifest).write(to: marker)
            let mine = Data("my own depth table\n".utf8)
            try mine.write(to: out.appendingPathComponent("depth.csv"))
            let before = try contents(out)
            let refused = try runPDTSim(arguments, in: directory)
            #expect(refused.status == 5)
            #expect(
                refused.stderr
                    == "pdtsim: error: cannot write out/depth.csv: the file exists and pdtsim did not write it (.pdtsim-output does not list it); move it away, or choose another --out\n"
            )
            #expect(try contents(out) == before, "every file as it was")
            #expect(Self.leftovers(directory).isEmpty, "\(listing(directory))")
        }
    }

    @Test("a user's OUT.partial is never used, moved, overwritten or removed", arguments: commands)
    func usersPartialFolder(command: String) throws {
        try withTemporaryDirectory { directory in
            let arguments = try Self.arguments(command, in: directory)
            let partial = directory.appendingPathComponent("out.partial")
            try FileManager.default.createDirectory(at: partial, withIntermediateDirectories: false)
            let notes = Data("my notes\n".utf8)
            try notes.write(to: partial.appendingPathComponent("notes.txt"))
            let result = try runPDTSim(arguments, in: directory)
            if command == "cohort" || command == "sensitivity" {
                #expect(result.status == 5)
                #expect(
                    result.stderr
                        == "pdtsim: error: cannot write out: out.partial exists and pdtsim did not make it (no .pdtsim-output in it); pdtsim works in DIR.partial, so move out.partial away or choose another --out\n"
                )
                #expect(!listing(directory).contains("out"))
            } else {
                #expect(result.status == 0, "stderr: \(result.stderr)")
            }
            #expect(listing(partial) == ["notes.txt"])
            #expect(try Data(contentsOf: partial.appendingPathComponent("notes.txt")) == notes)
        }
    }

    @Test("a folder locked by another command is refused with that command and its pid", arguments: commands)
    func lockNamesTheCommand(command: String) throws {
        try withTemporaryDirectory { directory in
            let arguments = try Self.arguments(command, in: directory)
            let holder = command == "calibrate" ? "optimize" : "calibrate"
            let lock = try OutputLock(output: directory.appendingPathComponent("out").path, command: holder)
            defer { lock.release() }
            let result = try runPDTSim(arguments, in: directory)
            #expect(result.status == 5)
            #expect(
                result.stderr
                    == "pdtsim: error: cannot write out: another pdtsim \(holder) is writing it (pid \(getpid())); wait for it to end\n"
            )
            #expect(!listing(directory).contains("out") && !listing(directory).contains("out.partial"))
        }
    }

    @Test("a file at OUT.lock that is not a pdtsim lock is refused and left as it is")
    func foreignLockFile() throws {
        try withTemporaryDirectory { directory in
            let text = Data("my lock notes\n".utf8)
            try text.write(to: directory.appendingPathComponent("out.lock"))
            let result = try runPDTSim(try Self.arguments("simulate", in: directory), in: directory)
            #expect(result.status == 5)
            #expect(
                result.stderr
                    == "pdtsim: error: cannot write out: out.lock exists and is not a pdtsim lock file; move it away, or choose another --out\n"
            )
            #expect(try Data(contentsOf: directory.appendingPathComponent("out.lock")) == text)
            #expect(listing(directory) == ["out.lock"])
        }
    }

    @Test("a publication killed half-way is undone by the next run: the earlier files come back whole")
    func interruptedPublication() throws {
        try withTemporaryDirectory { directory in
            let arguments = try Self.arguments("simulate", in: directory)
            try #require(try runPDTSim(arguments, in: directory).status == 0)
            let out = directory.appendingPathComponent("out")
            try Data("mine\n".utf8).write(to: out.appendingPathComponent("figure.png"))
            let earlier = try contents(out)
            // What a process killed after moving two of its files in leaves: the backup with the
            // two earlier files and the staging folder with the rest of the new ones.
            let dead = try OutputSafetyCLITests.deadPID()
            let staging = directory.appendingPathComponent(".out.tmp-\(dead)")
            let backup = directory.appendingPathComponent(".out.old-\(dead)")
            try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: false)
            try FileManager.default.createDirectory(at: backup, withIntermediateDirectories: false)
            var stagedManifest = OutputManifest(command: "simulate", state: .complete, files: outputFileNames)
            try stagedManifest.text.write(
                to: staging.appendingPathComponent(outputMarker), atomically: false, encoding: .utf8)
            for name in outputFileNames {
                try Data("new \(name)\n".utf8).write(to: staging.appendingPathComponent(name))
            }
            stagedManifest = OutputManifest(command: "simulate", state: .backup, files: outputFileNames)
            stagedManifest.staging = staging.path
            stagedManifest.newFiles = outputFileNames
            stagedManifest.markerInode = POSIXFile.identity(staging.appendingPathComponent(outputMarker).path)!.inode
            try stagedManifest.text.write(
                to: backup.appendingPathComponent(outputMarker), atomically: false, encoding: .utf8)
            for name in outputFileNames {
                try FileManager.default.moveItem(
                    at: out.appendingPathComponent(name), to: backup.appendingPathComponent(name))
            }
            for name in outputFileNames.prefix(2) {
                try FileManager.default.moveItem(
                    at: staging.appendingPathComponent(name), to: out.appendingPathComponent(name))
            }
            OutputFolder.recover(out.standardizedFileURL)
            #expect(try contents(out) == earlier, "the earlier run's files, whole, and the user's")
            #expect(!listing(directory).contains(backup.lastPathComponent))
            AtomicOutput.removeStaleStaging(of: out.standardizedFileURL)
            #expect(listing(directory) == ["out"], "the dead run's staging is removed with its files")
        }
    }
}
