/// Integrates an `ODESystem` with SUNDIALS CVODE's variable-order BDF (orders 1–5, modified Newton
/// iteration on a band LU), the solver pdtsim's own `bdf` step type is measured against.
///
/// Set-up: `CVodeCreate(CV_BDF)`, `CVodeInit` with the system's right-hand side, scalar tolerances
/// (`CVodeSStolerances`: the same relative and absolute tolerance as pdtsim's solver settings; CVODE
/// tests its error in the weighted RMS norm with weights 1/(rtol |yᵢ| + atol), GSL's controls in the
/// max norm), a `SUNBandMatrix` with the system's bandwidths, `SUNLinSol_Band`, and the system's
/// analytic Jacobian (`CVodeSetJacFn`) written straight into the band matrix: SUNDIALS stores
/// element (i, j) at column j, row smu + i − j of a column-major array with leading dimension
/// smu + ml + 1, smu = mu + ml, which is exactly GSL's banded-LU layout that `ODEJacobian` writes
/// (AB[j, 2l + u − l + i − j] with width 2l + u + 1). The analytic Jacobian is pdtsim's too, so the
/// comparison is of the steppers, not of Jacobian approximations (CVODE's difference-quotient band
/// Jacobian would cost 2·bandwidth + 1 extra evaluations of f per Jacobian).
///
/// Every `integrate(from:to:…)` call restarts CVODE (`CVodeReInit` at t, order 1, the initial step
/// of `limits`), as pdtsim restarts its driver at each phase and each light switch, sets the stop
/// time t1 (`CVodeSetStopTime`) so that no step crosses it, and steps with `CV_ONE_STEP`, observing
/// every step, which is what pdtsim's readouts (minimum oxygen, photosensitivity) are built from.
/// Not thread safe: one integrator per thread.
public final class CVODEIntegrator: PhaseIntegrator {
    /// n, the length of the state vector.
    public let dimension: Int
    /// The local error tolerances.
    public let tolerances: ODETolerances
    /// The step limits: `initialStep` after every restart, `maxStep` and `minStep` as CVODE's, and
    /// the budgets `maxSteps` (per call) and `maxTotalSteps` (over the life) counted in step attempts
    /// (steps + error-test failures + Newton convergence failures).
    public let limits: ODEStepLimits
    /// SUNDIALS' version.
    public var version: String { library.version }
    /// The name of the last CVODE flag that ended an integration other than by success, if any.
    public private(set) var lastFailure: String?

    /// Work over the integrator's life: accepted steps (`CVodeGetNumSteps`), rejected attempts
    /// (error-test plus Newton convergence failures), f evaluations (`…RhsEvals`, plus
    /// `…LinRhsEvals`, 0 with the analytic Jacobian), Jacobian evaluations (`…JacEvals`), LU
    /// factorisations (`…LinSolvSetups`: each setup factorises the band Newton matrix), linear
    /// solves (`…NonlinSolvIters`: one band solve per Newton iteration) and restarts.
    public var statistics: ODEStatistics { finished + current() }

    private let library: CVODELibrary
    private let callbacks: CVODECallbacks
    private let callbacksReference: Unmanaged<CVODECallbacks>
    private var context: OpaquePointer?
    private let vector: OpaquePointer
    private let data: UnsafeMutablePointer<Double>
    private let matrix: OpaquePointer
    private let solver: OpaquePointer
    private var memory: UnsafeMutableRawPointer?
    /// The work of the integrations before the current one (CVodeReInit zeroes CVODE's counters).
    private var finished = ODEStatistics()
    private var initialised = false

    /// Creates CVODE's memory, vector, band matrix and band solver for `system`.
    ///
    /// - Throws: `ODESetupError` when an argument is invalid (as for `ODEDriver`, with CVODE's BDF
    ///   needing the Jacobian), the system is not banded as CVODE stores it, or a CVODE call fails.
    public init(
        library: CVODELibrary, system: ODESystem, tolerances: ODETolerances, limits: ODEStepLimits = .init()
    ) throws(ODESetupError) {
        try ODEDriver.validate(system: system, stepper: .bdf, tolerances: tolerances, limits: limits)
        let n = system.dimension
        guard let band = system.bandwidth, band.lower + band.upper <= n - 1 else {
            throw .unsupportedBand(system.bandwidth, dimension: n)
        }
        self.library = library
        self.dimension = n
        self.tolerances = tolerances
        self.limits = limits
        callbacks = CVODECallbacks(library: library, system: system, band: band)
        callbacksReference = Unmanaged.passRetained(callbacks)

        func fail(_ function: String, _ flag: Int32) -> ODESetupError {
            .cvodeFailed(function: function, flag: library.name(ofFlag: flag))
        }
        // Created in locals first; once every stored property holds one, a throw runs deinit,
        // which frees them all.
        var context: OpaquePointer?
        let created = library.contextCreate(nil, &context)
        let vector = context.flatMap { library.vectorNew(Int64(n), $0) }
        let matrix = context.flatMap { library.bandMatrix(Int64(n), Int64(band.upper), Int64(band.lower), $0) }
        let solver = vector.flatMap { vector in matrix.flatMap { library.bandSolver(vector, $0, context) } }
        guard created == 0, let vector, let data = library.vectorData(vector), let matrix, let solver else {
            _ = solver.map(library.solverFree)
            matrix.map(library.matrixDestroy)
            vector.map(library.vectorDestroy)
            if context != nil { _ = library.contextFree(&context) }
            callbacksReference.release()
            throw created != 0 ? fail("SUNContext_Create", created) : .allocationFailed(stepper: .bdf, dimension: n)
        }
        self.context = context
        self.vector = vector
        self.data = data
        self.matrix = matrix
        self.solver = solver
        memory = library.create(CVODELibrary.bdf, context)
        guard memory != nil else { throw .allocationFailed(stepper: .bdf, dimension: n) }
        guard library.bandMatrixLeadingDimension(matrix) == band.storageWidth,
            library.bandMatrixStoredUpper(matrix) == band.lower + band.upper
        else { throw .unsupportedBand(band, dimension: n) }

        data.update(repeating: 0, count: n)
        var flag = library.initialise(memory, CVODECallbacks.rhs, 0, vector)
        guard flag == 0 else { throw fail("CVodeInit", flag) }
        let memory = self.memory
        let userData = callbacksReference.toOpaque()
        let calls: [(String, () -> Int32)] = [
            ("CVodeSetErrHandlerFn", { library.setErrorHandler(memory, CVODECallbacks.silence, nil) }),
            ("CVodeSetUserData", { library.setUserData(memory, userData) }),
            ("CVodeSStolerances", { library.scalarTolerances(memory, tolerances.relative, tolerances.absolute) }),
            ("CVodeSetLinearSolver", { library.setLinearSolver(memory, solver, matrix) }),
            ("CVodeSetJacFn", { library.setJacobian(memory, CVODECallbacks.jacobian) }),
            // The budget is counted here (`limits`), so CVODE's own per-call cap is lifted (−1: none).
            ("CVodeSetMaxNumSteps", { library.setMaxSteps(memory, -1) }),
            (
                "CVodeSetMaxStep",
                { limits.maxStep.isFinite ? library.setMaxStep(memory, limits.maxStep) : 0 }
            ),
            ("CVodeSetMinStep", { library.setMinStep(memory, limits.minStep) }),
        ]
        for (function, call) in calls {
            flag = call()
            guard flag == 0 else { throw fail(function, flag) }
        }
    }

    deinit {
        if memory != nil { library.free(&memory) }
        _ = library.solverFree(solver)
        library.matrixDestroy(matrix)
        library.vectorDestroy(vector)
        _ = library.contextFree(&context)
        callbacksReference.release()
    }

    /// Integrates from `t` to `t1`, updating `t` and `y` in place, restarting CVODE at (t, y); the
    /// contract of `PhaseIntegrator` (and `ODEDriver.integrate(from:to:state:observe:)`).
    ///
    /// Outcomes: CVODE's `CV_TOO_MUCH_WORK` or a spent budget → `tooManySteps`; `CV_ERR_FAILURE`,
    /// `CV_CONV_FAILURE`, `CV_TOO_MUCH_ACC` (repeated failures down to the minimum step) →
    /// `stepSizeTooSmall`; a right-hand side or Jacobian that keeps returning non-finite values →
    /// `nonFiniteDerivative`; any other flag → `failed(.failure)`, with CVODE's name of it in
    /// `lastFailure`.
    ///
    /// - Precondition: `y.count == dimension`, t and t1 finite, t1 ≥ t.
    public func integrate(
        from t: inout Double, to t1: Double, state y: inout [Double], observe: ((Double, ODEState) -> Void)? = nil
    ) -> ODEOutcome {
        checkIntegrationArguments(from: t, to: t1, state: y)
        guard t1 > t else { return .success }
        finished = finished + current()
        finished.resets += 1
        for i in 0..<dimension { data[i] = y[i] }
        callbacks.evaluator.end = t1
        let library = self.library
        for (function, flag) in [
            ("CVodeReInit", library.reinitialise(memory, t, vector)),
            ("CVodeSetInitStep", library.setInitialStep(memory, min(limits.initialStep, t1 - t))),
            ("CVodeSetStopTime", library.setStopTime(memory, t1)),
        ] where flag != 0 {
            lastFailure = "\(function): \(library.name(ofFlag: flag))"
            return .failed(.failure)
        }
        initialised = true
        let lifeAttempts = finished.acceptedSteps + finished.rejectedSteps
        var outcome = ODEOutcome.success
        var reached = t
        while reached < t1 {
            let work = current()
            let attempts = work.acceptedSteps + work.rejectedSteps
            guard attempts < limits.maxSteps, lifeAttempts + attempts < limits.maxTotalSteps else {
                outcome = .tooManySteps
                break
            }
            let flag = library.solve(memory, t1, vector, &reached, CVODELibrary.oneStep)
            guard flag >= 0 else {
                lastFailure = library.name(ofFlag: flag)
                outcome = Self.outcome(flag)
                break
            }
            if flag == 1 { reached = t1 }  // CV_TSTOP_RETURN: y is at the stop time.
            observe?(reached, ODEState(base: data, count: dimension))
        }
        t = reached
        for i in 0..<dimension { y[i] = data[i] }
        return outcome
    }

    /// Switches the right-hand side and Jacobian to `system`; the next `integrate` restarts CVODE on it.
    ///
    /// - Precondition: `system` has the dimension, the band and a Jacobian like the first.
    public func replaceSystem(_ system: ODESystem) {
        precondition(
            system.dimension == dimension && system.bandwidth == callbacks.band && system.jacobian != nil,
            "a CVODE segment must keep the dimension, band and Jacobian")
        callbacks.evaluator.system = system
    }

    /// The work of the integration under way (zero before the first).
    private func current() -> ODEStatistics {
        guard initialised else { return ODEStatistics() }
        func count(_ counter: CVODECounter) -> Int {
            var value = 0
            _ = library.counters[counter]?(memory, &value)
            return value
        }
        return ODEStatistics(
            acceptedSteps: count(.steps), rejectedSteps: count(.errorTestFailures) + count(.newtonFailures),
            rhsEvaluations: count(.rhsEvaluations) + count(.jacobianRHSEvaluations),
            jacobianEvaluations: count(.jacobianEvaluations), factorisations: count(.linearSetups),
            linearSolves: count(.newtonIterations))
    }

    /// The outcome for a failing CVODE flag (cvode.h).
    private static func outcome(_ flag: Int32) -> ODEOutcome {
        switch flag {
        case -1: .tooManySteps  // CV_TOO_MUCH_WORK
        case -2, -3, -4: .stepSizeTooSmall  // CV_TOO_MUCH_ACC, CV_ERR_FAILURE, CV_CONV_FAILURE
        case -6, -8, -9, -10, -11: .nonFiniteDerivative  // CV_LSETUP_FAIL, CV_RHSFUNC_FAIL, …RHSFUNC_ERR
        default: .failed(.failure)
        }
    }
}

@available(*, unavailable, message: "one CVODEIntegrator per thread")
extension CVODEIntegrator: Sendable {}

/// The Swift side of CVODE's callbacks: the system integrated, its band, the end of the integration
/// under way, and the library whose vectors and matrices they read. Passed to CVODE as `user_data`
/// and kept alive by its integrator.
final class CVODECallbacks {
    let library: CVODELibrary
    let band: ODESystem.Bandwidth
    /// The system and the stop time (t handed to the callbacks is clamped to it, as for GSL), held by
    /// the GSL-side helper whose Jacobian evaluation (band zeroing, finiteness check) is reused.
    let evaluator: ODECallbacks

    init(library: CVODELibrary, system: ODESystem, band: ODESystem.Bandwidth) {
        self.library = library
        self.band = band
        evaluator = ODECallbacks(system: system)
    }

    /// `CVRhsFn`: f(t, y) into ydot; 0 on success, 1 (recoverable: CVODE retries with a smaller
    /// step) when a component is not finite, −1 on a null pointer.
    static let rhs: CVODELibrary.RHS = { t, y, ydot, userData in
        guard let userData else { return -1 }
        let callbacks = Unmanaged<CVODECallbacks>.fromOpaque(userData).takeUnretainedValue()
        guard let y = callbacks.library.vectorData(y), let ydot = callbacks.library.vectorData(ydot) else {
            return -1
        }
        let evaluator = callbacks.evaluator
        let n = evaluator.system.dimension
        evaluator.system.rhs(min(t, evaluator.end), ODEState(base: y, count: n), ODEDerivative(base: ydot, count: n))
        return ODECallbacks.allFinite(ydot, count: n) ? 0 : 1
    }

    /// `CVLsJacFn`: the analytic Jacobian into CVODE's band matrix (its band entries zeroed first by
    /// the shared evaluation), ∂f/∂t into the scratch vector tmp1; 0 on success, 1 (recoverable) for
    /// a non-finite entry, −1 on a null pointer.
    static let jacobian: CVODELibrary.Jacobian = { t, y, _, matrix, userData, scratch, _, _ in
        guard let userData else { return -1 }
        let callbacks = Unmanaged<CVODECallbacks>.fromOpaque(userData).takeUnretainedValue()
        let library = callbacks.library
        guard let y = library.vectorData(y), let storage = library.bandMatrixData(matrix),
            let dfdt = library.vectorData(scratch)
        else { return -1 }
        let status = callbacks.evaluator.evaluateJacobian(
            t: t, y: y, into: storage, dfdt: dfdt, band: callbacks.band)
        return status == GSLStatus.success.code ? 0 : 1
    }

    /// `CVErrHandlerFn` that prints nothing: failures come back as flags and become outcomes.
    static let silence: CVODELibrary.ErrorHandler = { _, _, _, _, _ in }
}
