import Foundation
import PDTNumerics

/// How well the data determine a parameter, from its likelihood profile.
public enum Identifiability: String, Sendable {
    /// The profile crosses the threshold on both sides: a finite 95 % interval.
    case identifiable
    /// The profile rises but stays below the threshold up to a bound on at least one side.
    case practicallyNonIdentifiable = "practically non-identifiable"
    /// The profile is flat: the data carry no information on the parameter (given the others).
    case structurallyNonIdentifiable = "structurally non-identifiable"
}

/// One point of a profile: the parameter fixed at `value`, the others re-optimised.
public struct ProfilePoint: Sendable {
    public var value: Double
    public var deltaDeviance: Double
    public var theta: [Double]
    public var converged: Bool
}

/// The likelihood profile of one parameter and what follows from it.
public struct ParameterProfile: Sendable {
    public var parameter: String
    /// Points in increasing value, the optimum among them (Δ = 0).
    public var points: [ProfilePoint]
    /// The 95 % interval ends where the profile crosses the threshold; nil on a side where it does not.
    public var low: Double?
    public var high: Double?
    public var identifiability: Identifiability
    /// The largest ΔD reached on each side.
    public var maxDeltaLow: Double
    public var maxDeltaHigh: Double
    /// Parameters that move with this one along the profile, with the correlation of their fit-scale
    /// values with its own over the profile points (|r| ≥ 0.5, largest first).
    public var tradesOffWith: [(String, Double)]
    /// A profile point had a lower deviance than the fit: the fit had not found the global optimum.
    public var lowerOptimumFound: Bool
}

/// Profile likelihood (Raue et al. 2009, Bioinformatics 25:1923): for each parameter, fix it at a
/// sequence of values on each side of θ̂ and re-optimise all the others; the 95 % interval is
/// where the deviance rises by χ²₁,0.95 = 3.84 (`gsl_cdf_chisq_Pinv`), which for a profiled-out σ is a
/// rise of −2 log L by the same amount (likelihood-ratio test).
///
/// Steps, on the fit scale: the first is the Wald se_z (or a twentieth of the bound width when there
/// is none), clamped to [width/200, width/8]; a step whose rise is below a quarter of the threshold
/// doubles the next (up to width/4). A side ends at the crossing (located by linear
/// interpolation, then refined by one more re-optimisation at the interpolated value), at the
/// bound, or after `maxSteps` points. Classes: both sides cross → identifiable; no side crosses and
/// the largest rise is below `flatTolerance` (0.05 by default) → structurally non-identifiable
/// (flat); otherwise practically non-identifiable.
public enum ProfileLikelihood {
    public static var threshold: Double { FitLinearAlgebra.chiSquareQuantile(0.95, dof: 1) }
    /// The largest rise of a flat profile, in deviance units.
    public static let flatTolerance = 0.05

    public static func profile(
        _ objective: FitObjective, optimum: FitPoint, index j: Int, fitScaleSE: Double?,
        settings: LeastSquaresSettings, maxSteps: Int = 14, flatTolerance: Double = Self.flatTolerance
    ) -> ParameterProfile {
        let parameter = objective.parameters[j]
        let lo = parameter.fitLower
        let hi = parameter.fitUpper
        let width = hi - lo
        let threshold = Self.threshold
        let d0 = optimum.deviance
        var initial = fitScaleSE.map { min(max($0, width / 200), width / 8) } ?? width / 20
        if !initial.isFinite || initial <= 0 { initial = width / 20 }

        func evaluate(_ zj: Double, from start: [Double]) -> (FitPoint?, Double) {
            var s = start
            s[j] = zj
            guard let point = try? BoundedFit.minimise(objective, start: s, fixed: [j], settings: settings) else {
                return (nil, .infinity)
            }
            return (point, point.deviance - d0)
        }

        var lowerFound = false
        func walk(direction: Double) -> (points: [ProfilePoint], crossing: Double?, maxDelta: Double) {
            var points: [ProfilePoint] = []
            var step = initial
            var previousZ = optimum.z[j]
            var previousDelta = 0.0
            var start = optimum.z
            var maxDelta = 0.0
            for _ in 0..<maxSteps {
                let bound = direction > 0 ? hi : lo
                if (bound - previousZ) * direction <= 1e-12 * max(1, abs(bound)) { break }
                var zj = previousZ + direction * step
                if (zj - bound) * direction > 0 { zj = bound }
                let (point, delta) = evaluate(zj, from: start)
                guard let point, delta.isFinite else { break }
                if delta < -1e-6 { lowerFound = true }
                points.append(
                    ProfilePoint(
                        value: parameter.fromFitScale(zj), deltaDeviance: delta, theta: point.theta,
                        converged: point.converged))
                maxDelta = max(maxDelta, delta)
                if delta >= threshold {
                    var crossing = previousZ + (zj - previousZ) * (threshold - previousDelta) / (delta - previousDelta)
                    let (refined, refinedDelta) = evaluate(crossing, from: start)
                    if let refined, refinedDelta.isFinite {
                        points.append(
                            ProfilePoint(
                                value: parameter.fromFitScale(crossing), deltaDeviance: refinedDelta,
                                theta: refined.theta, converged: refined.converged))
                        if refinedDelta < threshold {
                            crossing += (zj - crossing) * (threshold - refinedDelta) / (delta - refinedDelta)
                        } else {
                            crossing =
                                previousZ + (crossing - previousZ) * (threshold - previousDelta)
                                / (refinedDelta - previousDelta)
                        }
                    }
                    return (points, parameter.fromFitScale(crossing), maxDelta)
                }
                if delta - previousDelta < threshold / 4 { step = min(step * 2, width / 4) }
                previousZ = zj
                previousDelta = max(delta, 0)
                start = point.z
            }
            return (points, nil, maxDelta)
        }

        let down = walk(direction: -1)
        let up = walk(direction: 1)
        let optimumPoint = ProfilePoint(
            value: optimum.theta[j], deltaDeviance: 0, theta: optimum.theta, converged: optimum.converged)
        let points = (down.points + [optimumPoint] + up.points).sorted { $0.value < $1.value }
        let identifiability: Identifiability
        if down.crossing != nil && up.crossing != nil {
            identifiability = .identifiable
        } else if down.crossing == nil && up.crossing == nil && max(down.maxDelta, up.maxDelta) < flatTolerance {
            identifiability = .structurallyNonIdentifiable
        } else {
            identifiability = .practicallyNonIdentifiable
        }
        var partners: [(String, Double)] = []
        let zs = points.map { parameter.toFitScale($0.value) }
        for k in objective.parameters.indices where k != j {
            let other = points.map { objective.parameters[k].toFitScale($0.theta[k]) }
            if let r = correlation(zs, other), abs(r) >= 0.5 { partners.append((objective.parameters[k].name, r)) }
        }
        return ParameterProfile(
            parameter: parameter.name, points: points, low: down.crossing, high: up.crossing,
            identifiability: identifiability, maxDeltaLow: down.maxDelta, maxDeltaHigh: up.maxDelta,
            tradesOffWith: partners.sorted { abs($0.1) > abs($1.1) }, lowerOptimumFound: lowerFound)
    }

    /// Pearson's r; nil when either series is constant (to 1e-9 of its scale) or has fewer than
    /// `minimumPoints` points.
    static func correlation(_ x: [Double], _ y: [Double], minimumPoints: Int = 3) -> Double? {
        let n = Double(x.count)
        guard x.count >= max(minimumPoints, 2) else { return nil }
        let mx = x.reduce(0, +) / n
        let my = y.reduce(0, +) / n
        var sxy = 0.0
        var sxx = 0.0
        var syy = 0.0
        for (a, b) in zip(x, y) {
            sxy += (a - mx) * (b - my)
            sxx += (a - mx) * (a - mx)
            syy += (b - my) * (b - my)
        }
        let scale = max(abs(my), 1)
        guard sxx > 0, syy.squareRoot() > 1e-9 * scale * n.squareRoot() else { return nil }
        return sxy / (sxx * syy).squareRoot()
    }
}
