import CGSL
import Foundation

/// A variable-order (1–5), variable-coefficient BDF method in Nordsieck form with a modified Newton
/// iteration on a banded (or dense) iteration matrix: pdtsim's own `gsl_odeiv2_step_type` `bdf`.
///
/// The method is GSL's `msbdf` (VODE's variable-coefficient BDF, Brown, Byrne & Hindmarsh 1989, as
/// adapted to GSL's driver by T. Keskitalo): the same Nordsieck history, coefficients, order selection
/// and interplay with GSL's control; its linear algebra and its Newton iteration are CVODE's
/// (Hindmarsh et al. 2005). With the Nordsieck array z = [y, h y′, h² y″/2!, …, h^q y^(q)/q!] of the
/// last accepted step, a step of order q and size h
///
/// - rescales z to h (zⱼ ← (h/h_prev)ʲ zⱼ) and predicts z ← z P, P the Pascal matrix;
/// - solves for the correction e with y_n = z₀ + e, h y′_n = z₁ + l₁ e and y′_n = f(t + h, y_n), that
///   is F(e) = e + z₁/l₁ − γ f(t + h, z₀ + e) = 0 with γ = h/l₁, by a modified Newton iteration with
///   M = I − γ J: M δ = −F(e), e ← e + δ, at most 3 iterations, one f evaluation and one solve each;
/// - corrects z ← z + l e (l the method's coefficients for the step-size history), returns y_n = z₀ and
///   the local error estimate |e| · C_q to the control (`BDFControl`, GSL's standard control with
///   CVODE's restraint on increases), which accepts the step or retries it with a smaller h (restoring
///   the history) and chooses the next h; the order is chosen here, every q + 1 steps, as the one of
///   q − 1, q, q + 1 that allows the largest step.
///
/// Jacobian and factorisation are kept across steps (CVODE's rules): J is evaluated at the first step,
/// after `maximumJacobianAge` steps and when the iteration fails to converge with an older J (the step
/// is then retried once with the new J before it fails); M = γ (1/γ · I − J) is factorised again when
/// J is new or γ/γ_M leaves [0.7, 1.3], γ_M the γ of the factorisation, and the Newton correction
/// solved with an older factorisation is scaled by 2/(1 + γ/γ_M). The iteration has converged when
/// ‖δ‖ · min(1, ρ) · C_q ≤ 0.1 (RMS norm weighted by GSL's error levels 1/D_i, ρ the estimated
/// convergence rate, kept across steps); it has failed after 3 iterations or when ‖δ‖ doubles. A failed
/// step returns `GSL_FAILURE` and GSL's evolve halves h. Finiteness is checked once per iteration on
/// ‖δ‖ (a non-finite f makes it non-finite) and once per step on y_n and the error estimate.
final class BDFWorkspace {
    /// The highest order of the BDF formulas (beyond 6 they are unstable; 5 as in CVODE and msbdf).
    static let highestOrder = 5
    /// J is evaluated again after this many steps with one J (CVODE's `MSBP`).
    static let maximumJacobianAge = 20
    /// The factorisation is redone when γ/γ_M leaves [1 − this, 1 + this] (CVODE's `DGMAX`).
    static let gammaChangeLimit = 0.3

    let dimension: Int
    /// The highest order this instance may use (1 … `highestOrder`): below 5 only to measure the
    /// fixed-order convergence of the lower orders.
    let orderLimit: Int
    /// J, M's factorisation, solves.
    let iteration: IterationMatrix
    /// The GSL driver (for its control's error levels), set by GSL's `set_driver`.
    var driver: UnsafePointer<gsl_odeiv2_driver>?

    /// The Nordsieck array, row j (0 … q) holding h^j y^(j)/j! at the last accepted step, and its copy
    /// taken before each new step, from which a rejected or failed step is retried.
    let nordsieck: UnsafeMutablePointer<Double>
    let nordsieckBackup: UnsafeMutablePointer<Double>
    /// 1/D_i, GSL's control's error level of each component at the start of the step.
    let weights: UnsafeMutablePointer<Double>
    /// The accumulated Newton correction e (of the last accepted step, between steps).
    let correction: UnsafeMutablePointer<Double>
    /// The Newton update δ.
    let update: UnsafeMutablePointer<Double>
    /// f at the predicted state, then at the iterates.
    let predictedDerivative: UnsafeMutablePointer<Double>
    let derivative: UnsafeMutablePointer<Double>
    /// The Newton iterate z₀ + e.
    let iterate: UnsafeMutablePointer<Double>
    /// f(t, y) at the start of the integration (z₁ = h f), kept for a retried first step.
    let initialDerivative: UnsafeMutablePointer<Double>
    private var initialDerivativeTime: Double?
    /// The weighted correction of the step before an order evaluation, for the order q + 1 estimate.
    let savedCorrection: UnsafeMutablePointer<Double>
    /// l₀ … l₅, the coefficients of the current step.
    let l: UnsafeMutablePointer<Double>

    /// What a retried step restores besides the Nordsieck array.
    struct History {
        /// Whether the Nordsieck array holds a start (false: the next step starts at order 1).
        var started = false
        /// Steps until the order may change.
        var orderWait = 2
        /// The sizes and orders of the last 5 accepted steps, newest first.
        var steps = SIMD8<Double>(repeating: 0)
        var orders = SIMD8<Int>(repeating: 1)
        /// The order-(q + 1) coefficient of the step whose correction is in `savedCorrection`.
        var savedCoefficient = 1.0
        /// The last steps taken with the last step's size and order, that one included (`BDFControl`
        /// raises h only after q + 1 of them).
        var unchangedSteps = 0
    }
    private(set) var history = History()
    private var historyBackup = History()
    /// The order of the next step (changed by the order selection and by failures, not restored).
    private(set) var order = 1
    /// The order of the last step attempted, reported to GSL's control.
    private(set) var attemptedOrder = 1
    /// The time of the last step attempt (a second attempt from it is a retry), of the last failed one
    /// and its order, and the attempts from the current time.
    private var lastAttemptTime: Double?
    private var failureTime: Double?
    private var failureOrder = 0
    private var attempts = 0

    /// Steps since J was evaluated (nil: no valid J), γ of the current factorisation (nil: none), and
    /// the Newton iteration's convergence rate estimate ρ.
    private(set) var jacobianAge: Int?
    private(set) var factorisedGamma: Double?
    private var convergenceRate = 1.0

    init(dimension: Int, orderLimit: Int = BDFWorkspace.highestOrder) {
        precondition((1...Self.highestOrder).contains(orderLimit), "BDF order limit \(orderLimit) outside 1 … 5")
        self.dimension = dimension
        self.orderLimit = orderLimit
        iteration = IterationMatrix(dimension: dimension)
        let rows = Self.highestOrder + 1
        nordsieck = .allocate(capacity: rows * dimension)
        nordsieck.initialize(repeating: 0, count: rows * dimension)
        nordsieckBackup = .allocate(capacity: rows * dimension)
        nordsieckBackup.initialize(repeating: 0, count: rows * dimension)
        weights = .allocate(capacity: dimension)
        correction = .allocate(capacity: dimension)
        correction.initialize(repeating: 0, count: dimension)
        update = .allocate(capacity: dimension)
        predictedDerivative = .allocate(capacity: dimension)
        derivative = .allocate(capacity: dimension)
        iterate = .allocate(capacity: dimension)
        initialDerivative = .allocate(capacity: dimension)
        savedCorrection = .allocate(capacity: dimension)
        savedCorrection.initialize(repeating: 0, count: dimension)
        l = .allocate(capacity: rows)
        l.initialize(repeating: 0, count: rows)
    }

    deinit {
        for buffer in [
            nordsieck, nordsieckBackup, weights, correction, update, predictedDerivative, derivative, iterate,
            initialDerivative, savedCorrection, l,
        ] {
            buffer.deallocate()
        }
    }

    /// Forgets the history, the Jacobian and the factorisation (GSL's `reset`: the driver was reset,
    /// the system may have changed): the next step starts at order 1 from the state it is given.
    func reset() {
        history = History()
        historyBackup = History()
        order = 1
        attemptedOrder = 1
        lastAttemptTime = nil
        failureTime = nil
        failureOrder = 0
        attempts = 0
        initialDerivativeTime = nil
        jacobianAge = nil
        factorisedGamma = nil
        convergenceRate = 1
    }

    /// The coefficients of a step of order q and size h after the steps `history.steps`: l₀ … l_q of
    /// the corrector, the error constant C_q (local error ≈ C_q |e|) and the constants of the error
    /// estimates at orders q − 1, q + 1 (the latter needs q + 2 steps of history) used by the order
    /// selection (VODE's variable-coefficient formulas, as in GSL's msbdf).
    struct Coefficients {
        var error = 0.5
        var lower = 0.0
        var higher = 2.0
        var higherEstimate = 0.0
    }

    func coefficients(order q: Int, h: Double) -> Coefficients {
        let steps = history.steps
        var result = Coefficients()
        l.update(repeating: 0, count: Self.highestOrder + 1)
        l[0] = 1
        l[1] = 1
        if q == 1 {
            let sum = h + steps[0]
            let a5 = -1.5
            let a6 = -1 - h / sum
            result.higherEstimate = abs(2 / (1 - a6 + a5) * (h / sum) * 3 * a5)
            return result
        }
        var sum = h
        var c1 = -1.0
        if q > 2 {
            for i in 2..<q {
                sum += steps[i - 2]
                c1 -= 1 / Double(i)
                for j in stride(from: i, to: 0, by: -1) { l[j] += h / sum * l[j - 1] }
            }
        }
        c1 -= 1 / Double(q)
        let x = -l[1] - c1
        for i in stride(from: q, to: 0, by: -1) { l[i] += l[i - 1] * x }
        sum += steps[q - 2]
        let c2 = -l[1] - h / sum
        let a1 = 1 - c2 + c1
        let a2 = 1 + Double(q) * a1
        result.error = abs(a1 / (c1 * a2))
        if history.orderWait < 2 {
            let a3 = c1 + 1 / Double(q)
            let a4 = c2 + h / sum
            result.lower = abs(a3 / (1 - a4 + a3) / (x / l[q]))
            result.higher = abs(a2 / (l[q] * (h / sum) / x))
            sum += steps[q - 1]
            let a5 = c1 - 1 / (Double(q) + 1)
            let a6 = c2 - h / sum
            result.higherEstimate = abs(a2 / (1 - a6 + a5) * (h / sum) * Double(q + 2) * a5)
        }
        return result
    }
}

/// The GSL step type of the BDF method, created once.
enum BDFStepTypes {
    nonisolated(unsafe) static let bdf = makeType(name: "bdf") { BDFStepTypes.allocate($0, orderLimit: 5) }

    typealias Alloc = @convention(c) (Int) -> UnsafeMutableRawPointer?

    static func allocate(_ dimension: Int, orderLimit: Int) -> UnsafeMutableRawPointer? {
        Unmanaged.passRetained(BDFWorkspace(dimension: dimension, orderLimit: orderLimit)).toOpaque()
    }

    static func workspace(_ state: UnsafeMutableRawPointer?) -> BDFWorkspace {
        Unmanaged<BDFWorkspace>.fromOpaque(state!).takeUnretainedValue()
    }

    /// A step type named `name`. It takes no f(t, y) from the evolve object (`can_use_dydt_in` 0: the
    /// Nordsieck array carries the derivative, and an evaluation per step would be wasted) and gives
    /// the derivative of its interpolating polynomial, z₁/h, as dydt_out (not f(t + h, y_n)).
    static func makeType(name: String, alloc: Alloc) -> UnsafePointer<gsl_odeiv2_step_type> {
        let type = UnsafeMutablePointer<gsl_odeiv2_step_type>.allocate(capacity: 1)
        type.initialize(
            to: gsl_odeiv2_step_type(
                name: UnsafePointer(strdup(name)), can_use_dydt_in: 0, gives_exact_dydt_out: 0, alloc: alloc,
                apply: apply,
                set_driver: { state, driver in
                    BDFStepTypes.workspace(state).driver = driver
                    return GSLStatus.success.code
                },
                reset: { state, _ in
                    BDFStepTypes.workspace(state).reset()
                    return GSLStatus.success.code
                },
                order: { state in UInt32(BDFStepTypes.workspace(state).attemptedOrder) },
                free: { state in Unmanaged<BDFWorkspace>.fromOpaque(state!).release() }))
        return UnsafePointer(type)
    }

    /// `gsl_odeiv2_step_type.apply`: one step from (t, y) with step h; writes y_n into y, the error
    /// estimate into yerr and z₁/h into dydt_out. On failure y is left unchanged.
    static let apply:
        @convention(c) (
            UnsafeMutableRawPointer?, Int, Double, Double, UnsafeMutablePointer<Double>?, UnsafeMutablePointer<Double>?,
            UnsafePointer<Double>?, UnsafeMutablePointer<Double>?, UnsafePointer<gsl_odeiv2_system>?
        ) -> Int32 = { state, _, t, h, y, yerr, _, dydtOut, system in
            guard let y, let yerr, let dydtOut, let system, let params = system.pointee.params else {
                return GSLStatus.fault.code
            }
            let work = BDFStepTypes.workspace(state)
            let callbacks = Unmanaged<ODECallbacks>.fromOpaque(params).takeUnretainedValue()
            return work.step(t: t, h: h, y: y, yerr: yerr, dydtOut: dydtOut, callbacks: callbacks)
        }
}

extension BDFWorkspace {
    /// One step from (t, y) with step h (see the type's documentation). A call from the time of the
    /// previous call is a retry of a step that GSL's control rejected or that failed: the history is
    /// restored first, and after 3 retries from one time the method restarts at order 1.
    func step(
        t: Double, h: Double, y: UnsafeMutablePointer<Double>, yerr: UnsafeMutablePointer<Double>,
        dydtOut: UnsafeMutablePointer<Double>, callbacks: ODECallbacks
    ) -> Int32 {
        let n = dimension
        let success = GSLStatus.success.code
        guard let control = driver?.pointee.c else { return GSLStatus.fault.code }
        if iteration.prepare(band: callbacks.system.bandwidth) {
            jacobianAge = nil
            factorisedGamma = nil
        }
        if lastAttemptTime == t {
            history = historyBackup
            order = min(order, history.orders[0])
            attempts &+= 1
            if history.started {
                nordsieck.update(from: nordsieckBackup, count: (history.orders[0] &+ 1) &* n)
            }
            if attempts > 3 && history.started {
                history = History()
                jacobianAge = nil
            }
        } else {
            historyBackup = history
            if history.started {
                nordsieckBackup.update(from: nordsieck, count: (history.orders[0] &+ 1) &* n)
            }
            attempts = 0
        }
        lastAttemptTime = t

        // GSL's standard control (pdtsim's driver uses `gsl_odeiv2_control_y_new`) has the error level
        // D_i = ε_abs + ε_rel (a_y |y_i| + a_dydt h |y′_i|), here with y′ = 0 (as msbdf without dydt_in):
        // affine in |y_i| and alike for every i, so two calls give every D_i.
        var base = 0.0
        var unit = 0.0
        guard gsl_odeiv2_control_errlevel(control, 0, 0, h, 0, &base) == success,
            gsl_odeiv2_control_errlevel(control, 1, 0, h, 0, &unit) == success
        else { return GSLStatus.fault.code }
        let slope = unit - base
        for i in 0..<n {
            let level = base + slope * abs(y[i])
            weights[i] = level > 0 ? 1 / level : 1 / Double.leastNormalMagnitude
        }

        let z1 = nordsieck + n
        if !history.started {
            order = 1
            if initialDerivativeTime != t {
                callbacks.evaluate(t: t, y: UnsafePointer(y), into: initialDerivative)
                initialDerivativeTime = t
            }
            nordsieck.update(from: y, count: n)
            for i in 0..<n { z1[i] = h * initialDerivative[i] }
            history.started = true
            history.orderWait = 2
        } else {
            adjustOrder(h: h)
            if h != history.steps[0] {
                let ratio = h / history.steps[0]
                var factor = ratio
                for j in 1...order {
                    let row = nordsieck + j &* n
                    for i in 0..<n { row[i] *= factor }
                    factor *= ratio
                }
            }
        }
        let q = order
        attemptedOrder = q
        let coefficients = coefficients(order: q, h: h)
        // Prediction: z ← z P.
        for i in 1...q {
            for j in stride(from: q, through: i, by: -1) {
                axpy(n, 1, nordsieck + j &* n, nordsieck + (j &- 1) &* n)
            }
        }
        let status = correct(t: t, h: h, errorCoefficient: coefficients.error, callbacks: callbacks)
        guard status == success else {
            if status == GSLStatus.failure.code {
                if q > 1 && q == history.orders[0] && q == failureOrder && t == failureTime { order = q - 1 }
                failureOrder = q
                failureTime = t
            }
            return status
        }
        for j in 0...q { axpy(n, l[j], correction, nordsieck + j &* n) }
        for i in 0..<n { yerr[i] = abs(correction[i]) * coefficients.error }
        guard ODECallbacks.allFinite(nordsieck, count: n) && ODECallbacks.allFinite(yerr, count: n) else {
            return GSLStatus.badFunction.code
        }
        y.update(from: nordsieck, count: n)
        let inverseStep = 1 / h
        for i in 0..<n { dydtOut[i] = z1[i] * inverseStep }

        if history.orderWait == 1 && q < orderLimit {
            history.savedCoefficient = coefficients.higher
            for i in 0..<n { savedCorrection[i] = correction[i] * weights[i] }
        }
        if history.orderWait == 0 { selectOrder(h: h, coefficients: coefficients) }
        for k in stride(from: Self.highestOrder - 1, to: 0, by: -1) {
            history.steps[k] = history.steps[k - 1]
            history.orders[k] = history.orders[k - 1]
        }
        history.unchangedSteps = h == history.steps[0] && q == history.orders[0] ? history.unchangedSteps &+ 1 : 1
        history.steps[0] = h
        history.orders[0] = q
        history.orderWait -= 1
        jacobianAge = jacobianAge.map { $0 &+ 1 }
        return success
    }

    /// The Nordsieck array of the previous step's order q′ made one for the order q = q′ ± 1 of this
    /// step (VODE's adjustment for the variable step history; a new highest row from the last
    /// correction when the order rises above 2, zero when it rises to 2).
    private func adjustOrder(h: Double) {
        let n = dimension
        let q = order
        let steps = history.steps
        if q == history.orders[0] + 1 {
            let top = nordsieck + q &* n
            guard q > 2 else {
                top.update(repeating: 0, count: n)
                return
            }
            l.update(repeating: 0, count: Self.highestOrder + 1)
            l[2] = 1
            var sum = h
            var c1 = -1.0
            var c2 = 1.0
            var previous = 1.0
            var product = 1.0
            for i in 1..<(q - 1) {
                sum += steps[i]
                let relative = sum / h
                product *= relative
                c1 -= 1 / Double(i + 1)
                c2 += 1 / relative
                for j in stride(from: i + 2, to: 1, by: -1) {
                    l[j] *= previous
                    l[j] += l[j - 1]
                }
                previous = relative
            }
            let c = (-c1 - c2) / product
            for i in 0..<n { top[i] = c * correction[i] }
            for j in 2..<q { axpy(n, l[j], top, nordsieck + j &* n) }
        } else if q == history.orders[0] - 1 {
            l.update(repeating: 0, count: Self.highestOrder + 1)
            l[2] = 1
            var sum = 0.0
            for i in 1..<q {
                sum += steps[i - 1]
                for j in stride(from: i + 2, to: 1, by: -1) {
                    l[j] *= sum / h
                    l[j] += l[j - 1]
                }
            }
            let dropped = nordsieck + (q &+ 1) &* n
            for j in stride(from: 2, through: q, by: 1) { axpy(n, -l[j], dropped, nordsieck + j &* n) }
        }
    }

    /// The Newton iteration for the correction e of a predicted step (see the type's documentation).
    /// Returns `GSL_SUCCESS` with e in `correction`, `GSL_FAILURE` when it does not converge (or M is
    /// singular), `GSL_EBADFUNC` for a non-finite f or J.
    private func correct(t: Double, h: Double, errorCoefficient: Double, callbacks: ODECallbacks) -> Int32 {
        let n = dimension
        let success = GSLStatus.success.code
        let z0 = nordsieck
        let z1 = nordsieck + n
        let gamma = h / l[1]
        let inverseL1 = 1 / l[1]
        callbacks.evaluate(t: t + h, y: z0, into: predictedDerivative)
        var freshJacobian = false
        if jacobianAge == nil || jacobianAge! >= Self.maximumJacobianAge {
            let status = refreshJacobian(t: t + h, gamma: gamma, callbacks: callbacks)
            guard status == success else { return status }
            freshJacobian = true
        } else if !(factorisedGamma.map { abs(gamma / $0 - 1) <= Self.gammaChangeLimit } ?? false) {
            guard factorise(gamma: gamma, callbacks: callbacks) else { return GSLStatus.failure.code }
        }
        while true {
            guard let factorised = factorisedGamma else { return GSLStatus.failure.code }
            let ratio = gamma / factorised
            let scale = (ratio == 1 ? 1 : 2 / (1 + ratio)) / factorised
            correction.update(repeating: 0, count: n)
            var f = UnsafePointer(predictedDerivative)
            var previousNorm = 0.0
            var converged = false
            for iteration in 0..<3 {
                for i in 0..<n { update[i] = scale * (gamma * f[i] - z1[i] * inverseL1 - correction[i]) }
                callbacks.linearSolves &+= 1
                guard self.iteration.solve(update) else { return GSLStatus.failure.code }
                var sum = 0.0
                for i in 0..<n {
                    correction[i] += update[i]
                    iterate[i] = z0[i] + correction[i]
                    let weighted = update[i] * weights[i]
                    sum += weighted * weighted
                }
                let norm = (sum / Double(n)).squareRoot()
                guard norm.isFinite else {
                    if !ODECallbacks.allFinite(f, count: n) { return GSLStatus.badFunction.code }
                    break
                }
                if iteration > 0 { convergenceRate = max(0.3 * convergenceRate, norm / previousNorm) }
                if norm * min(1, convergenceRate) * errorCoefficient <= 0.1 {
                    converged = true
                    break
                }
                if iteration > 0 && norm > 2 * previousNorm { break }
                if iteration == 2 { break }
                callbacks.evaluate(t: t + h, y: iterate, into: derivative)
                f = UnsafePointer(derivative)
                previousNorm = norm
            }
            if converged { return success }
            guard !freshJacobian else { return GSLStatus.failure.code }
            let status = refreshJacobian(t: t + h, gamma: gamma, callbacks: callbacks)
            guard status == success else { return status }
            freshJacobian = true
        }
    }

    /// Evaluates J at (t, z₀), the predicted state, and factorises M for γ.
    private func refreshJacobian(t: Double, gamma: Double, callbacks: ODECallbacks) -> Int32 {
        jacobianAge = nil
        factorisedGamma = nil
        let status = iteration.evaluateJacobian(t: t, y: nordsieck, callbacks: callbacks)
        guard status == GSLStatus.success.code else { return status }
        jacobianAge = 0
        return factorise(gamma: gamma, callbacks: callbacks) ? status : GSLStatus.failure.code
    }

    /// Factorises M = I − γ J as γ (1/γ · I − J), resetting the convergence rate estimate. Returns false
    /// for a singular M.
    private func factorise(gamma: Double, callbacks: ODECallbacks) -> Bool {
        callbacks.factorisations &+= 1
        factorisedGamma = nil
        convergenceRate = 1
        guard iteration.factorise(diagonal: 1 / gamma) else { return false }
        factorisedGamma = gamma
        return true
    }

    /// Chooses the order of the next steps among q − 1, q, q + 1: the one whose error estimate allows
    /// the largest step, if that step is at least 1.5 times the current one (msbdf's rule, with its
    /// biases 6 for q − 1 and q, 10 for q + 1). Then waits q + 2 steps before the next choice.
    private func selectOrder(h: Double, coefficients: Coefficients) {
        let n = dimension
        let q = order
        let count = Double(n)
        var sum = 0.0
        for i in 0..<n {
            let e = correction[i] * weights[i]
            sum += e * e
        }
        let current = 1 / (pow(6 * (sum / count).squareRoot() * coefficients.error, 1 / Double(q + 1)) + 1e-6)
        var lower = 0.0
        if q > 1 {
            let top = nordsieck + q &* n
            sum = 0
            for i in 0..<n {
                let e = top[i] * weights[i]
                sum += e * e
            }
            lower = 1 / (pow(6 * (sum / count).squareRoot() / coefficients.lower, 1 / Double(q)) + 1e-6)
        }
        var higher = 0.0
        if q < orderLimit {
            let c = -coefficients.higher / history.savedCoefficient * pow(h / history.steps[1], Double(q + 1))
            sum = 0
            for i in 0..<n {
                let e = savedCorrection[i] * c + correction[i] * weights[i]
                savedCorrection[i] = e
                sum += e * e
            }
            higher =
                1 / (pow(10 * (sum / count).squareRoot() / coefficients.higherEstimate, 1 / Double(q + 2)) + 1e-6)
        }
        if lower > current && lower > higher && lower > 1.5 {
            order = q - 1
        } else if higher > current && higher > lower && higher > 1.5 {
            order = q + 1
        }
        history.orderWait = order + 2
    }
}
