import Foundation
import PDTNumerics

/// A point a fit reached.
public struct FitPoint: Sendable {
    /// Every parameter on its fit scale (ln θ for log-scale parameters).
    public var z: [Double]
    public var theta: [Double]
    public var residuals: [Double]
    public var deviance: Double
    /// σ̂_o² of the estimated groups.
    public var sigmaSquares: [Int: Double]
    public var iterations: Int
    public var stop: LeastSquaresStop
    public var status: GSLStatus
    public var evaluationError: String?
    public var converged: Bool { stop == .smallStep || stop == .smallGradient }
}

/// Minimises a `FitObjective` inside its bounds with GSL's nonlinear least squares.
///
/// Bounds through a smooth transform: each free parameter's fit-scale value is
/// z = z_lo + (z_hi − z_lo)/(1 + e^(−u)) with u unconstrained, which GSL searches. When some
/// observables have an estimated σ, the weights 1/σ̂_o² are updated from the residuals and the
/// fit repeated until the deviance settles (iteratively reweighted least squares: at its fixed
/// point ∇D = 0, since ∂/∂θ n_o ln RSS_o = (n_o/RSS_o) ∂RSS_o/∂θ).
public enum BoundedFit {
    static func logistic(_ u: Double) -> Double { 1 / (1 + exp(-u)) }

    static func logit(_ q: Double) -> Double {
        let c = min(max(q, 1e-9), 1 - 1e-9)
        return log(c / (1 - c))
    }

    /// The fit-scale point a minimisation from `start` evaluates first: each free parameter taken
    /// through the bounds' transform and back, z_lo + (z_hi − z_lo) logistic(logit(q)) with
    /// q = (z − z_lo)/(z_hi − z_lo), which may differ from `start` in the last bits (and moves a
    /// start on a bound 1e-9 of the range inside); the fixed parameters as in `start`.
    public static func startingPoint(_ objective: FitObjective, start: [Double], fixed: Set<Int> = []) -> [Double] {
        var z = start
        for j in objective.parameters.indices where !fixed.contains(j) {
            let lo = objective.parameters[j].fitLower
            let hi = objective.parameters[j].fitUpper
            z[j] = lo + (hi - lo) * logistic(logit((start[j] - lo) / (hi - lo)))
        }
        return z
    }

    /// Minimises over the parameters not in `fixed`, from `start` (fit scale; the fixed ones keep
    /// their value there).
    /// - Parameter startResiduals: the residuals at `startingPoint(objective, start: start, fixed:
    ///   fixed)` when they were evaluated already (a multistart evaluates every start in one
    ///   batch); nil: evaluated here.
    public static func minimise(
        _ objective: FitObjective, start: [Double], fixed: Set<Int> = [], settings: LeastSquaresSettings,
        startResiduals: Result<[Double], any Error>? = nil
    ) throws -> FitPoint {
        let parameters = objective.parameters
        let free = parameters.indices.filter { !fixed.contains($0) }
        let lo = parameters.map(\.fitLower)
        let hi = parameters.map(\.fitUpper)
        @Sendable func zOf(_ u: [Double]) -> [Double] {
            var z = start
            for (k, j) in free.enumerated() { z[j] = lo[j] + (hi[j] - lo[j]) * logistic(u[k]) }
            return z
        }
        var u = free.map { logit((start[$0] - lo[$0]) / (hi[$0] - lo[$0])) }
        var z = zOf(u)
        var residuals = try startResiduals?.get() ?? objective.residuals(objective.natural(z))
        var deviance = objective.deviance(residuals)
        var iterations = 0
        var stop = LeastSquaresStop.smallStep
        var status = GSLStatus.success
        var error: String?
        if !free.isEmpty {
            let estimated = objective.estimatedGroups
            let known = objective.standardErrors.contains { $0 != nil }
            let rounds = estimated.isEmpty || (estimated.count == 1 && !known) ? 1 : 12
            for round in 0..<rounds {
                let weights = objective.weights(sigmaSquares: objective.sigmaSquares(residuals))
                let problem = LeastSquaresProblem(
                    residualCount: objective.count, parameterCount: free.count, weights: weights,
                    batchResiduals: { us, jobs in objective.residuals(us.map { objective.natural(zOf($0)) }, jobs: jobs)
                    }
                ) { u in try objective.residuals(objective.natural(zOf(u))) }
                let result = LeastSquares.solve(problem, start: u, settings: settings)
                iterations += result.iterations
                stop = result.stop
                status = result.status
                error = result.evaluationError
                guard result.residuals.allSatisfy(\.isFinite) else { break }
                u = result.parameters
                z = zOf(u)
                residuals = result.residuals
                let previous = deviance
                deviance = objective.deviance(residuals)
                if round > 0 && abs(previous - deviance) <= 1e-9 * max(1, abs(deviance)) { break }
            }
        }
        return FitPoint(
            z: z, theta: objective.natural(z), residuals: residuals, deviance: deviance,
            sigmaSquares: objective.sigmaSquares(residuals), iterations: iterations, stop: stop, status: status,
            evaluationError: error)
    }
}
