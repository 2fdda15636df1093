import CGSL

/// The one quasi-random source of pdtsim: GSL's Sobol low-discrepancy sequence (`gsl_qrng_sobol`,
/// Bratley & Fox 1988; Bratley–Fox direction numbers, 30 bits per coordinate) in D ≤ 40
/// dimensions, with an explicit randomisation.
///
/// Point 0 is the origin and point k ≥ 1 is GSL's k-th point (GSL never returns the origin), so the
/// points 0 ..< 2^m are the digital (t, m, s)-net of the sequence, as scipy's `qmc.Sobol` (which
/// SALib uses) returns them. Each randomisation draws its D numbers first from a fresh
/// `RandomGenerator(seed:)`, one per dimension, and applies them to every point x ∈ [0, 1)ᴰ:
/// - `none`: x itself.
/// - `digitalShift(seed)`: D 32-bit words sᵢ (`bits32`); coordinate i is written in 32-bit fixed
///   point and XORed with sᵢ, then read as ((⌊xᵢ·2³²⌋ ⊕ sᵢ) + ½)/2³², which is in (0, 1) and
///   never 0 or 1. A random digital shift keeps the net structure and makes every point uniformly
///   distributed (designs and cohorts).
/// - `rotation(seed)`: D uniforms uᵢ ∈ [0, 1) (`halfOpenUniform`); coordinate i is
///   (xᵢ + uᵢ) mod 1 in [0, 1) (Cranley–Patterson rotation), which keeps the even coverage of the
///   cube (optimisation and calibration starts).
///
/// The same (D, randomisation) gives the same points on every platform GSL runs on; point k
/// depends only on (D, randomisation, k).
public struct QuasiRandomSequence: Sendable, Equatable {
    /// How the points are randomised; the seed keys a fresh Mersenne Twister.
    public enum Randomisation: Sendable, Equatable {
        case none
        case digitalShift(seed: UInt64)
        case rotation(seed: UInt64)
    }

    /// The largest dimension GSL's Sobol sequence has (`gsl_qrng_sobol`).
    public static let maximumDimensions = 40

    /// What is wrong with asking for `dimensions` coordinates, `what` naming them for the user
    /// (e.g. "parameters"): "41 parameters; expected at most 40 (the dimensions of
    /// gsl_qrng_sobol)", or nil within the limit.
    public static func dimensionProblem(_ dimensions: Int, of what: String) -> String? {
        guard dimensions > maximumDimensions else { return nil }
        return "\(dimensions) \(what); expected at most \(maximumDimensions) (the dimensions of gsl_qrng_sobol)"
    }

    /// D, the coordinates of each point.
    public let dimensions: Int
    public let randomisation: Randomisation

    /// Precondition: 1 ≤ D ≤ 40 (callers tell users `dimensionProblem` first).
    public init(dimensions: Int, randomisation: Randomisation) {
        precondition(
            (1...Self.maximumDimensions).contains(dimensions),
            "gsl_qrng_sobol takes 1 to \(Self.maximumDimensions) dimensions, not \(dimensions)")
        self.dimensions = dimensions
        self.randomisation = randomisation
    }

    /// The points with indices in `indices` (0 is the origin), row after row: `indices.count × D`
    /// randomised coordinates. Precondition: indices.lowerBound ≥ 0.
    public func points(_ indices: Range<Int>) -> [Double] {
        precondition(indices.lowerBound >= 0, "Sobol point \(indices.lowerBound)")
        var values = raw(indices)
        switch randomisation {
        case .none:
            break
        case .digitalShift(let seed):
            let random = RandomGenerator(seed: seed)
            let shifts = (0..<dimensions).map { _ in random.bits32() }
            let scale = 4_294_967_296.0
            for index in values.indices {
                let fixed = UInt32(values[index] * scale) ^ shifts[index % dimensions]
                values[index] = (Double(fixed) + 0.5) / scale
            }
        case .rotation(let seed):
            let random = RandomGenerator(seed: seed)
            let shifts = (0..<dimensions).map { _ in random.halfOpenUniform() }
            for index in values.indices {
                let shifted = values[index] + shifts[index % dimensions]
                values[index] = shifted >= 1 ? shifted - 1 : shifted
            }
        }
        return values
    }

    /// `points(indices)` as one array of D coordinates per point.
    public func rows(_ indices: Range<Int>) -> [[Double]] {
        let values = points(indices)
        return (0..<indices.count).map { Array(values[$0 * dimensions..<($0 + 1) * dimensions]) }
    }

    /// The unrandomised points with indices in `indices`, row after row.
    private func raw(_ indices: Range<Int>) -> [Double] {
        GSL.prepare()
        guard let sequence = gsl_qrng_alloc(pdt_qrng_sobol(), UInt32(dimensions)) else {
            preconditionFailure("gsl_qrng_alloc failed: out of memory")
        }
        defer { gsl_qrng_free(sequence) }
        var values = [Double](repeating: 0, count: indices.count * dimensions)
        var point = [Double](repeating: 0, count: dimensions)
        for index in 1..<max(indices.upperBound, 1) {
            let status = GSLStatus(code: gsl_qrng_get(sequence, &point))
            precondition(status == .success, "gsl_qrng_get: \(status)")
            guard index >= indices.lowerBound else { continue }
            let row = index - indices.lowerBound
            values.replaceSubrange(row * dimensions..<(row + 1) * dimensions, with: point)
        }
        return values
    }
}
