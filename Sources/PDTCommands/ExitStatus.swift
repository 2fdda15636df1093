/// pdtsim's exit codes (also listed in `pdtsim --help` and the README).
public enum ExitStatus: Int32, CaseIterable, Sendable {
    case success = 0
    /// An unexpected internal error (a bug: please report it).
    case internalError = 1
    /// The command line's structure: an unknown flag or command, a missing value or argument, an
    /// extra argument, `KEY=VALUE` without `=`.
    case usage = 2
    /// Invalid input: a value that parses but is not acceptable (out of range, an unknown name), a
    /// model file, data table, preset name, --set override or value.
    case invalidInput = 3
    /// A numerical failure: an integration did not complete (its return code is printed).
    case numericalFailure = 4
    /// Results could not be written.
    case outputFailure = 5
    /// An ensemble (sweep, cohort, sensitivity) finished and wrote every row, but the integration
    /// of some points, subjects or runs failed: their rows
    /// hold the solver's return code in `status` and empty readouts.
    case pointsFailed = 6
    /// An optimisation found no protocol that meets every constraint: the message names the
    /// smallest set of constraints no point tried meets together and how close a point came.
    case infeasible = 7
    /// `optimize --check-grid N` found a feasible grid point better than the reported optimum by
    /// more than 1 %: the message names it and by how much.
    case checkFailed = 8

    public var meaning: String {
        switch self {
        case .success: "success"
        case .internalError: "internal error (a bug)"
        case .usage: "command-line usage error (unknown flag, missing value or argument)"
        case .invalidInput: "invalid value, model file, data table, preset or --set key"
        case .numericalFailure: "an integration failed (solver return code printed)"
        case .outputFailure: "results could not be written"
        case .pointsFailed: "ensemble finished; some points, subjects or runs failed (see status)"
        case .infeasible: "optimize found no protocol meeting every constraint"
        case .checkFailed: "optimize --check-grid found a better grid point"
        }
    }

    static var table: String {
        allCases.map { "  \($0.rawValue)  \($0.meaning)" }.joined(separator: "\n")
    }
}
