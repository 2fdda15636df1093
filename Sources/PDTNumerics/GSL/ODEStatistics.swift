/// Work counters of an `ODEDriver`, accumulated over its whole life (across resets).
public struct ODEStatistics: Sendable, Equatable, Codable {
    /// Steps accepted by the error control.
    public var acceptedSteps: Int
    /// Step attempts rejected: by the error control, or because the stepper itself failed (and GSL
    /// retried with half the step).
    public var rejectedSteps: Int
    /// Evaluations of the right-hand side f.
    public var rhsEvaluations: Int
    /// Evaluations of the Jacobian (0 with steppers that do not need it).
    public var jacobianEvaluations: Int
    /// LU factorisations of the Newton matrix G = 1/(h γ) I − J by pdtsim's Rosenbrock steppers; 0 with
    /// GSL's own steppers, which factorise inside GSL where pdtsim cannot count.
    public var factorisations: Int
    /// Linear solves G x = b with a factorised G by pdtsim's Rosenbrock steppers (one per stage); 0 with
    /// GSL's own steppers.
    public var linearSolves: Int
    /// Resets of the driver: explicit `reset()`, each `replaceSystem`, each segment of
    /// `integrate(segments:)`, a restart from a point other than where integration stopped, and the
    /// automatic reset after a GSL error.
    public var resets: Int

    public init(
        acceptedSteps: Int = 0, rejectedSteps: Int = 0, rhsEvaluations: Int = 0, jacobianEvaluations: Int = 0,
        factorisations: Int = 0, linearSolves: Int = 0, resets: Int = 0
    ) {
        self.acceptedSteps = acceptedSteps
        self.rejectedSteps = rejectedSteps
        self.rhsEvaluations = rhsEvaluations
        self.jacobianEvaluations = jacobianEvaluations
        self.factorisations = factorisations
        self.linearSolves = linearSolves
        self.resets = resets
    }

    /// Componentwise sum, to total the work of several drivers or phases.
    public static func + (lhs: ODEStatistics, rhs: ODEStatistics) -> ODEStatistics {
        ODEStatistics(
            acceptedSteps: lhs.acceptedSteps + rhs.acceptedSteps,
            rejectedSteps: lhs.rejectedSteps + rhs.rejectedSteps,
            rhsEvaluations: lhs.rhsEvaluations + rhs.rhsEvaluations,
            jacobianEvaluations: lhs.jacobianEvaluations + rhs.jacobianEvaluations,
            factorisations: lhs.factorisations + rhs.factorisations, linearSolves: lhs.linearSolves + rhs.linearSolves,
            resets: lhs.resets + rhs.resets)
    }
}
