import Foundation
import Testing

@testable import PDTCore

/// Models/MODEL.md §3: the geometric finite-volume grid and region weights.
@Suite struct GridTests {
    let grid = DepthGrid(depthCm: 0.3, cells: 60, ratio: 1.06)

    @Test func geometricWidthsCoverTheDepth() {
        #expect(close(grid.widths[0], 5.6e-4, relative: 0.01))
        #expect(close(grid.widths.reduce(0, +), 0.3, relative: 1e-12))
        #expect(grid.faces.last == 0.3)
        for k in 1..<grid.count { #expect(close(grid.widths[k] / grid.widths[k - 1], 1.06, relative: 1e-12)) }
        for k in 0..<grid.count { #expect(close(grid.centres[k], grid.faces[k] + grid.widths[k] / 2, relative: 1e-12)) }
    }

    @Test func uniformGridWhenTheRatioIsOne() {
        let uniform = DepthGrid(depthCm: 1, cells: 4, ratio: 1)
        #expect(uniform.widths == [0.25, 0.25, 0.25, 0.25])
    }

    @Test func regionFractionsAndMeanWeights() {
        let fractions = grid.fractions(low: 0.03, high: 0.10)
        let weights = grid.meanWeights(low: 0.03, high: 0.10)
        #expect(close(weights.reduce(0, +), 1, relative: 1e-12))
        let covered = zip(fractions, grid.widths).map { $0 * $1 }.reduce(0, +)
        #expect(close(covered, 0.07, relative: 1e-12))
        #expect(fractions.allSatisfy { $0 >= 0 && $0 <= 1 })
        // The mean of a linear profile c = z over the interval is its midpoint, up to the cell-centre
        // discretisation inside partly covered cells.
        let mean = zip(weights, grid.centres).map { $0 * $1 }.reduce(0, +)
        #expect(close(mean, 0.065, relative: 0.01))
    }
}
