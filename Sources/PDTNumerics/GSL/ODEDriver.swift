import CGSL

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
            jacobianEvaluations: callbacks.jacobianEvaluations, factorisations: callbacks.factorisations,
            linearSolves: callbacks.linearSolves, resets: resets)
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

        if let controlType = stepper.controlType {
            // The stepper's own control in place of the standard one, with the same tolerances.
            guard let control = gsl_odeiv2_control_alloc(controlType) else {
                gsl_odeiv2_driver_free(driver)
                gslSystem.deinitialize(count: 1)
                gslSystem.deallocate()
                reference.release()
                throw .allocationFailed(stepper: stepper, dimension: system.dimension)
            }
            gsl_odeiv2_control_free(driver.pointee.c)
            driver.pointee.c = control
            _ = gsl_odeiv2_control_init(control, tolerances.absolute, tolerances.relative, 1, 0)
            _ = gsl_odeiv2_control_set_driver(control, driver)
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

    /// Checks the arguments of a driver (shared with `CVODEIntegrator`). - Throws: `ODESetupError`.
    static func validate(
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
        guard limits.maxTotalSteps >= 1 else { throw .invalidMaxSteps(limits.maxTotalSteps) }
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
    ///   `limits.maxSteps` attempts are started in one call, and none once the driver has made
    ///   `limits.maxTotalSteps` in its life (GSL may reject several attempts inside one
    ///   `evolve_apply`, so the last call can overrun either budget by its rejections).
    /// - Precondition: `y.count == dimension`, t and t1 finite, t1 ≥ t.
    public func integrate(
        from t: inout Double, to t1: Double, state y: inout [Double], observe: ((Double, ODEState) -> Void)? = nil
    ) -> ODEOutcome {
        checkIntegrationArguments(from: t, to: t1, state: y)
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
            guard attempts < limits.maxSteps, acceptedSteps + rejectedSteps < limits.maxTotalSteps else {
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

    /// Takes `count` steps of exactly `h` from `t`, without error control: the method's own
    /// propagation, as used to measure its order of convergence (error ∝ hᵖ). The driver is reset
    /// first; each step is `gsl_odeiv2_evolve_apply_fixed_step` with no control object, so no step is
    /// rejected (the implicit methods' Newton iterations still use the driver's tolerances).
    /// `limits` do not apply. On `success` t = t₀ + count · h (summed step by step); on a failure t
    /// and y hold the last completed step.
    ///
    /// - Precondition: `y.count == dimension`, t finite, h > 0 and finite, count ≥ 0.
    package func integrate(from t: inout Double, fixedStep h: Double, count: Int, state y: inout [Double]) -> ODEOutcome
    {
        precondition(y.count == dimension, "ODE state has \(y.count) components, the system \(dimension)")
        precondition(t.isFinite && h.isFinite && h > 0 && count >= 0, "fixed ODE steps need finite t and h > 0")
        reset()
        callbacks.end = t + Double(count) * h * (1 + 4 * Double.ulpOfOne)
        for _ in 0..<count {
            let status = y.withUnsafeMutableBufferPointer { y in
                gsl_odeiv2_evolve_apply_fixed_step(
                    driver.pointee.e, nil, driver.pointee.s, system, &t, h, y.baseAddress)
            }
            guard status == GSLStatus.success.code else {
                reset()
                return Self.outcome(GSLStatus(code: status))
            }
            acceptedSteps += 1
        }
        stoppedAt = (t, y)
        return .success
    }

    /// The state of pdtsim's BDF step type when it is the stepper (its history, Jacobian and
    /// factorisation), nil for the other steppers.
    var bdfWorkspace: BDFWorkspace? {
        guard stepper == .bdf, let state = driver.pointee.s.pointee.state else { return nil }
        return BDFStepTypes.workspace(state)
    }

    /// The name of the step-size control (`gsl_odeiv2_control_name`): "standard" for GSL's, "bdf" for
    /// `BDFControl`.
    var controlName: String? {
        gsl_odeiv2_control_name(driver.pointee.c).map { String(cString: $0) }
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
