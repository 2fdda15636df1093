import Foundation
import Testing

@testable import PDTCore

/// The minimiser layer on problems with known optima.
@Suite struct OptimizerTests {
    /// Rosenbrock's function (1 − x)² + 100(y − x²)², minimum 0 at (1, 1).
    static func rosenbrock(_ x: [Double]) -> Double {
        (1 - x[0]) * (1 - x[0]) + 100 * (x[1] - x[0] * x[0]) * (x[1] - x[0] * x[0])
    }

    @Test(arguments: [[-1.2, 1.0], [0.0, 0.0], [2.0, -1.0]])
    func nelderMeadFindsRosenbrockMinimum(start: [Double]) {
        let result = NelderMead.minimize(
            start: start,
            settings: SimplexSettings(initialSteps: [0.5, 0.5], sizeTolerance: 1e-8, maxIterations: 5000),
            objective: Self.rosenbrock)
        #expect(result.status == .converged)
        #expect(abs(result.x[0] - 1) < 1e-4 && abs(result.x[1] - 1) < 1e-4)
        #expect(result.value < 1e-8)
        #expect(result.evaluations > result.iterations)
    }

    @Test func nelderMeadStopsAtItsBudget() {
        let result = NelderMead.minimize(
            start: [-1.2, 1],
            settings: SimplexSettings(initialSteps: [0.5, 0.5], sizeTolerance: 1e-12, maxIterations: 5),
            objective: Self.rosenbrock)
        #expect(result.status == .budgetExhausted)
        #expect(result.iterations == 5)
    }

    @Test func sobolStartsAreSeededAndInTheUnitCube() {
        let a = MinimizerStarts.unitPoints(count: 32, dimension: 3, seed: 7)
        let b = MinimizerStarts.unitPoints(count: 32, dimension: 3, seed: 7)
        let c = MinimizerStarts.unitPoints(count: 32, dimension: 3, seed: 8)
        #expect(a == b && a != c)
        #expect(a.allSatisfy { $0.count == 3 && $0.allSatisfy { $0 >= 0 && $0 < 1 } })
        // Low discrepancy: each quarter of each axis holds 8 ± 1 of the 32 points (independent
        // uniform points would stray by ±2.4 for one standard deviation).
        for axis in 0..<3 {
            let counts = (0..<4).map { q in a.filter { Int($0[axis] * 4) == q }.count }
            #expect(counts.allSatisfy { (7...9).contains($0) })
        }
    }

    /// Evaluates serially, counting the points.
    static func evaluator(
        _ f: @escaping @Sendable ([Double]) -> PointOutcome
    ) -> ConstrainedSearch.Evaluator {
        { batch in batch.map(f) }
    }

    @Test func bothBoxBoundsAndRosenbrockFromMultistart() {
        let search = ConstrainedSearch(
            domains: [.interval(lower: -2, upper: 2), .interval(lower: -1, upper: 3)], bounds: [],
            settings: SearchSettings(samples: 8, starts: 3, sizeTolerance: 1e-7, maxEvaluations: 3000, jobs: 2))
        let result = search.run(
            evaluate: Self.evaluator { PointOutcome(objective: Self.rosenbrock($0), constraints: []) })
        let best = result.bestRecord
        #expect(abs(best.x[0] - 1) < 1e-3 && abs(best.x[1] - 1) < 1e-3)
        #expect(result.localSearches.count == 3)
        #expect(result.records.count <= 3000)
    }

    /// min (x − 2)² + (y − 1)² subject to x + y ≤ 2 (active) and x ≥ −5 (inactive):
    /// the optimum is the projection (1.5, 0.5), objective 0.5.
    @Test func constrainedQuadraticWithActiveAndInactiveConstraint() {
        let search = ConstrainedSearch(
            domains: [.interval(lower: -10, upper: 10), .interval(lower: -10, upper: 10)],
            bounds: [ConstraintBound(lower: nil, upper: 2), ConstraintBound(lower: -5, upper: nil)],
            settings: SearchSettings(samples: 16, starts: 3, sizeTolerance: 1e-8, maxEvaluations: 4000, jobs: 2))
        let run = {
            search.run(
                evaluate: Self.evaluator { x in
                    PointOutcome(
                        objective: (x[0] - 2) * (x[0] - 2) + (x[1] - 1) * (x[1] - 1), constraints: [x[0] + x[1], x[0]])
                })
        }
        let result = run()
        let best = result.bestRecord
        #expect(best.feasible)
        #expect(abs(best.x[0] - 1.5) < 1e-2 && abs(best.x[1] - 0.5) < 1e-2)
        #expect(abs(best.outcome!.objective - 0.5) < 1e-3)
        #expect(search.bounds[0].slack(best.outcome!.constraints[0]) < 1e-3)
        #expect(search.bounds[1].slack(best.outcome!.constraints[1]) > 5)
        // Deterministic whatever the threads did.
        #expect(run() == result)
    }

    /// min |x − 17.3| + |y − 4| over whole x ∈ [0, 100], y ∈ {0, 2, …, 40} with x ≤ 15:
    /// optimum (15, 4) by the pattern search (2,121 combinations), and by enumeration when allowed.
    @Test(arguments: [10, 5000])
    func integerProblem(enumerationLimit: Int) {
        let search = ConstrainedSearch(
            domains: [.lattice(lower: 0, upper: 100, step: 1), .lattice(lower: 0, upper: 40, step: 2)],
            bounds: [ConstraintBound(lower: nil, upper: 15)],
            settings: SearchSettings(
                samples: 8, starts: 3, maxEvaluations: 3000, enumerationLimit: enumerationLimit, jobs: 2))
        let result = search.run(
            evaluate: Self.evaluator { x in
                PointOutcome(objective: abs(x[0] - 17.3) + abs(x[1] - 4), constraints: [x[0]])
            })
        #expect(result.bestRecord.x == [15, 4])
        #expect(result.strategy == (enumerationLimit == 10 ? "multistart pattern" : "enumeration"))
        if enumerationLimit == 10 { #expect(result.records.count < 300) }
    }

    @Test func infeasibleProblemReportsLeastViolation() {
        let search = ConstrainedSearch(
            domains: [.interval(lower: 0, upper: 1)], bounds: [ConstraintBound(lower: 2, upper: nil)],
            settings: SearchSettings(samples: 4, starts: 1, maxEvaluations: 200))
        let result = search.run(evaluate: Self.evaluator { PointOutcome(objective: $0[0], constraints: [$0[0]]) })
        #expect(!result.bestRecord.feasible)
        #expect(result.bestRecord.x[0] > 0.99)
    }
}
