import CGSL
import Foundation

/// The trust-region sub-problem method of GSL's `gsl_multifit_nlinear_trust` solver.
public enum TrustRegionMethod: String, CaseIterable, Sendable {
    /// Levenberg–Marquardt (`gsl_multifit_nlinear_trs_lm`).
    case lm
    /// Levenberg–Marquardt with geodesic acceleration (`…_trs_lmaccel`).
    case lmaccel
    /// Powell's dogleg (`…_trs_dogleg`).
    case dogleg
    /// Double dogleg (`…_trs_ddogleg`).
    case ddogleg
    /// Two-dimensional subspace (`…_trs_subspace2D`).
    case subspace2D

    var trs: UnsafePointer<gsl_multifit_nlinear_trs> {
        switch self {
        case .lm: return pdt_multifit_nlinear_trs_lm()
        case .lmaccel: return pdt_multifit_nlinear_trs_lmaccel()
        case .dogleg: return pdt_multifit_nlinear_trs_dogleg()
        case .ddogleg: return pdt_multifit_nlinear_trs_ddogleg()
        case .subspace2D: return pdt_multifit_nlinear_trs_subspace2D()
        }
    }
}

/// Steps of the forward-difference Jacobian, h_j = relative · max(|θ_j|, typical_j).
///
/// pdtsim computes the Jacobian itself instead of using GSL's: GSL's step is
/// h_j = √ε_mach · |θ_j| ≈ 1.5e-8 |θ_j|, far below the noise of residuals that come from adaptive ODE
/// solves (relative tolerance ~1e-6), so its differences would be dominated by solver noise. A step of
/// √rtol · |θ_j| balances truncation error (∝ h) against the solver noise (∝ rtol/h).
public struct FiniteDifferenceSteps: Sendable, Equatable {
    /// The relative step, √rtol of the model's solver (1e-4 for rtol = 1e-8).
    public var relative: Double
    /// Per-parameter magnitude used instead of |θ_j| when |θ_j| is smaller (nil: 1 for every parameter).
    public var typical: [Double]?

    public init(relative: Double = 1e-4, typical: [Double]? = nil) {
        self.relative = relative
        self.typical = typical
    }

    /// h_j at `x`.
    public func step(_ j: Int, at x: [Double]) -> Double {
        relative * max(abs(x[j]), typical?[j] ?? 1)
    }
}

/// Settings of one nonlinear least-squares solve (GSL's `gsl_multifit_nlinear_driver`).
public struct LeastSquaresSettings: Sendable, Equatable {
    public var method: TrustRegionMethod
    /// Convergence when every step |δθ_j| ≤ xtol (|θ_j| + xtol).
    public var xtol: Double
    /// Convergence when max_j |g_j| max(|θ_j|, 1) ≤ gtol max(Φ, 1), g = Jᵀf, Φ = ½‖f‖².
    public var gtol: Double
    /// Convergence on a small relative change of f (GSL does not use it at present; kept for completeness).
    public var ftol: Double
    public var maxIterations: Int
    public var steps: FiniteDifferenceSteps
    /// Threads evaluating Jacobian columns at once (1: on the calling thread). The result is the
    /// same whatever the number: each column is its own evaluation.
    public var jobs: Int

    public init(
        method: TrustRegionMethod = .lm, xtol: Double = 1e-8, gtol: Double = 1e-8, ftol: Double = 0,
        maxIterations: Int = 100, steps: FiniteDifferenceSteps = FiniteDifferenceSteps(), jobs: Int = 1
    ) {
        self.method = method
        self.xtol = xtol
        self.gtol = gtol
        self.ftol = ftol
        self.maxIterations = maxIterations
        self.steps = steps
        self.jobs = jobs
    }
}

/// A nonlinear least-squares problem: minimise χ²(θ) = Σᵢ wᵢ fᵢ(θ)² over θ ∈ ℝᵖ.
public struct LeastSquaresProblem: Sendable {
    /// The residual count n.
    public var residualCount: Int
    /// The parameter count p.
    public var parameterCount: Int
    /// The unweighted residuals fᵢ(θ) (model − data), n of them. Called from several threads at once
    /// when Jacobian columns are evaluated in parallel.
    public var residuals: @Sendable ([Double]) throws -> [Double]
    /// The residuals at each θ of a batch on up to the given number of threads, in batch order,
    /// each what `residuals` gives or throws: the p shifted points of a Jacobian are one batch, so
    /// that a model that runs batches on an engine of its own sees them together.
    public var batchResiduals: @Sendable ([[Double]], Int) -> [Result<[Double], any Error>]
    /// The weights wᵢ (1/σᵢ²); nil: all 1.
    public var weights: [Double]?

    /// - Parameter batchResiduals: nil: `residuals` at each θ of the batch, on up to that many
    ///   threads (`OrderedParallel.batch`).
    public init(
        residualCount: Int, parameterCount: Int, weights: [Double]? = nil,
        batchResiduals: (@Sendable ([[Double]], Int) -> [Result<[Double], any Error>])? = nil,
        residuals: @escaping @Sendable ([Double]) throws -> [Double]
    ) {
        self.residuals = residuals
        self.batchResiduals = batchResiduals ?? OrderedParallel.batch(residuals)
        self.residualCount = residualCount
        self.parameterCount = parameterCount
        self.weights = weights
    }
}

/// Why a solve stopped.
public enum LeastSquaresStop: String, Sendable {
    case smallStep = "small step"
    case smallGradient = "small gradient"
    case maxIterations = "maximum iterations"
    case noProgress = "no progress"
    case failure = "failure"
}

/// The outcome of one solve.
public struct LeastSquaresResult: Sendable {
    /// GSL's status of the driver.
    public var status: GSLStatus
    public var stop: LeastSquaresStop
    public var iterations: Int
    public var parameters: [Double]
    /// Unweighted residuals fᵢ at the solution.
    public var residuals: [Double]
    /// χ² = Σ wᵢ fᵢ².
    public var chiSquare: Double
    /// The weighted Jacobian √wᵢ ∂fᵢ/∂θⱼ at the solution, row-major n × p.
    public var jacobian: [Double]
    public var functionEvaluations: Int
    public var jacobianEvaluations: Int
    /// The error a residual evaluation threw, which ended the solve.
    public var evaluationError: String?

    /// Converged by one of GSL's tests.
    public var converged: Bool { stop == .smallStep || stop == .smallGradient }
}

/// The solver's state seen by the C callbacks.
private final class LeastSquaresContext: @unchecked Sendable {
    let problem: LeastSquaresProblem
    let settings: LeastSquaresSettings
    var lastX: [Double] = []
    var lastF: [Double] = []
    var error: String?
    var evaluations = 0

    init(problem: LeastSquaresProblem, settings: LeastSquaresSettings) {
        self.problem = problem
        self.settings = settings
    }

    func evaluate(_ x: [Double]) -> [Double]? {
        if x == lastX && !lastF.isEmpty { return lastF }
        do {
            let f = try problem.residuals(x)
            evaluations += 1
            guard f.count == problem.residualCount, f.allSatisfy(\.isFinite) else {
                error = "the residuals at θ = \(x) are not \(problem.residualCount) finite numbers"
                return nil
            }
            lastX = x
            lastF = f
            return f
        } catch {
            self.error = "\(error)"
            return nil
        }
    }

    /// Forward differences (f(θ + hⱼeⱼ) − f(θ))/hⱼ, the p shifted points as one batch
    /// (`LeastSquaresProblem.batchResiduals`), possibly in parallel.
    func jacobian(_ x: [Double]) -> [[Double]]? {
        guard let f0 = evaluate(x) else { return nil }
        let p = problem.parameterCount
        let shifted = (0..<p).map { j -> [Double] in
            var shifted = x
            shifted[j] += settings.steps.step(j, at: x)
            return shifted
        }
        let values = problem.batchResiduals(shifted, settings.jobs)
        evaluations += p
        var result: [[Double]] = []
        for (j, value) in values.enumerated() {
            switch value {
            case .success(let f):
                guard f.count == f0.count, f.allSatisfy(\.isFinite) else {
                    error = "the residuals at θ = \(shifted[j]) are not finite"
                    return nil
                }
                let step = shifted[j][j] - x[j]
                result.append(zip(f, f0).map { ($0 - $1) / step })
            case .failure(let failure):
                error = "\(failure)"
                return nil
            }
        }
        return result
    }
}

/// A message as an error.
package struct StringError: Error, Sendable, CustomStringConvertible {
    package var message: String
    package init(_ message: String) { self.message = message }
    package var description: String { message }
}

private func residualCallback(
    _ x: UnsafePointer<gsl_vector>?, _ params: UnsafeMutableRawPointer?, _ f: UnsafeMutablePointer<gsl_vector>?
) -> Int32 {
    let context = Unmanaged<LeastSquaresContext>.fromOpaque(params!).takeUnretainedValue()
    let theta = LeastSquares.array(x!)
    guard let values = context.evaluate(theta) else { return GSLStatus.badFunction.code }
    for i in 0..<f!.pointee.size { gsl_vector_set(f, i, i < values.count ? values[i] : 0) }
    return GSLStatus.success.code
}

private func jacobianCallback(
    _ x: UnsafePointer<gsl_vector>?, _ params: UnsafeMutableRawPointer?, _ j: UnsafeMutablePointer<gsl_matrix>?
) -> Int32 {
    let context = Unmanaged<LeastSquaresContext>.fromOpaque(params!).takeUnretainedValue()
    let theta = LeastSquares.array(x!)
    guard let columns = context.jacobian(theta) else { return GSLStatus.badFunction.code }
    for (c, column) in columns.enumerated() {
        for r in 0..<j!.pointee.size1 { gsl_matrix_set(j, r, c, r < column.count ? column[r] : 0) }
    }
    return GSLStatus.success.code
}

/// GSL's nonlinear least squares (`gsl_multifit_nlinear`, trust-region driver) over Swift values.
public enum LeastSquares {
    /// Minimises Σ wᵢ fᵢ(θ)² from `start` with GSL's trust-region driver and pdtsim's own
    /// forward-difference Jacobian (`FiniteDifferenceSteps`). Returns the last iterate whatever
    /// the outcome; `stop` and `status` say how it ended. GSL needs n ≥ p: an underdetermined problem
    /// is padded with p − n zero residuals, which leaves χ² and its minimisers unchanged.
    public static func solve(
        _ problem: LeastSquaresProblem, start: [Double], settings: LeastSquaresSettings = LeastSquaresSettings()
    ) -> LeastSquaresResult {
        GSL.prepare()
        let n = problem.residualCount
        let p = problem.parameterCount
        precondition(n >= 1 && p >= 1 && start.count == p, "a problem with n ≥ 1 residuals and p = start.count ≥ 1")
        precondition(problem.weights == nil || problem.weights!.count == n, "one weight per residual")
        let rows = max(n, p)
        let context = LeastSquaresContext(problem: problem, settings: settings)
        let opaque = Unmanaged.passRetained(context)
        defer { opaque.release() }
        var parameters = gsl_multifit_nlinear_default_parameters()
        parameters.trs = settings.method.trs
        let workspace = gsl_multifit_nlinear_alloc(pdt_multifit_nlinear_trust(), &parameters, rows, p)!
        defer { gsl_multifit_nlinear_free(workspace) }
        var fdf = gsl_multifit_nlinear_fdf()
        fdf.f = residualCallback
        fdf.df = jacobianCallback
        fdf.fvv = nil
        fdf.n = rows
        fdf.p = p
        fdf.params = opaque.toOpaque()
        let x0 = gsl_vector_alloc(p)!
        defer { gsl_vector_free(x0) }
        for (i, v) in start.enumerated() { gsl_vector_set(x0, i, v) }
        let weights = gsl_vector_alloc(rows)!
        defer { gsl_vector_free(weights) }
        for i in 0..<rows { gsl_vector_set(weights, i, i < n ? problem.weights?[i] ?? 1 : 1) }
        var status = GSLStatus(code: gsl_multifit_nlinear_winit(x0, weights, &fdf, workspace))
        var info: Int32 = 0
        if status == .success {
            status = GSLStatus(
                code: gsl_multifit_nlinear_driver(
                    settings.maxIterations, settings.xtol, settings.gtol, settings.ftol, nil, nil, &info, workspace))
        }
        let theta = array(gsl_multifit_nlinear_position(workspace)!)
        let jacobianMatrix = gsl_multifit_nlinear_jac(workspace)!
        var jacobian: [Double] = []
        jacobian.reserveCapacity(n * p)
        for r in 0..<n {
            for c in 0..<p { jacobian.append(gsl_matrix_get(jacobianMatrix, r, c)) }
        }
        let residuals = context.evaluate(theta) ?? Array(repeating: .nan, count: n)
        let chiSquare = zip(residuals, 0..<n).reduce(0.0) { $0 + (problem.weights?[$1.1] ?? 1) * $1.0 * $1.0 }
        let stop: LeastSquaresStop
        switch status {
        case .success: stop = info == 1 ? .smallStep : .smallGradient
        case .maxIterations: stop = .maxIterations
        case .noProgress: stop = .noProgress
        default: stop = .failure
        }
        return LeastSquaresResult(
            status: status, stop: stop, iterations: gsl_multifit_nlinear_niter(workspace), parameters: theta,
            residuals: residuals, chiSquare: chiSquare, jacobian: jacobian, functionEvaluations: fdf.nevalf,
            jacobianEvaluations: fdf.nevaldf, evaluationError: context.error)
    }

    /// The weighted forward-difference Jacobian √wᵢ ∂fᵢ/∂θⱼ at `x`, row-major n × p, computed the
    /// way `solve` does.
    public static func jacobian(
        _ problem: LeastSquaresProblem, at x: [Double], settings: LeastSquaresSettings = LeastSquaresSettings()
    ) throws -> [Double] {
        let context = LeastSquaresContext(problem: problem, settings: settings)
        guard let columns = context.jacobian(x) else { throw StringError(context.error ?? "evaluation failed") }
        let n = problem.residualCount
        var out = [Double](repeating: 0, count: n * problem.parameterCount)
        for (c, column) in columns.enumerated() {
            for r in 0..<n { out[r * problem.parameterCount + c] = column[r] * (problem.weights?[r] ?? 1).squareRoot() }
        }
        return out
    }

    static func array(_ v: UnsafePointer<gsl_vector>) -> [Double] {
        (0..<v.pointee.size).map { gsl_vector_get(v, $0) }
    }

}
