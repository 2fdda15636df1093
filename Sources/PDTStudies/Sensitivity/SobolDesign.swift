import PDTNumerics

/// The A/B design of a Sobol sensitivity analysis with first-order and total indices
/// (Saltelli 2010), in SALib's row order for `calc_second_order=False`.
///
/// The base matrix has N rows and 2D columns: the first N points of GSL's 2D-dimensional Sobol
/// sequence, origin first, with a random digital shift drawn from the seed (`UnitDesign`,
/// method `sobol`). A is its first D columns, B its last D. For each base row j the design holds
/// D + 2 runs: A_j, then A_B^(1)_j … A_B^(D)_j (A_j with coordinate k taken from B_j), then B_j;
/// N·(D + 2) runs in all. Run r depends only on (seed, N, D, r).
///
/// Differences from SALib's `sample.sobol.sample(…, calc_second_order=False)`: SALib takes the
/// base points from scipy's `qmc.Sobol(2D, scramble=True)` (Joe–Kuo direction numbers,
/// LMS + digital-shift scrambling); pdtsim takes them from GSL (Bratley–Fox direction numbers,
/// digital shift only). Neither skips points (SALib's `skip_values` defaults to 0). The row
/// order, and so the analysis of the outputs, is the same.
public struct SobolDesign: Sendable, Equatable {
    /// The largest number of inputs: 2D must stay within GSL's 40 Sobol dimensions.
    public static let maximumDimensions = QuasiRandomSequence.maximumDimensions / 2

    /// D, the number of inputs.
    public let dimensions: Int
    /// N, the number of base rows.
    public let baseRows: Int
    public let seed: UInt64
    /// The shifted base matrix, N × 2D row-major, in (0, 1).
    let base: UnitDesign

    /// Precondition: 1 ≤ D ≤ 20 and N ≥ 1 (`problem` says so to users first).
    public init(dimensions: Int, baseRows: Int, seed: UInt64) {
        precondition(Self.problem(dimensions: dimensions, baseRows: baseRows) == nil, "invalid Sobol design")
        self.dimensions = dimensions
        self.baseRows = baseRows
        self.seed = seed
        self.base = UnitDesign(method: .sobol, seed: seed, count: baseRows, dimensions: 2 * dimensions)
    }

    /// What is wrong with a design of D inputs and N base rows, as "expected …" text; nil when valid.
    public static func problem(dimensions: Int, baseRows: Int) -> String? {
        if dimensions < 1 { return "no varied inputs; expected at least one distribution" }
        if dimensions > maximumDimensions {
            return
                "\(dimensions) varied inputs; expected at most \(maximumDimensions) (the A/B design needs 2D ≤ \(QuasiRandomSequence.maximumDimensions) Sobol dimensions)"
        }
        if baseRows < 2 { return "\(baseRows) base samples; expected at least 2 (a power of 2 is best)" }
        return nil
    }

    /// N·(D + 2).
    public var runCount: Int { baseRows * (dimensions + 2) }

    /// Which matrix run `run` comes from.
    public enum Role: Sendable, Equatable {
        case a
        /// A with coordinate k (0-based) from B.
        case ab(Int)
        case b
    }

    /// The base row j and role of run `run`.
    public func locate(_ run: Int) -> (baseRow: Int, role: Role) {
        precondition(run >= 0 && run < runCount, "Sobol run \(run) of \(runCount)")
        let (j, offset) = run.quotientAndRemainder(dividingBy: dimensions + 2)
        if offset == 0 { return (j, .a) }
        if offset == dimensions + 1 { return (j, .b) }
        return (j, .ab(offset - 1))
    }

    /// The D coordinates in (0, 1) of run `run`.
    public func unitPoint(_ run: Int) -> [Double] {
        let (j, role) = locate(run)
        let row = base.row(j)
        let a = Array(row.prefix(dimensions))
        let b = Array(row.suffix(dimensions))
        switch role {
        case .a: return a
        case .b: return b
        case .ab(let k):
            var point = a
            point[k] = b[k]
            return point
        }
    }
}
