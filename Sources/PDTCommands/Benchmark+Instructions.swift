import Foundation
import PDTCore
import PDTModelFiles
import PDTNumerics
import PDTStudies

/// `pdtsim benchmark --instructions`: the instructions one protocol run executes, counted by
/// valgrind's callgrind, a figure that (unlike a time) does not depend on the machine's load.
///
/// pdtsim runs itself again under `valgrind --tool=callgrind --toggle-collect=*countedProtocolRun*`
/// with the hidden flag `--instruction-count-child`: the child builds the protocol (model files,
/// optics) uncounted and runs it once inside `countedProtocolRun`, the only function whose
/// instructions (with everything it calls) callgrind collects. The count is callgrind's `summary`
/// line: instructions executed (Ir), for the whole protocol, then divided by its sessions (the
/// response model's share, a few per cent, included).
extension Benchmark {
    /// Runs the protocol once. Kept out of line so that its symbol exists for callgrind's
    /// `--toggle-collect`.
    @inline(never)
    static func countedProtocolRun(_ simulator: ProtocolSimulator) throws -> ProtocolResult {
        try simulator.run()
    }

    /// The child's work: build the protocol, run it once inside `countedProtocolRun`, with its
    /// sessions integrated by CVODE when `--cvode-library` is given.
    func runInstructionCountChild() throws {
        let library = try options.library.load()
        let treatment = try options.definition(library).resolve()
        var simulator = try ProtocolSimulator(treatment: treatment, data: try library.referenceData())
        if let cvodeLibrary { simulator = simulator.using(.cvode(try CVODELibrary.load(path: cvodeLibrary))) }
        _ = try Self.countedProtocolRun(simulator)
    }

    /// The line the benchmark prints for `--instructions`: the count per protocol and per session,
    /// or why there is none (valgrind not on PATH, or the child failed); with `cvodeLibrary`, of the
    /// run whose sessions CVODE from that library integrates.
    static func instructionLine(options: ProtocolOptions, sessions: Int, cvodeLibrary: String? = nil) -> String {
        guard let valgrind = LibraryOptions.executablePath("valgrind") else {
            return "instructions: valgrind not found on PATH; not counted"
        }
        guard let executable = Bundle.main.executablePath else {
            return "instructions: the path of this executable is unknown; not counted"
        }
        let output = FileManager.default.temporaryDirectory.appendingPathComponent(
            "pdtsim-callgrind-\(UUID().uuidString).out")
        defer { try? FileManager.default.removeItem(at: output) }
        var arguments = [
            "--tool=callgrind", "--callgrind-out-file=\(output.path)", "--toggle-collect=*countedProtocolRun*",
            executable, "benchmark", "--instruction-count-child", "--protocol", options.protocol,
        ]
        for override in options.overrides { arguments += ["--set", override] }
        if let models = options.library.models { arguments += ["--models", models] }
        if let cvodeLibrary { arguments += ["--cvode-library", cvodeLibrary] }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: valgrind)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return "instructions: cannot start \(valgrind): \(error.localizedDescription)"
        }
        process.waitUntilExit()
        guard process.terminationStatus == 0,
            let text = try? String(contentsOf: output, encoding: .utf8),
            let count = callgrindInstructions(text)
        else {
            return "instructions: valgrind exited with status \(process.terminationStatus) and no count"
        }
        return String(
            format: "instructions (valgrind --tool=callgrind, one run): %.1f M per protocol, %.1f M per session",
            Double(count) / 1e6, Double(count) / 1e6 / Double(max(1, sessions)))
    }

    /// The instructions executed (Ir) from a callgrind output file: its `summary:` line (or, in
    /// older versions, `totals:`), whose first number is Ir. nil when neither is present.
    static func callgrindInstructions(_ text: String) -> Int? {
        for prefix in ["summary:", "totals:"] {
            for line in text.split(separator: "\n") where line.hasPrefix(prefix) {
                let fields = line.dropFirst(prefix.count).split(separator: " ")
                if let first = fields.first, let value = Int(first) { return value }
            }
        }
        return nil
    }
}
