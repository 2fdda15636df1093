import Foundation
import PDTCore

/// `pdtsim benchmark`'s yardstick: the same protocol with its session phases integrated by SUNDIALS
/// CVODE (`CVODEIntegrator`: BDF orders 1–5, band LU, pdtsim's analytic Jacobian, the solver
/// settings' rtol, atol and initial step, restarted at every phase and light switch), timed,
/// counted and checked against the same msbdf reference in the same run, so that the ratio of the
/// two times is measured on whatever machine runs the benchmark.
extension Benchmark {
    /// CVODE, or nil: with --no-cvode, or after printing the one line saying why it did not load.
    func loadCVODE() -> CVODELibrary? {
        guard !noCvode else { return nil }
        do {
            return try CVODELibrary.load(path: cvodeLibrary ?? CVODELibrary.defaultPath)
        } catch {
            print("  CVODE: not measured: \(error)")
            return nil
        }
    }

    /// The CVODE block: time per session and the ratio to pdtsim's `median`, work per phase, with
    /// --instructions its instruction count, and its readouts' deviation from `reference`.
    func cvodeFigures(
        _ library: CVODELibrary, simulator: ProtocolSimulator, pdtsimMedian: Double, reference: ProtocolResult
    ) throws {
        print(
            "  CVODE \(library.version) (\(library.path)): BDF, band LU, pdtsim's analytic Jacobian, the same "
                + "rtol, atol, initial step and phases")
        let (result, times) = try Self.timedRuns(repeats) { try simulator.using(.cvode(library)).run() }
        let median = times[times.count / 2]
        let sessions = max(1, result.sessions.count)
        print("  " + Self.timeLine(times, sessions: sessions))
        let ratio = pdtsimMedian / median
        print(
            String(
                format: "  time pdtsim/CVODE %.2f: %@", ratio,
                ratio <= 1
                    ? String(format: "pdtsim %.2f× faster than CVODE", 1 / ratio)
                    : String(format: "CVODE %.2f× faster than pdtsim", ratio)))
        Self.printWork(result, sessions: sessions)
        if instructions {
            print("  " + Self.instructionLine(options: options, sessions: sessions, cvodeLibrary: library.path))
        }
        print(Self.deviationLine(result, reference))
    }
}
