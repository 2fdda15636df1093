import Foundation
import PDTNumerics

/// The statistics of a fit at its optimum θ̂: covariance, standard errors, correlations, Wald
/// intervals, information criteria, and the refusal of intervals the data cannot support.
///
/// Everything is computed on the fit scale z (ln θ for log-scale parameters) from a fresh
/// forward-difference Jacobian J of the weighted residuals √wᵢ rᵢ at θ̂ (backward at an upper bound):
/// - covariance C = (JᵀWJ)⁻¹ (`gsl_multifit_nlinear_covar`), multiplied by χ²/dof when some σ is
///   estimated (χ² = Σ wᵢ rᵢ² with wᵢ = 1/σ̂_o²), so that it is s²(JᵀJ)⁻¹ with s² = RSS/(n − p) for a
///   single estimated σ;
/// - Wald 95 % intervals z ± q se_z mapped back to θ (so log-scale intervals are ratios), with q the
///   0.975 quantile of Student's t with n − p degrees of freedom when σ is estimated, else of the
///   standard normal (both `gsl_cdf_*_Pinv`); natural-unit se = se_z, or θ̂ se_z on the log scale
///   (delta method);
/// - −2 log L with all constants, AIC = −2 log L + 2k, BIC = −2 log L + k ln n, k = p + the number
///   of estimated σ.
/// Intervals are refused (left empty, with the reason) when n − p ≤ 0 or when the Jacobian with
/// unit-norm columns has a singular value below `rankTolerance` times the largest: the parameters
/// with the largest components of the corresponding right singular vectors are named.
public struct FitStatistics: Sendable {
    public var n: Int
    public var p: Int
    public var dof: Int
    public var chiSquare: Double
    public var deviance: Double
    public var minusTwoLogLikelihood: Double
    public var aic: Double
    public var bic: Double
    public var sigmaEstimated: Bool
    /// σ̂ of each estimated observable, by name.
    public var sigmas: [(String, Double)]
    /// Fit-scale covariance, row-major p × p; nil when refused.
    public var covariance: [Double]?
    public var correlation: [Double]?
    public var standardErrors: [Double?]
    public var fitScaleStandardErrors: [Double?]
    public var waldLow: [Double?]
    public var waldHigh: [Double?]
    public var quantile: Double
    public var quantileKind: String
    /// Singular values of the column-normalised Jacobian, descending.
    public var singularValues: [Double]
    public var rankTolerance: Double
    /// Why intervals are not given; nil when they are.
    public var refusal: String?
    /// The parameters of the Jacobian's near-null space (empty when it has full rank).
    public var nonIdentifiable: [String]

    /// The statistics at `point`; `relativeStep` sets the Jacobian's steps (as in the fit) and the
    /// rank tolerance, 3 × relativeStep in [1e-10, 1e-2], the level of finite-difference noise in J.
    public static func compute(
        _ objective: FitObjective, at point: FitPoint, relativeStep: Double, jobs: Int
    ) throws -> FitStatistics {
        let n = objective.count
        let p = objective.parameters.count
        let weights = objective.weights(sigmaSquares: point.sigmaSquares)
        let jacobian = try weightedJacobian(
            objective, at: point.z, weights: weights, relativeStep: relativeStep, jobs: jobs)
        let estimated = objective.estimatedGroups
        let chiSquare = zip(point.residuals, weights).reduce(0.0) { $0 + $1.1 * $1.0 * $1.0 }
        let dof = n - p
        let k = Double(p + estimated.count)
        let m2ll = objective.minusTwoLogLikelihood(point.residuals)
        var stats = FitStatistics(
            n: n, p: p, dof: dof, chiSquare: chiSquare, deviance: point.deviance, minusTwoLogLikelihood: m2ll,
            aic: m2ll + 2 * k, bic: m2ll + k * log(Double(n)), sigmaEstimated: !estimated.isEmpty,
            sigmas: estimated.map { (objective.groupNames[$0], point.sigmaSquares[$0]!.squareRoot()) },
            covariance: nil, correlation: nil, standardErrors: Array(repeating: nil, count: p),
            fitScaleStandardErrors: Array(repeating: nil, count: p), waldLow: Array(repeating: nil, count: p),
            waldHigh: Array(repeating: nil, count: p), quantile: .nan, quantileKind: "",
            singularValues: [], rankTolerance: min(max(3 * relativeStep, 1e-10), 1e-2), refusal: nil,
            nonIdentifiable: [])
        let names = objective.parameters.map(\.name)
        // Rank of J with unit-norm columns.
        var normalised = jacobian
        var zeroColumns: [String] = []
        for j in 0..<p {
            let norm = (0..<n).reduce(0.0) { $0 + jacobian[$1 * p + j] * jacobian[$1 * p + j] }.squareRoot()
            if norm == 0 || !norm.isFinite { zeroColumns.append(names[j]) }
            for i in 0..<n { normalised[i * p + j] = norm > 0 ? jacobian[i * p + j] / norm : 0 }
        }
        let svd = FitLinearAlgebra.singularValues(normalised, rows: n, columns: p)
        stats.singularValues = svd.values
        let largest = svd.values.first ?? 0
        var involved: [(String, Double)] = []
        for (c, s) in svd.values.enumerated() where !(s > stats.rankTolerance * largest) {
            for j in 0..<p where abs(svd.vectors[j * p + c]) >= 0.2 {
                involved.append((names[j], abs(svd.vectors[j * p + c])))
            }
        }
        var seen = Set<String>()
        stats.nonIdentifiable = (zeroColumns.map { ($0, 1.0) } + involved.sorted { $0.1 > $1.1 }).compactMap {
            seen.insert($0.0).inserted ? $0.0 : nil
        }
        if dof <= 0 {
            stats.refusal =
                "n − p = \(n) − \(p) = \(dof) degrees of freedom: the data cannot support intervals (expected more measurements than estimated parameters)"
            if stats.nonIdentifiable.isEmpty { stats.nonIdentifiable = names }
            return stats
        }
        if !stats.nonIdentifiable.isEmpty {
            let ratio = largest > 0 ? (svd.values.last ?? 0) / largest : 0
            stats.refusal =
                "the Jacobian is rank-deficient (smallest/largest singular value of its unit-norm columns \(String(format: "%.3g", ratio)) ≤ \(String(format: "%.3g", stats.rankTolerance))): the data do not separate \(stats.nonIdentifiable.joined(separator: ", "))"
            return stats
        }
        var covariance = FitLinearAlgebra.covariance(jacobian: jacobian, rows: n, columns: p)
        if stats.sigmaEstimated {
            let factor = chiSquare / Double(dof)
            covariance = covariance.map { $0 * factor }
        }
        guard (0..<p).allSatisfy({ covariance[$0 * p + $0] > 0 && covariance[$0 * p + $0].isFinite }) else {
            stats.refusal = "the covariance matrix is not positive definite: the data cannot support intervals"
            stats.nonIdentifiable = names
            return stats
        }
        stats.covariance = covariance
        var correlation = covariance
        for i in 0..<p {
            for j in 0..<p {
                correlation[i * p + j] =
                    covariance[i * p + j] / (covariance[i * p + i] * covariance[j * p + j]).squareRoot()
            }
        }
        stats.correlation = correlation
        if stats.sigmaEstimated {
            stats.quantile = FitLinearAlgebra.tQuantile(0.975, dof: Double(dof))
            stats.quantileKind = "Student t, \(dof) degrees of freedom (σ estimated)"
        } else {
            stats.quantile = FitLinearAlgebra.normalQuantile(0.975)
            stats.quantileKind = "standard normal (σ known from sd)"
        }
        for j in 0..<p {
            let parameter = objective.parameters[j]
            let se = covariance[j * p + j].squareRoot()
            stats.fitScaleStandardErrors[j] = se
            stats.standardErrors[j] = parameter.scale == .log ? point.theta[j] * se : se
            stats.waldLow[j] = parameter.fromFitScale(point.z[j] - stats.quantile * se)
            stats.waldHigh[j] = parameter.fromFitScale(point.z[j] + stats.quantile * se)
        }
        return stats
    }

    /// √wᵢ ∂rᵢ/∂z_j, row-major n × p, forward differences with h_j = relativeStep · max(|z_j|, t_j)
    /// (t_j = 1 on the log scale, a tenth of the bound width on the linear scale), backward where the
    /// forward step would leave the bounds. The p shifted points are one batch on up to `jobs` threads
    /// (`FitObjective.residuals(_:jobs:)`).
    static func weightedJacobian(
        _ objective: FitObjective, at z: [Double], weights: [Double], relativeStep: Double, jobs: Int
    ) throws -> [Double] {
        let n = objective.count
        let p = objective.parameters.count
        let r0 = try objective.residuals(objective.natural(z))
        let steps = (0..<p).map { j -> Double in
            let parameter = objective.parameters[j]
            let typical = parameter.scale == .log ? 1 : (parameter.fitUpper - parameter.fitLower) / 10
            let h = relativeStep * max(abs(z[j]), typical)
            return z[j] + h > parameter.fitUpper ? -h : h
        }
        let shifted = (0..<p).map { j -> [Double] in
            var shifted = z
            shifted[j] += steps[j]
            return objective.natural(shifted)
        }
        let columns = objective.residuals(shifted, jobs: jobs)
        var out = [Double](repeating: 0, count: n * p)
        for (j, column) in columns.enumerated() {
            switch column {
            case .success(let r):
                for i in 0..<n { out[i * p + j] = (r[i] - r0[i]) / steps[j] * weights[i].squareRoot() }
            case .failure(let error): throw StringError("\(error)")
            }
        }
        return out
    }
}
