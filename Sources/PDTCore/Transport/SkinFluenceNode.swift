import Synchronization

/// The Monte Carlo result at one wavelength node of a skin table: the fluence cell means
/// ⟨φ/E⟩_j of every partition cell of `FluenceCells` with their standard errors, and the packets
/// run.
package struct SkinFluenceNode: Sendable, Equatable {
    var photons: Int
    var means: [Double]
    var standardErrors: [Double]
    /// True when the node stopped because its step budget ran out before its precision was met.
    var exhausted = false
    /// Packet steps taken (0 for a node read from the cache).
    var steps = 0

    /// Runs the transport of `medium` at one node with `precision`, in batches of
    /// `SkinFluenceTable.batchPhotons` packets whose streams are keyed by (`seed`, batch index):
    /// one thread, so the result depends on nothing but the inputs. `required(means)` gives the
    /// partition cells a target RSE applies to. Every batch's packet steps (the work, the same on
    /// any machine) are charged to `budget`, shared by the table's nodes: once it is spent the
    /// node stops, marked `exhausted`.
    static func run(
        medium: LayeredMedium, cells: FluenceCells, precision: MonteCarloOptics.Precision, seed: UInt64,
        budget: StepBudget? = nil, required: ([Double]) -> [Int]
    ) -> SkinFluenceNode {
        let last = medium.layers[medium.layers.count - 1]
        let transportPath = 1 / (last.muaPerCm + last.musPerCm * (1 - last.anisotropyG))
        let deepest = cells.boundaries[cells.boundaries.count - 1]
        let kernel = CellPhotonTransport(
            medium: medium, cells: cells, rouletteDepthCm: deepest + SkinFluenceTable.rouletteMargin * transportPath,
            rouletteStepCm: transportPath)
        let widths = (0..<cells.count).map { cells.extent($0).high - cells.extent($0).low }
        var statistics = BatchStatistics()
        let cap: Int
        var target = 0.0
        switch precision {
        case .photons(let n): cap = n
        case .targetRSE(let r, let maxPhotons):
            cap = maxPhotons
            target = r
        }
        var steps = 0
        func node() -> SkinFluenceNode {
            SkinFluenceNode(
                photons: statistics.photons, means: widths.indices.map { statistics.mean($0) / widths[$0] },
                standardErrors: widths.indices.map { statistics.standardError($0) / widths[$0] }, steps: steps)
        }
        var batch = 0
        while statistics.photons < cap {
            let count = min(SkinFluenceTable.batchPhotons, cap - statistics.photons)
            let run = kernel.run(photons: count, seed: seed, batch: batch)
            statistics.add(run.tracks, count: count)
            steps += run.steps
            batch += 1
            if let budget, !budget.charge(run.steps) {
                var result = node()
                result.exhausted = true
                return result
            }
            guard target > 0, batch >= SkinFluenceTable.minimumBatches,
                (batch - SkinFluenceTable.minimumBatches) % SkinFluenceTable.checkBatches == 0
            else { continue }
            let result = node()
            let worst =
                required(result.means).map { j in
                    result.means[j] > 0 ? result.standardErrors[j] / result.means[j] : .infinity
                }.max() ?? 0
            if worst <= target { return result }
        }
        return node()
    }
}

/// The packet steps a whole table may take, shared by its nodes on every thread.
///
/// Whether a table fits does not depend on the threads: the steps of a table run to the end are a
/// fixed total T, and the running sum of the charges never exceeds T, so a table with T ≤ bound is
/// never stopped and one with T > bound always is (which node stops first, and where, may differ;
/// such a table is refused as a whole, never used or cached).
final class StepBudget: Sendable {
    let bound: Int
    private let spent = Atomic<Int>(0)

    init(bound: Int) { self.bound = bound }

    /// Adds `steps`; false once the total exceeds the bound.
    func charge(_ steps: Int) -> Bool {
        spent.add(steps, ordering: .relaxed).newValue <= bound
    }
}
