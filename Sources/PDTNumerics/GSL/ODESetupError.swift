/// A mistake in setting up an `ODEDriver`: thrown by `ODEDriver.init`, never produced by integration.
public enum ODESetupError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The system's dimension is below 1.
    case invalidDimension(Int)
    /// A tolerance is negative or not finite, both are zero, or the relative tolerance is ≥ 1.
    case invalidTolerances(ODETolerances)
    /// The initial step is not positive or not finite.
    case invalidInitialStep(Double)
    /// The minimum step is negative or not finite.
    case invalidMinStep(Double)
    /// The maximum step is not positive (or is NaN).
    case invalidMaxStep(Double)
    /// The step budget is below 1.
    case invalidMaxSteps(Int)
    /// The step limits contradict each other: minimum step above the maximum step or above the initial step.
    case inconsistentStepLimits(ODEStepLimits)
    /// The stepper calls the Jacobian (`ODEStepper.needsJacobian`) but the system has none.
    case missingJacobian(ODEStepper)
    /// GSL could not allocate the driver (out of memory, or an argument GSL rejects).
    case allocationFailed(stepper: ODEStepper, dimension: Int)
    /// CVODE's band solver needs a banded system whose band SUNDIALS stores as pdtsim does: lower
    /// plus upper bandwidth at most dimension − 1.
    case unsupportedBand(ODESystem.Bandwidth?, dimension: Int)
    /// A CVODE set-up call failed: the function and CVODE's name of its return flag.
    case cvodeFailed(function: String, flag: String)

    public var description: String {
        switch self {
        case .invalidDimension(let n):
            "ODE system dimension must be at least 1, got \(n)"
        case .invalidTolerances(let tolerances):
            "ODE tolerances must be finite, ≥ 0, not both 0, with relative < 1; got absolute \(tolerances.absolute), "
                + "relative \(tolerances.relative)"
        case .invalidInitialStep(let h):
            "initial ODE step must be positive and finite, got \(h)"
        case .invalidMinStep(let h):
            "minimum ODE step must be ≥ 0 and finite, got \(h)"
        case .invalidMaxStep(let h):
            "maximum ODE step must be positive, got \(h)"
        case .invalidMaxSteps(let n):
            "ODE step budget must be at least 1, got \(n)"
        case .inconsistentStepLimits(let limits):
            "ODE step limits need minStep ≤ initialStep and minStep ≤ maxStep; got minStep \(limits.minStep), "
                + "initialStep \(limits.initialStep), maxStep \(limits.maxStep)"
        case .missingJacobian(let stepper):
            "ODE stepper \(stepper.rawValue) needs a Jacobian and the system has none"
        case .allocationFailed(let stepper, let dimension):
            "GSL could not allocate an ODE driver (\(stepper.rawValue), dimension \(dimension))"
        case .unsupportedBand(let band, let dimension):
            "CVODE needs a banded ODE system with lower + upper bandwidth ≤ dimension − 1; got "
                + (band.map { "lower \($0.lower), upper \($0.upper)" } ?? "no band") + ", dimension \(dimension)"
        case .cvodeFailed(let function, let flag):
            "CVODE set-up failed: \(function) returned \(flag)"
        }
    }
}
