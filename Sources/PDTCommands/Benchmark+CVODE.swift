import Foundation
import PDTCore
import PDTNumerics

/// `pdtsim benchmark`'s yardstick: the same protocol with its session phases integrated by SUNDIALS
/// CVODE (`CVODEIntegrator`: BDF orders 1–5, band LU, pdtsim's analytic Jacobian, the solver
/// settings' rtol, atol and initial step, restarted at every phase and light switch), timed,
/// counted and checked against the same msbdf reference in the same run, so that the ratio of the
/// two times is measured on whatever machine runs the benchmark.
extension Benchmark {
    /// CVODE, or why it did not load; nil with --no-cvode.
    func loadCVODE() -> Result<CVODELibrary, CVODELibraryError>? {
        guard !noCvode else { return nil }
        return Result { () throws(CVODELibraryError) in
            try CVODELibrary.load(path: cvodeLibrary ?? CVODELibrary.defaultPath)
        }
    }

    /// The one line printed in place of the CVODE block when it did not load.
    static func cvodeMissingLine(_ error: CVODELibraryError) -> String { "  CVODE: not measured: \(error)" }

    /// The CVODE block for its `timed` runs (timed alternately with pdtsim's): time per session and
    /// the ratio to pdtsim's `median`, work per phase, with --instructions its instruction count,
    /// and its readouts' deviation from `reference`.
    func cvodeFigures(
        _ library: CVODELibrary, _ timed: (ProtocolResult, [Double]), pdtsimMedian: Double, reference: ProtocolResult
    ) {
        print(
            "  CVODE \(library.version) (\(library.path)): BDF, band LU, pdtsim's analytic Jacobian, the same "
                + "rtol, atol, initial step and phases")
        let (result, times) = timed
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
