import PDTNumerics

/// Morris's elementary-effects design (Morris 1991, Technometrics 33:161): r trajectories of
/// D + 1 points each on a grid of p levels, in SALib's row order (trajectory after trajectory).
///
/// On the grid {0, 1/(p − 1), …, 1} with step Δ = p / (2(p − 1)) (p even), each trajectory is
/// B* = (J x* + (Δ/2)((2B − J) D* + J)) P*: x* a random base point on the levels
/// {0, …, 1 − Δ}, B the strictly lower-triangular (D + 1) × D matrix of ones, D* a random
/// diagonal of ±1, P* a random permutation matrix, J a matrix of ones; consecutive points
/// differ in exactly one input by ±Δ. All draws come from `gsl_rng_mt19937` seeded with the seed.
///
/// Grid values g ∈ [0, 1] become the unit numbers u = 1/(2p) + g (1 − 1/p) ∈ [1/(2p), 1 − 1/(2p)]
/// (the midpoints of p equal-probability bins), which the inputs' inverse CDFs map to values,
/// so unbounded distributions are never asked for their infinite ends. SALib instead scales
/// g to the bounds of uniform inputs; elementary effects are, as in SALib, Δy/Δ in grid units.
public struct MorrisDesign: Sendable, Equatable {
    public let dimensions: Int
    public let trajectories: Int
    public let levels: Int
    public let seed: UInt64
    /// Grid values in [0, 1], r (D + 1) × D row-major.
    public let grid: [Double]

    /// Precondition: `problem` is nil.
    public init(dimensions: Int, trajectories: Int, levels: Int = 4, seed: UInt64) {
        precondition(
            Self.problem(dimensions: dimensions, trajectories: trajectories, levels: levels) == nil,
            "invalid Morris design")
        self.dimensions = dimensions
        self.trajectories = trajectories
        self.levels = levels
        self.seed = seed
        let d = dimensions
        let delta = Self.delta(levels: levels)
        let rng = RandomGenerator(seed: seed)
        var grid: [Double] = []
        grid.reserveCapacity(trajectories * (d + 1) * d)
        let baseLevels = levels / 2
        for _ in 0..<trajectories {
            let start = (0..<d).map { _ in Double(rng.integer(below: baseLevels)) / Double(levels - 1) }
            let signs = (0..<d).map { _ in rng.integer(below: 2) == 0 ? -1.0 : 1.0 }
            let order = rng.permutation(d)
            var point = (0..<d).map { start[$0] + (signs[$0] < 0 ? delta : 0) }
            grid.append(contentsOf: point)
            for step in 0..<d {
                let k = order[step]
                point[k] += signs[k] * delta
                grid.append(contentsOf: point)
            }
        }
        self.grid = grid
    }

    /// Δ = p / (2(p − 1)).
    public static func delta(levels: Int) -> Double { Double(levels) / Double(2 * (levels - 1)) }

    /// What is wrong, as "expected …" text; nil when valid.
    public static func problem(dimensions: Int, trajectories: Int, levels: Int) -> String? {
        if dimensions < 1 { return "no varied inputs; expected at least one distribution" }
        if trajectories < 2 { return "\(trajectories) trajectories; expected at least 2" }
        if levels < 2 || levels % 2 != 0 { return "\(levels) levels; expected an even number ≥ 2" }
        return nil
    }

    /// r (D + 1).
    public var runCount: Int { trajectories * (dimensions + 1) }

    /// The unit numbers of run `run`: u = 1/(2p) + g (1 − 1/p).
    public func unitPoint(_ run: Int) -> [Double] {
        precondition(run >= 0 && run < runCount, "Morris run \(run) of \(runCount)")
        let p = Double(levels)
        return grid[run * dimensions..<(run + 1) * dimensions].map { 1 / (2 * p) + $0 * (1 - 1 / p) }
    }
}
