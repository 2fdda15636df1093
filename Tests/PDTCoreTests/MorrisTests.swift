import Foundation
import Testing

@testable import PDTCore
@testable import PDTStudies

@Suite("Morris screening")
struct MorrisTests {
    @Test("trajectories move one input by ±Δ per step, on the grid")
    func trajectories() {
        let design = MorrisDesign(dimensions: 4, trajectories: 10, levels: 4, seed: 5)
        let d = 4
        #expect(design.runCount == 50)
        for t in 0..<10 {
            var moved = Set<Int>()
            for step in 0..<d {
                let before = (t * (d + 1) + step) * d
                let changes = (0..<d).filter { design.grid[before + d + $0] != design.grid[before + $0] }
                #expect(changes.count == 1)
                let k = changes[0]
                moved.insert(k)
                let step: Double = abs(design.grid[before + d + k] - design.grid[before + k])
                #expect(abs(step - 2.0 / 3) < 1e-12)
            }
            #expect(moved.count == d)
        }
        #expect(design.grid.allSatisfy { $0 >= 0 && $0 <= 1 + 1e-12 })
        // Levels map to the quantiles 1/8, 3/8, 5/8, 7/8: never the infinite ends.
        #expect(
            Set((0..<design.runCount).flatMap { design.unitPoint($0) }.map { ($0 * 8).rounded() }).isSubset(of: [
                1, 3, 5, 7,
            ]))
        #expect(MorrisDesign.problem(dimensions: 2, trajectories: 10, levels: 3) != nil)
    }

    @Test("known effects and ranking")
    func knownRanking() {
        // y = 10u₁ − 5u₂ + u₃ + 4u₁u₄ + 0·u₅: the linear inputs have exact effects c(1 − 1/p)/… in
        // grid units: u changes by Δ(1 − 1/p) when g changes by Δ, so EE = c(1 − 1/p) = 0.75c.
        let design = MorrisDesign(dimensions: 5, trajectories: 20, levels: 4, seed: 8)
        let outputs = (0..<design.runCount).map { run -> Double in
            let u = design.unitPoint(run)
            return 10 * u[0] - 5 * u[1] + u[2] + 4 * u[0] * u[3]
        }
        let m = MorrisAnalysis.indices(design: design, outputs: outputs, seed: 2)
        #expect(abs(m[1].mu + 3.75) < 1e-9 && abs(m[1].muStar - 3.75) < 1e-9 && m[1].sigma < 1e-9)
        #expect(abs(m[2].mu - 0.75) < 1e-9 && m[2].sigma < 1e-9)
        #expect(m[4].muStar == 0 && m[4].sigma == 0)
        #expect(m[3].sigma > 0.1)
        let ranking = (0..<5).sorted { m[$0].muStar > m[$1].muStar }
        #expect(ranking == [0, 1, 3, 2, 4])
        #expect(m[0].muStarConfidence > 0)
    }
}
