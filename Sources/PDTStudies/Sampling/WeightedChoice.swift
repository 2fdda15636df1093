import PDTNumerics

/// A discrete choice among options with non-negative weights, sampled from u ∈ (0, 1) by the
/// cumulative weights: option k is chosen when c_{k−1} ≤ u < c_k, with c_k = (w_0 + … + w_k)/Σw.
/// The sums are taken of w_i/max(w), each ≤ 1, so weights near the largest double (1e308) do not
/// overflow to ∞.
public struct WeightedChoice: Sendable, Equatable {
    /// The weights as given (not normalised).
    public let weights: [Double]
    /// c_k, the normalised cumulative weights; the last is exactly 1.
    public let cumulative: [Double]

    /// nil unless every weight is finite and ≥ 0 and their sum is > 0; `problem(of:)` says why.
    public init?(weights: [Double]) {
        guard Self.problem(of: weights) == nil else { return nil }
        let largest = weights.max()!
        let scaled = weights.map { $0 / largest }
        let total = scaled.reduce(0, +)
        var running = 0.0
        var cumulative: [Double] = []
        for weight in scaled {
            running += weight
            cumulative.append(running / total)
        }
        cumulative[cumulative.count - 1] = 1
        self.weights = weights
        self.cumulative = cumulative
    }

    /// What is wrong with `weights`, as "expected …" text; nil when they are valid.
    public static func problem(of weights: [Double]) -> String? {
        if weights.isEmpty { return "no options; expected at least one option with a weight" }
        if let bad = weights.first(where: { !$0.isFinite || $0 < 0 }) {
            return "weight \(formatNumber(bad)) is not valid; expected weights ≥ 0"
        }
        if !(weights.max()! > 0) { return "the weights sum to 0; expected a sum > 0" }
        return nil
    }

    /// The option chosen by u ∈ (0, 1); an option of weight 0 is never chosen.
    public func index(_ u: Double) -> Int {
        precondition(u > 0 && u < 1, "a choice at \(u), outside (0, 1)")
        return cumulative.firstIndex { u < $0 } ?? cumulative.count - 1
    }
}
