import Foundation
import Testing

@testable import PDTCore
@testable import PDTNumerics
@testable import PDTStudies

/// A seeded mutation campaign over the file kinds of issue 15 (cohort, calibration, measurement
/// CSV, optimisation and medium files), run through `pdtsim validate` as a user would: every run
/// ends within a time limit (no hang), with exit 0 and nothing on standard error or exit 3 and
/// exactly one `pdtsim: error:` line (no crash), and leaves every input file as it was.
@Suite("input-file fuzzing: no crash, no hang, one error line, inputs unchanged")
struct InputFileFuzzTests {
    /// The shipped files mutated, relative to `Models/` (a calibration with its measurement file).
    static let sources = [
        "cohorts/facial-skin-population.json", "calibrations/three-arms.json",
        "calibrations/three-arms-synthetic.csv", "optimizations/fewest-maintenance-sessions.json",
        "optimizations/blue-light-dose.json", "media/mcml-three-layer.json", "media/mcml-semi-infinite.json",
    ]

    static let numbers = ["0", "-1", "5e-324", "1e308", "-1e308", "1e19", "1e-9", "0.5", "1e400"]
    static let texts = [
        #""\u001b[2J\u0007""#, #""a\nb\tc""#, #""/dev/zero""#, #""fifo""#, #""""#,
        "\"" + String(repeating: "x", count: 300) + "\"",
    ]
    static let fields = ["1e308", "-1e308", "5e-324", "nan", "inf", "\u{1B}[31m", "\"q\"", "", "x", "1e-300"]

    /// One mutant of `text`: a number, a string or a CSV field replaced, a line duplicated or
    /// deleted, the text cut short, or its line ends turned into CRLF or CR.
    static func mutate(_ text: String, csv: Bool, _ random: inout SplitMix64) -> String {
        var lines = text.components(separatedBy: "\n")
        switch random.below(7) {
        case 0, 1:
            let pattern = csv ? #"(?<=,)[^,\n]*"# : (random.below(2) == 0 ? #"-?[0-9][0-9.eE+-]*"# : #""[^"\n]*""#)
            guard let regex = try? NSRegularExpression(pattern: pattern) else { return text }
            let matches = regex.matches(in: text, range: NSRange(text.startIndex..., in: text))
            guard !matches.isEmpty, let range = Range(matches[random.below(matches.count)].range, in: text) else {
                return text
            }
            let pool = csv ? fields : (text[range].hasPrefix("\"") ? texts : numbers)
            var copy = text
            copy.replaceSubrange(range, with: pool[random.below(pool.count)])
            return copy
        case 2:
            let i = random.below(lines.count)
            lines.insert(lines[i], at: i)
        case 3:
            lines.remove(at: random.below(lines.count))
        case 4:
            return String(text.prefix(random.below(text.count)))
        case 5:
            return lines.joined(separator: "\r\n")
        default:
            return lines.joined(separator: "\r")
        }
        return lines.joined(separator: "\n")
    }

    /// Runs pdtsim with `runPDTSim`, stopping it after `seconds`: nil when it had to be stopped.
    static func runBounded(_ arguments: [String], in directory: URL, seconds: Double) throws -> CommandResult? {
        let result = try runPDTSim(arguments, in: directory, timeout: seconds)
        return result.timedOut ? nil : result
    }

    /// The bytes of every file in `directory` but the logs.
    static func snapshot(_ directory: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: directory.path) where !name.hasSuffix(".log") {
            let url = directory.appendingPathComponent(name)
            guard POSIXFile.kind(url.path) == .regular else { continue }
            files[name] = try Data(contentsOf: url)
        }
        return files
    }

    /// Checks one run: within the time limit, exit 0 with a quiet stderr or exit 3 with exactly
    /// one error line, and the input files unchanged.
    static func check(_ arguments: [String], in directory: URL, label: String) throws {
        let before = try snapshot(directory)
        let result = try runBounded(arguments, in: directory, seconds: 60)
        guard let result else {
            Issue.record("\(label): still running after 60 s")
            return
        }
        #expect(result.status == 0 || result.status == 3, "\(label): exit \(result.status): \(result.stderr)")
        if result.status == 0 {
            #expect(result.stderr.isEmpty, "\(label): \(result.stderr)")
        } else {
            #expect(result.stderrLines.count == 1, "\(label): \(result.stderr)")
            #expect(result.stderr.hasPrefix("pdtsim: error: "), "\(label): \(result.stderr)")
            #expect(!result.stderr.contains("\u{1B}"), "\(label): a raw escape character in \(result.stderr)")
        }
        #expect(try snapshot(directory) == before, "\(label): an input file changed")
    }

    @Test("100 seeded mutants of cohort, calibration, measurement, optimisation and medium files")
    func seededCampaign() throws {
        var random = SplitMix64(state: 20_261_207)
        try withTemporaryDirectory { directory in
            for run in 0..<100 {
                let source = Self.sources[run % Self.sources.count]
                let folder = directory.appendingPathComponent("run-\(run)")
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                let original = try String(
                    contentsOf: Repository.models.appendingPathComponent(source), encoding: .utf8)
                let mutant = Self.mutate(original, csv: source.hasSuffix(".csv"), &random)
                let name = URL(fileURLWithPath: source).lastPathComponent
                try mutant.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
                if source.hasPrefix("calibrations/") {
                    for other in ["three-arms.json", "three-arms-synthetic.csv"] where other != name {
                        try FileManager.default.copyItem(
                            at: Repository.models.appendingPathComponent("calibrations/\(other)"),
                            to: folder.appendingPathComponent(other))
                    }
                }
                #expect(mkfifo(folder.appendingPathComponent("fifo").path, 0o600) == 0)
                let file = source.hasSuffix(".csv") ? "three-arms.json" : name
                try Self.check(
                    ["validate", "--models", Repository.models.path, file], in: folder, label: "run \(run) (\(source))")
            }
        }
    }

    @Test("special files named as a model file, a measurement file or a section file are refused at once")
    func specialFiles() throws {
        try withTemporaryDirectory { directory in
            #expect(mkfifo(directory.appendingPathComponent("fifo.json").path, 0o600) == 0)
            let calibration = try String(
                contentsOf: Repository.models.appendingPathComponent("calibrations/three-arms.json"), encoding: .utf8)
            for (name, target) in [("dev.json", "/dev/zero"), ("pipe.json", "fifo.json")] {
                try calibration.replacingOccurrences(of: "three-arms-synthetic.csv", with: target).write(
                    to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
            }
            let models = ["--models", Repository.models.path]
            try Self.check(["validate"] + models + ["fifo.json"], in: directory, label: "validate FIFO")
            try Self.check(["validate"] + models + ["/dev/zero"], in: directory, label: "validate /dev/zero")
            try Self.check(["validate"] + models + ["dev.json"], in: directory, label: "measurements /dev/zero")
            try Self.check(["validate"] + models + ["pipe.json"], in: directory, label: "measurements FIFO")
            try Self.check(
                ["simulate"] + models + ["--set", "cream=fifo.json", "--out", "o"], in: directory, label: "--set FIFO")
            try Self.check(
                ["simulate"] + models + ["--protocol", "/dev/urandom", "--out", "o"], in: directory,
                label: "--protocol /dev/urandom")
            try Self.check(["transport", "--medium", "fifo.json", "--out", "o"], in: directory, label: "--medium FIFO")
            #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("o").path))
            let result = try #require(
                try Self.runBounded(["validate"] + models + ["fifo.json"], in: directory, seconds: 60))
            #expect(
                result.stderr
                    == "pdtsim: error: fifo.json: is a named pipe (fifo), not a regular file; expected a pdtsim model file (.json)\n"
            )
        }
    }

    @Test("transport: a non-absorbing semi-infinite medium is refused up front with exit 3, naming the layer")
    func transportWorkIsRefusedUpFront() throws {
        try withTemporaryDirectory { directory in
            let medium = try String(
                contentsOf: Repository.models.appendingPathComponent("media/mcml-semi-infinite.json"), encoding: .utf8)
            let mutant = medium.replacingOccurrences(of: #""value": 10,"#, with: #""value": 0,"#)
            #expect(mutant != medium)
            try mutant.write(to: directory.appendingPathComponent("m.json"), atomically: true, encoding: .utf8)
            let result = try #require(
                try Self.runBounded(["transport", "--medium", "m.json", "--out", "o"], in: directory, seconds: 60))
            #expect(result.status == 3)
            #expect(
                result.stderr
                    == "pdtsim: error: m.json: parameters.layers[0]: a semi-infinite layer without absorption (mua_per_cm = 0) never ends a packet, above the bound of 2000000000 packet steps of one transport run; expected other mua_per_cm (more absorption), mus_per_cm, anisotropy_g or thickness_cm\n"
            )
        }
    }
}

extension SplitMix64 {
    /// A number in 0 ..< max(n, 1): the next output modulo the bound.
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(max(n, 1))) }
}
