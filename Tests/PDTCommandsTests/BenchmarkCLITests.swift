import Foundation
import PDTCore
import PDTModelFiles
import PDTNumerics
import PDTStudies
import Testing

@testable import PDTCommands

/// `pdtsim benchmark`'s protocol figures: per-session time and work per phase, and the instruction
/// count under valgrind.
@Suite struct BenchmarkCLITests {
    /// A one-session protocol on a coarse grid, so that a debug build runs it in a moment.
    static let quick = [
        "benchmark", "--no-sweep", "--repeats", "1", "--set", "grid.cells=12", "--set", "schedule.session_days=0",
    ]

    /// `quick` with the `rodas4` solver preset, whose work per attempt is fixed (one Jacobian, one
    /// factorisation, six solves), so the printed counts can be checked against each other exactly.
    static let quickRodas4 = quick + ["--set", "solver=rodas4"]

    @Test("the protocol figures: time per session, and work per session for every phase and the session")
    func perSessionWork() throws {
        let result = try runPDTSim(Self.quickRodas4, in: FileManager.default.temporaryDirectory)
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.contains("one protocol: median") && $0.hasSuffix("ms per session") })
        #expect(
            lines.contains {
                $0.contains("phase") && $0.contains("LU factorisations") && $0.contains("LU solves")
            })
        for phase in ["incubation", "illumination", "aftercare", "session"] {
            let row = try #require(lines.first { $0.hasPrefix("    \(phase) ") }, "a row for \(phase)")
            let values = row.split(separator: " ").dropFirst().compactMap { Double($0) }
            #expect(values.count == 6, "\(row)")
            // RODAS4: one Jacobian and one factorisation per attempt, six solves.
            #expect(
                values[3] == values[0] + values[1] && values[4] == values[3] && values[5] == 6 * values[4], "\(row)")
        }
        #expect(!result.stdout.contains("instructions"), "counted only with --instructions")
    }

    @Test("--instructions without valgrind on PATH says so and goes on")
    func instructionsWithoutValgrind() throws {
        let result = try runPDTSim(
            Self.quick + ["--instructions"], in: FileManager.default.temporaryDirectory,
            environment: ["PATH": "/nonexistent"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("instructions: valgrind not found on PATH; not counted"))
    }

    @Test("the instruction count is callgrind's summary line (totals: in older versions)")
    func callgrindSummary() {
        let file = "version: 1\ncreator: callgrind-3.19.0\nevents: Ir\nsummary: 123456789\nfn=(1) main\n"
        #expect(Benchmark.callgrindInstructions(file) == 123_456_789)
        #expect(Benchmark.callgrindInstructions("events: Ir\ntotals: 42 7\n") == 42)
        #expect(Benchmark.callgrindInstructions("events: Ir\n") == nil)
    }

    @Test("a work row divides every counter by the sessions")
    func workRow() {
        let statistics = ODEStatistics(
            acceptedSteps: 30, rejectedSteps: 3, rhsEvaluations: 180, jacobianEvaluations: 33, factorisations: 33,
            linearSolves: 198)
        let values = Benchmark.workRow(statistics, 3).split(separator: " ").compactMap { Double($0) }
        #expect(values == [10, 1, 60, 11, 11, 66])
    }

    /// Whether Debian's CVODE loads here (make system-deps installs it).
    static let cvodeLoads = (try? CVODELibrary.load()) != nil

    @Test(
        "CVODE runs the same protocol in the same run: its time, ratio, work table and readout deviation",
        .enabled(if: cvodeLoads, "libsundials_cvode.so.6 does not load (make system-deps installs it)"))
    func cvodeFigures() throws {
        let result = try runPDTSim(Self.quick, in: FileManager.default.temporaryDirectory)
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        let header = try #require(lines.firstIndex { $0.hasPrefix("  CVODE 6.") }, "\(result.stdout)")
        #expect(lines[header].contains("(libsundials_cvode.so.6): BDF, band LU, pdtsim's analytic Jacobian"))
        let after = lines[(header + 1)...]
        #expect(after.first?.hasPrefix("  one protocol: median") == true)
        let ratio = try #require(after.first { $0.hasPrefix("  time pdtsim/CVODE ") })
        #expect(ratio.contains("faster than"), "\(ratio)")
        let session = try #require(after.first { $0.hasPrefix("    session ") })
        let values = session.split(separator: " ").dropFirst().compactMap { Double($0) }
        #expect(values.count == 6 && values.allSatisfy { $0 >= 0 } && values[0] > 0 && values[4] > 0, "\(session)")
        let deviation = try #require(after.first { $0.contains("largest relative deviation") })
        let value = try #require(deviation.split(separator: " ").last.flatMap { Double($0) })
        #expect(value < 1e-4, "\(deviation)")
    }

    @Test("--cvode-library /nonexistent: one line says CVODE was not measured, the rest completes, exit 0")
    func cvodeMissing() throws {
        let result = try runPDTSim(
            Self.quick + ["--cvode-library", "/nonexistent"], in: FileManager.default.temporaryDirectory)
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        let cvode = lines.filter { $0.contains("CVODE") }
        #expect(cvode.count == 1, "\(cvode)")
        #expect(
            cvode.first?.hasPrefix("  CVODE: not measured: CVODE library /nonexistent did not load (") == true,
            "\(cvode)")
        #expect(
            cvode.first?.hasSuffix("install libsundials-cvode6 (make system-deps) or give --cvode-library PATH") == true
        )
        #expect(lines.contains { $0.contains("largest relative deviation") })
        #expect(result.stderr.isEmpty, "\(result.stderr)")
    }

    @Test("--no-cvode: no CVODE run and no line about it")
    func noCVODE() throws {
        let result = try runPDTSim(Self.quick + ["--no-cvode"], in: FileManager.default.temporaryDirectory)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!result.stdout.contains("CVODE"), "\(result.stdout)")
        #expect(result.stdout.components(separatedBy: "one protocol: median").count == 2)
    }
}
