import Foundation

/// The finite-volume depth grid of Models/MODEL.md §3: `count` cells over [0, L] with geometric widths
/// hₖ = h₀ rᵏ, h₀ = L (r − 1)/(rⁿ − 1) (h₀ = L/n when r = 1), faces at the partial sums and
/// centres midway. Lengths in cm.
public struct DepthGrid: Sendable, Hashable {
    public let depthCm: Double
    public let ratio: Double
    /// Face positions z₀ = 0 < z₁ < … < zₙ = L, cm.
    public let faces: [Double]
    /// Cell widths hₖ, cm.
    public let widths: [Double]
    /// Cell centres, cm.
    public let centres: [Double]

    public var count: Int { widths.count }

    /// Preconditions: `depthCm` > 0, `cells` ≥ 1, `ratio` ≥ 1 (checked on load, so a violation is a
    /// programming error).
    public init(depthCm: Double, cells: Int, ratio: Double) {
        precondition(depthCm > 0 && cells >= 1 && ratio >= 1)
        self.depthCm = depthCm
        self.ratio = ratio
        let first = ratio == 1 ? depthCm / Double(cells) : depthCm * (ratio - 1) / (pow(ratio, Double(cells)) - 1)
        var widths: [Double] = []
        var faces = [0.0]
        var width = first
        for _ in 0..<cells {
            widths.append(width)
            faces.append(faces[faces.count - 1] + width)
            width *= ratio
        }
        faces[cells] = depthCm
        self.widths = widths
        self.faces = faces
        self.centres = (0..<cells).map { (faces[$0] + faces[$0 + 1]) / 2 }
    }

    /// The length of cell k's overlap with the interval [low, high], cm.
    public func overlap(cell k: Int, low: Double, high: Double) -> Double {
        max(0, min(faces[k + 1], high) - max(faces[k], low))
    }

    /// Each cell's fraction inside [low, high]: overlap / hₖ.
    public func fractions(low: Double, high: Double) -> [Double] {
        (0..<count).map { min(1, overlap(cell: $0, low: low, high: high) / widths[$0]) }
    }

    /// Weights for the mean over the exact interval [low, high]: each cell's overlap divided by the
    /// total overlap, so Σ wₖ cₖ is the region mean of a cell-wise quantity c.
    public func meanWeights(low: Double, high: Double) -> [Double] {
        let overlaps = (0..<count).map { overlap(cell: $0, low: low, high: high) }
        let total = overlaps.reduce(0, +)
        precondition(total > 0, "region [\(low), \(high)] cm lies outside the grid")
        return overlaps.map { $0 / total }
    }
}
