import PDTNumerics

/// N points of the unit cube (0, 1)^D, drawn as a whole from a seed, so that point i depends
/// only on (method, seed, N, D, i): never on which points a shard or a worker asks for.
///
/// - `random`: a Mersenne Twister (`gsl_rng_mt19937`) seeded with the seed fills the N × D
///   matrix row after row with `gsl_rng_uniform_pos` (so row i in fact depends only on seed, D
///   and i).
/// - `latinHypercube`: for each dimension in turn, a random permutation π of 0 ..< N
///   (`gsl_ran_shuffle`) and N uniforms v: uᵢ = (π(i) + vᵢ)/N.
/// - `sobol`: the first N points of GSL's Sobol sequence in D ≤ 40 dimensions, origin first, with
///   a random digital shift drawn from the seed (`QuasiRandomSequence`, `.digitalShift(seed)`):
///   every coordinate is (k + ½)/2³², never 0 or 1.
///
/// Memory: N × D doubles (10⁵ subjects × 10 inputs: 8 MB).
public struct UnitDesign: Sendable, Equatable {
    public let method: SamplingMethod
    public let seed: UInt64
    public let count: Int
    public let dimensions: Int
    /// Row-major N × D.
    public private(set) var values: [Double]

    /// Draws the design. Precondition: count ≥ 0, dimensions ≥ 0, and dimensions ≤ 40 for Sobol
    /// (callers validate user input first).
    public init(method: SamplingMethod, seed: UInt64, count: Int, dimensions: Int) {
        precondition(count >= 0 && dimensions >= 0, "a design of \(count) × \(dimensions) points")
        self.method = method
        self.seed = seed
        self.count = count
        self.dimensions = dimensions
        guard count > 0, dimensions > 0 else {
            values = []
            return
        }
        switch method {
        case .random:
            let rng = RandomGenerator(seed: seed)
            values = (0..<count * dimensions).map { _ in rng.uniform() }
        case .latinHypercube:
            let rng = RandomGenerator(seed: seed)
            values = [Double](repeating: 0, count: count * dimensions)
            for column in 0..<dimensions {
                let strata = rng.permutation(count)
                for row in 0..<count {
                    values[row * dimensions + column] = (Double(strata[row]) + rng.uniform()) / Double(count)
                }
            }
        case .sobol:
            values = QuasiRandomSequence(dimensions: dimensions, randomisation: .digitalShift(seed: seed))
                .points(0..<count)
        }
    }

    /// Point i, D numbers in (0, 1).
    public func row(_ i: Int) -> ArraySlice<Double> {
        precondition(i >= 0 && i < count, "design row \(i) of \(count)")
        return values[i * dimensions..<(i + 1) * dimensions]
    }

    /// Replaces the points (rank correlation reorders columns); precondition: same shape.
    mutating func replaceValues(_ newValues: [Double]) {
        precondition(newValues.count == values.count, "replacing a design by one of another shape")
        values = newValues
    }
}
