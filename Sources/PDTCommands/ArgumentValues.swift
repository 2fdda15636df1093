import ArgumentParser
import Foundation
import PDTCore
import PDTNumerics
import PDTStudies

/// The typed values of the ensemble commands' flags, each parsed once where ArgumentParser reads
/// it (`transform:`), with a message that says what was expected. Flags that take numbers parse
/// unconditionally, so that `--jobs -1` reaches the check instead of reading as a flag.
enum ArgumentValues {
    /// A thread count of `benchmark --jobs N …` (the counts to time): a whole number ≥ 1. The
    /// other commands' `--jobs` is `JobsOption`.
    static func jobs(_ text: String) throws -> Int {
        guard let count = Int(text.trimmingCharacters(in: .whitespaces)), count >= 1 else {
            throw ValidationError("expected a whole number ≥ 1 (worker threads)")
        }
        return count
    }

    /// `--shard I/N`.
    static func shard(_ text: String) throws -> EnsembleShard {
        do {
            return try EnsembleShard(text: text)
        } catch {
            throw ValidationError(error.problem)
        }
    }

    /// `--intervals DAYS,DAYS,…`: distinct whole numbers of days ≥ 0.
    static func intervals(_ text: String) throws -> [Int] {
        var days: [Int] = []
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            let day = item.trimmingCharacters(in: .whitespaces)
            guard let value = Int(day), value >= 0 else {
                throw ValidationError("'\(day.prefix(40))' is not a whole number of days ≥ 0")
            }
            days.append(value)
        }
        do {
            try MaintenanceStudy.check(intervals: days, location: "")
        } catch {
            throw ValidationError(error.problem)
        }
        return days
    }

    /// `--wavelengths SPEC`: a range start:stop:step or a comma list, in nm.
    static func wavelengths(_ text: String) throws -> [Double] {
        do {
            return try OpticsTable.wavelengths(text)
        } catch {
            throw ValidationError(error.problem)
        }
    }

    /// The active processors: the default of `--jobs`.
    static var defaultJobs: Int { ProcessInfo.processInfo.activeProcessorCount }
}

/// What the ensemble commands do when a signal stops them (see `Interruption`).
enum InterruptionReport {
    /// Ends the progress line, prints `message` (and the command that resumes, when given) to
    /// standard error, and returns the exit status 128 + signal.
    static func exit(
        _ interruption: Interrupted, display: ProgressDisplay, progress: EnsembleProgress?, message: String,
        resume: Bool
    ) -> ExitCode {
        display.finish(progress)
        var text = "pdtsim: \(interruption): \(message)\n"
        if resume { text += "continue with:\n  \(resumeCommand())\n" }
        FileHandle.standardError.write(Data(text.utf8))
        return ExitCode(interruption.exitStatus)
    }

    /// This invocation with `--resume` added (once), quoted for a POSIX shell.
    static func resumeCommand(arguments: [String] = CommandLine.arguments) -> String {
        var words = Array(arguments.dropFirst())
        if !words.contains("--resume") { words.append("--resume") }
        return (["pdtsim"] + words.map(quoted)).joined(separator: " ")
    }

    /// `word` as a shell word: unchanged when it holds only safe characters, else in single quotes.
    static func quoted(_ word: String) -> String {
        let safe = CharacterSet(
            charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./=:,+@%")
        if !word.isEmpty && word.unicodeScalars.allSatisfy({ safe.contains($0) }) { return word }
        return "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
