import Foundation
import Testing

@testable import PDTCore
@testable import PDTModelFiles
@testable import PDTNumerics

/// `CVODEIntegrator`, SUNDIALS CVODE loaded at run time: problems with exact solutions, the
/// piecewise restart, the budgets, and the set-up and loading failures.
@Suite struct CVODETests {
    /// Debian's CVODE (libsundials-cvode6, installed by `make system-deps`), or nil when it does not
    /// load; the tests that need it are then skipped with `loadFailure` as the reason.
    static let library: CVODELibrary? = try? CVODELibrary.load()
    static var loadFailure: Comment {
        do {
            _ = try CVODELibrary.load()
            return "CVODE loads"
        } catch {
            return "\(error)"
        }
    }

    /// y₀' = −a y₀, y₁' = a y₀ − b y₁ (band lower 1, upper 0), stiff for b ≫ a:
    /// y₀ = e^{−a t}, y₁ = a/(b − a) (e^{−a t} − e^{−b t}) from y(0) = (1, 0).
    static func chain(a: Double, b: Double) -> ODESystem {
        ODESystem(
            dimension: 2,
            rhs: { _, y, dydt in
                dydt[0] = -a * y[0]
                dydt[1] = a * y[0] - b * y[1]
            },
            jacobian: { _, _, j, _ in
                j[0, 0] = -a
                j[1, 0] = a
                j[1, 1] = -b
            },
            bandwidth: ODESystem.Bandwidth(lower: 1, upper: 0))
    }

    /// The chain (a = 1, b = 1000) integrated from y(0) = (1, 0) to t = 5 at relative tolerance
    /// `relative` (atol = relative · 1e-4): the largest error over the steps in units of the
    /// tolerance's scale atol + rtol |y|, the observed times, t and the work.
    static func integrateChain(
        _ library: CVODELibrary, relative: Double
    ) throws -> (worst: Double, times: [Double], t: Double, outcome: ODEOutcome, work: ODEStatistics) {
        let (a, b) = (1.0, 1000.0)
        let absolute = relative * 1e-4
        let integrator = try CVODEIntegrator(
            library: library, system: Self.chain(a: a, b: b),
            tolerances: ODETolerances(absolute: absolute, relative: relative),
            limits: ODEStepLimits(initialStep: 1e-6))
        var t = 0.0
        var y = [1.0, 0.0]
        var times: [Double] = []
        var worst = 0.0
        let outcome = integrator.integrate(from: &t, to: 5, state: &y) { time, state in
            times.append(time)
            let exact = [exp(-a * time), a / (b - a) * (exp(-a * time) - exp(-b * time))]
            for i in 0..<2 { worst = max(worst, abs(state[i] - exact[i]) / (absolute + relative * exact[i])) }
        }
        return (worst, times, t, outcome, integrator.statistics)
    }

    @Test(
        "a stiff linear chain matches its exact solution within a few hundred tolerances, observed at every step up to t1",
        .enabled(if: library != nil, loadFailure))
    func exactSolution() throws {
        let library = try #require(Self.library)
        let loose = try Self.integrateChain(library, relative: 1e-6)
        let tight = try Self.integrateChain(library, relative: 1e-9)
        for run in [loose, tight] {
            #expect(run.outcome == .success)
            #expect(run.t == 5 && run.times.last == 5)
            #expect(zip(run.times, run.times.dropFirst()).allSatisfy { $0 < $1 }, "strictly increasing")
            // A global error of at most a few hundred local tolerances (95 measured at rtol 1e-8).
            #expect(run.worst < 300, "largest error in units of the tolerance \(run.worst)")
            let work = run.work
            #expect(work.acceptedSteps == run.times.count && work.acceptedSteps > 10)
            #expect(work.jacobianEvaluations > 0 && work.factorisations >= work.jacobianEvaluations)
            // The analytic Jacobian in CVODE's band layout: Newton converges in about one iteration
            // per step (a wrong matrix would need many, or fail).
            #expect(work.linearSolves >= work.acceptedSteps && work.linearSolves < 2 * work.acceptedSteps, "\(work)")
            #expect(work.resets == 1)
        }
        #expect(tight.work.acceptedSteps > 2 * loose.work.acceptedSteps, "a tighter tolerance takes more steps")
    }

    @Test(
        "segments switch the system without a step across the switch: y' = −y on [0, 1], −3y on [1, 2]",
        .enabled(if: library != nil, loadFailure))
    func segments() throws {
        let library = try #require(Self.library)
        func decay(_ k: Double) -> ODESystem {
            ODESystem(
                dimension: 1, rhs: { _, y, dydt in dydt[0] = -k * y[0] }, jacobian: { _, _, j, _ in j[0, 0] = -k },
                bandwidth: ODESystem.Bandwidth(lower: 0, upper: 0))
        }
        let integrator = try CVODEIntegrator(
            library: library, system: decay(1), tolerances: ODETolerances(absolute: 1e-14, relative: 1e-10))
        var t = 0.0
        var y = [1.0]
        var observed: [Double] = []
        let outcome = integrator.integrate(
            segments: [ODESegment(end: 1, system: decay(1)), ODESegment(end: 2, system: decay(3))], from: &t,
            state: &y
        ) { time, _ in observed.append(time) }
        #expect(outcome == .success && t == 2)
        #expect(abs(y[0] / exp(-4) - 1) < 1e-7, "y(2) = \(y[0]), exact e⁻⁴")
        #expect(observed.contains(1), "a step ends exactly at the switch")
        #expect(integrator.statistics.resets == 2)
    }

    @Test(
        "the step budget stops the integration with tooManySteps at the last accepted point",
        .enabled(if: library != nil, loadFailure))
    func budget() throws {
        let library = try #require(Self.library)
        let integrator = try CVODEIntegrator(
            library: library, system: Self.chain(a: 1, b: 1000),
            tolerances: ODETolerances(absolute: 1e-12, relative: 1e-8),
            limits: ODEStepLimits(initialStep: 1e-6, maxSteps: 5))
        var t = 0.0
        var y = [1.0, 0.0]
        var last = 0.0
        let outcome = integrator.integrate(from: &t, to: 5, state: &y) { time, _ in last = time }
        #expect(outcome == .tooManySteps)
        #expect(t == last && t > 0 && t < 5)
        #expect(abs(y[0] / exp(-t) - 1) < 1e-6)
        let work = integrator.statistics
        #expect(work.acceptedSteps + work.rejectedSteps == 5)
    }

    @Test(
        "a system without a band, or a band wider than it, is a set-up error", .enabled(if: library != nil, loadFailure)
    )
    func unsupportedBand() throws {
        let library = try #require(Self.library)
        let tolerances = ODETolerances(absolute: 1e-9, relative: 1e-6)
        let dense = ODESystem(
            dimension: 2, rhs: { _, y, dydt in for i in 0..<2 { dydt[i] = -y[i] } },
            jacobian: { _, _, _, _ in })
        #expect(throws: ODESetupError.unsupportedBand(nil, dimension: 2)) {
            try CVODEIntegrator(library: library, system: dense, tolerances: tolerances)
        }
        let band = ODESystem.Bandwidth(lower: 1, upper: 1)
        let wide = ODESystem(
            dimension: 2, rhs: { _, y, dydt in for i in 0..<2 { dydt[i] = -y[i] } }, jacobian: { _, _, _, _ in },
            bandwidth: band)
        #expect(throws: ODESetupError.unsupportedBand(band, dimension: 2)) {
            try CVODEIntegrator(library: library, system: wide, tolerances: tolerances)
        }
        #expect(
            ODESetupError.unsupportedBand(nil, dimension: 2).description
                == "CVODE needs a banded ODE system with lower + upper bandwidth ≤ dimension − 1; got no band, dimension 2"
        )
        let noJacobian = ODESystem(
            dimension: 1, rhs: { _, y, dydt in dydt[0] = -y[0] }, bandwidth: ODESystem.Bandwidth(lower: 0, upper: 0))
        #expect(throws: ODESetupError.missingJacobian(.bdf)) {
            try CVODEIntegrator(library: library, system: noJacobian, tolerances: tolerances)
        }
    }

    @Test("a library that does not open, or is not SUNDIALS 6's CVODE, is one clear error")
    func loadFailures() throws {
        do {
            _ = try CVODELibrary.load(path: "/nonexistent/libsundials_cvode.so.6")
            Issue.record("a missing file loaded")
        } catch {
            guard case .notLoaded(let path, _) = error else { throw error }
            #expect(path == "/nonexistent/libsundials_cvode.so.6")
            let line = error.description
            #expect(line.hasPrefix("CVODE library /nonexistent/libsundials_cvode.so.6 did not load ("))
            #expect(line.hasSuffix("); install libsundials-cvode6 (make system-deps) or give --cvode-library PATH"))
            #expect(!line.contains("\n"))
        }
        // libm opens but has none of CVODE's entry points.
        #expect(throws: CVODELibraryError.missingSymbol(path: "libm.so.6", name: "SUNDIALSGetVersionNumber")) {
            try CVODELibrary.load(path: "libm.so.6")
        }
        #expect(
            CVODELibraryError.wrongVersion(path: "x.so", version: "7.1.1").description
                == "CVODE library x.so is SUNDIALS 7.1.1; expected major version 6")
    }

    @Test("Debian's CVODE is SUNDIALS 6", .enabled(if: library != nil, loadFailure))
    func version() throws {
        let library = try #require(Self.library)
        #expect(library.version.hasPrefix("6."))
        #expect(library.path == CVODELibrary.defaultPath)
    }
}
