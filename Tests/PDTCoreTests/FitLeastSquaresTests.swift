import Foundation
import Testing

@testable import PDTCore
@testable import PDTNumerics

/// The fitting layer against GSL's own example, `doc/examples/nlfit.c` of GSL 2.x.
@Suite struct FitLeastSquaresTests {
    /// nlfit.c's data: tᵢ = 40 i/99, yᵢ = 1 + 5 e^(−0.1 tᵢ) + N(0, σᵢ) with σᵢ = 0.1 (1 + 5 e^(−0.1 tᵢ)),
    /// drawn in order from mt19937 with GSL's default seed; weights 1/σᵢ².
    static func nlfitData() -> (t: [Double], y: [Double], weights: [Double]) {
        let random = RandomGenerator(seed: 0)
        var t: [Double] = []
        var y: [Double] = []
        var w: [Double] = []
        for i in 0..<100 {
            let ti = Double(i) * 40 / 99
            let yi = 1 + 5 * exp(-0.1 * ti)
            let si = 0.1 * yi
            t.append(ti)
            y.append(yi + random.gaussian(si))
            w.append(1 / (si * si))
        }
        return (t, y, w)
    }

    static func exponentialProblem() -> LeastSquaresProblem {
        let (t, y, w) = nlfitData()
        return LeastSquaresProblem(residualCount: 100, parameterCount: 3, weights: w) { x in
            zip(t, y).map { x[0] * exp(-x[1] * $0.0) + x[2] - $0.1 }
        }
    }

    /// nlfit.c prints A = 4.80085 ± 0.17652, λ = 0.09488 ± 0.00527, b = 0.99249 ± 0.04419,
    /// χ²/dof = 1.1306 (± = max(1, √(χ²/dof)) · √C_jj, C = (JᵀWJ)⁻¹), starting from (1, 1, 0)
    /// with xtol = gtol = 1e-8, ftol = 0; every method must reach the same minimum.
    @Test(arguments: TrustRegionMethod.allCases)
    func reproducesGSLsExponentialExample(method: TrustRegionMethod) throws {
        let problem = Self.exponentialProblem()
        let settings = LeastSquaresSettings(
            method: method, xtol: 1e-8, gtol: 1e-8, ftol: 0, maxIterations: 200,
            steps: FiniteDifferenceSteps(relative: 1e-7), jobs: method == .lm ? 2 : 1)
        let result = LeastSquares.solve(problem, start: [1, 1, 0], settings: settings)
        #expect(result.converged, "\(result.stop)")
        let dof = 97.0
        let covariance = FitLinearAlgebra.covariance(jacobian: result.jacobian, rows: 100, columns: 3)
        let c = max(1, (result.chiSquare / dof).squareRoot())
        let errors = (0..<3).map { c * covariance[$0 * 3 + $0].squareRoot() }
        func rounded(_ x: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", x) }
        #expect(rounded(result.parameters[0], 5) == "4.80085")
        #expect(rounded(result.parameters[1], 5) == "0.09488")
        #expect(rounded(result.parameters[2], 5) == "0.99249")
        #expect(rounded(errors[0], 5) == "0.17652")
        #expect(rounded(errors[1], 5) == "0.00527")
        #expect(rounded(errors[2], 5) == "0.04419")
        #expect(rounded(result.chiSquare / dof, 4) == "1.1306")
    }

    /// A residual that throws ends the solve with the error kept, not a crash.
    @Test func aFailingResidualEndsTheSolve() {
        let problem = LeastSquaresProblem(residualCount: 2, parameterCount: 1) { x in
            if x[0] > 2 { throw StringError("beyond 2") }
            return [x[0] - 3, x[0] - 3]
        }
        let result = LeastSquares.solve(problem, start: [3.5])
        #expect(!result.converged)
        #expect(result.evaluationError == "beyond 2")
    }

    /// The Jacobian columns are the same on one thread and on several.
    @Test func parallelColumnsAreDeterministic() throws {
        let problem = Self.exponentialProblem()
        let one = try LeastSquares.jacobian(problem, at: [5, 0.1, 1], settings: LeastSquaresSettings(jobs: 1))
        let three = try LeastSquares.jacobian(problem, at: [5, 0.1, 1], settings: LeastSquaresSettings(jobs: 3))
        #expect(one == three)
    }
}
