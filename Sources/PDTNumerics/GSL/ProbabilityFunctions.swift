import CGSL

/// The cumulative distribution functions of GSL (`gsl_cdf.h`) that pdtsim's distributions need:
/// P(x) = Pr[X ≤ x], Q(x) = 1 − P(x) computed without cancellation, and their inverses.
public enum ProbabilityFunctions {
    /// Φ(x), the standard normal CDF (`gsl_cdf_ugaussian_P`).
    public static func normalP(_ x: Double) -> Double { gsl_cdf_ugaussian_P(x) }

    /// 1 − Φ(x), accurate in the upper tail (`gsl_cdf_ugaussian_Q`).
    public static func normalQ(_ x: Double) -> Double { gsl_cdf_ugaussian_Q(x) }

    /// Φ⁻¹(p), the standard normal quantile (`gsl_cdf_ugaussian_Pinv`); ±∞ at p = 0 or 1.
    public static func normalPinv(_ p: Double) -> Double { gsl_cdf_ugaussian_Pinv(p) }

    /// The x with 1 − Φ(x) = q (`gsl_cdf_ugaussian_Qinv`), accurate for small q.
    public static func normalQinv(_ q: Double) -> Double { gsl_cdf_ugaussian_Qinv(q) }

    /// Quantile of N(0, σ²) (`gsl_cdf_gaussian_Pinv`).
    public static func gaussianPinv(_ p: Double, sigma: Double) -> Double { gsl_cdf_gaussian_Pinv(p, sigma) }

    /// Quantile of the lognormal with log-mean ζ and log-sd σ (`gsl_cdf_lognormal_Pinv`):
    /// exp(ζ + σ Φ⁻¹(p)).
    public static func lognormalPinv(_ p: Double, zeta: Double, sigma: Double) -> Double {
        gsl_cdf_lognormal_Pinv(p, zeta, sigma)
    }

    /// Quantile of the uniform distribution on [a, b] (`gsl_cdf_flat_Pinv`): a + p (b − a).
    public static func flatPinv(_ p: Double, low: Double, high: Double) -> Double { gsl_cdf_flat_Pinv(p, low, high) }
}
