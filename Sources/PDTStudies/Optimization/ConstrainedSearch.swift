import Foundation
import PDTNumerics

/// Minimises f(x) subject to lowerᵢ ≤ gᵢ(x) ≤ upperᵢ over a box of continuous and discrete
/// variables, calling a batch evaluator for every point it needs.
///
/// - Continuous variables: Sobol samples over the box (`QuasiRandomSequence` rotated by the seed),
///   then GSL's Nelder–Mead (`NelderMead`) from the best `starts` samples. Bounds hold by construction through the smooth
///   transform x = lo + (hi − lo)(1 + sin u)/2, so the simplex moves freely in u ∈ ℝ. Constraints
///   enter the simplex through the exact (non-smooth L1) penalty
///   F = f/f_scale + μ Σ max(0, violationᵢ)/scaleᵢ, which for μ larger than the scaled Lagrange
///   multipliers has its minimum at the constrained optimum, and needs no history (so a search is
///   the same whatever runs beside it); f_scale is the mean |f| of the successful samples.
///   Because a simplex ends near, not on, an active bound, the point reported is chosen from every
///   point tried by Deb's feasibility rules (`SearchRecord.isBetter`): never an infeasible point
///   when any feasible one was found.
/// - Discrete variables (whole numbers, choice lists): a discrete-only problem whose combinations
///   fit the budget (at most `maxEvaluations`, or at most `enumerationLimit`) is solved exactly by
///   evaluating every combination (status `optimal` when every evaluation succeeds); otherwise
///   (status `best found`) a pattern (compass) search over the
///   list positions from the best samples, comparing by Deb's rules: neighbours ±h along each
///   variable, moving to the best better one, halving h when none is better, stopping at h = 1.
///   GSL has no integer minimiser, hence this search of its own. A mixed problem runs the continuous
///   search once per combination of its discrete values.
///
/// Deterministic: the points are chosen from the evaluations alone, local searches run in parallel
/// but their points are recorded in start order, and repeated points are evaluated once.
public struct ConstrainedSearch: Sendable {
    public var domains: [SearchDomain]
    public var bounds: [ConstraintBound]
    public var settings: SearchSettings

    /// The evaluator: the outcome of each point of a batch, in order (nil: the evaluation failed).
    public typealias Evaluator = @Sendable ([[Double]]) -> [PointOutcome?]

    public init(domains: [SearchDomain], bounds: [ConstraintBound], settings: SearchSettings) {
        precondition(!domains.isEmpty)
        self.domains = domains
        self.bounds = bounds
        self.settings = settings
    }

    var continuous: [Int] { domains.indices.filter { !domains[$0].isDiscrete } }
    var discrete: [Int] { domains.indices.filter { domains[$0].isDiscrete } }

    /// The number of combinations of the discrete variables' values (saturating).
    public var combinations: Int {
        discrete.reduce(1) { product, i in
            guard case .values(let v) = domains[i] else { return product }
            return product.multipliedReportingOverflow(by: v.count).overflow ? .max : product * v.count
        }
    }

    /// Whether the search can run: a mixed problem needs few enough combinations to enumerate, and
    /// the Sobol samples at most 40 dimensions (Sobol's limit in GSL): the continuous variables, or
    /// the discrete ones of a discrete-only problem searched from samples rather than enumerated.
    public var unsupportedReason: String? {
        if let problem = QuasiRandomSequence.dimensionProblem(continuous.count, of: "continuous variables") {
            return problem
        }
        if continuous.isEmpty && !enumerates,
            let problem = QuasiRandomSequence.dimensionProblem(discrete.count, of: "discrete variables")
        {
            return problem
        }
        if !continuous.isEmpty && combinations > settings.enumerationLimit {
            return
                "the discrete variables have \(combinations) combinations, more than method.enumeration_limit = \(settings.enumerationLimit), and continuous variables are searched once per combination; expected fewer combinations or a larger limit"
        }
        return nil
    }

    /// Whether every combination of a discrete-only problem is evaluated: there are at most
    /// `maxEvaluations` (the budget) or at most `enumerationLimit`.
    public var enumerates: Bool {
        continuous.isEmpty && (combinations <= settings.maxEvaluations || combinations <= settings.enumerationLimit)
    }

    /// Runs the search. Precondition: `unsupportedReason` is nil.
    public func run(evaluate: @escaping Evaluator) -> SearchResult {
        precondition(unsupportedReason == nil, unsupportedReason ?? "")
        let log = SearchLog(bounds: bounds, evaluate: evaluate)
        var summaries: [LocalSearchSummary] = []
        let strategy: String
        var status = SearchStatus.bestFound
        let reason: String
        if enumerates {
            strategy = "enumeration"
            let records = log.evaluate(discreteCombinations(), stream: 0)
            let failed = records.filter { $0.outcome == nil }.count
            if failed == 0 {
                status = .optimal
                reason = "every one of the \(records.count) combinations was evaluated"
            } else {
                reason = "\(failed) of the \(records.count) combinations could not be evaluated"
            }
        } else if continuous.isEmpty {
            strategy = "multistart pattern"
            summaries = patternSearch(log: log)
            reason =
                "a pattern search of \(combinations) combinations, more than method.max_evaluations = \(settings.maxEvaluations) and method.enumeration_limit = \(settings.enumerationLimit): a combination not tried may be better"
        } else {
            strategy = combinations > 1 ? "enumeration × multistart nelder-mead" : "multistart nelder-mead"
            let fixed = discreteCombinations()
            let budget = max(settings.maxEvaluations / fixed.count, 1)
            for combination in fixed {
                summaries += simplexSearch(log: log, fixed: combination, budget: budget)
            }
            reason = "continuous variables are searched locally (Nelder–Mead): a point not tried may be better"
        }
        let records = log.records()
        var best = 0
        for (i, record) in records.enumerated() where record.isBetter(than: records[best]) { best = i }
        return SearchResult(
            records: records, best: best, localSearches: summaries, strategy: strategy, status: status,
            statusReason: reason)
    }

    /// Every combination of the discrete values, continuous variables at NaN (to be filled),
    /// the last discrete variable changing fastest.
    func discreteCombinations() -> [[Double]] {
        var points: [[Double]] = [Array(repeating: .nan, count: domains.count)]
        for i in discrete {
            guard case .values(let values) = domains[i] else { continue }
            points = points.flatMap { p in values.map { v in p.with(i, v) } }
        }
        return points
    }

    // MARK: Continuous

    /// x(u) = lo + (hi − lo)(1 + sin u)/2, and u(x) = asin(2(x − lo)/(hi − lo) − 1).
    static func fromU(_ u: Double, lower: Double, upper: Double) -> Double {
        min(upper, max(lower, lower + (upper - lower) * (1 + sin(u)) / 2))
    }

    /// `count` Sobol points of the unit cube [0, 1)^dimensions, GSL's points 1, 2, … (the origin
    /// skipped) rotated by the seed (`QuasiRandomSequence`, `.rotation`).
    static func unitPoints(count: Int, dimensions: Int, seed: UInt) -> [[Double]] {
        QuasiRandomSequence(dimensions: dimensions, randomisation: .rotation(seed: UInt64(seed))).rows(1..<count + 1)
    }

    static func toU(_ x: Double, lower: Double, upper: Double) -> Double {
        upper > lower ? asin(min(1, max(-1, 2 * (x - lower) / (upper - lower) - 1))) : 0
    }

    func interval(_ i: Int) -> (Double, Double) {
        guard case .interval(let lower, let upper) = domains[i] else { preconditionFailure("not continuous") }
        return (lower, upper)
    }

    /// Samples, then Nelder–Mead from the best of them, discrete variables held at `fixed`.
    func simplexSearch(log: SearchLog, fixed: [Double], budget: Int) -> [LocalSearchSummary] {
        let dims = continuous
        let samples = Self.unitPoints(count: min(settings.samples, budget), dimensions: dims.count, seed: settings.seed)
            .map { unit in
                var x = fixed
                for (k, i) in dims.enumerated() {
                    let (lower, upper) = interval(i)
                    x[i] = lower + (upper - lower) * unit[k]
                }
                return x
            }
        let sampled = log.evaluate(samples, stream: 0)
        let finite = sampled.compactMap { $0.outcome?.objective }.filter(\.isFinite)
        let meanMagnitude = finite.isEmpty ? 1 : finite.map(abs).reduce(0, +) / Double(finite.count)
        let scale = meanMagnitude > 0 ? meanMagnitude : 1
        let order = sampled.indices.sorted { a, b in
            sampled[a].isBetter(than: sampled[b]) || (!sampled[b].isBetter(than: sampled[a]) && a < b)
        }
        let startPoints = Array(order.prefix(settings.starts)).map { sampled[$0].x }
        let perStart = max((budget - samples.count) / max(startPoints.count, 1), dims.count + 2)
        let penalty = settings.penalty
        let bounds = self.bounds
        let streams = log.reserveStreams(startPoints.count)
        let settings = self.settings
        let intervals = dims.map(interval)
        return OrderedParallel.map(count: startPoints.count, jobs: settings.jobs) { s in
            let start = startPoints[s]
            let map: ([Double]) -> [Double] = { u in
                var x = start
                for (k, i) in dims.enumerated() {
                    x[i] = Self.fromU(u[k], lower: intervals[k].0, upper: intervals[k].1)
                }
                return x
            }
            let u0 = dims.enumerated().map { k, i in
                Self.toU(start[i], lower: intervals[k].0, upper: intervals[k].1)
            }
            let result = NelderMead.minimize(
                start: u0,
                settings: SimplexSettings(
                    initialSteps: Array(repeating: settings.initialStep, count: dims.count),
                    sizeTolerance: settings.sizeTolerance, maxIterations: 10 * perStart, maxEvaluations: perStart)
            ) { u in
                let record = log.evaluate([map(u)], stream: streams + s)[0]
                guard let outcome = record.outcome, outcome.objective.isFinite else { return 1e12 }
                let violation = zip(bounds, outcome.constraints).reduce(0.0) {
                    $0 + min($1.0.violation($1.1) / $1.0.scale, 1e9)
                }
                return outcome.objective / scale + penalty * violation
            }
            return LocalSearchSummary(
                method: "nelder-mead", start: start, end: map(result.x), status: result.status.description,
                iterations: result.iterations, evaluations: result.evaluations)
        }
    }

    // MARK: Discrete

    /// Pattern search over list positions from the best Sobol samples (discrete-only problems).
    func patternSearch(log: SearchLog) -> [LocalSearchSummary] {
        let lists: [[Double]] = domains.map { domain in
            guard case .values(let v) = domain else { preconditionFailure("not discrete") }
            return v
        }
        let sampleCount = min(settings.samples, settings.maxEvaluations)
        let positions = Self.unitPoints(count: sampleCount, dimensions: lists.count, seed: settings.seed)
            .map { unit in zip(unit, lists).map { min(Int($0 * Double($1.count)), $1.count - 1) } }
        let sampled = log.evaluate(positions.map { p in p.enumerated().map { lists[$0][$1] } }, stream: 0)
        let order = sampled.indices.sorted { a, b in
            sampled[a].isBetter(than: sampled[b]) || (!sampled[b].isBetter(than: sampled[a]) && a < b)
        }
        var starts: [[Int]] = []
        for i in order where !starts.contains(positions[i]) && starts.count < settings.starts {
            starts.append(positions[i])
        }
        let perStart = max((settings.maxEvaluations - sampleCount) / max(starts.count, 1), 2 * lists.count)
        let streams = log.reserveStreams(starts.count)
        let chosen = starts
        return OrderedParallel.map(count: chosen.count, jobs: settings.jobs) { s in
            Self.compass(from: chosen[s], lists: lists, budget: perStart, log: log, stream: streams + s)
        }
    }

    /// One compass search over list positions.
    static func compass(
        from start: [Int], lists: [[Double]], budget: Int, log: SearchLog, stream: Int
    ) -> LocalSearchSummary {
        func values(_ p: [Int]) -> [Double] { p.enumerated().map { lists[$0][$1] } }
        var current = start
        var currentRecord = log.evaluate([values(current)], stream: stream)[0]
        var steps = lists.map { max(1, ($0.count - 1) / 4) }
        var evaluations = 1
        var iterations = 0
        var status = "converged"
        while true {
            iterations += 1
            var neighbours: [[Int]] = []
            for i in lists.indices {
                for sign in [-1, 1] {
                    let position = current[i] + sign * steps[i]
                    if position >= 0 && position < lists[i].count { neighbours.append(current.with(i, position)) }
                }
            }
            let records = log.evaluate(neighbours.map(values), stream: stream)
            evaluations += neighbours.count
            var best: Int?
            for (k, record) in records.enumerated()
            where record.isBetter(than: best.map { records[$0] } ?? currentRecord) {
                best = k
            }
            if let best {
                current = neighbours[best]
                currentRecord = records[best]
            } else if steps.allSatisfy({ $0 == 1 }) {
                break
            } else {
                steps = steps.map { max(1, $0 / 2) }
            }
            if evaluations >= budget {
                status = "budget exhausted"
                break
            }
        }
        return LocalSearchSummary(
            method: "pattern", start: values(start), end: values(current), status: status, iterations: iterations,
            evaluations: evaluations)
    }
}

extension Array {
    /// A copy with element i replaced.
    func with(_ i: Int, _ value: Element) -> [Element] {
        var copy = self
        copy[i] = value
        return copy
    }
}
