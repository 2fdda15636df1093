import Foundation
import PDTCore
import PDTModelFiles
import PDTNumerics

/// A brute-force check of an optimum: every point of a grid over the same variables (each
/// discrete variable's values, `valuesPerContinuous` evenly spaced values of each continuous one,
/// both bounds included) is run, and the best feasible grid point is compared with the optimum
/// found. Heavy: for release builds (`pdtsim optimize --check-grid N`), not for unit tests.
public struct OptimizationCheck: Sendable {
    public var gridPoints: Int
    public var feasibleGridPoints: Int
    /// The best feasible grid point's values and objective (nil: no feasible grid point).
    public var bestGridValues: [Double]?
    public var bestGridObjective: Double?
    public var reportedObjective: Double
    /// How much the best grid point beats the optimum, as a fraction of |optimum| (≤ 0: it does not).
    public var relativeExcess: Double
    /// The grid beats the optimum by no more than `tolerance` (1 %).
    public var passed: Bool
    public static let tolerance = 0.01

    /// The grid of `problem` with `valuesPerContinuous` values per continuous variable (≥ 2).
    public static func grid(_ problem: OptimizationProblem, valuesPerContinuous n: Int) -> [[Double]] {
        precondition(n >= 2)
        var points: [[Double]] = [[]]
        for v in problem.variables {
            let values: [Double]
            switch v.domain {
            case .values(let list): values = list
            case .interval(let lower, let upper):
                values = (0..<n).map { lower + (upper - lower) * Double($0) / Double(n - 1) }
            }
            points = points.flatMap { p in values.map { p + [$0] } }
        }
        return points
    }

    /// Runs the grid on `result`'s evaluator and compares.
    public static func run(
        _ result: OptimizationResult, evaluator: ProtocolEvaluator, valuesPerContinuous n: Int
    ) -> OptimizationCheck {
        let problem = result.problem
        let points = grid(problem, valuesPerContinuous: n)
        let outcomes = evaluator.evaluate(points.map(problem.overrides))
        let sign = problem.objective.sense == .maximize ? -1.0 : 1.0
        var feasible = 0
        var best: (values: [Double], objective: Double)?
        for (x, outcome) in zip(points, outcomes) {
            guard case .success(let point) = outcome else { continue }
            let ok = problem.constraints.allSatisfy { $0.bound.violation($0.quantity.value(point)) == 0 }
            guard ok else { continue }
            feasible += 1
            let f = problem.objective.quantity.value(point)
            if best == nil || sign * f < sign * best!.objective { best = (x, f) }
        }
        let reported = result.optimum.objective
        let excess = best.map { sign * (reported - $0.objective) / max(abs(reported), 1e-12) } ?? -.infinity
        return OptimizationCheck(
            gridPoints: points.count, feasibleGridPoints: feasible, bestGridValues: best?.values,
            bestGridObjective: best?.objective, reportedObjective: reported, relativeExcess: excess,
            passed: excess <= tolerance)
    }

    /// One line for a report.
    public var summary: String {
        let grid = bestGridObjective.map { String(format: "%.6g", $0) } ?? "none"
        let at = bestGridValues.map { " at " + $0.map(formatNumber).joined(separator: ", ") } ?? ""
        return
            "brute-force grid of \(gridPoints) points (\(feasibleGridPoints) feasible): best \(grid)\(at); optimum \(String(format: "%.6g", reportedObjective)); grid better by \(String(format: "%.3g", max(relativeExcess, 0) * 100)) % of the objective: \(passed ? "pass" : "FAIL") (tolerance 1 %)"
    }
}

/// A brute-force grid found a feasible point better than the reported optimum by more than
/// `OptimizationCheck.tolerance`: the search's answer is not the optimum. Exit status 8.
public struct OptimizationCheckFailed: Error, Sendable, CustomStringConvertible {
    public var check: OptimizationCheck
    /// `--check-grid N`.
    public var valuesPerContinuous: Int
    /// The best grid point's `--set` assignments.
    public var gridAssignments: [String]

    public init(check: OptimizationCheck, valuesPerContinuous: Int, gridAssignments: [String]) {
        self.check = check
        self.valuesPerContinuous = valuesPerContinuous
        self.gridAssignments = gridAssignments
    }

    public var description: String {
        "--check-grid \(valuesPerContinuous): the brute-force grid of \(check.gridPoints) points has a feasible point (\(gridAssignments.joined(separator: ", "))) reaching \(String(format: "%.6g", check.bestGridObjective ?? .nan)), better than the reported optimum \(String(format: "%.6g", check.reportedObjective)) by \(String(format: "%.3g", check.relativeExcess * 100)) % of the objective; expected at most \(formatNumber(OptimizationCheck.tolerance * 100)) % (raise method.max_evaluations, method.samples or method.starts)"
    }
}

/// The timing entry of `pdtsim benchmark` for the shipped optimisations: wall time and cost of one
/// optimisation file.
public struct OptimizationTiming: Sendable {
    public var name: String
    public var seconds: Double
    public var evaluations: Int
    public var modelEvaluations: Int
    public var feasible: Bool
    public var objective: Double

    /// Runs the optimisation in `path` on `jobs` threads and times it (from reading the file).
    public static func measure(path: String, library: ModelLibrary, jobs: Int) throws(ModelError) -> OptimizationTiming
    {
        let start = Date()
        let problem = try OptimizationFile.load(path, library: library)
        let evaluator = ProtocolEvaluator(
            library: library, data: try library.referenceData(), base: problem.base, jobs: jobs)
        let result = ProtocolOptimizer(problem: problem, evaluator: evaluator).run(jobs: jobs)
        return OptimizationTiming(
            name: problem.name, seconds: Date().timeIntervalSince(start), evaluations: result.evaluations.count,
            modelEvaluations: result.modelEvaluations, feasible: result.isFeasible, objective: result.optimum.objective)
    }

    /// The shipped optimisation files (`Models/optimizations/*.json`), sorted.
    public static func shipped(library: ModelLibrary) -> [String] {
        library.presetNames(directory: "optimizations").map { library.presetPath(directory: "optimizations", name: $0) }
    }
}
