import Foundation
import Testing

@testable import PDTCore
@testable import PDTNumerics

/// The Rosenbrock steppers (pdtsim's own GSL step types) on a banded problem with an exact solution,
/// with banded and with dense LU.
@Suite struct RosenbrockTests {
    /// The semi-discrete heat equation y' = A y, A = D/h² tridiag(1, −2, 1) with y₀ = y_{n+1} = 0:
    /// the mode vᵢ = sin(k π i/(n + 1)) decays exactly as exp(λ t), λ = −4 D/h² sin²(k π/(2(n + 1))).
    static func heat(cells n: Int, banded: Bool) -> ODESystem {
        let rate = 50.0
        return ODESystem(
            dimension: n,
            rhs: { _, y, dydt in
                for i in 0..<n {
                    let left = i > 0 ? y[i - 1] : 0
                    let right = i < n - 1 ? y[i + 1] : 0
                    dydt[i] = rate * (left - 2 * y[i] + right)
                }
            },
            jacobian: { _, _, j, _ in
                for i in 0..<n {
                    j[i, i] = -2 * rate
                    if i > 0 { j[i, i - 1] = rate }
                    if i < n - 1 { j[i, i + 1] = rate }
                }
            },
            bandwidth: banded ? ODESystem.Bandwidth(lower: 1, upper: 1) : nil)
    }

    static func mode(_ n: Int, _ k: Int) -> [Double] {
        (1...n).map { sin(Double(k) * .pi * Double($0) / Double(n + 1)) }
    }

    @Test(arguments: [ODEStepper.rodas3, .rodas4, .ros34pw2], [true, false])
    func heatModeDecaysExactly(stepper: ODEStepper, banded: Bool) throws {
        let n = 40
        let k = 3
        let lambda = -4 * 50.0 * pow(sin(Double(k) * .pi / Double(2 * (n + 1))), 2)
        let driver = try ODEDriver(
            system: Self.heat(cells: n, banded: banded), stepper: stepper,
            tolerances: ODETolerances(absolute: 1e-10, relative: 1e-8))
        var y = Self.mode(n, k)
        var t = 0.0
        for output in [0.1, 1.0, 3.0] {
            #expect(driver.integrate(from: &t, to: output, state: &y) == .success)
            let exact = Self.mode(n, k).map { $0 * exp(lambda * output) }
            let worst = zip(y, exact).map { abs($0 - $1) }.max()!
            #expect(worst < 1e-6, "\(stepper) banded \(banded): error \(worst) at t = \(output)")
        }
        let statistics = driver.statistics
        let attempts = statistics.acceptedSteps + statistics.rejectedSteps
        #expect(statistics.linearSolves == attempts * (stepper == .rodas4 ? 6 : 4))
        if stepper == .ros34pw2 {
            #expect(statistics.jacobianEvaluations < attempts / 2, "the W-method keeps its Jacobian: \(statistics)")
            #expect(statistics.factorisations < attempts, "and its factorisation: \(statistics)")
        } else {
            #expect(statistics.jacobianEvaluations == attempts && statistics.factorisations == attempts)
        }
    }

    /// Banded and dense factorisation give the same steps to rounding.
    @Test func bandedAndDenseAgree() throws {
        var results: [[Double]] = []
        for banded in [true, false] {
            let driver = try ODEDriver(
                system: Self.heat(cells: 25, banded: banded), stepper: .rodas4,
                tolerances: ODETolerances(absolute: 1e-10, relative: 1e-8))
            var y = Self.mode(25, 1).enumerated().map { $0.element + 0.1 * Double($0.offset % 3) }
            var t = 0.0
            #expect(driver.integrate(from: &t, to: 2, state: &y) == .success)
            results.append(y)
        }
        for (a, b) in zip(results[0], results[1]) { #expect(abs(a - b) < 1e-12) }
    }

    /// The banded view stores J[i, j] at AB[j, l + u + i − j] (GSL's banded LU layout).
    @Test func bandedJacobianLayout() {
        let band = ODESystem.Bandwidth(lower: 2, upper: 1)
        var storage = [Double](repeating: 0, count: 5 * band.storageWidth)
        storage.withUnsafeMutableBufferPointer { buffer in
            let view = ODEJacobian(base: buffer.baseAddress!, dimension: 5, band: band)
            view[3, 1] = 7
            view[0, 1] = 5
        }
        #expect(storage[1 * 6 + 2 + 1 + 3 - 1] == 7)
        #expect(storage[1 * 6 + 2 + 1 + 0 - 1] == 5)
    }
}
