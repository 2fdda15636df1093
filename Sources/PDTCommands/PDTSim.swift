import ArgumentParser
import Foundation
import PDTCore

/// The `pdtsim` command.
public struct PDTSim: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "pdtsim",
        abstract:
            "Photodynamic light-dosing simulator: cream uptake, PpIX, light in skin, singlet oxygen, and the months-long response.",
        discussion: "Exit codes:\n\(ExitStatus.table)",
        version: "pdtsim \(SimulationReport.pdtsimVersion) (GSL \(GSL.version))",
        subcommands: [
            Simulate.self, Sweep.self, Merge.self, Maintenance.self, Optics.self, Benchmark.self, Show.self,
            Validate.self, List.self, Calibrate.self,
        ],
        defaultSubcommand: nil)

    public init() {}

    /// Runs pdtsim with `arguments` (without the program name) and returns the exit code; prints
    /// results to standard output and messages to standard error.
    public static func run(_ arguments: [String]) -> Int32 {
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
            return ExitStatus.success.rawValue
        } catch let error as ModelError {
            return fail("\(error)", .invalidInput)
        } catch let error as NumericalFailure {
            return fail("\(error)", .numericalFailure)
        } catch let error as OutputError {
            return fail("\(error)", .outputFailure)
        } catch let error as ExitCode {
            return error.rawValue
        } catch {
            let code = exitCode(for: error)
            let message = fullMessage(for: error)
            if code == .success {
                print(message)
                return ExitStatus.success.rawValue
            }
            if code == .validationFailure || code.rawValue == 64 {
                return fail(message + "\n" + "Run 'pdtsim help' for usage.", .usage)
            }
            return fail(message, code == .failure ? .internalError : .usage)
        }
    }

    static func fail(_ message: String, _ status: ExitStatus) -> Int32 {
        let text = message.hasPrefix("Error:") || message.hasPrefix("error:") ? message : "pdtsim: error: \(message)"
        FileHandle.standardError.write(Data((text + "\n").utf8))
        return status.rawValue
    }
}
