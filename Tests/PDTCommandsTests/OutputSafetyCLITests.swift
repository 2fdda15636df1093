import Foundation
import Testing

@testable import PDTCommands
@testable import PDTCore
@testable import PDTNumerics
@testable import PDTStudies

/// `--out` never destroys what pdtsim did not write (issue 7, item 2): refusals with their
/// messages and exit code 5 that leave every file as it was, `--force`, the lock between two runs,
/// and the signals that stop a sweep.
@Suite("--out safety, locks and signals")
struct OutputSafetyCLITests {
    static let oneWavelength = ["--vary", "light.center_nm=405"] + SweepCLI.shortProtocol + ["--quiet"]

    /// A pid that no longer exists: that of a child that has exited.
    static func deadPID() throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/true")
        try process.run()
        process.waitUntilExit()
        return process.processIdentifier
    }

    @Test(
        "sweep, optics and merge refuse an existing file pdtsim did not write; it stays byte-identical",
        arguments: ["sweep", "optics", "merge"])
    func foreignFile(command: String) throws {
        try withTemporaryDirectory { directory in
            let original = Data("my notes, not pdtsim's\n".utf8)
            let target = directory.appendingPathComponent("mine.csv")
            try original.write(to: target)
            let arguments: [String]
            switch command {
            case "sweep": arguments = ["sweep", "--out", "mine.csv"] + Self.oneWavelength
            case "optics": arguments = ["optics", "--out", "mine.csv", "--wavelengths", "417"]
            default:
                let part = try SweepCLI.run(Self.oneWavelength, in: directory, name: "part.csv")
                try #require(part.result.status == 0, "stderr: \(part.result.stderr)")
                arguments = ["merge", "part.csv", "--out", "mine.csv"]
            }
            let refused = try runPDTSim(arguments, in: directory)
            #expect(refused.status == 5, "stderr: \(refused.stderr)")
            #expect(
                refused.stderr.hasPrefix(
                    "pdtsim: error: cannot write mine.csv: the file exists and pdtsim did not write it"),
                "stderr: \(refused.stderr)")
            #expect(refused.stderr.contains("pass --force to replace it"))
            #expect(try Data(contentsOf: target) == original)
            #expect(!listing(directory).contains { $0.hasPrefix("mine.csv.") || $0.hasPrefix(".mine") })

            let forced = try runPDTSim(arguments + ["--force"], in: directory)
            #expect(forced.status == 0, "stderr: \(forced.stderr)")
            #expect(try Data(contentsOf: target) != original)
            #expect(OutputTarget.writtenByPDTSim(target.path), "the replacement has its sidecar")
            let again = try runPDTSim(arguments, in: directory)
            #expect(again.status == 0, "a file pdtsim wrote is replaced without --force: \(again.stderr)")
        }
    }

    @Test("a sidecar path holding a file pdtsim did not write is refused too")
    func foreignSidecar() throws {
        try withTemporaryDirectory { directory in
            let original = Data("{\"mine\": true}\n".utf8)
            let sidecar = directory.appendingPathComponent("sweep.csv.json")
            try original.write(to: sidecar)
            let run = try SweepCLI.run(Self.oneWavelength, in: directory)
            #expect(run.result.status == 5)
            #expect(run.result.stderr.contains("sweep.csv.json: the file exists and is not a pdtsim sidecar"))
            #expect(try Data(contentsOf: sidecar) == original)
            #expect(run.listing == ["sweep.csv.json"])
        }
    }

    @Test(
        "a fifo, a folder or a device at --out is refused even with --force", arguments: ["fifo", "folder", "device"])
    func nonRegular(kind: String) throws {
        try withTemporaryDirectory { directory in
            var out = directory.appendingPathComponent("target.csv").path
            switch kind {
            case "fifo": #expect(mkfifo(out, 0o644) == 0)
            case "folder": try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: false)
            default: out = "/dev/null"
            }
            for force in [[], ["--force"]] {
                let result = try runPDTSim(["sweep", "--out", out] + Self.oneWavelength + force, in: directory)
                #expect(result.status == 5, "stderr: \(result.stderr)")
                let expected =
                    kind == "folder"
                    ? "a folder of that name exists" : "not a regular file; pdtsim writes only regular files"
                #expect(result.stderr.contains(expected), "stderr: \(result.stderr)")
            }
            #expect(
                POSIXFile.kind(out)
                    == (kind == "folder"
                        ? .directory : .other(kind == "fifo" ? "a named pipe (fifo)" : "a character device")))
            #expect(listing(directory) == (kind == "device" ? [] : ["target.csv"]))
        }
    }

    @Test("merge refuses an --out that is one of its parts, by path or through a hard link")
    func mergeIntoAPart() throws {
        try withTemporaryDirectory { directory in
            for i in 0..<2 {
                let part = try SweepCLI.run(
                    SweepCLI.threeWavelengths + ["--shard", "\(i)/2", "--quiet"], in: directory, name: "part\(i).csv")
                try #require(part.result.status == 0, "stderr: \(part.result.stderr)")
            }
            let part0 = directory.appendingPathComponent("part0.csv")
            let before = try Data(contentsOf: part0)
            try FileManager.default.linkItem(at: part0, to: directory.appendingPathComponent("link.csv"))
            for out in ["part0.csv", "./part0.csv", "link.csv"] {
                let result = try runPDTSim(["merge", "part0.csv", "part1.csv", "--out", out, "--force"], in: directory)
                #expect(result.status == 5, "\(out): \(result.stderr)")
                #expect(result.stderr.contains("it is the input part0.csv"), "\(out): \(result.stderr)")
                #expect(try Data(contentsOf: part0) == before)
            }
        }
    }

    @Test(
        "sweep and optics refuse an --out that is their protocol file, even with --force",
        arguments: ["sweep", "optics"])
    func outputIsTheProtocol(command: String) throws {
        try withTemporaryDirectory { directory in
            let file = directory.appendingPathComponent("mine.json")
            try FileManager.default.copyItem(at: Repository.allumeraBlue, to: file)
            let before = try Data(contentsOf: file)
            let arguments =
                command == "sweep"
                ? ["sweep", "--protocol", "mine.json", "--out", "mine.json", "--force"] + Self.oneWavelength
                : ["optics", "--protocol", "mine.json", "--out", "mine.json", "--force", "--wavelengths", "417"]
            let result = try runPDTSim(arguments, in: directory)
            #expect(result.status == 5, "stderr: \(result.stderr)")
            #expect(result.stderr.contains("cannot write mine.json: it is the input"), "stderr: \(result.stderr)")
            #expect(try Data(contentsOf: file) == before)
        }
    }

    @Test("a second run on the same --out is refused while the first holds the lock, with or without --resume")
    func lock() throws {
        try withTemporaryDirectory { directory in
            let out = directory.appendingPathComponent("sweep.csv").path
            let lock = try OutputLock(output: out, command: "sweep")
            for resume in [[], ["--resume"]] {
                let run = try SweepCLI.run(Self.oneWavelength + resume, in: directory)
                #expect(run.result.status == 5, "stderr: \(run.result.stderr)")
                #expect(
                    run.result.stderr.contains(
                        "pdtsim: error: cannot write \(out): another pdtsim sweep is writing it (pid \(getpid())); wait for it to end"
                    ),
                    "stderr: \(run.result.stderr)")
                #expect(run.listing == ["sweep.csv.lock"])
            }
            lock.release()
            try "\(try Self.deadPID())\n".write(toFile: OutputLock.path(of: out), atomically: true, encoding: .utf8)
            let run = try SweepCLI.run(Self.oneWavelength, in: directory)
            #expect(run.result.status == 0, "a stale lock of a dead process is taken over: \(run.result.stderr)")
            #expect(run.listing == ["sweep.csv", "sweep.csv.json"], "the lock is removed at the end")
        }
    }

    @Test("staged files of dead processes are removed by the next write; those of live ones are kept")
    func staleStaging() throws {
        try withTemporaryDirectory { directory in
            let dead = try Self.deadPID()
            try Data("stale".utf8).write(to: directory.appendingPathComponent(".optics.csv.tmp-\(dead)"))
            let folder = directory.appendingPathComponent(".optics.csv.tmp-\(dead + 1_000_000)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false)
            let live = directory.appendingPathComponent(".optics.csv.tmp-\(getpid())")
            try Data("live".utf8).write(to: live)
            let result = try runPDTSim(["optics", "--out", "optics.csv", "--wavelengths", "417"], in: directory)
            #expect(result.status == 0, "stderr: \(result.stderr)")
            #expect(listing(directory) == [".optics.csv.tmp-\(getpid())", "optics.csv", "optics.csv.json"])
        }
    }

    @Test(
        "SIGINT, SIGTERM and SIGHUP stop a sweep with 130, 143, 129, keep the partial file and print the --resume command",
        arguments: [(SIGINT, 130), (SIGTERM, 143), (SIGHUP, 129)] as [(Int32, Int32)])
    func signals(signal: Int32, status: Int32) throws {
        try withTemporaryDirectory { directory in
            let errors = directory.appendingPathComponent("stderr.txt")
            _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
            let handle = try FileHandle(forWritingTo: errors)
            let process = Process()
            process.executableURL = PDTSimExecutable.url
            process.arguments =
                ["sweep", "--out", "cut.csv", "--jobs", "1", "--vary", "light.center_nm=400:700:30"]
                + SweepCLI.shortProtocol
            process.currentDirectoryURL = directory
            process.standardOutput = FileHandle.nullDevice
            process.standardError = handle
            try process.run()
            let partial = directory.appendingPathComponent("cut.csv.partial")
            let deadline = Date().addingTimeInterval(60)
            while process.isRunning && Date() < deadline {
                let rows = ((try? String(contentsOf: partial, encoding: .utf8)) ?? "").filter { $0 == "\n" }.count - 1
                if rows >= 1 { break }
                usleep(5000)
            }
            try #require(process.isRunning, "the sweep ended before it could be interrupted")
            kill(process.processIdentifier, signal)
            process.waitUntilExit()
            try handle.close()
            let stderr = try String(contentsOf: errors, encoding: .utf8)
            #expect(process.terminationReason == .exit && process.terminationStatus == status, "stderr: \(stderr)")
            #expect(stderr.contains("pdtsim: interrupted by \(Interruption.name(signal))"), "stderr: \(stderr)")
            #expect(stderr.contains("points are in cut.csv.partial"))
            #expect(stderr.contains("continue with:\n  pdtsim sweep --out cut.csv --jobs 1"))
            #expect(stderr.hasSuffix(" --resume\n"), "stderr: \(stderr)")
            #expect(
                listing(directory) == ["cut.csv.partial", "cut.csv.partial.json", "stderr.txt"],
                "the partial file kept, no lock or staging left")
            let text = try String(contentsOf: partial, encoding: .utf8)
            #expect(text.hasSuffix("\n"), "only whole rows")
        }
    }
}
