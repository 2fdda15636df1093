import PDTNumerics

/// The work bound of one protocol simulation, so that no input the ranges allow runs for minutes.
///
/// Work is counted in cell-steps: solver step attempts (accepted and rejected) times the grid's
/// cells, summed over every phase of every session. A session step costs about one banded LU
/// factorisation and six right-hand-side evaluations of the 4·n-component system, so its time
/// grows linearly with n: about 1 µs per cell-step in a release build here (measured with
/// `pdtsim simulate` on one session: 2.75·10⁶ cell-steps in 2.7 s of CPU time). The count is
/// deterministic, so whether a protocol fits does not depend on the machine or its load; a cached
/// incubation is charged as if it had been integrated, so it does not depend on the cache either.
///
/// Not thread safe: one budget per simulation.
public final class WorkBudget {
    /// The bound of one simulation: 3·10⁷ cell-steps, about 30 s here. The reference protocol
    /// takes about 1.3·10⁵; forty sessions at the default settings about 1.7·10⁶.
    public static let defaultCellSteps = 30_000_000

    /// The bound, in cell-steps.
    public let cellSteps: Int
    /// Cell-steps spent so far.
    public private(set) var spent = 0

    public init(cellSteps: Int = WorkBudget.defaultCellSteps) {
        precondition(cellSteps >= 1, "a positive work bound")
        self.cellSteps = cellSteps
    }

    /// True once the bound is spent.
    public var exhausted: Bool { spent >= cellSteps }

    /// The step attempts left for a driver on a grid of `cells` cells (at least 1, so that a
    /// driver can be built; `exhausted` tells whether the budget is really gone).
    public func remainingSteps(cells: Int) -> Int { max(1, (cellSteps - spent) / max(1, cells)) }

    /// Charges the step attempts of `statistics` on a grid of `cells` cells.
    public func charge(_ statistics: ODEStatistics?, cells: Int) {
        guard let statistics else { return }
        spent += (statistics.acceptedSteps + statistics.rejectedSteps) * cells
    }
}

/// A simulation that needs more work than `WorkBudget` allows: an input pdtsim refuses (exit 3),
/// found while running because the work depends on how the solver meets the protocol.
public struct WorkLimitExceeded: Error, Equatable, Sendable, CustomStringConvertible {
    /// The bound, in cell-steps.
    public var cellSteps: Int
    /// The session (from 1) in which the bound was reached, and how many the schedule holds.
    public var session: Int
    public var sessions: Int
    public var phase: SessionPhase

    public init(cellSteps: Int, session: Int, sessions: Int, phase: SessionPhase) {
        self.cellSteps = cellSteps
        self.session = session
        self.sessions = sessions
        self.phase = phase
    }

    public var description: String {
        "the protocol needs more solver work than one simulation may do: the bound of "
            + "\(formatNumber(Double(cellSteps))) step attempts × grid cells (about half a minute) ran out in the "
            + "\(phase.rawValue) of session \(session) of \(sessions); expected fewer sessions (schedule), fewer "
            + "grid.cells, looser solver.relative_tolerance or solver.absolute_tolerance_uM, or fewer light fractions"
    }
}
