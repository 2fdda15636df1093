import PDTCore
import PDTNumerics

/// The files `pdtsim optimize` writes from a result.
public struct OptimizationReport: Sendable {
    public let result: OptimizationResult
    public let evaluator: ProtocolEvaluator

    public init(result: OptimizationResult, evaluator: ProtocolEvaluator) {
        self.result = result
        self.evaluator = evaluator
    }

    var problem: OptimizationProblem { result.problem }

    /// Relative slack below which a constraint counts as active: 1 % of its scale.
    public static let activeFraction = 0.01

    /// The optimal protocol, as a protocol model file that `pdtsim simulate --protocol` runs.
    public func optimumProtocol() throws(ModelError) -> ProtocolDefinition {
        var definition = problem.base
        try definition.apply(problem.overrides(result.optimum.values), sections: evaluator.library)
        definition.name = "\(problem.name)-optimum"
        definition.description =
            "Optimum of \(problem.name) (\(problem.objective.sense.rawValue) \(problem.objective.quantity.label)): "
            + problem.assignments(result.optimum.values).joined(separator: ", ")
        return definition
    }

    /// `optimum.json`: the status (`optimal` only when proven by enumeration, else `best found`) and
    /// why, the chosen values, the objective, every constraint with value, slack and whether it is
    /// active (slack within 1 % of its scale) or binding (a point tried with a better objective
    /// violates it), the search's cost and versions.
    public var optimumJSON: JSONOutput {
        let best = result.optimum
        let better = result.evaluations.filter { e in
            e.failure == nil
                && (problem.objective.sense == .minimize ? e.objective < best.objective : e.objective > best.objective)
        }
        let constraints: [JSONOutput] = problem.constraints.enumerated().map { i, c in
            let value = best.constraintValues[i]
            let slack = c.bound.slack(value)
            let binding = better.contains { c.bound.violation($0.constraintValues[i]) > 0 }
            return .object([
                ("quantity", .string(c.quantity.label)), ("lower", c.bound.lower.map { .number($0) } ?? .null),
                ("upper", c.bound.upper.map { .number($0) } ?? .null), ("value", .number(value)),
                ("slack", .number(slack)), ("active", .bool(slack <= Self.activeFraction * c.bound.scale)),
                ("binding", .bool(binding)),
            ])
        }
        let searches: [JSONOutput] = result.search.localSearches.map { s in
            .object([
                ("method", .string(s.method)), ("start", .array(s.start.map { .number($0) })),
                ("end", .array(s.end.map { .number($0) })), ("status", .string(s.status)),
                ("iterations", .integer(s.iterations)), ("evaluations", .integer(s.evaluations)),
            ])
        }
        let m = problem.method
        return .object([
            ("name", .string(problem.name)), ("file", .string(problem.origin)),
            ("status", .string(result.search.status.rawValue)), ("status_reason", .string(result.search.statusReason)),
            ("variables", .object(zip(problem.variables, best.values).map { ($0.key, .number($1)) })),
            (
                "objective",
                .object([
                    ("sense", .string(problem.objective.sense.rawValue)),
                    ("quantity", .string(problem.objective.quantity.label)), ("value", .number(best.objective)),
                ])
            ),
            ("constraints", .array(constraints)), ("strategy", .string(result.search.strategy)),
            ("evaluations", .integer(result.evaluations.count)),
            ("model_evaluations", .integer(result.modelEvaluations)),
            ("starts", .integer(result.search.localSearches.count)), ("local_searches", .array(searches)),
            (
                "method",
                .object([
                    ("samples", .integer(m.samples)), ("starts", .integer(m.starts)), ("seed", .integer(Int(m.seed))),
                    ("size_tolerance", .number(m.sizeTolerance)), ("max_evaluations", .integer(m.maxEvaluations)),
                    ("enumeration_limit", .integer(m.enumerationLimit)), ("penalty", .number(m.penalty)),
                    ("initial_step", .number(m.initialStep)),
                ])
            ),
            ("assignments", .array(problem.assignments(best.values).map { .string($0) })),
            (
                "versions",
                .object([("pdtsim", .string(SimulationReport.pdtsimVersion)), ("gsl", .string(GSL.version))])
            ),
        ])
    }

    /// `evaluations.csv`: every distinct point tried, in the order tried.
    public var evaluationsCSV: CSVTable {
        var table = CSVTable(
            header: ["index"] + problem.variables.map(\.key) + [
                "feasible", "objective_\(problem.objective.quantity.label)",
            ] + problem.constraints.map(\.quantity.label) + ["failure"])
        for (i, e) in result.evaluations.enumerated() {
            table.append(
                [.integer(i)] + e.values.map { .number($0) } + [.flag(e.feasible), Self.field(e.objective)]
                    + e.constraintValues.map(Self.field) + [e.failure.map { .text($0) } ?? .missing])
        }
        return table
    }

    static func field(_ x: Double) -> CSVTable.Field { x.isNaN || x.isInfinite ? .missing : .number(x) }
}
