import PDTCore

/// The trade-off between the objective f and a second quantity g by the ε-constraint method
/// (Haimes, Lasdon & Wismer 1971): g's range [g_best, g_at_f_optimum] is found by optimising g
/// alone (under the problem's constraints) and f alone; then f is optimised again with g bounded
/// by each of K levels ε spread evenly over that range (g ≤ ε when g is minimised, g ≥ ε when
/// maximised). Every run shares the evaluator, so a point met again is not simulated again.
public struct ParetoFront: Sendable {
    public var second: OptimizationObjective
    /// The front: one optimisation per ε level, in order from g's best to f's optimum.
    public var points: [(epsilon: Double, result: OptimizationResult)]

    /// Runs the K + 2 optimisations. Precondition: k ≥ 2.
    public static func run(
        optimizer: ProtocolOptimizer, second: OptimizationObjective, points k: Int, jobs: Int
    ) -> ParetoFront {
        precondition(k >= 2)
        let alone = optimizer.run(jobs: jobs)
        let secondAlone = optimizer.run(objective: second, jobs: jobs)
        let problem = optimizer.problem
        func secondValue(_ r: OptimizationResult) -> Double {
            let point = optimizer.evaluator.evaluate([problem.overrides(r.optimum.values)])[0]
            guard case .success(let p) = point else { return .nan }
            return second.quantity.value(p)
        }
        let low = secondValue(secondAlone)
        let high = secondValue(alone)
        var front: [(Double, OptimizationResult)] = []
        for i in 0..<k {
            let epsilon = low + (high - low) * Double(i) / Double(k - 1)
            let bound =
                second.sense == .minimize
                ? ConstraintBound(lower: nil, upper: epsilon) : ConstraintBound(lower: epsilon, upper: nil)
            let r = optimizer.run(extra: [OptimizationConstraint(quantity: second.quantity, bound: bound)], jobs: jobs)
            front.append((epsilon, r))
        }
        return ParetoFront(second: second, points: front)
    }

    /// `pareto.csv`: per ε level, whether a feasible point was found, f, g, the variables and the
    /// protocol assignments.
    public func csv(problem: OptimizationProblem) -> CSVTable {
        var table = CSVTable(
            header: [
                "point", "epsilon", "feasible", "objective_\(problem.objective.quantity.label)", second.quantity.label,
            ]
                + problem.variables.map(\.key) + ["assignments"])
        for (i, p) in points.enumerated() {
            let best = p.result.optimum
            table.append(
                [
                    .integer(i), .number(p.epsilon), .flag(best.feasible), OptimizationReport.field(best.objective),
                    OptimizationReport.field(best.constraintValues.last ?? .nan),
                ]
                    + best.values.map { .number($0) } + [.text(problem.assignments(best.values).joined(separator: " "))]
            )
        }
        return table
    }
}
