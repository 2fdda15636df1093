import CGSL

/// Start points for a multistart search: the Sobol low-discrepancy sequence of GSL
/// (`gsl_qrng_sobol`, Bratley & Fox 1988) in the unit cube [0, 1)ᵈ, randomised by one shift per
/// dimension drawn from `gsl_rng_mt19937` seeded with `seed` and applied modulo 1
/// (Cranley–Patterson rotation), since `gsl_qrng_sobol` itself takes no seed. The same seed gives
/// the same points; a rotated Sobol set keeps its even coverage of the cube.
public enum MinimizerStarts {
    /// Sobol's sequence in GSL has at most this many dimensions.
    public static let maximumDimension = 40

    /// `count` points of [0, 1)^dimension. Preconditions: 1 ≤ dimension ≤ 40, count ≥ 0.
    public static func unitPoints(count: Int, dimension: Int, seed: UInt) -> [[Double]] {
        precondition(dimension >= 1 && dimension <= maximumDimension && count >= 0)
        GSL.prepare()
        let rng = gsl_rng_alloc(pdt_rng_mt19937())!
        defer { gsl_rng_free(rng) }
        gsl_rng_set(rng, seed)
        let shifts = (0..<dimension).map { _ in gsl_rng_uniform(rng) }
        let sequence = gsl_qrng_alloc(pdt_qrng_sobol(), UInt32(dimension))!
        defer { gsl_qrng_free(sequence) }
        var buffer = [Double](repeating: 0, count: dimension)
        var points: [[Double]] = []
        for _ in 0..<count {
            _ = buffer.withUnsafeMutableBufferPointer { gsl_qrng_get(sequence, $0.baseAddress) }
            points.append(
                (0..<dimension).map { i in
                    let shifted = buffer[i] + shifts[i]
                    return shifted >= 1 ? shifted - 1 : shifted
                })
        }
        return points
    }
}
