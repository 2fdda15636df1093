import CGSL

/// The local error tolerances of adaptive step-size control (GSL's "y" control,
/// `gsl_odeiv2_control_y_new`).
///
/// A step is accepted when, for every component i, its estimated local error satisfies
/// |err_i| ≤ `absolute` + `relative` · |y_i|; otherwise it is retried with a smaller step. `absolute`
/// has the units of y, `relative` is dimensionless. These bound the error made in each step, not the
/// global error at the end, which can be larger by the number of steps times the growth of errors.
public struct ODETolerances: Sendable, Equatable {
    /// The absolute tolerance, in units of y; ≥ 0 and finite.
    public var absolute: Double
    /// The relative tolerance; ≥ 0 and < 1. At least one of the two must be positive.
    public var relative: Double

    public init(absolute: Double, relative: Double) {
        self.absolute = absolute
        self.relative = relative
    }
}

/// Limits on the step sizes and step count of one `ODEDriver`. Step sizes are in units of t.
public struct ODEStepLimits: Sendable, Equatable {
    /// The size of the first step attempted after creation and after every reset; > 0 and finite. The
    /// control adapts it after every step, so it only needs the right order of magnitude (too large costs
    /// a few rejected steps).
    public var initialStep: Double
    /// The smallest acceptable step size, ≥ 0 and finite. When an accepted step is shorter than this
    /// before the end of the interval, the integration stops with `ODEOutcome.stepSizeTooSmall`. 0 leaves
    /// the floor to GSL, which gives up when a step would no longer change t.
    public var minStep: Double
    /// The largest step size attempted, > 0 (may be infinite). Useful when the right-hand side has
    /// features narrower than the natural step (a short pulse that a long step could miss).
    public var maxStep: Double
    /// The largest number of step attempts (accepted plus rejected) one `integrate` call may make, ≥ 1.
    public var maxSteps: Int

    public init(initialStep: Double = 1e-6, minStep: Double = 0, maxStep: Double = .infinity, maxSteps: Int = 1_000_000)
    {
        self.initialStep = initialStep
        self.minStep = minStep
        self.maxStep = maxStep
        self.maxSteps = maxSteps
    }
}

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
        }
    }
}

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
    /// Resets of the driver: explicit `reset()`, each `replaceSystem`, each segment of
    /// `integrate(segments:)`, a restart from a point other than where integration stopped, and the
    /// automatic reset after a GSL error.
    public var resets: Int

    public init(
        acceptedSteps: Int = 0, rejectedSteps: Int = 0, rhsEvaluations: Int = 0, jacobianEvaluations: Int = 0,
        resets: Int = 0
    ) {
        self.acceptedSteps = acceptedSteps
        self.rejectedSteps = rejectedSteps
        self.rhsEvaluations = rhsEvaluations
        self.jacobianEvaluations = jacobianEvaluations
        self.resets = resets
    }

    /// Componentwise sum, to total the work of several drivers or phases.
    public static func + (lhs: ODEStatistics, rhs: ODEStatistics) -> ODEStatistics {
        ODEStatistics(
            acceptedSteps: lhs.acceptedSteps + rhs.acceptedSteps,
            rejectedSteps: lhs.rejectedSteps + rhs.rejectedSteps,
            rhsEvaluations: lhs.rhsEvaluations + rhs.rhsEvaluations,
            jacobianEvaluations: lhs.jacobianEvaluations + rhs.jacobianEvaluations,
            resets: lhs.resets + rhs.resets)
    }
}

/// One piece of a piecewise-defined problem: `system` holds from the end of the previous segment (or
/// the start) up to `end`, in units of t.
public struct ODESegment: Sendable {
    /// The time at which this segment ends.
    public var end: Double
    /// The system in force during the segment.
    public var system: ODESystem

    public init(end: Double, system: ODESystem) {
        self.end = end
        self.system = system
    }
}

/// Integrates an `ODESystem` forward in time with a GSL `ode-initval2` driver and adaptive step-size
/// control.
///
/// Owns the GSL objects (system, driver with its step, control and evolve objects) and frees them on
/// deinit. Not thread safe and not `Sendable`: create one driver per thread (or task). Integration only
/// runs forward (t1 ≥ t).
///
/// The driver keeps history between calls (multistep methods carry past states), so consecutive
/// `integrate` calls continue cheaply where the previous one stopped. Started from any other (t, y), or
/// with another system, it resets itself first; a step never crosses a change of the right-hand side.
public final class ODEDriver {
    /// n, the length of the state vector.
    public let dimension: Int
    /// The stepping method.
    public let stepper: ODEStepper
    /// The local error tolerances.
    public let tolerances: ODETolerances
    /// The step limits.
    public let limits: ODEStepLimits

    /// Work done so far, accumulated over the driver's life.
    public var statistics: ODEStatistics {
        ODEStatistics(
            acceptedSteps: acceptedSteps, rejectedSteps: rejectedSteps, rhsEvaluations: callbacks.rhsEvaluations,
            jacobianEvaluations: callbacks.jacobianEvaluations, resets: resets)
    }

    private var acceptedSteps = 0
    private var rejectedSteps = 0
    private var resets = 0

    /// Where the last integration stopped with the GSL objects in a consistent state; `nil` when they are
    /// fresh (created or reset) and accept any starting point.
    private var stoppedAt: (t: Double, y: [Double])?

    /// The closures and counters; GSL holds its address in `system.pointee.params`.
    private let callbacks: ODECallbacks
    private let callbacksReference: Unmanaged<ODECallbacks>
    /// Heap allocated, because the GSL driver keeps this address for its whole life.
    private let system: UnsafeMutablePointer<gsl_odeiv2_system>
    private let driver: UnsafeMutablePointer<gsl_odeiv2_driver>

    /// Creates a driver for `system` with the given method and control.
    ///
    /// - Throws: `ODESetupError` when an argument is invalid (see its cases) or GSL cannot allocate.
    public init(
        system: ODESystem, stepper: ODEStepper, tolerances: ODETolerances, limits: ODEStepLimits = .init()
    )
        throws(ODESetupError)
    {
        GSL.prepare()
        try Self.validate(system: system, stepper: stepper, tolerances: tolerances, limits: limits)

        let callbacks = ODECallbacks(system: system)
        let reference = Unmanaged.passRetained(callbacks)
        let gslSystem = UnsafeMutablePointer<gsl_odeiv2_system>.allocate(capacity: 1)
        gslSystem.initialize(
            to: gsl_odeiv2_system(
                function: ODECallbacks.function, jacobian: ODECallbacks.jacobian, dimension: system.dimension,
                params: reference.toOpaque()))
        guard
            let driver = gsl_odeiv2_driver_alloc_y_new(
                gslSystem, stepper.stepType, limits.initialStep, tolerances.absolute, tolerances.relative)
        else {
            gslSystem.deinitialize(count: 1)
            gslSystem.deallocate()
            reference.release()
            throw .allocationFailed(stepper: stepper, dimension: system.dimension)
        }

        self.dimension = system.dimension
        self.stepper = stepper
        self.tolerances = tolerances
        self.limits = limits
        self.callbacks = callbacks
        self.callbacksReference = reference
        self.system = gslSystem
        self.driver = driver
    }

    deinit {
        gsl_odeiv2_driver_free(driver)
        system.deinitialize(count: 1)
        system.deallocate()
        callbacksReference.release()
    }

    private static func validate(
        system: ODESystem, stepper: ODEStepper, tolerances: ODETolerances, limits: ODEStepLimits
    )
        throws(ODESetupError)
    {
        guard system.dimension >= 1 else { throw .invalidDimension(system.dimension) }
        let (absolute, relative) = (tolerances.absolute, tolerances.relative)
        guard absolute.isFinite, relative.isFinite, absolute >= 0, relative >= 0, absolute > 0 || relative > 0,
            relative < 1
        else { throw .invalidTolerances(tolerances) }
        guard limits.initialStep.isFinite, limits.initialStep > 0 else { throw .invalidInitialStep(limits.initialStep) }
        guard limits.minStep.isFinite, limits.minStep >= 0 else { throw .invalidMinStep(limits.minStep) }
        guard limits.maxStep > 0 else { throw .invalidMaxStep(limits.maxStep) }
        guard limits.maxSteps >= 1 else { throw .invalidMaxSteps(limits.maxSteps) }
        guard limits.minStep <= limits.maxStep, limits.minStep <= limits.initialStep else {
            throw .inconsistentStepLimits(limits)
        }
        guard system.jacobian != nil || !stepper.needsJacobian else { throw .missingJacobian(stepper) }
    }

    /// Forgets the integration history (step size, multistep history, GSL's step counters) and restores
    /// the initial step size, so that the next `integrate` starts afresh from any (t, y).
    /// `gsl_odeiv2_driver_reset` followed by `gsl_odeiv2_driver_reset_hstart`. Counted in
    /// `statistics.resets`.
    public func reset() {
        let status = gsl_odeiv2_driver_reset_hstart(driver, limits.initialStep)
        assert(status == GSLStatus.success.code, "gsl_odeiv2_driver_reset_hstart: \(GSLStatus(code: status))")
        stoppedAt = nil
        resets += 1
    }

    /// Switches the right-hand side (and Jacobian) to `system` and resets, so that no step spans the
    /// switch. This is how piecewise problems are integrated: integrate to the switch time, replace the
    /// system, integrate on (or use `integrate(segments:from:state:observe:)`).
    ///
    /// - Precondition: `system.dimension == dimension`, and `system` has a Jacobian if the stepper needs one.
    public func replaceSystem(_ system: ODESystem) {
        precondition(
            system.dimension == dimension,
            "ODE system dimension \(system.dimension) differs from the driver's \(dimension)")
        precondition(
            system.jacobian != nil || !stepper.needsJacobian, "ODE stepper \(stepper.rawValue) needs a Jacobian")
        callbacks.system = system
        reset()
    }

    /// Integrates from `t` to `t1`, updating `t` and `y` in place.
    ///
    /// Repeatedly calls `gsl_odeiv2_evolve_apply` with the driver's own evolve, control and step objects
    /// and its step size, the step size capped at `limits.maxStep` before every call. GSL never steps
    /// past `t1`: on `success`, `t == t1` exactly. `observe(t, y)` is called after every accepted step,
    /// at strictly increasing t, the last time at t1 (not at the starting point). The callbacks of the
    /// system are never handed a t beyond t1.
    ///
    /// - Parameters:
    ///   - t: the starting time on entry; on return t1, or the last accepted time on failure.
    ///   - t1: the end time, finite and ≥ t.
    ///   - y: the state at t on entry (length `dimension`); on return the state at the returned t.
    ///   - observe: called after every accepted step with the new time and state.
    /// - Returns: the outcome; numerical failures are reported here, not thrown. At most
    ///   `limits.maxSteps` attempts are started in one call (GSL may reject several attempts inside one
    ///   `evolve_apply`, so the last call can overrun the budget by its rejections).
    /// - Precondition: `y.count == dimension`, t and t1 finite, t1 ≥ t.
    public func integrate(
        from t: inout Double, to t1: Double, state y: inout [Double], observe: ((Double, ODEState) -> Void)? = nil
    ) -> ODEOutcome {
        precondition(y.count == dimension, "ODE state has \(y.count) components, the system \(dimension)")
        precondition(t.isFinite && t1.isFinite, "ODE integration limits must be finite (t \(t), t1 \(t1))")
        precondition(t1 >= t, "ODE integration runs forward only (t \(t), t1 \(t1))")
        if let stopped = stoppedAt, stopped.t != t || stopped.y != y {
            reset()
        }

        callbacks.end = t1
        let evolve: UnsafeMutablePointer<gsl_odeiv2_evolve> = driver.pointee.e
        let control: UnsafeMutablePointer<gsl_odeiv2_control> = driver.pointee.c
        let step: UnsafeMutablePointer<gsl_odeiv2_step> = driver.pointee.s
        var lastAccepted = y
        var attempts = 0
        var acceptedHere = 0
        var outcome = ODEOutcome.success
        while t < t1 {
            guard attempts < limits.maxSteps else {
                outcome = .tooManySteps
                break
            }
            let t0 = t
            for i in 0..<dimension { lastAccepted[i] = y[i] }
            let rejectedBefore = evolve.pointee.failed_steps
            var h = min(driver.pointee.h, limits.maxStep)
            let status = y.withUnsafeMutableBufferPointer { y in
                gsl_odeiv2_evolve_apply(evolve, control, step, system, &t, t1, &h, y.baseAddress)
            }
            driver.pointee.h = h
            let rejected = Int(evolve.pointee.failed_steps - rejectedBefore)
            rejectedSteps += rejected
            attempts += rejected + 1

            guard status == GSLStatus.success.code else {
                t = t0
                for i in 0..<dimension { y[i] = lastAccepted[i] }
                reset()
                return Self.outcome(GSLStatus(code: status))
            }
            acceptedSteps += 1
            acceptedHere += 1
            if let observe {
                y.withUnsafeBufferPointer { observe(t, ODEState(base: $0.baseAddress!, count: dimension)) }
            }
            if t < t1 && evolve.pointee.last_step < limits.minStep {
                outcome = .stepSizeTooSmall
                break
            }
        }
        if acceptedHere > 0 {
            stoppedAt = (t, y)
        }
        return outcome
    }

    /// Integrates a piecewise-defined problem: for each segment in order, switches to its system
    /// (`replaceSystem`, which resets, so no step crosses a switch) and integrates to its end.
    ///
    /// `limits.maxSteps` applies to each segment separately. Stops at the first outcome other than
    /// `success`, with t and y at the last accepted point; on success t is the last segment's end.
    ///
    /// - Precondition: segment ends are finite and non-decreasing from t; each system fits the driver
    ///   (see `replaceSystem`).
    public func integrate(
        segments: [ODESegment], from t: inout Double, state y: inout [Double],
        observe: ((Double, ODEState) -> Void)? = nil
    ) -> ODEOutcome {
        for segment in segments {
            replaceSystem(segment.system)
            let outcome = integrate(from: &t, to: segment.end, state: &y, observe: observe)
            guard outcome == .success else { return outcome }
        }
        return .success
    }

    /// Maps a failing status of `gsl_odeiv2_evolve_apply` to an outcome.
    private static func outcome(_ status: GSLStatus) -> ODEOutcome {
        switch status {
        case .badFunction: .nonFiniteDerivative
        case .failure: .stepSizeTooSmall
        default: .failed(status)
        }
    }
}

@available(*, unavailable, message: "one ODEDriver per thread")
extension ODEDriver: Sendable {}
