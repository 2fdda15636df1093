/// The depth cells in which the skin table scores the fluence: one cell around each requested depth,
/// laid out as a contiguous partition of [0, b_K) so that a photon flight can be walked through it.
///
/// Depth z_k (sorted, distinct) gets the cell [z_k − h_k, z_k + h_k] ∩ [0, ∞) with half-width
/// h_k = min(max(0.1·z_k, 5 µm), half the gap to each neighbour): about ±10 % of the depth, never
/// wider than the neighbours allow, and 5 µm at least (so the surface depth 0 has the cell
/// [0, 5 µm]). Gaps between the cells are filler cells, scored and ignored. The fluence at z_k is
/// then f(z_k) = f_D(z_k) · ⟨f_MC⟩_k / ⟨f_D⟩_k: the Monte Carlo cell mean corrected by the shape of
/// the diffusion fluence f_D over the cell (`SkinFluenceTable`), which removes the bias
/// f″h²/6 of a cell mean to the extent both curve alike.
package struct FluenceCells: Sendable, Equatable {
    /// Partition boundaries b₀ = 0 < b₁ < … < b_K in cm; cell j is [b_j, b_{j+1}).
    let boundaries: [Double]
    /// The partition cell of each depth (in the order of `depthsCm`).
    let cellOfDepth: [Int]
    /// The depths in cm as given.
    let depthsCm: [Double]

    /// The smallest half-width of a cell in cm (5 µm).
    static let minimumHalfWidthCm = 0.0005
    /// The half-width of a cell as a fraction of its depth, before the neighbours limit it.
    static let relativeHalfWidth = 0.1

    /// Precondition: every depth ≥ 0 and finite.
    init(depthsCm: [Double]) {
        precondition(depthsCm.allSatisfy { $0 >= 0 && $0.isFinite }, "depths ≥ 0")
        let sorted = Array(Set(depthsCm)).sorted()
        var intervals: [(low: Double, high: Double)] = []
        for (k, z) in sorted.enumerated() {
            var h = max(Self.relativeHalfWidth * z, Self.minimumHalfWidthCm)
            if k > 0 { h = min(h, (z - sorted[k - 1]) / 2) }
            if k + 1 < sorted.count { h = min(h, (sorted[k + 1] - z) / 2) }
            intervals.append((max(0, z - h), z + h))
        }
        var boundaries = [0.0]
        var cellOfSorted: [Int] = []
        for interval in intervals {
            if interval.low > boundaries[boundaries.count - 1] { boundaries.append(interval.low) }
            cellOfSorted.append(boundaries.count - 1)
            boundaries.append(interval.high)
        }
        self.boundaries = boundaries
        self.depthsCm = depthsCm
        cellOfDepth = depthsCm.map { cellOfSorted[sorted.firstIndex(of: $0)!] }
    }

    /// The partition of the ascending `boundaries` (b₀ = 0) itself, each cell standing for its
    /// centre depth.
    init(boundaries: [Double]) {
        precondition(boundaries.first == 0 && zip(boundaries, boundaries.dropFirst()).allSatisfy { $0 < $1 })
        self.boundaries = boundaries
        depthsCm = zip(boundaries, boundaries.dropFirst()).map { ($0 + $1) / 2 }
        cellOfDepth = Array(depthsCm.indices)
    }

    /// The number of partition cells K.
    var count: Int { boundaries.count - 1 }

    /// The extent [low, high) of partition cell `j` in cm.
    func extent(_ j: Int) -> (low: Double, high: Double) { (boundaries[j], boundaries[j + 1]) }

    /// The partition cell holding depth `z` (0 ≤ z), or `count` below the last cell.
    func cell(of z: Double) -> Int {
        var low = 0
        var high = boundaries.count - 1
        if z >= boundaries[high] { return count }
        while high - low > 1 {
            let mid = (low + high) / 2
            if boundaries[mid] <= z { low = mid } else { high = mid }
        }
        return low
    }

    /// The text naming the cells in a cache key.
    var keyText: String { boundaries.map { "\($0)" }.joined(separator: ",") }
}
