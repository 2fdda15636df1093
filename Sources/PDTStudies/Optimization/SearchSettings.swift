/// How a constrained search spends its evaluations.
public struct SearchSettings: Sendable, Equatable {
    /// Sobol points sampled over the continuous box (per combination of discrete values), or over
    /// the list positions of a discrete-only problem too large to enumerate.
    public var samples: Int
    /// Local searches started from the best samples (Deb's rules).
    public var starts: Int
    /// Seeds the rotation of the Sobol points.
    public var seed: UInt
    /// Nelder–Mead stops when its simplex, in the transformed coordinates u (radians), is smaller.
    public var sizeTolerance: Double
    /// Distinct points evaluated at most (the search stops short of it, never beyond a batch).
    public var maxEvaluations: Int
    /// The discrete part of a mixed problem is enumerated when it has at most this many
    /// combinations; a discrete problem is when it has at most this many or at most
    /// `maxEvaluations`.
    public var enumerationLimit: Int
    /// μ of the exact penalty f/f_scale + μ Σ vᵢ/scaleᵢ the simplex minimises.
    public var penalty: Double
    /// The initial simplex step in u, radians (u spans π over a variable's whole range).
    public var initialStep: Double
    /// Local searches run at once.
    public var jobs: Int

    public init(
        samples: Int = 16, starts: Int = 3, seed: UInt = 1, sizeTolerance: Double = 1e-3, maxEvaluations: Int = 400,
        enumerationLimit: Int = 64, penalty: Double = 1000, initialStep: Double = 0.5, jobs: Int = 1
    ) {
        self.samples = samples
        self.starts = starts
        self.seed = seed
        self.sizeTolerance = sizeTolerance
        self.maxEvaluations = maxEvaluations
        self.enumerationLimit = enumerationLimit
        self.penalty = penalty
        self.initialStep = initialStep
        self.jobs = jobs
    }
}

/// One local search of a run: where it started and ended, and how.
public struct LocalSearchSummary: Sendable, Equatable {
    /// "nelder-mead" or "pattern".
    public var method: String
    public var start: [Double]
    public var end: [Double]
    /// "converged", "budget exhausted", "failed: …", or for a pattern search "converged" (no
    /// better neighbour at unit step).
    public var status: String
    public var iterations: Int
    public var evaluations: Int
}

/// What a search can say of the point it reports.
public enum SearchStatus: String, Sendable, Equatable {
    /// Proven: every combination of a discrete problem was evaluated, each successfully, so no
    /// point of the domain beats the one reported (ties go to the first in enumeration order).
    case optimal
    /// The best point tried; a point not tried may be better (a local search, a pattern search of
    /// a discrete problem beyond its budget, or an enumeration with failed evaluations).
    case bestFound = "best found"
}

/// The outcome of a search: every distinct point tried, in a fixed order, and the best one.
public struct SearchResult: Sendable, Equatable {
    /// Distinct points in the order first tried (samples, then each local search in turn).
    public var records: [SearchRecord]
    /// Index into `records` of the best point by Deb's rules (earliest among equals).
    public var best: Int
    public var localSearches: [LocalSearchSummary]
    /// How the points were chosen: "enumeration", "multistart nelder-mead", "multistart pattern".
    public var strategy: String
    public var status: SearchStatus
    /// Why the status is what it is, in words.
    public var statusReason: String
    public var bestRecord: SearchRecord { records[best] }
}
