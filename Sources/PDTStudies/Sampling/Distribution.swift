import Foundation
import PDTCore
import PDTNumerics

/// A probability distribution of one numeric input of a cohort or a sensitivity analysis.
///
/// Every distribution maps a uniform number u ∈ (0, 1) to a value by its inverse CDF
/// (`quantile`), so that any design of the unit cube (pseudo-random, Latin hypercube, Sobol)
/// becomes a sample of the distribution. Values are in the unit of the parameter they vary.
public enum Distribution: Sendable, Equatable {
    /// N(mean, sd²); support (−∞, ∞).
    case normal(mean: Double, sd: Double)
    /// ln X ~ N(ln median, (ln gsd)²); `geometricSD` > 1 is the factor one log-sd spans;
    /// support (0, ∞).
    case lognormal(median: Double, geometricSD: Double)
    /// Uniform on [low, high].
    case uniform(low: Double, high: Double)
    /// ln X uniform on [ln low, ln high], 0 < low < high.
    case loguniform(low: Double, high: Double)
    /// Triangular on [low, high] with its peak at `mode`.
    case triangular(low: Double, mode: Double, high: Double)
    /// N(mean, sd²) conditioned on low ≤ X ≤ high.
    case truncatedNormal(mean: Double, sd: Double, low: Double, high: Double)

    /// The names used in cohort files, in the order of `allNames`.
    public var name: String {
        switch self {
        case .normal: "normal"
        case .lognormal: "lognormal"
        case .uniform: "uniform"
        case .loguniform: "loguniform"
        case .triangular: "triangular"
        case .truncatedNormal: "truncated_normal"
        }
    }

    /// Every distribution name a cohort file may use.
    public static let allNames = ["normal", "lognormal", "uniform", "loguniform", "triangular", "truncated_normal"]

    /// The parameter names of distribution `name` as written in cohort files, and whether each is
    /// in the unit of the varied key (false: dimensionless, the geometric sd).
    public static func parameters(of name: String) -> [(name: String, inKeyUnit: Bool)]? {
        switch name {
        case "normal": [("mean", true), ("sd", true)]
        case "lognormal": [("median", true), ("geometric_sd", false)]
        case "uniform", "loguniform": [("low", true), ("high", true)]
        case "triangular": [("low", true), ("mode", true), ("high", true)]
        case "truncated_normal": [("mean", true), ("sd", true), ("low", true), ("high", true)]
        default: nil
        }
    }

    /// Builds distribution `name` from its parameters in the order of `parameters(of:)`;
    /// nil for an unknown name or a wrong count. The result still needs `problem` checked.
    public init?(name: String, values: [Double]) {
        switch (name, values.count) {
        case ("normal", 2): self = .normal(mean: values[0], sd: values[1])
        case ("lognormal", 2): self = .lognormal(median: values[0], geometricSD: values[1])
        case ("uniform", 2): self = .uniform(low: values[0], high: values[1])
        case ("loguniform", 2): self = .loguniform(low: values[0], high: values[1])
        case ("triangular", 3): self = .triangular(low: values[0], mode: values[1], high: values[2])
        case ("truncated_normal", 4):
            self = .truncatedNormal(mean: values[0], sd: values[1], low: values[2], high: values[3])
        default: return nil
        }
    }

    /// What is wrong with the parameters, as "expected …" text for a message; nil when valid.
    public var problem: String? {
        switch self {
        case .normal(let mean, let sd):
            if !mean.isFinite || !sd.isFinite { return "expected finite mean and sd" }
            if sd <= 0 { return "sd \(formatNumber(sd)) is not valid; expected sd > 0" }
        case .lognormal(let median, let gsd):
            if !median.isFinite || !gsd.isFinite { return "expected finite median and geometric_sd" }
            if median <= 0 { return "median \(formatNumber(median)) is not valid; expected median > 0" }
            if gsd <= 1 { return "geometric_sd \(formatNumber(gsd)) is not valid; expected geometric_sd > 1" }
        case .uniform(let low, let high):
            if !low.isFinite || !high.isFinite { return "expected finite low and high" }
            if !(low < high) { return "low \(formatNumber(low)) ≥ high \(formatNumber(high)); expected low < high" }
        case .loguniform(let low, let high):
            if !low.isFinite || !high.isFinite { return "expected finite low and high" }
            if low <= 0 { return "low \(formatNumber(low)) is not valid; expected 0 < low < high" }
            if !(low < high) { return "low \(formatNumber(low)) ≥ high \(formatNumber(high)); expected low < high" }
        case .triangular(let low, let mode, let high):
            if !low.isFinite || !mode.isFinite || !high.isFinite { return "expected finite low, mode and high" }
            if !(low < high) { return "low \(formatNumber(low)) ≥ high \(formatNumber(high)); expected low < high" }
            if !(low <= mode && mode <= high) {
                return "mode \(formatNumber(mode)) is not valid; expected low ≤ mode ≤ high"
            }
        case .truncatedNormal(let mean, let sd, let low, let high):
            if ![mean, sd, low, high].allSatisfy(\.isFinite) { return "expected finite mean, sd, low and high" }
            if sd <= 0 { return "sd \(formatNumber(sd)) is not valid; expected sd > 0" }
            if !(low < high) { return "low \(formatNumber(low)) ≥ high \(formatNumber(high)); expected low < high" }
            let mass = Self.normalMass(from: (low - mean) / sd, to: (high - mean) / sd)
            if !(mass > 1e-12) {
                return
                    "[low, high] holds no probability of N(\(formatNumber(mean)), \(formatNumber(sd))²); expected bounds within a few sd of the mean"
            }
        }
        return nil
    }

    /// The interval the values can take (an end is nil when it is infinite).
    public var support: Bounds {
        switch self {
        case .normal: .any
        case .lognormal: .positive
        case .uniform(let low, let high), .loguniform(let low, let high), .triangular(let low, _, let high),
            .truncatedNormal(_, _, let low, let high):
            .closed(low, high)
        }
    }

    /// The inverse CDF x = F⁻¹(u) for u ∈ (0, 1).
    ///
    /// - normal: μ + σ Φ⁻¹(u) (`gsl_cdf_gaussian_Pinv`);
    /// - lognormal: exp(ln m + ln g · Φ⁻¹(u)) (`gsl_cdf_lognormal_Pinv`);
    /// - uniform: a + u (b − a) (`gsl_cdf_flat_Pinv`);
    /// - loguniform: exp(ln a + u (ln b − ln a));
    /// - triangular (GSL has no triangular CDF): with F_c = (c − a)/(b − a),
    ///   a + √(u (b − a)(c − a)) for u < F_c, else b − √((1 − u)(b − a)(b − c));
    /// - truncated normal on [α, β] in sd units (GSL has no truncated normal): with Φ from GSL,
    ///   μ + σ Φ⁻¹(Φ(α) + u (Φ(β) − Φ(α))); for α > 0 the same through the upper tail
    ///   Q = 1 − Φ, so that far tails keep their precision. The result is clamped to [low, high]
    ///   against rounding.
    public func quantile(_ u: Double) -> Double {
        precondition(u > 0 && u < 1, "a quantile at \(u), outside (0, 1)")
        switch self {
        case .normal(let mean, let sd):
            return mean + ProbabilityFunctions.gaussianPinv(u, sigma: sd)
        case .lognormal(let median, let gsd):
            return ProbabilityFunctions.lognormalPinv(u, zeta: log(median), sigma: log(gsd))
        case .uniform(let low, let high):
            return ProbabilityFunctions.flatPinv(u, low: low, high: high)
        case .loguniform(let low, let high):
            return min(high, max(low, exp(log(low) + u * (log(high) - log(low)))))
        case .triangular(let low, let mode, let high):
            let width = high - low
            if u < (mode - low) / width { return low + (u * width * (mode - low)).squareRoot() }
            return high - ((1 - u) * width * (high - mode)).squareRoot()
        case .truncatedNormal(let mean, let sd, let low, let high):
            let alpha = (low - mean) / sd
            let beta = (high - mean) / sd
            let z: Double
            if alpha > 0 {
                let qAlpha = ProbabilityFunctions.normalQ(alpha)
                let qBeta = ProbabilityFunctions.normalQ(beta)
                z = ProbabilityFunctions.normalQinv(qAlpha - u * (qAlpha - qBeta))
            } else {
                let pAlpha = ProbabilityFunctions.normalP(alpha)
                let pBeta = ProbabilityFunctions.normalP(beta)
                z = ProbabilityFunctions.normalPinv(pAlpha + u * (pBeta - pAlpha))
            }
            return min(high, max(low, mean + sd * z))
        }
    }

    /// The CDF F(x) = Pr[X ≤ x] (the inverse of `quantile`, for tests and checks).
    public func cdf(_ x: Double) -> Double {
        switch self {
        case .normal(let mean, let sd):
            return ProbabilityFunctions.normalP((x - mean) / sd)
        case .lognormal(let median, let gsd):
            return x <= 0 ? 0 : ProbabilityFunctions.normalP(log(x / median) / log(gsd))
        case .uniform(let low, let high):
            return min(1, max(0, (x - low) / (high - low)))
        case .loguniform(let low, let high):
            return x <= low ? 0 : min(1, log(x / low) / log(high / low))
        case .triangular(let low, let mode, let high):
            if x <= low { return 0 }
            if x >= high { return 1 }
            if x <= mode { return (x - low) * (x - low) / ((high - low) * (mode - low)) }
            return 1 - (high - x) * (high - x) / ((high - low) * (high - mode))
        case .truncatedNormal(let mean, let sd, let low, let high):
            if x <= low { return 0 }
            if x >= high { return 1 }
            let alpha = (low - mean) / sd
            return Self.normalMass(from: alpha, to: (x - mean) / sd)
                / Self.normalMass(from: alpha, to: (high - mean) / sd)
        }
    }

    /// Φ(b) − Φ(a), through the upper tail when both are above 0 to keep precision.
    private static func normalMass(from a: Double, to b: Double) -> Double {
        a > 0
            ? ProbabilityFunctions.normalQ(a) - ProbabilityFunctions.normalQ(b)
            : ProbabilityFunctions.normalP(b) - ProbabilityFunctions.normalP(a)
    }
}
