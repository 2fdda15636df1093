import PDTNumerics

/// The Wilson score interval of a binomial proportion (Wilson 1927; Newcombe 1998, Stat. Med.
/// 17:857, method 3): with p̂ = k/n and z = Φ⁻¹(1 − α/2),
/// (p̂ + z²/2n ± z √(p̂(1 − p̂)/n + z²/4n²)) / (1 + z²/n). Unlike p̂ ± z√(p̂(1 − p̂)/n) it stays in
/// [0, 1] and is not degenerate at k = 0 or k = n. GSL has no binomial confidence interval.
public struct WilsonInterval: Sendable, Equatable {
    public var lower: Double
    public var upper: Double

    /// The 95 % (or `confidence`) interval of k successes in n ≥ 1 trials; precondition 0 ≤ k ≤ n.
    public init(successes k: Int, trials n: Int, confidence: Double = 0.95) {
        precondition(n >= 1 && k >= 0 && k <= n, "a Wilson interval of \(k) in \(n)")
        let z = ProbabilityFunctions.normalPinv(0.5 + confidence / 2)
        let nn = Double(n)
        let p = Double(k) / nn
        let denominator = 1 + z * z / nn
        let centre = (p + z * z / (2 * nn)) / denominator
        let half = z / denominator * (p * (1 - p) / nn + z * z / (4 * nn * nn)).squareRoot()
        lower = max(0, centre - half)
        upper = min(1, centre + half)
    }
}
