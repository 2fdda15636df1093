import Foundation
import Testing

@testable import PDTCore

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

    @Test(arguments: [ODEStepper.rodas3, .rodas4], [true, false])
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
        #expect(
            driver.statistics.jacobianEvaluations == driver.statistics.acceptedSteps + driver.statistics.rejectedSteps)
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

/// The banded factorisation and solve against GSL's dense LU, on random banded matrices that need
/// row interchanges.
@Suite struct BandedLUTests {
    @Test(arguments: [(1, 1), (2, 2), (4, 4), (3, 1), (0, 2), (2, 0)])
    func bandedSolveMatchesDense(lower: Int, upper: Int) {
        let n = 30
        var generator = SeededGenerator(seed: UInt64(17 + 31 * lower + upper))
        let band = ODESystem.Bandwidth(lower: lower, upper: upper)
        // J with small diagonal and large off-diagonal entries, so that pivoting is needed.
        var dense = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in max(0, i - lower)...min(n - 1, i + upper) {
                dense[i * n + j] =
                    i == j
                    ? Double.random(in: -0.1...0.1, using: &generator)
                    : Double.random(in: -5...5, using: &generator)
            }
        }
        let b = (0..<n).map { _ in Double.random(in: -1...1, using: &generator) }
        func solve(_ band: ODESystem.Bandwidth?) -> [Double] {
            let work = RosenbrockWorkspace(tableau: .rodas4, dimension: n)
            work.prepare(band: band)
            let storage = work.matrix!.pointee.data!
            let tda = work.matrix!.pointee.tda
            storage.update(repeating: 0, count: n * tda)
            for i in 0..<n {
                for j in 0..<n where dense[i * n + j] != 0 {
                    if let band {
                        storage[j * tda + band.lower + band.upper + i - j] = dense[i * n + j]
                    } else {
                        storage[i * tda + j] = dense[i * n + j]
                    }
                }
            }
            #expect(work.factorise(diagonal: 0.3))
            for i in 0..<n { work.solution[i] = b[i] }
            #expect(work.solve())
            return (0..<n).map { work.solution[$0] }
        }
        let banded = solve(band)
        let reference = solve(nil)
        // Triangular bands are badly conditioned with these entries, so errors are measured against
        // the solution's size (backward stability: the residual is at rounding level of ‖G‖ ‖x‖).
        let size = reference.map(abs).max()!
        for (x, y) in zip(banded, reference) { #expect(abs(x - y) <= 1e-9 * size) }
        for i in 0..<n {
            var residual = 0.3 * banded[i] - b[i]
            for j in 0..<n { residual -= dense[i * n + j] * banded[j] }
            #expect(abs(residual) <= 1e-12 * 5 * Double(n) * size)
        }
    }
}
