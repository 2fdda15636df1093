import PDTNumerics

/// One point of an optimisation as the user sees it: variable values, whether it met every
/// constraint, the objective and the constrained quantities in their own units (NaN where the run
/// failed).
public struct OptimizationEvaluation: Sendable, Equatable {
    public var values: [Double]
    public var feasible: Bool
    public var failure: String?
    public var objective: Double
    public var constraintValues: [Double]
}

/// The outcome of an optimisation: every point tried and the best one by Deb's rules.
public struct OptimizationResult: Sendable {
    public var problem: OptimizationProblem
    public var evaluations: [OptimizationEvaluation]
    /// Index of the chosen point in `evaluations`.
    public var best: Int
    public var search: SearchResult
    /// Distinct protocol runs by the evaluator (points repeated across a Pareto front run once).
    public var modelEvaluations: Int

    public var optimum: OptimizationEvaluation { evaluations[best] }
    public var isFeasible: Bool { optimum.feasible }
}

/// A constraint of an infeasible problem and how close a point came to it.
public struct ConstraintMiss: Sendable, Equatable {
    /// The constraint as written ("reduction_on_day_20_percent ≥ 95").
    public var constraint: String
    /// The constrained quantity's label.
    public var quantity: String
    /// The constrained quantity at the closest point.
    public var value: Double
    /// How far that value lies outside the bound, in the quantity's units.
    public var shortBy: Double
}

/// No point tried met every constraint: the smallest set of constraints that no point tried meets
/// together (one constraint when it cannot be met at all), with the values at the point closest to
/// meeting them all. Exit status 7.
public struct OptimizationInfeasible: Error, Sendable, CustomStringConvertible {
    public var problem: String
    /// The conflicting constraints, in the file's order; empty when no evaluation succeeded.
    public var conflict: [ConstraintMiss]
    public var evaluations: Int
    /// The first failure, when no evaluation succeeded.
    public var failure: String?

    public var description: String {
        let head = "\(problem): no feasible protocol found in \(evaluations) evaluations"
        guard let first = conflict.first else {
            return "\(head); every evaluation failed (first: \(failure ?? "no evaluation"))"
        }
        if conflict.count == 1 {
            return
                "\(head); the constraint \(first.constraint) cannot be met: the closest point reaches \(formatNumber(first.value)) (short by \(formatNumber(first.shortBy)))"
        }
        let names = conflict.map(\.constraint).joined(separator: "; ")
        let values = conflict.map {
            "\($0.quantity) = \(formatNumber($0.value)) (short by \(formatNumber($0.shortBy)))"
        }
        return
            "\(head); the constraints \(names) cannot be met together (every smaller set of them is met by some point tried): the closest point reaches \(values.joined(separator: ", "))"
    }
}

/// Runs an optimisation problem on a `ProtocolEvaluator`.
public struct ProtocolOptimizer: Sendable {
    public let problem: OptimizationProblem
    public let evaluator: ProtocolEvaluator

    public init(problem: OptimizationProblem, evaluator: ProtocolEvaluator) {
        self.problem = problem
        self.evaluator = evaluator
    }

    /// Searches with `extra` constraints added to the problem's (Pareto front), on `jobs` local
    /// searches at once.
    public func run(
        extra: [OptimizationConstraint] = [], objective: OptimizationObjective? = nil, jobs: Int
    )
        -> OptimizationResult
    {
        var problem = self.problem
        problem.constraints += extra
        if let objective { problem.objective = objective }
        var settings = problem.method
        settings.jobs = jobs
        let search = ConstrainedSearch(
            domains: problem.variables.map(\.domain), bounds: problem.constraints.map(\.bound), settings: settings)
        let evaluator = self.evaluator
        let frozen = problem
        let sign = problem.objective.sense == .maximize ? -1.0 : 1.0
        let result = search.run { batch in
            evaluator.evaluate(batch.map(frozen.overrides)).map { outcome -> PointOutcome? in
                guard case .success(let point) = outcome else { return nil }
                let objective = frozen.objective.quantity.value(point)
                return PointOutcome(
                    objective: objective.isNaN ? .infinity : sign * objective,
                    constraints: frozen.constraints.map { $0.quantity.value(point) })
            }
        }
        let failures = evaluator.evaluate(result.records.map { frozen.overrides($0.x) })
        let evaluations = zip(result.records, failures).map { record, outcome in
            var failure: String?
            if case .failure(let f) = outcome { failure = f.description }
            return OptimizationEvaluation(
                values: record.x, feasible: record.feasible, failure: failure,
                objective: record.outcome.map { sign * $0.objective } ?? .nan,
                constraintValues: record.outcome?.constraints ?? Array(repeating: .nan, count: frozen.constraints.count)
            )
        }
        return OptimizationResult(
            problem: problem, evaluations: evaluations, best: result.best, search: result,
            modelEvaluations: evaluator.modelEvaluations)
    }

    /// The infeasibility report of a result whose best point violates a constraint: among the
    /// points evaluated successfully (finite objective), the smallest set of constraints that none
    /// of them meets together, found by trying the sets in increasing size (the first in the file's
    /// order among sets of that size), and the point with the least total scaled violation of that
    /// set. Sets are tried up to `subsetLimit` in all; beyond, the constraints the least violating
    /// point misses are named.
    public static func infeasibility(
        _ result: OptimizationResult, subsetLimit: Int = 100_000
    )
        -> OptimizationInfeasible
    {
        let constraints = result.problem.constraints
        let points = result.evaluations.filter { $0.failure == nil && $0.objective.isFinite }
        let problem = result.problem.name
        guard !points.isEmpty, !constraints.isEmpty else {
            return OptimizationInfeasible(
                problem: problem, conflict: [], evaluations: result.evaluations.count,
                failure: result.evaluations.compactMap(\.failure).first)
        }
        let met = points.map { p in
            constraints.indices.map { constraints[$0].bound.violation(p.constraintValues[$0]) == 0 }
        }
        func closest(_ set: [Int]) -> OptimizationEvaluation {
            points.min { a, b in
                func total(_ e: OptimizationEvaluation) -> Double {
                    set.reduce(0) {
                        $0 + constraints[$1].bound.violation(e.constraintValues[$1]) / constraints[$1].bound.scale
                    }
                }
                return total(a) < total(b)
            }!
        }
        var conflict: [Int]?
        var tried = 0
        search: for size in 1...constraints.count {
            var set = Array(0..<size)
            repeat {
                tried += 1
                if tried > subsetLimit { break search }
                if !met.contains(where: { row in set.allSatisfy { row[$0] } }) {
                    conflict = set
                    break search
                }
            } while Self.advance(&set, below: constraints.count)
        }
        let set =
            conflict
            ?? {
                let best = closest(Array(constraints.indices))
                return constraints.indices.filter { constraints[$0].bound.violation(best.constraintValues[$0]) > 0 }
            }()
        let point = closest(set)
        return OptimizationInfeasible(
            problem: problem,
            conflict: set.map { i in
                ConstraintMiss(
                    constraint: constraints[i].phrase, quantity: constraints[i].quantity.label,
                    value: point.constraintValues[i],
                    shortBy: constraints[i].bound.violation(point.constraintValues[i]))
            }, evaluations: result.evaluations.count, failure: nil)
    }

    /// Steps `set`, a strictly increasing list of numbers below n, to the next such list of its size
    /// in lexicographic order; false after the last.
    static func advance(_ set: inout [Int], below n: Int) -> Bool {
        var i = set.count - 1
        while i >= 0 && set[i] == n - set.count + i { i -= 1 }
        guard i >= 0 else { return false }
        set[i] += 1
        for k in (i + 1)..<set.count { set[k] = set[k - 1] + 1 }
        return true
    }
}
