import Foundation
import Testing

@testable import PDTCore
@testable import PDTNumerics
@testable import PDTStudies

/// The steppers on non-autonomous problems (f depending on t), where the stage times (αᵢ) and the
/// ∂f/∂t coefficients (γᵢ) of a method matter: GSL's `ode-initval2/test.c` problems `stifftrig` and
/// `cos` with adaptive steps, and the observed order of convergence of every one-step method with
/// fixed steps.
struct ODEOrderTests {
    // MARK: - GSL test.c's non-autonomous problems, adaptive steps

    /// GSL's `stifftrig`: y′ = −50 (y − cos t), y(0) = 0, on [0, 1.5], with ∂f/∂t = −50 sin t. Exact:
    /// y = (2500 cos t + 50 sin t − 2500 e^(−50 t)) / 2501.
    static let stiffTrig = ODEDriverTests.Problem(
        name: "stifftrig",
        system: ODESystem(
            dimension: 1,
            rhs: { t, y, dydt in dydt[0] = -50 * (y[0] - cos(t)) },
            jacobian: { t, _, dfdy, dfdt in
                dfdy[0, 0] = -50
                dfdt[0] = -50 * sin(t)
            }),
        initial: [0], outputTimes: [0.05, 0.1, 0.5, 1, 1.5],
        exact: { t in [(2500 * cos(t) + 50 * sin(t) - 2500 * exp(-50 * t)) / 2501] })

    /// GSL's `cos`: y′ = cos t, y(0) = 0, with ∂f/∂y = 0 and ∂f/∂t = −sin t. Exact: y = sin t. GSL
    /// integrates it backwards to t = −4; pdtsim's driver runs forwards only, so to t = 4. With J = 0 a
    /// Rosenbrock step is a quadrature rule whose nodes are the stage times αᵢ and whose ∂f/∂t terms
    /// carry γᵢ: both are tested head-on.
    static let cosine = ODEDriverTests.Problem(
        name: "cos",
        system: ODESystem(
            dimension: 1,
            rhs: { t, _, dydt in dydt[0] = cos(t) },
            jacobian: { t, _, _, dfdt in dfdt[0] = -sin(t) }),
        initial: [0], outputTimes: [0.5, 1, 2, 3, 4],
        exact: { t in [sin(t)] })

    static let matrix: [(ODEStepper, ODEDriverTests.Problem)] = ODEStepper.allCases.flatMap { stepper in
        [stiffTrig, cosine].map { (stepper, $0) }
    }

    /// Every stepper, pdtsim's and GSL's, with the tolerance and global-error bound of
    /// `ODEDriverTests.accuracy` (bounds that hold on these problems with GSL 2.7.1 with a margin of
    /// about ten).
    @Test("every stepper solves GSL's non-autonomous problems stifftrig and cos", arguments: matrix)
    func nonAutonomous(stepper: ODEStepper, problem: ODEDriverTests.Problem) throws {
        let (tolerance, maxError) = ODEDriverTests.accuracy(stepper)
        let driver = try ODEDriver(
            system: problem.system, stepper: stepper,
            tolerances: ODETolerances(absolute: tolerance, relative: tolerance))
        var t = 0.0
        var y = problem.initial
        var worst = 0.0
        for output in problem.outputTimes {
            try #require(driver.integrate(from: &t, to: output, state: &y) == .success)
            worst = max(worst, abs(y[0] - problem.exact(t)[0]))
        }
        #expect(worst <= maxError, "max error \(worst) of \(stepper.rawValue) on \(problem.name)")
    }

    // MARK: - Observed order of convergence, fixed steps

    /// y′ = λ (y − cos t) − sin t, y(0) = 2: y = cos t + e^(λ t), with ∂f/∂y = λ and
    /// ∂f/∂t = λ sin t − cos t. Non-autonomous, so that wrong stage times or ∂f/∂t coefficients cost
    /// order; λ is chosen per run so that |h λ| ≤ 0.1 at the largest step (at larger |h λ| the stiff
    /// order reduction of the implicit methods would blur the slope).
    /// With `jacobianFactor` ≠ 1 the Jacobian callback returns ∂f/∂y scaled by it: a wrong Jacobian,
    /// which only a W-method tolerates without losing order.
    static func forcedDecay(lambda: Double, jacobianFactor: Double = 1) -> ODESystem {
        ODESystem(
            dimension: 1,
            rhs: { t, y, dydt in dydt[0] = lambda * (y[0] - cos(t)) - sin(t) },
            jacobian: { t, _, dfdy, dfdt in
                dfdy[0, 0] = jacobianFactor * lambda
                dfdt[0] = lambda * sin(t) - cos(t)
            })
    }

    /// How each one-step method is measured: the order its propagated solution has in GSL 2.7.1 (or
    /// pdtsim), the largest step, the number of halvings and the span of t.
    ///
    /// - `rk2` propagates the third-order solution of its (2, 3) pair (Kutta's y + h (k₁ + 4 k₂ + k₃)/6,
    ///   the second-order one only serves the error estimate): 3. `rkf45` and `rkck` propagate their
    ///   fifth-order solutions: 5. `rk4`, `rk1imp` and `rk4imp` return the two half steps of their step
    ///   doubling, still of orders 4, 1, 4 (no Richardson extrapolation); `rk2imp` 2.
    /// - `rk8pd`, order 8: one halving only. Its error falls by 2⁸ per halving, and from the largest
    ///   step in the asymptotic range (h = 0.8 here; from h = 1.6 the slope is only 6) the second
    ///   halving lands on rounding (2e-14 at h = 0.2), so a second halving would measure rounding.
    /// - `bsimp` is left out here: an extrapolation method of variable order whose fixed steps reach
    ///   rounding level at every step size tried (see `extrapolationReachesRounding`).
    /// - `msadams`, `msbdf` and `bdf` are multistep methods of variable order: no fixed order to measure
    ///   (`BDFTests` measures `bdf`'s tolerance proportionality instead).
    static let orderCases: [(stepper: ODEStepper, order: Double, step: Double, halvings: Int, span: Double)] = [
        (.rk2, 3, 0.1, 3, 8), (.rk4, 4, 0.2, 3, 8), (.rkf45, 5, 0.4, 3, 8), (.rkck, 5, 0.4, 3, 8),
        (.rk8pd, 8, 0.8, 1, 100), (.rk1imp, 1, 0.1, 3, 8), (.rk2imp, 2, 0.1, 3, 8), (.rk4imp, 4, 0.2, 3, 8),
        (.rodas3, 3, 0.1, 3, 8), (.rodas4, 4, 0.2, 3, 8), (.ros34pw2, 3, 0.1, 3, 8),
    ]

    /// The largest error at the checkpoints t ≈ k · h₀ (common to every step size) of fixed steps of
    /// size h₀/2ʲ, j = 0 … halvings. The maximum over the whole span, not the error at its end, where
    /// error terms of different sign can happen to cancel. The exact solution is taken at the t the
    /// steps summed to (which differs from k · h₀ by rounding), so that only the method's error counts.
    static func errors(
        stepper: ODEStepper, lambda: Double, step h0: Double, halvings: Int, span: Double,
        jacobianFactor: Double = 1
    ) throws -> [Double] {
        try (0...halvings).map { j in
            let h = h0 / Double(1 << j)
            let driver = try ODEDriver(
                system: forcedDecay(lambda: lambda, jacobianFactor: jacobianFactor), stepper: stepper,
                tolerances: ODETolerances(absolute: 1e-12, relative: 1e-12))
            var t = 0.0
            var y = [2.0]
            var worst = 0.0
            for k in 1...Int((span / h0).rounded()) {
                let outcome = driver.integrate(from: &t, fixedStep: h, count: 1 << j, state: &y)
                try #require(outcome == .success, "\(stepper.rawValue) at h = \(h)")
                #expect(abs(t - Double(k) * h0) <= 1e-9 * span)
                worst = max(worst, abs(y[0] - (cos(t) + exp(lambda * t))))
            }
            return worst
        }
    }

    /// The least-squares slope of log(error) against log(h) over the step sizes h₀/2ʲ.
    static func slope(_ errors: [Double]) -> Double {
        let x = errors.indices.map { -Double($0) * log(2.0) }
        let y = errors.map { log($0) }
        let (mx, my) = (x.reduce(0, +) / Double(x.count), y.reduce(0, +) / Double(y.count))
        let sxy = zip(x, y).map { ($0 - mx) * ($1 - my) }.reduce(0, +)
        let sxx = x.map { ($0 - mx) * ($0 - mx) }.reduce(0, +)
        return sxy / sxx
    }

    @Test(
        "the observed order of convergence at |hλ| ≤ 0.1 is the method's within ±0.3",
        arguments: orderCases.map { $0.stepper })
    func observedOrder(stepper: ODEStepper) throws {
        let setup = try #require(Self.orderCases.first { $0.stepper == stepper })
        let lambda = -0.1 / setup.step
        let errors = try Self.errors(
            stepper: stepper, lambda: lambda, step: setup.step, halvings: setup.halvings, span: setup.span)
        #expect(errors.allSatisfy { $0 > 1e-13 }, "\(stepper.rawValue): errors \(errors) reach rounding")
        let order = Self.slope(errors)
        #expect(
            abs(order - setup.order) <= 0.3,
            "\(stepper.rawValue): observed order \(order), expected \(setup.order); errors \(errors)")
    }

    /// `bsimp` extrapolates to high order within each step: its fixed steps are at rounding level
    /// already at the largest step (h = 1.6 over 8 time units), so no slope can be measured; it must at
    /// least be that accurate.
    @Test("bsimp's fixed steps reach rounding level")
    func extrapolationReachesRounding() throws {
        let errors = try Self.errors(stepper: .bsimp, lambda: -0.1 / 1.6, step: 1.6, halvings: 2, span: 8)
        #expect(errors.allSatisfy { $0 < 1e-12 }, "bsimp errors \(errors)")
    }

    /// A W-method keeps its order with any matrix in place of J (here ∂f/∂y halved, and zero); a
    /// Rosenbrock method does not: RODAS4 falls from order 4 to 2 or less.
    @Test("ROS34PW2 keeps order 3 with a wrong Jacobian; RODAS4 does not", arguments: [0.5, 0])
    func wMethodOrder(jacobianFactor: Double) throws {
        let w = Self.slope(
            try Self.errors(
                stepper: .ros34pw2, lambda: -1, step: 0.1, halvings: 3, span: 8, jacobianFactor: jacobianFactor))
        #expect(abs(w - 3) <= 0.3, "ros34pw2 with J × \(jacobianFactor): observed order \(w)")
        let rodas = Self.slope(
            try Self.errors(
                stepper: .rodas4, lambda: -0.5, step: 0.2, halvings: 3, span: 8, jacobianFactor: jacobianFactor))
        #expect(rodas < 3, "rodas4 with J × \(jacobianFactor): observed order \(rodas)")
    }

    // MARK: - Rosenbrock tableaux

    /// ROS34PW2's coefficients, transformed from Rang & Angermann's (α, Γ, b, b̂): stiffly accurate
    /// (y_new is the last stage's point plus its K: a_4j = m_j, m_4 = 1) and γ₁ = γ; every stage of
    /// every tableau reaches the result, so one finiteness check per step suffices.
    @Test("the Hairer-Wanner form transforms to a stiffly accurate ROS34PW2")
    func transformedTableau() {
        let w = RosenbrockTableau.ros34pw2
        #expect(w.isWMethod && !RosenbrockTableau.rodas4.isWMethod)
        #expect(w.gamma[0] == 0.435_866_521_508_459)
        for j in 0..<3 { #expect(abs(w.a[3][j] - w.m[j]) <= 1e-13 * abs(w.m[j])) }
        #expect(abs(w.m[3] - 1) <= 1e-15)
        #expect(abs(w.alpha[3] - 1) <= 1e-15 && w.alpha[0] == 0)
        for tableau in [RosenbrockTableau.rodas3, .rodas4, .ros34pw2] { #expect(tableau.everyStageReachesResult) }
        var blind = RosenbrockTableau.rodas3
        blind.m[3] = 0
        blind.e[3] = 0
        #expect(!blind.everyStageReachesResult, "a last stage used by nothing")
    }

    /// A stage reuses the previous evaluation of f only where it evaluates at the same point; RODAS3's
    /// second stage does (α₂ = α₁ = 0, Y₂ = Y₁), every RODAS4 stage evaluates anew.
    @Test("stages evaluate f anew exactly where their point differs")
    func newEvaluations() {
        #expect(RosenbrockTableau.rodas3.newF == [true, false, true, true])
        #expect(RosenbrockTableau.rodas4.newF == Array(repeating: true, count: 6))
        #expect(RosenbrockTableau.ros34pw2.newF == Array(repeating: true, count: 4))
        var moved = RosenbrockTableau.rodas3
        moved.alpha[1] = 0.5
        #expect(moved.newF == [true, true, true, true], "a stage time of its own needs its own evaluation")
    }
}
