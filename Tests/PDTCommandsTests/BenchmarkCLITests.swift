import Foundation
import PDTCore
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
}
