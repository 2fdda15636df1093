import CGSL

/// The Sobol low-discrepancy sequence of GSL (`gsl_qrng_sobol`, Bratley & Fox 1988, at most 40
/// dimensions, 30 bits per coordinate).
///
/// GSL starts the sequence at its second point (it never returns the origin); `points(count:)`
/// puts the origin back first, so that the first 2^m points are the digital (t, m, s)-net of
/// the sequence, as scipy's `qmc.Sobol` (which SALib uses) returns them.
public enum SobolSequence {
    /// The largest dimension `gsl_qrng_sobol` supports.
    public static let maximumDimensions = 40

    /// The first `count` points of the `dimensions`-dimensional sequence, row after row
    /// (`count × dimensions` numbers in [0, 1)), the origin first.
    /// Precondition: 1 ≤ dimensions ≤ 40, count ≥ 0.
    public static func points(count: Int, dimensions: Int) -> [Double] {
        precondition(
            (1...maximumDimensions).contains(dimensions), "gsl_qrng_sobol takes 1 to 40 dimensions, not \(dimensions)")
        precondition(count >= 0, "a negative number of Sobol points")
        GSL.prepare()
        guard let qrng = gsl_qrng_alloc(pdt_qrng_sobol(), UInt32(dimensions)) else {
            preconditionFailure("gsl_qrng_alloc failed: out of memory")
        }
        defer { gsl_qrng_free(qrng) }
        var result = [Double](repeating: 0, count: count * dimensions)
        var point = [Double](repeating: 0, count: dimensions)
        for row in stride(from: 1, to: count, by: 1) {
            let status = GSLStatus(code: gsl_qrng_get(qrng, &point))
            precondition(status == .success, "gsl_qrng_get: \(status)")
            result.replaceSubrange(row * dimensions..<(row + 1) * dimensions, with: point)
        }
        return result
    }
}
