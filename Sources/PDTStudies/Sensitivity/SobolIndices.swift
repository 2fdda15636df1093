import PDTNumerics

/// First-order and total Sobol indices of one input, with 95 % bootstrap half-widths.
public struct SobolIndex: Sendable, Equatable {
    /// S1, first-order index.
    public var first: Double
    /// Half-width of its 95 % interval (SALib's `S1_conf`).
    public var firstConfidence: Double
    /// ST, total index.
    public var total: Double
    /// Half-width of its 95 % interval (SALib's `ST_conf`).
    public var totalConfidence: Double
}

/// The estimators of SALib's `analyze.sobol.analyze(problem, Y, calc_second_order=False)`, on
/// the outputs of a `SobolDesign` in its run order.
///
/// With the outputs standardised over all N·(D + 2) runs, y ← (y − ȳ)/sd(y), split into
/// A, B and A_B^(k) (N values each), and V = var([A; B]) (the population variance of the 2N
/// A and B outputs together):
/// - first order (Saltelli et al. 2010, Comput. Phys. Commun. 181:259, Table 2 (b)):
///   S1_k = mean(B · (A_B^(k) − A)) / V;
/// - total (Jansen 1999, same Table (f)): ST_k = ½ mean((A − A_B^(k))²) / V;
/// - intervals: R bootstrap resamples of the N base rows (indices drawn uniformly with
///   replacement by `gsl_rng_uniform_int` from the seed); each index is recomputed on the
///   resample (its V too, from the resampled A and B); the half-width is Φ⁻¹(0.975) = 1.95996…
///   times the sample sd (n − 1) of the R values.
///
/// SALib draws its resamples from numpy's generator, so its intervals differ from these by the
/// bootstrap's own noise; the point estimates agree to rounding.
public enum SobolAnalysis {
    /// SALib's default number of resamples.
    public static let defaultResamples = 100

    /// The indices of every input. Precondition: `outputs.count == design.runCount`. Returns NaN
    /// indices when any output is not finite (a failed run), as SALib does.
    public static func indices(
        outputs: [Double], dimensions d: Int, seed: UInt64, resamples: Int = defaultResamples
    ) -> [SobolIndex] {
        precondition(d >= 1 && outputs.count % (d + 2) == 0, "\(outputs.count) outputs are not N·(D + 2) for D = \(d)")
        let n = outputs.count / (d + 2)
        let nan = SobolIndex(first: .nan, firstConfidence: .nan, total: .nan, totalConfidence: .nan)
        guard outputs.allSatisfy(\.isFinite), n >= 2 else { return Array(repeating: nan, count: d) }
        let mean = outputs.reduce(0, +) / Double(outputs.count)
        let sd = (outputs.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(outputs.count)).squareRoot()
        let y = outputs.map { sd > 0 ? ($0 - mean) / sd : $0 - mean }
        let step = d + 2
        let a = (0..<n).map { y[$0 * step] }
        let b = (0..<n).map { y[$0 * step + step - 1] }
        let ab = (0..<d).map { k in (0..<n).map { y[$0 * step + 1 + k] } }
        let rng = RandomGenerator(seed: seed)
        let draws = (0..<resamples).map { _ in (0..<n).map { _ in rng.integer(below: n) } }
        let z = ProbabilityFunctions.normalPinv(0.975)
        return (0..<d).map { k in
            let (first, total) = estimate(a, ab[k], b, rows: nil)
            var firsts: [Double] = []
            var totals: [Double] = []
            for rows in draws {
                let (f, t) = estimate(a, ab[k], b, rows: rows)
                firsts.append(f)
                totals.append(t)
            }
            return SobolIndex(
                first: first, firstConfidence: z * Statistics.sampleStandardDeviation(firsts),
                total: total, totalConfidence: z * Statistics.sampleStandardDeviation(totals))
        }
    }

    /// (S1, ST) over the base rows `rows` (all N when nil): mean(B (A_B − A)) / V and
    /// ½ mean((A − A_B)²) / V, with V the population variance (divisor 2n) of the A and B
    /// outputs of those rows together.
    static func estimate(_ a: [Double], _ ab: [Double], _ b: [Double], rows: [Int]?) -> (Double, Double) {
        let n = rows?.count ?? a.count
        var sumAB = 0.0
        var sumSquares = 0.0
        var firstSum = 0.0
        var totalSum = 0.0
        for position in 0..<n {
            let i = rows?[position] ?? position
            let (x, y, z) = (a[i], ab[i], b[i])
            sumAB += x + z
            sumSquares += x * x + z * z
            firstSum += z * (y - x)
            totalSum += (x - y) * (x - y)
        }
        let count = Double(2 * n)
        let mean = sumAB / count
        let variance = sumSquares / count - mean * mean
        return (firstSum / Double(n) / variance, 0.5 * totalSum / Double(n) / variance)
    }
}
