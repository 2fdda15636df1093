import CGSL
import Foundation

/// The working storage of one Rosenbrock stepper instance (GSL's `void *state`). Buffers are raw
/// allocations made once (or when the band changes): this is the innermost loop of every session
/// integration, and a step allocates, zeroes and looks up nothing.
final class RosenbrockWorkspace {
    let tableau: RosenbrockTableau
    let dimension: Int
    let stageCount: Int
    /// `tableau.newF`, computed once.
    let newF: UnsafeMutablePointer<Bool>
    /// Stage vectors Kᵢ, each of length n, back to back. Stage i's right-hand side is assembled in
    /// its own slot and solved there in place.
    let stages: UnsafeMutablePointer<Double>
    let stageState: UnsafeMutablePointer<Double>
    /// The last stage evaluation Fᵢ, kept only where the next stage reuses it (`newF` false).
    let evaluation: UnsafeMutablePointer<Double>
    /// The tableau flattened: a and c row-major s × s (zero above the diagonal), then m, e, α, γ.
    let a: UnsafeMutablePointer<Double>
    let c: UnsafeMutablePointer<Double>
    let m: UnsafeMutablePointer<Double>
    let e: UnsafeMutablePointer<Double>
    let alpha: UnsafeMutablePointer<Double>
    let gamma: UnsafeMutablePointer<Double>
    /// J, G and G's factorisation.
    let iteration: IterationMatrix
    /// The reuse state of a W-method: the time the current Jacobian was evaluated at and the steps
    /// attempted with it (nil: none valid), the h of the current factorisation (nil: none valid) and the
    /// time of the last step attempt (a second attempt from the same time means the first was rejected
    /// or failed).
    private(set) var jacobianTime: Double?
    private(set) var jacobianAge = 0
    private(set) var factorisedStep: Double?
    private var lastAttemptTime: Double?

    /// A W-method evaluates the Jacobian again after this many step attempts with one Jacobian (CVODE's
    /// `MSBP`, 20 steps between Jacobian updates of its BDF Newton iteration).
    static let maximumJacobianAge = 20

    init(tableau: RosenbrockTableau, dimension: Int) {
        precondition(tableau.everyStageReachesResult, "\(tableau.name): a stage does not reach the result")
        self.tableau = tableau
        self.dimension = dimension
        let s = tableau.stages
        stageCount = s
        newF = .allocate(capacity: s)
        newF.initialize(from: tableau.newF, count: s)
        stages = .allocate(capacity: s * dimension)
        stageState = .allocate(capacity: dimension)
        evaluation = .allocate(capacity: dimension)
        iteration = IterationMatrix(dimension: dimension)
        a = .allocate(capacity: s * s)
        c = .allocate(capacity: s * s)
        a.initialize(repeating: 0, count: s * s)
        c.initialize(repeating: 0, count: s * s)
        for i in 0..<s {
            for j in 0..<i {
                a[i * s + j] = tableau.a[i][j]
                c[i * s + j] = tableau.c[i][j]
            }
        }
        m = .allocate(capacity: s)
        m.initialize(from: tableau.m, count: s)
        e = .allocate(capacity: s)
        e.initialize(from: tableau.e, count: s)
        alpha = .allocate(capacity: s)
        alpha.initialize(from: tableau.alpha, count: s)
        gamma = .allocate(capacity: s)
        gamma.initialize(from: tableau.gamma, count: s)
    }

    deinit {
        for buffer in [stages, stageState, evaluation, a, c, m, e, alpha, gamma] {
            buffer.deallocate()
        }
        newF.deallocate()
    }

    /// Forgets the Jacobian and the factorisation (GSL's `reset`: the driver was reset, the system may
    /// have changed), so that the next step evaluates and factorises afresh.
    func invalidate() {
        jacobianTime = nil
        factorisedStep = nil
        lastAttemptTime = nil
    }
}

/// Linearly implicit Rosenbrock methods, supplied to GSL as their own `gsl_odeiv2_step_type`s so that
/// GSL's evolve and control objects drive them like GSL's own steppers.
///
/// One step of an s-stage method (`RosenbrockTableau`) from (t, y) with step h solves with
/// G = 1/(h γ₁) · I − J, factorised with banded LU (`BandedLU`, LAPACK's dgbtf2 on GSL's layout) when
/// the system declares a `Bandwidth`, else with GSL's dense LU. No Newton iteration: s solves per
/// step, which for pdtsim's session kinetics (bandwidth 4 with states interleaved by cell) is linear
/// in the number of cells. A Rosenbrock method (RODAS3, RODAS4) evaluates J and factorises G at every
/// step attempt; a W-method (ROS34PW2) keeps both across steps (`RosenbrockWorkspace.step`).
///
/// The GSL step types of the Rosenbrock methods, created once.
enum RosenbrockStepTypes {
    nonisolated(unsafe) static let rodas3 = makeType(
        name: "rodas3", alloc: { RosenbrockStepTypes.allocate(.rodas3, $0) })
    nonisolated(unsafe) static let rodas4 = makeType(
        name: "rodas4", alloc: { RosenbrockStepTypes.allocate(.rodas4, $0) })
    nonisolated(unsafe) static let ros34pw2 = makeType(
        name: "ros34pw2", alloc: { RosenbrockStepTypes.allocate(.ros34pw2, $0) })

    typealias Alloc = @convention(c) (Int) -> UnsafeMutableRawPointer?

    static func allocate(_ tableau: RosenbrockTableau, _ dimension: Int) -> UnsafeMutableRawPointer? {
        Unmanaged.passRetained(RosenbrockWorkspace(tableau: tableau, dimension: dimension)).toOpaque()
    }

    static func workspace(_ state: UnsafeMutableRawPointer?) -> RosenbrockWorkspace {
        Unmanaged<RosenbrockWorkspace>.fromOpaque(state!).takeUnretainedValue()
    }

    static func makeType(name: String, alloc: Alloc) -> UnsafePointer<gsl_odeiv2_step_type> {
        let type = UnsafeMutablePointer<gsl_odeiv2_step_type>.allocate(capacity: 1)
        type.initialize(
            to: gsl_odeiv2_step_type(
                name: UnsafePointer(strdup(name)), can_use_dydt_in: 1, gives_exact_dydt_out: 1, alloc: alloc,
                apply: apply, set_driver: { _, _ in GSLStatus.success.code },
                reset: { state, _ in
                    RosenbrockStepTypes.workspace(state).invalidate()
                    return GSLStatus.success.code
                },
                order: { state in RosenbrockStepTypes.workspace(state).tableau.order },
                free: { state in Unmanaged<RosenbrockWorkspace>.fromOpaque(state!).release() }))
        return UnsafePointer(type)
    }

    /// `gsl_odeiv2_step_type.apply`: one step from (t, y) with step h; writes y_new into y, the error
    /// estimate into yerr and f(t + h, y_new) into dydt_out. On failure y is left unchanged.
    static let apply:
        @convention(c) (
            UnsafeMutableRawPointer?, Int, Double, Double, UnsafeMutablePointer<Double>?, UnsafeMutablePointer<Double>?,
            UnsafePointer<Double>?, UnsafeMutablePointer<Double>?, UnsafePointer<gsl_odeiv2_system>?
        ) -> Int32 = { state, dimension, t, h, y, yerr, dydtIn, dydtOut, system in
            guard let y, let yerr, let dydtOut, let system, let params = system.pointee.params else {
                return GSLStatus.fault.code
            }
            let work = RosenbrockStepTypes.workspace(state)
            let callbacks = Unmanaged<ODECallbacks>.fromOpaque(params).takeUnretainedValue()
            return work.step(t: t, h: h, y: y, yerr: yerr, dydtIn: dydtIn, dydtOut: dydtOut, callbacks: callbacks)
        }
}

extension RosenbrockWorkspace {
    /// One step from (t, y) with step h (see `RosenbrockTableau` for the formulas).
    ///
    /// J and G: a Rosenbrock method evaluates J at (t, y) and factorises G at every attempt. A W-method
    /// evaluates J when it has none, when it has made `maximumJacobianAge` attempts with it, or when this
    /// attempt starts from the time of the previous one (that attempt was rejected or failed) with a J
    /// evaluated at an earlier time; it factorises G when J is new or h differs from the h of the
    /// factorisation, and otherwise solves with the factorisation it has. (A factorisation for another
    /// h′ is also a W-method, with A = J′ + (1/(h γ₁) − 1/(h′ γ₁)) I, but on the session kinetics a
    /// reuse within 10 % of h′ tripled the rejected steps: Models/MODEL.md §10.2.)
    ///
    /// Finiteness is checked once, on y_new, the error estimate and f(t + h, y_new): a non-finite stage
    /// evaluation reaches them (`RosenbrockTableau.everyStageReachesResult`); J is checked when
    /// evaluated. Returns `GSL_EBADFUNC` for a non-finite value, `GSL_FAILURE` for a singular G.
    func step(
        t: Double, h: Double, y: UnsafeMutablePointer<Double>, yerr: UnsafeMutablePointer<Double>,
        dydtIn: UnsafePointer<Double>?, dydtOut: UnsafeMutablePointer<Double>, callbacks: ODECallbacks
    ) -> Int32 {
        let n = dimension
        let s = stageCount
        let success = GSLStatus.success.code
        if iteration.prepare(band: callbacks.system.bandwidth) { invalidate() }
        let retry = lastAttemptTime == t
        lastAttemptTime = t
        var refreshJacobian = true
        var refactorise = true
        if tableau.isWMethod, let evaluatedAt = jacobianTime {
            refreshJacobian = jacobianAge >= Self.maximumJacobianAge || (retry && evaluatedAt != t)
            refactorise = refreshJacobian || factorisedStep != h
        }
        if refreshJacobian {
            jacobianTime = nil
            factorisedStep = nil
            let status = iteration.evaluateJacobian(t: t, y: UnsafePointer(y), callbacks: callbacks)
            guard status == success else { return status }
            jacobianTime = t
            jacobianAge = 0
        }
        jacobianAge &+= 1
        if refactorise {
            factorisedStep = nil
            callbacks.factorisations &+= 1
            guard iteration.factorise(diagonal: 1 / (h * gamma[0])) else { return GSLStatus.failure.code }
            factorisedStep = h
        }
        for i in 0..<s {
            let stage = stages + i &* n
            // Fᵢ into the stage's slot.
            if i == 0 {
                if let dydtIn {
                    stage.update(from: dydtIn, count: n)
                } else {
                    callbacks.evaluate(t: t, y: UnsafePointer(y), into: stage)
                }
            } else if newF[i] {
                stageState.update(from: y, count: n)
                for j in 0..<i {
                    let aij = a[i &* s &+ j]
                    if aij == 0 { continue }
                    axpy(n, aij, stages + j &* n, stageState)
                }
                callbacks.evaluate(t: t + alpha[i] * h, y: stageState, into: stage)
            } else {
                stage.update(from: evaluation, count: n)
            }
            if i + 1 < s && !newF[i + 1] { evaluation.update(from: stage, count: n) }
            // G Kᵢ = Fᵢ + Σ (c_ij/h) Kⱼ + h γᵢ ∂f/∂t.
            let hGamma = h * gamma[i]
            if hGamma != 0 && !iteration.autonomous {
                axpy(n, hGamma, iteration.timeDerivative, stage)
            }
            for j in 0..<i {
                let cij = c[i &* s &+ j] / h
                if cij == 0 { continue }
                axpy(n, cij, stages + j &* n, stage)
            }
            callbacks.linearSolves &+= 1
            guard iteration.solve(stage) else { return GSLStatus.failure.code }
        }
        // y_new = y + Σ mᵢ Kᵢ and the error estimate Σ eᵢ Kᵢ, summed in stage order; the estimate
        // starts from its first term (not from zeros).
        stageState.update(from: y, count: n)
        var estimated = false
        for i in 0..<s {
            let stage = stages + i &* n
            let mi = m[i]
            if mi != 0 { axpy(n, mi, stage, stageState) }
            let ei = e[i]
            if ei == 0 { continue }
            if estimated {
                axpy(n, ei, stage, yerr)
            } else {
                for k in 0..<n { yerr[k] = ei * stage[k] }
                estimated = true
            }
        }
        if !estimated { yerr.update(repeating: 0, count: n) }
        callbacks.evaluate(t: t + h, y: stageState, into: dydtOut)
        guard
            ODECallbacks.allFinite(stageState, count: n) && ODECallbacks.allFinite(yerr, count: n)
                && ODECallbacks.allFinite(dydtOut, count: n)
        else { return GSLStatus.badFunction.code }
        y.update(from: stageState, count: n)
        return success
    }
}
