import Foundation
import Testing

@testable import PDTCore
@testable import PDTNumerics

/// pdtsim's BDF step type (`BDFWorkspace`): convergence on problems with exact solutions, the reuse of
/// its Jacobian and factorisation, its failure paths and its restart at every reset.
@Suite struct BDFTests {
    /// Prothero–Robinson: y′ = λ (y − g(t)) + g′(t), y(0) = g(0), whose solution is y = g(t) for every
    /// λ; with λ = −10⁴ the problem is stiff and a method's error is its error in following g, here
    /// g = 2 + sin t on [0, 10].
    static func protheroRobinson(lambda: Double) -> ODEDriverTests.Problem {
        ODEDriverTests.Problem(
            name: "prothero-robinson",
            system: ODESystem(
                dimension: 1,
                rhs: { t, y, dydt in dydt[0] = lambda * (y[0] - 2 - sin(t)) + cos(t) },
                jacobian: { t, _, dfdy, dfdt in
                    dfdy[0, 0] = lambda
                    dfdt[0] = -lambda * cos(t) - sin(t)
                }),
            initial: [2], outputTimes: [0.5, 1, 2, 5, 10], exact: { t in [2 + sin(t)] })
    }

    /// The banded semi-discrete heat equation of `RosenbrockTests` (40 cells, eigenvalues from −0.3 to
    /// −200): a linear stiff system whose third mode decays exactly as e^(λ t).
    static let heat: ODEDriverTests.Problem = {
        let (n, k) = (40, 3)
        let lambda = -4 * 50.0 * pow(sin(Double(k) * .pi / Double(2 * (n + 1))), 2)
        return ODEDriverTests.Problem(
            name: "heat", system: RosenbrockTests.heat(cells: n, banded: true),
            initial: RosenbrockTests.mode(n, k), outputTimes: [0.1, 1, 3, 10],
            exact: { t in RosenbrockTests.mode(n, k).map { $0 * exp(lambda * t) } })
    }()

    /// The largest error at the output times with rtol = atol = `tolerance`, the statistics, and the
    /// highest order the method used.
    static func run(
        _ problem: ODEDriverTests.Problem, tolerance: Double
    ) throws -> (
        error: Double, statistics: ODEStatistics, highestOrder: Int
    ) {
        let driver = try ODEDriver(
            system: problem.system, stepper: .bdf, tolerances: ODETolerances(absolute: tolerance, relative: tolerance))
        let work = try #require(driver.bdfWorkspace)
        var t = 0.0
        var y = problem.initial
        var worst = 0.0
        var highest = 0
        for output in problem.outputTimes {
            let outcome = driver.integrate(from: &t, to: output, state: &y) { _, _ in
                highest = max(highest, work.attemptedOrder)
            }
            try #require(outcome == .success, "\(problem.name) at rtol \(tolerance)")
            worst = max(worst, zip(y, problem.exact(t)).map { abs($0 - $1) }.max()!)
        }
        return (worst, driver.statistics, highest)
    }

    /// Tolerance proportionality, the convergence of an adaptive variable-order method: the global error
    /// stays within 30 times the tolerance, falls with it over the four decades from 1e-4 to 1e-8, by at
    /// least 100 on the heat equation, and the method climbs to order 5 on these smooth solutions. On
    /// Prothero–Robinson with λ = −10⁴ every local error is damped by e^(λ h) within its step, so the
    /// global error is that of the last steps and is small already at rtol 1e-4 (2.6e-7): there it falls
    /// by at least 10.
    @Test(
        "the error follows the tolerance on Prothero–Robinson and a stiff linear system",
        arguments: [(0, 10.0), (1, 100.0)])
    func toleranceProportionality(problemIndex: Int, minimumRatio: Double) throws {
        let problem = [Self.protheroRobinson(lambda: -1e4), Self.heat][problemIndex]
        let tolerances = [1e-4, 1e-6, 1e-8]
        let runs = try tolerances.map { try Self.run(problem, tolerance: $0) }
        for (tolerance, run) in zip(tolerances, runs) {
            #expect(run.error <= 30 * tolerance, "\(problem.name): error \(run.error) at rtol \(tolerance)")
        }
        #expect(runs[0].error / runs[2].error >= minimumRatio, "\(problem.name): errors \(runs.map(\.error))")
        #expect(runs[2].highestOrder == 5, "\(problem.name): highest order \(runs[2].highestOrder)")
    }

    /// The modified Newton iteration reuses J and M's factorisation across steps: on the heat equation
    /// (J constant) J is evaluated once per 20 steps at most and M factorised at a fraction of the
    /// attempts; every f evaluation but the one that starts the method belongs to a Newton iteration,
    /// each of which is one solve.
    @Test("J and the banded LU are reused across steps; one solve per Newton iteration")
    func reuse() throws {
        let run = try Self.run(Self.heat, tolerance: 1e-8)
        let s = run.statistics
        let attempts = s.acceptedSteps + s.rejectedSteps
        #expect(s.jacobianEvaluations <= attempts / 20 + 1, "\(s)")
        #expect(s.factorisations < attempts / 3, "\(s)")
        #expect(s.rhsEvaluations == s.linearSolves + 1, "\(s)")
        #expect(s.linearSolves < 2 * attempts, "\(s)")
    }

    /// The driver runs `bdf` with its own control (`BDFControl`): an accepted step is never more than
    /// 1.0001 and less than 1.5 times the one before, and h never rises at two steps in a row (it waits
    /// q + 1 ≥ 2 steps with one h and order); the other steppers keep GSL's standard control.
    @Test("bdf's control raises h only by 1.5 or more, and not at two steps in a row")
    func controlRestrainsIncreases() throws {
        let driver = try ODEDriver(
            system: Self.heat.system, stepper: .bdf, tolerances: ODETolerances(absolute: 1e-8, relative: 1e-8))
        let control = try #require(driver.controlName)
        #expect(control == "bdf")
        let rosenbrock = try ODEDriver(
            system: Self.heat.system, stepper: .rodas4, tolerances: ODETolerances(absolute: 1e-8, relative: 1e-8))
        #expect(rosenbrock.controlName == "standard")
        var t = 0.0
        var y = Self.heat.initial
        var times = [0.0]
        #expect(driver.integrate(from: &t, to: 10, state: &y) { time, _ in times.append(time) } == .success)
        let steps = zip(times, times.dropFirst()).map { $1 - $0 }.dropLast()
        let ratios = zip(steps, steps.dropFirst()).map { $1 / $0 }
        #expect(ratios.count > 50)
        #expect(ratios.allSatisfy { $0 <= 1.0001 || $0 >= 1.5 }, "\(ratios)")
        let increased = ratios.map { $0 > 1.0001 }
        #expect(!zip(increased, increased.dropFirst()).contains { $0 && $1 })
        #expect(increased.contains(true))
    }

    /// A singular M fails the step: for y′ = 2 y (J = 2) a first step of h = 0.5 at order 1 (γ = h)
    /// has M = 1 − γ J = 0. The attempt fails with y unchanged (GSL_FAILURE, on which GSL's evolve
    /// halves the step); with h = 0.25 the step is implicit Euler's, y₁ = y₀/(1 − 2 h) = 2; and an
    /// adaptive run started with h = 0.5 gets past it.
    @Test("a singular iteration matrix fails the attempt; a smaller step goes on")
    func singularMatrix() throws {
        let system = ODESystem(
            dimension: 1, rhs: { _, y, dydt in dydt[0] = 2 * y[0] }, jacobian: { _, _, dfdy, _ in dfdy[0, 0] = 2 })
        let driver = try ODEDriver(
            system: system, stepper: .bdf, tolerances: ODETolerances(absolute: 1e-8, relative: 1e-8),
            limits: ODEStepLimits(initialStep: 0.5))
        var t = 0.0
        var y = [1.0]
        #expect(driver.integrate(from: &t, fixedStep: 0.5, count: 1, state: &y) == .stepSizeTooSmall)
        #expect(t == 0 && y == [1])
        #expect(driver.bdfWorkspace?.factorisedGamma == nil)
        #expect(driver.integrate(from: &t, fixedStep: 0.25, count: 1, state: &y) == .success)
        #expect(t == 0.25 && abs(y[0] - 2) < 1e-12)

        t = 0
        y = [1]
        driver.reset()
        #expect(driver.integrate(from: &t, to: 1, state: &y) == .success)
        #expect(abs(y[0] / exp(2) - 1) < 1e-5)
    }

    /// The step budget: `tooManySteps` at the last accepted point, with the state of an exact run there.
    @Test("the step budget runs out: tooManySteps at an accepted point")
    func maxSteps() throws {
        let driver = try ODEDriver(
            system: ODEDriverTests.decay.system, stepper: .bdf,
            tolerances: ODETolerances(absolute: 1e-10, relative: 1e-10), limits: ODEStepLimits(maxSteps: 7))
        var t = 0.0
        var y = [1.0]
        #expect(driver.integrate(from: &t, to: 100, state: &y) == .tooManySteps)
        #expect(driver.statistics.acceptedSteps + driver.statistics.rejectedSteps == 7)
        #expect(t > 0 && t < 100 && abs(y[0] - exp(-2 * t)) < 1e-8)
    }

    /// A reset (the driver resets at every switch of the right-hand side, as at every light switch)
    /// forgets the history, J and the factorisation: the segment after the switch is integrated exactly
    /// as by a new driver started at the switch, with the same work.
    @Test("after a switch the method restarts as a new driver would, bit for bit")
    func restartAtSwitch() throws {
        let tolerances = ODETolerances(absolute: 1e-9, relative: 1e-9)
        let driver = try ODEDriver(system: ODEDriverTests.forced(1), stepper: .bdf, tolerances: tolerances)
        var t = 0.0
        var y = [0.0]
        #expect(driver.integrate(from: &t, to: 1, state: &y) == .success)
        let before = driver.statistics
        let work = try #require(driver.bdfWorkspace)
        #expect(work.history.started && work.jacobianAge != nil && work.factorisedGamma != nil)
        driver.replaceSystem(ODEDriverTests.forced(0))
        #expect(!work.history.started && work.jacobianAge == nil && work.factorisedGamma == nil)
        #expect(work.order == 1)
        var fresh = (t: t, y: y)
        #expect(driver.integrate(from: &t, to: 2, state: &y) == .success)

        let reference = try ODEDriver(system: ODEDriverTests.forced(0), stepper: .bdf, tolerances: tolerances)
        #expect(reference.integrate(from: &fresh.t, to: 2, state: &fresh.y) == .success)
        #expect(y == fresh.y && t == fresh.t)
        let after = driver.statistics
        let alone = reference.statistics
        #expect(after.acceptedSteps - before.acceptedSteps == alone.acceptedSteps)
        #expect(after.rhsEvaluations - before.rhsEvaluations == alone.rhsEvaluations)
        #expect(after.jacobianEvaluations - before.jacobianEvaluations == alone.jacobianEvaluations)
        #expect(after.factorisations - before.factorisations == alone.factorisations)
        #expect(abs(y[0] - ODEDriverTests.forcedExact(2)) < 1e-7)
    }
}
