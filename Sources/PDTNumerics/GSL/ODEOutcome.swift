/// How an integration ended. Numerical trouble is an outcome, not an error: the caller decides whether
/// to retry with other settings, report, or give up. On every outcome but `success`, t and y hold the
/// last accepted point.
public enum ODEOutcome: Equatable, Sendable {
    /// The integration reached t1; t == t1 exactly.
    case success
    /// The step budget `ODEStepLimits.maxSteps` ran out before t1.
    ///
    /// Common reasons:
    /// - a stiff problem integrated with an explicit stepper (step sizes bounded by the fastest time
    ///   scale): use a stepper that needs a Jacobian, such as `msbdf`;
    /// - tolerances tighter than the stepper's order can reach economically (e.g. 1e-12 with `rk2`);
    /// - an interval far longer than the budget allows, or a `maxStep` that is too small;
    /// - a right-hand side that oscillates fast or is discontinuous inside one segment (split it into
    ///   `ODESegment`s at the switches).
    case tooManySteps
    /// The step size fell below `ODEStepLimits.minStep`, or GSL could not reduce it further (it no longer
    /// changed t) while the error or the stepper still failed.
    ///
    /// Common reasons:
    /// - a solution that blows up in finite time (y' = y²), or a true singularity of the model;
    /// - a discontinuity in the right-hand side inside one segment;
    /// - a Newton iteration that does not converge (implicit steppers): a wrong Jacobian, or a problem
    ///   that is not smooth;
    /// - an absolute tolerance of 0 with a component passing through 0.
    case stepSizeTooSmall
    /// The right-hand side or the Jacobian produced NaN or ±∞ (GSL_EBADFUNC). The driver was reset and
    /// can be used again.
    ///
    /// Common reasons:
    /// - the solution left the domain of the model (a negative concentration under a square root or a
    ///   logarithm, a division by a vanishing quantity);
    /// - overflow of a solution that grows without bound;
    /// - a trial state far from the solution, from a step too large for an explicit method on a stiff
    ///   problem (tighten the tolerances or limit `maxStep`);
    /// - an uninitialised or mis-indexed component in the callback.
    case nonFiniteDerivative
    /// GSL reported another error; the status says which. The driver was reset.
    ///
    /// Common reasons:
    /// - an internal failure of a stepper (e.g. `GSL_ESANITY` in a multistep method);
    /// - memory exhaustion (`GSL_ENOMEM`).
    case failed(GSLStatus)

    /// A stable, machine-readable name: "ok", "too_many_steps", "step_size_too_small",
    /// "non_finite_derivative", "solver_failure".
    public var name: String {
        switch self {
        case .success: "ok"
        case .tooManySteps: "too_many_steps"
        case .stepSizeTooSmall: "step_size_too_small"
        case .nonFiniteDerivative: "non_finite_derivative"
        case .failed: "solver_failure"
        }
    }

    /// Whether the integration reached its end.
    public var isSuccess: Bool { self == .success }
}
