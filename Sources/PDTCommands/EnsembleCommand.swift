import ArgumentParser
import Foundation
import PDTCore
import PDTNumerics
import PDTStudies

/// What the ensemble commands share around a run: the progress display, the interruption report
/// (exit 128 + signal with the command that resumes), and the list of failed rows (exit 6).
enum EnsembleCommand {
    /// Runs `body` under `Interruption.handling` with a progress display labelled `label` counting
    /// the run's `rows` (points, subjects, runs); an interruption reports how many of them are kept.
    static func run(
        label: String, rows: String, quiet: Bool, partialPath: String,
        _ body: ((EnsembleProgress) -> Void) throws -> EnsembleFileSummary
    ) throws -> EnsembleFileSummary {
        let display = ProgressDisplay(label: label, quiet: quiet, unit: rows)
        var last: EnsembleProgress?
        let summary: EnsembleFileSummary
        do {
            summary = try Interruption.handling {
                try body { progress in
                    last = progress
                    display.update(progress)
                }
            }
        } catch let interruption as Interrupted {
            throw InterruptionReport.exit(
                interruption, display: display, progress: last,
                message: keptMessage(last, rows: rows, partialPath: partialPath), resume: last != nil)
        } catch {
            display.finish(nil)
            throw error
        }
        display.finish(last)
        return summary
    }

    /// What an interrupted run kept: "D of T subjects are in PATH", or "nothing was written"
    /// before the first progress report.
    static func keptMessage(_ progress: EnsembleProgress?, rows: String, partialPath: String) -> String {
        progress.map { "\($0.done) of \($0.total) \(rows) are in \(partialPath)" } ?? "nothing was written"
    }

    /// Prints the failed rows (at most ten, each its index after `indexPrefix`, with its
    /// overrides) and exits with 6; returns when none failed.
    static func reportFailures(
        _ summary: EnsembleFileSummary, noun: String, indexPrefix: String = "", assignments: (Int) -> [String]
    ) throws {
        guard !summary.failures.isEmpty else { return }
        let shown = summary.failures.prefix(10).map { failure in
            "  \(indexPrefix)\(failure.index) (\(assignments(failure.index).joined(separator: ", "))): \(failure.message)"
        }
        let more = summary.failures.count > 10 ? ["  … and \(summary.failures.count - 10) more"] : []
        _ = PDTSim.fail(
            "\(summary.failures.count) of \(summary.points) \(noun) failed; their rows hold the return code in status:\n"
                + (shown + more).joined(separator: "\n"), .pointsFailed)
        throw ExitCode(ExitStatus.pointsFailed.rawValue)
    }
}
