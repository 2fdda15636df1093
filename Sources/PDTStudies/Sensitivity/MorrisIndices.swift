import PDTNumerics

/// Morris's screening measures of one input.
public struct MorrisIndex: Sendable, Equatable {
    /// μ, the mean elementary effect.
    public var mu: Double
    /// μ* (Campolongo et al. 2007), the mean absolute elementary effect.
    public var muStar: Double
    /// σ, the sample sd (n − 1) of the elementary effects.
    public var sigma: Double
    /// Half-width of the 95 % bootstrap interval of μ* (SALib's `mu_star_conf`).
    public var muStarConfidence: Double
}

/// The measures of SALib's `analyze.morris.analyze` on the outputs of a `MorrisDesign`: for each
/// step of a trajectory that moves input k, EE_k = (y_after − y_before)/Δ if it moved up and
/// (y_before − y_after)/Δ if down, Δ in grid units; μ, μ*, σ (n − 1) over the r effects; μ*'s
/// interval 1.95996 × the sd of μ* over R bootstrap resamples of the r effects (drawn with
/// `gsl_rng_uniform_int` from the seed).
public enum MorrisAnalysis {
    public static let defaultResamples = 100

    /// Precondition: `outputs.count == design.runCount`; NaN measures if any output is not finite.
    public static func indices(
        design: MorrisDesign, outputs: [Double], seed: UInt64, resamples: Int = defaultResamples
    ) -> [MorrisIndex] {
        precondition(outputs.count == design.runCount, "\(outputs.count) outputs for \(design.runCount) Morris runs")
        let d = design.dimensions
        let r = design.trajectories
        let nan = MorrisIndex(mu: .nan, muStar: .nan, sigma: .nan, muStarConfidence: .nan)
        guard outputs.allSatisfy(\.isFinite) else { return Array(repeating: nan, count: d) }
        let delta = MorrisDesign.delta(levels: design.levels)
        var effects = [[Double]](repeating: [], count: d)
        for t in 0..<r {
            for step in 0..<d {
                let before = (t * (d + 1) + step) * d
                let after = before + d
                guard let k = (0..<d).first(where: { design.grid[after + $0] != design.grid[before + $0] }) else {
                    preconditionFailure("a Morris step that moves no input")
                }
                let up = design.grid[after + k] > design.grid[before + k]
                let change = outputs[t * (d + 1) + step + 1] - outputs[t * (d + 1) + step]
                effects[k].append((up ? change : -change) / delta)
            }
        }
        let rng = RandomGenerator(seed: seed)
        let z = ProbabilityFunctions.normalPinv(0.975)
        return effects.map { ee in
            let absolute = ee.map(abs)
            let resampled = (0..<resamples).map { _ in
                (0..<r).reduce(0.0) { sum, _ in sum + absolute[rng.integer(below: r)] } / Double(r)
            }
            return MorrisIndex(
                mu: Statistics.mean(ee), muStar: Statistics.mean(absolute),
                sigma: Statistics.sampleStandardDeviation(ee),
                muStarConfidence: z * Statistics.sampleStandardDeviation(resampled))
        }
    }
}
