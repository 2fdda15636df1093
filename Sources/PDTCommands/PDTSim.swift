import ArgumentParser
import Foundation
import PDTCore
import PDTNumerics
import PDTStudies

/// The `pdtsim` command.
public struct PDTSim: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "pdtsim",
        abstract:
            "Photodynamic light-dosing simulator: cream uptake, PpIX, light in skin, singlet oxygen, and the months-long response.",
        discussion: "Exit codes:\n\(ExitStatus.table)",
        version: "pdtsim \(SimulationReport.pdtsimVersion) (GSL \(GSL.version))",
        subcommands: [
            Simulate.self, Sweep.self, Cohort.self, Sensitivity.self, Merge.self, Maintenance.self, Optics.self,
            Transport.self, Calibrate.self, Optimize.self, Benchmark.self, Show.self, Validate.self, List.self,
            Serve.self,
        ],
        defaultSubcommand: nil)

    public init() {}

    /// Runs pdtsim with `arguments` (without the program name) and returns the exit code; prints
    /// results to standard output and one `pdtsim: error: …` line per failure to standard error.
    ///
    /// This is the one place where errors become exit codes (`ExitStatus`): the command line's
    /// structure (unknown flag, missing value or argument) is 2; a value that parses but is not
    /// acceptable (a number out of range, an unknown name, a model-file mistake) is 3; numerical
    /// failures 4; output failures 5.
    public static func run(_ arguments: [String]) -> Int32 {
        var command: ParsableCommand
        do {
            command = try parseAsRoot(arguments)
        } catch {
            return report(parserError: error, arguments: arguments)
        }
        do {
            try command.run()
            return ExitStatus.success.rawValue
        } catch let error as ModelError {
            return fail("\(error)", .invalidInput)
        } catch let error as InvalidArgument {
            return fail("\(error)", .invalidInput)
        } catch let error as ODESetupError {
            return fail("\(error)", .invalidInput)
        } catch let error as WorkLimitExceeded {
            return fail("\(error)", .invalidInput)
        } catch let error as TransportWorkLimitExceeded {
            return fail("\(error)", .invalidInput)
        } catch let error as OptimizationInfeasible {
            return fail("\(error)", .infeasible)
        } catch let error as OptimizationCheckFailed {
            return fail("\(error)", .checkFailed)
        } catch let error as NumericalFailure {
            return fail("\(error)", .numericalFailure)
        } catch let error as GSLStatus {
            return fail("\(error)", .numericalFailure)
        } catch let error as OutputError {
            return fail("\(error)", .outputFailure)
        } catch let error as SystemError {
            return fail("\(error)", .outputFailure)
        } catch let error as Interrupted {
            return fail("\(error)", exitCode: error.exitStatus)
        } catch let error as ExitCode {
            return error.rawValue
        } catch {
            // A command threw swift-argument-parser's own error (a `ValidationError` in run() is
            // usage, 2; `CleanExit` prints and succeeds) or something pdtsim does not expect: a bug.
            switch exitCode(for: error) {
            case .success:
                print(fullMessage(for: error))
                return ExitStatus.success.rawValue
            case .validationFailure: return fail(message(for: error) + usageHint(arguments), .usage)
            default: return fail(message(for: error), .internalError)
            }
        }
    }

    /// Maps an error that swift-argument-parser threw while parsing (or that a command's
    /// `validate()` threw, which the parser wraps) to pdtsim's exit codes and one message line.
    static func report(parserError error: Error, arguments: [String]) -> Int32 {
        let code = exitCode(for: error)
        let message = self.message(for: error)
        if code == .success {
            print(fullMessage(for: error))
            return ExitStatus.success.rawValue
        }
        if code == .validationFailure {
            // The parser's own wording: "The value 'x' is invalid for '--jobs <N>'…" is a value the
            // option does not accept (3); everything else (unknown or missing options, extra
            // arguments, a `ValidationError` from validate()) is the command line's structure (2).
            let status: ExitStatus = message.hasPrefix("The value '") ? .invalidInput : .usage
            return fail(message + usageHint(arguments), status)
        }
        // A command's validate() threw one of pdtsim's own errors (InvalidArgument, ModelError):
        // the parser reports it with exit code 1 and its description.
        return fail(message, code == .failure ? .invalidInput : .usage)
    }

    /// " (see 'pdtsim simulate --help')" for the subcommand named in `arguments`.
    static func usageHint(_ arguments: [String]) -> String {
        let names = configuration.subcommands.map { $0._commandName }
        let command = arguments.first(where: { names.contains($0) }).map { " \($0)" } ?? ""
        return " (see 'pdtsim\(command) --help')"
    }

    /// Writes `pdtsim: error: MESSAGE` on one line to standard error and returns `status`'s code.
    /// The message is folded onto one line and cut to `ErrorLine.maximumLength` characters.
    static func fail(_ message: String, _ status: ExitStatus) -> Int32 {
        fail(message, exitCode: status.rawValue)
    }

    /// `fail` with an exit code outside `ExitStatus`: 128 + signal after an interruption.
    static func fail(_ message: String, exitCode: Int32) -> Int32 {
        FileHandle.standardError.write(Data((ErrorLine.render(message) + "\n").utf8))
        return exitCode
    }
}
