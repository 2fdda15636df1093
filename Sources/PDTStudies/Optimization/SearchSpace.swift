/// Where one decision variable may lie: a closed interval searched continuously, or a finite list
/// of values (whole numbers with a step, or a list of choices) searched by enumeration or by a
/// pattern search over the list's positions.
public enum SearchDomain: Sendable, Equatable {
    case interval(lower: Double, upper: Double)
    case values([Double])

    /// The most values a discrete variable may take: 10⁶ (8 MB of values; far more than any
    /// evaluation budget can try, and a step finer than the range over 10⁶ is better searched as a
    /// continuous variable).
    public static let maximumValues = 1_000_000

    /// The number of values of `lattice(lower:upper:step:)`, ⌊(upper − lower)/step + 10⁻⁹⌋ + 1, as
    /// a Double since it may exceed any Int (or be infinite).
    public static func latticeCount(lower: Double, upper: Double, step: Double) -> Double {
        ((upper - lower) / step + 1e-9).rounded(.down) + 1
    }

    /// lower, lower + step, … ≤ upper (whole numbers: step ≥ 1). Precondition: lower ≤ upper, step > 0,
    /// and at most `maximumValues` values.
    public static func lattice(lower: Double, upper: Double, step: Double) -> SearchDomain {
        precondition(lower <= upper && step > 0)
        let total = latticeCount(lower: lower, upper: upper, step: step)
        precondition(total <= Double(maximumValues), "a lattice of \(total) values")
        let count = Int(total)
        return .values((0..<count).map { lower + Double($0) * step })
    }

    var isDiscrete: Bool { if case .values = self { true } else { false } }
}

/// A bound on one constrained quantity g: lower ≤ g ≤ upper (either side may be absent).
public struct ConstraintBound: Sendable, Equatable {
    public var lower: Double?
    public var upper: Double?

    public init(lower: Double?, upper: Double?) {
        precondition(lower != nil || upper != nil)
        self.lower = lower
        self.upper = upper
    }

    /// How far g lies outside the bounds, in units of g; 0 inside (NaN counts as infinitely far).
    public func violation(_ g: Double) -> Double {
        guard !g.isNaN else { return .infinity }
        return max(0, (lower ?? -.infinity) - g, g - (upper ?? .infinity))
    }

    /// The distance from g to the nearer bound, positive inside, negative outside.
    public func slack(_ g: Double) -> Double {
        min(g - (lower ?? -.infinity), (upper ?? .infinity) - g)
    }

    /// The scale violations are measured in for the penalty and for comparing infeasible points:
    /// the magnitude of the bound (of the larger one when both are given), or 1 for a bound of 0.
    public var scale: Double {
        let magnitude = max(abs(lower ?? 0), abs(upper ?? 0))
        return magnitude > 0 ? magnitude : 1
    }
}

/// What one evaluation gives the search: the objective to minimise and the constrained quantities
/// in the order of the search's bounds.
public struct PointOutcome: Sendable, Equatable {
    public var objective: Double
    public var constraints: [Double]

    public init(objective: Double, constraints: [Double]) {
        self.objective = objective
        self.constraints = constraints
    }
}

/// One point the search tried, and what it found there (nil outcome: the evaluation failed).
public struct SearchRecord: Sendable, Equatable {
    public var x: [Double]
    public var outcome: PointOutcome?
    /// Σ violationᵢ/scaleᵢ over the constraints; +∞ for a failed evaluation.
    public var violation: Double
    public var feasible: Bool { violation == 0 }

    init(x: [Double], outcome: PointOutcome?, bounds: [ConstraintBound]) {
        self.x = x
        self.outcome = outcome
        if let outcome, outcome.objective.isFinite {
            violation = zip(bounds, outcome.constraints).reduce(0) { $0 + $1.0.violation($1.1) / $1.0.scale }
        } else {
            violation = .infinity
        }
    }

    /// Deb's feasibility rules (Deb 2000, Comput. Methods Appl. Mech. Eng. 186:311): a feasible
    /// point beats an infeasible one; of two feasible points the lower objective wins; of two
    /// infeasible points the smaller total violation wins. Ties are not "better".
    public func isBetter(than other: SearchRecord) -> Bool {
        switch (feasible, other.feasible) {
        case (true, false): return true
        case (false, true): return false
        case (true, true): return outcome!.objective < other.outcome!.objective
        case (false, false): return violation < other.violation
        }
    }
}
