/// Means and standard errors of a vector of per-packet scores from batch totals, added in batch
/// order (so the result does not depend on which thread ran which batch).
///
/// With batch b holding nᵦ packets and totals Qᵦ, the mean is m = ΣQᵦ/N (N = Σnᵦ) and its
/// standard error is the ratio-estimator form
/// SE² = k/(k − 1) · Σ(Qᵦ − nᵦ m)² / N²  over k batches,
/// which for equal batches is the variance of the batch means divided by k. The sums are kept
/// about the first batch's means, so that Σ(Qᵦ − nᵦ m)² is not the difference of two large sums.
struct BatchStatistics: Sendable {
    private(set) var batches = 0
    private(set) var photons = 0
    private var photonsSquared = 0.0
    private var shift: [Double] = []
    private var sum: [Double] = []
    private var sumSquares: [Double] = []
    private var sumWeighted: [Double] = []

    /// Adds the totals `totals` of a batch of `count` packets.
    mutating func add(_ totals: [Double], count: Int) {
        precondition(count > 0, "a batch holds packets")
        if batches == 0 {
            shift = totals.map { $0 / Double(count) }
            sum = Array(repeating: 0, count: totals.count)
            sumSquares = sum
            sumWeighted = sum
        }
        precondition(totals.count == shift.count, "every batch scores the same quantities")
        let n = Double(count)
        for i in totals.indices {
            let q = totals[i] - n * shift[i]
            sum[i] += q
            sumSquares[i] += q * q
            sumWeighted[i] += n * q
        }
        batches += 1
        photons += count
        photonsSquared += n * n
    }

    /// The mean per packet of quantity `i`.
    func mean(_ i: Int) -> Double { shift[i] + sum[i] / Double(photons) }

    /// The standard error of `mean(i)`; NaN with fewer than two batches.
    func standardError(_ i: Int) -> Double {
        guard batches >= 2 else { return .nan }
        let n = Double(photons)
        let m = sum[i] / n
        let squares = sumSquares[i] - 2 * m * sumWeighted[i] + m * m * photonsSquared
        let k = Double(batches)
        return (max(0, squares) * k / (k - 1)).squareRoot() / n
    }
}
