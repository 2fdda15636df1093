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

/// No point tried met every constraint: the constraint furthest from being met at the least
/// infeasible point, and how close that point came. Exit status 7.
public struct OptimizationInfeasible: Error, Sendable, CustomStringConvertible {
    public var problem: String
    public var constraint: String
    public var bestValue: Double
    public var shortBy: Double
    public var evaluations: Int

    public var description: String {
        "\(problem): no feasible protocol found in \(evaluations) evaluations; the constraint \(constraint) cannot be met: the closest point reaches \(formatNumber(bestValue)) (short by \(formatNumber(shortBy)))"
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
            evaluator.evaluate(batch.map(frozen.assignments)).map { outcome -> PointOutcome? in
                guard case .success(let point) = outcome else { return nil }
                let objective = frozen.objective.quantity.value(point)
                return PointOutcome(
                    objective: objective.isNaN ? .infinity : sign * objective,
                    constraints: frozen.constraints.map { $0.quantity.value(point) })
            }
        }
        let failures = evaluator.evaluate(result.records.map { frozen.assignments($0.x) })
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

    /// The infeasibility report of a result whose best point violates a constraint.
    public static func infeasibility(_ result: OptimizationResult) -> OptimizationInfeasible {
        let best = result.optimum
        var worst = 0
        var worstViolation = -1.0
        for (i, c) in result.problem.constraints.enumerated() {
            let v = c.bound.violation(best.constraintValues[i]) / c.bound.scale
            if v > worstViolation { (worst, worstViolation) = (i, v) }
        }
        let constraint = result.problem.constraints.isEmpty ? nil : result.problem.constraints[worst]
        return OptimizationInfeasible(
            problem: result.problem.name, constraint: constraint?.phrase ?? "(every evaluation failed)",
            bestValue: constraint.map { _ in best.constraintValues[worst] } ?? .nan,
            shortBy: constraint.map { $0.bound.violation(best.constraintValues[worst]) } ?? .nan,
            evaluations: result.evaluations.count)
    }
}
